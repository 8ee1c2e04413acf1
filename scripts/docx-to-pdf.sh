#!/usr/bin/env bash
# Turn letters' DOCX files into PDF with LibreOffice, as a check of how the editable letter lays
# out (Word and WPS are not on Linux): scripts/docx-to-pdf.sh OUT_DIR LETTER.docx...
# LibreOffice (Debian: libreoffice-writer-nogui, ~260 MB, not installed by setup.sh) maps the
# office font names the DOCX asks for (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体) to installed
# faces through templates/notice/office-fonts.conf; without it every Chinese run is one sans face.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -ge 2 ] || { echo "usage: scripts/docx-to-pdf.sh OUT_DIR LETTER.docx..." >&2; exit 2; }
out=$1; shift
command -v soffice >/dev/null 2>&1 || { echo "soffice not found: apt-get install libreoffice-writer-nogui" >&2; exit 2; }
mkdir -p "$out"
profile=$(mktemp -d)  # a fresh LibreOffice profile: no dialogs, no state from other runs
trap 'rm -rf "$profile"' EXIT
FONTCONFIG_FILE="$PWD/templates/notice/office-fonts.conf" \
  soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$@" 2>/dev/null

#!/usr/bin/env bash
# The system packages the letters' PDF route (`compliance notice --format pdf`, WeasyPrint) needs:
#   fonts-noto-cjk        CJK faces (黑体/宋体/小标宋 stand-ins); without them a PDF prints tofu boxes
#   libpango-1.0-0        text layout for WeasyPrint
#   libpangoft2-1.0-0     Pango's fontconfig/FreeType back end
#   libharfbuzz-subset0   font subsetting: without it a letter takes 6-10 s and embeds whole fonts
#   poppler-utils         pdffonts / pdftoppm, used by the tests to check the embedded fonts
# Installs with apt-get where it can (as root, on Debian/Ubuntu), running `apt-get update -qq`
# once first; otherwise it says what is missing and how to install it, and exits 0 (DOCX, HTML
# and Markdown letters need none of these; a PDF letter then fails naming the missing package).
set -euo pipefail

say() { printf '[setup-pdf] %s\n' "$*" >&2; }

packages=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

if ! command -v dpkg-query >/dev/null 2>&1; then
  say "not a Debian/Ubuntu system: install by hand a CJK font (Noto Sans/Serif CJK SC), Pango >= 1.44,"
  say "HarfBuzz's subset library and poppler's pdffonts/pdftoppm for PDF letters"
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  say "PDF letter packages present: ${packages[*]}"
  exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing with apt-get for PDF letters: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "installed: ${missing[*]}"
else
  say "missing for PDF letters: ${missing[*]}"
  say "install them with: sudo apt-get install ${missing[*]}"
  say "(DOCX, HTML and Markdown letters work without them; a PDF letter fails naming the missing package)"
fi

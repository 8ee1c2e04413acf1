#!/usr/bin/env bash
# The system packages the letters' PDF route (`compliance notice --format pdf`, WeasyPrint) needs:
#   fonts-noto-cjk        CJK faces (黑体/宋体/小标宋 stand-ins); without them a PDF prints tofu boxes
#   libpango-1.0-0        text layout for WeasyPrint
#   libpangoft2-1.0-0     Pango's fontconfig/FreeType back end
#   libharfbuzz-subset0   font subsetting: without it a letter takes 6-10 s and embeds whole fonts
#   poppler-utils         pdffonts / pdftoppm, used by the tests to check the embedded fonts
# and, optional (a failure is said, not fatal):
#   texlive-lang-chinese  the Fandol faces (FandolFang 仿宋, FandolHei 黑体, FandolKai 楷体, FandolSong
#                         宋体): the PDF's body in a real 仿宋 face, and about a third faster a letter
#                         (~10,000 glyphs a face to subset, against 65,535 in a Noto CJK face)
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

optional=(texlive-lang-chinese)
missing_optional=()
for p in "${optional[@]}"; do
  installed "$p" || missing_optional+=("$p")
done

if [ "${#missing[@]}" -eq 0 ] && [ "${#missing_optional[@]}" -eq 0 ]; then
  say "PDF letter packages present: ${packages[*]} ${optional[*]}"
  exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing with apt-get for PDF letters: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    say "installed: ${missing[*]}"
  fi
  if [ "${#missing_optional[@]}" -gt 0 ]; then
    say "installing with apt-get (optional: the Fandol faces of PDF letters): ${missing_optional[*]}"
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_optional[@]}" >/dev/null; then
      say "installed: ${missing_optional[*]}"
    else
      say "could not install ${missing_optional[*]}: PDF letters use Noto CJK SC alone (slower, no 仿宋 face)"
    fi
  fi
else
  [ "${#missing[@]}" -gt 0 ] && say "missing for PDF letters: ${missing[*]}"
  [ "${#missing_optional[@]}" -gt 0 ] && say "optional for PDF letters (Fandol faces): ${missing_optional[*]}"
  say "install them with: sudo apt-get install ${missing[*]} ${missing_optional[*]}"
  say "(DOCX, HTML and Markdown letters work without them; a PDF letter fails naming the missing package)"
fi

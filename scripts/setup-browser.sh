#!/usr/bin/env bash
# The headless browser the weekly report's test opens report.html in (tests/test_weekly_render.py):
#   chromium    Debian's package; the test runs it headless, checks the console for errors and
#               takes a screenshot
# Installs it with apt-get where it can (as root, on Debian/Ubuntu), running `apt-get update -qq`
# once first; otherwise it says what is missing and how to install it, and exits 0 (the browser
# test is then skipped with that reason; nothing else needs a browser).
set -euo pipefail

say() { printf '[setup-browser] %s\n' "$*" >&2; }

if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  say "chromium present"
  exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  say "not a Debian/Ubuntu system: install Chromium by hand for the weekly report's browser test (skipped without it)"
  exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing Debian's chromium with apt-get for the weekly report's browser test"
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
    say "installed: chromium"
  else
    say "could not install chromium: the browser test will be skipped"
  fi
else
  say "missing for the weekly report's browser test: chromium"
  say "install it with: sudo apt-get install chromium  (the test is skipped without it)"
fi

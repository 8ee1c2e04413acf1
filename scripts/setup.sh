#!/usr/bin/env bash
# Create (or reuse) the project's virtual environment in .venv and install the project into it.
#   scripts/setup.sh          runtime dependencies only
#   scripts/setup.sh test     also the test-only dependencies (pytest and the two calendar oracles)
#   scripts/setup.sh durable  also the optional durable-rules engine (builds from source with gcc)
# Needs Python >= 3.11. On a fresh Debian/Ubuntu machine it installs python3-venv if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

extra="${1:-}"
say() { printf '[setup] %s\n' "$*" >&2; }

pick_python() {
  for py in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
    [ -n "$py" ] || continue
    command -v "$py" >/dev/null 2>&1 || continue
    if "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  py=$(pick_python) || { say "no Python >= 3.11 found (set PYTHON=/path/to/python3.11)"; exit 2; }
  say "creating .venv with $py ($("$py" --version 2>&1))"
  if ! "$py" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      say "python venv support missing: installing Debian package python3-venv"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      "$py" -m venv .venv
    else
      say "cannot create a virtual environment: install python3-venv (apt-get install python3-venv)"; exit 2
    fi
  fi
fi

# the system packages of PDF letters (CJK fonts, Pango, HarfBuzz subsetting, poppler's tools)
bash scripts/setup-pdf.sh

stamp=".venv/.installed${extra:+-$extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  say "installing the project into .venv${extra:+ with the [$extra] extra}"
  .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
  .venv/bin/python -m pip install --quiet -e ".${extra:+[$extra]}"
  touch "$stamp"
else
  say ".venv is up to date"
fi

#!/usr/bin/env bash
# Install the project with its test dependencies into .venv, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
printf '[test] running pytest\n' >&2
exec .venv/bin/python -m pytest -q "$@"

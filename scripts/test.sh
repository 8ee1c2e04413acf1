#!/usr/bin/env bash
# Install the project with its test dependencies into .venv, then run the whole test suite.
# The durable-rules extra is installed too so that both engine backends are compared; where it
# cannot be built or imported (e.g. Python 3.13), its tests are skipped with the reason shown.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
if ! bash scripts/setup.sh durable; then
  printf '[test] durable-rules could not be installed here: the durable-backend tests will be skipped\n' >&2
fi
bash scripts/setup-browser.sh  # chromium for the weekly report's browser test (skipped without it)
printf '[test] running pytest\n' >&2
exec .venv/bin/python -m pytest -q "$@"

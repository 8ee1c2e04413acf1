#!/usr/bin/env bash
# The main job on the shipped samples: check the Hebi data-backup contract's half year of
# records as of 2026-12-31, print the findings, and write them as JSON and CSV under out/.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit $?

say() { printf '[check-samples] %s\n' "$*" >&2; }
mkdir -p out
args=(rulesets/hebi-backup samples/hebi-backup --as-of 2026-12-31)
say "compliance check ${args[*]}"
.venv/bin/compliance check "${args[@]}"
status=$?
if [ "$status" -le 1 ]; then
  .venv/bin/compliance check "${args[@]}" --format json -o out/hebi-backup.findings.json
  .venv/bin/compliance check "${args[@]}" --format csv -o out/hebi-backup.findings.csv
fi
case "$status" in
  0) say "no violations found" ;;
  1) say "violations found (exit status 1) — expected: the samples carry planted violations, see samples/README.md"
     status=0 ;;
  *) say "the check failed (exit status $status)" ;;
esac
exit "$status"

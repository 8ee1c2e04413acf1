#!/usr/bin/env bash
# The main job on the shipped samples: for every contract with samples (samples/<id>.expected.json
# names its ruleset, records and as-of date), run `compliance check` once, writing the findings as
# a table, JSON and CSV under out/, and print the table; then the weekly run over all of them
# (compliance run samples/weekly.yaml), writing out/weekly/.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit $?

say() { printf '[check-samples] %s\n' "$*" >&2; }
mkdir -p out
worst=0
for spec in samples/*.expected.json; do
  read -r ruleset records as_of map < <(.venv/bin/python -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["ruleset"], d["records"], d["as_of"], d.get("map") or "")' "$spec")
  name=$(basename "$ruleset")
  args=("$ruleset" "$records" --as-of "$as_of")
  [ -n "$map" ] && args+=(--map "$map")  # exports in their systems' own column names
  say "compliance check ${args[*]} --format table,json,csv -o out"
  # one evaluation, three files: out/<id>.findings.txt (printed below), .json (reads back), .csv
  .venv/bin/compliance check "${args[@]}" --format table,json,csv -o out
  status=$?
  [ "$status" -le 1 ] && cat "out/$name.findings.txt"
  case "$status" in
    0) say "$name: no violations found" ;;
    1) notes="samples/README.md"; [ -f "$records/README.md" ] && notes="$records/README.md"
       say "$name: violations found (exit status 1) — expected: the samples carry planted violations (see $notes)" ;;
    *) say "$name: the check failed (exit status $status)"; worst=2 ;;
  esac
  echo
done

# The vendor's self-check (compliance score) of the two contracts whose text holds a scoring table:
# 鹤壁数据备份 附件2 for 2026-H2 (the half-year's fee: 三.1's 116.4万元 a year, settled half-yearly,
# is 582000 yuan) and 安阳 附表1 for the first contract year (each project's fee from the unit
# prices of 第五条 and the sample quantities in samples/anyang.prices.yaml). The item table, the range, the grade,
# the fee effect with every deduction's evidence, and what to fix first; out/<id>.score.txt/.json/.html.
for spec in samples/hebi-backup.expected.json samples/anyang.expected.json; do
  read -r ruleset records as_of < <(.venv/bin/python -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["ruleset"], d["records"], d["as_of"])' "$spec")
  name=$(basename "$ruleset")
  case "$name" in
    hebi-backup) args=(--period 2026-H2 --fee 582000) ;;
    anyang) args=(--period 2023-06-28/2024-06-27 --prices samples/anyang.prices.yaml) ;;
  esac
  say "compliance score $ruleset $records --as-of $as_of ${args[*]}"
  ok=1
  for fmt in txt json html; do
    # the check's notices go to out/<id>.score.err (they are printed above for the check itself)
    .venv/bin/compliance score "$ruleset" "$records" --as-of "$as_of" "${args[@]}" -o "out/$name.score.$fmt" \
      2>"out/$name.score.err" || { ok=0; break; }
  done
  if [ "$ok" = 1 ]; then
    cat "out/$name.score.txt"
    say "$name: score written to out/$name.score.txt, .json and .html"
  else
    grep -v '^notice:' "out/$name.score.err" >&2 || true
    say "$name: the score failed (its messages are above and in out/$name.score.err)"; worst=2
  fi
  echo
done

# The weekly run over all five contracts (samples/weekly.yaml): history, new / still open /
# resolved, waivers and rulings (samples/waivers.yaml), letters for new violations, the report.
say "compliance run samples/weekly.yaml"
.venv/bin/compliance run samples/weekly.yaml
status=$?
case "$status" in
  0) say "weekly run: no open violations" ;;
  1) say "weekly run: open violations (exit status 1) — expected: the samples' planted violations" ;;
  *) say "weekly run: failed (exit status $status)"; worst=2 ;;
esac
if [ "$status" -le 1 ]; then
  say "run.json:      out/weekly/run.json (per contract: new, still open, regressed, waived, pending, to rule on, unknown, no longer found, resolved)"
  [ -f out/weekly/report.html ] && say "weekly report: out/weekly/report.html (and report.xlsx)"
  [ -d out/weekly/letters ] && say "letters:       out/weekly/letters/"
  say "history:       out/weekly/history.sqlite (running this again with the same as-of replaces that run)"
fi
exit "$worst"

#!/usr/bin/env bash
# Run tiendo on each hostile input of make.py and print a Markdown table row
# per input: time, peak memory (/usr/bin/time -v), exit code, first message.
# Usage: bench/hostile/run.sh TIENDO_BINARY [INPUT_DIR]
set -u
bin=$1
in=${2:-/tmp/hostile}
here=$(cd "$(dirname "$0")/../.." && pwd)
[ -d "$in" ] || python3 "$here/bench/hostile/make.py" "$in"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
row() { # name, then the command
  local name=$1; shift
  local log=$work/time.log
  /usr/bin/time -v -o "$log" "$@" >"$work/out" 2>"$work/err" </dev/null
  local code=$?
  local secs kb msg
  secs=$(grep -F "Elapsed (wall clock)" "$log" | awk '{print $NF}')
  kb=$(grep -F "Maximum resident set size" "$log" | awk '{print $NF}')
  msg=$(cat "$work/out" "$work/err" | grep -m1 -E "error|imported|check passed" | cut -c1-150 | sed 's/|/\\|/g')
  printf '| %s | %s | %s MB | %s | %s |\n' "$name" "$secs" "$((kb / 1024))" "$code" "$msg"
}
site() {
  rm -rf "$work/site"
  cp -r "$here/tests/fixtures/minimal" "$work/site"
}
for f in far-apart.xlsx far-rows.xlsx shared-strings-count.xlsx bomb.xlsx many-cells.xlsx far-apart.ods big.csv; do
  site
  cp "$in/$f" "$work/site/"
  row "import \`$f\` ($(du -h "$in/$f" | cut -f1))" "$bin" --color never import --site "$work/site" "$work/site/$f"
done
for f in alias-bomb.yaml brackets-200k.yaml brackets-9m.yaml dashes-100k.yaml indent-deep.yaml long-value.yaml many-values.yaml; do
  site
  cp "$in/$f" "$work/site/content/tasks/$f"
  row "check, \`content/tasks/$f\` ($(du -h "$in/$f" | cut -f1))" "$bin" --color never check "$work/site"
done

#!/usr/bin/env bash
# NaN and infinities never reach the output: eval and targets in every
# format, and explain in text and JSON, over data with huge values,
# overflowing sums and products, division by zero and missing cells
# (tests/bad/numbers/). Overflow and x / 0 are missing values, which
# print as empty cells or null.
#
#   no_nan.sh SCORE_BINARY NUMBERS_DIR
set -uo pipefail

score=${1:?usage: no_nan.sh SCORE_BINARY NUMBERS_DIR}
score=$(cd "$(dirname "$score")" && pwd)/$(basename "$score")
cd "${2:?usage: no_nan.sh SCORE_BINARY NUMBERS_DIR}" || exit 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
failed=0
runs=0

# run RULESET DATA: every command and format, appended to $out
run() {
  local rs=$1 data=$2 fmt key
  : >"$out"
  for fmt in table csv json; do
    "$score" eval "$rs" "$data" --format "$fmt" >>"$out" || return 1
    "$score" targets "$rs" "$data" --format "$fmt" >>"$out" || return 1
  done
  for key in $(tail -n +2 "$data" | cut -d, -f1 | head -n 8); do
    for fmt in text json; do
      "$score" explain "$rs" "$data" "$key" --format "$fmt" >>"$out" || return 1
    done
  done
}

for pair in extreme.yaml:extreme.csv meihao-xiangcun:meihao-xiangcun-missing.csv \
  zuzhi-zhenxing:zuzhi-zhenxing-missing.csv; do
  rs=${pair%%:*}
  data=${pair#*:}
  runs=$((runs + 1))
  if ! run "$rs" "$data" 2>/dev/null; then
    echo "FAIL $rs $data: a command failed"
    failed=$((failed + 1))
  elif grep -n -i -w -E 'nan|[+-]?inf|[+-]?infinity' "$out" | head -n 5 | grep .; then
    echo "FAIL $rs $data: NaN or an infinity in the output (above)"
    failed=$((failed + 1))
  fi
done
echo "no_nan: $((runs - failed)) passed, $failed failed"
((failed == 0))

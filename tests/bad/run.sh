#!/usr/bin/env bash
# The bad-input corpus: every file must be refused with exactly the error
# line stored beside it, with exit code 1, and never crash.
#
#   run.sh SCORE_BINARY [BAD_DIR]
#
# data/NAME.csv       is read by `score eval meihao-xiangcun data/NAME.csv`
# rulesets/NAME.yaml  is loaded by `score check rulesets/NAME.yaml` (.json too)
# NAME.expected       holds the first line the command prints on stderr.
# NAME.pending        instead marks input that is accepted today though it
#                     should not be (see tests/bad/README.md): it must not
#                     crash, and the line it should give is stored there.
# Large inputs (10,000 criteria and the like) are generated into a
# temporary directory rather than stored.
set -uo pipefail

score=${1:?usage: run.sh SCORE_BINARY [BAD_DIR]}
dir=${2:-$(dirname "${BASH_SOURCE[0]}")}
score=$(cd "$(dirname "$score")" && pwd)/$(basename "$score")
cd "$dir" || exit 2

passed=0
failed=0
pending=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check NAME WANT_LINE WANT_RC COMMAND...
check() {
  local name=$1 want=$2 want_rc=$3
  shift 3
  "$@" >/dev/null 2>"$tmp/stderr"
  local rc=$?
  local got
  got=$(head -n 1 "$tmp/stderr")
  if ((rc >= 126)); then
    echo "FAIL $name: exit code $rc (a crash?)"
    sed -n 1,20p "$tmp/stderr"
    failed=$((failed + 1))
  elif [[ $rc != "$want_rc" || $got != "$want" ]]; then
    echo "FAIL $name"
    echo "  want (exit $want_rc): $want"
    echo "  got  (exit $rc): $got"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
}

# run_corpus SUBDIR COMMAND...: the file is appended to the command
run_corpus() {
  local sub=$1
  shift
  local f base
  for f in "$sub"/*; do
    case "$f" in *.expected|*.pending) continue ;; esac
    base=${f%.*}
    if [[ -f $base.expected ]]; then
      check "$f" "$(cat "$base.expected")" 1 "$@" "$f"
    elif [[ -f $base.pending ]]; then
      "$@" "$f" >/dev/null 2>&1
      local rc=$?
      if ((rc >= 126)); then
        echo "FAIL $f: exit code $rc (a crash?)"
        failed=$((failed + 1))
      else
        echo "pending $f: accepted today; should say: $(cat "$base.pending")"
        pending=$((pending + 1))
      fi
    else
      echo "FAIL $f: no $base.expected"
      failed=$((failed + 1))
    fi
  done
}

run_corpus data "$score" eval meihao-xiangcun
run_corpus rulesets "$score" check

# ---- generated: counts at and past the default limits (SECURITY.md) ----
cd "$tmp" || exit 2
head='ruleset: big\nkey: id\nfields:\n  id: {type: text}\n  x: {type: number}\n'

# N criteria
criteria() {
  printf "$head"'criteria:\n'
  awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "  c%d: x > %d\n", i, i }'
}
criteria 10000 >criteria-10000.yaml
check criteria-10000.yaml "" 0 "$score" check criteria-10000.yaml
criteria 10001 >criteria-10001.yaml
check criteria-10001.yaml \
  "criteria-10001.yaml:7:3: more than 10000 criteria (limit criteria)" 1 \
  "$score" check criteria-10001.yaml

{
  printf 'ruleset: big\nkey: id\nfields:\n'
  awk 'BEGIN { printf "  id: {type: text}\n"; for (i = 1; i <= 10000; i++) printf "  f%d: {type: number}\n", i }'
} >fields-10001.yaml
check fields-10001.yaml \
  "fields-10001.yaml:4:3: more than 10000 fields (limit fields)" 1 "$score" check fields-10001.yaml

{
  printf 'ruleset: big\nkey: id\nfields:\n  id: {type: text}\n'
  for f in a b; do
    printf '  %s: {type: number, years: [' "$f"
    awk 'BEGIN { for (y = 1000; y < 7000; y++) printf "%s%d", (y > 1000 ? ", " : ""), y }'
    printf ']}\n'
  done
} >columns-12001.yaml
check columns-12001.yaml \
  "columns-12001.yaml:6:3: more than 10000 columns (limit fields; a field with years has a column for each)" \
  1 "$score" check columns-12001.yaml

{
  printf "$head"'tiers:\n  levels:\n'
  awk 'BEGIN { for (i = 0; i <= 1000; i++) printf "    - {id: l%d}\n", i }'
} >levels-1001.yaml
check levels-1001.yaml \
  "levels-1001.yaml:8:5: more than 1000 tier levels (limit tier_levels)" 1 "$score" check levels-1001.yaml

{
  printf "$head"'targets:\n'
  awk 'BEGIN { for (i = 0; i <= 10000; i++) printf "  - {id: t%d, require: count() >= %d}\n", i, i }'
} >targets-10001.yaml
check targets-10001.yaml \
  "targets-10001.yaml:7:3: more than 10000 targets (limit targets)" 1 "$score" check targets-10001.yaml

# 16 MiB and one byte: a comment line of 80 bytes repeated, after the header
{
  printf "$head"
  awk 'BEGIN { line = sprintf("#%078d", 0); for (i = 0; i < 209716; i++) print line }'
} >document-16mib.yaml
check document-16mib.yaml \
  "$(awk 'BEGIN { n = 16777216 - 68; printf "document-16mib.yaml:%d:%d: document longer than 16777216 bytes (limit document_bytes)", 6 + int(n / 80), 1 + n % 80 }')" \
  1 "$score" check document-16mib.yaml

echo "bad inputs: $passed passed, $failed failed, $pending pending"
((failed == 0))

#!/usr/bin/env bash
# Golden tests of the score CLI.
#
#   tests/cli/run.sh SCORE_BIN CLI_DIR [CASE...]
#
# Each case is a directory CLI_DIR/cases/NAME/ holding
#   cmd     the arguments of score, on one line, split as the shell would
#           (quotes allowed); paths are relative to CLI_DIR, where score runs
#   stdout  the exact expected standard output
#   stderr  the exact expected standard error (optional: absent = not checked)
#   status  the expected exit status (a number)
# Prints PASS NAME or FAIL NAME with a diff, then "N passed, M failed";
# exits non-zero if any case failed. Give case names to run only those.
set -euo pipefail

if (($# < 2)); then
  echo "usage: $0 SCORE_BIN CLI_DIR [CASE...]" >&2
  exit 2
fi
score_bin=$1
cli_dir=$2
shift 2
case $score_bin in /*) ;; *) score_bin=$PWD/$score_bin ;; esac
cd "$cli_dir"

if (($# > 0)); then
  cases=("$@")
else
  cases=()
  for d in cases/*/; do
    d=${d%/}
    cases+=("${d#cases/}")
  done
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
for name in "${cases[@]}"; do
  dir=cases/$name
  if [[ ! -f $dir/cmd || ! -f $dir/status || ! -f $dir/stdout ]]; then
    echo "FAIL $name"
    echo "  $dir needs cmd, stdout and status files"
    failed=$((failed + 1))
    continue
  fi
  cmdline=$(head -n 1 "$dir/cmd")
  eval "set -- $cmdline"
  status=0
  "$score_bin" "$@" >"$tmp/stdout" 2>"$tmp/stderr" || status=$?
  want_status=$(tr -d '[:space:]' <"$dir/status")
  ok=1
  report=""
  if [[ $status != "$want_status" ]]; then
    ok=0
    report+="  exit status: expected $want_status, got $status"$'\n'
  fi
  if ! diff -u --label "expected stdout" --label "actual stdout" "$dir/stdout" "$tmp/stdout" >"$tmp/diff"; then
    ok=0
    report+=$(cat "$tmp/diff")$'\n'
  fi
  if [[ -f $dir/stderr ]] &&
    ! diff -u --label "expected stderr" --label "actual stderr" "$dir/stderr" "$tmp/stderr" >"$tmp/diff"; then
    ok=0
    report+=$(cat "$tmp/diff")$'\n'
  fi
  if ((ok)); then
    echo "PASS $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    echo "  score $cmdline"
    printf '%s' "$report"
    if [[ ! -f $dir/stderr && -s $tmp/stderr ]]; then
      echo "  (stderr, not checked:)"
      sed 's/^/  | /' "$tmp/stderr"
    fi
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
((failed == 0))

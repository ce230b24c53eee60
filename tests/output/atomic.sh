#!/bin/bash
# -o FILE appears whole or not at all: a failed or interrupted write leaves
# the previous file as it was and no temporary beside it; a write error is
# exit 1 with the path.
#   atomic.sh SCORE_BIN EXAMPLES_DIR
set -u
score=$1
data=$2/data/district/meihao-xiangcun.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

out=$work/r.csv
"$score" eval meihao-xiangcun "$data" --format csv -o "$out" || fail "first write"
"$score" eval meihao-xiangcun "$data" --format csv > "$work/want.csv"
cmp -s "$out" "$work/want.csv" || fail "-o wrote other bytes than standard output"
cp "$out" "$work/before.csv"
# made as any new file is (0666 less the umask), not private to its writer
(umask 022; "$score" eval meihao-xiangcun "$data" -o "$work/mode.txt")
[ "$(stat -c %a "$work/mode.txt")" = 644 ] || fail "mode $(stat -c %a "$work/mode.txt"), expected 644"

# a failure after the command started (a kept column that is no field)
if "$score" eval meihao-xiangcun "$data" --format csv --keep 村明 -o "$out" 2> "$work/err"; then
    fail "a bad --keep succeeded"
fi
cmp -s "$out" "$work/before.csv" || fail "a failed run changed the previous file"
ls "$work" | grep -q 'tmp-' && fail "a temporary was left behind: $(ls "$work")"

# a file too large for the system (as a full disk): exit 1, the path named
(
    trap '' XFSZ
    ulimit -f 1
    "$score" eval meihao-xiangcun "$data" --format json -o "$out" 2> "$work/err"
    echo $? > "$work/status"
)
[ "$(cat "$work/status")" = 1 ] || fail "a failed write: exit $(cat "$work/status"), expected 1"
grep -q "$out" "$work/err" || fail "a failed write does not name the path: $(cat "$work/err")"
cmp -s "$out" "$work/before.csv" || fail "a failed write changed the previous file"
ls "$work" | grep -q 'tmp-' && fail "a failed write left a temporary: $(ls "$work")"

# a directory that cannot be written: exit 1, the path named
if "$score" eval meihao-xiangcun "$data" -o "$work/no/such/dir/r.csv" 2> "$work/err"; then
    fail "writing into a missing directory succeeded"
fi
grep -q "no/such/dir/r.csv" "$work/err" || fail "no path in: $(cat "$work/err")"

[ "$fails" = 0 ] && echo "atomic output: all checks passed"
exit "$fails"

#!/usr/bin/env bash
# The PostgreSQL extension against a real server: a throwaway cluster
# (initdb in a temporary directory, as an unprivileged user, listening on
# a Unix socket only), the extension installed, the example district
# loaded with COPY; every row's tiers, scores and criteria and every
# target with its ledger held against the CLI on the same files; then the
# SQL files of sql/ run by psql and their output compared with expected/
# as pg_regress does. The cluster is stopped and removed, and what was
# installed taken away, whatever happens.
# usage: run.sh PG_BINDIR SCORE.so PKGLIBDIR EXTENSION_DIR SCORE_CLI SOURCE_DIR WORK_DIR
set -euo pipefail
bindir=$1 module=$2 pkglibdir=$3 extdir=$4 cli=$5 src=$6 work=$7
here=$src/db/postgres
district=$src/examples/data/district
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# The server's files must be where it looks: pkglibdir and sharedir,
# usually root's. What was there before is put back at exit.
installed=("$pkglibdir/score.so" "$extdir/score.control" "$extdir/score--0.1.sql")
if ! touch "$pkglibdir/.score-test" 2>/dev/null || ! touch "$extdir/.score-test" 2>/dev/null; then
  echo "skipped: $pkglibdir or $extdir is not writable (run as root, or install the extension)"
  exit 77
fi
rm -f "$pkglibdir/.score-test" "$extdir/.score-test"

tmp=$(mktemp -d /tmp/score-pg.XXXXXX)
chmod 755 "$tmp"
run_as=()
if [[ $(id -u) -eq 0 ]]; then
  run_as=(runuser -u nobody --)
  chown nobody "$tmp"
fi
pgdata=$tmp/data

cleanup() {
  local rc=$?
  if [[ -f $pgdata/postmaster.pid ]]; then
    "${run_as[@]}" "$bindir/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  for f in "${installed[@]}"; do
    if [[ -e $tmp/backup/$(basename "$f") ]]; then
      cp -p "$tmp/backup/$(basename "$f")" "$f"
    else
      rm -f "$f"
    fi
  done
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp/backup"
for f in "${installed[@]}"; do
  [[ ! -e $f ]] || cp -p "$f" "$tmp/backup/"
done
install -m 755 "$module" "$pkglibdir/score.so"
install -m 644 "$here/score.control" "$here/score--0.1.sql" "$extdir/"

"${run_as[@]}" "$bindir/initdb" -D "$pgdata" --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 \
  -U postgres >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
"${run_as[@]}" "$bindir/pg_ctl" -D "$pgdata" -l "$tmp/server.log" -w \
  -o "-k $tmp -c listen_addresses='' -c fsync=off" start >/dev/null \
  || { cat "$tmp/server.log" >&2; exit 1; }

psql() {
  "${run_as[@]}" "$bindir/psql" -X -h "$tmp" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"
}

# The district: every column text, as a platform's staging table holds it.
rm -rf "$work" && mkdir -p "$work"
create_table() { # create_table NAME CSV
  local cols
  cols=$(head -1 "$2" | sed 's/^\xEF\xBB\xBF//; s/\r$//' | sed 's/[^,][^,]*/"&" text/g')
  echo "CREATE TABLE $1 ($cols);"
  echo "\\copy $1 FROM '$2' WITH (FORMAT csv, HEADER true)"
}
cp "$district/meihao-xiangcun.csv" "$district/zuzhi-zhenxing.csv" "$tmp/"
chmod 644 "$tmp"/*.csv
{
  echo "CREATE EXTENSION score;"
  create_table district "$tmp/meihao-xiangcun.csv"
  create_table branches "$tmp/zuzhi-zhenxing.csv"
} >"$tmp/setup.sql"
chmod 644 "$tmp/setup.sql"
psql -q -f "$tmp/setup.sql" >/dev/null

same() { # same NAME EXPECTED_FILE ACTUAL_FILE
  if diff -u "$2" "$3" >"$work/$1.diff"; then
    echo "ok: $1"
  else
    fail "$1 differs:"
    head -20 "$work/$1.diff" >&2
  fi
}

# score_eval's rows laid out as the CLI's CSV, columns by the CLI's header.
check_eval() { # check_eval NAME RULESET CSV TABLE
  local name=$1 cols="" col
  "$cli" eval "$2" "$3" --format csv >"$work/$name.cli"
  tail -n +2 "$work/$name.cli" | tr -d '\r' >"$work/$name.expected"
  IFS=, read -ra names <<<"$(head -1 "$work/$name.cli" | tr -d '\r')"
  for col in "${names[@]:1}"; do
    case $col in
      qualified | tier) cols+=", coalesce($col, '')" ;;
      rank_score) cols+=", coalesce(rank_score::text, '')" ;;
      *) cols+=", coalesce(CASE WHEN scores ? '$col' THEN scores->>'$col'
                ELSE CASE criteria->>'$col' WHEN 'true' THEN '1' WHEN 'false' THEN '0' END END, '')" ;;
    esac
  done
  psql -q -At -F, -c "SET extra_float_digits = 0" \
    -c "SELECT key$cols FROM score_eval('$2', 'SELECT * FROM $4')" >"$work/$name.actual"
  same "$name" "$work/$name.expected" "$work/$name.actual"
}

check_targets() { # check_targets NAME RULESET CSV TABLE [YEAR]
  local name=$1 year=${5:-NULL}
  "$cli" targets "$2" "$3" --format csv ${5:+--year "$5"} | tail -n +2 | tr -d '\r' \
    >"$work/$name.expected"
  psql -q -At -F, -c "SET extra_float_digits = 0" \
    -c "SELECT target, scope, actual, op, required, verdict, coalesce(shortfall::text, '')
        FROM score_targets('$2', 'SELECT * FROM $4', $year)" >"$work/$name.actual"
  same "$name" "$work/$name.expected" "$work/$name.actual"
  "$cli" targets "$2" "$3" --format json ${5:+--year "$5"} | /usr/bin/python3 -c '
import json, sys
for o in json.load(sys.stdin)["outcomes"]:
    print(o["target"], o["scope"], json.dumps(o["failing"], ensure_ascii=False, separators=(",", ":")), sep="|")
' >"$work/$name-ledger.expected"
  psql -At -c "SELECT target, scope, array_to_json(failing)
               FROM score_targets('$2', 'SELECT * FROM $4', $year)" >"$work/$name-ledger.actual"
  same "$name-ledger" "$work/$name-ledger.expected" "$work/$name-ledger.actual"
}

check_eval eval-meihao meihao-xiangcun "$district/meihao-xiangcun.csv" district
check_eval eval-zuzhi zuzhi-zhenxing "$district/zuzhi-zhenxing.csv" branches
check_targets targets-meihao meihao-xiangcun "$district/meihao-xiangcun.csv" district
check_targets targets-zuzhi zuzhi-zhenxing "$district/zuzhi-zhenxing.csv" branches
check_targets targets-zuzhi-2022 zuzhi-zhenxing "$district/zuzhi-zhenxing.csv" branches 2022

"$cli" explain meihao-xiangcun "$district/meihao-xiangcun.csv" 3301020105 >"$work/explain.expected"
psql -At -c "SELECT score_explain('meihao-xiangcun', 'SELECT * FROM district', '3301020105')" \
  | sed '$ { /^$/d }' >"$work/explain.actual"
same explain "$work/explain.expected" "$work/explain.actual"

# The SQL files, as pg_regress runs them: psql -a echoes each statement,
# errors (with VERBOSITY verbose, their SQLSTATE) go to the output too.
for sqlfile in "$here"/tests/sql/*.sql; do
  name=$(basename "$sqlfile" .sql)
  cp "$sqlfile" "$tmp/$name.sql"
  chmod 644 "$tmp/$name.sql"
  "${run_as[@]}" "$bindir/psql" -X -a -q -h "$tmp" -U postgres -d postgres \
    <"$tmp/$name.sql" >"$work/$name.out" 2>&1 || true
  same "sql-$name" "$here/tests/expected/$name.out" "$work/$name.out"
done

if ((failures)); then
  echo "$failures failure(s); the server's log:" >&2
  tail -20 "$tmp/server.log" >&2
  exit 1
fi
echo "all PostgreSQL extension tests passed"

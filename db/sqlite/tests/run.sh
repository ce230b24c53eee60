#!/usr/bin/env bash
# The SQLite extension through the sqlite3 shell, held against the CLI on
# the same files: the example district imported with .import --csv, every
# row's tiers, scores and criteria, every target with its ledger, one
# explanation, NULLs and numbers typed by SQLite, params, and errors.
# usage: run.sh SQLITE3 LIBSCORE_SQLITE.so SCORE_CLI SOURCE_DIR WORK_DIR
set -euo pipefail
sqlite=$1 ext=${2%.so} cli=$3 src=$4 work=$5
district=$src/examples/data/district
rm -rf "$work" && mkdir -p "$work"
db=$work/district.db
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

sql() { # sql STATEMENTS...: run in the shell with the extension loaded, comma-separated out
  printf '.load %s\n.mode list\n.separator ,\n%s\n' "$ext" "$*" | "$sqlite" -bail "$db"
}

same() { # same NAME EXPECTED_FILE ACTUAL_FILE
  if diff -u "$2" "$3" >"$work/$1.diff"; then
    echo "ok: $1"
  else
    fail "$1 differs from the CLI:"
    head -20 "$work/$1.diff" >&2
  fi
}

"$sqlite" "$db" <<SQL
.import --csv $district/meihao-xiangcun.csv villages
.import --csv $district/zuzhi-zhenxing.csv branches
SQL

# The SELECT that lays score_eval's rows out as the CLI's CSV: key,
# qualified, tier, rank_score, then each scorecard or criterion column of
# the CLI's header from the JSON of scores or criteria.
eval_select() { # eval_select HEADER RULESET QUERY [PARAMS]
  local header=$1 cols="" col
  IFS=, read -ra names <<<"$header"
  for col in "${names[@]:1}"; do
    case $col in
      qualified | tier) cols+=", ifnull($col, '')" ;;
      rank_score) cols+=", iif(rank_score IS NULL, '', printf('%.15g', rank_score))" ;;
      *) cols+=", ifnull(CASE WHEN json_type(scores, '\$.$col') IS NOT NULL
                THEN CASE json_type(scores, '\$.$col') WHEN 'null' THEN NULL
                     WHEN 'text' THEN json_extract(scores, '\$.$col')
                     ELSE printf('%.15g', json_extract(scores, '\$.$col')) END
                ELSE json_extract(criteria, '\$.$col') END, '')" ;;
    esac
  done
  local params=""
  [[ -z ${4:-} ]] || params=", '$4'"
  echo "SELECT key$cols FROM score_eval('$2', '$3'$params);"
}

check_eval() { # check_eval NAME RULESET CSV TABLE [PARAMS_JSON [--param N=V]]
  local name=$1 rs=$2 csv=$3 table=$4 params=${5:-}
  shift 5 2>/dev/null || shift $#
  "$cli" eval "$rs" "$csv" --format csv "$@" >"$work/$name.cli"
  tail -n +2 "$work/$name.cli" | tr -d '\r' >"$work/$name.expected"
  sql "$(eval_select "$(head -1 "$work/$name.cli" | sed 's/^\xEF\xBB\xBF//; s/\r$//')" "$rs" \
    "SELECT * FROM $table" "$params")" | tr -d '\r' >"$work/$name.actual"
  same "$name" "$work/$name.expected" "$work/$name.actual"
}

targets_select() { # targets_select RULESET QUERY [YEAR]
  echo "SELECT target, scope, printf('%.15g', actual), op, printf('%.15g', required), verdict,
               iif(shortfall IS NULL, '', printf('%.15g', shortfall))
        FROM score_targets('$1', '$2'${3:+, $3});"
}

check_targets() { # check_targets NAME RULESET CSV TABLE [YEAR]
  local name=$1 rs=$2 csv=$3 table=$4 year=${5:-}
  "$cli" targets "$rs" "$csv" --format csv ${year:+--year "$year"} | tail -n +2 | tr -d '\r' \
    >"$work/$name.expected"
  sql "$(targets_select "$rs" "SELECT * FROM $table" "$year")" | tr -d '\r' >"$work/$name.actual"
  same "$name" "$work/$name.expected" "$work/$name.actual"
  # The ledgers (销号): the keys of the failing rows, outcome by outcome.
  "$cli" targets "$rs" "$csv" --format json ${year:+--year "$year"} | /usr/bin/python3 -c '
import json, sys
for o in json.load(sys.stdin)["outcomes"]:
    print(o["target"], o["scope"], json.dumps(o["failing"], ensure_ascii=False, separators=(",", ":")), sep="|")
' >"$work/$name-ledger.expected"
  printf '.load %s\n.mode list\nSELECT target, scope, failing FROM score_targets(%s);\n' "$ext" \
    "'$rs', 'SELECT * FROM $table'${year:+, $year}" | "$sqlite" -bail "$db" \
    >"$work/$name-ledger.actual"
  same "$name-ledger" "$work/$name-ledger.expected" "$work/$name-ledger.actual"
}

# 1. The district as imported: every cell text, empty cells "".
check_eval eval-meihao meihao-xiangcun "$district/meihao-xiangcun.csv" villages
check_eval eval-zuzhi zuzhi-zhenxing "$district/zuzhi-zhenxing.csv" branches
check_targets targets-meihao meihao-xiangcun "$district/meihao-xiangcun.csv" villages
check_targets targets-zuzhi zuzhi-zhenxing "$district/zuzhi-zhenxing.csv" branches
check_targets targets-zuzhi-2022 zuzhi-zhenxing "$district/zuzhi-zhenxing.csv" branches 2022

# 2. Tier counts, as the issue's first statement asks for them.
"$cli" eval meihao-xiangcun "$district/meihao-xiangcun.csv" --format csv | tail -n +2 |
  cut -d, -f3 | sort | uniq -c | awk '{ print ($2 == "" ? "" : $2) "," $1 }' | sort \
  >"$work/tier-counts.expected"
sql "SELECT ifnull(tier, ''), count(*) FROM score_eval('meihao-xiangcun', 'SELECT * FROM villages')
     GROUP BY 1;" | tr -d '\r' | sort >"$work/tier-counts.actual"
same tier-counts "$work/tier-counts.expected" "$work/tier-counts.actual"

# 3. NULL for the empty cells, and numbers stored as SQLite integers and
# reals rather than text: the same verdicts.
# (columns without a declared type, so that SQLite keeps what it is given)
cols=$("$sqlite" "$db" "SELECT name FROM pragma_table_info('villages');")
updates="CREATE TABLE typed($(sed 's/.*/"&"/' <<<"$cols" | paste -sd,));
         INSERT INTO typed SELECT * FROM villages;"
while IFS= read -r c; do
  updates+="UPDATE typed SET \"$c\" = NULL WHERE \"$c\" = '';"
  updates+="UPDATE typed SET \"$c\" = CAST(\"$c\" AS REAL) WHERE \"$c\" GLOB '*[0-9]*'
            AND \"$c\" NOT GLOB '*[^0-9.]*' AND \"$c\" GLOB '*.*';"
  updates+="UPDATE typed SET \"$c\" = CAST(\"$c\" AS INTEGER) WHERE typeof(\"$c\") = 'text'
            AND \"$c\" GLOB '[0-9]*' AND \"$c\" NOT GLOB '*[^0-9]*';"
done <<<"$cols"
"$sqlite" "$db" "$updates"
kinds=$("$sqlite" "$db" "SELECT group_concat(t, ' ') FROM (SELECT DISTINCT typeof(群众参与率) AS t
  FROM typed UNION SELECT DISTINCT typeof(\"村代码\") FROM typed UNION
  SELECT typeof(申报创建) FROM typed WHERE 申报创建 IS NULL) ORDER BY 1;")
for k in integer real text null; do
  [[ " $kinds " == *" $k "* ]] || fail "typed table: no $k values to test ($kinds)"
done
check_eval eval-typed meihao-xiangcun "$district/meihao-xiangcun.csv" typed
check_targets targets-typed meihao-xiangcun "$district/meihao-xiangcun.csv" typed

# 4. Parameters, as --param gives them; and a ruleset given as its text.
check_eval eval-params meihao-xiangcun "$district/meihao-xiangcun.csv" villages \
  '{"participation_min": "70%", "demo_pass": 85}' --param participation_min=70% --param demo_pass=85
"$cli" eval "$src/examples/rulesets/clean-village.yaml" "$district/renju-huanjing.csv" --format csv 2>/dev/null \
  | tail -n +2 | cut -d, -f1-3 | tr -d '\r' >"$work/document.expected"
sql ".import --csv $district/renju-huanjing.csv renju
SELECT key, ifnull(qualified, ''), ifnull(tier, '')
FROM score_eval(readfile('$src/examples/rulesets/clean-village.yaml'), 'SELECT * FROM renju');" \
  | tr -d '\r' >"$work/document.actual"
same ruleset-document "$work/document.expected" "$work/document.actual"

# 5. One explanation, word for word.
"$cli" explain meihao-xiangcun "$district/meihao-xiangcun.csv" 3301020105 >"$work/explain.expected"
printf '.load %s\nSELECT score_explain(%s);\n' "$ext" \
  "'meihao-xiangcun', 'SELECT * FROM villages', '3301020105'" | "$sqlite" -bail "$db" |
  sed '$ { /^$/d }' >"$work/explain.actual"
same explain "$work/explain.expected" "$work/explain.actual"

# 6. score_check and the errors, each with the libscore message.
[[ $(sql "SELECT score_check('zuzhi-zhenxing');") == ok ]] && echo "ok: check" || fail "score_check"
error_case() { # error_case NAME EXPECTED_SUBSTRING SQL
  local out
  if out=$(sql "$3" 2>&1); then
    fail "$1: no error ($out)"
  elif [[ $out != *"$2"* ]]; then
    fail "$1: error without \"$2\": $out"
  else
    echo "ok: error $1"
  fi
}
error_case syntax "score: ruleset:2:1: " "SELECT score_check('fields: [');"
error_case unknown-builtin "no built-in ruleset 'meihao'" \
  "SELECT * FROM score_eval('meihao', 'SELECT * FROM villages');"
error_case bad-cell 'row with key "3301020101"' \
  "SELECT * FROM score_eval('meihao-xiangcun',
     'SELECT 村代码, iif(村代码 = ''3301020101'', ''lots'', 群众参与率) AS 群众参与率 FROM villages');"
error_case blob 'a blob' \
  "SELECT * FROM score_eval('meihao-xiangcun', 'SELECT *, x''00'' AS 申报创建 FROM villages');"
error_case no-key 'no column for the key field' \
  "SELECT * FROM score_eval('meihao-xiangcun', 'SELECT 申报创建 FROM villages');"
error_case bad-query 'score: query: no such table: nowhere' \
  "SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM nowhere');"
error_case no-query 'needs a ruleset and a query' "SELECT * FROM score_eval('meihao-xiangcun');"
error_case bad-params 'params: not a JSON object' \
  "SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM villages', '[1]');"
error_case unknown-param 'nosuch' \
  "SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM villages', '{\"nosuch\": 1}');"
error_case no-row 'no row with key "nobody"' \
  "SELECT score_explain('meihao-xiangcun', 'SELECT * FROM villages', 'nobody');"

# 7. The cache: many calls on one connection, two rulesets in one statement.
n=$(sql "SELECT count(*) FROM (SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM villages')
        UNION ALL SELECT * FROM score_eval('zuzhi-zhenxing', 'SELECT * FROM branches')
        UNION ALL SELECT * FROM score_eval('meihao-xiangcun', 'SELECT * FROM villages'));")
rows=$(($(wc -l <"$district/meihao-xiangcun.csv") * 2 + $(wc -l <"$district/zuzhi-zhenxing.csv") - 3))
[[ $n == "$rows" ]] && echo "ok: cache" || fail "cache: $n rows, expected $rows"

if ((failures)); then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all SQLite extension tests passed"

#!/usr/bin/env bash
# The benchmarks of issue #5, in one command (see BENCHMARKS.md):
#
#   scripts/bench.sh [--update]
#
# 1. builds libscore, the CLI and bench/score_bench in Release (build-bench/);
# 2. generates the national-scale data under /tmp/score-bench unless the
#    files there are already the ones asked for (bench/generate.py);
# 3. runs score_bench on meihao-xiangcun (with the hand-written C loop
#    baseline, and once more with national quotas), on meihao-xiangcun
#    without quotas and cap (meihao-open.yaml, written from the built-in:
#    criteria, scorecard and qualified tiers, no allocation; its own C loop
#    and pandas baseline), zuzhi-zhenxing (targets) and dangyuan-jifen (10M
#    members, end to end through the API), the pandas baselines, and the
#    CLI end to end under /usr/bin/time;
# 4. prints the Markdown tables of BENCHMARKS.md; --update also writes
#    them into BENCHMARKS.md (between its bench:begin/end markers).
#
# Environment: SCORE_BENCH_BUILD (build-bench), SCORE_BENCH_DATA
# (/tmp/score-bench), SCORE_BENCH_VILLAGES (490000), SCORE_BENCH_MEMBERS
# (10000000), SCORE_BENCH_REPEAT (5 runs; medians), SCORE_BENCH_REPEAT_BIG
# (3 runs for the 10M members), SCORE_JOBS (2 build jobs).
# Needs the Debian packages of scripts/deps.sh (cmake, gcc, libyaml-dev,
# python3-numpy, python3-pandas) and `time` (/usr/bin/time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

update=0
for arg in "$@"; do
  case $arg in
    --update) update=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

build=${SCORE_BENCH_BUILD:-build-bench}
data=${SCORE_BENCH_DATA:-/tmp/score-bench}
villages=${SCORE_BENCH_VILLAGES:-490000}
members=${SCORE_BENCH_MEMBERS:-10000000}
repeat=${SCORE_BENCH_REPEAT:-5}
repeat_big=${SCORE_BENCH_REPEAT_BIG:-3}
seed=20200401
py=/usr/bin/python3 # Debian's, which sees python3-numpy and python3-pandas

for tool in cmake "$py" /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/deps.sh; apt-get install time)" >&2; exit 1; }
done

echo "== build (Release) in $build" >&2
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSCORE_BUILD_BENCH=ON \
  -DSCORE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"${SCORE_JOBS:-2}" --target score score_bench read_bench >/dev/null
score=$build/tools/score
bench=$build/bench/score_bench

want="villages=$villages members=$members seed=$seed only=meihao-xiangcun,zuzhi-zhenxing,dangyuan-jifen"
if [[ ! -f $data/params.txt || $(cat "$data/params.txt") != "$want" ]]; then
  echo "== generate data in $data ($want)" >&2
  "$py" bench/generate.py --villages "$villages" --members "$members" --seed "$seed" --out "$data" >&2
fi
results=$data/results
mkdir -p "$results"
rm -f "$results"/*.kv "$results"/*.time
meihao=$data/meihao-xiangcun.csv
zuzhi=$data/zuzhi-zhenxing.csv
dangyuan=$data/dangyuan-jifen.csv

# The CLI end to end, `repeat` runs to /dev/null; "SECONDS KB" lines.
cli_time() {
  local name=$1 n=$2
  shift 2
  for ((i = 0; i < n; i++)); do
    /usr/bin/time -f "%e %M" -a -o "$results/$name.time" "$@" >/dev/null
  done
}

echo "== meihao-xiangcun: CLI end to end" >&2
cli_time cli-meihao "$repeat" "$score" eval meihao-xiangcun "$meihao" --format csv
"$score" eval meihao-xiangcun "$meihao" --format csv >"$data/meihao-eval.csv"

echo "== meihao-xiangcun: score_bench with the C loop baseline" >&2
"$bench" meihao-xiangcun "$meihao" --repeat "$repeat" --baseline --kv "$results/meihao.kv" >&2

# The same with quotas scaled from the 69-village district to the nation
# (x 7101), so that the allocation awards tens of thousands of villages.
echo "== meihao-xiangcun, national quotas" >&2
scale=$(( (villages + 34) / 69 ))
"$bench" meihao-xiangcun "$meihao" --repeat "$repeat" --baseline --threads 1 --no-output \
  --param quota_clean=$((10 * scale)) --param quota_tidy=$((5 * scale)) \
  --param quota_boutique=$((5 * scale)) --param quota_boutique_demo=$((4 * scale)) \
  --param quota_operating_demo=$((3 * scale)) --kv "$results/meihao-national.kv" >&2

echo "== meihao-xiangcun: pandas baseline" >&2
"$py" bench/baseline_pandas.py "$meihao" --libscore-csv "$data/meihao-eval.csv" \
  --repeat "$repeat" --kv "$results/pandas.kv" >&2

# Without quotas and cap (issue #15): the built-in with its quota: and cap:
# lines dropped, so that no level ranks; evaluation only, 1 and 2 threads,
# against its own C loop (paired) and pandas.
open=$data/meihao-open.yaml
grep -vE '^[[:space:]]+(quota|cap):' libscore/rulesets/meihao-xiangcun.yaml >"$open"
echo "== meihao-xiangcun without quotas: score_bench with its C loop" >&2
"$bench" "$open" "$meihao" --repeat "$repeat" --baseline --no-output \
  --kv "$results/meihao-open.kv" >&2
"$score" eval "$open" "$meihao" --format csv >"$data/meihao-open-eval.csv"
echo "== meihao-xiangcun without quotas: pandas baseline" >&2
"$py" bench/baseline_pandas.py "$meihao" --libscore-csv "$data/meihao-open-eval.csv" \
  --repeat "$repeat" --no-quotas --kv "$results/pandas-open.kv" >&2

echo "== zuzhi-zhenxing: targets" >&2
"$bench" zuzhi-zhenxing "$zuzhi" --repeat "$repeat" --kv "$results/zuzhi.kv" >&2
cli_time cli-zuzhi "$repeat" "$score" targets zuzhi-zhenxing "$zuzhi" --format csv

echo "== dangyuan-jifen: $members members, end to end" >&2
"$bench" dangyuan-jifen "$dangyuan" --repeat "$repeat_big" --no-output --kv "$results/dangyuan.kv" >&2
cli_time cli-dangyuan 1 "$score" eval dangyuan-jifen "$dangyuan" --format csv

# Reading CSV on one and two threads, in the same runs (bench/read_bench.c).
echo "== CSV read on 1 and 2 threads" >&2
"$build/bench/read_bench" meihao-xiangcun "$meihao" --threads 1,2 --repeat "$repeat" >&2
"$build/bench/read_bench" dangyuan-jifen "$dangyuan" --threads 1,2 --repeat 1 >&2
cli_time cli-dangyuan-2 1 "$score" eval dangyuan-jifen "$dangyuan" --format csv --threads 2
cat "$results/cli-dangyuan-2.time" >&2

echo >&2
if ((update)); then
  "$py" bench/report.py "$results" --update BENCHMARKS.md
else
  "$py" bench/report.py "$results"
fi

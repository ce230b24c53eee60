#!/usr/bin/env bash
# Build the fuzz targets with clang and libFuzzer (build-fuzz/, ASan and
# UBSan) and run each for SECONDS (default 60), one after the other.
#
#   scripts/fuzz.sh [SECONDS [TARGET...]]      TARGET: ruleset expr csv eval
#
# Each target starts from its seeds: tests/fuzz/corpus/TARGET, the saved
# regressions tests/fuzz/regressions/TARGET, the built-in rulesets and the
# example data, and what earlier runs found (build-fuzz/corpus/TARGET,
# kept between runs). An input that crashes, leaks, trips a sanitizer or
# runs longer than SCORE_FUZZ_TIMEOUT seconds (default 10) stops the run:
# the script prints where libFuzzer saved it and exits 1. Copy it into
# tests/fuzz/regressions/TARGET/ once fixed; the ctests replay that
# directory in every build. (Warnings are not errors here: the plain and
# sanitizer builds of scripts/test.sh hold the code to -Werror.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(ruleset expr csv eval)
fi
build=${SCORE_FUZZ_BUILD:-build-fuzz}
timeout=${SCORE_FUZZ_TIMEOUT:-10}

flags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_FLAGS="$flags" -DSCORE_FUZZ=ON -DSCORE_BUILD_TESTS=ON -DSCORE_WERROR=OFF >/dev/null
exes=()
for t in "${targets[@]}"; do
  exes+=("fuzz_$t")
done
if ! cmake --build "$build" -j"${SCORE_JOBS:-2}" --target "${exes[@]}" >"$build/build.log" 2>&1; then
  tail -n 40 "$build/build.log" >&2
  echo "fuzz: the build failed (log: $build/build.log)" >&2
  exit 1
fi

# Seeds that are made, not stored: each expression of the expression
# tests, and each built-in ruleset with the first rows of its example data.
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/expr" "$seeds/eval" "$seeds/csv"
cp examples/data/villages.csv "$seeds/csv/"
n=0
while IFS= read -r line; do
  case "$line" in \#*|"") continue ;; esac
  [[ $line == *" => "* ]] || continue
  n=$((n + 1))
  printf '%s' "${line%% => *}" >"$seeds/expr/case$n"
done <tests/data/expr.test
for doc in libscore/rulesets/*.yaml; do
  id=$(basename "$doc" .yaml)
  data=examples/data/district/$id.csv
  [[ -f $data ]] || continue
  { cat "$doc"; printf '%%%%\n'; head -n 30 "$data"; } >"$seeds/eval/$id"
done

extra_ruleset=(libscore/rulesets examples/rulesets tests/data/yaml tests/data/rulesets)
extra_expr=("$seeds/expr")
extra_csv=(examples/data/district tests/data/csv "$seeds/csv")
extra_eval=("$seeds/eval")

status=0
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t/"
  mkdir -p "$corpus" "$artifacts"
  extra_var="extra_${t}[@]"
  dict=()
  if [[ -f tests/fuzz/$t.dict ]]; then
    dict=(-dict="tests/fuzz/$t.dict")
  fi
  echo "fuzz: $t for ${seconds}s"
  log="$build/fuzz-$t.log"
  if ! ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
      "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout="$timeout" \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts" "${dict[@]}" \
      "$corpus" "tests/fuzz/corpus/$t" "tests/fuzz/regressions/$t" "${!extra_var}" \
      >"$log" 2>&1; then
    status=1
    tail -n 40 "$log" >&2
    echo "fuzz: $t FAILED; the input is in $artifacts (log: $log)" >&2
    echo "fuzz: once fixed, keep it: cp $artifacts<file> tests/fuzz/regressions/$t/" >&2
    continue
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  echo "fuzz: $t ok: ${runs:-?} runs, corpus $(find "$corpus" -type f | wc -l) files"
done
exit $status

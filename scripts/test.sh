#!/usr/bin/env bash
# Install what is missing, then build and run every test twice: in the
# plain build (build/) and under AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/); then fuzz each libFuzzer target
# briefly (SCORE_FUZZ_SECONDS, default 15), run the concurrency test under
# ThreadSanitizer, and the CLI under valgrind. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

stage() {
  echo
  echo "==> $*"
}

stage "dependencies"
scripts/deps.sh

stage "plain build (build/)"
scripts/build.sh build -DSCORE_BUILD_TESTS=ON

stage "tests, plain build"
ctest --test-dir build --output-on-failure --no-tests=error

stage "sanitizer build (build-asan/: ASan + UBSan)"
scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DSCORE_SANITIZE=ON -DSCORE_BUILD_TESTS=ON

stage "tests, sanitizer build"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
  ctest --test-dir build-asan --output-on-failure --no-tests=error

stage "install and link the C examples (pkg-config, find_package)"
scripts/check-install.sh build

# Both ctest runs above include the bad-input corpus (tests/bad) and the
# replay of the fuzz targets over their seeds and saved regressions.

stage "fuzzing: each libFuzzer target for ${SCORE_FUZZ_SECONDS:-15}s (build-fuzz/, clang)"
scripts/fuzz.sh "${SCORE_FUZZ_SECONDS:-15}"

stage "ThreadSanitizer (build-tsan/): threads sharing one ruleset, threads of one evaluation, of one read"
cmake -S . -B build-tsan -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="-fsanitize=thread" -DSCORE_WERROR=OFF -DSCORE_BUILD_TESTS=ON >/dev/null
cmake --build build-tsan -j"${SCORE_JOBS:-2}" --target test_concurrency test_threads test_read_threads >/dev/null
TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1} build-tsan/tests/test_concurrency
TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1} build-tsan/tests/test_threads
TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1} build-tsan/tests/test_read_threads

stage "valgrind memcheck of the CLI (no leaks, no invalid access)"
memcheck() { # memcheck EXPECTED_EXIT ARGS...: valgrind's own errors exit 99
  local want=$1 rc=0
  shift
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    build/tools/score "$@" >/dev/null 2>build/memcheck.log || rc=$?
  if [[ $rc != "$want" ]]; then
    cat build/memcheck.log >&2
    echo "memcheck: score $* exited $rc, expected $want" >&2
    return 1
  fi
}
district=examples/data/district
memcheck 0 eval meihao-xiangcun $district/meihao-xiangcun.csv
memcheck 0 eval dangzuzhi-pingxing $district/dangzuzhi-pingxing.csv --format json
memcheck 0 targets zuzhi-zhenxing $district/zuzhi-zhenxing.csv
memcheck 0 explain meihao-xiangcun $district/meihao-xiangcun.csv 3301020101
memcheck 0 explain zuzhi-zhenxing $district/zuzhi-zhenxing.csv --target five_star_final --format json
memcheck 0 test meihao-xiangcun tests/rulesets/meihao-xiangcun.cases.yaml
memcheck 0 gap meihao-xiangcun $district/meihao-xiangcun.csv 3301020105 --tier boutique_demo
memcheck 0 gap zuzhi-zhenxing $district/zuzhi-zhenxing.csv --target five_star_final --format json
memcheck 0 diff meihao-xiangcun $district/meihao-xiangcun.csv --param-new quota_boutique=2
memcheck 1 check tests/bad/rulesets/cycle.yaml
memcheck 1 eval meihao-xiangcun tests/bad/data/unterminated-quote.csv

stage "all tests passed (plain and sanitizer builds)"

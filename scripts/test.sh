#!/usr/bin/env bash
# Install what is missing, then build and run every test twice: in the
# plain build (build/) and under AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/). Exits non-zero on any failure.
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

stage "all tests passed (plain and sanitizer builds)"

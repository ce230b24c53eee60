#!/usr/bin/env bash
# Configure and build libscore.
#
#   scripts/build.sh [BUILD_DIR [CMAKE_OPTION...]]
#
# BUILD_DIR defaults to build/ (RelWithDebInfo). Re-running is quick: CMake
# reconfigures and rebuilds only what changed. SCORE_JOBS sets the number
# of parallel build jobs (default 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=${1:-build}
shift || true
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build_dir" -j"${SCORE_JOBS:-2}"

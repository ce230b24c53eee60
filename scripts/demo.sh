#!/usr/bin/env bash
# Install what is missing, build libscore in build/, and evaluate the
# example ruleset on the example villages.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/deps.sh
scripts/build.sh build

score=build/tools/score
ruleset=examples/rulesets/clean-village.yaml
data=examples/data/villages.csv

run() {
  echo
  echo "\$ $*"
  "$@"
}
run "$score" check "$ruleset"
run "$score" eval "$ruleset" "$data"
run "$score" eval "$ruleset" "$data" --format csv
run "$score" eval "$ruleset" "$data" --format csv --param participation_min=70%

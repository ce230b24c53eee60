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

# The example district 青山区 (examples/data/district/, written by
# examples/data/generate.py; see examples/data/README.md): the 2020 美好乡村
# tiers under the quotas, the 组织振兴 targets, and why 3301020611 柏树村
# (tied with 王家村 at 91.24 for the 4th 精品示范村 place, lost on key order)
# dropped to 精品村 through 末位淘汰.
district=examples/data/district
run "$score" list
run "$score" eval meihao-xiangcun "$district/meihao-xiangcun.csv" --labels --keep 村名,镇
run "$score" targets zuzhi-zhenxing "$district/zuzhi-zhenxing.csv" --labels
run "$score" explain meihao-xiangcun "$district/meihao-xiangcun.csv" 3301020611
# what 3301020611 would need to be a 精品示范村, and what 桃源镇 must do
# to have 30% five-star branches
run "$score" gap meihao-xiangcun "$district/meihao-xiangcun.csv" 3301020611
run "$score" gap zuzhi-zhenxing "$district/zuzhi-zhenxing.csv" --target five_star_stage1 --scope town=桃源镇
# the 考核验收 report and the workbook, ready to hand in
mkdir -p build/demo
run "$score" report meihao-xiangcun "$district/meihao-xiangcun.csv" --keep 村名,镇 -o build/demo/考核验收.html
run "$score" report meihao-xiangcun "$district/meihao-xiangcun.csv" --keep 村名,镇 --format xlsx -o build/demo/考核验收.xlsx
echo
echo "the report: build/demo/考核验收.html (open it in a browser; print to PDF for A4)"
echo "the workbook: build/demo/考核验收.xlsx"

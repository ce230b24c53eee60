#!/usr/bin/python3
"""The workbooks `score … --format xlsx -o FILE` writes, read back by an
independent reader (openpyxl) and held against the CLI's own CSV and JSON
of the same runs:

  等级评定  every header and cell of `score eval --format csv --labels`;
            numbers as number cells (equal to 15 significant digits, the
            CSV's precision) with the number format of --digits
  目标任务  `score targets --format csv --labels`, row for row; shares as
            number cells shown as percents; the counts of the JSON
  销号台账  the failing keys of `score targets --format json`, with the
            kept columns of each row as 等级评定 has them
  说明      the ruleset's id, version and hash, the parameters set, the
            data file and the row count of the JSON
and that a failed write leaves the previous file as it was, with no
temporary beside it.

    check_workbook.py SCORE REPO_ROOT WORK_DIR   (WORK_DIR is emptied first)
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys

import openpyxl

SCORE, ROOT, WORK = sys.argv[1:4]
DISTRICT = os.path.join(ROOT, "examples", "data", "district")
failures = []
shutil.rmtree(WORK, ignore_errors=True)  # a fresh directory: no old temporaries
os.makedirs(WORK)


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def run(*args, ok=True):
    p = subprocess.run([SCORE, *args], capture_output=True)
    if ok and p.returncode != 0:
        sys.exit(f"score {' '.join(args)} failed ({p.returncode}): {p.stderr.decode()}")
    return p


def csv_rows(*args):
    text = run(*args).stdout.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def as_number(text):
    try:
        return float(text)
    except ValueError:
        return None


def same_number(cell, text):
    """A number cell equal to the CSV's number (15 significant digits)."""
    return (isinstance(cell, (int, float)) and not isinstance(cell, bool)
            and float(f"{cell:.15g}") == float(text))


def data_rows(ws):
    return [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]


def header(ws):
    return [c.value for c in ws[1]]


def shown(value):
    return "" if value is None else value


def check_eval_sheet(ws, expected, digits_format, where, numbers=True, money=()):
    """等级评定 against the CSV with labels: the key column (first) is text;
    a cell the CSV writes as a number is a number cell, other cells text.
    Numbers show `digits_format`; the columns named in `money` (amounts
    of 元) show it with thousands separators."""
    if header(ws) != expected[0]:
        fail(f"{where}: header {header(ws)} != {expected[0]}")
        return
    rows = data_rows(ws)
    if len(rows) != len(expected) - 1:
        fail(f"{where}: {len(rows)} rows, the CSV has {len(expected) - 1}")
        return
    seen = 0
    for i, (got, want) in enumerate(zip(rows, expected[1:])):
        for j, (g, w) in enumerate(zip(got, want)):
            place = f"{where} row {i + 2} column {expected[0][j]}"
            cell = ws.cell(row=i + 2, column=j + 1)
            if w == "":
                if g is not None:
                    fail(f"{place}: {g!r}, expected an empty cell")
            elif j > 0 and as_number(w) is not None:
                seen += 1
                if not same_number(g, w):
                    fail(f"{place}: {g!r} is not the number {w}")
                else:
                    want_format = ("#,##" + digits_format) if expected[0][j] in money else digits_format
                    if cell.number_format != want_format:
                        fail(f"{place}: number format {cell.number_format!r}, expected {want_format!r}")
            elif g != w:
                fail(f"{place}: {g!r} != {w!r}")
    if numbers and seen == 0:
        fail(f"{where}: no number cells checked")


def share_targets(ruleset_id):
    """Targets whose require is a share(), from the built-in's source."""
    text = open(os.path.join(ROOT, "libscore", "rulesets", ruleset_id + ".yaml"),
                encoding="utf-8").read()
    shares, current = set(), None
    for line in text.splitlines():
        m = re.match(r"\s*- id:\s*(\S+)", line)
        if m:
            current = m.group(1)
        if current and re.match(r"\s*require:\s*share\(", line):
            shares.add(current)
    return shares


def check_targets_sheet(ws, expected_csv, outcomes, shares, where):
    want_header = ["目标任务", "年份", "范围", "实际", "比较", "要求", "结论", "缺口",
                   "范围内行数", "满足行数", "数据缺失行数"]
    if header(ws) != want_header:
        fail(f"{where}: header {header(ws)}")
        return
    rows = data_rows(ws)
    if len(rows) != len(expected_csv) - 1 or len(rows) != len(outcomes):
        fail(f"{where}: {len(rows)} rows, the CSV has {len(expected_csv) - 1}")
        return
    fills = {"达标": "FFC6EFCE", "未达标": "FFFFC7CE", "数据缺失": "FFD9D9D9"}
    for i, (got, want, oc) in enumerate(zip(rows, expected_csv[1:], outcomes)):
        r = i + 2
        label, scope, actual, op, required, verdict, shortfall = want
        if (got[0], got[2], got[4], got[6]) != (label, scope, op, verdict):
            fail(f"{where} row {r}: {got[:7]} != {want}")
        if got[1] != oc["year"]:
            fail(f"{where} row {r}: 年份 {got[1]!r} != {oc['year']!r}")
        for col, text in ((3, actual), (5, required), (7, shortfall)):
            if text == "" and got[col] is not None:
                fail(f"{where} row {r} column {col + 1}: {got[col]!r}, expected empty")
            elif text != "" and not same_number(got[col], text):
                fail(f"{where} row {r} column {col + 1}: {got[col]!r} is not {text}")
        if oc["target"] in shares:
            for col in (3, 5):
                cell = ws.cell(row=r, column=col + 1)
                if cell.value is not None and cell.number_format != "0.0%":
                    fail(f"{where} row {r}: a share shown as {cell.number_format!r}")
        counts = [oc["population"], oc["satisfied"], oc["unknown"]]
        if got[8:11] != counts or not all(isinstance(x, int) for x in got[8:11]):
            fail(f"{where} row {r}: counts {got[8:11]} != {counts}")
        fill = ws.cell(row=r, column=7).fill.fgColor.rgb
        if fill != fills.get(verdict):
            fail(f"{where} row {r}: {verdict} filled {fill}")


def check_ledger(ws, outcomes, eval_csv, where):
    """One row per failing key of each outcome: target label, scope, then
    the key and kept columns as 等级评定 (the eval CSV) has them."""
    nkept = len(header(ws)) - 2
    if header(ws)[2:] != eval_csv[0][:nkept] or header(ws)[:2] != ["目标任务", "范围"]:
        fail(f"{where}: header {header(ws)}")
        return
    by_key = {row[0]: row[:nkept] for row in eval_csv[1:]}
    want = [[oc["label"], oc["scope"], *by_key[key]] for oc in outcomes for key in oc["failing"]]
    got = [[shown(x) for x in row] for row in data_rows(ws)]
    if not want:
        fail(f"{where}: the run has no failing rows to check")
    if got != want:
        fail(f"{where}: {len(got)} rows, {len(want)} failing keys expected; "
             f"first difference at {next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))}")


def check_about(ws, provenance, data, nrows, where):
    pairs = {}
    for row in ws.iter_rows(values_only=True):
        if row[0] is not None:
            pairs.setdefault(row[0], row[1:])
    expect = {"规则集": provenance["id"], "版本": provenance["version"],
              "哈希": provenance["hash"], "数据文件": data, "数据行数": nrows}
    for name, value in expect.items():
        if name not in pairs or pairs[name][0] != value:
            fail(f"{where}: {name} is {pairs.get(name)}, expected {value!r}")
    stamp = pairs.get("写出时间", [""])[0] or ""
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp):
        fail(f"{where}: 写出时间 {stamp!r} is not ISO 8601")
    for name, value in provenance["params"].items():
        if name not in pairs or pairs[name][1] != value or not pairs[name][0]:
            fail(f"{where}: parameter {name}={value} not listed with its label: {pairs.get(name)}")
    if not provenance["params"] and "（均为默认值）" not in pairs:
        fail(f"{where}: no note that every parameter has its default")


def sheet_names(wb, want, where):
    if wb.sheetnames != want:
        fail(f"{where}: sheets {wb.sheetnames} != {want}")


# ---- score eval, kept columns ----
data = os.path.join(DISTRICT, "meihao-xiangcun.csv")
out = os.path.join(WORK, "eval.xlsx")
run("eval", "meihao-xiangcun", data, "--format", "xlsx", "-o", out, "--keep", "村名,镇")
wb = openpyxl.load_workbook(out)
sheet_names(wb, ["等级评定", "目标任务", "销号台账", "说明"], "eval")
eval_csv = csv_rows("eval", "meihao-xiangcun", data, "--format", "csv", "--labels",
                    "--keep", "村名,镇")
check_eval_sheet(wb["等级评定"], eval_csv, "0.00", "eval 等级评定")
ev = wb["等级评定"]
if ev.freeze_panes != "A2" or not ev.auto_filter.ref:
    fail(f"eval: header not frozen ({ev.freeze_panes}) or no filter ({ev.auto_filter.ref})")
tier_col = eval_csv[0].index("评定等级")
fills = {}
for r in range(2, ev.max_row + 1):
    c = ev.cell(row=r, column=tier_col + 1)
    if c.value is not None:
        fills.setdefault(c.value, set()).add(c.fill.fgColor.rgb)
if len(fills) < 2 or any(len(f) != 1 for f in fills.values()) or \
        len({next(iter(f)) for f in fills.values()}) != len(fills):
    fail(f"eval: tiers are not one fill each: {fills}")
prov = json.loads(run("eval", "meihao-xiangcun", data, "--format", "json").stdout)["ruleset"]
check_about(wb["说明"], prov, data, len(eval_csv) - 1, "eval 说明")

# --digits: the number format follows
out_d = os.path.join(WORK, "eval3.xlsx")
run("eval", "meihao-xiangcun", data, "--format", "xlsx", "-o", out_d, "--keep", "村名,镇",
    "--digits", "3")
check_eval_sheet(openpyxl.load_workbook(out_d)["等级评定"], eval_csv, "0.000",
                 "eval --digits 3 等级评定")

# ---- score report, a parameter set ----
data = os.path.join(DISTRICT, "zuzhi-zhenxing.csv")
out2 = os.path.join(WORK, "report.xlsx")
param = ["--param", "five_star_final=45%"]
run("report", "zuzhi-zhenxing", data, "--format", "xlsx", "-o", out2, *param)
wb = openpyxl.load_workbook(out2)
sheet_names(wb, ["等级评定", "目标任务", "销号台账", "说明"], "report")
eval_csv = csv_rows("eval", "zuzhi-zhenxing", data, "--format", "csv", "--labels", *param)
check_eval_sheet(wb["等级评定"], eval_csv, "0.00", "report 等级评定", numbers=False)
targets_csv = csv_rows("targets", "zuzhi-zhenxing", data, "--format", "csv", "--labels", *param)
outcomes = json.loads(run("targets", "zuzhi-zhenxing", data, "--format", "json", "--labels",
                          *param).stdout)["outcomes"]
shares = share_targets("zuzhi-zhenxing")
check_targets_sheet(wb["目标任务"], targets_csv, outcomes, shares, "report 目标任务")
check_ledger(wb["销号台账"], outcomes, eval_csv, "report 销号台账")
prov = json.loads(run("eval", "zuzhi-zhenxing", data, "--format", "json", *param).stdout)["ruleset"]
if not prov["params"]:
    fail("report: --param did not show in the JSON provenance")
check_about(wb["说明"], prov, data, len(eval_csv) - 1, "report 说明")

# an amount of 元 (collective_income has unit 元 in the ruleset) kept
income = "村集体经济收入(元)_2020"
out_m = os.path.join(WORK, "money.xlsx")
run("eval", "zuzhi-zhenxing", data, "--format", "xlsx", "-o", out_m, "--keep", "村名," + income)
check_eval_sheet(openpyxl.load_workbook(out_m)["等级评定"],
                 csv_rows("eval", "zuzhi-zhenxing", data, "--format", "csv", "--labels",
                          "--keep", "村名," + income),
                 "0.00", "eval, an amount kept, 等级评定", money={income})

# ---- score targets: one year, kept columns in the ledger ----
out3 = os.path.join(WORK, "targets.xlsx")
keep = ["--keep", "村名,镇"]
run("targets", "zuzhi-zhenxing", data, "--format", "xlsx", "-o", out3, "--year", "2020", *keep)
wb = openpyxl.load_workbook(out3)
sheet_names(wb, ["目标任务", "销号台账", "说明"], "targets")
outcomes = json.loads(run("targets", "zuzhi-zhenxing", data, "--format", "json", "--labels",
                          "--year", "2020").stdout)["outcomes"]
if not outcomes or any(oc["year"] != 2020 for oc in outcomes):
    fail("targets --year 2020: the JSON has no outcomes of 2020 alone")
check_targets_sheet(wb["目标任务"], csv_rows("targets", "zuzhi-zhenxing", data, "--format", "csv",
                                             "--labels", "--year", "2020"),
                    outcomes, shares, "targets 目标任务")
check_ledger(wb["销号台账"], outcomes,
             csv_rows("eval", "zuzhi-zhenxing", data, "--format", "csv", "--labels", *keep),
             "targets 销号台账")

# ---- a failed write leaves the previous file, and no temporary ----
before = open(out3, "rb").read()
p = run("targets", "zuzhi-zhenxing", data, "--format", "xlsx", "-o", out3, "--keep", "no_such",
        ok=False)
if p.returncode == 0:
    fail("a bad --keep name was accepted")
if open(out3, "rb").read() != before:
    fail("a failed write changed the previous workbook")
left = [f for f in os.listdir(WORK) if ".tmp-" in f]
if left:
    fail(f"temporaries left behind: {left}")

if failures:
    sys.exit(f"{len(failures)} failure(s)")
print("workbooks: all checks passed")

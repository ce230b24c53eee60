#!/usr/bin/python3
"""The 考核验收 report as people see it: rendered by a browser (chromium,
headless), it holds the figures that `score eval` and `score targets` print
as CSV and JSON; printed to PDF it makes a sane number of A4 pages with the
summary and the villages in them; and it refers to nothing outside itself.

usage: check_report.py SCORE PROJECT_DIR WORK_DIR
Exit 77 (skipped) when chromium is not installed.
"""
import csv
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys

SKIP = 77
TIMEOUT = 180

score, project, work = sys.argv[1:4]
chromium = shutil.which("chromium")
if not chromium:
    print("SKIP: chromium is missing (Debian package chromium): the report is not rendered")
    sys.exit(SKIP)
os.makedirs(work, exist_ok=True)
home = os.path.join(work, "home")  # chromium writes its profile under HOME
os.makedirs(home, exist_ok=True)
env = dict(os.environ, HOME=home)
failures = []
checks = 0


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, timeout=TIMEOUT, env=env).stdout


def browser(*args):
    return run(chromium, "--headless", "--no-sandbox", "--disable-gpu", *args)


def csv_rows(*args):
    text = run(score, *args).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


class Tables(html.parser.HTMLParser):
    """Every table of the DOM: its class, caption and rows of cell texts
    (with each cell's class); and the text of <p> elements."""

    def __init__(self):
        super().__init__()
        self.tables, self.paragraphs = [], []
        self.cell = self.row = self.caption = self.para = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"class": a.get("class", ""), "caption": "", "rows": []})
        elif tag == "caption":
            self.caption = ""
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag == "p":
            self.para = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self.tables[-1]["caption"], self.caption = self.caption.strip(), None
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr":
            self.tables[-1]["rows"].append(self.row)
            self.row = None
        elif tag == "p" and self.para is not None:
            self.paragraphs.append(self.para)
            self.para = None

    def handle_data(self, data):
        for name in ("cell", "caption", "para"):
            if getattr(self, name) is not None:
                setattr(self, name, getattr(self, name) + data)


def people(x, digits=2):
    """A number as the report rounds it (trailing zeros dropped)."""
    s = "%.*f" % (digits, float(x))
    s = s.rstrip("0").rstrip(".") if "." in s else s
    return "0" if s == "-0" else s


def report(ruleset, name):
    data = os.path.join(project, "examples/data/district", ruleset + ".csv")
    out = os.path.join(work, name + ".html")
    run(score, "report", ruleset, data, "--keep", "村名,镇", "-o", out)
    raw = open(out, encoding="utf-8").read()
    check(not re.search(r"https?://", raw), f"{name}: no http:// or https:// address")
    check(not re.search(r"<script|\bsrc\s*=|url\(|@import", raw, re.I),
          f"{name}: no script, src, url() or @import")
    check(raw.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in raw,
          f"{name}: an HTML5 document in UTF-8")
    dom = browser("--dump-dom", "file://" + os.path.abspath(out)).decode("utf-8")
    parsed = Tables()
    parsed.feed(dom)
    pdf = os.path.join(work, name + ".pdf")
    browser("--print-to-pdf=" + pdf, "--no-pdf-header-footer", "file://" + os.path.abspath(out))
    info = run("pdfinfo", pdf).decode()
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    check(1 < pages < 60, f"{name}: {pages} pages in print (expected 2..59)")
    check(size and abs(float(size.group(1)) - 595) < 3 and abs(float(size.group(2)) - 842) < 3,
          f"{name}: A4 portrait pages ({size.group(0) if size else 'none'})")
    text = run("pdftotext", "-layout", pdf, "-").decode("utf-8")
    return data, parsed, text


# ---- meihao-xiangcun: the tiers, a table per town ----
data, dom, text = report("meihao-xiangcun", "meihao")
evals = csv_rows("eval", "meihao-xiangcun", data, "--keep", "村名,镇", "--labels", "--format", "csv")
rows = {}
for t in dom.tables:
    if t["class"] == "rows":
        header = t["rows"][0]
        for r in t["rows"][1:]:
            rows[r[0]] = dict(zip(header, r))
check(len(rows) == len(evals) == 69, f"every village in a town table ({len(rows)} of {len(evals)})")
for e in evals:
    key = e["村代码"]
    r = rows.get(key)
    if r is None:
        check(False, f"{key} is in a town table")
        continue
    check(r["评定等级"] == (e["评定等级"] or "未获评"), f"{key}: tier {r['评定等级']} == {e['评定等级']}")
    check(r["村名"] == e["村名"], f"{key}: name")
    want = people(e["排名得分"]) if e["排名得分"] else "—"
    check(r["排名得分"] == want, f"{key}: rank score {r['排名得分']} == {want}")
    want = people(e["考核验收得分"]) if e["考核验收得分"] else "—"
    check(r["考核验收得分"] == want, f"{key}: score {r['考核验收得分']} == {want}")
tiers = next(t for t in dom.tables if t["class"] == "tiers")
awarded = {r[0]: r[2] for r in tiers["rows"][1:]}
for label in set(e["评定等级"] for e in evals if e["评定等级"]):
    n = sum(e["评定等级"] == label for e in evals)
    check(awarded.get(label) == str(n), f"awarded {label}: {awarded.get(label)} == {n}")
none = sum(not e["评定等级"] for e in evals)
check(awarded.get("未获评") == str(none), f"未获评 {awarded.get('未获评')} == {none}")
check(f"参评 {len(evals)} 个" in "".join(dom.paragraphs), "the summary counts the villages")
flat = re.sub(r"\s+", "", text)
check("总体情况" in flat and f"参评{len(evals)}个" in flat, "the printed summary")
check(evals[0]["村代码"] in flat and evals[-1]["村代码"] in flat, "villages' keys in print")
check(flat.count("美好乡村创建等级评定") >= 1 and "分镇(街道)评定结果" in flat, "sections in print")

# ---- zuzhi-zhenxing: targets, verdicts per scope, the ledger ----
data, dom, text = report("zuzhi-zhenxing", "zuzhi")
outcomes = csv_rows("targets", "zuzhi-zhenxing", data, "--labels", "--format", "csv")
ledgers = json.loads(run(score, "targets", "zuzhi-zhenxing", data, "--labels", "--format", "json"))
shown = {}  # (target, scope) -> cells; the ledger row follows its outcome
for t in dom.tables:
    if t["class"] != "targets":
        continue
    label = re.sub(r"（\d+ 年）$", "", t["caption"])
    last = None
    for r in t["rows"][1:]:
        if r[0].startswith("销号台账"):
            shown[last].append(r[0])
        else:
            last = (label, r[0])
            shown[last] = r
check(len(shown) == len(outcomes), f"every outcome shown ({len(shown)} of {len(outcomes)})")
verdicts = {"达标": 0, "未达标": 0, "数据缺失": 0}
for o, j in zip(outcomes, ledgers["outcomes"]):
    key = (o["目标任务"], o["范围"])
    r = shown.get(key)
    if r is None:
        check(False, f"{key} is shown")
        continue
    verdicts[o["结论"]] += 1
    check(r[3] == o["结论"], f"{key}: verdict {r[3]} == {o['结论']}")
    want = people(o["缺口"]) if o["缺口"] else "—"
    check(r[4] == want, f"{key}: shortfall {r[4]} == {want}")
    if o["比较"] not in ("all", "none") and float(o["要求"]) < 1:  # shares, in %
        check(r[1].endswith("%") and abs(float(r[1][:-1]) - 100 * float(o["实际"])) < 0.06,
              f"{key}: actual {r[1]} ≈ {o['实际']}")
    if o["结论"] == "未达标" and j["failing"]:
        check(len(r) == 6 and all(k in r[5] for k in j["failing"]),
              f"{key}: the ledger names every failing key")
summary = "".join(dom.paragraphs)
check(f"达标 {verdicts['达标']} 项" in summary and f"未达标 {verdicts['未达标']} 项" in summary,
      f"the summary counts the verdicts {verdicts}")
flat = re.sub(r"\s+", "", text)
check("目标任务完成情况" in flat and "未达标" in flat, "targets in print")

print(f"{checks} checks, {len(failures)} failure(s)")
sys.exit(1 if failures else 0)

#!/usr/bin/env python3
"""score diff against the district with corrected cells.

    check_diff.py SCORE_BIN PROJECT_DIR WORK_DIR

Writes copies of the district's meihao-xiangcun.csv and
dangzuzhi-pingxing.csv with a few cells corrected (and a row dropped, a row
added), runs `score diff --format csv`, and checks it against two `score
eval --format csv` runs: exactly the rows whose tier changed are listed as
up or down (by the tier order), the dropped row as removed, the added one as
added, and every other row as same; the flipped criteria are those whose
verdict columns differ. Then --param-new against --param on one file, and
--targets against two `score targets` runs.
"""
import csv
import io
import os
import subprocess
import sys

score, project, work = sys.argv[1:4]
district = os.path.join(project, "examples", "data", "district")
os.makedirs(work, exist_ok=True)
failures = []


def run(*args):
    out = subprocess.run([score, *args], check=True, capture_output=True)
    return list(csv.DictReader(io.StringIO(out.stdout.decode("utf-8"))))


def check_rows(ruleset, old, new, levels, extra=(), new_extra=()):
    diff = run("diff", ruleset, old, new, "--format", "csv", *extra, *new_extra)
    before = {r["id"]: r for r in run("eval", ruleset, old, "--format", "csv", *extra)}
    as_param = [a.replace("--param-new", "--param") for a in new_extra]
    after = {r["id"]: r for r in run("eval", ruleset, new, "--format", "csv", *extra, *as_param)}
    rank = {lv: i for i, lv in enumerate(levels)}
    rank[""] = -1
    seen = set()
    for r in diff:
        key = r["key"]
        seen.add(key)
        if key not in after:
            want = "removed"
        elif key not in before:
            want = "added"
        else:
            o, n = before[key]["tier"], after[key]["tier"]
            want = "up" if rank[n] > rank[o] else "down" if rank[n] < rank[o] else "same"
            if (r["tier_old"], r["tier_new"]) != (o, n):
                failures.append(f"{ruleset} {key}: tiers {r['tier_old']},{r['tier_new']} != {o},{n}")
            crit = [c for c in before[key] if c not in ("id", "qualified", "tier", "rank_score")
                    and c in after[key] and not c.endswith("_grade")]
            flips = sorted(c for c in crit if before[key][c] != after[key][c]
                           and c in CRITERIA[ruleset])
            if sorted(r["flipped"].split()) != flips:
                failures.append(f"{ruleset} {key}: flipped {r['flipped']!r} != {flips}")
        if r["change"] != want:
            failures.append(f"{ruleset} {key}: change {r['change']} != {want}")
    if seen != set(before) | set(after):
        failures.append(f"{ruleset}: rows {sorted(seen ^ (set(before) | set(after)))} missing")
    return [r for r in diff if r["change"] != "same"]


def corrected(name, edits, drop=None, add=None):
    with open(os.path.join(district, name), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    out = [head]
    for r in rows[1:]:
        if r[0] == drop:
            continue
        for key, col, value in edits:
            if r[0] == key:
                r[head.index(col)] = value
        out.append(r)
    if add:
        r = list(out[1])
        r[0] = add
        out.append(r)
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(out)
    return path


LEVELS = {
    "meihao-xiangcun": ["clean", "tidy", "boutique", "boutique_demo", "operating_demo"],
    "dangzuzhi-pingxing": ["star1", "star2", "star3", "star4", "star5"],
}
CRITERIA = {}
for rs_id in LEVELS:
    with open(os.path.join(project, "libscore", "rulesets", rs_id + ".yaml"), encoding="utf-8") as f:
        text = f.read()
    block = text.split("\ncriteria:\n", 1)[1].split("\n\n", 1)[0]
    CRITERIA[rs_id] = {line.strip().rstrip(":") for line in block.splitlines()
                       if line.startswith("  ") and not line.startswith("    ")}

old = os.path.join(district, "meihao-xiangcun.csv")
new = corrected("meihao-xiangcun.csv",
                [("3301020106", "群众参与率", "0.65"),      # now an applicant: up
                 ("3301020611", "示范村考评得分", "95"),    # wins the tie it lost: up
                 ("3301020202", "可看性", "否")],           # no change of tier
                drop="3301020110", add="3309999999")
changed = check_rows("meihao-xiangcun", old, new, LEVELS["meihao-xiangcun"])
keys = {r["key"]: r["change"] for r in changed}
for key, want in (("3301020106", "up"), ("3301020611", "up"), ("3301020110", "removed"),
                  ("3309999999", "added")):
    if keys.get(key) != want:
        failures.append(f"meihao-xiangcun {key}: {keys.get(key)} != {want}")

old = os.path.join(district, "dangzuzhi-pingxing.csv")
new = corrected("dangzuzhi-pingxing.csv", [("D3301020101", "减分项", "9"),
                                           ("D3301020102", "书记或班子成员严重违纪违法", "是")])
changed = check_rows("dangzuzhi-pingxing", old, new, LEVELS["dangzuzhi-pingxing"])
if not any(r["key"] == "D3301020102" and r["change"] == "down" for r in changed):
    failures.append("dangzuzhi-pingxing D3301020102: a veto must bring it down")

# one file, two sets of params
same = os.path.join(district, "meihao-xiangcun.csv")
check_rows("meihao-xiangcun", same, same, LEVELS["meihao-xiangcun"],
           extra=("--param", "quota_boutique=5"), new_extra=("--param-new", "quota_boutique=2"))

# targets, old and new
zold = os.path.join(district, "zuzhi-zhenxing.csv")
znew = corrected("zuzhi-zhenxing.csv", [("3301020401", "村党组织星级", "5")])
diff = run("diff", "zuzhi-zhenxing", zold, znew, "--targets", "--format", "csv")
t_old = run("targets", "zuzhi-zhenxing", zold, "--format", "csv")
t_new = run("targets", "zuzhi-zhenxing", znew, "--format", "csv")
if len(diff) != len(t_old):
    failures.append(f"targets: {len(diff)} lines != {len(t_old)}")
for d, a, b in zip(diff, t_old, t_new):
    if (d["target"], d["scope"]) != (a["target"], a["scope"]) or \
            (d["verdict_old"], d["verdict_new"]) != (a["verdict"], b["verdict"]):
        failures.append(f"targets {d['target']} {d['scope']}: {d} vs {a['verdict']},{b['verdict']}")
if not any(d["scope"] == "town=龙泉镇" and d["target"] == "five_star_stage1"
           and d["verdict_old"] == "not_met" and d["verdict_new"] == "met" for d in diff):
    failures.append("targets: five_star_stage1 in 龙泉镇 must become met")

for f in failures:
    print("FAIL", f)
print("ok" if not failures else f"{len(failures)} failures")
sys.exit(1 if failures else 0)

#!/usr/bin/python3
"""The 美好乡村 tiers (meihao-xiangcun) computed with pandas, as an analyst
would write them: vectorised, no loop over rows. The baseline for the
"15x faster than pandas" goal of issue #5.

    bench/baseline_pandas.py DATA.csv [--libscore-csv EVAL.csv] [--repeat N] [--kv FILE]
                             [--no-quotas]

DATA.csv is a meihao-xiangcun file of bench/generate.py (Chinese headers).
It is loaded into a DataFrame first, not timed: bools as pandas' nullable
"boolean" dtype (whose & and | are Kleene logic, as libscore's and/or),
numbers as nullable "Float64" (pd.NA = missing), 67% and 44.6万 read as
decimals. Then the scoring is timed, N times (median): the 19 criteria,
the 考核验收得分 scorecard, the qualified level and the tier allocation with
the 2020 quotas and the 30% cap (ranking by score descending, missing
last, ties by key).

With --no-quotas, the ruleset without quotas and cap (scripts/bench.sh's
meihao-open.yaml): no ranking and no allocation, the tier is the level
qualified for; the figures are then written as pandas_open_* keys.

With --libscore-csv (the output of `score eval meihao-xiangcun DATA.csv
--format csv`), the tiers are compared with libscore's row by row and the
number of rows that differ is printed: it must be 0. The exit status is 1
if any differs.

Two simplifications an analyst would make, exact on this data: numbers are
compared as doubles, not as 15-digit decimals (every value has at most
three decimals), and the score is rounded to 10 decimals before ranking so
that equal decimal sums tie (libscore rounds to 15 significant digits).
"""

import argparse
import statistics
import sys
import time

import numpy as np
import pandas as pd

# (field id, CSV header) of the bench and example data
FIELDS = [
    ("id", "村代码"), ("applied", "申报创建"), ("plan_village", "已编制村庄规划"),
    ("plan_creation", "已编制创建策划"), ("plan_env", "已编制环境提升专项设计"),
    ("leadership_ok", "村级组织廉洁务实"), ("participation", "群众参与率"),
    ("operating_plan", "经营工作思路明晰"), ("sewage_done", "污水革命完成"),
    ("toilet_done", "厕所革命完成"), ("garbage_done", "垃圾革命完成"),
    ("steel_shed_done", "彩钢棚整治完成"), ("env_plan_done", "人居环境整治方案全面完成"),
    ("messes", "四乱问题点数"), ("industry_stage", "产业发展阶段"),
    ("demo_index", "示范村考评得分"), ("civility", "乡风文明得分"),
    ("governance", "乡村治理得分"), ("beauty", "村庄建设美度得分"),
    ("learnable", "可学性"), ("viewable", "可看性"), ("replicable", "可复制"),
    ("comprehensive", "综合性"), ("model_project", "有引领示范项目、模范做法或独到模式"),
    ("prior_tier", "已获等级"), ("income_growth", "村民人均可支配收入增长率"),
    ("collective_income", "村集体经济收入(元)"),
    ("collective_income_prev", "上年村集体经济收入(元)"), ("harmony_ok", "村庄健康持续发展"),
]
BOOLS = {"applied", "plan_village", "plan_creation", "plan_env", "leadership_ok",
         "operating_plan", "sewage_done", "toilet_done", "garbage_done", "steel_shed_done",
         "env_plan_done", "learnable", "viewable", "replicable", "comprehensive",
         "model_project", "harmony_ok"}
TEXTS = {"id", "prior_tier"}
LEVELS = ["clean", "tidy", "boutique", "boutique_demo", "operating_demo"]

# the ruleset's default params (libscore/rulesets/meihao-xiangcun.yaml)
PARTICIPATION_MIN = 0.60
MESSES_BASIC_MAX = 3
DEMO_PASS = 80
DEMO_EXCEED = 90
QUALITY_MIN = 80
DEMO_CAP = 0.30
QUOTAS = [10, 5, 5, 4, 3]          # clean .. operating_demo


# ---------------------------------------------------------------------------
# Loading (not timed)
# ---------------------------------------------------------------------------

def to_number(s):
    """Strings to Float64: "" missing; 67% and 44.6万 as exact decimals."""
    s = s.astype(object)
    out = s.copy()
    for suffix, exp in (("%", "e-2"), ("千", "e3"), ("万", "e4"), ("亿", "e8")):
        m = s.str.endswith(suffix)
        if m.any():
            out[m] = s[m].str[:-len(suffix)] + exp
    out = out.replace("", np.nan)
    return pd.array(out.astype(float), dtype="Float64")


def to_bool(s):
    m = {"是": True, "否": False, "1": True, "0": False, "true": True, "false": False}
    return pd.array(s.map(m), dtype="boolean")


def load(path):
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    df = pd.DataFrame(index=raw.index)
    for fid, label in FIELDS:
        col = raw[label] if label in raw.columns else raw[fid]
        if fid in BOOLS:
            df[fid] = to_bool(col)
        elif fid in TEXTS:
            df[fid] = col.replace("", np.nan)
        else:
            df[fid] = to_number(col)
    return df


# ---------------------------------------------------------------------------
# Scoring (timed)
# ---------------------------------------------------------------------------

def score(df, quotas=True):
    """Criteria, scorecard, qualified level and awarded tier per row."""
    c = pd.DataFrame(index=df.index)
    c["application_ok"] = (df.applied & df.plan_village & df.plan_creation & df.plan_env
                           & df.leadership_ok & (df.participation >= PARTICIPATION_MIN)
                           & df.operating_plan)
    c["three_revolutions"] = df.sewage_done & df.toilet_done & df.garbage_done
    c["messes_basic"] = df.messes <= MESSES_BASIC_MAX
    c["messes_cleared"] = df.messes == 0
    c["steel_shed"] = df.steel_shed_done
    c["env_plan"] = df.env_plan_done
    c["industry_ideas"] = df.industry_stage >= 1
    c["demo_standard"] = df.demo_index >= DEMO_PASS
    c["industry_shaping"] = df.industry_stage >= 2
    c["civility_ok"] = df.civility >= QUALITY_MIN
    c["governance_ok"] = df.governance >= QUALITY_MIN
    c["beauty_ok"] = df.beauty >= QUALITY_MIN
    c["demo_exceeded"] = df.demo_index >= DEMO_EXCEED
    c["demo_leading"] = df.learnable & df.viewable & df.replicable & df.comprehensive
    c["model_project_ok"] = df.model_project
    c["was_boutique_demo"] = df.prior_tier.fillna("") == "boutique_demo"
    c["min_fu"] = df.income_growth > 0
    c["cun_qiang"] = df.collective_income > df.collective_income_prev
    c["ren_he"] = df.harmony_ok

    # 考核验收得分: capped items, 0..100 (a missing item leaves it missing)
    assessment = (np.minimum(df.demo_index * 0.4, 40) + np.minimum(df.civility * 0.2, 20)
                  + np.minimum(df.governance * 0.2, 20) + np.minimum(df.beauty * 0.2, 20))
    assessment = assessment.clip(0, 100)

    # levels: a requirement that is unknown (NA) is not met
    met = lambda *names: np.logical_and.reduce([c[n].fillna(False).to_numpy(bool) for n in names])
    lv = [met("three_revolutions", "messes_basic"),
          met("steel_shed", "env_plan", "messes_cleared", "industry_ideas"),
          met("demo_standard", "industry_shaping", "civility_ok", "governance_ok", "beauty_ok"),
          met("demo_exceeded", "demo_leading", "model_project_ok"),
          met("was_boutique_demo", "min_fu", "cun_qiang", "ren_he")]
    eligible = c.application_ok.fillna(False).to_numpy(bool)
    qualified = np.full(len(df), -1, dtype=np.int8)
    reach = eligible.copy()
    for k in range(len(LEVELS)):
        reach &= lv[k]
        qualified[reach] = k
    if not quotas:  # every level awards all its candidates
        return c, assessment, qualified, qualified.copy()
    applicants = int(eligible.sum())

    # allocation: one ranking of the qualified rows serves every level
    cand = pd.DataFrame({"rank": assessment.round(10), "id": df.id})[qualified >= 0]
    order = cand.sort_values(["rank", "id"], ascending=[False, True],
                             na_position="last").index.to_numpy()
    tier = np.full(len(df), -1, dtype=np.int8)
    caps = [None, None, None, DEMO_CAP, None]
    for k in reversed(range(len(LEVELS))):
        limit = QUOTAS[k]
        if caps[k] is not None:
            limit = min(limit, int(np.floor(round(caps[k] * applicants, 9))))
        pick = order[(tier[order] < 0) & (qualified[order] >= k)][:limit]
        tier[pick] = k
    return c, assessment, qualified, tier


# ---------------------------------------------------------------------------

def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data")
    ap.add_argument("--libscore-csv", help="score eval ... --format csv output to compare with")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--kv", help="write the figures as KEY VALUE lines to this file")
    ap.add_argument("--no-quotas", action="store_true",
                    help="the ruleset without quotas and cap: no allocation")
    args = ap.parse_args(argv[1:])

    t = time.monotonic()
    df = load(args.data)
    load_s = time.monotonic() - t

    walls, cpus = [], []
    for _ in range(max(1, args.repeat)):
        w, p = time.monotonic(), time.process_time()
        _, _, qualified, tier = score(df, quotas=not args.no_quotas)
        walls.append(time.monotonic() - w)
        cpus.append(time.process_time() - p)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    n = len(df)
    print("pandas %s on %s: %d rows, loaded in %.1f s (not timed), %d runs (medians)"
          % (pd.__version__, args.data, n, load_s, len(walls)))
    print("  %-28s %9.1f ms (min %7.1f, max %7.1f)  cpu %9.1f ms  %11.1f rows/s"
          % ("pandas scoring", wall * 1e3, min(walls) * 1e3, max(walls) * 1e3, cpu * 1e3,
             n / wall))
    print("  awarded:", " ".join("%s %d" % (LEVELS[k], int((tier == k).sum()))
                                  for k in range(len(LEVELS))))
    p = "pandas_open" if args.no_quotas else "pandas"
    kv = ["rows %d" % n, "pandas_version %s" % pd.__version__, "%s_ms %.3f" % (p, wall * 1e3),
          "%s_min_ms %.3f" % (p, min(walls) * 1e3), "%s_cpu_ms %.3f" % (p, cpu * 1e3)]
    status = 0
    if args.libscore_csv:
        lib = pd.read_csv(args.libscore_csv, dtype=str, keep_default_na=False,
                          usecols=["id", "qualified", "tier"])
        ids = lib["id"].to_numpy()
        if len(lib) != n or not (ids == df.id.to_numpy()).all():
            print("  libscore's output does not list the same rows", file=sys.stderr)
            return 1
        code = {"": -1, **{name: k for k, name in enumerate(LEVELS)}}
        lt = lib["tier"].map(code).to_numpy()
        lq = lib["qualified"].map(code).to_numpy()
        dt, dq = int((lt != tier).sum()), int((lq != qualified).sum())
        print("  rows that differ from libscore: tier %d, qualified %d (of %d rows)" % (dt, dq, n))
        kv += ["%s_tier_mismatches %d" % (p, dt), "%s_qualified_mismatches %d" % (p, dq)]
        status = 1 if dt or dq else 0
    if args.kv:
        with open(args.kv, "w") as f:
            f.write("\n".join(kv) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))

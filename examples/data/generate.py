#!/usr/bin/env python3
"""Generate the fictional example district (青山区) for libscore.

    python3 examples/data/generate.py [OUTDIR]      (default: examples/data/district)

Python 3 standard library only. Deterministic: every random choice comes from
random.Random seeded with SEED, so two runs write identical bytes.

Files (UTF-8, LF line ends, Chinese headers = the field labels of the built-in
rulesets in docs/builtins.md; year columns as LABEL_YYYY):

    meihao-xiangcun.csv     69 villages, 美好乡村创建等级评定 (2020 assessment)
    zuzhi-zhenxing.csv      69 villages, 乡村组织振兴目标 (income 2019-2022)
    renju-huanjing.csv      69 villages, 人居环境 四化·七改·三归 coverage shares
    dangzuzhi-pingxing.csv  69 village party branches, 村党组织评星定级
    dangyuan-jifen.csv      3000 party members, 党员量化积分

All names, codes and numbers are invented. See README.md next to this file
for the deliberate features (quota binding, ties, blank cells, ...).
"""

import csv
import os
import random
import sys

SEED = 20200401

# ---------------------------------------------------------------------------
# Header lists: (field id of the built-in ruleset, CSV header = its label).
# Compare these with docs/builtins.md.
# ---------------------------------------------------------------------------

VILLAGE_KEY_FIELDS = [
    ("id", "村代码"),
    ("name", "村名"),
    ("town", "镇(街道)"),
    ("county", "区县"),
]

MEIHAO_FIELDS = VILLAGE_KEY_FIELDS + [
    ("applied", "申报创建"),
    ("plan_village", "已编制村庄规划"),
    ("plan_creation", "已编制创建策划"),
    ("plan_env", "已编制环境提升专项设计"),
    ("leadership_ok", "村级组织廉洁务实"),
    ("participation", "群众参与率"),
    ("operating_plan", "经营工作思路明晰"),
    ("sewage_done", "污水革命完成"),
    ("toilet_done", "厕所革命完成"),
    ("garbage_done", "垃圾革命完成"),
    ("steel_shed_done", "彩钢棚整治完成"),
    ("env_plan_done", "人居环境整治方案全面完成"),
    ("messes", "四乱问题点数"),
    ("industry_stage", "产业发展阶段"),
    ("demo_index", "示范村考评得分"),
    ("civility", "乡风文明得分"),
    ("governance", "乡村治理得分"),
    ("beauty", "村庄建设美度得分"),
    ("learnable", "可学性"),
    ("viewable", "可看性"),
    ("replicable", "可复制"),
    ("comprehensive", "综合性"),
    ("model_project", "有引领示范项目、模范做法或独到模式"),
    ("prior_tier", "已获等级"),
    ("income_growth", "村民人均可支配收入增长率"),
    ("collective_income", "村集体经济收入(元)"),
    ("collective_income_prev", "上年村集体经济收入(元)"),
    ("harmony_ok", "村庄健康持续发展"),
]

ZUZHI_YEARS = [2019, 2020, 2021, 2022]
ZUZHI_FIELDS = VILLAGE_KEY_FIELDS + [
    ("branch_stars", "村党组织星级"),
    ("supervision_committee", "已建立村务监督委员会"),
    ("collective_org", "已建立农村集体经济组织"),
] + [
    ("collective_income_%d" % y, "村集体经济收入(元)_%d" % y) for y in ZUZHI_YEARS
] + [
    ("last_member_year", "最近一次发展党员年份"),
    ("first_secretary", "已选派第一书记"),
    ("key_village", "扶贫工作重点村"),
    ("weak_branch", "软弱涣散村"),
]

RENJU_SHARES = [
    ("road_hardening", "道路硬化率"),
    ("greening", "绿化覆盖率"),
    ("beautification", "美化达标率"),
    ("lighting", "亮化覆盖率"),
    ("kitchen_reform", "改厨率"),
    ("toilet_reform", "改厕率"),
    ("yard_reform", "改院率"),
    ("power_reform", "改电率"),
    ("energy_reform", "改能源率"),
    ("style_reform", "改风貌率"),
    ("habits_reform", "改习惯率"),
    ("livestock_penned", "畜禽归圈率"),
    ("goods_in_place", "生活用品摆放归位率"),
    ("garbage_binned", "垃圾归箱率"),
]
RENJU_FIELDS = VILLAGE_KEY_FIELDS + RENJU_SHARES

DANGZUZHI_FIELDS = [
    ("id", "党组织代码"),
    ("name", "党组织名称"),
    ("town", "镇(街道)"),
    ("county", "区县"),
    ("base_score", "基础项得分"),
    ("deductions", "减分项"),
    ("review_score", "评议项得分"),
    ("prior_stars", "上年星级"),
    ("veto_discipline", "书记或班子成员严重违纪违法"),
    ("veto_accident", "发生重大安全生产或环境污染事故"),
    ("veto_incident", "发生重大刑事案件或群体性事件"),
]

# branch holds the 党组织代码 of the member's branch (the id column of
# dangzuzhi-pingxing.csv), not its name.
DANGYUAN_FIELDS = [
    ("id", "党员编号"),
    ("name", "姓名"),
    ("branch", "所在支部"),
    ("town", "镇(街道)"),
    ("county", "区县"),
    ("category", "党员类别"),
    ("study_sessions", "集中学习次数"),
    ("meetings", "参加三会一课次数"),
    ("volunteer_hours", "志愿服务时长"),
    ("key_tasks", "承担重点任务数"),
    ("deduction_points", "扣分"),
    ("review_score", "民主评议得分"),
    ("veto", "一票否决事项"),
    ("prior_score", "上年积分"),
]

# ---------------------------------------------------------------------------
# The district
# ---------------------------------------------------------------------------

COUNTY = "青山区"
COUNTY_CODE = "330102"
# (town name, number of 行政村); 69 villages in all.
TOWNS = [
    ("青山街道", 10),
    ("柳溪镇", 12),
    ("白石镇", 13),
    ("龙泉镇", 11),
    ("桃源镇", 12),
    ("双河镇", 11),
]

VILLAGE_NAMES = """
李家村 王家村 张家村 陈家湾村 柳塘村 石桥村 桃花村 杨柳村 新华村 红星村
前进村 和平村 东山村 西山村 南坪村 北岭村 大田村 小河村 龙潭村 凤凰村
白果村 松林村 竹园村 梅岭村 荷花村 双井村 三合村 四方村 五里村 七星村
八角村 青龙村 黄土村 金竹村 银杏村 水口村 岭下村 塘边村 坪上村 高桥村
长岭村 马鞍村 狮子村 象山村 麻石村 枫树村 樟树村 桂花村 茶园村 果园村
新村 联合村 团结村 胜利村 光明村 永安村 长安村 太平村 丰收村 民主村
建设村 友谊村 幸福村 清水村 沙坪村 石门村 牛角村 鹅塘村 花园村 刘家庄村
赵家坝村 周家冲村 吴家岭村 孙家湾村 黄泥村 杏林村 柏树村 田心村 上坪村 下湾村
""".split()

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江"
)
# the first surnames are much more common than the last ones
SURNAME_WEIGHTS = [max(1.0, 30.0 - i * 0.45) for i in range(len(SURNAMES))]
GIVEN_OLD = "德福贵荣桂英兰芳秀珍凤华国明建军玉梅成富有才春花金顺永福淑琴"
GIVEN_YOUNG = "伟芳娜敏静丽强磊洋勇艳杰娟涛超霞平刚辉鹏浩宇婷雪琳欣晨阳博凯佳怡子轩梓涵"


# ---------------------------------------------------------------------------
# Formatting helpers
# ---------------------------------------------------------------------------

def num(x, nd=1):
    """Plain decimal with at most nd decimals, no exponent, no trailing zeros."""
    if x is None:
        return ""
    s = "%.*f" % (nd, x)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s == "-0":
        s = "0"
    return s


def pct(x, nd=1):
    """A share 0.653 written as 65.3%."""
    return num(x * 100, nd) + "%"


def wan(yuan):
    """Whole yuan divisible by 1000 written as 12.3万 (exact)."""
    assert yuan % 1000 == 0
    w, r = divmod(yuan, 10000)
    return "%d万" % w if r == 0 else "%d.%d万" % (w, r // 1000)


def b_cn(v):
    return "" if v is None else ("是" if v else "否")


def b_01(v):
    return "" if v is None else ("1" if v else "0")


def write_csv(path, fields, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([label for _, label in fields])
        for r in rows:
            w.writerow([r[fid] for fid, _ in fields])


# ---------------------------------------------------------------------------
# Villages
# ---------------------------------------------------------------------------

def make_villages(rng):
    names = VILLAGE_NAMES[:]
    rng.shuffle(names)
    villages = []
    k = 0
    for ti, (town, n) in enumerate(TOWNS, start=1):
        for vi in range(1, n + 1):
            villages.append({
                "id": "%s%02d%02d" % (COUNTY_CODE, ti, vi),
                "name": names[k],
                "town": town,
                "county": COUNTY,
                # latent "how well-run is this village", shared by all files
                "strength": rng.random(),
                # households, drives the number of party members
                "size": rng.randint(260, 1100),
            })
            k += 1
    return villages


def assign_profiles(rng, villages):
    """Decide, per village, its intended outcome in the 2020 美好乡村 round.

    OP    qualifies for 经营示范村 (a previous 精品示范村)
    BD    qualifies for 精品示范村 at most
    B     qualifies for 精品村 at most
    T     qualifies for 整洁村 at most
    C     qualifies for 清洁村 at most
    N     applicant (申报基本条件 met) that qualifies for no tier
    INEL  applied but 申报基本条件 not met (or unknown)
    NONAPP did not apply
    """
    order = sorted(villages, key=lambda v: -(v["strength"] + rng.gauss(0, 0.12)))
    plan = [("OP", 5), ("BD", 6), ("B", 4), ("T", 5), ("C", 10), ("N", 3), ("INEL", 4)]
    i = 0
    for prof, n in plan:
        for v in order[i:i + n]:
            v["profile"] = prof
        i += n
    for v in order[i:]:
        v["profile"] = "NONAPP"


def group(villages, prof):
    return [v for v in villages if v["profile"] == prof]


# ---------------------------------------------------------------------------
# Collective income 2019-2022 (shared by meihao-xiangcun and zuzhi-zhenxing)
# ---------------------------------------------------------------------------

def round100(x):
    return int(round(x / 100.0)) * 100


def make_incomes(rng, villages, special):
    """Fill v['inc'] = {year: yuan}.  special: dict of role -> village."""
    by_rank = sorted(villages, key=lambda v: -(v["strength"] + rng.gauss(0, 0.15)))
    strong = {"OP", "BD", "B"}
    # 3 shell villages (0 yuan in 2019) among the weakest non-applicants,
    # 5 weak villages (under 3万 in 2019) among the next weakest non-top ones.
    bottom = [v for v in reversed(by_rank)]
    shells = [v for v in bottom if v["profile"] == "NONAPP"][:3]
    weak = [v for v in bottom if v["profile"] not in strong and v not in shells][:5]
    special["shells"] = shells
    special["weak"] = weak
    rest = [v for v in by_rank if v not in shells and v not in weak]
    # 34 of 69 villages above 10万 in 2022 (rich_half needs 35: shortfall 1)
    rich = rest[:34]
    poor = rest[34:]
    for j, v in enumerate(rich):
        top = 1.0 - j / len(rich)
        v["inc2022"] = round100(rng.uniform(105000, 160000) + top * top * 620000)
    for v in poor:
        v["inc2022"] = round100(rng.uniform(52000, 98000))
    # one ordinary village stays under the 5万 floor in 2022
    poor[-1]["inc2022"] = round100(rng.uniform(42000, 48000))
    special["floor_fail_plain"] = poor[-1]

    for v in rest:
        inc = {2022: v["inc2022"]}
        g21 = rng.uniform(0.03, 0.20)
        g20 = rng.uniform(0.04, 0.22)
        g19 = rng.uniform(-0.08, 0.25)
        if v["profile"] == "OP":
            g19 = rng.uniform(0.06, 0.30)       # 村强: income up in 2020
        inc[2021] = round100(inc[2022] / (1 + g21))
        inc[2020] = round100(inc[2021] / (1 + g20))
        inc[2019] = round100(inc[2020] / (1 + g19))
        v["inc"] = inc
    # the previous 精品示范村 whose collective income fell in 2020 (村强 fails)
    d = special["bd_income_drop"]
    d["inc"][2019] = round100(d["inc"][2020] * rng.uniform(1.08, 1.15))

    # shells: 0 in 2019; one is still 0 in 2020 (1 of 69 = 1.4%: 基本消除 holds)
    for k, v in enumerate(shells):
        inc = {2019: 0}
        inc[2020] = 0 if k == 0 else round100(rng.uniform(15000, 32000))
        inc[2021] = round100(rng.uniform(30000, 45000))
        inc[2022] = round100(rng.uniform(52000, 70000))
        v["inc"] = inc
    shells[1]["inc"][2022] = 46000          # under the 5万 floor in 2022
    special["shell_2020"] = shells[0]
    # weak: under 3万 in 2019, doubled by 2020 except one
    for k, v in enumerate(weak):
        inc = {2019: round100(rng.uniform(8000, 28000))}
        factor = rng.uniform(2.05, 2.7) if k != 0 else 1.38
        inc[2020] = round100(inc[2019] * factor)
        inc[2021] = round100(inc[2020] * rng.uniform(1.1, 1.4))
        inc[2022] = max(round100(inc[2021] * rng.uniform(1.1, 1.4)), 52000)
        v["inc"] = inc
    weak[1]["inc"][2019] = 15000             # exactly doubled: 3万 in 2020
    weak[1]["inc"][2020] = 30000
    special["weak_not_doubled"] = weak[0]
    special["weak_exactly_doubled"] = weak[1]


# ---------------------------------------------------------------------------
# meihao-xiangcun
# ---------------------------------------------------------------------------

def score(rng, lo, hi):
    return round(rng.uniform(lo, hi), 1)


def assessment(r):
    return 0.4 * r["demo_index"] + 0.2 * r["civility"] + 0.2 * r["governance"] + 0.2 * r["beauty"]


def meihao_base(rng, v):
    """Values of an eligible applicant (申报基本条件 all met)."""
    return {
        "applied": True, "plan_village": True, "plan_creation": True,
        "plan_env": True, "leadership_ok": True,
        "participation": round(rng.uniform(0.62, 0.95), 2),
        "operating_plan": True,
        "sewage_done": True, "toilet_done": True, "garbage_done": True,
        "harmony_ok": rng.random() < 0.9,
        "income_growth": round(rng.uniform(-0.02, 0.12), 3),
        "prior_tier": "",
    }


def meihao_rows(rng, villages, special):
    rows = {}
    for v in villages:
        p = v["profile"]
        r = {"id": v["id"], "name": v["name"], "town": v["town"], "county": v["county"]}
        if p in ("OP", "BD"):
            r.update(meihao_base(rng, v))
            r.update({
                "steel_shed_done": True, "env_plan_done": True, "messes": 0,
                "industry_stage": 3 if p == "OP" or rng.random() < 0.5 else 2,
                "demo_index": score(rng, 93, 98) if p == "OP" else score(rng, 90, 94.5),
                "civility": score(rng, 88, 97) if p == "OP" else score(rng, 82, 93),
                "governance": score(rng, 88, 97) if p == "OP" else score(rng, 82, 93),
                "beauty": score(rng, 88, 97) if p == "OP" else score(rng, 82, 93),
                "learnable": True, "viewable": True, "replicable": True,
                "comprehensive": True, "model_project": True,
            })
            if p == "OP":
                r["prior_tier"] = "boutique_demo"
                r["income_growth"] = round(rng.uniform(0.03, 0.12), 3)
                r["harmony_ok"] = True
            else:
                r["prior_tier"] = rng.choice(["", "boutique", "boutique"])
        elif p == "B":
            r.update(meihao_base(rng, v))
            r.update({
                "steel_shed_done": True, "env_plan_done": True, "messes": 0,
                "industry_stage": rng.choice([2, 2, 3]),
                "demo_index": score(rng, 81, 89.5),
                "civility": score(rng, 80.5, 92), "governance": score(rng, 80.5, 92),
                "beauty": score(rng, 80.5, 92),
                "learnable": rng.random() < 0.6, "viewable": rng.random() < 0.7,
                "replicable": rng.random() < 0.5, "comprehensive": rng.random() < 0.6,
                "model_project": rng.random() < 0.4,
                "prior_tier": rng.choice(["", "tidy", "tidy"]),
            })
        elif p == "T":
            r.update(meihao_base(rng, v))
            r.update({
                "steel_shed_done": True, "env_plan_done": True, "messes": 0,
                "industry_stage": rng.choice([1, 2]),
                "demo_index": score(rng, 72, 86), "civility": score(rng, 74, 88),
                "governance": score(rng, 74, 88), "beauty": score(rng, 74, 88),
                "learnable": False, "viewable": rng.random() < 0.3,
                "replicable": False, "comprehensive": False, "model_project": False,
                "prior_tier": rng.choice(["", "clean", "clean"]),
            })
        elif p in ("C", "N", "INEL"):
            r.update(meihao_base(rng, v))
            r.update({
                "steel_shed_done": rng.random() < 0.6,
                "env_plan_done": rng.random() < 0.5,
                "messes": rng.choice([0, 1, 1, 2, 2, 3]),
                "industry_stage": rng.choice([0, 1, 1, 2]),
                "demo_index": score(rng, 66, 84), "civility": score(rng, 68, 86),
                "governance": score(rng, 68, 86), "beauty": score(rng, 66, 85),
                "learnable": False, "viewable": False, "replicable": False,
                "comprehensive": False, "model_project": False,
                "prior_tier": rng.choice(["", "", "", "clean"]),
            })
        else:  # NONAPP
            r.update({
                "applied": False,
                "plan_village": rng.random() < 0.7,
                "plan_creation": rng.random() < 0.3,
                "plan_env": rng.random() < 0.25,
                "leadership_ok": rng.random() < 0.95,
                "participation": round(rng.uniform(0.40, 0.85), 2),
                "operating_plan": rng.random() < 0.35,
                "sewage_done": rng.random() < 0.75,
                "toilet_done": rng.random() < 0.8,
                "garbage_done": rng.random() < 0.85,
                "steel_shed_done": rng.random() < 0.45,
                "env_plan_done": rng.random() < 0.35,
                "messes": rng.choice([0, 1, 2, 2, 3, 3, 4, 5, 6, 8]),
                "industry_stage": rng.choice([0, 0, 1, 1, 1, 2]),
                "demo_index": score(rng, 60, 86), "civility": score(rng, 60, 88),
                "governance": score(rng, 60, 88), "beauty": score(rng, 60, 86),
                "learnable": rng.random() < 0.1, "viewable": rng.random() < 0.15,
                "replicable": rng.random() < 0.1, "comprehensive": rng.random() < 0.1,
                "model_project": rng.random() < 0.08,
                "prior_tier": rng.choice([""] * 6 + ["clean", "tidy"]),
                "harmony_ok": rng.random() < 0.8,
                "income_growth": round(rng.uniform(-0.02, 0.10), 3),
            })
        r["collective_income"] = v["inc"][2020]
        r["collective_income_prev"] = v["inc"][2019]
        rows[v["id"]] = r

    C = group(villages, "C")
    T = group(villages, "T")
    B = group(villages, "B")
    N = group(villages, "N")
    INEL = group(villages, "INEL")
    R = lambda v: rows[v["id"]]

    # 清洁村 level: each fails one requirement of 整洁村 on purpose
    for k, v in enumerate(C):
        r = R(v)
        fail = k % 4
        r["steel_shed_done"] = fail != 0 and r["steel_shed_done"]
        r["env_plan_done"] = fail != 1 and rng.random() < 0.7
        if fail == 2:
            r["messes"] = rng.choice([1, 2, 3])
        if fail == 3:
            r["industry_stage"] = 0
    R(C[1])["messes"] = 3                    # boundary: messes == messes_basic_max
    R(C[2])["participation"] = 0.6           # boundary: participation == 60%
    special["messes_boundary"] = C[1]
    special["participation_boundary"] = C[2]

    # 整洁村 level: each fails one requirement of 精品村
    for k, v in enumerate(T):
        r = R(v)
        fail = k % 3
        if fail == 0:
            r["demo_index"] = score(rng, 72, 79.5)
        elif fail == 1:
            r["industry_stage"] = 1
        else:
            r["civility"] = score(rng, 74, 79.5)
    # T[0]: otherwise a 精品村 but 村庄建设美度得分 was not filed
    blank_beauty = T[0]
    R(blank_beauty).update({"demo_index": 84.5, "industry_stage": 2,
                            "civility": 86.0, "governance": 83.5, "beauty": None})
    special["blank_beauty"] = blank_beauty

    # 精品村 level: each fails one extra requirement of 精品示范村
    for k, v in enumerate(B):
        r = R(v)
        if k % 2 == 1:
            r["demo_index"] = score(rng, 90.5, 93)    # exceeds, but ...
            r["model_project"] = False                # ... no model project
    # a previous 精品示范村 that slipped under demo_exceed (90)
    r = R(B[0])
    r["prior_tier"] = "boutique_demo"
    r["demo_index"] = 87.0
    special["bd_slipped"] = B[0]

    # applicants that qualify for no tier
    R(N[0])["toilet_done"] = None            # unknown: 厕所革命 not reported
    R(N[1])["messes"] = 5
    R(N[2])["garbage_done"] = False
    special["blank_toilet"] = N[0]

    # applied but 申报基本条件 not met / unknown
    R(INEL[0])["participation"] = 0.52
    R(INEL[1])["plan_env"] = False
    R(INEL[2])["operating_plan"] = False
    R(INEL[3])["participation"] = None       # unknown eligibility
    special["blank_participation"] = INEL[3]

    # previous 精品示范村 that did not apply this year
    nonapp = sorted(group(villages, "NONAPP"), key=lambda v: -v["strength"])
    r = R(nonapp[0])
    r.update({"prior_tier": "boutique_demo", "demo_index": 88.5,
              "learnable": True, "viewable": True, "model_project": True})
    special["bd_not_applied"] = nonapp[0]

    BD = group(villages, "BD")
    R(special["bd_income_drop"])["prior_tier"] = "boutique_demo"
    # boundary: the weakest 精品示范村 candidate has demo_index exactly 90
    lowest = min(BD, key=lambda v: (assessment(R(v)), v["id"]))
    R(lowest)["demo_index"] = 90.0
    special["demo_boundary"] = lowest

    # a tie in 考核验收得分 at the 精品示范村 quota boundary (4th/5th place):
    # the 2 lowest 经营示范村 candidates drop into the 精品示范村 competition
    # above all BD villages, so places 4 and 5 are BD places 2 and 3.
    OP = group(villages, "OP")
    key = lambda v: (-assessment(R(v)), v["id"])
    bd_rank = sorted(BD, key=key)
    a, b = bd_rank[1], bd_rank[2]
    for f in ("demo_index", "civility", "governance", "beauty"):
        R(b)[f] = R(a)[f]
    special["tie"] = sorted([a, b], key=lambda v: v["id"])
    assert min(assessment(R(v)) for v in OP) > max(assessment(R(v)) for v in BD)

    # readable number forms the reader also accepts: 65%, 2.5万, 5.3%
    out = []
    for v in villages:
        r = dict(R(v))
        for f in ("applied", "plan_village", "plan_creation", "plan_env",
                  "leadership_ok", "operating_plan", "sewage_done", "toilet_done",
                  "garbage_done", "steel_shed_done", "env_plan_done", "learnable",
                  "viewable", "replicable", "comprehensive", "model_project",
                  "harmony_ok"):
            r[f] = b_cn(r[f])
        p = r["participation"]
        if p is None:
            r["participation"] = ""
        elif rng.random() < 0.2:
            r["participation"] = pct(p, 0)
        else:
            r["participation"] = num(p, 2)
        g = r["income_growth"]
        r["income_growth"] = pct(g, 1) if rng.random() < 0.15 else num(g, 3)
        for f in ("messes", "industry_stage"):
            r[f] = num(r[f], 0)
        for f in ("demo_index", "civility", "governance", "beauty"):
            r[f] = num(r[f], 1)
        for f in ("collective_income", "collective_income_prev"):
            y = r[f]
            r[f] = wan(y) if (y % 1000 == 0 and y > 0 and rng.random() < 0.5) else str(y)
        out.append(r)

    # a few blank cells among the non-applicants (fields nobody filled in)
    blankable = ["plan_creation", "plan_env", "operating_plan", "steel_shed_done",
                 "env_plan_done", "industry_stage", "civility", "governance",
                 "beauty", "learnable", "viewable", "replicable", "comprehensive",
                 "model_project", "income_growth", "harmony_ok"]
    for r in out:
        if rows[r["id"]]["applied"] is False:
            for f in blankable:
                if rng.random() < 0.045:
                    r[f] = ""
    return out, rows


# ---------------------------------------------------------------------------
# zuzhi-zhenxing
# ---------------------------------------------------------------------------

def zuzhi_rows(rng, villages, special):
    order = sorted(villages, key=lambda v: -(v["strength"] + rng.gauss(0, 0.1)))
    n = len(order)
    stars = {}
    for j, v in enumerate(order):
        if j < 24:
            s = 5                     # 24 of 69 = 34.8%
        elif j < 46:
            s = 4
        elif j < n - 3:
            s = 3
        else:
            s = 2
        stars[v["id"]] = s
    stars[order[-1]["id"]] = 1         # 3 branches at two stars or below
    low = [v for v in order if stars[v["id"]] <= 2]
    special["low_star"] = low

    key_villages = set(v["id"] for v in order[-16:] if rng.random() < 0.6)
    key_villages |= set(v["id"] for v in special["shells"][:2])
    weak_branch = set(v["id"] for v in low) | {order[-6]["id"]}

    out = []
    for v in villages:
        vid = v["id"]
        inc = v["inc"]
        shell2020 = inc[2020] == 0
        r = {"id": vid, "name": v["name"], "town": v["town"], "county": v["county"],
             "branch_stars": str(stars[vid]),
             "supervision_committee": True, "collective_org": True}
        for y in ZUZHI_YEARS:
            val = inc[y]
            r["collective_income_%d" % y] = (
                wan(val) if (val > 0 and val % 1000 == 0 and rng.random() < 0.25) else str(val))
        r["last_member_year"] = rng.choice([2020, 2021, 2021, 2022, 2022, 2022])
        r["key_village"] = vid in key_villages
        r["weak_branch"] = vid in weak_branch
        needs = r["key_village"] or r["weak_branch"] or shell2020
        r["first_secretary"] = True if needs else rng.random() < 0.15
        out.append(r)
    byid = {r["id"]: r for r in out}

    # 村务监督委员会 missing in two villages, 集体经济组织 in one
    nosup = [order[-2], order[40]]
    for v in nosup:
        byid[v["id"]]["supervision_committee"] = False
    byid[order[-4]["id"]]["collective_org"] = False
    special["no_supervision"] = nosup
    special["no_collective_org"] = [order[-4]]

    # a key village without a 第一书记 (销号 ledger entry)
    kv = sorted(key_villages)
    miss = [x for x in kv if x not in weak_branch
            and x not in {s["id"] for s in special["shells"]}][0]
    byid[miss]["first_secretary"] = False
    special["no_first_secretary"] = miss

    # no new party member for 3+ years (2022 − year >= 3)
    cand = [v for v in villages if v not in special["shells"]]
    rng.shuffle(cand)
    old = cand[:6]
    years = [2016, 2017, 2018, 2018, 2019, 2019]
    for v, y in zip(old, years):
        byid[v["id"]]["last_member_year"] = y
    byid[cand[6]["id"]]["last_member_year"] = 2020      # gap 2: not flagged
    special["member_gap"] = list(zip(old, years))
    special["member_gap_2"] = cand[6]
    # blanks: two villages did not report the year, five 2021 incomes missing
    special["blank_member_year"] = cand[7:9]
    for v in cand[7:9]:
        byid[v["id"]]["last_member_year"] = None
    special["blank_2021"] = cand[9:14]
    for v in cand[9:14]:
        byid[v["id"]]["collective_income_2021"] = ""

    for r in out:
        for f in ("supervision_committee", "collective_org", "first_secretary",
                  "key_village", "weak_branch"):
            r[f] = b_01(r[f])
        r["last_member_year"] = "" if r["last_member_year"] is None else str(r["last_member_year"])
    return out


# ---------------------------------------------------------------------------
# renju-huanjing
# ---------------------------------------------------------------------------

def renju_rows(rng, villages, special):
    laggards = sorted(villages, key=lambda v: v["strength"])[:4]
    special["renju_laggards"] = laggards
    lag_ids = {v["id"] for v in laggards}
    # typical level per share (most villages close to full coverage)
    typical = {
        "road_hardening": (0.90, 1.0), "greening": (0.72, 0.95),
        "beautification": (0.70, 0.96), "lighting": (1.0, 1.0),
        "kitchen_reform": (0.80, 0.99), "toilet_reform": (0.88, 1.0),
        "yard_reform": (0.70, 0.95), "power_reform": (0.92, 1.0),
        "energy_reform": (0.65, 0.95), "style_reform": (0.60, 0.92),
        "habits_reform": (0.62, 0.93), "livestock_penned": (0.82, 1.0),
        "goods_in_place": (0.75, 0.97), "garbage_binned": (0.88, 1.0),
    }
    dark = set(v["id"] for v in rng.sample(villages, 6)) | {laggards[0]["id"]}
    special["lighting_below_1"] = sorted(dark)
    out = []
    for v in villages:
        r = {"id": v["id"], "name": v["name"], "town": v["town"], "county": v["county"]}
        lift = (v["strength"] - 0.5) * 0.06
        for f, _ in RENJU_SHARES:
            lo, hi = typical[f]
            x = rng.uniform(lo, hi) + lift
            if v["id"] in lag_ids:
                x -= rng.uniform(0.12, 0.30)
            if f == "lighting":
                x = 1.0 if v["id"] not in dark else rng.uniform(0.78, 0.97)
            x = min(1.0, max(0.25, x))
            r[f] = "%.2f" % x
        out.append(r)
    # a few shares not surveyed (habits and style are hard to measure)
    for r in out:
        for f in ("style_reform", "habits_reform", "goods_in_place", "energy_reform"):
            if rng.random() < 0.06:
                r[f] = ""
    return out


# ---------------------------------------------------------------------------
# dangzuzhi-pingxing
# ---------------------------------------------------------------------------

def branch_code(v):
    return "D" + v["id"]


def branch_name(v):
    return v["name"] + ("党总支" if v["size"] > 1000 else "党支部")


def star_score(base, ded, review):
    return (base - ded) * 0.7 + review * 0.3


def dangzuzhi_rows(rng, villages, special):
    order = sorted(villages, key=lambda v: -(v["strength"] + rng.gauss(0, 0.12)))
    n = len(order)
    vals = {}
    for j, v in enumerate(order):
        if j < 27:
            base, ded, rev = rng.uniform(93, 99.5), rng.choice([0, 0, 0, 0.5, 1, 2]), rng.uniform(87, 98)
            prior = rng.choice([5, 5, 5, 4, 4])
        elif j < 56:
            base, ded, rev = rng.uniform(80, 94), rng.choice([0, 1, 2, 3, 4, 5]), rng.uniform(74, 92)
            prior = rng.choice([3, 4, 4, 5])
        else:
            base, ded, rev = rng.uniform(62, 84), rng.choice([2, 4, 6, 8, 10, 12, 15]), rng.uniform(55, 82)
            prior = rng.choice([1, 2, 2, 3, 3])
        base, rev = round(base, 1), round(rev, 1)
        # keep clear of the band edges 90/80/70/60 (no float coin-flips)
        while min(abs(star_score(base, ded, rev) - e) for e in (60, 70, 80, 90)) < 0.1:
            rev = round(rev + 0.5, 1)
        vals[v["id"]] = {"base": base, "ded": ded, "rev": rev, "prior": prior,
                         "vd": False, "va": False, "vi": False}
    top = [v for v in order if star_score(vals[v["id"]]["base"], vals[v["id"]]["ded"],
                                          vals[v["id"]]["rev"]) >= 90]
    # two high scorers were 3-star last year (at most one star up: 4)
    for v in top[10:12]:
        vals[v["id"]]["prior"] = 3
    special["step_limited"] = top[10:12]
    # three branches rated for the first time (one of them a high scorer)
    first = [top[15], order[35], order[50]]
    for v in first:
        vals[v["id"]]["prior"] = None
    special["first_rating"] = first
    # vetoes: a high scorer (discipline), a middle one (accident), a low one
    vals[top[5]["id"]]["vd"] = True
    vals[order[40]["id"]]["va"] = True
    vals[order[45]["id"]]["vi"] = True
    special["vetoes"] = [(top[5], "veto_discipline"), (order[40], "veto_accident"),
                         (order[45], "veto_incident")]
    # one branch whose 评议 was not held: review_score blank
    vals[order[30]["id"]]["rev"] = None
    special["blank_review"] = order[30]
    special["dz_vals"] = vals

    out = []
    for v in villages:
        x = vals[v["id"]]
        out.append({
            "id": branch_code(v), "name": branch_name(v),
            "town": v["town"], "county": v["county"],
            "base_score": num(x["base"], 1), "deductions": num(x["ded"], 1),
            "review_score": num(x["rev"], 1),
            "prior_stars": "" if x["prior"] is None else str(x["prior"]),
            "veto_discipline": b_cn(x["vd"]), "veto_accident": b_cn(x["va"]),
            "veto_incident": b_cn(x["vi"]),
        })
    return out


# ---------------------------------------------------------------------------
# dangyuan-jifen
# ---------------------------------------------------------------------------

TOTAL_MEMBERS = 3000


def person_name(rng, old):
    s = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
    pool = GIVEN_OLD if old else GIVEN_YOUNG
    k = 1 if rng.random() < 0.3 else 2
    return s + "".join(rng.choice(pool) for _ in range(k))


def member_counts(villages):
    total = sum(v["size"] for v in villages)
    raw = [v["size"] * TOTAL_MEMBERS / total for v in villages]
    counts = [int(x) for x in raw]
    rest = TOTAL_MEMBERS - sum(counts)
    by_frac = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in by_frac[:rest]:
        counts[i] += 1
    return counts


def dangyuan_rows(rng, villages, special):
    out = []
    k = 0
    vetoes = []
    for v, cnt in zip(villages, member_counts(villages)):
        for _ in range(cnt):
            k += 1
            u = rng.random()
            cat = "特殊" if u < 0.08 else "流动" if u < 0.24 else "骨干" if u < 0.44 else "普通"
            slack = rng.random() < 0.04      # members who barely take part
            if cat == "骨干":
                st, mt = rng.randint(6, 12), rng.randint(7, 12)
                vh, kt = round(rng.uniform(8, 40) * 2) / 2, rng.randint(0, 3)
                rs = rng.randint(13, 20)
            elif cat == "普通":
                st, mt = rng.randint(2, 12), rng.randint(3, 12)
                vh, kt = round(rng.uniform(0, 20) * 2) / 2, rng.choice([0, 0, 0, 1])
                rs = rng.randint(9, 18)
            elif cat == "流动":
                st, mt = rng.randint(0, 7), rng.randint(1, 8)
                vh, kt = round(rng.uniform(0, 8) * 2) / 2, 0
                rs = rng.randint(8, 17)
            else:
                st, mt = rng.randint(0, 6), rng.randint(0, 8)
                vh, kt = round(rng.uniform(0, 4) * 2) / 2, 0
                rs = rng.randint(12, 18)
            ded = 0 if rng.random() < 0.88 else rng.choice([1, 2, 2, 3, 3, 5, 5, 8, 10, 15, 20])
            if slack and cat != "特殊":
                st, mt = rng.randint(0, 2), rng.randint(0, 3)
                vh, kt = round(rng.uniform(0, 2) * 2) / 2, 0
                rs = rng.randint(4, 10)
                ded = rng.choice([3, 5, 8, 10, 12])
            pts = (50 + min(st * 2, 10) + min(mt * 2, 10) + min(vh / 2, 5)
                   + min(kt * 5, 5) + rs - ded)
            prior = min(100, max(40, round(pts + rng.gauss(0, 5))))
            if slack and rng.random() < 0.45:
                prior = rng.randint(42, 59)
            if rng.random() < 0.045:
                prior = None                 # new member or transferred in
            veto = rng.random() < 0.002
            if veto:
                vetoes.append("M%04d" % k)
            r = {
                "id": "M%04d" % k,
                "name": person_name(rng, cat == "特殊"),
                "branch": branch_code(v), "town": v["town"], "county": v["county"],
                "category": cat, "study_sessions": str(st), "meetings": str(mt),
                "volunteer_hours": num(vh, 1), "key_tasks": str(kt),
                "deduction_points": str(ded), "review_score": str(rs),
                "veto": b_01(veto),
                "prior_score": "" if prior is None else str(prior),
            }
            if rng.random() < 0.01:
                r["volunteer_hours"] = ""    # not recorded
            if rng.random() < 0.004:
                r["review_score"] = ""       # absent from 民主评议
            out.append(r)
    special["member_vetoes"] = vetoes
    return out


# ---------------------------------------------------------------------------

def main(argv):
    outdir = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "district")
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(SEED)
    villages = make_villages(rng)
    assign_profiles(rng, villages)
    special = {"bd_income_drop": group(villages, "BD")[-1]}
    make_incomes(rng, villages, special)
    meihao, _ = meihao_rows(rng, villages, special)
    write_csv(os.path.join(outdir, "meihao-xiangcun.csv"), MEIHAO_FIELDS, meihao)
    write_csv(os.path.join(outdir, "zuzhi-zhenxing.csv"), ZUZHI_FIELDS,
              zuzhi_rows(rng, villages, special))
    write_csv(os.path.join(outdir, "renju-huanjing.csv"), RENJU_FIELDS,
              renju_rows(rng, villages, special))
    write_csv(os.path.join(outdir, "dangzuzhi-pingxing.csv"), DANGZUZHI_FIELDS,
              dangzuzhi_rows(rng, villages, special))
    write_csv(os.path.join(outdir, "dangyuan-jifen.csv"), DANGYUAN_FIELDS,
              dangyuan_rows(rng, villages, special))
    if os.environ.get("GENERATE_VERBOSE"):
        for k in sorted(special):
            val = special[k]
            def show(x):
                if isinstance(x, dict):
                    return x["id"] + " " + x["name"]
                if isinstance(x, (list, tuple)):
                    return "[" + ", ".join(show(y) for y in x) + "]"
                return str(x)
            if k != "dz_vals":
                print("%-24s %s" % (k, show(val)))


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/python3
"""Synthetic national-scale data for the libscore benchmarks.

    bench/generate.py [--villages N] [--members M] [--seed S] [--out DIR]
                      [--only meihao-xiangcun,zuzhi-zhenxing,dangyuan-jifen]

Writes, under DIR (default /tmp/score-bench):

    meihao-xiangcun.csv   N villages, 美好乡村创建等级评定
    zuzhi-zhenxing.csv    N villages, 乡村组织振兴目标 (income 2019-2022)
    dangyuan-jifen.csv    M party members of those villages, 党员量化积分
    params.txt            the arguments, so that scripts/bench.sh can tell
                          whether the files on disk are the ones it wants

The model is the example district (examples/data/generate.py): the same
headers (the Chinese labels), the same value forms (是/否 and 1/0, 67%,
44.6万), and the same distributions per village profile, drawn for every
village at once with numpy. About 2% of the data cells are blank (missing).
Deterministic: one numpy Generator seeded with SEED, so two runs with the
same arguments write identical bytes.

Speed: the CSV text is not formatted row by row. Every column is a small
vocabulary of byte strings and an array of codes into it; a chunk of rows
is assembled by one vectorised gather of the vocabularies' bytes (see
Renderer), so 10 million members take seconds, not minutes.
"""

import argparse
import importlib.util
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def load_district_model():
    """The example generator, for its header lists and name pools."""
    path = os.path.join(HERE, "..", "examples", "data", "generate.py")
    spec = importlib.util.spec_from_file_location("district_generate", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


D = load_district_model()

BLANK_RATE = 0.02  # share of data cells left empty (missing)


# ---------------------------------------------------------------------------
# Columns as vocabularies of byte strings plus codes
# ---------------------------------------------------------------------------

class Part:
    """One piece of a CSV cell: codes (one per row) into vocab (bytes)."""

    def __init__(self, codes, vocab):
        self.codes = codes
        self.vocab = [v if isinstance(v, bytes) else v.encode("utf-8") for v in vocab]
        assert codes.min() >= 0 and codes.max() < len(self.vocab)


def cell(*parts):
    """A CSV cell made of parts written one after the other."""
    return list(parts)


def text_cell(codes, vocab):
    return cell(Part(codes, vocab))


def blank_mask(rng, n, rate=BLANK_RATE):
    return rng.random(n) < rate


def bool_cell(values, blank, yes="是", no="否"):
    """values: bool array; blank: bool array (missing)."""
    codes = np.where(values, 2, 1).astype(np.int8)
    codes[blank] = 0
    return text_cell(codes, ["", no, yes])


def plain(x, nd):
    """As the district generator: at most nd decimals, no trailing zeros."""
    return D.num(x, nd)


def scaled_cell(k, nd, blank, alt=None, alt_fmt=None, unit=1):
    """Integers k standing for the numbers k * unit / 10**nd, written
    plainly, or where `alt` is true as alt_fmt(number) (another form the
    reader accepts: 67%, 44.6万). Blank where `blank` is true."""
    k = k.astype(np.int64)
    lo, hi = int(k.min()), int(k.max())
    span = hi - lo + 1
    scale = 10.0 ** nd
    values = [v * unit / scale for v in range(lo, hi + 1)]
    vocab = [""] + [plain(x, nd) for x in values]
    codes = k - lo + 1
    if alt is not None:
        vocab += [alt_fmt(x) for x in values]
        codes = np.where(alt, codes + span, codes)
    codes[blank] = 0
    return text_cell(codes, vocab)


class Renderer:
    """Writes rows as CSV text without a Python loop over rows. Every
    vocabulary entry (with the separator that follows it) sits in a row of
    a zero-padded table; a chunk's cells are gathered from it as
    fixed-width records in one numpy operation, and the padding is then
    dropped with one boolean mask."""

    def __init__(self, cells):
        entries, self.parts, base = [], [], 0
        for ci, c in enumerate(cells):
            for pi, p in enumerate(c):
                last = pi == len(c) - 1
                sep = (b"\n" if ci == len(cells) - 1 else b",") if last else b""
                entries += [v + sep for v in p.vocab]
                self.parts.append((p.codes, base))
                base += len(p.vocab)
        assert base < 2 ** 31
        self.width = max(8, -(-max(len(e) for e in entries) // 8) * 8)
        self.table = np.zeros((len(entries), self.width), dtype=np.uint8)
        for i, e in enumerate(entries):
            self.table[i, :len(e)] = np.frombuffer(e, dtype=np.uint8)
        self.lens = np.array([len(e) for e in entries], dtype=np.uint8)
        self.cols = np.arange(self.width, dtype=np.uint8)

    def chunk(self, a, b):
        """The CSV bytes of rows [a, b)."""
        tok = np.empty((b - a, len(self.parts)), dtype=np.int32)
        for j, (codes, base) in enumerate(self.parts):
            np.add(codes[a:b], base, out=tok[:, j], casting="unsafe")
        tok = tok.ravel()                        # row by row
        keep = self.cols < self.lens[tok][:, None]
        return self.table[tok][keep].tobytes()


def write_csv(path, fields, cells, n, chunk=50_000):
    """fields: (id, label) pairs of the district generator; cells: the
    matching list of cells, each covering n rows."""
    assert len(fields) == len(cells)
    r = Renderer(cells)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write((",".join(label for _, label in fields) + "\n").encode("utf-8"))
        for a in range(0, n, chunk):
            f.write(r.chunk(a, min(n, a + chunk)))
    os.replace(tmp, path)


# ---------------------------------------------------------------------------
# Geography: counties, towns and villages with 12-digit codes
# ---------------------------------------------------------------------------

SYLLABLES = list(
    "安宝北长成大德东丰福高广和河红华黄吉嘉建江金锦静康乐利连临龙隆罗马茂梅"
    "明南宁平浦齐清庆仁荣瑞三山上石寿顺松太桃天通同万文西溪仙祥新兴阳永玉元云章镇中竹")


def syllable_names(rng, count, suffixes):
    """count names of two syllables and a suffix (repeats allowed)."""
    s = len(SYLLABLES)
    i = rng.integers(0, s, count)
    j = rng.integers(0, s, count)
    k = rng.integers(0, len(suffixes), count)
    return [SYLLABLES[a] + SYLLABLES[b] + suffixes[c] for a, b, c in zip(i, j, k)]


class Geography:
    def __init__(self, rng, nvillages):
        # about 13 villages per town and 14 towns per county, as in China
        # (490 thousand 行政村, 38 thousand 乡镇, 2.8 thousand 区县)
        sizes = []
        while sum(sizes) < nvillages:
            sizes.append(int(rng.integers(4, 23)))
        sizes[-1] -= sum(sizes) - nvillages
        if sizes[-1] == 0:
            sizes.pop()
        ntowns = len(sizes)
        tcounts = []
        while sum(tcounts) < ntowns:
            tcounts.append(int(rng.integers(8, 21)))
        tcounts[-1] -= sum(tcounts) - ntowns
        if tcounts[-1] == 0:
            tcounts.pop()
        ncounties = len(tcounts)
        assert ncounties < 890_000
        self.n = nvillages
        self.county_of_town = np.repeat(np.arange(ncounties), tcounts)
        self.town_in_county = np.concatenate([np.arange(1, c + 1) for c in tcounts])
        self.town = np.repeat(np.arange(ntowns), sizes)          # per village
        self.village_in_town = np.concatenate([np.arange(1, s + 1) for s in sizes])
        self.county = self.county_of_town[self.town]
        self.county_names = syllable_names(rng, ncounties, ["县", "县", "区", "市"])
        self.town_names = syllable_names(rng, ntowns, ["镇", "镇", "镇", "乡", "街道"])
        # village names: the district's, with a few prefixes for variety
        pre = ["", "", "新", "上", "下", "东", "西", "南", "北"]
        pool = [p + v for p in pre for v in D.VILLAGE_NAMES]
        self.name_vocab = pool
        self.name_code = rng.integers(0, len(pool), nvillages)
        # a latent "how well-run is this village", shared by all files
        self.strength = rng.random(nvillages)
        self.size = rng.integers(260, 1101, nvillages)           # households

    def code_cell(self, rows=None, prefix=""):
        """The 12-digit village code (county 6 + town 3 + village 3)."""
        rows = slice(None) if rows is None else rows
        county = self.county[rows]
        town = self.town_in_county[self.town[rows]]
        vil = self.village_in_town[rows]
        county_vocab = [prefix + "%06d" % (110000 + c) for c in range(len(self.county_names))]
        three = ["%03d" % i for i in range(1000)]
        return cell(Part(county, county_vocab), Part(town, three), Part(vil, three))

    def key_cells(self, rows=None):
        """id, name, town, county of each village (or of each row's village)."""
        r = slice(None) if rows is None else rows
        return [self.code_cell(rows),
                text_cell(self.name_code[r], self.name_vocab),
                text_cell(self.town[r], self.town_names),
                text_cell(self.county[r], self.county_names)]


# ---------------------------------------------------------------------------
# Village profiles and incomes (shared by meihao-xiangcun and zuzhi-zhenxing)
# ---------------------------------------------------------------------------

# The district's intended outcomes per village (examples/data/generate.py,
# assign_profiles), in the same proportions: of 69 villages 5 OP, 6 BD, 4 B,
# 5 T, 10 C, 3 N, 4 INEL, 32 NONAPP.
OP, BD, B, T, C, N, INEL, NONAPP = range(8)
PROFILE_SHARE = np.array([5, 6, 4, 5, 10, 3, 4, 32]) / 69.0


def assign_profiles(rng, geo):
    # stronger villages are likelier to aim high: sort by noisy strength
    order = np.argsort(-(geo.strength + rng.normal(0, 0.12, geo.n)), kind="stable")
    bounds = np.round(np.cumsum(PROFILE_SHARE) * geo.n).astype(np.int64)
    prof = np.empty(geo.n, dtype=np.int8)
    start = 0
    for p, end in enumerate(bounds):
        prof[order[start:end]] = p
        start = end
    return prof


def round100(x):
    return (np.rint(x / 100.0) * 100).astype(np.int64)


def make_incomes(rng, geo, prof):
    """Collective income 2019..2022 in yuan, multiples of 100 (a dict)."""
    n = geo.n
    s = geo.strength + rng.normal(0, 0.15, n)
    rank = np.argsort(np.argsort(-s))  # 0 = strongest
    rich = rank < int(0.49 * n)       # a little under half above 10万
    top = 1.0 - rank / max(1, int(0.49 * n))
    inc22 = np.where(rich, rng.uniform(105000, 160000, n) + np.clip(top, 0, 1) ** 2 * 620000,
                     rng.uniform(52000, 98000, n))
    floor_fail = (~rich) & (rng.random(n) < 0.015)   # under the 5万 floor
    inc22 = np.where(floor_fail, rng.uniform(42000, 48000, n), inc22)
    inc22 = round100(inc22)
    g21 = rng.uniform(0.03, 0.20, n)
    g20 = rng.uniform(0.04, 0.22, n)
    g19 = np.where(prof == OP, rng.uniform(0.06, 0.30, n), rng.uniform(-0.08, 0.25, n))
    inc21 = round100(inc22 / (1 + g21))
    inc20 = round100(inc21 / (1 + g20))
    inc19 = round100(inc20 / (1 + g19))
    strong = (prof == OP) | (prof == BD) | (prof == B)
    # shells (0 in 2019; a third still 0 in 2020) and weak villages (under
    # 3万 in 2019, most doubled by 2020) among the weaker ones
    u = rng.random(n)
    shell = (~strong) & (rank > 0.8 * n) & (u < 0.05)
    weak = (~strong) & (~shell) & (rank > 0.6 * n) & (u > 0.82)
    still = shell & (rng.random(n) < 0.33)
    inc19 = np.where(shell, 0, inc19)
    inc20 = np.where(shell, np.where(still, 0, round100(rng.uniform(15000, 32000, n))), inc20)
    inc21 = np.where(shell, round100(rng.uniform(30000, 45000, n)), inc21)
    inc22 = np.where(shell, round100(rng.uniform(46000, 70000, n)), inc22)
    w19 = round100(rng.uniform(8000, 28000, n))
    factor = np.where(rng.random(n) < 0.85, rng.uniform(2.05, 2.7, n), rng.uniform(1.2, 1.9, n))
    w20 = round100(w19 * factor)
    w21 = round100(w20 * rng.uniform(1.1, 1.4, n))
    w22 = np.maximum(round100(w21 * rng.uniform(1.1, 1.4, n)), 52000)
    inc19 = np.where(weak, w19, inc19)
    inc20 = np.where(weak, w20, inc20)
    inc21 = np.where(weak, w21, inc21)
    inc22 = np.where(weak, w22, inc22)
    return {2019: inc19, 2020: inc20, 2021: inc21, 2022: inc22}


def income_cell(rng, yuan, blank, wan_share):
    """Yuan as plain digits, or (wan_share of the multiples of 1000) as 万."""
    use_wan = (yuan % 1000 == 0) & (yuan > 0) & (rng.random(yuan.size) < wan_share)

    def wan(x):
        y = int(round(x))
        return D.wan(y) if y % 1000 == 0 and y > 0 else str(y)
    return scaled_cell(yuan // 100, 0, blank, alt=use_wan, alt_fmt=wan, unit=100)


# ---------------------------------------------------------------------------
# meihao-xiangcun
# ---------------------------------------------------------------------------

def tenths(rng, lo, hi, n):
    """Scores with one decimal, uniform in [lo, hi], as integer tenths."""
    return np.rint(rng.uniform(lo, hi, n) * 10).astype(np.int64)


def meihao_cells(rng, geo, prof, inc):
    n = geo.n
    P = {p: prof == p for p in range(8)}
    app = ~P[NONAPP]
    rnd = lambda: rng.random(n)
    choice = lambda opts: np.asarray(opts)[rng.integers(0, len(opts), n)]
    # k: the village's place within its profile, to vary the failing requirement
    k = np.zeros(n, dtype=np.int64)
    for p in range(8):
        idx = np.flatnonzero(P[p])
        k[idx] = np.arange(idx.size)

    f = {}
    t = np.ones(n, dtype=bool)
    # 申报基本条件: met by every applicant profile, then broken for INEL
    f["applied"] = app.copy()
    f["plan_village"] = np.where(app, t, rnd() < 0.7)
    f["plan_creation"] = np.where(app, t, rnd() < 0.3)
    f["plan_env"] = np.where(app, t, rnd() < 0.25)
    f["leadership_ok"] = np.where(app, t, rnd() < 0.95)
    part = np.where(app, np.rint(rng.uniform(0.62, 0.95, n) * 100),
                    np.rint(rng.uniform(0.40, 0.85, n) * 100)).astype(np.int64)  # percent
    part_blank = np.zeros(n, dtype=bool)
    f["operating_plan"] = np.where(app, t, rnd() < 0.35)
    f["sewage_done"] = np.where(app, t, rnd() < 0.75)
    f["toilet_done"] = np.where(app, t, rnd() < 0.8)
    f["garbage_done"] = np.where(app, t, rnd() < 0.85)
    toilet_blank = np.zeros(n, dtype=bool)

    top = P[OP] | P[BD]
    f["steel_shed_done"] = np.select([top | P[B] | P[T], P[C] | P[N] | P[INEL]],
                                     [t, rnd() < 0.6], rnd() < 0.45)
    f["env_plan_done"] = np.select([top | P[B] | P[T], P[C] | P[N] | P[INEL]],
                                   [t, rnd() < 0.5], rnd() < 0.35)
    messes = np.select([top | P[B] | P[T], P[C] | P[N] | P[INEL]],
                       [0, choice([0, 1, 1, 2, 2, 3])], choice([0, 1, 2, 2, 3, 3, 4, 5, 6, 8]))
    industry = np.select(
        [P[OP], P[BD], P[B], P[T], P[C] | P[N] | P[INEL]],
        [3, np.where(rnd() < 0.5, 3, 2), choice([2, 2, 3]), choice([1, 2]), choice([0, 1, 1, 2])],
        choice([0, 0, 1, 1, 1, 2]))
    demo = np.select([P[OP], P[BD], P[B], P[T], P[C] | P[N] | P[INEL]],
                     [tenths(rng, 93, 98, n), tenths(rng, 90, 94.5, n), tenths(rng, 81, 89.5, n),
                      tenths(rng, 72, 86, n), tenths(rng, 66, 84, n)], tenths(rng, 60, 86, n))
    quality = {}
    for fld, low in (("civility", 68), ("governance", 68), ("beauty", 66)):
        quality[fld] = np.select(
            [P[OP], P[BD], P[B], P[T], P[C] | P[N] | P[INEL]],
            [tenths(rng, 88, 97, n), tenths(rng, 82, 93, n), tenths(rng, 80.5, 92, n),
             tenths(rng, 74, 88, n), tenths(rng, low, 86 if low == 68 else 85, n)],
            tenths(rng, 60, 88 if low == 68 else 86, n))
    lead = {}
    for fld, pb, pn in (("learnable", 0.6, 0.1), ("viewable", 0.7, 0.15),
                        ("replicable", 0.5, 0.1), ("comprehensive", 0.6, 0.1),
                        ("model_project", 0.4, 0.08)):
        lead[fld] = np.select([top, P[B], P[T] & (fld == "viewable"), P[NONAPP]],
                              [t, rnd() < pb, rnd() < 0.3, rnd() < pn], False)
    # prior tier: "" clean tidy boutique boutique_demo = codes 0..4
    prior = np.select(
        [P[OP], P[BD], P[B], P[T], P[C] | P[N] | P[INEL]],
        [4, choice([0, 3, 3, 4, 0, 3, 3, 0, 3, 3]), choice([0, 2, 2]), choice([0, 1, 1]),
         choice([0, 0, 0, 1])], choice([0, 0, 0, 0, 0, 0, 1, 2]))
    harmony = np.select([P[OP], app], [t, rnd() < 0.9], rnd() < 0.8)
    growth = np.select([P[OP], app],
                       [np.rint(rng.uniform(0.03, 0.12, n) * 1000),
                        np.rint(rng.uniform(-0.02, 0.12, n) * 1000)],
                       np.rint(rng.uniform(-0.02, 0.10, n) * 1000)).astype(np.int64)

    # 清洁村 level: each fails one requirement of 整洁村
    m = P[C]
    fail = k % 4
    f["steel_shed_done"] &= ~(m & (fail == 0))
    f["env_plan_done"] = np.where(m & (fail == 1), False,
                                  np.where(m, rnd() < 0.7, f["env_plan_done"]))
    messes = np.where(m & (fail == 2), choice([1, 2, 3]), messes)
    industry = np.where(m & (fail == 3), 0, industry)
    # 整洁村 level: each fails one requirement of 精品村
    m = P[T]
    fail = k % 3
    demo = np.where(m & (fail == 0), tenths(rng, 72, 79.5, n), demo)
    industry = np.where(m & (fail == 1), 1, industry)
    quality["civility"] = np.where(m & (fail == 2), tenths(rng, 74, 79.5, n), quality["civility"])
    # 精品村 level: half exceed the 精品示范村 score but have no model project
    m = P[B] & (k % 2 == 1)
    demo = np.where(m, tenths(rng, 90.5, 93, n), demo)
    lead["model_project"] &= ~m
    # applicants that qualify for no tier
    m = P[N]
    fail = k % 3
    toilet_blank |= m & (fail == 0)
    messes = np.where(m & (fail == 1), 5, messes)
    f["garbage_done"] &= ~(m & (fail == 2))
    # applied, but 申报基本条件 not met or unknown
    m = P[INEL]
    fail = k % 4
    part = np.where(m & (fail == 0), 52, part)
    f["plan_env"] &= ~(m & (fail == 1))
    f["operating_plan"] &= ~(m & (fail == 2))
    part_blank |= m & (fail == 3)

    f.update(lead)
    f["harmony_ok"] = harmony

    def blank():
        return blank_mask(rng, n)

    def b(name, extra=None):
        bl = blank()
        if extra is not None:
            bl |= extra
        return bool_cell(f[name], bl)

    cells = {
        "participation": scaled_cell(part, 2, blank() | part_blank,
                                     alt=rnd() < 0.2, alt_fmt=lambda x: D.pct(x, 0)),
        "messes": scaled_cell(messes, 0, blank()),
        "industry_stage": scaled_cell(industry, 0, blank()),
        "demo_index": scaled_cell(demo, 1, blank()),
        "civility": scaled_cell(quality["civility"], 1, blank()),
        "governance": scaled_cell(quality["governance"], 1, blank()),
        "beauty": scaled_cell(quality["beauty"], 1, blank()),
        "prior_tier": text_cell(prior, ["", "clean", "tidy", "boutique", "boutique_demo"]),
        "income_growth": scaled_cell(growth, 3, blank(), alt=rnd() < 0.15,
                                     alt_fmt=lambda x: D.pct(x, 1)),
        "collective_income": income_cell(rng, inc[2020], blank(), 0.5),
        "collective_income_prev": income_cell(rng, inc[2019], blank(), 0.5),
    }
    for name in ("applied", "plan_village", "plan_creation", "plan_env", "leadership_ok",
                 "operating_plan", "sewage_done", "garbage_done", "steel_shed_done",
                 "env_plan_done", "learnable", "viewable", "replicable", "comprehensive",
                 "model_project", "harmony_ok"):
        cells[name] = b(name)
    cells["toilet_done"] = b("toilet_done", toilet_blank)
    key = dict(zip(("id", "name", "town", "county"), geo.key_cells()))
    cells.update(key)
    return [cells[fid] for fid, _ in D.MEIHAO_FIELDS]


# ---------------------------------------------------------------------------
# zuzhi-zhenxing
# ---------------------------------------------------------------------------

def zuzhi_cells(rng, geo, inc):
    n = geo.n
    u = geo.strength + rng.normal(0, 0.1, n)
    rank = np.argsort(np.argsort(-u)) / n
    # 35% five stars, 32% four, 29.5% three, 2.5% two, 1% one
    stars = np.select([rank < 0.35, rank < 0.67, rank < 0.965, rank < 0.99], [5, 4, 3, 2], 1)
    weak_branch = (stars <= 2) | (rng.random(n) < 0.01)
    key_village = (geo.strength < 0.25) & (rng.random(n) < 0.6)
    shell2020 = inc[2020] == 0
    needs = key_village | weak_branch | shell2020
    first_secretary = np.where(needs, rng.random(n) < 0.99, rng.random(n) < 0.15)
    years = np.array([2016, 2017, 2018, 2019, 2020, 2021, 2022])
    last_year = years[rng.choice(7, n, p=[0.01, 0.01, 0.02, 0.04, 0.17, 0.30, 0.45])]

    def blank():
        return blank_mask(rng, n)

    cells = dict(zip(("id", "name", "town", "county"), geo.key_cells()))
    cells["branch_stars"] = scaled_cell(stars, 0, blank())
    cells["supervision_committee"] = bool_cell(rng.random(n) < 0.995, blank(), "1", "0")
    cells["collective_org"] = bool_cell(rng.random(n) < 0.997, blank(), "1", "0")
    for y in D.ZUZHI_YEARS:
        cells["collective_income_%d" % y] = income_cell(rng, inc[y], blank(), 0.25)
    cells["last_member_year"] = scaled_cell(last_year, 0, blank())
    cells["first_secretary"] = bool_cell(first_secretary, blank(), "1", "0")
    cells["key_village"] = bool_cell(key_village, blank(), "1", "0")
    cells["weak_branch"] = bool_cell(weak_branch, blank(), "1", "0")
    return [cells[fid] for fid, _ in D.ZUZHI_FIELDS]


# ---------------------------------------------------------------------------
# dangyuan-jifen
# ---------------------------------------------------------------------------

def dangyuan_cells(rng, geo, nmembers):
    """nmembers party members spread over the villages by size; returns
    the cells and the number of rows."""
    m = nmembers
    counts = rng.multinomial(m, geo.size / geo.size.sum())
    village = np.repeat(np.arange(geo.n), counts)
    u = rng.random(m)
    # 特殊 8%, 流动 16%, 骨干 20%, 普通 56%
    cat = np.select([u < 0.08, u < 0.24, u < 0.44], [3, 2, 0], 1)
    GU, PU, LI, TE = 0, 1, 2, 3
    groups = [np.flatnonzero(cat == c) for c in range(4)]

    def by_cat(draw, spec):
        """One draw per row, from the arguments its category has in spec
        (a dict: category -> arguments; others 0); draws only as many
        values as each category has rows."""
        out = np.zeros(m, dtype=np.int16)
        for c, args in spec.items():
            out[groups[c]] = draw(*args, groups[c].size)
        return out

    def ints(lo, hi, size):
        return rng.integers(lo, hi + 1, size, dtype=np.int16)

    def halves(lo, hi, size):   # hours to the half hour, as half hours
        return np.rint(rng.uniform(lo, hi, size) * 2)

    st = by_cat(ints, {GU: (6, 12), PU: (2, 12), LI: (0, 7), TE: (0, 6)})
    mt = by_cat(ints, {GU: (7, 12), PU: (3, 12), LI: (1, 8), TE: (0, 8)})
    vh = by_cat(halves, {GU: (8, 40), PU: (0, 20), LI: (0, 8), TE: (0, 4)})
    kt = by_cat(lambda p, size: rng.random(size) < p, {GU: (0.6,), PU: (0.25,)})
    kt[groups[GU]] = ints(0, 3, groups[GU].size)
    rs = by_cat(ints, {GU: (13, 20), PU: (9, 18), LI: (8, 17), TE: (12, 18)})
    ded_opts = np.array([1, 2, 2, 3, 3, 5, 5, 8, 10, 15, 20], dtype=np.int16)
    ded = np.zeros(m, dtype=np.int16)
    some = np.flatnonzero(rng.random(m) >= 0.88)
    ded[some] = ded_opts[rng.integers(0, ded_opts.size, some.size)]
    # members who barely take part
    slack = np.flatnonzero((rng.random(m) < 0.04) & (cat != TE))
    k = slack.size
    st[slack] = ints(0, 2, k)
    mt[slack] = ints(0, 3, k)
    vh[slack] = halves(0, 2, k)
    kt[slack] = 0
    rs[slack] = ints(4, 10, k)
    ded[slack] = np.array([3, 5, 8, 10, 12], dtype=np.int16)[rng.integers(0, 5, k)]
    pts = (50 + np.minimum(st * 2, 10) + np.minimum(mt * 2, 10) + np.minimum(vh / 4.0, 5)
           + np.minimum(kt * 5, 5) + rs - ded)
    prior = np.clip(np.rint(pts + rng.normal(0, 5, m)), 40, 100).astype(np.int16)
    low = slack[rng.random(k) < 0.45]
    prior[low] = ints(42, 59, low.size)
    veto = rng.random(m) < 0.002

    def blank(rate=BLANK_RATE):
        return blank_mask(rng, m, rate)

    # member id: M + 8 digits, as two parts of 4 digits
    mid = np.arange(1, m + 1)
    assert m < 100_000_000
    four = ["%04d" % i for i in range(10000)]
    surname = rng.choice(len(D.SURNAMES), m,
                         p=np.array(D.SURNAME_WEIGHTS) / sum(D.SURNAME_WEIGHTS))
    old = list(D.GIVEN_OLD)
    young = list(D.GIVEN_YOUNG)
    given_vocab = old + [a + b for a in old for b in old] + young + [a + b for a in young for b in young]
    n_old = len(old) + len(old) ** 2
    one = rng.random(m) < 0.3
    g_old = np.where(one, rng.integers(0, len(old), m),
                     len(old) + rng.integers(0, len(old) ** 2, m))
    g_young = n_old + np.where(one, rng.integers(0, len(young), m),
                               len(young) + rng.integers(0, len(young) ** 2, m))
    given = np.where(cat == TE, g_old, g_young)
    cells = {
        "id": cell(Part(mid // 10000, ["M" + s for s in four]), Part(mid % 10000, four)),
        "name": cell(Part(surname, list(D.SURNAMES)), Part(given, given_vocab)),
        "branch": geo.code_cell(village, prefix="D"),
        "town": text_cell(geo.town[village], geo.town_names),
        "county": text_cell(geo.county[village], geo.county_names),
        "category": text_cell(cat, ["骨干", "普通", "流动", "特殊"]),
        "study_sessions": scaled_cell(st, 0, blank()),
        "meetings": scaled_cell(mt, 0, blank()),
        "volunteer_hours": scaled_cell(vh * 5, 1, blank(0.03)),   # halves as tenths
        "key_tasks": scaled_cell(kt, 0, blank()),
        "deduction_points": scaled_cell(ded, 0, blank(0.005)),
        "review_score": scaled_cell(rs, 0, blank(0.01)),
        "veto": bool_cell(veto, blank(0.005), "1", "0"),
        # new members and those transferred in have no prior score
        "prior_score": scaled_cell(prior, 0, blank(0.06)),
    }
    return [cells[fid] for fid, _ in D.DANGYUAN_FIELDS]


# ---------------------------------------------------------------------------

ALL = ("meihao-xiangcun", "zuzhi-zhenxing", "dangyuan-jifen")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--villages", type=int, default=490_000)
    ap.add_argument("--members", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=20200401)
    ap.add_argument("--out", default="/tmp/score-bench")
    ap.add_argument("--only", default=",".join(ALL),
                    help="comma-separated subset of " + ", ".join(ALL))
    args = ap.parse_args(argv[1:])
    only = [s for s in args.only.split(",") if s]
    for s in only:
        if s not in ALL:
            ap.error("unknown data set %r" % s)
    if args.villages < 1 or args.members < 1:
        ap.error("--villages and --members must be at least 1")
    os.makedirs(args.out, exist_ok=True)

    # The draws do not depend on --only: one generator, always the same order.
    rng = np.random.default_rng(args.seed)
    t0 = time.monotonic()
    geo = Geography(rng, args.villages)
    prof = assign_profiles(rng, geo)
    inc = make_incomes(rng, geo, prof)
    jobs = [
        ("meihao-xiangcun", D.MEIHAO_FIELDS, lambda: (meihao_cells(rng, geo, prof, inc), geo.n)),
        ("zuzhi-zhenxing", D.ZUZHI_FIELDS, lambda: (zuzhi_cells(rng, geo, inc), geo.n)),
        ("dangyuan-jifen", D.DANGYUAN_FIELDS,
         lambda: (dangyuan_cells(rng, geo, args.members), args.members)),
    ]
    # the draws of a data set come after those of the ones before it, so
    # the ones after the last wanted can be skipped
    last = max(i for i, (name, _, _) in enumerate(jobs) if name in only)
    for name, fields, make in jobs[:last + 1]:
        t1 = time.monotonic()
        cells, n = make()
        if name in only:
            path = os.path.join(args.out, name + ".csv")
            write_csv(path, fields, cells, n)
            print("%-18s %10d rows %8.1f MB %6.1f s" % (
                name, n, os.path.getsize(path) / 1e6, time.monotonic() - t1))
        del cells
    with open(os.path.join(args.out, "params.txt"), "w") as f:
        f.write("villages=%d members=%d seed=%d only=%s\n" % (
            args.villages, args.members, args.seed, ",".join(only)))
    print("total %.1f s" % (time.monotonic() - t0))


if __name__ == "__main__":
    main(sys.argv)

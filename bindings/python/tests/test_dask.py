"""Scale-out (libscore.dask) on a Dask cluster of two worker processes:
row results, tiers with quotas and caps, targets and their ledgers are
those of one machine, row for row, on the example district and on large
generated tables split into uneven partitions, empty ones included; and
the ruleset travels to each worker once.

The cluster is a LocalCluster on 127.0.0.1 without a dashboard, started
and closed by this module. Large tables are generated deterministically
(the same rows whatever the split), on the workers where the partitions
live. ``members`` is also the generator of bench/dask_bench.py.
"""

import functools
import os
import sys
from typing import Dict, List, Optional, Sequence

import cloudpickle
import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from dask.distributed import Client, LocalCluster

import libscore
import libscore.dask as ld
from conftest import BUILTINS, SOURCE_DIR, district

SANITIZED = os.environ.get("SCORE_PYTEST_SANITIZED") == "1"
# a national county's members; a tenth of it under AddressSanitizer
MEMBERS = 200_000 if SANITIZED else 2_000_000
VILLAGES = 20_000 if SANITIZED else 200_000


# ---- generated data --------------------------------------------------------

BLOCK = 1 << 16  # rows are drawn block by block: the same rows however split
SEED = 2020
PER_BRANCH = 43  # members per 党支部, as in the district (18 to 72, mean 43)
TOWNS = np.array(["青山街道", "柳溪镇", "白石镇", "龙泉镇", "桃源镇", "双河镇"], dtype=object)
CATEGORIES = np.array(["普通", "骨干", "流动", "特殊"], dtype=object)
NAMES = np.array([s + g for s in "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
                  for g in "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"], dtype=object)


def _member_block(b: int) -> Dict[str, np.ndarray]:
    """Rows b*BLOCK ... (b+1)*BLOCK-1 of the member table, as codes."""
    rng = np.random.default_rng([SEED, b])
    n = BLOCK
    row = np.arange(b * BLOCK, (b + 1) * BLOCK)

    def blank(values: np.ndarray, share: float) -> np.ndarray:
        values = values.astype("float64")
        values[rng.random(n) < share] = np.nan
        return values

    # members of a branch are mostly consecutive; one in ten is filed
    # elsewhere, so that a branch spans partitions
    branch = row // PER_BRANCH
    moved = rng.random(n) < 0.10
    branch = np.where(moved, rng.integers(0, max(1, row[-1] // PER_BRANCH), n), branch)
    return {
        "row": row, "branch": branch, "branch_blank": rng.random(n) < 0.002,
        "town_blank": rng.random(n) < 0.002, "name": rng.integers(0, len(NAMES), n),
        "category": rng.choice(4, n, p=[0.56, 0.20, 0.17, 0.07]),
        "category_blank": rng.random(n) < 0.01,
        "study": rng.integers(0, 13, n).astype("float64"),
        "meetings": rng.integers(0, 13, n).astype("float64"),
        "volunteer": blank(rng.integers(0, 81, n) / 2, 0.01),
        "tasks": rng.choice(4, n, p=[0.73, 0.17, 0.05, 0.05]).astype("float64"),
        "deduction": rng.choice([0, 2, 3, 5, 8, 10, 15, 20], n,
                                p=[0.845, 0.02, 0.035, 0.035, 0.015, 0.025, 0.01, 0.015]),
        "review": blank(rng.integers(8, 21, n), 0.005),
        "veto": (rng.random(n) < 0.003).astype("float64"),
        "prior": blank(rng.integers(40, 101, n), 0.05),
    }


def members(start: int, stop: int) -> pd.DataFrame:
    """Rows start ... stop-1 of a member table for dangyuan-jifen, with the
    columns and value ranges of the district's dangyuan-jifen.csv and a few
    % of blanks (volunteer hours 1%, category 1%, previous score 5%, branch
    and town 0.2%); numbers as floats, as an analyst holds cleaned data.
    The same rows whatever the split: members(0, n) is the concatenation of
    members(a, b) over any cut of 0 ... n."""
    blocks = [_member_block(b) for b in range(start // BLOCK, max(start, stop - 1) // BLOCK + 1)]
    skip = start - (start // BLOCK) * BLOCK
    n = max(0, stop - start)
    c = {k: np.concatenate([blk[k] for blk in blocks])[skip:skip + n] for k in blocks[0]}
    codes, which = np.unique(c["branch"], return_inverse=True)
    branch = np.array(["D%07d" % k for k in codes.tolist()], dtype=object)[which]
    branch[c["branch_blank"]] = None
    town = TOWNS[c["branch"] % len(TOWNS)]
    town[c["town_blank"]] = None
    category = CATEGORIES[c["category"]]
    category[c["category_blank"]] = None
    return pd.DataFrame({
        "党员编号": np.array(["M%08d" % k for k in c["row"].tolist()], dtype=object),
        "姓名": NAMES[c["name"]], "所在支部": branch, "镇(街道)": town,
        "区县": np.full(n, "青山区", dtype=object), "党员类别": category,
        "集中学习次数": c["study"], "参加三会一课次数": c["meetings"],
        "志愿服务时长": c["volunteer"], "承担重点任务数": c["tasks"],
        "扣分": c["deduction"].astype("float64"), "民主评议得分": c["review"],
        "一票否决事项": c["veto"], "上年积分": c["prior"],
    }, index=pd.RangeIndex(start, start + n))


# the district's score columns that grown() moves by a few half points
PERTURBED = {
    "meihao-xiangcun": ["示范村考评得分", "乡风文明得分", "乡村治理得分", "村庄建设美度得分"],
    "dangzuzhi-pingxing": ["基础项得分", "评议项得分"],
}
APPLIED = {"meihao-xiangcun": "申报创建", "dangzuzhi-pingxing": None}


def read_district(ruleset_id: str) -> pd.DataFrame:
    """The district's CSV as libscore reads a CSV path: text, blanks missing."""
    return pd.read_csv(district(ruleset_id), dtype=str, keep_default_na=False,
                       na_values=[""])


@functools.lru_cache(maxsize=1)  # two cases share meihao-xiangcun's (read only)
def grown(ruleset_id: str, n: int, seed: int = 7) -> pd.DataFrame:
    """The district's rows drawn n times in random order, each with a new
    unique key (unrelated to the row order) and its scores moved by -2 ...
    +2 half points, 2% of them blank: scores take few values, so villages
    tie by the hundred and ties are broken by key, across partitions."""
    rng = np.random.default_rng(seed)
    base = read_district(ruleset_id)
    frame = base.iloc[rng.integers(0, len(base), n)].reset_index(drop=True)
    key = key_column(libscore.load(ruleset_id), frame)
    frame[key] = np.array(["V%07d" % k for k in rng.permutation(n).tolist()], dtype=object)
    for col in PERTURBED[ruleset_id]:
        v = pd.to_numeric(frame[col]).to_numpy() + rng.integers(-4, 5, n) * 0.5
        v[rng.random(n) < 0.02] = np.nan
        frame[col] = v
    if APPLIED[ruleset_id]:
        frame.loc[rng.random(n) < 0.03, APPLIED[ruleset_id]] = "否"
    return frame


def key_column(rs: libscore.Ruleset, frame: pd.DataFrame) -> str:
    """The frame's column of the ruleset's key (by id or label)."""
    field = next(f for f in rs.fields if f.id == rs.key)
    return field.id if field.id in frame.columns else field.label


def uneven(n: int) -> List[int]:
    """Partition sizes for n rows: empty, one row, a third, 13, empty, the rest."""
    third = n // 3
    return [0, 1, third, 13, 0, n - third - 14]


# ---- the cluster and partitions -------------------------------------------

@pytest.fixture(scope="module")
def client():
    # this module's functions (the generators) run on the workers, which
    # cannot import a test module: they travel by value
    module = sys.modules[__name__]
    cloudpickle.register_pickle_by_value(module)
    # every socket on 127.0.0.1 at a port the system picks, the HTTP
    # endpoints included (which otherwise listen on all interfaces, the
    # scheduler's at 8787); no dashboard
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None,
                           scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                           worker_dashboard_address="127.0.0.1:0")
    try:
        with Client(cluster) as c:
            yield c
    finally:
        cluster.close()
        cloudpickle.unregister_pickle_by_value(module)


def split(client: Client, frame: pd.DataFrame, sizes: Sequence[int]) -> dd.DataFrame:
    """The frame as a Dask DataFrame of partitions of these sizes (0: an
    empty partition), sent to the workers."""
    assert sum(sizes) == len(frame)
    bounds = np.cumsum([0, *sizes])
    parts = [frame.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    futures = client.scatter(parts, hash=False)
    return dd.from_delayed(futures, meta=frame.iloc[:0], verify_meta=False)


def generated_members(sizes: Sequence[int]) -> dd.DataFrame:
    """members(0, sum(sizes)) in partitions of these sizes, each made on
    the worker that holds it."""
    bounds = np.cumsum([0, *sizes]).tolist()
    parts = [dask.delayed(members)(a, b) for a, b in zip(bounds[:-1], bounds[1:])]
    return dd.from_delayed(parts, meta=members(0, 0), verify_meta=False)


def partition_sizes(ddf: dd.DataFrame) -> List[int]:
    return ddf.map_partitions(len).compute().tolist()


# ---- comparisons ----------------------------------------------------------

def assert_same_rows(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Identical: columns, dtypes (tier categories included), index, and
    every value exactly (DataFrame.equals is the quick check; pandas' own
    assertion, slow on millions of rows, says where they differ)."""
    same = (list(got.columns) == list(want.columns) and got.dtypes.equals(want.dtypes)
            and got.index.equals(want.index) and got.equals(want))
    if not same:
        pd.testing.assert_frame_equal(got, want, check_exact=True)


def assert_same_targets(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Equal; sums (and averages, shortfalls made of them) to 12
    significant digits: the parts' sums added up may differ from a single
    pass's sum in the last binary digits (docs/scale-out.md), and so in
    the 15th decimal digit when it is at a rounding edge."""
    assert list(got.columns) == [*want.columns, "failing"]
    got = got.drop(columns="failing")
    assert len(got) == len(want) and len(want) > 0
    summed = got["aggregate"].isin(["sum", "avg"]).to_numpy()
    for col in ("actual", "shortfall"):
        a, b = got.loc[summed, col].to_numpy(), want.loc[summed, col].to_numpy()
        assert np.array_equal(np.isnan(a), np.isnan(b))
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=0)
        got.loc[summed, col] = want.loc[summed, col]
    pd.testing.assert_frame_equal(got, want, check_exact=True)


def results_by_group(rs: libscore.Ruleset, frame: pd.DataFrame,
                     by: Sequence[str]) -> Dict[tuple, libscore.Result]:
    """One machine's results, per group of ``by`` as check_targets makes
    them (one group, (), without)."""
    if not by:
        return {(): rs.evaluate(frame)}
    grouper = by[0] if len(by) == 1 else list(by)
    out = {}
    for values, group in frame.groupby(grouper, sort=True, dropna=False):
        values = values if isinstance(values, tuple) else (values,)
        out[tuple(np.nan if pd.isna(v) else v for v in values)] = rs.evaluate(group)
    return out


def group_of(record: dict, by: Sequence[str]) -> tuple:
    return tuple(np.nan if pd.isna(record[b]) else record[b] for b in by)


def assert_same_ledgers(rs: libscore.Ruleset, frame: pd.DataFrame, got: pd.DataFrame,
                        by: Sequence[str] = (),
                        results: Optional[Dict[tuple, libscore.Result]] = None) -> None:
    """Every outcome's failing keys are those of one machine's result, and
    those of Result.ledger: for every outcome of a small result, for the
    four longest ledgers and the last outcome of a large one (each call
    looks its outcome up among all)."""
    key = key_column(rs, frame)
    results = results or results_by_group(rs, frame, by)
    ledgers = {}
    for group, res in results.items():
        keys = res.keys
        for o in res._outcomes():
            ledgers[(group, rs.targets[o[0]].id, o[1])] = [keys[i] for i in o[10]]
    records = got.to_dict("records")
    assert len(records) == len(ledgers)
    for r in records:
        assert r["failing"] == ledgers[(group_of(r, by), r["target"], r["scope"])], \
            (r["target"], r["scope"])
    longest = sorted(range(len(records)), key=lambda i: len(records[i]["failing"]))
    checked = longest if len(records) <= 200 else longest[-4:] + [len(records) - 1]
    for i in checked:
        r = records[i]
        ledger = results[group_of(r, by)].ledger(r["target"], r["scope"])
        assert ledger[key].tolist() == r["failing"]
    assert sum(len(r["failing"]) for r in records) > 0  # not all empty


# ---- the example district -------------------------------------------------

@pytest.mark.parametrize("ruleset_id", BUILTINS)
def test_district_as_on_one_machine(client, ruleset_id):
    rs = libscore.load(ruleset_id)
    frame = read_district(ruleset_id)
    sizes = uneven(len(frame))
    ddf = split(client, frame, sizes)
    assert partition_sizes(ddf) == sizes
    assert_same_rows(ld.evaluate(rs, ddf).compute(), rs.evaluate(frame).rows)
    got = ld.check_targets(rs, ddf)
    if rs.targets:
        assert_same_targets(got, rs.check_targets(frame))
        assert_same_ledgers(rs, frame, got)
    else:
        assert got.empty and rs.check_targets(frame).empty


@pytest.mark.parametrize("by", [["镇(街道)"], ["区县", "镇(街道)"]])
def test_district_targets_by_town_and_year(client, by):
    rs = libscore.load("zuzhi-zhenxing")
    frame = read_district("zuzhi-zhenxing")
    # some villages with no town: a group of their own, last
    frame.loc[[3, 40, 41, 68], "镇(街道)"] = np.nan
    ddf = split(client, frame, uneven(len(frame)))
    got = ld.check_targets(rs, ddf, by=by)
    assert_same_targets(got, rs.check_targets(frame, by=by))
    assert got[by[-1]].isna().any()
    assert_same_ledgers(rs, frame, got, by)
    for year in (2020, 2022):
        by_year = ld.check_targets(rs, ddf, year=year, by=by)
        assert len(by_year) and set(by_year["year"]) == {year}
        assert_same_targets(by_year, rs.check_targets(frame, year=year, by=by))


def test_all_partitions_empty(client):
    rs = libscore.load("zuzhi-zhenxing")
    frame = read_district("zuzhi-zhenxing").iloc[:0]
    ddf = split(client, frame, [0, 0, 0])
    assert_same_rows(ld.evaluate(rs, ddf).compute(), rs.evaluate(frame).rows)
    for by in (None, ["镇(街道)"]):
        got = ld.check_targets(rs, ddf, by=by)
        want = rs.check_targets(frame, by=by)
        assert list(got.columns) == [*want.columns, "failing"]
        pd.testing.assert_frame_equal(got.drop(columns="failing"), want, check_exact=True)
        assert got["failing"].map(len).sum() == 0


def test_an_absent_column_is_warned_of_once_on_the_client(client):
    rs = libscore.load("renju-huanjing")
    frame = read_district("renju-huanjing").iloc[:, :-1]  # the last field's column gone
    ddf = split(client, frame, uneven(len(frame)))
    for run in (lambda: ld.evaluate(rs, ddf).compute(), lambda: ld.check_targets(rs, ddf)):
        with pytest.warns(libscore.ColumnWarning) as caught:
            run()
        assert len([w for w in caught if w.category is libscore.ColumnWarning]) == 1
    with pytest.warns(libscore.ColumnWarning):
        want = rs.evaluate(frame).rows
    with pytest.warns(libscore.ColumnWarning):
        assert_same_rows(ld.evaluate(rs, ddf).compute(), want)


# ---- tiers across partitions ----------------------------------------------

TIER_CASES = {
    # the 2020 quotas (3/4/5/5/10) bite at every level
    "quotas": ("meihao-xiangcun", None, "boutique_demo", "quota"),
    # 精品示范村 limited by its cap alone (5% of the applicants)
    "cap": ("meihao-xiangcun", {"demo_cap": "5%", "quota_boutique_demo": 1_000_000,
                                "quota_boutique": 2000, "quota_tidy": 3000},
            "boutique_demo", "cap"),
    # a cap-only level (五星级, 30% of the rated) and a step limit
    "cap-only": ("dangzuzhi-pingxing", None, "star5", "cap"),
}


@pytest.mark.parametrize("case", list(TIER_CASES))
def test_tiers_of_a_large_table_across_partitions(client, case):
    ruleset_id, params, level, binding = TIER_CASES[case]
    rs = libscore.load(ruleset_id, params=params)
    frame = grown(ruleset_id, VILLAGES)
    sizes = uneven(len(frame))
    ddf = split(client, frame, sizes)
    single = rs.evaluate(frame)
    want = single.rows

    # the limit bites where the case says, and ties are many
    k = [t.id for t in rs.tiers].index(level)
    places = libscore._result.column(libscore.capi.score_result_tier_ranks(single._handle.ptr, k),
                                     np.uintc).astype(np.intc)
    candidates, awarded = (places > 0).sum(), (want["tier"] == level).sum()
    assert 0 < awarded < candidates
    tier = rs.tiers[k]
    applicants = libscore.capi.score_result_applicants(single._handle.ptr)
    limit = int(np.floor(round(tier.cap * applicants, 6))) if binding == "cap" else tier.quota
    assert awarded == limit and (tier.quota is None or limit < tier.quota or binding == "quota")
    assert want["rank_score"].dropna().duplicated().sum() > len(want) // 2

    # scoring each partition alone would give other tiers: the global
    # allocation is what makes them equal
    bounds = np.cumsum([0, *sizes])
    alone = pd.concat([rs.evaluate(frame.iloc[a:b]).rows
                       for a, b in zip(bounds[:-1], bounds[1:])])
    assert not alone["tier"].equals(want["tier"])

    got = ld.evaluate(rs, ddf).compute()
    assert_same_rows(got, want)


# ---- a county's members ---------------------------------------------------

def test_generated_members_are_the_same_however_split():
    whole = members(0, 3 * BLOCK + 5)
    cut = [0, 1, BLOCK - 1, BLOCK + 6, BLOCK + 6, 2 * BLOCK + 100, 3 * BLOCK + 5]
    pieces = pd.concat([members(a, b) for a, b in zip(cut[:-1], cut[1:])])
    pd.testing.assert_frame_equal(pieces, whole, check_exact=True)
    # the district's value ranges, with blanks
    assert whole["民主评议得分"].between(8, 20).sum() + whole["民主评议得分"].isna().sum() \
        == len(whole)
    assert 0 < whole["上年积分"].isna().mean() < 0.1
    assert whole["党员编号"].is_unique


def test_a_county_of_members_as_on_one_machine(client):
    rs = libscore.load("dangyuan-jifen")
    frame = members(0, MEMBERS)
    sizes = uneven(MEMBERS)
    ddf = generated_members(sizes).persist()
    assert partition_sizes(ddf) == sizes

    single = rs.evaluate(frame)
    assert_same_rows(ld.evaluate(rs, ddf).compute(), single.rows)

    got = ld.check_targets(rs, ddf)
    # Ruleset.check_targets(frame) without `by` is this result's targets
    want = single.targets
    assert_same_targets(got, want)
    assert set(want["verdict"]) == {"met", "not_met", "unknown"}
    assert got["scope"].iloc[-1] == "branch="  # members of no branch: the last group

    assert_same_ledgers(rs, frame, got, results={(): single})
    assert got["failing"].map(len).sum() > 1000


# every aggregate (sums, averages, minimums, maximums, counts, all, none),
# scopes by a number and by text, "all" after a field, and a count == 0
EXTRA_TARGETS = """
  - id: volunteer_thirds
    year: 2021
    scope: [study_sessions, all]
    require: sum(volunteer_hours / 3) >= 6000
  - id: points_avg
    scope: [town, all]
    require: avg(points) >= 78.5
  - id: review_min
    scope: [town]
    require: min(review_score) >= 9
  - id: prior_max
    scope: [key_tasks]
    require: max(prior_score) <= 99
  - id: no_veto
    scope: [all, town]
    require: count(veto) == 0
  - id: excellent
    scope: [meetings]
    require: count(points >= 90) >= 700
  - id: all_studied
    scope: [town]
    require: all(study_sessions >= 1)
  - id: none_deducted_20
    scope: [all]
    require: none(deduction_points >= 20)
"""


def test_every_aggregate_and_scope_kind(client):
    text = (SOURCE_DIR / "libscore" / "rulesets" / "dangyuan-jifen.yaml").read_text("utf-8")
    rs = libscore.loads(text.rstrip("\n") + "\n" + EXTRA_TARGETS.lstrip("\n"))
    n = MEMBERS // 10
    frame = members(0, n)
    sizes = [0, 5, n // 2, 0, 1, n - n // 2 - 6]
    ddf = generated_members(sizes).persist()
    got = ld.check_targets(rs, ddf)
    want = rs.check_targets(frame)
    assert_same_targets(got, want)
    assert set(want["aggregate"]) == {"share", "sum", "avg", "min", "max", "count", "all",
                                      "none"}
    assert set(want["verdict"]) == {"met", "not_met", "unknown"}
    # groups of a number in numeric order, the blank group last
    thirds = got.loc[got["target"] == "volunteer_thirds", "scope"].tolist()
    assert thirds[:3] == ["study_sessions=0", "study_sessions=1", "study_sessions=2"]
    assert thirds[-1] == "all"
    assert_same_ledgers(rs, frame, got)
    by = ["镇(街道)"]
    got = ld.check_targets(rs, ddf, by=by)
    assert_same_targets(got, rs.check_targets(frame, by=by))
    assert got["镇(街道)"].isna().any()  # members of no town: a group, last
    assert_same_ledgers(rs, frame, got, by)
    by = ["党员类别", "镇(街道)"]
    got = ld.check_targets(rs, ddf, year=2021, by=by)
    assert_same_targets(got, rs.check_targets(frame, year=2021, by=by))
    assert set(got["target"]) == {"volunteer_thirds"}
    assert got["党员类别"].isna().any()


# ---- the ruleset travels once ---------------------------------------------

def _count_compilations() -> None:
    """On a worker: count the rulesets unpickled (compiled) from now on."""
    import libscore._ruleset as m
    if not hasattr(m, "compiled_here"):
        restore = m._restore

        def counted(spec):
            m.compiled_here += 1
            return restore(spec)
        m._restore = counted
    m.compiled_here = 0


def _compilations() -> int:
    import libscore._ruleset as m
    return m.compiled_here


def _ruleset_keys(graph) -> List[str]:
    names = [k[0] if isinstance(k, tuple) else k for k in dict(graph)]
    return [k for k in names if str(k).startswith("libscore-ruleset-")]


def _embedded(task, found: Optional[list] = None) -> list:
    """Rulesets held inside a task (not referred to by key)."""
    found = [] if found is None else found
    if isinstance(task, libscore.Ruleset):
        found.append(task)
    elif isinstance(task, (tuple, list)):
        for t in task:
            _embedded(t, found)
    elif isinstance(task, dict):
        for t in task.values():
            _embedded(t, found)
    return found


def test_the_ruleset_is_one_key_and_compiled_once_per_worker(client):
    rs = libscore.load("meihao-xiangcun")
    frame = read_district("meihao-xiangcun")
    sizes = [5, 0, 6, 7, 1, 9, 4, 8, 0, 10, 6, 13]  # more partitions than workers
    ddf = split(client, frame, sizes)

    for make in (lambda: ld.evaluate(rs, ddf), lambda: ld.evaluate(rs, ddf.repartition(3))):
        out = make()
        graph = dict(out.__dask_graph__())
        (optimized,) = dask.optimize(out)
        for g in (graph, dict(optimized.__dask_graph__())):
            assert len(_ruleset_keys(g)) == 1
            key = next(k for k in g if str(k).startswith("libscore-ruleset-"))
            assert isinstance(g[key], libscore.Ruleset)
            assert not _embedded([v for k, v in g.items() if k != key])

    client.run(_count_compilations)
    got = ld.evaluate(rs, ddf).compute()
    compiled = client.run(_compilations)
    assert_same_rows(got, rs.evaluate(frame).rows)
    assert len(compiled) == 2 and all(c <= 1 for c in compiled.values()), compiled
    assert sum(compiled.values()) >= 1

    client.run(_count_compilations)
    ld.check_targets(libscore.load("zuzhi-zhenxing"),
                     split(client, read_district("zuzhi-zhenxing"), sizes))
    compiled = client.run(_compilations)
    assert all(c <= 1 for c in compiled.values()) and sum(compiled.values()) >= 1, compiled

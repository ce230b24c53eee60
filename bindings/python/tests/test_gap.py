"""Gaps from Python: result.gap() and result.plan() against the CLI, the
changes applied to the DataFrame and evaluated again, libscore.diff()."""

import json
import subprocess

import pandas as pd
import pytest

import libscore
from conftest import SOURCE_DIR, district, run_cli


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Villages unlike the district's: bench/generate.py with its own seed."""
    out = tmp_path_factory.mktemp("generated")
    subprocess.run(["/usr/bin/python3", str(SOURCE_DIR / "bench" / "generate.py"),
                    "--villages", "300", "--members", "1", "--seed", "7",
                    "--only", "meihao-xiangcun,zuzhi-zhenxing", "--out", str(out)],
                   check=True, capture_output=True)
    return out


def _apply(df, key_col, changes_by_key):
    df = df.copy()
    for key, changes in changes_by_key.items():
        at = df.index[df[key_col] == key]
        for c in changes:
            df.loc[at, c["field"]] = c["to"] if isinstance(c["to"], str) else c["value"]
    return df


def test_gap_equals_cli_and_shows_the_tie():
    path = district("meihao-xiangcun")
    result = libscore.load("meihao-xiangcun").evaluate(path)
    got = result.gap("3301020611")
    cli = run_cli("gap", "meihao-xiangcun", path, "3301020611", "--format", "json").stdout
    assert dict(got) == json.loads(cli)
    assert str(got) == run_cli("gap", "meihao-xiangcun", path, "3301020611").stdout
    assert got["target_tier"] == "boutique_demo" and got["changes"] == []
    assert got["rank"]["needed"] == got["rank"]["score"] and got["rank"]["tie_key"] < "3301020611"


@pytest.mark.parametrize("data", ["district", "generated"])
def test_every_gap_applied_reaches_its_tier(data, request):
    rs = libscore.load("meihao-xiangcun")
    path = district("meihao-xiangcun") if data == "district" else \
        request.getfixturevalue("generated") / "meihao-xiangcun.csv"
    df = libscore.read_table(path, rs)
    result = rs.evaluate(df)
    ids = [t.id for t in rs.tiers]
    for key, tier in zip(result.keys, result.rows["tier"]):
        if not pd.isna(tier) and tier == ids[-1]:
            continue
        g = result.gap(key)
        assert g["reachable"]
        again = rs.evaluate(_apply(df, rs.key, {key: g["changes"]}))
        row = again.keys.index(key)
        assert ids.index(again.rows["qualified"].iloc[row]) >= ids.index(g["target_tier"])


def test_plan_applied_meets_the_target():
    rs = libscore.load("zuzhi-zhenxing")
    df = libscore.read_table(district("zuzhi-zhenxing"), rs)
    result = rs.evaluate(df)
    plan = result.plan("five_star_final", "town=桃源镇")
    assert list(plan.columns[:4]) == ["target", "scope", "key", "reachable"]
    assert len(plan) >= 3 and plan["reachable"].all()
    changes = {k: part.to_dict("records") for k, part in plan.groupby("key")}
    again = rs.evaluate(_apply(df, rs.key, changes))
    t = again.targets
    row = t[(t.target == "five_star_final") & (t.scope == "town=桃源镇")].iloc[0]
    assert row.verdict == "met"
    assert result.plan("five_star_stage1", "town=双河镇").empty  # met already


def test_diff_lists_the_changed_tiers():
    rs = libscore.load("meihao-xiangcun")
    df = libscore.read_table(district("meihao-xiangcun"), rs)
    fixed = df.copy()
    fixed.loc[fixed[rs.key] == "3301020106", "participation"] = 0.65
    fixed.loc[fixed[rs.key] == "3301020611", "demo_index"] = 95
    d = libscore.diff(rs.evaluate(df), rs.evaluate(fixed))
    assert list(d.columns) == ["key", "tier_old", "tier_new", "change", "flipped"]
    changed = d[d.change != "same"].set_index("key")
    assert changed.loc["3301020106", "change"] == "up"
    assert changed.loc["3301020611", "change"] == "up"
    assert "application_ok" in changed.loc["3301020106", "flipped"]
    before = rs.evaluate(df).rows["tier"].astype(object)
    after = rs.evaluate(fixed).rows["tier"].astype(object)
    moved = {k for k, a, b in zip(df[rs.key], before, after) if str(a) != str(b)}
    assert set(changed.index) == moved


def test_every_unmet_target_of_generated_data_is_met_by_its_plan(generated):
    rs = libscore.load("zuzhi-zhenxing")
    df = libscore.read_table(generated / "zuzhi-zhenxing.csv", rs)
    result = rs.evaluate(df)
    t = result.targets
    unmet = t[(t["verdict"] == "not_met") & t["aggregate"].isin(["count", "share", "all", "none"])]
    assert len(unmet) > 0
    applied = 0
    for target, scope in zip(unmet["target"], unmet["scope"]):
        plan = result.plan(target, scope)
        if not plan["reachable"].all():
            continue  # rows the solver cannot bring over: listed, never guessed
        applied += 1
        changes = {k: part.to_dict("records") for k, part in plan.groupby("key")}
        again = rs.evaluate(_apply(df, rs.key, changes)).targets
        row = again[(again.target == target) & (again.scope == scope)].iloc[0]
        assert row.verdict == "met", (target, scope)
    assert applied >= len(unmet) // 2, (applied, len(unmet))

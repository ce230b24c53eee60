"""The package's API: what a ruleset says about itself, parameters,
documents as strings, explanations, targets by year and by group,
threads, and documentation on every public name."""

import inspect
import json

import pandas as pd
import pytest

import libscore
from conftest import BUILTINS, SOURCE_DIR, district, run_cli

CLEAN = SOURCE_DIR / "examples" / "rulesets" / "clean-village.yaml"


def test_builtins_are_those_of_the_cli():
    listed = [tuple(line.split(None, 1)) for line in run_cli("list").stdout.splitlines()]
    assert [tuple(b) for b in libscore.builtins()] == listed
    assert sorted(b.id for b in libscore.builtins()) == sorted(BUILTINS)


def test_description_of_a_ruleset():
    rs = libscore.load("meihao-xiangcun")
    assert rs.id == "meihao-xiangcun" and rs.key == "id"
    assert rs.title == "美好乡村创建等级评定"
    assert len(rs.hash) == 16
    assert run_cli("eval", "meihao-xiangcun", district("meihao-xiangcun"), "--format",
                   "json").stdout.find(rs.hash) > 0
    fields = {f.id: f for f in rs.fields}
    assert fields["id"].label == "村代码" and fields["id"].type == "text"
    assert [t.id for t in rs.tiers] == ["clean", "tidy", "boutique", "boutique_demo",
                                        "operating_demo"]
    assert [t.label for t in rs.tiers][0] == "美好乡村清洁村"
    assert rs.tiers[1].extends == "clean" and rs.tiers[0].extends is None
    assert any(t.cap == pytest.approx(0.3) for t in rs.tiers)
    crit = {c.id: c for c in rs.criteria}
    assert crit["three_revolutions"].expr == "sewage_done and toilet_done and garbage_done"
    card = rs.scorecards[0]
    assert card.id == "assessment" and card.items and card.items[0].expr
    z = libscore.load("zuzhi-zhenxing")
    years = {f.id: f.years for f in z.fields}
    assert years["collective_income"] == (2019, 2020, 2021, 2022)
    weak = [t for t in z.targets if t.id == "weak_doubled"][0]
    assert weak.aggregate == "all" and weak.year == 2020
    assert "libscore.Ruleset zuzhi-zhenxing" in repr(z)


def test_params_override_and_show_in_force():
    default = libscore.load("zuzhi-zhenxing")
    assert default.params["five_star_final"].value == default.params["five_star_final"].default
    lowered = libscore.load("zuzhi-zhenxing", params={"five_star_final": "30%"})
    assert lowered.params["five_star_final"].value == "0.3"  # the value in force, as a number
    assert lowered.hash != default.hash
    path = district("zuzhi-zhenxing")
    before = default.evaluate(path).targets.set_index(["target", "scope"])
    after = lowered.evaluate(path).targets.set_index(["target", "scope"])
    assert before.loc[("five_star_final", "all"), "verdict"] == "not_met"
    assert after.loc[("five_star_final", "all"), "verdict"] == "met"
    cli = run_cli("targets", "zuzhi-zhenxing", path, "--param", "five_star_final=30%",
                  "--format", "csv").stdout
    assert "five_star_final,all,0.347826086956522,>=,0.3,met," in cli


def test_yaml_and_json_strings():
    text = CLEAN.read_text(encoding="utf-8")
    a = libscore.load(str(CLEAN))
    b = libscore.loads(text)
    c = libscore.load(text)
    assert a.hash == b.hash == c.hash
    doc = {"ruleset": "tiny", "key": "id",
           "fields": {"id": {"type": "text"}, "x": {"type": "number", "label": "数值"}},
           "criteria": {"big": {"when": "x >= 3万", "label": "大"}}}
    tiny = libscore.loads(json.dumps(doc, ensure_ascii=False))
    rows = tiny.evaluate({"id": ["a", "b", "c"], "数值": [40000, 20000, None]}).rows
    assert rows["big"].tolist() == [True, False, pd.NA]


def test_explanation_is_a_dict_and_chinese_text():
    result = libscore.load("meihao-xiangcun").evaluate(pd.read_csv(district("meihao-xiangcun")))
    e = result.explain(3301020611)  # a number key is looked up as text
    assert isinstance(e, dict)
    assert e["key"] == "3301020611"
    assert "美好乡村精品村" in str(e)
    row = result.rows.set_index("id").loc["3301020611"]
    assert row["tier"] == "boutique" and row["qualified"] == "boutique_demo"
    t = libscore.load("zuzhi-zhenxing").evaluate(district("zuzhi-zhenxing"))
    et = t.explain_target("five_star_final", "town=桃源镇")
    assert isinstance(et, dict) and "五星级" in str(et)


def test_tiers_are_ordered_categoricals():
    rows = libscore.load("meihao-xiangcun").evaluate(district("meihao-xiangcun")).rows
    assert rows["tier"].cat.ordered
    assert (rows["tier"].dropna() <= rows["qualified"][rows["tier"].notna()]).all()
    counts = rows["tier"].value_counts().sort_index()
    assert list(counts) == [10, 5, 5, 4, 3]  # clean ... operating_demo, as the CLI table


def test_check_targets_by_year_and_by_group():
    rs = libscore.load("zuzhi-zhenxing")
    df = pd.read_csv(district("zuzhi-zhenxing"))
    all_years = rs.check_targets(df)
    y2022 = rs.check_targets(df, year=2022)
    assert set(y2022["target"]) == {t.id for t in rs.targets if t.year == 2022}
    assert len(y2022) < len(all_years)
    cli = run_cli("targets", "zuzhi-zhenxing", district("zuzhi-zhenxing"), "--year", "2022",
                  "--format", "csv").stdout.splitlines()
    assert len(cli) - 1 == len(y2022)
    by_town = rs.check_targets(df, by=["镇(街道)"])
    assert list(by_town.columns[:2]) == ["镇(街道)", "target"]
    # a town's "all" scope equals the whole district's "town=..." scope
    whole = all_years.set_index(["target", "scope"])
    for _, row in by_town[by_town["scope"] == "all"].iterrows():
        other = whole.loc[(row["target"], f"town={row['镇(街道)']}")]
        assert other["verdict"] == row["verdict"]
        assert other["population"] == row["population"]


def test_threads_give_identical_results():
    df = pd.read_csv(district("dangyuan-jifen"))
    rs = libscore.load("dangyuan-jifen")
    one = rs.evaluate(df, threads=1)
    two = rs.evaluate(df, threads=2)
    pd.testing.assert_frame_equal(one.rows, two.rows)
    pd.testing.assert_frame_equal(one.targets, two.targets)


def test_every_public_name_is_documented():
    assert libscore.__doc__ and "load" in libscore.__doc__
    for name in libscore.__all__:
        obj = getattr(libscore, name)
        if name.startswith("__"):
            continue
        assert inspect.getdoc(obj), name
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or not callable(member) and not isinstance(member, property):
                    continue
                assert inspect.getdoc(member), f"{name}.{attr}"


def test_help_reads_well():
    text = pydoc_text(libscore)
    assert "Ruleset" in text and "evaluate" in text and "RuleError" in text


def pydoc_text(obj) -> str:
    import pydoc
    return pydoc.render_doc(obj, renderer=pydoc.plaintext)

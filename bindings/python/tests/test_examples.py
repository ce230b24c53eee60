"""The scripts of examples/python run on the example district, and what
they print and write is what the `score` CLI says about the same data."""

import csv
import json
import math
import os
import struct
import subprocess
import sys
from collections import Counter

import pytest

from conftest import SOURCE_DIR, cli_csv, district, run_cli

EXAMPLES = SOURCE_DIR / "examples" / "python"
DIMENSIONS_YAML = EXAMPLES / "revitalization-dimensions.yaml"
# The scorecards of revitalization-dimensions.yaml, in document order.
DIMENSIONS = {"thriving_industry": "产业兴旺", "livable_ecology": "生态宜居",
              "civilized_culture": "乡风文明", "effective_governance": "治理有效",
              "prosperous_life": "生活富裕"}
NO_TIER, TOTAL = "未获评", "合计"


def run_example(script: str, out) -> str:
    """Run an example script with this interpreter and environment (ctest's
    PYTHONPATH); its stdout."""
    proc = subprocess.run([sys.executable, str(EXAMPLES / script), "--out", str(out)],
                          capture_output=True, text=True, env=dict(os.environ), cwd=out)
    assert proc.returncode == 0, proc.stderr
    assert "Warning" not in proc.stderr, proc.stderr
    return proc.stdout


def read_rows(path) -> list:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def block(stdout: str, heading: str) -> list:
    """The lines after the line starting with heading, up to a blank line."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start + 1:end]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return out, run_example("district_report.py", out)


@pytest.fixture(scope="module")
def topsis(tmp_path_factory):
    out = tmp_path_factory.mktemp("topsis")
    return out, run_example("topsis_index.py", out)


# ---- district_report.py ----

def test_report_prints_the_tier_counts_per_town_of_the_cli(report):
    _, stdout = report
    path = district("meihao-xiangcun")
    table = block(stdout, "美好乡村创建等级")
    header = table[0].split()
    assert header[0] == "等级" and table[1].split() == ["镇(街道)"]
    printed = {}
    for line in table[2:]:
        town, *counts = line.split()
        printed[town] = dict(zip(header[1:], map(int, counts)))

    # The same crosstab, from the CLI's tiers and the file's towns.
    labels = {"clean": "美好乡村清洁村", "tidy": "美好乡村整洁村", "boutique": "美好乡村精品村",
              "boutique_demo": "美好乡村精品示范村", "operating_demo": "美好乡村经营示范村",
              "": NO_TIER}
    assert header[1:] == [*labels.values(), TOTAL]  # level order, lowest first
    town = {r["村代码"]: r["镇(街道)"] for r in read_rows(path)}
    tiers = cli_csv("eval", "meihao-xiangcun", path)
    assert len(tiers) == len(town) == 69
    counts = Counter((town[r["id"]], labels[r["tier"]]) for r in tiers)
    towns = sorted(set(town.values()))
    assert sorted(printed) == sorted([*towns, TOTAL])
    for t in towns:
        assert {label: printed[t][label] for label in labels.values()} == \
            {label: counts[(t, label)] for label in labels.values()}, t
        assert printed[t][TOTAL] == sum(n for (tt, _), n in counts.items() if tt == t)
    for label in labels.values():
        assert printed[TOTAL][label] == sum(n for (_, ll), n in counts.items() if ll == label)
    assert printed[TOTAL][TOTAL] == 69
    assert printed[TOTAL][NO_TIER] < 69  # some villages are awarded a tier


def test_report_ledger_holds_the_failing_villages_of_every_unmet_target(report):
    out, stdout = report
    path = district("zuzhi-zhenxing")
    unmet = [t for t in cli_csv("targets", "zuzhi-zhenxing", path)
             if t["scope"] == "all" and t["verdict"] == "not_met"]
    assert unmet
    assert f"全区未达标 {len(unmet)} 项" in stdout
    ledger = read_rows(out / "xiaohao-ledger.csv")
    assert list(dict.fromkeys(r["target"] for r in ledger)) == [t["target"] for t in unmet]
    assert {r["scope"] for r in ledger} == {"all"}
    villages = {r["村代码"]: r for r in read_rows(path)}
    for t in unmet:
        explained = json.loads(run_cli("explain", "zuzhi-zhenxing", path, "--target",
                                       t["target"], "--format", "json").stdout)
        overall = next(e for e in explained if e["scope"] == "all")
        rows = [r for r in ledger if r["target"] == t["target"]]
        assert [r["村代码"] for r in rows] == overall["failing"] != []
        assert {r["label"] for r in rows} == {overall["label"]}
        printed = [line for line in stdout.splitlines()
                   if line.startswith(f"  {overall['label']}（")]
        assert len(printed) == 1 and f"{overall['shortfall']} 村" in printed[0]
        for r in rows:  # the village's data as the file gives it
            village = villages[r["村代码"]]
            assert {k: r[k] for k in village} == village


def test_report_draws_a_png_chart(report):
    out, _ = report
    png = (out / "tiers-by-town.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert 400 <= width <= 3000 and 300 <= height <= 2000
    assert 5_000 < len(png) < 2_000_000  # about 45 kB with the Chinese font


# ---- topsis_index.py ----

def merge_district(path) -> None:
    """The three files of the district as one CSV, joined on 村代码."""
    header, villages = [], {}
    for name in ("meihao-xiangcun", "renju-huanjing", "zuzhi-zhenxing"):
        rows = read_rows(district(name))
        header += [c for c in rows[0] if c not in header]
        for r in rows:
            villages.setdefault(r["村代码"], {}).update(r)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(villages.values())


def entropy_topsis(rows: list):
    """Entropy weights and TOPSIS closeness, written out plainly as a
    reference for the script's numpy version."""
    n, columns = len(rows), list(zip(*rows))
    diversity = []
    for c in columns:
        low, high = min(c), max(c)
        z = [(v - low) / (high - low) for v in c]
        p = [v / sum(z) for v in z]
        diversity.append(1 + sum(q * math.log(q) for q in p if q > 0) / math.log(n))
    weights = [d / sum(diversity) for d in diversity]
    norms = [math.sqrt(sum(v * v for v in c)) for c in columns]
    weighted = [[v / norms[j] * weights[j] for j, v in enumerate(r)] for r in rows]
    best = [max(c) for c in zip(*weighted)]
    worst = [min(c) for c in zip(*weighted)]
    closeness = [math.dist(r, worst) / (math.dist(r, best) + math.dist(r, worst))
                 for r in weighted]
    return weights, closeness


def test_topsis_dimension_scores_are_those_of_the_cli(topsis, tmp_path):
    out, stdout = topsis
    merged = tmp_path / "merged.csv"
    merge_district(merged)
    expected = {r["id"]: r for r in cli_csv("eval", DIMENSIONS_YAML, merged)}
    assert list(next(iter(expected.values()))) == ["id", *DIMENSIONS]
    index = read_rows(out / "topsis-index.csv")
    assert sorted(r["村代码"] for r in index) == sorted(expected)
    for r in index:
        want = expected[r["村代码"]]
        for dim, label in DIMENSIONS.items():
            if want[dim] == "":
                assert r[label] == "", (r["村代码"], label)
            else:
                assert math.isclose(float(r[label]), float(want[dim]), rel_tol=1e-13), \
                    (r["村代码"], label)
        missing = [label for dim, label in DIMENSIONS.items() if want[dim] == ""]
        assert r["缺失维度"] == "、".join(missing)
        assert (r["贴近度"] == "") == bool(missing)  # unranked exactly when a dimension is unknown

    provenance = json.loads(run_cli("eval", DIMENSIONS_YAML, merged, "--format", "json").stdout)
    rules_hash = provenance["ruleset"]["hash"]
    assert {r["维度规则哈希"] for r in index} == {rules_hash}
    assert f"规则哈希 {rules_hash}" in stdout


def test_topsis_index_is_sorted_closeness_of_the_complete_villages(topsis):
    out, stdout = topsis
    index = read_rows(out / "topsis-index.csv")
    ranked = [r for r in index if r["贴近度"] != ""]
    unranked = [r for r in index if r["贴近度"] == ""]
    assert index == ranked + unranked  # the villages with a missing dimension last
    assert len(ranked) >= 10 and unranked  # the district has gaps in its data
    assert all(r["排名"] == "" and r["缺失维度"] for r in unranked)
    closeness = [float(r["贴近度"]) for r in ranked]
    assert all(0 <= c <= 1 for c in closeness)
    assert closeness == sorted(closeness, reverse=True)
    assert [int(r["排名"]) for r in ranked] == list(range(1, len(ranked) + 1))

    # The same index computed apart, from the CSV's dimension scores.
    scores = [[float(r[label]) for label in DIMENSIONS.values()] for r in ranked]
    weights, reference = entropy_topsis(scores)
    for got, want in zip(closeness, reference):
        assert math.isclose(got, want, rel_tol=1e-9)
    printed = dict(line.split() for line in block(stdout, "熵权："))
    assert list(printed) == list(DIMENSIONS.values())
    for label, w in zip(DIMENSIONS.values(), weights):
        assert float(printed[label]) == pytest.approx(w, abs=0.00005)
    assert math.isclose(sum(weights), 1)

    top = block(stdout, "熵权TOPSIS贴近度前10名")
    assert [line.split()[1] for line in top[1:]] == [r["村代码"] for r in ranked[:10]]
    for r in unranked:
        assert f"{r['村代码']} {r['村名']}" in stdout

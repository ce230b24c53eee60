"""The binding gives exactly what the CLI gives, on the example district,
whether the data comes as a DataFrame (as pandas reads it) or a CSV path."""

import math

import pandas as pd
import pytest

import libscore
from conftest import cli_csv, district


def cell(value) -> str:
    """A Python value as the CLI prints it in CSV (numbers compared apart)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, pd.BooleanDtype().type)) or str(value) in ("True", "False"):
        return "1" if value else "0"
    return str(value)


def assert_same(cli_value: str, py_value, where: str) -> None:
    if isinstance(py_value, float) and not math.isnan(py_value):
        assert cli_value != "", where
        # the CLI prints 15 significant digits
        assert math.isclose(float(cli_value), py_value, rel_tol=1e-14, abs_tol=1e-300), where
    else:
        assert cli_value == cell(py_value), where


@pytest.mark.parametrize("source", ["frame", "path"])
def test_rows_equal_cli(builtin_id, source):
    path = district(builtin_id)
    data = pd.read_csv(path) if source == "frame" else path
    rows = libscore.load(builtin_id).evaluate(data).rows
    expected = cli_csv("eval", builtin_id, path)
    assert len(rows) == len(expected) > 0
    assert list(rows.columns) == list(expected[0].keys())
    for i, want in enumerate(expected):
        got = rows.iloc[i]
        for col, v in want.items():
            assert_same(v, got[col], f"row {i} column {col}")


@pytest.mark.parametrize("source", ["frame", "path"])
def test_targets_equal_cli(builtin_id, source):
    path = district(builtin_id)
    data = pd.read_csv(path) if source == "frame" else path
    targets = libscore.load(builtin_id).evaluate(data).targets
    expected = cli_csv("targets", builtin_id, path)
    assert len(targets) == len(expected)
    for i, want in enumerate(expected):
        got = targets.iloc[i]
        for col, v in want.items():
            assert_same(v, got[col], f"outcome {i} column {col}")


def test_ledger_is_the_cli_explanation_of_the_failing_rows():
    path = district("zuzhi-zhenxing")
    df = pd.read_csv(path)
    result = libscore.load("zuzhi-zhenxing").evaluate(df)
    ledger = result.ledger("weak_doubled")
    explained = result.explain_target("weak_doubled")
    # the text explanation lists the failing keys; so does the ledger
    assert len(ledger) == 1
    key = str(ledger["村代码"].iloc[0])
    assert key in str(explained)
    assert list(ledger.columns[:2]) == ["target", "scope"]
    assert list(ledger.columns[2:]) == list(df.columns)


def test_explain_text_equals_cli():
    path = district("meihao-xiangcun")
    result = libscore.load("meihao-xiangcun").evaluate(path)
    from conftest import run_cli
    text = run_cli("explain", "meihao-xiangcun", path, "3301020611").stdout
    got = result.explain("3301020611")
    assert str(got).rstrip("\n") == text.rstrip("\n")
    assert got["key"] == "3301020611"

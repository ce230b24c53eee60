"""Data of every shape an analyst has: missing values of every pandas kind,
columns by id or Chinese label, dicts of arrays, text cells with units."""

import numpy as np
import pandas as pd
import pytest

import libscore
from conftest import SOURCE_DIR, district

CLEAN = str(SOURCE_DIR / "examples" / "rulesets" / "clean-village.yaml")
VILLAGES = SOURCE_DIR / "examples" / "data" / "villages.csv"


def outcome(result):
    """Everything a result says, comparable with ==."""
    rows = result.rows.reset_index(drop=True).astype(object)
    return rows.where(rows.notna(), None).values.tolist(), \
        result.targets.astype(object).where(result.targets.notna(), None).values.tolist()


BLANKED = [(0, "群众参与率"), (1, "申报创建"), (2, "四乱问题点数"), (3, "已获等级"),
           (4, "村集体经济收入(元)_2019"), (5, "厕所革命完成")]


@pytest.fixture
def reference(tmp_path):
    """The villages with a few blank cells, evaluated from a CSV file."""
    df = pd.read_csv(VILLAGES, dtype=str, keep_default_na=False)
    for row, col in BLANKED:
        df.loc[row, col] = ""
    path = tmp_path / "blanks.csv"
    df.to_csv(path, index=False)
    return outcome(libscore.load(CLEAN).evaluate(path)), path


def test_reference_really_has_unknowns(reference):
    (rows, _targets), _path = reference
    assert any(v is None for row in rows for v in row[1:])


@pytest.mark.parametrize("kind", ["nan", "none", "pd.NA", "nullable dtypes", "empty text",
                                  "string dtype"])
def test_every_kind_of_missing_value_is_missing(reference, kind):
    expected, path = reference
    df = pd.read_csv(VILLAGES)  # pandas' own dtypes: floats, objects
    if kind == "nullable dtypes":
        df = df.convert_dtypes()  # Int64, Float64, boolean, string with pd.NA
    if kind == "string dtype":
        df = df.astype("string")
    for row, col in BLANKED:
        if kind == "nan":
            df[col] = df[col].astype(object)
            df.loc[row, col] = np.nan
        elif kind == "none":
            df[col] = df[col].astype(object)
            df.loc[row, col] = None
        elif kind == "empty text":
            df[col] = df[col].astype(object).where(df[col].notna(), "")
            df.loc[row, col] = ""
        else:
            df.loc[row, col] = pd.NA
    assert outcome(libscore.load(CLEAN).evaluate(df)) == expected


def test_missing_is_not_zero():
    rs = libscore.load(CLEAN)
    df = pd.read_csv(VILLAGES)
    df["四乱问题点数"] = np.nan
    rows = rs.evaluate(df).rows
    assert rows["messes_basic"].isna().all()
    df["四乱问题点数"] = 0.0
    assert rs.evaluate(df).rows["messes_basic"].all()


def test_labels_and_ids_give_the_same_result():
    rs = libscore.load("zuzhi-zhenxing")
    by_label = pd.read_csv(district("zuzhi-zhenxing"))
    rename = {}
    for f in rs.fields:
        if f.years:
            rename.update({f"{f.label}_{y}": f"{f.id}_{y}" for y in f.years})
        else:
            rename[f.label] = f.id
    by_id = by_label.rename(columns=rename)
    assert set(by_id.columns) & {f.id for f in rs.fields}
    assert outcome(rs.evaluate(by_id)) == outcome(rs.evaluate(by_label))


def test_dict_of_arrays():
    rs = libscore.load(CLEAN)
    df = pd.read_csv(VILLAGES)
    data = {c: df[c].to_numpy() for c in df.columns}
    assert outcome(rs.evaluate(data)) == outcome(rs.evaluate(df))


def test_units_in_text_cells_as_in_csv():
    rs = libscore.load(CLEAN)
    as_text = pd.read_csv(VILLAGES, dtype=str)  # "3万", "75%", "是" stay text
    assert as_text["群众参与率"].str.endswith("%").any()
    assert outcome(rs.evaluate(as_text)) == outcome(rs.evaluate(VILLAGES))


def test_bool_columns_of_every_kind():
    rs = libscore.load(CLEAN)
    df = pd.read_csv(VILLAGES)
    expected = outcome(rs.evaluate(df))
    for conv in (lambda s: s.map({"是": True, "否": False, "1": True, "0": False}),
                 lambda s: s.map({"是": 1.0, "否": 0.0, "1": 1.0, "0": 0.0}),
                 lambda s: s.map({"是": "true", "否": "FALSE", "1": " 1 ", "0": "0"})):
        other = df.copy()
        for col in ("申报创建", "已编制村庄规划", "村级组织廉洁务实"):
            other[col] = conv(df[col].astype(str))
        assert outcome(rs.evaluate(other)) == expected


def test_numeric_keys_read_by_pandas_as_numbers():
    rs = libscore.load("meihao-xiangcun")
    df = pd.read_csv(district("meihao-xiangcun"))
    assert df["村代码"].dtype.kind == "i"
    rows = rs.evaluate(df).rows
    assert rows["id"].iloc[0] == "3301020101"
    floats = df.copy()
    floats["村代码"] = floats["村代码"].astype(float)
    assert rs.evaluate(floats).rows["id"].iloc[0] == "3301020101"


def test_columns_not_in_the_ruleset_are_ignored_and_absent_ones_warned():
    rs = libscore.load(CLEAN)
    df = pd.read_csv(VILLAGES)
    df["备注"] = "x"
    with pytest.warns(libscore.ColumnWarning, match="no column for messes"):
        result = rs.evaluate(df.drop(columns=["四乱问题点数"]))
    assert result.absent == ["messes"]
    assert result.rows["messes_basic"].isna().all()


def test_empty_frame():
    rs = libscore.load("meihao-xiangcun")
    df = pd.read_csv(district("meihao-xiangcun")).iloc[0:0]
    result = rs.evaluate(df)
    assert len(result.rows) == 0
    assert list(result.rows.columns)[:3] == ["id", "qualified", "tier"]

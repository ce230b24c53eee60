"""The low-level module on the shared SWIG interface (bindings/score.i):
its typemaps (cells, buffers, documents, columns out, errors, handles)
and the scope columns of Result.targets."""

import math

import numpy as np
import pandas as pd
import pytest

import libscore
from libscore import capi
from conftest import district

DOC = """ruleset: cells
version: "1"
entity: village
key: id
fields:
  id: {type: text}
  income: {type: number, label: 收入}
  clean: {type: bool}
criteria:
  rich: income >= 30000
"""


def test_cells_from_any_sequence_with_missing_values():
    rs = capi.score_load_text(DOC, "<doc>", [])
    t = capi.score_new_table(rs, 5)
    capi.score_table_set_cells(t, "id", ("a", "b", "c", "d", 5))  # 5 through str()
    capi.score_table_set_cells(t, "收入", np.array(["3.5万", None, math.nan, pd.NA, 12],
                                                   dtype=object))
    capi.score_table_set_cells(t, "clean", ["是", "否", None, "true", pd.NaT])
    income = np.frombuffer(capi.score_column_values(t, "income"), dtype=np.float64)
    assert income[0] == 35000 and income[4] == 12 and np.isnan(income[1:4]).all()
    clean = np.frombuffer(capi.score_column_values(t, "clean"), dtype=np.float64)
    assert clean[:2].tolist() == [1, 0] and clean[3] == 1
    assert np.isnan(clean[2]) and np.isnan(clean[4])
    assert capi.score_table_key(t, 4) == "5"
    with pytest.raises(libscore.DataError, match='column "收入": row 1: "many"'):
        capi.score_table_set_cells(t, "收入", ["1", "many", "2", "3", "4"])
    del t  # before its ruleset: the package's handles keep that order (_handle.own)


def test_columns_in_through_the_buffer_protocol():
    rs = capi.score_load_text(DOC, "<doc>", [])
    t = capi.score_new_table(rs, 3)
    capi.score_table_set_numbers(t, "income", memoryview(np.array([1.0, 2.0, 3.0])))
    capi.score_table_set_bools(t, "clean", np.array([1, 0, -1], dtype=np.int8))
    with pytest.raises(TypeError, match="format 'b'"):
        capi.score_table_set_bools(t, "clean", np.array([1, 0, 1], dtype=np.int32))
    with pytest.raises(TypeError):
        capi.score_table_set_numbers(t, "income", [1.0, 2.0, 3.0])  # no buffer
    del t


def test_documents_and_data_as_str_or_bytes():
    rs = capi.score_load_text(DOC.encode("utf-8"), "<bytes>", [])
    assert capi.score_ruleset_id(rs) == "cells"
    data = "id,收入,clean\nA,3万,是\nB,,否\n"
    for given in (data, data.encode("utf-8")):
        t = capi.score_parse(rs, given, "<data>", capi.score_read_options())
        assert capi.score_table_row_count(t) == 2 and capi.score_table_key(t, 1) == "B"
        del t
    with pytest.raises(libscore.DataError) as e:
        capi.score_parse(rs, "id,收入\nA,lots\n", "<data>", capi.score_read_options())
    assert (e.value.file, e.value.line) == ("<data>", 2)


def test_errors_raise_by_kind_and_handles_are_never_none():
    with pytest.raises(libscore.RuleError, match="NAME=VALUE"):
        capi.score_load("meihao-xiangcun", ["no equals sign"])
    with pytest.raises(libscore.RuleError) as e:
        capi.score_load_text("ruleset: [", "<bad>", [])
    assert e.value.file == "<bad>" and e.value.code == "ESYNTAX"
    for call in (lambda: capi.score_result_row_count(None),
                 lambda: capi.score_new_table(None, 1),
                 lambda: capi.score_table_set_cells(None, "id", [])):
        with pytest.raises(ValueError, match="None"):
            call()


def test_result_columns_come_whole():
    rs = libscore.load("meihao-xiangcun")
    result = rs.evaluate(district("meihao-xiangcun"))
    r, n = result._handle.ptr, len(result)
    tiers = np.frombuffer(capi.score_result_tiers(r), dtype=np.intc)
    assert len(tiers) == n
    assert tiers.tolist() == [capi.score_result_tier(r, i) for i in range(n)]
    ids = [t.id for t in rs.tiers]
    assert [ids[k] if k >= 0 else None for k in tiers] == \
        result.rows["tier"].astype(object).where(result.rows["tier"].notna(), None).tolist()
    assert capi.score_result_verdicts(r, len(rs.criteria)) is None  # out of range
    plain = libscore.loads(DOC).evaluate({"id": ["a"], "income": [1.0], "clean": [True]})
    assert capi.score_result_tiers(plain._handle.ptr) is None  # no tier ladder


def test_targets_have_their_scope_apart():
    rs = libscore.load("zuzhi-zhenxing")
    targets = rs.evaluate(district("zuzhi-zhenxing")).targets
    assert list(targets.columns[-2:]) == ["scope_field", "scope_value"]
    scoped = targets[targets["scope"] != "all"]
    assert len(scoped) > 0
    assert (scoped["scope_field"] + "=" + scoped["scope_value"]).tolist() == \
        scoped["scope"].tolist()
    whole = targets[targets["scope"] == "all"]
    assert whole["scope_field"].isna().all() and whole["scope_value"].isna().all()


def test_a_proxy_keeps_what_it_was_made_from():
    """A result's proxy outlives its Result, its table and its ruleset
    (all closed) and still reads: each holds the C owner of the one it
    was made from (AddressSanitizer, in the sanitizer build, sees any
    use after free)."""
    rs = libscore.loads(DOC)
    result = rs.evaluate({"id": ["a", "b"], "income": [40000.0, 1.0], "clean": [True, None]})
    r = result._handle.ptr
    result.close()
    rs.close()
    del result, rs
    assert np.frombuffer(capi.score_result_verdicts(r, 0), dtype=np.uint8).tolist() == \
        [capi.SCORE_TRUE, capi.SCORE_FALSE]

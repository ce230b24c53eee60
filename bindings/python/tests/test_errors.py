"""Every error path raises a libscore exception with its position, and
nothing crashes: bad documents, bad parameters, bad cells, bad calls."""

import math
import re

import numpy as np
import pandas as pd
import pytest

import libscore
from conftest import SOURCE_DIR, district, run_cli

CLEAN = SOURCE_DIR / "examples" / "rulesets" / "clean-village.yaml"
VILLAGES = SOURCE_DIR / "examples" / "data" / "villages.csv"


def test_hierarchy():
    assert issubclass(libscore.RuleError, libscore.Error)
    assert issubclass(libscore.DataError, libscore.Error)
    assert issubclass(libscore.Error, ValueError)


def cli_first_error(*args):
    """(file, line, column, message) of the CLI's first error line."""
    proc = run_cli(*args, check=False)
    assert proc.returncode == 1
    m = re.match(r"(.*?):(\d+):(\d+): (.*)", proc.stderr.splitlines()[0])
    assert m, proc.stderr
    return m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)


BROKEN = CLEAN.read_text(encoding="utf-8").replace(
    "when: messes <= messes_basic_max", "when: messes <= (messes_basic_max")


def test_syntax_error_has_the_position_score_check_gives(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    file, line, column, message = cli_first_error("check", path)
    with pytest.raises(libscore.RuleError) as e:
        libscore.load(str(path))
    assert (e.value.file, e.value.line, e.value.column) == (file, line, column)
    assert e.value.message == message
    assert e.value.code == "ESYNTAX"
    assert str(e.value) == f"{file}:{line}:{column}: {message}"


def test_error_in_a_string_document():
    with pytest.raises(libscore.RuleError) as e:
        libscore.loads(BROKEN)
    assert e.value.file == "<string>"
    assert e.value.line == BROKEN.splitlines().index(
        "    when: messes <= (messes_basic_max") + 1
    with pytest.raises(libscore.RuleError):
        libscore.load(BROKEN)  # a document given to load() is read as one


def test_json_document_error():
    with pytest.raises(libscore.RuleError) as e:
        libscore.loads('{"ruleset": "x", "key": "id", "fields": {"id": {"type": "txt"}}}')
    assert e.value.line == 1 and e.value.column > 1


def test_unknown_builtin_and_missing_file():
    with pytest.raises(libscore.RuleError) as e:
        libscore.load("no-such-ruleset")
    assert e.value.code in ("ENOTFOUND", "EIO")
    with pytest.raises(libscore.RuleError) as e:
        libscore.load("/nonexistent/ruleset.yaml")
    assert e.value.code == "EIO"


def test_bad_params():
    with pytest.raises(libscore.RuleError) as e:
        libscore.load("zuzhi-zhenxing", params={"no_such_param": 1})
    assert e.value.code == "EPARAM"
    with pytest.raises(libscore.RuleError) as e:
        libscore.load("zuzhi-zhenxing", params={"income_floor": "three"})
    assert e.value.code == "EPARAM"


def test_bad_cell_in_a_csv_has_its_line_and_column(tmp_path):
    rows = VILLAGES.read_text(encoding="utf-8").splitlines()
    rows[2] = rows[2].replace("60%", "sixty")
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    file, line, column, message = cli_first_error("eval", CLEAN, path)
    with pytest.raises(libscore.DataError) as e:
        libscore.load(str(CLEAN)).evaluate(path)
    assert (e.value.file, e.value.line, e.value.column, e.value.message) == \
        (file, line, column, message)


def test_bad_cell_in_a_frame_names_row_and_column():
    df = pd.read_csv(VILLAGES, dtype=str)
    df.loc[1, "群众参与率"] = "sixty"
    with pytest.raises(libscore.DataError) as e:
        libscore.load(str(CLEAN)).evaluate(df)
    assert e.value.line is None
    assert str(e.value) == ('column "群众参与率": row 1: "sixty" is not a number '
                            '(write digits such as 3.5万 or 35000)')
    df = pd.read_csv(VILLAGES, dtype=str)
    df.loc[0, "申报创建"] = "maybe"
    with pytest.raises(libscore.DataError, match='"maybe" is not yes or no'):
        libscore.load(str(CLEAN)).evaluate(df)
    df = pd.read_csv(VILLAGES)
    df["申报创建"] = 2
    with pytest.raises(libscore.DataError, match="2 is not yes or no"):
        libscore.load(str(CLEAN)).evaluate(df)


def test_infinity_is_refused():
    df = pd.read_csv(VILLAGES)
    df["四乱问题点数"] = df["四乱问题点数"].astype(float)
    df.loc[0, "四乱问题点数"] = math.inf
    with pytest.raises(libscore.DataError):
        libscore.load(str(CLEAN)).evaluate(df)


def test_duplicate_and_missing_keys():
    df = pd.read_csv(VILLAGES)
    dup = pd.concat([df, df.iloc[:1]], ignore_index=True)
    with pytest.raises(libscore.DataError, match="same key"):
        libscore.load(str(CLEAN)).evaluate(dup)
    df.loc[1, "村代码"] = None
    with pytest.raises(libscore.DataError):
        libscore.load(str(CLEAN)).evaluate(df)


def test_two_columns_for_one_field():
    df = pd.read_csv(VILLAGES)
    df["messes"] = df["四乱问题点数"]
    with pytest.raises(libscore.DataError, match="both give field"):
        libscore.load(str(CLEAN)).evaluate(df)


def test_missing_csv_file_is_a_data_error():
    with pytest.raises(libscore.DataError) as e:
        libscore.load(str(CLEAN)).evaluate("/nonexistent/data.csv")
    assert e.value.code == "EIO"


def test_wrong_kinds_of_argument():
    rs = libscore.load(str(CLEAN))
    with pytest.raises(TypeError):
        rs.evaluate(42)
    with pytest.raises(TypeError):
        libscore.Ruleset()
    with pytest.raises(TypeError):
        libscore.Result()


def test_closed_handles_raise_and_close_is_idempotent():
    rs = libscore.load(str(CLEAN))
    result = rs.evaluate(VILLAGES)
    rs.close()
    rs.close()
    with pytest.raises(ValueError, match="closed"):
        rs.evaluate(VILLAGES)
    # the result keeps what it needs of the ruleset alive
    assert len(result.rows) == len(pd.read_csv(VILLAGES))
    assert str(result.explain("V001"))
    result.close()
    result.close()
    with pytest.raises(ValueError, match="closed"):
        result.explain("V001")
    with libscore.load(str(CLEAN)) as rs2:
        with rs2.evaluate(VILLAGES) as r2:
            assert len(r2) > 0
    with pytest.raises(ValueError):
        len(r2)


def test_unknown_keys_and_targets():
    result = libscore.load("zuzhi-zhenxing").evaluate(district("zuzhi-zhenxing"))
    with pytest.raises(KeyError):
        result.explain("no-such-village")
    with pytest.raises(KeyError):
        result.ledger("no_such_target")
    with pytest.raises(KeyError):
        result.ledger("weak_doubled", scope="town=nowhere")


def test_wrong_buffer_reaches_c_as_a_type_error():
    from libscore import capi
    rs = libscore.load(str(CLEAN))
    with pytest.raises(ValueError, match="None"):
        capi.score_result_verdicts(None, 0)
    table = capi.score_new_table(rs._handle.ptr, 3)
    with pytest.raises(TypeError, match="format"):
        capi.score_table_set_numbers(table, "messes", np.zeros(3, dtype=np.int64))
    with pytest.raises(libscore.DataError):
        capi.score_table_set_numbers(table, "messes", np.zeros(4))
    with pytest.raises(libscore.DataError):
        capi.score_table_set_numbers(table, "no_such_column", np.zeros(3))
    del table  # the proxy frees the table, before the ruleset


def test_handles_in_a_garbage_cycle_are_freed_children_first():
    """A cycle holding a ruleset, its table and its result is finalized in
    no particular order: the C objects must still be freed children first
    (AddressSanitizer, in the sanitizer build, sees any other order)."""
    import gc
    from libscore._handle import Handle

    freed = []

    def free(name):
        return lambda ptr: freed.append(name)

    for _ in range(20):
        freed.clear()
        parent = Handle("rs", free("ruleset"))
        child = Handle("t", free("table"), owner=parent)
        grandchild = Handle("r", free("result"), owner=child)
        cycle = [parent, child, grandchild]
        cycle.append(cycle)
        del parent, child, grandchild, cycle
        gc.collect()
        assert freed == ["result", "table", "ruleset"]
    # and with real handles, an exception's traceback making the cycle
    for _ in range(5):
        try:
            libscore.load(str(CLEAN)).evaluate({"id": ["a", "a"]})
        except libscore.DataError as e:
            err = e
            err.keep = err  # a cycle through the exception itself
        del err
        gc.collect()

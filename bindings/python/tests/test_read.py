"""Files read by the C reader: read_table's typed DataFrame, encodings,
workbooks, the reader's warnings, check_data's report, the read options,
and the warning for a key column held as numbers."""

import csv
import warnings

import pandas as pd
import pytest

import libscore
from conftest import district

RS_ID = "meihao-xiangcun"
TITLE = "青山区美好乡村创建申报汇总表"


@pytest.fixture(scope="module")
def rs():
    return libscore.load(RS_ID)


def district_rows():
    """The header and rows of the example district's file, as text."""
    with open(district(RS_ID), encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, rows


def write_csv(path, header, rows, encoding="utf-8", delimiter=","):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture
def zero_keys(tmp_path):
    """The district with keys 001, 002, ...: (path, header, rows)."""
    header, rows = district_rows()
    for i, row in enumerate(rows):
        row[0] = f"{i + 1:03d}"
    return write_csv(tmp_path / "zero-keys.csv", header, rows), header, rows


def cell_value(text):
    """A workbook cell as a person would type it: numbers as numbers."""
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return text


def write_xlsx(path, header, rows, *, title=None, first_sheet=None, sheet="数据",
               numeric_keys=False):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    if first_sheet:
        ws.title = first_sheet
        ws.append(["本表为说明，无数据"])
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        key = int(row[0]) if numeric_keys else row[0]  # text: keeps 001
        ws.append([key] + [cell_value(c) for c in row[1:]])
    wb.save(path)
    return path


# ---- read_table ----

def test_read_table_types_keys_as_text_and_leading_zeros(rs, zero_keys):
    path, header, rows = zero_keys
    df = libscore.read_table(path, rs)
    assert df["id"].tolist()[:3] == ["001", "002", "003"]
    assert list(df.index) == list(range(len(rows)))
    types = {f.id: f.type for f in rs.fields}
    assert list(df.columns) == [f.id for f in rs.fields]  # all present, in order
    want = {"text": "string", "number": "Float64", "bool": "boolean"}
    for name in df.columns:
        assert str(df[name].dtype) == want[types[name]], name
    # cells as read by the rules: 67% a fraction, 44.6万 a number, 是 True
    assert df.loc[1, "participation"] == pytest.approx(0.67)
    assert df.loc[1, "collective_income_prev"] == pytest.approx(446000)
    assert df.loc[0, "applied"] is True or df.loc[0, "applied"] == True  # noqa: E712
    # an empty cell is pandas.NA, in every type
    col = header.index("已编制创建策划")
    blank = next(i for i, r in enumerate(rows) if r[col] == "")
    assert df.loc[blank, "plan_creation"] is pd.NA
    col = header.index("已获等级")
    blank = next(i for i, r in enumerate(rows) if r[col] == "")
    assert df.loc[blank, "prior_tier"] is pd.NA


def test_read_table_round_trips_through_evaluate(rs, zero_keys):
    path, _, _ = zero_keys
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning either way
        from_file = rs.evaluate(path).rows
        from_frame = rs.evaluate(libscore.read_table(path, rs)).rows
    pd.testing.assert_frame_equal(from_file, from_frame)
    assert from_file.iloc[0, 0] == "001"
    assert rs.read_table(path).equals(libscore.read_table(path, rs))


def test_a_numeric_key_column_is_warned_of(rs, zero_keys):
    path, _, _ = zero_keys
    df = pd.read_csv(path)  # pandas reads 001 as the number 1
    with pytest.warns(libscore.ColumnWarning) as caught:
        rows = rs.evaluate(df).rows
    msg = str(caught[0].message)
    assert 'column "村代码"' in msg and "leading zeros" in msg
    assert 'dtype={"村代码": str}' in msg and "libscore.read_table" in msg
    assert caught[0].filename == __file__  # points at the caller
    assert "1" in set(rows.iloc[:, 0]) and "001" not in set(rows.iloc[:, 0])
    # read as text: no warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rows = rs.evaluate(pd.read_csv(path, dtype={"村代码": str})).rows
    assert rows.iloc[0, 0] == "001"


# ---- encodings ----

def gbk_copy(path, tmp_path):
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    assert gbk.read_bytes() != path.read_bytes()
    return gbk


def test_gbk_file_reads_as_the_utf8_one(rs, zero_keys, tmp_path):
    path, _, _ = zero_keys
    gbk = gbk_copy(path, tmp_path)
    expected = libscore.read_table(path, rs)
    pd.testing.assert_frame_equal(libscore.read_table(gbk, rs, encoding="gbk"), expected)
    pd.testing.assert_frame_equal(rs.evaluate(gbk, encoding="gb18030").rows,
                                  rs.evaluate(path).rows)
    report = libscore.check_data(gbk, rs)
    assert report.ok and (report.encoding, report.encoding_detected) == ("GB18030", True)
    given = libscore.check_data(gbk, rs, encoding="gbk")
    assert (given.encoding, given.encoding_detected) == ("GB18030", False)


def test_gbk_file_is_detected_by_read_table_and_evaluate(rs, zero_keys, tmp_path):
    path, _, _ = zero_keys
    gbk = gbk_copy(path, tmp_path)
    pd.testing.assert_frame_equal(libscore.read_table(gbk, rs), libscore.read_table(path, rs))
    pd.testing.assert_frame_equal(rs.evaluate(gbk).rows, rs.evaluate(path).rows)


def test_utf16_tab_separated_text_reads_as_the_csv(rs, zero_keys, tmp_path):
    path, header, rows = zero_keys
    tsv = write_csv(tmp_path / "unicode.txt", header, rows, encoding="utf-16", delimiter="\t")
    pd.testing.assert_frame_equal(libscore.read_table(tsv, rs), libscore.read_table(path, rs))
    assert libscore.check_data(tsv, rs).encoding.startswith("UTF-16")


# ---- workbooks ----

def test_xlsx_with_a_title_row_reads_as_the_csv(rs, zero_keys, tmp_path):
    path, header, rows = zero_keys
    book = write_xlsx(tmp_path / "villages.xlsx", header, rows, title=TITLE)
    pd.testing.assert_frame_equal(libscore.read_table(book, rs), libscore.read_table(path, rs))
    pd.testing.assert_frame_equal(rs.evaluate(book).rows, rs.evaluate(path).rows)
    report = libscore.check_data(book, rs)
    assert report.ok and report.sheet == "数据"
    assert (report.title_rows, report.header_row, report.rows) == (1, 2, len(rows))


def test_sheet_by_name_and_number(rs, zero_keys, tmp_path):
    path, header, rows = zero_keys
    book = write_xlsx(tmp_path / "two-sheets.xlsx", header, rows, first_sheet="说明")
    expected = libscore.read_table(path, rs)
    pd.testing.assert_frame_equal(libscore.read_table(book, rs, sheet="数据"), expected)
    pd.testing.assert_frame_equal(libscore.read_table(book, rs, sheet=2), expected)
    assert libscore.check_data(book, rs, sheet="数据").sheet == "数据"
    with pytest.raises(libscore.DataError):
        libscore.read_table(book, rs, sheet="没有这张表")
    # the first sheet has no header naming the fields
    assert not libscore.check_data(book, rs).ok


def test_numeric_keys_in_a_workbook_are_warned_of_with_their_cell(rs, zero_keys, tmp_path):
    _, header, rows = zero_keys
    book = write_xlsx(tmp_path / "numeric-keys.xlsx", header, rows, numeric_keys=True)
    with pytest.warns(libscore.ColumnWarning, match="leading zeros") as caught:
        df = libscore.read_table(book, rs)
    assert "数据!A2" in str(caught[0].message)
    assert df.loc[0, "id"] == "1"


# ---- the reader's warnings ----

def test_unmatched_header_and_absent_field_warn_with_position(rs, tmp_path):
    header, rows = district_rows()
    col = header.index("群众参与率")
    header[col] = "群众参与"
    path = write_csv(tmp_path / "renamed.csv", header, rows)
    with pytest.warns(libscore.ColumnWarning) as caught:
        result = rs.evaluate(path)
    messages = [str(w.message) for w in caught]
    unmatched = next(m for m in messages if "matches no field" in m)
    assert unmatched.startswith(f"{path}:1:{col + 1}: ")
    assert "群众参与率" in unmatched  # the did-you-mean
    assert any("no column for 群众参与率 (participation)" in m for m in messages)
    assert all(issubclass(w.category, libscore.DataWarning) for w in caught)
    assert result.absent == ["participation"]
    with pytest.raises(libscore.DataError, match="matches no field"):
        rs.evaluate(path, strict=True)


# ---- check_data ----

@pytest.fixture
def bad_file(tmp_path):
    """The district with an unreadable cell and a 合计 row at the end."""
    header, rows = district_rows()
    col = header.index("群众参与率")
    rows[2][col] = "sixty"
    total = [""] * len(header)
    total[0] = "合计"
    total[header.index("四乱问题点数")] = "12"
    rows.append(total)
    return write_csv(tmp_path / "bad.csv", header, rows), header, rows, col


def test_check_data_reports_a_bad_cell_and_a_total_row(rs, bad_file):
    path, header, rows, col = bad_file
    report = libscore.check_data(path, rs)
    assert report.ok is False
    errors = [p for p in report.problems if p.severity == "error"]
    assert report.errors == len(errors) == 2
    cell, total = errors
    assert (cell.source, cell.line, cell.column) == (str(path), 4, col + 1)
    assert '"sixty"' in cell.message and "write digits" in cell.message  # with its hint
    assert total.line == len(rows) + 1 and "合计" in total.message
    assert report.columns["participation"].refused == 1
    assert report.rows == len(rows) - 2 or report.rows == len(rows) - 1
    assert report.header_row == 1 and report.title_rows == 0
    assert report.encoding == "UTF-8" and report.sheet is None
    assert report.as_dict()["problems"][0]["line"] == 4
    assert rs.check_data(path) == report
    # evaluate stops at the first of them, at the same position
    with pytest.raises(libscore.DataError) as e:
        rs.evaluate(path)
    assert (e.value.line, e.value.column, e.value.message) == \
        (cell.line, cell.column, cell.message)


def test_skip_totals_passes_through(rs, bad_file, tmp_path):
    _, header, rows, col = bad_file
    rows[2][col] = "0.5"
    path = write_csv(tmp_path / "with-total.csv", header, rows)
    assert not libscore.check_data(path, rs).ok
    with pytest.raises(libscore.DataError, match="合计"):
        rs.evaluate(path)
    report = libscore.check_data(path, rs, skip_totals=True)
    assert report.ok and report.total_rows == 1 and report.rows == len(rows) - 1
    assert len(rs.evaluate(path, skip_totals=True)) == len(rows) - 1
    assert len(libscore.read_table(path, rs, skip_totals=True)) == len(rows) - 1


def test_normalized_cells_are_counted(rs, tmp_path):
    header, rows = district_rows()
    col = header.index("村集体经济收入(元)")
    rows[0][col] = " １,２３４ "  # trimmed, full width, thousands
    rows[1][header.index("申报创建")] = "√"
    rows[2][header.index("示范村考评得分")] = "-"
    path = write_csv(tmp_path / "typed-by-hand.csv", header, rows)
    report = libscore.check_data(path, rs)
    assert report.ok
    c = report.columns["collective_income"]
    assert (c.trimmed, c.width, c.groups) == (1, 1, 1)
    assert report.columns["applied"].spelling >= 1
    assert report.columns["demo_index"].marker == 1
    df = libscore.read_table(path, rs)
    assert df.loc[0, "collective_income"] == 1234
    assert df.loc[2, "demo_index"] is pd.NA


def test_options_are_checked(rs, zero_keys):
    path, _, _ = zero_keys
    with pytest.raises(ValueError, match="encoding"):
        libscore.read_table(path, rs, encoding="latin-1")
    with pytest.raises(ValueError, match="header_row"):
        libscore.read_table(path, rs, header_row=0)
    with pytest.raises(TypeError, match="file path"):
        rs.evaluate(pd.read_csv(path, dtype=str), sheet="数据")
    with pytest.raises(TypeError):
        libscore.read_table(path, RS_ID)
    with pytest.raises(libscore.DataError) as e:
        libscore.check_data(path.parent / "no-such-file.csv", rs)
    assert e.value.code == "EIO"
    assert len(libscore.read_table(path, rs, header_row=1, encoding="utf-8", format="csv")) > 0


def test_threads_read_the_same_table(tmp_path):
    """A CSV file read in parts on several threads gives the rows, keys and
    verdicts of one thread (the C reader cuts it at record boundaries)."""
    import libscore
    rs = libscore.load("meihao-xiangcun")
    src = district("meihao-xiangcun").read_text(encoding="utf-8")
    head, body = src.split("\n", 1)
    big = tmp_path / "big.csv"
    rows = body.strip("\n").split("\n")
    with open(big, "w", encoding="utf-8") as f:  # over 1 MiB: cut into parts
        f.write(head + "\n")
        for k in range(300):
            for line in rows:
                f.write(f"X{k:03d}{line}\n")
    one = rs.evaluate(str(big), threads=1).rows
    two = rs.evaluate(str(big), threads=2).rows
    assert big.stat().st_size > (1 << 20)
    assert len(one) == len(rows) * 300
    assert one.equals(two)


def test_a_frame_reads_as_the_file_does():
    """Text cells of a DataFrame are read as the file's are: a tier's label
    is its id, a padded town one town, and a cell outside a closed set is
    refused with the nearest value, never kept as some other text."""
    import pandas as pd
    import pytest
    import libscore
    rs = libscore.load("meihao-xiangcun")
    df = pd.read_csv(district("meihao-xiangcun"), dtype=str, keep_default_na=False)
    labelled = df.copy()
    labels = {t.id: t.label for t in rs.tiers}
    labelled["已获等级"] = labelled["已获等级"].map(lambda v: labels.get(v, v))
    labelled["镇(街道)"] = " " + labelled["镇(街道)"] + " "
    assert (labelled["已获等级"] != df["已获等级"]).sum() > 0
    pd.testing.assert_frame_equal(rs.evaluate(df).rows, rs.evaluate(labelled).rows)
    odd = df.copy()
    odd.loc[3, "已获等级"] = "精品示范"
    with pytest.raises(libscore.DataError, match=r"row 3: \"精品示范\" is not one of the values"):
        rs.evaluate(odd)

"""Data files read by the C reader: CSV/TSV text in UTF-8, GB18030 (GBK)
or UTF-16, and .xlsx workbooks, with every cell read by docs/data.md's
rules; the read report, its warnings, and the table as a typed DataFrame.
"""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, List, NamedTuple, Optional, Tuple, Type, Union

import numpy as np
import pandas as pd

from . import capi
from ._handle import Handle, live, own

if TYPE_CHECKING:  # pragma: no cover
    from ._ruleset import Ruleset

__all__ = ["DataWarning", "ColumnWarning", "ReadOptions", "Problem", "ColumnReport",
           "DataReport", "read_table", "check_data"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class DataWarning(UserWarning):
    """Something in the data that does not stop a read, but that the person
    who supplied it should know: the message starts with its position
    (``file:line:column:``, or a workbook's ``Sheet1!A3``)."""


class ColumnWarning(DataWarning):
    """A column problem: a field the data has no column for (every cell of
    it is missing), a header that matches no field (with a did-you-mean),
    or a key column held as numbers (leading zeros lost)."""


# ---- options ----------------------------------------------------------------

_ENCODINGS = {"auto": 0, "utf-8": 1, "utf8": 1, "utf-8-sig": 1, "gb18030": 2, "gbk": 2,
              "gb2312": 2, "cp936": 2, "utf-16": 3, "utf16": 3, "utf-16le": 3,
              "utf-16be": 3}
_FORMATS = {"auto": 0, "csv": 1, "tsv": 1, "xlsx": 2}


class ReadOptions(NamedTuple):
    """The options of a read, as the C reader takes them."""
    encoding: int = 0
    format: int = 0
    sheet: Optional[str] = None
    header_row: int = 0
    skip_totals: bool = False
    strict: bool = False
    threads: int = 1  # the CSV read in that many parts at once; the table is the same

    @classmethod
    def of(cls, encoding: Optional[str] = None, sheet: Union[str, int, None] = None,
           header_row: Optional[int] = None, skip_totals: bool = False,
           strict: bool = False, format: Optional[str] = None) -> "ReadOptions":
        enc = _ENCODINGS.get((encoding or "auto").strip().lower())
        if enc is None:
            raise ValueError(f"encoding {encoding!r}: use 'utf-8', 'gb18030' (also GBK), "
                             "'utf-16' or None (detected)")
        fmt = _FORMATS.get((format or "auto").strip().lower())
        if fmt is None:
            raise ValueError(f"format {format!r}: use 'csv', 'xlsx' or None (by content)")
        if isinstance(sheet, bool) or (sheet is not None and not isinstance(sheet, (str, int))):
            raise TypeError("sheet is a sheet's name or its 1-based number")
        if isinstance(sheet, int) and sheet < 1:
            raise ValueError("sheet numbers start at 1")
        if header_row is not None and (isinstance(header_row, bool) or int(header_row) < 1):
            raise ValueError("header_row is the header's 1-based line or row, or None")
        return cls(enc, fmt, None if sheet is None else str(sheet), int(header_row or 0),
                   bool(skip_totals), bool(strict))

    def c(self) -> Any:
        """The options as a score_read_options."""
        o = capi.score_read_options()
        o.encoding, o.format, o.sheet = self.encoding, self.format, self.sheet
        o.header_row, o.skip_totals, o.strict = self.header_row, self.skip_totals, self.strict
        o.threads = max(1, int(self.threads))
        return o


# ---- the report -------------------------------------------------------------

class Problem(NamedTuple):
    """A problem of a read: ``severity`` is "error" (the data cannot be
    evaluated as it is) or "warning"; ``source`` the file (a workbook's
    cell: ``villages.xlsx:Sheet1!F12``), ``line`` and ``column`` 1-based
    (None when the problem has no place, as an absent field)."""
    severity: str
    source: Optional[str]
    line: Optional[int]
    column: Optional[int]
    message: str

    def __str__(self) -> str:
        where = [str(p) for p in (self.source, self.line, self.column) if p]
        return ":".join(where) + ": " + self.message if where else self.message


class ColumnReport(NamedTuple):
    """What the cells of one column (a field, or NAME_YYYY) were: ``present``
    whether the data had a column for it, then counts of cells missing,
    refused, and read after normalizing them (spaces trimmed, full-width
    digits, thousands separators, a unit, a missing marker such as "-",
    a bool spelling such as √, a closed set's label read as its id)."""
    present: bool
    missing: int
    refused: int
    trimmed: int
    width: int
    groups: int
    unit: int
    marker: int
    spelling: int
    label: int


@dataclass
class DataReport:
    """The report of reading a data file (:func:`check_data`).

    ``ok`` is True when :meth:`Ruleset.evaluate` would read the file (no
    errors). Rows: ``rows`` read, ``blank_rows`` and ``total_rows``
    skipped, ``title_rows`` above the header, ``header_row`` its 1-based
    line or row. ``encoding`` is the text encoding read ("UTF-8",
    "GB18030", "UTF-16LE", "UTF-16BE"), ``encoding_detected`` whether it
    was detected rather than given; ``sheet`` the workbook's sheet (None
    for text). ``columns`` maps each column name to a
    :class:`ColumnReport`; ``problems`` lists every :class:`Problem` in the
    order found (at most 1000 kept; ``errors`` and ``warnings`` count
    them all)."""
    ok: bool
    rows: int
    blank_rows: int
    total_rows: int
    title_rows: int
    header_row: int
    errors: int
    warnings: int
    encoding: str
    encoding_detected: bool
    sheet: Optional[str]
    columns: Dict[str, ColumnReport] = field(default_factory=dict)
    problems: List[Problem] = field(default_factory=list)

    @classmethod
    def _of(cls, r: Any) -> "DataReport":
        """The report of a score_read_report."""
        counts = [capi.score_read_report_count(r, k)  # rows ... warnings, in order
                  for k in range(capi.SCORE_READ_ROWS, capi.SCORE_READ_WARNINGS + 1)]
        _encoding, detected = capi.score_read_report_encoding(r)
        columns = {capi.score_read_report_column_name(r, i): ColumnReport(
            bool(capi.score_read_report_column_present(r, i)),
            *(capi.score_read_report_cells(r, i, k)  # missing ... label, in order
              for k in range(capi.SCORE_CELLS_MISSING, capi.SCORE_CELLS_LABEL + 1)))
            for i in range(capi.score_read_report_column_count(r))}
        return cls(bool(capi.score_read_report_ok(r)), *counts,
                   capi.score_read_report_encoding_name(r), bool(detected),
                   capi.score_read_report_sheet(r), columns, problems(r))

    def as_dict(self) -> Dict[str, Any]:
        """The report as plain dicts, lists and tuples (for JSON)."""
        return {**{k: getattr(self, k) for k in (
            "ok", "rows", "blank_rows", "total_rows", "title_rows", "header_row", "errors",
            "warnings", "encoding", "encoding_detected", "sheet")},
                "columns": {k: v._asdict() for k, v in self.columns.items()},
                "problems": [p._asdict() for p in self.problems]}


# ---- warnings ---------------------------------------------------------------

def warn(message: str, category: Type[Warning]) -> None:
    """Warn, pointing at the first caller outside this package."""
    frame = sys._getframe(1)
    level = 2
    while frame is not None and \
            os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _PACKAGE_DIR:
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


def _is_column_problem(message: str) -> bool:
    return ("matches no field" in message or message.startswith("no column for")
            or "key column holds numbers" in message)


def problems(r: Any) -> List[Problem]:
    """The problems of a score_read_report, in the order found."""
    found = []
    for i in range(capi.score_read_report_problem_count(r)):
        e = capi.score_error()
        severity = "error" if capi.score_read_report_problem(r, i, e) > 0 else "warning"
        found.append(Problem(severity, e.source or None, e.line or None, e.column or None,
                             e.message))
    return found


def warn_report(table: Handle) -> None:
    """Each warning of the read that made ``table`` as a Python warning."""
    report = capi.score_report_of(table.ptr)
    for p in problems(report) if report is not None else []:
        if p.severity == "warning":
            warn(str(p), ColumnWarning if _is_column_problem(p.message) else DataWarning)


# ---- reading ----------------------------------------------------------------

def read(rs_handle: Handle, path: Union[str, "os.PathLike[str]"], opts: ReadOptions) -> Handle:
    """A C table of the file at ``path``; its warnings given."""
    ptr = capi.score_read(live(rs_handle, "ruleset"), os.fspath(path), opts.c())
    table = own(ptr, owner=rs_handle)
    warn_report(table)
    return table


def column_names(rs: "Ruleset") -> List[Tuple[str, str]]:
    """(column name, type) of every column a table of ``rs`` has: field ids,
    NAME_YYYY for the years of a year-indexed field."""
    return [(name, f.type) for f in rs.fields
            for name in ([f"{f.id}_{y}" for y in f.years] if f.years else [f.id])]


def table_frame(rs: "Ruleset", table: Handle) -> pd.DataFrame:
    """The columns of a C table as a typed DataFrame (absent ones left out)."""
    ptr = table.ptr
    n = capi.score_table_row_count(ptr)
    absent = {capi.score_table_absent_name(ptr, i)
              for i in range(capi.score_table_absent_count(ptr))}
    data: Dict[str, Any] = {}
    for name, kind in column_names(rs):
        if name in absent:
            continue
        values = column_values(ptr, name)
        if kind == "text":
            data[name] = pd.array(texts(ptr, values), dtype="string")
            continue
        missing = np.isnan(values)
        if kind == "bool":
            data[name] = pd.arrays.BooleanArray(values == 1, missing)
        else:
            data[name] = pd.arrays.FloatingArray(np.where(missing, 0.0, values), missing)
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def column_values(table: Any, name: str) -> np.ndarray:
    """A column of a C table: numbers, bools 0/1 or text codes; NaN missing."""
    return np.frombuffer(capi.score_column_values(table, name) or b"", dtype=np.float64)


def texts(table: Any, codes: np.ndarray) -> np.ndarray:
    """The texts of a text column's codes (None where missing), looked up
    once per distinct code."""
    distinct, inverse = np.unique(codes, return_inverse=True)  # NaN once, last
    found = np.array([capi.score_table_text(table, c) for c in distinct.tolist()], dtype=object)
    return found[inverse.reshape(-1)]


def read_table(path: Union[str, "os.PathLike[str]"], ruleset: "Ruleset", *,
               encoding: Optional[str] = None, sheet: Union[str, int, None] = None,
               header_row: Optional[int] = None, skip_totals: bool = False,
               strict: bool = False, format: Optional[str] = None) -> pd.DataFrame:
    """Read a data file as :meth:`Ruleset.evaluate` reads it, into a
    DataFrame typed by the ruleset.

    The file is CSV or TAB-separated text in UTF-8, GB18030 (GBK) or UTF-16,
    or an .xlsx workbook, told apart by content; title rows above the
    header are skipped, and every cell is read by the library's rules
    (trimmed; full-width digits; 1,234; 3.5万元; √/×; "-" and N/A missing;
    a closed set's labels as its ids), or refused with a
    :class:`DataError` giving its position and a hint.

    Columns are named by field id (``NAME_YYYY`` for the years of a
    year-indexed field), in the ruleset's order; fields the file has no
    column for are left out (a :class:`ColumnWarning` names them). Types:
    text fields, the key among them, are pandas ``string`` (as typed:
    "001" keeps its zeros), numbers ``Float64`` (in the field's unit; a
    percent as a fraction), yes/no fields ``boolean``; a missing cell is
    ``pandas.NA``. The key stays a column, and the index is the row's
    position (0, 1, ...), as in ``Result.rows`` and in error messages.

    ``rs.evaluate(read_table(path, rs))`` gives the same result as
    ``rs.evaluate(path)``.

    Options: ``encoding`` ("utf-8", "gb18030"/"gbk", "utf-16"; None:
    detected), ``sheet`` (a workbook's sheet by name, or its 1-based
    number; None: the first), ``header_row`` (1-based; None: the row among
    the first 20 that names the most fields), ``skip_totals`` (skip 合计,
    总计, 小计 and 平均 rows instead of refusing them), ``strict`` (an absent
    field or a header that matches no field is an error), ``format``
    ("csv" or "xlsx"; None: by content).
    """
    from ._ruleset import Ruleset
    if not isinstance(ruleset, Ruleset):
        raise TypeError("read_table(path, ruleset): ruleset is a libscore.Ruleset "
                        "(libscore.load(...))")
    opts = ReadOptions.of(encoding, sheet, header_row, skip_totals, strict, format)
    table = read(ruleset._handle, path, opts)
    return table_frame(ruleset, table)


def check_data(path: Union[str, "os.PathLike[str]"], ruleset: "Ruleset", *,
               encoding: Optional[str] = None, sheet: Union[str, int, None] = None,
               header_row: Optional[int] = None, skip_totals: bool = False,
               strict: bool = False, format: Optional[str] = None) -> DataReport:
    """Check a data file before evaluating it: read it as
    :func:`read_table` would (same options), but go on past refused cells
    and rows, and report everything found (a :class:`DataReport`: ``ok``,
    row counts, encoding, sheet, per-column cell counts, and every problem
    with its position). Raises :class:`DataError` only when the file
    cannot be read at all (missing, unreadable)."""
    from ._ruleset import Ruleset
    if not isinstance(ruleset, Ruleset):
        raise TypeError("check_data(path, ruleset): ruleset is a libscore.Ruleset")
    opts = ReadOptions.of(encoding, sheet, header_row, skip_totals, strict, format)
    report = own(capi.score_check_data(live(ruleset._handle, "ruleset"), os.fspath(path),
                                       opts.c()), owner=ruleset._handle)
    return DataReport._of(report.ptr)

"""Data into C tables, a whole column at a time.

Numbers and bools cross as numpy buffers (one copy into the table, no
per-cell Python work); text columns and columns held as text ("3万",
"30%", "是") cross as one sequence of cells each, read by C as the data-file
reader reads a cell. A file path is read by the C reader itself (_read.py).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple

import numpy as np
import pandas as pd

from . import capi
from ._errors import DataError
from ._handle import Handle, own
from ._read import ColumnWarning, ReadOptions, read, warn

if TYPE_CHECKING:  # pragma: no cover
    from ._ruleset import Ruleset

__all__ = ["make_table", "as_frame"]


def as_frame(data: Any) -> pd.DataFrame:
    """A DataFrame of ``data`` (DataFrame or dict of arrays)."""
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, dict):
        return pd.DataFrame(data)
    raise TypeError(f"expected a DataFrame, a dict of arrays or a CSV path, "
                    f"not {type(data).__name__}")


def _columns(rs: "Ruleset") -> Dict[str, Tuple[str, str]]:
    """Every column name the ruleset accepts: name -> (field id, type)."""
    names: Dict[str, Tuple[str, str]] = {}
    for f in rs.fields:
        for base in (f.id, f.label):
            if not base:
                continue
            if f.years:
                for y in f.years:
                    names[f"{base}_{y}"] = (f"{f.id}_{y}", f.type)
            else:
                names[base] = (f.id, f.type)
    return names


def _cells(s: pd.Series) -> np.ndarray:
    """The cells of a column as an object array (C reads each as text)."""
    return s.to_numpy(dtype=object)


def _numeric(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype)


def _numbers(s: pd.Series) -> np.ndarray:
    return np.ascontiguousarray(s.to_numpy(dtype="float64", na_value=np.nan))


def _bools(s: pd.Series, column: str) -> np.ndarray:
    f = s.to_numpy(dtype="float64", na_value=np.nan)
    bad = ~np.isnan(f) & (f != 0) & (f != 1)
    if bad.any():
        row = int(np.argmax(bad))
        raise DataError(f"column \"{column}\": row {row}: {f[row]:g} is not yes or no "
                        "(write 是/否, 1/0, √/×, Y/N, yes/no, true/false or 有/无)", code="EDATA")
    return np.where(np.isnan(f), -1, f).astype(np.int8)


def _texts(s: pd.Series) -> np.ndarray:
    if pd.api.types.is_float_dtype(s.dtype):
        finite = s.dropna()
        if len(finite) and (finite == np.floor(finite)).all():
            s = s.astype("Int64")  # codes read as floats because of a blank
    return _cells(s)


def make_table(rs: "Ruleset", rs_handle: Handle, data: Any,
               opts: Optional[ReadOptions] = None) -> Tuple[Handle, Optional[pd.DataFrame]]:
    """A C table of ``data`` for ruleset ``rs``; also the DataFrame it came
    from (None for a file path, which C reads itself, with ``opts``)."""
    if isinstance(data, (str, os.PathLike)):
        return read(rs_handle, data, opts or ReadOptions()), None
    if opts is not None and opts._replace(threads=1) != ReadOptions():
        raise TypeError("the read options (encoding, sheet, header_row, skip_totals, strict, "
                        "format) apply to a file path, not to a DataFrame or dict")
    frame = as_frame(data)
    accepted = _columns(rs)
    _warn_numeric_key(rs, frame)
    table = own(capi.score_new_table(rs_handle.ptr, len(frame)), owner=rs_handle)
    given: Dict[str, str] = {}
    for col in frame.columns:
        name = str(col)
        if name not in accepted:
            continue
        field, kind = accepted[name]
        if field in given:
            raise DataError(f"columns \"{given[field]}\" and \"{name}\" both give field "
                            f"\"{field}\"", code="EDATA")
        given[field] = name
        s = frame[col]
        if isinstance(s, pd.DataFrame):
            raise DataError(f"column \"{name}\" appears more than once", code="EDATA")
        if kind == "number" and _numeric(s):
            capi.score_table_set_numbers(table.ptr, name, _numbers(s))
        elif kind == "bool" and _numeric(s):
            capi.score_table_set_bools(table.ptr, name, _bools(s, name))
        else:  # text, or cells held as text: read as in a data file
            capi.score_table_set_cells(table.ptr, name,
                                       _texts(s) if kind == "text" else _cells(s))
    _warn_absent(table)
    return table, frame


def _warn_numeric_key(rs: "Ruleset", frame: pd.DataFrame) -> None:
    """A key held as numbers has lost its leading zeros before we see it
    ("001" read by pandas as 1): say so, and how to read it as text."""
    key = next((f for f in rs.fields if f.id == rs.key), None)
    for name in (rs.key, key.label if key else None):
        if not name or name not in frame.columns:
            continue
        dtype = frame[name].dtype
        if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
            warn(f"column \"{name}\": the key column holds numbers ({dtype}): any leading "
                 f"zeros are already lost (001 became 1); read keys as text, with "
                 f"pd.read_csv(path, dtype={{\"{name}\": str}}) or "
                 f"libscore.read_table(path, ruleset)", ColumnWarning)


def _warn_absent(table: Handle) -> None:
    n = capi.score_table_absent_count(table.ptr)
    if n:
        names = [capi.score_table_absent_name(table.ptr, i) for i in range(n)]
        warn(f"no column for {', '.join(names)}: every cell of "
             f"{'it' if n == 1 else 'them'} is missing", ColumnWarning)

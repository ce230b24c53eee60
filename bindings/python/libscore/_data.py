"""Data into C tables, a whole column at a time.

Numbers and bools cross as numpy buffers (one copy into the table, no
per-cell Python work); text columns and number columns held as text
("3万", "30%") cross as one sequence each, read by C.
"""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple

import numpy as np
import pandas as pd

from . import capi
from ._errors import DataError
from ._handle import Handle

if TYPE_CHECKING:  # pragma: no cover
    from ._ruleset import Ruleset

__all__ = ["ColumnWarning", "make_table", "as_frame"]


class ColumnWarning(UserWarning):
    """Columns the ruleset expects are absent from the data: every cell of
    them is missing."""


def as_frame(data: Any) -> pd.DataFrame:
    """A DataFrame of ``data`` (DataFrame, dict of arrays or CSV path).
    A CSV is read as text, so that cells keep their units ("3万")."""
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, (str, os.PathLike)):
        return pd.read_csv(data, dtype=str, keep_default_na=False, na_values=[""],
                           encoding="utf-8-sig")
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
    """The cells of a column as an object array, which C reads in place."""
    return np.ascontiguousarray(s.to_numpy(dtype=object))


def _numbers(s: pd.Series, column: str) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        return np.ascontiguousarray(s.to_numpy(dtype="float64", na_value=np.nan))
    out = np.empty(len(s), dtype="float64")
    capi.capi_parse_cells(_cells(s), 0, column, out)
    return out


def _bools(s: pd.Series, column: str) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
        f = s.to_numpy(dtype="float64", na_value=np.nan)
        bad = ~np.isnan(f) & (f != 0) & (f != 1)
        if bad.any():
            row = int(np.argmax(bad))
            raise DataError(f"column \"{column}\": row {row}: {f[row]:g} is not a bool "
                            "(use 1/0, true/false, 是/否)", code="EDATA")
    else:
        f = np.empty(len(s), dtype="float64")
        capi.capi_parse_cells(_cells(s), 1, column, f)
    return np.where(np.isnan(f), -1, f).astype(np.int8)


def _texts(s: pd.Series) -> np.ndarray:
    if pd.api.types.is_float_dtype(s.dtype):
        finite = s.dropna()
        if len(finite) and (finite == np.floor(finite)).all():
            s = s.astype("Int64")  # codes read as floats because of a blank
    return _cells(s)


def make_table(rs: "Ruleset", rs_handle: Handle, data: Any) -> Tuple[Handle, Optional[pd.DataFrame]]:
    """A C table of ``data`` for ruleset ``rs``; also the DataFrame it came
    from (None for a CSV path, which C reads itself)."""
    if isinstance(data, (str, os.PathLike)):
        ptr = capi.capi_read_csv(rs_handle.ptr, os.fspath(data))
        table = Handle(ptr, capi.score_table_free, owner=rs_handle)
        _warn_absent(table)
        return table, None
    frame = as_frame(data)
    accepted = _columns(rs)
    ptr = capi.capi_table_new(rs_handle.ptr, len(frame))
    table = Handle(ptr, capi.score_table_free, owner=rs_handle)
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
        if kind == "number":
            capi.capi_set_numbers(table.ptr, name, _numbers(s, name))
        elif kind == "bool":
            capi.capi_set_bools(table.ptr, name, _bools(s, name))
        else:
            capi.capi_set_texts(table.ptr, name, _texts(s))
    _warn_absent(table)
    return table, frame


def _warn_absent(table: Handle) -> None:
    n = capi.score_table_absent_count(table.ptr)
    if n:
        names = [capi.score_table_absent_name(table.ptr, i) for i in range(n)]
        warnings.warn(f"no column for {', '.join(names)}: every cell of "
                      f"{'it' if n == 1 else 'them'} is missing", ColumnWarning, stacklevel=4)

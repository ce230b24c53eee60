"""The functions of the hand-written module libscore.capi that ../score.i
replaced, which docs/scale-out.md and programs written against it use:
each in terms of the C API as SWIG wraps it. capi.py imports them; new
code calls score.h's own names (see _result.py)."""

from typing import Any, Sequence

import numpy as np

from . import capi
from ._errors import DataError

__all__ = ["capi_outcome", "capi_partial", "capi_combine", "capi_tier_ranks", "capi_verdicts",
           "capi_table_new", "capi_set_numbers", "capi_parse_cells", "score_table_free"]


def _result() -> Any:
    """libscore._result, imported at the first call: capi.py imports this
    module while it is itself being imported."""
    from . import _result
    return _result


def capi_outcome(r: Any, i: int) -> tuple:
    """(target, scope, op, actual, required, verdict, shortfall, population,
    satisfied, unknown, failing rows) of outcome i."""
    return _result().outcome(r, i)[:11]


def capi_partial(r: Any, i: int) -> tuple:
    return _result().partial(r, i)


def capi_combine(rs: Any, partials: Sequence[tuple]) -> tuple:
    return _result().combine(rs, list(partials))[:11]


def capi_tier_ranks(r: Any, tier: int, out: np.ndarray) -> None:
    """Each row's place among the candidates of level ``tier`` into out."""
    out[:] = _result().column(capi.score_result_tier_ranks(r, tier), np.uintc)


def capi_verdicts(r: Any, criterion: int, out: np.ndarray) -> None:
    """Criterion verdicts into out: 1 true, 0 false, -1 unknown."""
    v = _result().column(capi.score_result_verdicts(r, criterion), np.uint8)
    out[:] = np.where(v == capi.SCORE_UNKNOWN, -1, v)


def capi_table_new(rs: Any, rows: int) -> Any:
    return capi.score_new_table(rs, rows)


def capi_set_numbers(t: Any, name: str, values: Any) -> None:
    capi.score_table_set_numbers(t, name, values)


def score_table_free(t: Any) -> None:
    """Free a table now rather than when its proxy goes."""
    t.__swig_destroy__(t)


def capi_parse_cells(cells: Sequence[Any], is_bool: int, name: str, out: np.ndarray) -> None:
    """Read text cells as score_parse_number() or score_parse_bool() read
    one ("3万", "30%"; 是/否, true/false, 1/0) into out, NaN missing
    (None, NaN, pandas.NA); Python numbers pass as they are."""
    for i, cell in enumerate(cells):
        try:
            if isinstance(cell, (bool, int, float, np.number)):
                out[i] = float(cell)
            elif cell is None or type(cell).__name__ in ("NAType", "NaTType"):
                out[i] = np.nan
            elif is_bool:
                b = capi.score_parse_bool(str(cell))[1]
                out[i] = np.nan if b < 0 else b
            else:
                out[i] = capi.score_parse_number(str(cell))[1]
        except DataError as e:
            raise DataError(f"column \"{name}\": row {i}: {e.message}", code=e.code) from None

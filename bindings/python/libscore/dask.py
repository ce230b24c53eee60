"""Evaluation on a Dask cluster, with the verdicts of one machine.

A Dask DataFrame's partitions are pandas DataFrames, which
:meth:`Ruleset.evaluate` already scores. What one partition cannot see
alone is combined exactly (docs/scale-out.md gives the argument):

- **Targets** are decided from per-partition partial aggregates (rows in
  the population, satisfied, unknown; sum, min and max of the known
  values) added up and decided by the C library's own code
  (``score_target_combine``); the ledgers are the partitions' failing keys,
  in partition order.
- **Tiers** with quotas (名额) and caps (比例上限) are allocated globally:
  each partition sends only the rows that could still win a limited level
  (its top candidates: the level's limit plus the limits of the levels
  above), the C library allocates those rows with the global number of
  applicants as the base of the caps, and every other row keeps the tier
  its partition gave it, which cannot differ.

The compiled ruleset travels to each worker once (one task key, pickled
as its document and compiled again there), not once per partition.
"""

from __future__ import annotations

import math
import uuid
import warnings
from typing import Any, Dict, List, Optional, Sequence, Tuple

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd

from . import capi
from ._read import ColumnWarning
from ._result import TARGET_COLUMNS, column, combine, partial
from ._ruleset import Ruleset

__all__ = ["evaluate", "check_targets"]


def _shipped(ruleset: Ruleset) -> Any:
    """The ruleset as one task of the graph: each worker loads it once."""
    return dask.delayed(ruleset, name=f"libscore-ruleset-{ruleset.hash}-{uuid.uuid4().hex}")


def _quiet_evaluate(rs: Ruleset, frame: pd.DataFrame, threads: int = 1, applicants: int = 0):
    """Evaluate one partition (a warning about absent columns is given once,
    on the client, not by every partition)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ColumnWarning)
        if not applicants:
            return rs.evaluate(frame, threads=threads)
        return rs._evaluate_part(frame, threads=threads, applicants=applicants)


# ---- tiers ----------------------------------------------------------------

def _limited_levels(rs: Ruleset) -> List[int]:
    return [k for k, t in enumerate(rs.tiers) if t.quota is not None or t.cap is not None]


def _sent_per_level(rs: Ruleset, applicants: int) -> Dict[int, int]:
    """How many of its top candidates at each limited level a partition
    sends: the level's limit (an upper bound: caps rounded up) plus the
    limits of the limited levels above, whose winners may be among them."""
    limits = {}
    for k in _limited_levels(rs):
        t = rs.tiers[k]
        lim = math.inf if t.quota is None else t.quota
        if t.cap is not None:
            lim = min(lim, math.ceil(t.cap * applicants) + 1)
        limits[k] = lim
    sent, above = {}, 0
    for k in sorted(limits, reverse=True):
        sent[k] = limits[k] + above
        above += limits[k]
    return sent


def _summarize(part: pd.DataFrame, rs: Ruleset, threads: int) -> Dict[str, Any]:
    """Evaluate a partition: its rows, its applicants, and each row's place
    among the candidates of every limited level."""
    res = _quiet_evaluate(rs, part, threads)
    r = res._handle.ptr
    places = {}
    for k in _limited_levels(rs):
        places[k] = column(capi.score_result_tier_ranks(r, k), np.uintc)
    return {"rows": res.rows, "applicants": capi.score_result_applicants(r), "places": places}


def _contenders(summary: Dict[str, Any], rs: Ruleset, applicants: int) -> np.ndarray:
    """The rows of a partition that could win a limited level globally."""
    sent = _sent_per_level(rs, applicants)
    mask = np.zeros(len(summary["rows"]), dtype=bool)
    for k, place in summary["places"].items():
        mask |= (place > 0) & (place <= sent[k])
    return mask


def _candidates(part: pd.DataFrame, contenders: np.ndarray) -> pd.DataFrame:
    return part[contenders]


def _allocate(candidates: List[pd.DataFrame], rs: Ruleset, applicants: int) -> pd.Series:
    """The tiers of the contenders, allocated together with the global
    number of applicants: a Series of tier ids by key."""
    frames = [c for c in candidates if len(c)]
    if not frames:
        return pd.Series([], dtype=object)
    rows = _quiet_evaluate(rs, pd.concat(frames), applicants=applicants).rows
    return pd.Series(rows["tier"].to_numpy(), index=rows[rs.key].to_numpy())


def _finish(summary: Dict[str, Any], rs: Ruleset, mask: np.ndarray,
            tiers: pd.Series) -> pd.DataFrame:
    rows = summary["rows"]
    if not len(tiers):
        return rows
    if mask.any():
        rows = rows.copy()
        won = tiers.loc[rows.loc[mask, rs.key].to_numpy()].to_numpy()
        rows.loc[mask, "tier"] = pd.Categorical(won, categories=rows["tier"].cat.categories,
                                                ordered=True)
    return rows


def evaluate(ruleset: Ruleset, ddf: dd.DataFrame, *, threads: int = 1) -> dd.DataFrame:
    """Score every row of a Dask DataFrame: a Dask DataFrame of row results
    with the columns of :attr:`Result.rows`, partition for partition,
    identical to ``ruleset.evaluate(ddf.compute()).rows``, tiers with quotas
    and caps included. ``threads`` is per partition."""
    meta = ruleset.evaluate(ddf._meta).rows  # warns here, once, of absent columns
    rs = _shipped(ruleset)
    parts = ddf.to_delayed()
    summaries = [dask.delayed(_summarize)(p, rs, threads) for p in parts]
    if not _limited_levels(ruleset):
        rows = [dask.delayed(lambda s: s["rows"])(s) for s in summaries]
        return dd.from_delayed(rows, meta=meta, divisions=ddf.divisions, verify_meta=False)
    applicants = dask.delayed(sum)([s["applicants"] for s in summaries])
    # each partition's contenders are chosen once, then used twice: to
    # send their rows, and to take back their tiers
    masks = [dask.delayed(_contenders)(s, rs, applicants) for s in summaries]
    candidates = [dask.delayed(_candidates)(p, m) for p, m in zip(parts, masks)]
    tiers = dask.delayed(_allocate)(candidates, rs, applicants)
    rows = [dask.delayed(_finish)(s, rs, m, tiers) for s, m in zip(summaries, masks)]
    return dd.from_delayed(rows, meta=meta, divisions=ddf.divisions, verify_meta=False)


# ---- targets --------------------------------------------------------------

def _partials(part: pd.DataFrame, rs: Ruleset, by: Optional[List[str]]) -> Dict[str, Any]:
    """Per group (of ``by``) and target outcome of a partition: the group's
    values, the outcome's target and scope, its partial aggregates and the
    keys of its failing rows (read back by _unpacked). Packed in a few
    arrays and flat lists: a partition of members has some 10^4 outcomes
    (one per 党支部), and a list of that many tuples takes distributed
    seconds to send where a few arrays take milliseconds."""
    if by:
        grouper = by[0] if len(by) == 1 else by
        groups = [(v if isinstance(v, tuple) else (v,), g)
                  for v, g in part.groupby(grouper, sort=False, dropna=False)]
    else:
        groups = [((), part)]
    values: List[tuple] = []
    scopes: List[tuple] = []
    partials: List[tuple] = []
    failing: List[Any] = []
    ends: List[int] = []
    for group_values, group in groups:
        res = _quiet_evaluate(rs, group)
        r = res._handle.ptr
        keys = np.array(res.keys, dtype=object)
        for i, o in enumerate(res._outcomes()):
            values.append(group_values)
            scopes.append((o[1], o[11], o[12]))  # the scope, its field and value
            partials.append(partial(r, i))
            failing.extend(keys[np.array(o[10], dtype=np.intp)].tolist())
            ends.append(len(failing))
    n = len(partials)
    return {"values": values, "scopes": scopes, "failing": failing,
            "ends": np.array(ends, dtype=np.int64),
            "counts": np.array([p[:5] for p in partials], dtype=np.int64).reshape(n, 5),
            "stats": np.array([p[5:] for p in partials], dtype=np.float64).reshape(n, 3)}


def _unpacked(packed: Dict[str, Any]):
    """The outcomes of _partials: (values, target, (scope, field, value),
    partial, failing)."""
    counts, stats = packed["counts"].tolist(), packed["stats"].tolist()
    failing, start = packed["failing"], 0
    for values, scope, c, x, end in zip(packed["values"], packed["scopes"], counts, stats,
                                        packed["ends"].tolist()):
        yield values, c[0], scope, (*c, *x), failing[start:end]
        start = end


def _group_values(values: tuple) -> tuple:
    """A group's values with every missing value as the one NaN object: a
    NaN unpickled from another worker is another object, unequal to the
    first, and would make a second group of its own."""
    return tuple(np.nan if _missing(v) else v for v in values)


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)


def _group_order(values: tuple) -> tuple:
    """Groups sorted as pandas sorts them, missing values last."""
    return tuple((_missing(v), "" if _missing(v) else v) for v in values)


def _scope_order(types: Dict[str, str], scope: str) -> tuple:
    """A scope group's place among the groups of its scope, as the C
    library orders them: by value (text in byte order, numbers ascending,
    false before true), the group of rows with no value ("FIELD=") last."""
    field, _, value = scope.partition("=")
    if not value:
        return (1,)
    kind = types.get(field)
    if kind == "number":
        return (0, float(value))
    if kind == "bool":
        return (0, value == "true")
    return (0, value.encode("utf-8"))


def check_targets(ruleset: Ruleset, ddf: dd.DataFrame, *, year: Optional[int] = None,
                  by: Optional[Sequence[str]] = None) -> pd.DataFrame:
    """Check the targets over a Dask DataFrame: the DataFrame of
    :meth:`Ruleset.check_targets` (computed: it has one row per target,
    scope and group), plus a ``failing`` column with the keys of the rows
    that fall short (the 销号 ledger). Equal to the single-machine answer."""
    by = [by] if isinstance(by, str) else list(by or [])
    ruleset.evaluate(ddf._meta)  # warns here, once, of absent columns
    rs = _shipped(ruleset)
    parts = dask.compute(*[dask.delayed(_partials)(p, rs, by) for p in ddf.to_delayed()])
    combined: Dict[tuple, Tuple[list, list]] = {}
    scope_parts: Dict[str, list] = {}  # scope -> [field, value]
    # A target's scopes in document order: an evaluation with rows lists
    # them all; one of zero rows (an empty partition) has only "all".
    kinds: Dict[int, List[str]] = {}
    for part in parts:
        seen: Dict[tuple, List[str]] = {}
        for values, target, (scope, *apart), part_of, failing in _unpacked(part):
            if values:
                values = _group_values(values)
            scope_parts[scope] = apart
            entry = combined.setdefault((values, target, scope), ([], []))
            entry[0].append(part_of)
            entry[1].extend(failing)
            order = seen.setdefault((values, target), [])
            kind = scope.split("=", 1)[0]
            if kind not in order:
                order.append(kind)
        for (_values, target), order in seen.items():
            if len(order) > len(kinds.get(target, ())):
                kinds[target] = order
    if by and not combined:  # no rows at all: as for one machine
        frame = ruleset.check_targets(ddf._meta, year=year, by=by)
        frame["failing"] = [[] for _ in range(len(frame))]
        return frame
    types = {f.id: f.type for f in ruleset.fields}

    def place(key: tuple) -> tuple:
        values, target, scope = key
        return (_group_order(values), target, kinds[target].index(scope.split("=", 1)[0]),
                _scope_order(types, scope))

    records = []
    for key in sorted(combined, key=place):
        values, target, scope = key
        partials, failing = combined[key]
        (_t, _scope, op, actual, required, verdict, shortfall, population, satisfied,
         unknown, *_) = combine(ruleset._handle.ptr, partials)
        tg = ruleset.targets[target]
        records.append((*values, tg.id, scope, actual, op, required, verdict, shortfall,
                        tg.label, tg.year, tg.aggregate, population, satisfied, unknown,
                        *scope_parts[scope], failing))
    frame = pd.DataFrame.from_records(records, columns=[*by, *TARGET_COLUMNS, "failing"])
    frame["year"] = frame["year"].astype("Int64")
    if year is not None:
        frame = frame[frame["year"] == year].reset_index(drop=True)
    return frame

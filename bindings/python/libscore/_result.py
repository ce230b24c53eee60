"""Results of an evaluation: rows, targets, explanations and ledgers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict, List, Optional

import numpy as np
import pandas as pd

from . import capi
from ._handle import Handle, live
from ._read import column_values, texts

if TYPE_CHECKING:  # pragma: no cover
    from ._ruleset import Ruleset

__all__ = ["Result", "Explanation"]

_NONE = (1 << 64) - 1  # (size_t)-1
_VERDICTS = ("not_met", "met", "unknown")  # score_target_verdict


def column(values: Optional[bytes], dtype: Any) -> np.ndarray:
    """A column the C library hands over (bytes of its array; None: none)."""
    return np.frombuffer(values or b"", dtype=dtype)


def outcome(r: Any, i: int) -> tuple:
    """Target outcome i of a C result: (target, scope, op, actual, required,
    verdict, shortfall, population, satisfied, unknown, failing rows,
    scope field, scope value); the last two None for the scope "all"."""
    o = capi.score_target_outcome()
    capi.score_result_outcome(r, i, o)
    return (o.target, o.scope, o.op, o.actual, o.required, _VERDICTS[o.verdict], o.shortfall,
            o.population, o.satisfied, o.unknown, column(o.failing, np.uintp).tolist(),
            capi.score_result_outcome_scope_field(r, i),
            capi.score_result_outcome_scope_value(r, i))


def partial(r: Any, i: int) -> tuple:
    """The partial aggregates behind outcome i: (target, population,
    satisfied, unknown, known, sum, min, max)."""
    p = capi.score_target_partial()
    capi.score_result_partial(r, i, p)
    return (p.target, p.population, p.satisfied, p.unknown, p.known, p.sum, p.min, p.max)


def combine(rs: Any, partials: List[tuple]) -> tuple:
    """The outcome of one target over the parts whose partial() tuples
    these are, as outcome() gives it, with no scope and no failing rows."""
    parts = capi.new_score_partials(max(len(partials), 1))
    try:
        for k, values in enumerate(partials):
            p = capi.score_target_partial()
            (p.target, p.population, p.satisfied, p.unknown, p.known, p.sum, p.min,
             p.max) = values
            capi.score_partials_setitem(parts, k, p)
        o = capi.score_target_outcome()
        capi.score_target_combine(rs, parts, len(partials), o)
    finally:
        capi.delete_score_partials(parts)
    return (o.target, None, o.op, o.actual, o.required, _VERDICTS[o.verdict], o.shortfall,
            o.population, o.satisfied, o.unknown, [], None, None)


class Explanation(dict):
    """Why a row got its tier, or how a target stands: the JSON explanation
    as a dict; ``str()`` gives the readable Chinese text."""

    def __init__(self, data: Dict[str, Any], text: str) -> None:
        super().__init__(data)
        self.text = text

    def __str__(self) -> str:
        return self.text


TARGET_COLUMNS = ["target", "scope", "actual", "op", "required", "verdict", "shortfall", "label",
                  "year", "aggregate", "population", "satisfied", "unknown", "scope_field",
                  "scope_value"]


class Result:
    """The outcome of :meth:`Ruleset.evaluate`.

    ``rows`` has a row per input row; ``targets`` a row per target and
    scope; :meth:`explain` and :meth:`explain_target` say why;
    :meth:`ledger` lists the rows that fall short of a target (the 销号
    ledger).
    """

    def __init__(self) -> None:
        raise TypeError("results come from Ruleset.evaluate()")

    @classmethod
    def _own(cls, ruleset: "Ruleset", handle: Handle, table: Handle,
             frame: Optional[pd.DataFrame]) -> "Result":
        self = object.__new__(cls)
        self.ruleset = ruleset
        self._handle: Optional[Handle] = handle
        self._table = table
        self._frame = frame
        self._rows: Optional[pd.DataFrame] = None
        self._targets: Optional[pd.DataFrame] = None
        self._keys: Optional[List[Optional[str]]] = None
        self._outcome_list: Optional[List[tuple]] = None
        n = capi.score_table_absent_count(table.ptr)
        self.absent: List[str] = [capi.score_table_absent_name(table.ptr, i) for i in range(n)]
        return self

    def close(self) -> None:
        """Let go of the C result and table now rather than when the object
        is collected. Idempotent; the DataFrames already built stay."""
        self._handle = None
        self._table = None

    def __enter__(self) -> "Result":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __len__(self) -> int:
        return capi.score_result_row_count(live(self._handle, "result"))

    def __repr__(self) -> str:
        state = f"{len(self)} rows" if self._handle is not None else "closed"
        return f"<libscore.Result of {self.ruleset.id}: {state}>"

    @property
    def keys(self) -> List[Optional[str]]:
        """The key of every row, in order."""
        if self._keys is None:
            live(self._handle, "result")
            t = self._table.ptr
            self._keys = texts(t, column_values(t, self.ruleset.key)).tolist()
        return self._keys

    # ---- rows ----

    @property
    def rows(self) -> pd.DataFrame:
        """One row per input row, columns as in ``score eval --format csv``:
        the key field, then (with tiers) ``qualified`` and ``tier`` (ordered
        categoricals of the tier ids, lowest first; missing for none or
        unknown) and ``rank_score``, then each scorecard's total (and
        ``ID_grade`` where it has bands), then each criterion as a
        nullable boolean (pandas.NA when unknown). The index is the input
        DataFrame's."""
        if self._rows is None:
            self._rows = self._build_rows()
        return self._rows

    def _build_rows(self) -> pd.DataFrame:
        r = live(self._handle, "result")
        rs = self.ruleset
        cols: Dict[str, Any] = {rs.key: pd.array(self.keys, dtype=object)}
        if rs.tiers:
            ids = [t.id for t in rs.tiers]
            for name, levels in (("qualified", capi.score_result_qualified_tiers),
                                 ("tier", capi.score_result_tiers)):
                codes = column(levels(r), np.intc)  # -1: none
                cols[name] = pd.Categorical.from_codes(codes, categories=ids, ordered=True)
            cols["rank_score"] = column(capi.score_result_rank_scores(r), np.float64)
        for i, sc in enumerate(rs.scorecards):
            cols[sc.id] = column(capi.score_result_scores(r, i), np.float64)
            if sc.grades:  # grade -1 (none) is the None after the labels
                labels = np.array([*rs._grade_labels[i], None], dtype=object)
                cols[f"{sc.id}_grade"] = pd.array(
                    labels[column(capi.score_result_grades(r, i), np.intc)], dtype=object)
        for i, c in enumerate(rs.criteria):
            v = column(capi.score_result_verdicts(r, i), np.uint8)
            cols[c.id] = pd.arrays.BooleanArray(v == capi.SCORE_TRUE, v == capi.SCORE_UNKNOWN)
        index = self._frame.index if self._frame is not None else None
        return pd.DataFrame(cols, index=index)

    # ---- targets ----

    @property
    def targets(self) -> pd.DataFrame:
        """One row per target and scope, columns as in ``score targets``:
        target, scope ("all" or "FIELD=VALUE"), actual (a share as a
        fraction), op, required, verdict ("met", "not_met", "unknown"),
        shortfall (NaN when met); then label, year, aggregate, population,
        satisfied and unknown (row counts); then scope_field and
        scope_value, the scope apart (None for "all"; the value "" for the
        rows where the field is missing)."""
        if self._targets is None:
            self._targets = self._build_targets()
        return self._targets

    def _outcomes(self) -> List[tuple]:
        """The outcome tuples of outcome(), read from C once: the targets
        table, every ledger and explanation lookup share them."""
        if self._outcome_list is None:
            r = live(self._handle, "result")
            self._outcome_list = [outcome(r, i)
                                  for i in range(capi.score_result_outcome_count(r))]
        return self._outcome_list

    def _build_targets(self) -> pd.DataFrame:
        rs = self.ruleset
        records = []
        for (t, scope, op, actual, required, verdict, shortfall, population,
             satisfied, unknown, _failing, field, value) in self._outcomes():
            tg = rs.targets[t]
            records.append((tg.id, scope, actual, op, required, verdict, shortfall, tg.label,
                            tg.year, tg.aggregate, population, satisfied, unknown, field, value))
        frame = pd.DataFrame.from_records(records, columns=TARGET_COLUMNS)
        frame["year"] = frame["year"].astype("Int64")
        return frame

    def _outcome_index(self, target: str, scope: str) -> int:
        names = [t.id for t in self.ruleset.targets]
        if target not in names:
            raise KeyError(f"no target \"{target}\" in {self.ruleset.id}")
        for i, o in enumerate(self._outcomes()):
            if names[o[0]] == target and o[1] == scope:
                return i
        raise KeyError(f"target \"{target}\" has no scope \"{scope}\"")

    def ledger(self, target: str, scope: str = "all") -> pd.DataFrame:
        """The rows that fall short of ``target`` in ``scope`` (the 销号
        ledger): ``target`` and ``scope`` columns, then the input row
        (its DataFrame columns, or the key for a CSV path)."""
        i = self._outcome_index(target, scope)
        failing = list(self._outcomes()[i][10])
        if self._frame is not None:
            rows = self._frame.iloc[failing].copy()
        else:
            keys = self.keys
            rows = pd.DataFrame({self.ruleset.key: [keys[k] for k in failing]})
        rows.insert(0, "scope", scope)
        rows.insert(0, "target", target)
        return rows

    # ---- explanations ----

    def explain(self, key: Any) -> Explanation:
        """Explain the row with this key: eligibility, every criterion on its
        tier path with its values, the scorecards item by item, the tier
        awarded and why it is not higher, and the ruleset's provenance."""
        r = live(self._handle, "result")
        row = capi.score_table_find_key(self._table.ptr, str(key))
        if row == _NONE:
            raise KeyError(f"no row has the key {key!r}")
        t = self._table.ptr
        data = json.loads(capi.score_explain_row_text(r, t, row, 1))
        return Explanation(data, capi.score_explain_row_text(r, t, row, 0))

    def explain_target(self, target: str, scope: str = "all") -> Explanation:
        """Explain a target in a scope: population, rows satisfied and
        unknown, actual and required, verdict, shortfall, failing keys."""
        r = live(self._handle, "result")
        i = self._outcome_index(target, scope)
        t = self._table.ptr
        data = json.loads(capi.score_explain_outcome_text(r, t, i, 1))
        return Explanation(data, capi.score_explain_outcome_text(r, t, i, 0))

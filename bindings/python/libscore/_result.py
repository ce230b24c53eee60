"""Results of an evaluation: rows, targets, explanations and ledgers."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import capi
from ._handle import Handle, live
from ._read import column_values, texts

if TYPE_CHECKING:  # pragma: no cover
    from ._ruleset import Ruleset

__all__ = ["Result", "Explanation", "diff"]

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


def _grades(labels: List[Optional[str]], codes: np.ndarray) -> pd.Categorical:
    """A scorecard's grades as a categorical (missing as NaN, as for tiers):
    ordered lowest first when they are its bands' alone (bands come highest
    first); a grade only a veto gives (免评) has no place in that order."""
    present = [g for g in labels if g is not None]
    ordered = len(present) == len(labels) or all(g is None for g in labels[len(present):])
    text = np.array([*labels, None], dtype=object)[codes]  # -1: the None at the end
    categories = list(dict.fromkeys(reversed(present) if ordered else present))
    return pd.Categorical(text, categories=categories, ordered=ordered)


_KINDS = {"eval": 0, "targets": 1, "report": 2}
_FORMATS = {"table": 0, "csv": 1, "json": 2, "xlsx": 3, "html": 4}


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
            if sc.grades:
                cols[f"{sc.id}_grade"] = _grades(rs._grade_labels[i],
                                                 column(capi.score_result_grades(r, i), np.intc))
        for i, c in enumerate(rs.criteria):
            v = column(capi.score_result_verdicts(r, i), np.uint8)
            cols[c.id] = pd.arrays.BooleanArray(v == capi.SCORE_TRUE, v == capi.SCORE_UNKNOWN)
        index = self._frame.index if self._frame is not None else None
        return pd.DataFrame(cols, index=index)

    def labelled(self, keep: Optional[Sequence[str]] = None) -> pd.DataFrame:
        """The rows as people read them, as ``score eval --labels --keep``:
        columns by their Chinese labels (村代码, 达标等级, 评定等级, 排名得分,
        each scorecard's and criterion's label), the kept fields (ids or
        labels) after the key with their values, tiers and grades as
        categoricals of their labels (lowest first; missing as NaN, whether
        no tier or no grade), criteria as nullable booleans."""
        rs = self.ruleset
        rows = self.rows
        names = {rs.key: _field_label(rs, rs.key), "qualified": "达标等级", "tier": "评定等级",
                 "rank_score": "排名得分"}
        for sc in rs.scorecards:
            names[sc.id] = sc.label or sc.id
            names[f"{sc.id}_grade"] = f"{sc.label or sc.id}等次"
        names.update({c.id: c.label or c.id for c in rs.criteria})
        out = rows.rename(columns=names)
        for name in ("达标等级", "评定等级"):
            if name in out:
                out[name] = out[name].cat.rename_categories([t.label for t in rs.tiers])
        t = live(self._table, "result")
        for k, name in enumerate(keep or []):
            field = _kept_field(rs, name)
            values = column_values(t, field.id)
            if field.type == "text":
                values = texts(t, values)
            elif field.type == "bool":
                values = pd.arrays.BooleanArray(values == 1, np.isnan(values))
            out.insert(1 + k, field.label or field.id, values)
        return out

    # ---- files, written by the library as the CLI writes them ----

    def write(self, path: Union[str, "os.PathLike[str]"], kind: str = "eval",
              format: str = "csv", *, labels: bool = False,
              keep: Optional[Sequence[str]] = None, digits: Optional[int] = None,
              year: Optional[int] = None, data_name: Optional[str] = None) -> None:
        """Write this result to ``path`` as ``score eval|targets|report``
        does: ``kind`` "eval", "targets" or "report"; ``format`` "table",
        "csv", "json", "xlsx" or "html" (the report). The same C code writes
        the CLI's files; the file appears whole or not at all."""
        if kind not in _KINDS or format not in _FORMATS:
            raise ValueError(f"kind is one of {list(_KINDS)}, format one of {list(_FORMATS)}")
        opts = capi.score_output_options()
        opts.labels = int(bool(labels))
        opts.digits = -1 if digits is None else int(digits)
        opts.year = int(year or 0)
        opts.data_name = data_name
        if keep is not None:
            opts.keep_columns(list(keep))
        capi.score_output_file(os.fspath(path), live(self._handle, "result"),
                               live(self._table, "result"), _KINDS[kind], _FORMATS[format],
                               opts)

    def to_csv(self, path: Union[str, "os.PathLike[str]"], **options: Any) -> None:
        """``score eval --format csv`` into ``path`` (``labels=True`` for
        people: Chinese headers and words, a BOM for Excel; ``keep``)."""
        self.write(path, "eval", "csv", **options)

    def to_excel(self, path: Union[str, "os.PathLike[str]"], **options: Any) -> None:
        """The workbook of ``score report --format xlsx``: 等级评定, 目标任务,
        销号台账 and 说明 (``keep``, ``digits``, ``year``, ``data_name``)."""
        self.write(path, "report", "xlsx", **options)

    def report(self, path: Union[str, "os.PathLike[str]"], **options: Any) -> None:
        """The 考核验收 report of ``score report``: one self-contained HTML
        file that prints to A4 (``keep``, ``digits``, ``year``, ``data_name``)."""
        self.write(path, "report", "html", **options)

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

    # ---- gaps (还差多少) ----

    def gap(self, key: Any, tier: Optional[str] = None) -> Explanation:
        """What the row with this key must change to reach ``tier`` (a tier
        id; None: the one above the awarded tier), as ``score gap --format
        json`` gives it: a dict with ``key``, ``tier``, ``target_tier``,
        ``reachable``, ``changes`` (each ``criterion``, ``field``,
        ``label``, ``year``, ``from``, ``to``, ``strict``, ``value``,
        ``kind``), ``rank`` (None unless the level is full) and
        ``unresolved``; ``str()`` gives the Chinese text."""
        r = live(self._handle, "result")
        row = capi.score_table_find_key(self._table.ptr, str(key))
        if row == _NONE:
            raise KeyError(f"no row has the key {key!r}")
        ids = [t.id for t in self.ruleset.tiers]
        if tier is not None and tier not in ids:
            raise KeyError(f"no tier \"{tier}\" in {self.ruleset.id}")
        k = _NONE if tier is None else ids.index(tier)
        t = self._table.ptr
        data = json.loads(capi.score_row_gap_text(r, t, row, k, 1))
        return Explanation(data, capi.score_row_gap_text(r, t, row, k, 0))

    def plan(self, target: str, scope: Optional[str] = None) -> pd.DataFrame:
        """The plan (攻坚清单) of ``target`` in ``scope`` (None: every
        scope) where it is not met: a row per change of each row chosen,
        columns target, scope, key, reachable, criterion, field, label,
        year, from, to, strict, value, kind, and unresolved (what cannot be
        solved for the row, joined by "; "). Met scopes give no rows."""
        r = live(self._handle, "result")
        names = [t.id for t in self.ruleset.targets]
        if target not in names:
            raise KeyError(f"no target \"{target}\" in {self.ruleset.id}")
        indexes = ([self._outcome_index(target, scope)] if scope is not None else
                   [i for i, o in enumerate(self._outcomes()) if names[o[0]] == target])
        records = []
        for i in indexes:
            plan = json.loads(capi.score_target_plan_text(r, self._table.ptr, i, 1))
            for g in plan["rows"]:
                unresolved = "; ".join(g["unresolved"])
                for c in g["changes"] or [{}]:
                    records.append((target, plan["scope"], g["key"], g["reachable"],
                                    *(c.get(k) for k in _CHANGE_KEYS), unresolved))
        return pd.DataFrame.from_records(
            records, columns=["target", "scope", "key", "reachable", *_CHANGE_KEYS, "unresolved"])


_CHANGE_KEYS = ("criterion", "field", "label", "year", "from", "to", "strict", "value", "kind")


def diff(old: Result, new: Result) -> pd.DataFrame:
    """What changed between two results of one ruleset (two years, a
    corrected file, other params), as ``score diff``: a row per key, columns
    key, tier_old, tier_new, change ("up", "down", "same", "added",
    "removed") and flipped (the ids of the criteria whose verdict differs)."""
    a, b = old.rows, new.rows
    criteria = [c.id for c in old.ruleset.criteria if c.id in b.columns]
    ids = [t.id for t in old.ruleset.tiers]
    place = {t: i for i, t in enumerate(ids)}

    def tier(rows: pd.DataFrame, i: int) -> Optional[str]:
        if not ids:
            return None
        v = rows["tier"].iloc[i]
        return None if pd.isna(v) else str(v)

    new_at = {k: i for i, k in enumerate(new.keys)}
    old_keys = set(old.keys)
    records = []
    for i, k in enumerate(old.keys):
        j = new_at.get(k)
        t_old = tier(a, i)
        if j is None:
            records.append((k, t_old, None, "removed", []))
            continue
        t_new = tier(b, j)
        o, n = place.get(t_old, -1), place.get(t_new, -1)
        flips = [c for c in criteria if str(a[c].iloc[i]) != str(b[c].iloc[j])]
        records.append((k, t_old, t_new, "up" if n > o else "down" if n < o else "same", flips))
    for j, k in enumerate(new.keys):
        if k not in old_keys:
            records.append((k, None, tier(b, j), "added", []))
    return pd.DataFrame.from_records(
        records, columns=["key", "tier_old", "tier_new", "change", "flipped"])


def _field_label(rs: "Ruleset", field_id: str) -> str:
    for f in rs.fields:
        if f.id == field_id:
            return f.label or f.id
    return field_id


def _kept_field(rs: "Ruleset", name: str) -> Any:
    """The field a kept column names: its id or label, or the label
    without its gloss in brackets (镇 for 镇(街道)), as the library reads it."""
    for f in rs.fields:
        if name in (f.id, f.label):
            return f
    for f in rs.fields:
        label = f.label or ""
        if label.startswith(name) and label[len(name):][:1] in ("(", "（") and \
                label.endswith((")", "）")):
            return f
    raise KeyError(f"no field \"{name}\" to keep")

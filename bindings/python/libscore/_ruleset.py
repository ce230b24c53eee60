"""Rulesets: loading, the description of their content, evaluation."""

from __future__ import annotations

import math
import os
from typing import (TYPE_CHECKING, Any, Dict, List, Mapping, NamedTuple, Optional,
                    Sequence, Tuple, Union)

import numpy as np

from . import capi
from ._handle import Handle, live, own

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from ._result import Result

__all__ = ["Ruleset", "load", "loads", "builtins", "Builtin", "Field", "Param",
           "Criterion", "ScorecardItem", "Scorecard", "Tier", "Target"]

_TYPES = {1: "bool", 2: "number", 3: "text"}
_NONE = (1 << 64) - 1  # (size_t)-1: "no such index" in the C API


class Builtin(NamedTuple):
    """A ruleset compiled into the library."""
    id: str
    title: str


class Field(NamedTuple):
    """An input field: ``type`` is "bool", "number" or "text"; ``years``
    lists the years of a year-indexed field (columns ``NAME_YYYY``)."""
    id: str
    label: str
    type: str
    years: Tuple[int, ...]


class Param(NamedTuple):
    """A parameter: the value in force and the document's default, as
    literal text ("3万", "30%", "2021")."""
    name: str
    label: str
    value: str
    default: str


class Criterion(NamedTuple):
    """A named condition; ``expr`` is its source text."""
    id: str
    label: str
    expr: str


class ScorecardItem(NamedTuple):
    """A line of a scorecard: points (``expr``), a deduction or not, and its
    cap (NaN for none)."""
    id: str
    label: str
    expr: str
    deduction: bool
    max: float


class Scorecard(NamedTuple):
    """A scorecard (计分); ``grades`` tells whether it has bands."""
    id: str
    label: str
    grades: bool
    items: Tuple[ScorecardItem, ...]


class Tier(NamedTuple):
    """A tier level (等级), lowest first in Ruleset.tiers. ``quota`` and
    ``cap`` are None when the level has none; ``requires`` are the level's
    own requirements; ``extends`` the id of the level it builds on."""
    id: str
    label: str
    quota: Optional[float]
    cap: Optional[float]
    requires: Tuple[str, ...]
    extends: Optional[str]


class Target(NamedTuple):
    """A target (目标任务): ``aggregate`` is count, share, sum, avg, min, max,
    all or none; ``year`` its milestone year or None."""
    id: str
    label: str
    expr: str
    year: Optional[int]
    aggregate: str


def _opt(v: float) -> Optional[float]:
    return None if math.isnan(v) else v


def _years(column: Optional[bytes]) -> List[int]:
    return np.frombuffer(column, dtype=np.intc).tolist() if column else []


def _items(p: Any, sc: int) -> Tuple[ScorecardItem, ...]:
    items = []
    for k in range(capi.score_ruleset_item_count(p, sc)):
        info = capi.score_item_info()
        capi.score_ruleset_item(p, sc, k, info)
        items.append(ScorecardItem(info.id, info.label, info.expr, bool(info.deduction),
                                   info.max))
    return tuple(items)


def builtins() -> List[Builtin]:
    """The built-in rulesets (those of the seed plans), in id order."""
    return [Builtin(capi.score_builtin_id(i), capi.score_builtin_title(i))
            for i in range(capi.score_builtin_count())]


def _params(params: Optional[Mapping[str, Any]]) -> List[str]:
    """The overrides as the C API takes them: NAME=VALUE each."""
    return [f"{k}={('true' if v else 'false') if isinstance(v, bool) else v}"
            for k, v in (params or {}).items()]


def _looks_like_document(text: str) -> bool:
    return "\n" in text or text.lstrip().startswith("{")


def load(name_or_path: Union[str, "os.PathLike[str]"],
         params: Optional[Mapping[str, Any]] = None) -> "Ruleset":
    """Load and compile a ruleset.

    ``name_or_path`` is a built-in id (see :func:`builtins`), the path of a
    YAML or JSON document, or the document itself as a string (anything
    with a newline, or starting with ``{``). ``params`` overrides the
    document's params: values are literals as in expressions ("3万",
    "30%", 2021) or Python numbers and bools.

    Raises :class:`RuleError` with the file, line and column of the first
    problem.
    """
    if isinstance(name_or_path, str) and _looks_like_document(name_or_path):
        return loads(name_or_path, params=params)
    name = os.fspath(name_or_path)
    ptr = capi.score_load(name, _params(params))
    rs = Ruleset._own(ptr)
    if name in {b.id for b in builtins()}:
        rs._spec = ("builtin", name, None, dict(params or {}))
    else:  # the text itself travels when the ruleset is pickled
        with open(name, encoding="utf-8") as f:
            rs._spec = ("text", f.read(), name, dict(params or {}))
    return rs


def loads(text: str, params: Optional[Mapping[str, Any]] = None,
          source: str = "<string>") -> "Ruleset":
    """Load and compile a ruleset document (YAML or JSON) given as text;
    ``source`` names it in error messages."""
    ptr = capi.score_load_text(text, source, _params(params))
    rs = Ruleset._own(ptr)
    rs._spec = ("text", text, source, dict(params or {}))
    return rs


def _restore(spec: tuple) -> "Ruleset":
    """Compile a pickled ruleset again (see Ruleset.__reduce__)."""
    kind, what, source, params = spec
    if kind == "builtin":
        return load(what, params=params)
    return loads(what, params=params, source=source)


class Ruleset:
    """A compiled ruleset: read-only, and safe to share between threads.

    Made by :func:`load` or :func:`loads`. The description of its content
    (``fields``, ``criteria``, ``scorecards``, ``tiers``, ``targets``,
    ``params``) is plain Python data. :meth:`evaluate` scores data;
    :meth:`check_targets` checks the targets.
    """

    def __init__(self) -> None:
        raise TypeError("use libscore.load() or libscore.loads()")

    @classmethod
    def _own(cls, ptr: Any) -> "Ruleset":
        self = object.__new__(cls)
        self._handle: Optional[Handle] = own(ptr)
        self._describe(ptr)
        return self

    def _describe(self, p: Any) -> None:
        """Read the content once: it never changes."""
        self.id: str = capi.score_ruleset_id(p)
        self.version: str = capi.score_ruleset_version(p)
        self.title: str = capi.score_ruleset_title(p)
        self.entity: str = capi.score_ruleset_entity(p)
        self.key: str = capi.score_ruleset_key(p)
        self.hash: str = capi.score_ruleset_hash(p)
        self.params: Dict[str, Param] = {}
        for i in range(capi.score_ruleset_param_count(p)):
            prm = Param(capi.score_ruleset_param_name(p, i), capi.score_ruleset_param_label(p, i),
                        capi.score_ruleset_param_value(p, i),
                        capi.score_ruleset_param_default(p, i))
            self.params[prm.name] = prm
        self.fields: List[Field] = [
            Field(capi.score_ruleset_field_id(p, i), capi.score_ruleset_field_label(p, i),
                  _TYPES[capi.score_ruleset_field_type(p, i)],
                  tuple(_years(capi.score_ruleset_field_years(p, i))))
            for i in range(capi.score_ruleset_field_count(p))]
        self.criteria: List[Criterion] = [
            Criterion(capi.score_ruleset_criterion_id(p, i),
                      capi.score_ruleset_criterion_label(p, i),
                      capi.score_ruleset_criterion_expr(p, i))
            for i in range(capi.score_ruleset_criterion_count(p))]
        self.scorecards: List[Scorecard] = [
            Scorecard(capi.score_ruleset_scorecard_id(p, i),
                      capi.score_ruleset_scorecard_label(p, i),
                      bool(capi.score_ruleset_scorecard_has_grades(p, i)),
                      _items(p, i))
            for i in range(capi.score_ruleset_scorecard_count(p))]
        tiers = []
        for i in range(capi.score_ruleset_tier_count(p)):
            ext = capi.score_ruleset_tier_extends(p, i)
            tiers.append(Tier(
                capi.score_ruleset_tier_id(p, i), capi.score_ruleset_tier_label(p, i),
                _opt(capi.score_ruleset_tier_quota(p, i)), _opt(capi.score_ruleset_tier_cap(p, i)),
                tuple(capi.score_ruleset_tier_require(p, i, k)
                      for k in range(capi.score_ruleset_tier_require_count(p, i))),
                None if ext == _NONE else capi.score_ruleset_tier_id(p, ext)))
        self.tiers: List[Tier] = tiers
        # the text of each scorecard's grades, by score_result_grades() index
        self._grade_labels: List[List[Optional[str]]] = [
            [capi.score_ruleset_grade_label(p, i, g)
             for g in range(capi.score_ruleset_grade_count(p, i))]
            for i in range(len(self.scorecards))]
        self.targets: List[Target] = [
            Target(capi.score_ruleset_target_id(p, i), capi.score_ruleset_target_label(p, i),
                   capi.score_ruleset_target_expr(p, i),
                   capi.score_ruleset_target_year(p, i) or None,
                   capi.score_ruleset_target_aggregate(p, i))
            for i in range(capi.score_ruleset_target_count(p))]

    # ---- life cycle ----

    def close(self) -> None:
        """Let go of the compiled ruleset. The memory is released once the
        results made from it are gone too. Idempotent."""
        self._handle = None

    def __enter__(self) -> "Ruleset":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __reduce__(self) -> tuple:
        """Pickled as its document and params, compiled again on unpickling
        (once per Dask worker): the hash is the same."""
        live(self._handle, "ruleset")
        return (_restore, (self._spec,))

    def __repr__(self) -> str:
        state = "" if self._handle is not None else ", closed"
        return f"<libscore.Ruleset {self.id} {self.version} ({self.title}) {self.hash}{state}>"

    # ---- evaluation ----

    def evaluate(self, data: Any, *, threads: int = 1, encoding: Optional[str] = None,
                 sheet: Union[str, int, None] = None, header_row: Optional[int] = None,
                 skip_totals: bool = False, strict: bool = False,
                 format: Optional[str] = None) -> "Result":
        """Score every row of ``data``.

        ``data`` is a pandas DataFrame, a dict of column arrays, or the path
        of a data file: CSV or TAB-separated text in UTF-8, GB18030 (GBK)
        or UTF-16, or an .xlsx workbook, read by the C reader as
        :func:`read_table` reads it, with the same keyword options
        (``encoding``, ``sheet``, ``header_row``, ``skip_totals``,
        ``strict``, ``format``; for a file only). What the reader warns of
        (a header that matches no field, with a did-you-mean; an absent
        field; a workbook's key typed as numbers) becomes a
        :class:`DataWarning` (a :class:`ColumnWarning` for columns) with
        its position.

        Columns are named by field id or Chinese label (a year-indexed
        field by ``NAME_YYYY``); other columns are ignored, and a field
        with no column is all missing (a :class:`ColumnWarning` says so).
        Missing cells (NaN, None, pandas.NA, empty text) are missing data,
        never zero. Number columns may hold text such as "3万" or "30%";
        bool columns 是/否, true/false, 1/0. Keys are text: a key column
        held as numbers (pandas' guess for "001") has lost its leading
        zeros, and a :class:`ColumnWarning` says to read it as text.

        ``threads`` splits the rows across that many threads, and a CSV
        file's reading too; the result is the same whatever the number.

        Raises :class:`DataError` (with the row or line, and the column) for
        a cell that cannot be read, a duplicate or missing key.
        """
        from ._read import ReadOptions
        opts = ReadOptions.of(encoding, sheet, header_row, skip_totals, strict, format)
        opts = opts._replace(threads=threads)
        return self._evaluate_part(data, threads=threads, applicants=0, opts=opts)

    def _evaluate_part(self, data: Any, *, threads: int, applicants: int,
                       opts: Any = None) -> "Result":
        """evaluate(), for data that is one part of a population of
        `applicants` eligible rows (the base of tier caps; 0: this data's)."""
        from ._data import make_table
        from ._result import Result
        rs = live(self._handle, "ruleset")
        table, frame = make_table(self, self._handle, data, opts)
        options = capi.score_eval_options()
        options.threads, options.applicants = int(threads), int(applicants)
        ptr = capi.score_evaluate_table(rs, table.ptr, options)
        return Result._own(self, own(ptr, owner=table), table, frame)

    def read_table(self, path: Union[str, "os.PathLike[str]"], **options: Any) -> "pandas.DataFrame":
        """:func:`libscore.read_table` of ``path`` for this ruleset."""
        from ._read import read_table
        return read_table(path, self, **options)

    def check_data(self, path: Union[str, "os.PathLike[str]"], **options: Any) -> Any:
        """:func:`libscore.check_data` of ``path`` for this ruleset."""
        from ._read import check_data
        return check_data(path, self, **options)

    def check_targets(self, data: Any, *, year: Optional[int] = None,
                      by: Optional[Sequence[str]] = None, threads: int = 1,
                      **options: Any) -> "pandas.DataFrame":
        """Check the targets on ``data`` (as :meth:`evaluate` takes it, with
        its read options for a file).

        Returns a DataFrame with one row per target and scope (the columns
        of ``score targets``: target, scope, actual, op, required, verdict,
        shortfall, then label, year, aggregate, population, satisfied,
        unknown; then scope_field and scope_value, as in
        :attr:`Result.targets`). ``year`` keeps the targets whose milestone is that year;
        ``by`` (column names of the data) checks the targets in each group
        of rows separately and adds those columns in front.
        """
        import pandas as pd
        from ._data import as_frame
        if not by:
            targets = self.evaluate(data, threads=threads, **options).targets
        else:
            by = [by] if isinstance(by, str) else list(by)
            if isinstance(data, (str, os.PathLike)):
                frame = self.read_table(data, **options)  # as evaluate() reads it
            else:
                frame = as_frame(data)
            # `by` may name a field by label where the columns are ids (or back)
            other = {**{f.label: f.id for f in self.fields}, **{f.id: f.label for f in self.fields}}
            frame = frame.rename(columns={other[b]: b for b in by if b not in frame.columns
                                          and b in other and other[b] in frame.columns})
            parts = []
            grouper = by[0] if len(by) == 1 else by  # a scalar key per group then
            for values, group in frame.groupby(grouper, sort=True, dropna=False):
                values = values if isinstance(values, tuple) else (values,)
                part = self.evaluate(group, threads=threads).targets
                for name, value in reversed(list(zip(by, values))):
                    part.insert(0, name, value)
                parts.append(part)
            targets = pd.concat(parts, ignore_index=True) if parts else \
                self.evaluate(frame.iloc[0:0], threads=threads).targets
        if year is not None:
            targets = targets[targets["year"] == year].reset_index(drop=True)
        return targets

"""libscore: the tier standards and target checks of rural-revitalization
plans (乡村振兴方案), evaluated over village-level data, with every verdict
explained.

    >>> import libscore, pandas as pd
    >>> rs = libscore.load("meihao-xiangcun")
    >>> df = libscore.read_table("examples/data/district/meihao-xiangcun.csv", rs)
    >>> result = rs.evaluate(df)
    >>> result.rows["tier"].value_counts()          # doctest: +SKIP
    >>> print(result.explain("3301020611"))         # doctest: +SKIP

:func:`load` compiles a ruleset (a built-in id, a path or a document);
:meth:`Ruleset.evaluate` scores a DataFrame, a dict of arrays or a data
file (CSV in UTF-8, GBK or UTF-16, or .xlsx) column by column in C; the
:class:`Result` holds DataFrames of rows and targets, explanations and
ledgers. :func:`read_table` reads a file into a DataFrame typed by the
ruleset (keys as text: "001" keeps its zeros; with pandas, read keys with
``pd.read_csv(path, dtype=str)``), and :func:`check_data` reports on a
file's quality before it is evaluated. What reading warns of is a
:class:`DataWarning` with its position. Missing data is never zero: criteria
are true, false or unknown (pandas.NA). Errors are :class:`RuleError` or
:class:`DataError`, with file, line and column.
"""

from ._errors import DataError, Error, RuleError
from ._read import (ColumnReport, ColumnWarning, DataReport, DataWarning, Problem, check_data,
                    read_table)
from ._result import Explanation, Result, diff
from ._ruleset import (Builtin, Criterion, Field, Param, Ruleset, Scorecard, ScorecardItem,
                       Target, Tier, builtins, load, loads)
from .capi import score_version as _score_version

__version__: str = _score_version()
"""The version of the C library this package is built with."""

__all__ = ["load", "loads", "builtins", "Ruleset", "Result", "Explanation", "diff", "Error",
           "RuleError", "DataError", "DataWarning", "ColumnWarning", "read_table",
           "check_data", "DataReport", "ColumnReport", "Problem", "Builtin", "Field", "Param",
           "Criterion", "Scorecard", "ScorecardItem", "Tier", "Target", "__version__"]

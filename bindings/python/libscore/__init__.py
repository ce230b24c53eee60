"""libscore: the tier standards and target checks of rural-revitalization
plans (乡村振兴方案), evaluated over village-level data, with every verdict
explained.

    >>> import libscore, pandas as pd
    >>> rs = libscore.load("meihao-xiangcun")
    >>> df = pd.read_csv("examples/data/district/meihao-xiangcun.csv")
    >>> result = rs.evaluate(df)
    >>> result.rows["tier"].value_counts()          # doctest: +SKIP
    >>> print(result.explain("3301020611"))         # doctest: +SKIP

:func:`load` compiles a ruleset (a built-in id, a path or a document);
:meth:`Ruleset.evaluate` scores a DataFrame, a dict of arrays or a CSV file
column by column in C; the :class:`Result` holds DataFrames of rows and
targets, explanations and ledgers. Missing data is never zero: criteria
are true, false or unknown (pandas.NA). Errors are :class:`RuleError` or
:class:`DataError`, with file, line and column.
"""

from ._data import ColumnWarning
from ._errors import DataError, Error, RuleError
from ._result import Explanation, Result
from ._ruleset import (Builtin, Criterion, Field, Param, Ruleset, Scorecard, ScorecardItem,
                       Target, Tier, builtins, load, loads)
from .capi import score_version as _score_version

__version__: str = _score_version()
"""The version of the C library this package is built with."""

__all__ = ["load", "loads", "builtins", "Ruleset", "Result", "Explanation", "Error",
           "RuleError", "DataError", "ColumnWarning", "Builtin", "Field", "Param",
           "Criterion", "Scorecard", "ScorecardItem", "Tier", "Target", "__version__"]

"""The exceptions libscore raises, and their construction from C errors."""

from __future__ import annotations

from typing import Optional

__all__ = ["Error", "RuleError", "DataError"]

# score_code values of include/score/score.h, by name.
_CODE_NAMES = {
    1: "ENOMEM", 2: "EIO", 3: "ESYNTAX", 4: "ERULE", 5: "EDATA",
    6: "EPARAM", 7: "ELIMIT", 8: "EINVAL", 9: "ENOTFOUND",
}


class Error(ValueError):
    """A libscore error, with the position it was found at.

    Attributes:
        code: the C library's error code name, e.g. ``"ESYNTAX"``.
        file: the ruleset document or data file (``"<string>"`` for text,
            ``None`` when there is none).
        line: 1-based line, or ``None``.
        column: 1-based column, or ``None``.
        message: what is wrong, without the position. For data given as a
            DataFrame or dict (no file, no line) it names the column and
            the 0-based row position, as ``iloc`` counts.
    """

    def __init__(self, message: str, *, code: str = "EINVAL", file: Optional[str] = None,
                 line: Optional[int] = None, column: Optional[int] = None) -> None:
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        super().__init__(self._formatted())

    def _formatted(self) -> str:
        """FILE:LINE:COL: message, leaving out the parts that have no value."""
        if not self.file:
            return self.message
        where = [str(p) for p in (self.file, self.line, self.column) if p]
        return ":".join(where) + ": " + self.message


class RuleError(Error):
    """The ruleset document is wrong: syntax, names, types, cycles, limits,
    an unknown built-in or an unreadable file, a bad parameter."""


class DataError(Error):
    """The data is wrong: a cell, a header, a duplicate or missing key, or a
    column of the wrong kind."""


def from_c(kind: str, code: int, source: str, line: int, column: int,
           message: str) -> Error:
    """Build the exception for a score_error (called by the C module)."""
    cls = RuleError if kind == "rule" else DataError
    return cls(message, code=_CODE_NAMES.get(code, str(code)), file=source or None,
               line=line or None, column=column or None)

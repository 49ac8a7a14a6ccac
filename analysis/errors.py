"""The workbook's small exception hierarchy and its one style of error message.

Every mistake a user can make (a missing file, a bad option, a broken lexicon) raises a
subclass of :class:`AnalysisError` whose message names the file or parameter and the
problem.  The command line prints that one line; it never shows a traceback for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class AnalysisError(Exception):
    """Base class of every error the workbook raises for bad input."""


class CorpusError(AnalysisError, ValueError):
    """A corpus could not be read: missing path, binary file, bad encoding, bad table."""


class ParameterError(AnalysisError, ValueError):
    """An option or notebook parameter has a value that is not allowed."""


class LexiconError(AnalysisError, ValueError):
    """An actor lexicon is malformed."""


class ReportError(AnalysisError):
    """A report could not be produced; the previous report was left in place."""


class CorpusWarning(UserWarning):
    """Something odd but survivable in a corpus: empty or duplicate documents, replaced
    characters, skipped files.

    Besides its message, it says what it is in a form a report can put in plain words:
    ``kind`` (``"duplicates"``, ``"empty"``...), ``count`` and an ``example`` (a document
    id or a path relative to the corpus).
    """

    def __init__(
        self, message: str, *, kind: str = "other", count: int = 1, example: str | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.count = count
        self.example = example


def _show(values: Iterable[Any]) -> str:
    return ", ".join(repr(v) for v in values)


def invalid_value(name: str, value: Any, allowed: str | Iterable[Any]) -> ParameterError:
    """Build the one message style for a bad option value.

    Args:
        name: The parameter's name.
        value: The value it was given.
        allowed: Either a sentence describing what is allowed, or the allowed values.

    Returns:
        A :class:`ParameterError` ready to raise.

    Example:
        >>> str(invalid_value("by", "x", ["corpus", "doc"]))
        "by='x' is not valid; expected one of 'corpus', 'doc'"
    """
    what = allowed if isinstance(allowed, str) else f"one of {_show(allowed)}"
    return ParameterError(f"{name}={value!r} is not valid; expected {what}")


def check_choice(name: str, value: Any, allowed: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``allowed``, else raise :func:`invalid_value`."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise invalid_value(name, value, allowed)
    return value


def check_int(
    name: str, value: Any, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Return ``value`` if it is an int (not a bool) from ``minimum`` to ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid_value(name, value, "an integer")
    if minimum is not None and maximum is not None and not minimum <= value <= maximum:
        raise invalid_value(name, value, f"an integer from {minimum} to {maximum}")
    if minimum is not None and value < minimum:
        raise invalid_value(name, value, f"an integer >= {minimum}")
    if maximum is not None and value > maximum:
        raise invalid_value(name, value, f"an integer <= {maximum}")
    return value


def check_number(name: str, value: Any, *, above: float | None = None) -> float:
    """Return ``value`` as a float if it is a number (not a bool) greater than ``above``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise invalid_value(name, value, "a number")
    if above is not None and not value > above:
        raise invalid_value(name, value, f"a number > {above:g}")
    return float(value)


def check_strings(name: str, value: Any) -> list[str]:
    """Return ``value`` as a list if it is a list or tuple of non-empty strings."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise invalid_value(name, value, "a list of words or phrases")
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise invalid_value(name, value, "a list of non-empty words or phrases")
    return list(value)

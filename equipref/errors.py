"""The exceptions equipref raises, all under one base.

::

    EquiprefError                      base of everything equipref raises on purpose
    ├── QuantityError (ValueError)     text that is not a valid "number unit" of the expected dimension
    ├── CatalogError (ValueError)      a catalog that does not validate; carries every Problem found
    ├── UnknownNameError (KeyError)    a system, weapon, munition, family or source that is not in the catalog
    └── UsageError (ValueError)        an argument the API or CLI cannot act on (bad policy, bad format...)
        └── SiteConflict               a file in ``docs --out DIR`` that equipref did not write, in the way

(`equipref.locations.NotReadable`, a file that is not a regular file or is too large, never leaves equipref:
the loader turns it into a catalog Problem. It stays there so that the fast start path imports nothing.)

Messages are built from structured fields so that callers can print them as they are: each says what was
given, where, and what was expected.
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = [
    "CatalogError",
    "EquiprefError",
    "Problem",
    "QuantityError",
    "SiteConflict",
    "UnknownNameError",
    "UsageError",
]


class EquiprefError(Exception):
    """Base class of every error equipref raises deliberately."""


class QuantityError(EquiprefError, ValueError):
    """A quantity text that cannot be accepted.

    ``text`` is what was given, ``reason`` what was wrong and ``expected`` what would have been accepted.
    """

    def __init__(self, text: object, reason: str, expected: str) -> None:
        self.text = text
        self.reason = reason
        self.expected = expected
        super().__init__(text, reason, expected)

    def __str__(self) -> str:
        shown = _short(self.text)
        return f"{shown}: {self.reason}; expected {self.expected}"


class Problem(NamedTuple):
    """One thing wrong in a catalog: the file, the field path inside it, the value and what was expected.

    (A named tuple rather than a dataclass: ``dataclasses`` costs the command line milliseconds at start.)
    """

    file: str
    field: str
    message: str
    value: Any = None
    has_value: bool = False

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        if self.has_value:
            return f"{where} = {_short(self.value)}: {self.message}"
        return f"{where}: {self.message}"


class CatalogError(EquiprefError, ValueError):
    """A catalog that does not validate. ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"the catalog has {n} problem{'s' if n != 1 else ''}:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class UnknownNameError(EquiprefError, KeyError):
    """A name that resolves to nothing in the catalog; ``suggestions`` holds the nearest known names."""

    def __init__(self, kind: str, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.name = name
        self.suggestions = suggestions
        super().__init__(kind, name, suggestions)

    def __str__(self) -> str:
        msg = f"no {self.kind} named {_short(self.name)} in the catalog"
        if self.suggestions:
            quoted = ", ".join(repr(s) for s in self.suggestions)
            msg += f"; did you mean {quoted}?"
        else:
            msg += f"; `equipref list` shows every {self.kind}" if self.kind == "system" else ""
        return msg


class UsageError(EquiprefError, ValueError):
    """An argument that cannot be acted on, with what would have been accepted."""


class SiteConflict(UsageError):
    """A file or folder in the output folder that equipref did not write, where it would write or delete."""


def check_type(value: object, types: type | tuple[type, ...], what: str, expected: str) -> None:
    """`UsageError` unless ``value`` is an instance of ``types`` (a bool is never taken for a number):
    the API refuses a wrong argument with the project's error, not an AttributeError from deep inside."""
    if not isinstance(value, types) or (
        isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,))
    ):
        raise UsageError(f"{what} must be {expected}, not {type(value).__name__} {_short(value)}")


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + " ..."

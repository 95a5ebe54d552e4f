"""Fitting text tables to a width: wrap long cells, never split a number from its unit.

`fit_columns` chooses a width per column so that a table, with its format's separators, fits in ``width``
characters; `wrap_cell` wraps one cell to its column. Columns shrink widest first, down to their longest word
(so words wrap whole); only when that is still too wide are words longer than 24 characters (URLs) broken,
never a shorter one (ids and names stay whole) nor a number and its unit (``130 km``, ``-2.5 mm``). A table
that cannot fit even so is for the caller to print another way (`equipref.render` prints it as records).

Widths are counted in terminal cells (`cells`): a Chinese or Japanese character takes two, a combining mark
none. The count comes from the standard library's Unicode tables, not the optional wcwidth, so the same catalog
and command give the same bytes on every machine; `equipref.render` pads cells by the same count.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Sequence

__all__ = ["cells", "fit_columns", "overhead", "wrap_cell", "wrap_text"]

_NBSP = "\u00a0"
#: A number followed by a unit symbol: the space between them is held with a no-break space while wrapping.
_NUMBER_UNIT = re.compile(r"(?<=\d) (?=(?:mm|cm|m|km|t|kg|lb|in|ft|yd|mi|nmi|g)\b)")
#: A word that is an address (optionally in brackets): never broken, in a paragraph.
_URL = re.compile(r"[(<\[]?[a-z][a-z0-9+.-]*://", re.I)
#: The narrowest a column is ever made (it may be narrower when nothing in it is longer).
_FLOOR = 6
#: Words up to this long are never broken (a grade, a name, a source id): only URLs and the like are.
_WHOLE = 24

#: Characters a format puts around and between cells: (left edge, between two cells, right edge).
_SEPARATORS: dict[str, tuple[int, int, int]] = {
    "plain": (0, 2, 0),
    "simple": (0, 2, 0),
    "grid": (2, 3, 2),
    "simple_grid": (2, 3, 2),
    "rounded_grid": (2, 3, 2),
    "heavy_grid": (2, 3, 2),
    "mixed_grid": (2, 3, 2),
    "double_grid": (2, 3, 2),
    "fancy_grid": (2, 3, 2),
    "psql": (2, 3, 2),
    "outline": (2, 3, 2),
    "simple_outline": (2, 3, 2),
    "rounded_outline": (2, 3, 2),
    "heavy_outline": (2, 3, 2),
    "mixed_outline": (2, 3, 2),
    "double_outline": (2, 3, 2),
    "fancy_outline": (2, 3, 2),
}


#: What textwrap breaks at: ASCII whitespace only, so the no-break space that holds a number to its unit holds.
_SPACES = re.compile(r"[\t\n\x0b\x0c\r ]+")
#: Characters a terminal draws with no width of their own, besides combining marks.
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def cells(text: str) -> int:
    """Terminal cells ``text`` takes on one line: two for a wide or full-width character, none for a combining
    mark or a zero-width one, one for any other."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(ch) or ch in _ZERO_WIDTH else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _split_cells(word: str, room: int) -> tuple[str, str]:
    """The longest head of ``word`` that fits in ``room`` cells (at least one character), and the rest."""
    used = 0
    for i, ch in enumerate(word):
        used += cells(ch)
        if used > room and i:
            return word[:i], word[i:]
    return word, ""


def _wrap(text: str, width: int, first: str = "", rest: str = "", break_long: bool = True) -> list[str]:
    """``textwrap.wrap`` by cells: the same lines wherever every character takes one cell (then it is used)."""
    if cells(text) == len(text) and cells(first) == len(first) and cells(rest) == len(rest):
        return textwrap.wrap(
            text, width, initial_indent=first, subsequent_indent=rest, break_long_words=break_long,
            break_on_hyphens=False,
        )
    lines: list[str] = []
    line, used, empty = first, cells(first), True
    for word in _SPACES.split(text):
        if not word:
            continue
        size = cells(word)
        if size <= width - used - (0 if empty else 1):
            line, used, empty = line + ("" if empty else " ") + word, used + size + (0 if empty else 1), False
            continue
        if not empty:
            lines.append(line)
            line, used, empty = rest, cells(rest), True
        while break_long and size > width - used:
            head, word = _split_cells(word, width - used)
            lines.append(line + head)
            line, used, size = rest, cells(rest), cells(word)
        line, used, empty = line + word, used + size, not word
    if not empty:
        lines.append(line)
    return lines


def overhead(fmt: str, columns: int) -> int | None:
    """Characters ``fmt`` adds to a row of ``columns`` cells, or None when it cannot wrap cells."""
    seps = _SEPARATORS.get(fmt)
    if seps is None or columns == 0:
        return None
    left, between, right = seps
    return left + right + between * (columns - 1)


def _glued(text: str) -> str:
    return _NUMBER_UNIT.sub(_NBSP, text)


def _longest(text: str, pattern: str = r"[^ \t]+") -> int:
    return max((cells(t) for line in text.splitlines() for t in re.findall(pattern, _glued(line))), default=0)


def fit_columns(rows: Sequence[Sequence[str]], space: int) -> list[int]:
    """A width per column so that they add up to at most ``space`` where possible (see the module doc)."""
    count = max((len(r) for r in rows), default=0)
    natural = [max((cells(line) for r in rows for line in (r[i] or "").splitlines()), default=0) for i in range(count)]
    words = [max((_longest(r[i] or "") for r in rows), default=0) for i in range(count)]
    held = [
        max((_longest(r[i] or "", r"[^ \t]*\d" + _NBSP + r"[^ \t]+") for r in rows), default=0) for i in range(count)
    ]
    widths = list(natural)
    # Words first: shrink the widest column a character at a time, down to its longest word; then, if that
    # is still too wide, down to its longest number-and-unit (or the floor), breaking longer words.
    for floors in (
        [min(n, max(w, 1)) for n, w in zip(natural, words, strict=True)],
        [min(n, max(h, min(w, _WHOLE), _FLOOR)) for n, h, w in zip(natural, held, words, strict=True)],
    ):
        excess = sum(widths) - space
        while excess > 0:
            shrinkable = [i for i in range(count) if widths[i] > floors[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: (widths[i], -i))
            widths[widest] -= 1
            excess -= 1
        if excess <= 0:
            break
    return widths


def wrap_cell(text: str, width: int) -> str:
    """``text`` wrapped to ``width``: at spaces, never between a number and its unit; a word longer than the
    width is broken (only URLs and ids are, in practice)."""
    if width <= 0:
        return text
    lines = []
    for line in (text or "").splitlines() or [""]:
        if cells(line) <= width:
            lines.append(line)
            continue
        wrapped = _wrap(_glued(line), width)
        lines += [w.replace(_NBSP, " ") for w in wrapped] or [""]
    return "\n".join(lines)


def wrap_text(text: str, width: int | None, first: str = "", rest: str = "") -> str:
    """A paragraph (a title, a legend, a bullet) wrapped to ``width`` with the given line prefixes; a URL
    longer than a line is given a line of its own, whole, rather than split."""
    if width is None:
        return first + text
    space = max(width, cells(first) + _FLOOR)
    # A URL split across lines can be neither clicked nor copied: one too long for the line overflows it.
    long_words = [w for w in text.split() if cells(w) > space - cells(rest)]
    whole = bool(long_words) and all(_URL.match(w) for w in long_words)
    wrapped = _wrap(_glued(text), space, first, rest, break_long=not whole)
    return "\n".join(w.replace(_NBSP, " ") for w in wrapped) or first.rstrip()

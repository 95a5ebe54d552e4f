"""How wide the reader's screen is: the one answer every command that prints text fits its lines to.

``COLUMNS`` when set, else the width of the terminal standard output is; None (do not wrap: one line per row,
for ``grep``) when standard output is a pipe or a file and no ``COLUMNS`` says otherwise.

The answer cache (`equipref.cache`) runs a command with ``sys.stdout`` pointed at a buffer; the buffer answers
``isatty`` and ``fileno`` for the stream it stands in for, so a command asks the same question cached or not.
Only ``os`` and ``sys`` are imported: the cache asks this on every call, replayed answers included.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing's: the cached path imports neither typing nor collections.abc
if TYPE_CHECKING:
    from typing import TextIO

__all__ = ["output_width", "screen_columns"]


def _columns_variable() -> int:
    try:
        return max(int(os.environ.get("COLUMNS", "0")), 0)
    except ValueError:
        return 0


def output_width(stream: TextIO | None = None) -> int | None:
    """The width text written to ``stream`` (default: ``sys.stdout``) is fitted to, or None for no fitting."""
    columns = _columns_variable()
    if columns:
        return columns
    out = sys.stdout if stream is None else stream
    try:
        if out is not None and out.isatty():
            return os.get_terminal_size(out.fileno()).columns or None
    except (AttributeError, ValueError, OSError):
        pass
    return None


def screen_columns() -> int:
    """``COLUMNS``, else the terminal's width, else 80: for text that is wrapped even in a pipe (``--help``)."""
    columns = _columns_variable()
    if not columns:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80

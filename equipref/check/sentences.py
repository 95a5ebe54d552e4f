"""Sentences and paragraphs of running text, found in one pass (linear in the length of the text)."""

from __future__ import annotations

import re
from typing import Final

from equipref.check.language import vocabulary

__all__ = ["MAX_SENTENCE", "sentences"]

# A capital of either alphabet (Russian sentences start with А-Я), a digit or a hanzi may start a sentence.
_END_RE: Final = re.compile(
    r"(?<=[.!?])[\"”’)\]]{0,3}[ \t\u00a0]+(?=[\"“‘«(\[]?[A-Z0-9\u0410-\u042f\u0401\u4e00-\u9fff])|(?<=[。！？；])"
)
# "weighs 62 t. The ...": a one-letter word after a number is a unit symbol, not an initial ("J. Smith").
_UNIT_BEFORE_RE: Final = re.compile(r"\d[ \u00a0]?\w\.?$")
_ABBREVIATIONS: Final = vocabulary().abbreviations
_TERMINAL: Final = tuple('.!?。！？；:："”)')


def sentences(text: str) -> tuple[tuple[int, int, int], ...]:
    """The sentences of ``text`` as ``(start, end, paragraph)``, in order; linear in the length of the text.

    A blank line starts a paragraph. A line break ends a sentence when the line is short (a heading, a caption,
    a ``Caliber: 122mm`` line of a specification list) or ends in punctuation; a long line that stops mid-sentence
    runs on into the next (hard-wrapped text). Inside a line, sentences end at ``.``, ``!`` or ``?`` followed by a
    capital or digit (not after ``U.S.``, ``approx.`` or an initial), and after ``。``, ``！``, ``？`` and ``；``.

    >>> text = "The PHL-16 is new. It fires 370 mm rockets.\\n\\nCaliber: 122mm\\nWeight: 16 t"
    >>> [text[a:b] for a, b, _ in sentences(text)]
    ['The PHL-16 is new.', 'It fires 370 mm rockets.', 'Caliber: 122mm', 'Weight: 16 t']
    """
    out: list[tuple[int, int, int]] = []
    paragraph = 0
    segment_start: int | None = None
    position = 0
    blank = False
    for line in text.splitlines(keepends=True):
        start, end = position, position + len(line.rstrip("\r\n"))
        position += len(line)
        stripped = line.strip()
        if not stripped:
            if segment_start is not None:
                _split(text, segment_start, start, paragraph, out)
                segment_start = None
            blank = True
            continue
        if blank and out:
            paragraph += 1
        blank = False
        if segment_start is None:
            segment_start = start
        if len(stripped) < 60 or stripped.endswith(_TERMINAL):
            _split(text, segment_start, end, paragraph, out)
            segment_start = None
    if segment_start is not None:
        _split(text, segment_start, len(text), paragraph, out)
    return tuple(out)


def _split(text: str, start: int, end: int, paragraph: int, out: list[tuple[int, int, int]]) -> None:
    begin = start
    for m in _END_RE.finditer(text, start, end):
        before = text[max(begin, m.start() - 12) : m.start()].rstrip('"”’)]').rstrip(".")
        word = re.split(r"[\s(\"“]", before)[-1].casefold()
        initial = len(word) == 1 and word.isalpha() and not _UNIT_BEFORE_RE.search(before + ".")
        if word in _ABBREVIATIONS or initial:
            continue
        _add(text, begin, m.start(), paragraph, out)
        begin = m.end()
    _add(text, begin, end, paragraph, out)


#: A "sentence" longer than this is cut at a space: real sentences are shorter, and attribution looks at a
#: sentence's names once per figure, so its cost must not grow with a text that never ends a sentence.
MAX_SENTENCE: Final = 800


def _add(text: str, start: int, end: int, paragraph: int, out: list[tuple[int, int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        out.append((start, cut, paragraph))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append((start, end, paragraph))

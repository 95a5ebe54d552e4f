"""Counts prose writes without a counted noun: ``18 ZBL-09 IFVs``, ``600 Type 99s``, ``more than 1,000 such``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from equipref.check.mentions import Mention
from equipref.check.language import cue_alternation
from equipref.check.numbers import NUMBER, WORD_ALT, number
from equipref.check.quantities import ProseQuantity, make
from equipref.check.spans import Spans

__all__ = ["counts_of_names"]

_BARE_NUMBER_RE: Final = re.compile(
    r"(?i)(?P<hedge>more than|over|about|some|at least|nearly|almost|around|approximately)\s+"
    r"(?P<num>\d{1,3}(?:,\d{3}){1,3}|\d{2,6})(?![\d,.]|\s*(?:%|percent|per cent|million|billion|thousand)|[A-Za-z])"
)
# A number just before a name, in digits or any language's number words ("восемь БМП-3", "20 000 БМП-2").
_NUMBER_BEFORE_RE: Final = re.compile(rf"(?<![A-Za-z0-9.,/\-\u0400-\u04ff])(?P<num>{NUMBER})[ \u00a0]$")
_BARE_COUNT_RE: Final = re.compile(
    rf"(?i)(?<![\w.,/\-])(?P<num>\d{{1,5}}|(?:{WORD_ALT})\b)[ \u00a0]+(?:{cue_alternation('bare_count_after')})\b"
)
_SUCH_VEHICLES_RE: Final = re.compile(
    r"(?i)\b(?:such|these|those)\b[^.]{0,40}\b(?:vehicles|tanks|guns|howitzers|launchers|machines|systems)\b"
)


def counts_of_names(
    text: str,
    sentence_spans: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    quantities: Sequence[ProseQuantity],
) -> list[ProseQuantity]:
    """Numbers written just before a name (a count of it), numbers whose words say they count the system
    (``the first 40 were built``, ``30 of the tanks``), and bare numbers in a sentence about ``such`` vehicles."""
    out: list[ProseQuantity] = []
    taken = Spans([(q.start, q.end) for q in quantities] + [(m.start, m.end) for m in mentions])
    for m in mentions:
        window = text[max(0, m.start - 24) : m.start]
        found = _NUMBER_BEFORE_RE.search(window)
        if found is None:
            continue
        start = m.start - len(window) + found.start("num")
        value, readings = number(found["num"])
        if not value.is_integer():
            continue  # "the 1.5 T-90": no count
        if found["num"].isdigit() and 1800 <= value <= 2100:
            continue  # "in 2019 PCL-181s...": a year
        if taken.overlaps(start, m.start):
            continue
        q = make(text, start, m.start - 1, "count", value, noun="vehicles", readings=readings, precision=0.0)
        out.append(q.model_copy(update={"readings": (*q.readings, f"a count of {m.text}")}))
    for s_start, s_end in sentence_spans:
        for found in _BARE_COUNT_RE.finditer(text, s_start, s_end):
            start, end = found.span("num")
            value, readings = number(found["num"])
            if taken.overlaps(start, end) or (found["num"].isdigit() and 1800 <= value <= 2100):
                continue
            # No noun is written: the words say the number counts the system itself (`fields`: numbers).
            q = make(text, start, end, "count", value, noun="the system", readings=readings, precision=0.0)
            out.append(q.model_copy(update={"readings": (*q.readings, "a count of the system the text is about")}))
        sentence = text[s_start:s_end]
        if not _SUCH_VEHICLES_RE.search(sentence):
            continue
        for found in _BARE_NUMBER_RE.finditer(sentence):
            start, end = s_start + found.start("num"), s_start + found.end("num")
            if taken.overlaps(start, end):
                continue
            value, readings = number(found["num"])
            if found["num"].isdigit() and 1800 <= value <= 2100:
                continue
            out.append(make(text, start, end, "count", value, noun="vehicles", readings=readings, precision=0.0))
    return out

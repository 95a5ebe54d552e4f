"""The text as the later stages see it: sentences, each with its names and quantities, and what a figure is about.

`Document.build` runs the reading stages (sentences, quantities, names, counts written against names) and
files each name and quantity under its sentence, so that every later stage looks only within one sentence
(or its neighbours) and its cost stays linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from equipref.check.counts import counts_of_names
from equipref.check.mentions import Mention
from equipref.check.quantities import ProseQuantity
from equipref.check.sentences import sentences
from equipref.check.spans import Spans

__all__ = ["Document", "Subject", "Target", "TextSentence"]

# A comma before a digit separates thousands or decimals ("1,500 hp", "46,5 тонны"), not clauses.
_CLAUSE_BREAK_RE: Final = re.compile(r",(?!\d)|[;:()（），；：]|\s[-–—]\s|\b(?:whereas|while|but)\b")


@dataclass
class Target:
    """What a quantity is about: a catalog entry, a name the catalog lacks, or several that fit equally."""

    kind: Literal["system", "weapon", "munition", "unknown", "ambiguous", "unnamed"]
    id: str | None = None
    name: str = ""
    named_as: str = ""
    candidates: tuple[Target, ...] = ()

    @classmethod
    def of(cls, m: Mention) -> Target:
        return cls(kind=m.kind, id=m.id, name=m.name, named_as=m.text)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id or self.name}"


@dataclass
class Subject:
    """What a sentence is about, how many sentences ago that was said (``age``), and how it was decided."""

    target: Target | None
    age: int = 0
    how: str = ""


@dataclass
class TextSentence:
    index: int
    start: int
    end: int
    paragraph: int
    mentions: list[Mention] = field(default_factory=list)
    comparators: dict[int, int] = field(default_factory=dict)  # mention index -> where its comparison begins
    subject: Subject | None = None


class Document:
    """A text's sentences with their names and quantities (numbers inside a name are part of the name)."""

    def __init__(self, text: str, mentions: Sequence[Mention], quantities: Sequence[ProseQuantity]) -> None:
        self.text = text
        self.mentions = list(mentions)
        self.sentences = [TextSentence(i, a, b, p) for i, (a, b, p) in enumerate(sentences(text))]
        for m in self.mentions:
            s = self.sentence_at(m.start)
            if s is not None:
                s.mentions.append(m)
        # Numbers inside a name (Type 99, 9M55, Fire Dragon 480) are part of the name, not quantities.
        names = Spans((m.start, m.end) for m in self.mentions)
        kept = [q for q in quantities if not names.overlaps(q.start, q.end)]
        extra = counts_of_names(text, [(s.start, s.end) for s in self.sentences], self.mentions, kept)
        self.quantities = sorted(kept + extra, key=lambda q: (q.start, q.end))
        self.in_sentence: dict[int, list[ProseQuantity]] = {}
        for q in self.quantities:
            found = self.sentence_at(q.start)
            if found is not None:
                self.in_sentence.setdefault(found.index, []).append(q)

    def sentence_at(self, position: int) -> TextSentence | None:
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].end <= position:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.sentences) and self.sentences[lo].start <= position < self.sentences[lo].end:
            return self.sentences[lo]
        return None

    def clause(self, s: TextSentence, q: ProseQuantity) -> tuple[int, int]:
        """The clause of ``s`` that holds ``q``: between the punctuation or conjunctions either side of it."""
        start, end = s.start, s.end
        for m in _CLAUSE_BREAK_RE.finditer(self.text, s.start, s.end):
            if m.end() <= q.start:
                start = m.end()
            elif m.start() >= q.end:
                end = m.start()
                break
        return start, end

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return " ".join(self.text[s.start : s.end].split())

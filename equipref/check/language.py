"""What the checker knows of English, Russian and Chinese, read from the data files in ``lang/``.

Every stage that needs a word list asks `vocabulary()`; the lists themselves live in ``lang/{en,ru,zh}.toml``
(and the gazetteer of other armies' systems in ``lang/foreign.toml``), each entry with examples in
``tests/spec/``. The three languages are merged: articles mix scripts (a Chinese text writes ``PHL-16`` and
``km``, a Russian one ``MLRS``), so every pattern tries every language's words.

A cue is compiled into one regular expression: Latin entries are matched as whole words, Cyrillic ones as
word starts (stems such as ``дальност``), Chinese ones anywhere. Entries may use bounded regular-expression
syntax of our own; text from an article never becomes a pattern.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

__all__ = ["LANGUAGES", "Vocabulary", "cue", "vocabulary"]

LANGUAGES: Final = ("en", "ru", "zh")
_HERE: Final = Path(__file__).resolve().parent / "lang"


@dataclass(frozen=True)
class Vocabulary:
    """The merged word lists of every language (see ``lang/en.toml`` for what each one is)."""

    units: tuple[tuple[str, str, str, str], ...]
    case_sensitive: frozenset[str]
    case_variants: frozenset[str]
    numbers: dict[str, int]
    numerals: dict[str, int]
    hedges: dict[str, str]
    hedges_after: dict[str, str]
    count_nouns: dict[str, tuple[str, ...]]
    counters: dict[str, str]
    abbreviations: frozenset[str]
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    foreign: tuple[dict[str, Any], ...] = ()


def _load(name: str) -> dict[str, Any]:
    with open(_HERE / f"{name}.toml", "rb") as handle:
        return tomllib.load(handle)


@functools.cache
def vocabulary() -> Vocabulary:
    """Every language's lists, merged in the order of `LANGUAGES` (read once per process)."""
    units: list[tuple[str, str, str, str]] = []
    case_sensitive: set[str] = set()
    case_variants: set[str] = set()
    numbers: dict[str, int] = {}
    numerals: dict[str, int] = {}
    hedges: dict[str, str] = {}
    hedges_after: dict[str, str] = {}
    count_nouns: dict[str, list[str]] = {}
    counters: dict[str, str] = {}
    abbreviations: set[str] = set()
    cues: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        data = _load(lang)
        for row in data.get("units", ()):
            spelling, unit, kind, *reading = row
            units.append((spelling, unit, kind, reading[0] if reading else ""))
        case_sensitive.update(data.get("case_sensitive", ()))
        case_variants.update(data.get("case_variants", ()))
        numbers.update(data.get("numbers", {}))
        numerals.update(data.get("numerals", {}))
        hedges.update(data.get("hedges", {}))
        hedges_after.update(data.get("hedges_after", {}))
        for group, nouns in data.get("count_nouns", {}).items():
            count_nouns.setdefault(group, []).extend(nouns)
        counters.update(data.get("counters", {}))
        abbreviations.update(data.get("sentences", {}).get("abbreviations", ()))
        for name, words in data.get("cues", {}).items():
            cues.setdefault(name, []).extend(words)
    return Vocabulary(
        units=tuple(units),
        case_sensitive=frozenset(case_sensitive),
        case_variants=frozenset(case_variants | {s for s, *_ in units}),
        numbers=numbers,
        numerals=numerals,
        hedges=hedges,
        hedges_after=hedges_after,
        count_nouns={group: tuple(nouns) for group, nouns in count_nouns.items()},
        counters=counters,
        abbreviations=frozenset(abbreviations),
        cues={name: tuple(words) for name, words in cues.items()},
        foreign=tuple(_load("foreign").get("system", ())),
    )


_LATIN: Final = re.compile(r"[A-Za-z]")
_CYRILLIC: Final = re.compile(r"[\u0400-\u04ff]")


def _bounded(entry: str) -> str:
    if _CYRILLIC.match(entry):
        return rf"(?<![\w]){entry}"
    if _LATIN.match(entry):
        return rf"\b{entry}\b"
    return entry


def cue_alternation(name: str) -> str:
    """Cue ``name`` as an alternation (no group), each entry bounded as its script asks."""
    words = vocabulary().cues.get(name, ())
    return "|".join(_bounded(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def cue(name: str, tail: str = "") -> re.Pattern[str]:
    """Cue ``name`` compiled case-insensitively, followed by ``tail`` (such as ``[^.;]{0,60}$``)."""
    return re.compile(rf"(?i)(?:{cue_alternation(name)}){tail}")

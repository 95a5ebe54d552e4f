"""Finding the catalog's systems, weapons and munitions named in running text, and names it does not know.

A name matches whatever the case, hyphens and spacing (``PHL03``, ``Tornado S``, ``the Type 99``, ``ztz-99a``)
but never inside another word or designation (``T-90`` is not found in ``T-90M`` unless that is a name too, and
``99A`` is not found in ``ZTZ99A``). Names written only in letters (``Grad``, ``Sandstorm``) must be written
with their capital, so ordinary words do not match. Designations the catalog does not hold (``PLZ-05``, ``Y-20``,
``M1``, ``Type 15``) are found too, as ``unknown`` mentions: a number next to them is not the catalog's business,
and the name is worth listing so the catalog can grow.

Matching walks the text's letter and digit runs once and looks each run up in a table of names by their first
run, so its cost grows with the length of the text, not with the number of names.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final, Literal

from pydantic import BaseModel, ConfigDict

from equipref.check.language import vocabulary
from equipref.names import normalize_name
from equipref.scripts import fold_characters

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = ["Mention", "find_mentions"]

MentionKind = Literal["system", "weapon", "munition", "unknown"]


class Mention(BaseModel):
    """A name found in the text: where, as written, and what it names (``id`` is None for an unknown name)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    start: int
    end: int
    text: str
    kind: MentionKind
    id: str | None = None
    name: str

    @property
    def known(self) -> bool:
        return self.kind != "unknown"


# Letters of any alphabetic script (a word mixing Latin and Cyrillic look-alikes is one run), or digits; CJK
# names are found apart, since Chinese writes no spaces between words.
_RUN_RE: Final = re.compile(r"[^\W\d_\u3000-\u9fff\uf900-\ufaff]+|\d+")
# Every dash Unicode has (its category Pd: hyphens, en and em dashes, the small and full-width forms...) and
# the minus sign may join the parts of a name, as may a space or an underscore.
_DASHES: Final = (
    "\u002d\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a\u2e3b\u2e40"
    "\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead\u2212"
)
_SEPARATORS: Final = frozenset(" \u00a0_" + _DASHES)
_ALNUM: Final = re.compile(r"[A-Za-z0-9\u0400-\u04ff]")
_CJK: Final = re.compile(r"[\u3000-\u9fff\uf900-\ufaff]")
# Designations the catalog may not hold: letters and a number (PLZ-05, Y-20, M1, T-72B, ZTL 11), a GRAU-style
# index (2S19, 9M55), or "Type 15". Bounded repetitions only.
# Capitals of either alphabet: Russian writes its own designations in Cyrillic (Т-84, БТР-4, 2С22).
_UNKNOWN_RE: Final = re.compile(
    r"(?<![A-Za-z0-9\-/.\u0400-\u04ff])(?:Type[ \u00a0\-]?\d{2,3}[A-Z]{0,2}"
    r"|[A-ZА-ЯЁ]{1,4}-?\d{1,4}[A-ZА-ЯЁ]{0,3}\d{0,2}"
    r"|[A-Z]{2,4}[ \u00a0]\d{2,4}[A-Z]?|\d[A-ZА-ЯЁ]\d{1,3}[A-ZА-ЯЁ]{0,2}\d?)(?:['’]?s)?(?![A-Za-z0-9\-\u0400-\u04ff])"
)
# Not equipment: barrel lengths, wheel arrangements, calendar and organisational codes.
_NOT_EQUIPMENT: Final = re.compile(r"^(?:L\d\d|[QH]\d|G\d+|COVID.*|CCTV.*|UTC.*|GMT.*|ISO.*|WWI+|No.*|AD\s.*)$")


class _Name:
    __slots__ = ("id", "kind", "name", "runs", "spoken")

    def __init__(
        self, runs: tuple[str, ...], kind: MentionKind, entry_id: str | None, name: str, spoken: str
    ) -> None:
        self.runs = runs
        self.kind = kind
        self.id = entry_id
        self.name = name
        self.spoken = spoken  # the alias as written, for the capital-letter rule of letter-only names


class _Index:
    def __init__(self, catalog: Catalog) -> None:
        self.by_runs: dict[tuple[str, ...], list[_Name]] = {}
        self.cjk: list[tuple[str, _Name]] = []
        seen: set[tuple[str, MentionKind]] = set()
        entries: list[tuple[MentionKind, str | None, str, Iterable[str]]] = []
        for system in catalog.systems():
            entries.append(("system", system.id, system.name, (system.id, *system.names)))
        for weapon in catalog.weapons:
            entries.append(("weapon", weapon.id, weapon.name, weapon.names))
        for munition in catalog.munitions:
            entries.append(("munition", munition.id, munition.name, munition.names))
        # Other armies' systems (lang/foreign.toml) come last: a spelling the catalog holds stays the catalog's.
        for other in vocabulary().foreign:
            entries.append(("unknown", None, other["name"], (other["name"], *other.get("aliases", ()))))
        known: set[str] = set()
        for kind, entry_id, name, spellings in entries:
            for spelling in spellings:
                if kind in ("weapon", "munition") and not _designation_like(spelling):
                    continue  # "PHL-16 300 mm five-round pod" describes a weapon; prose never writes it so
                key = normalize_name(spelling)
                if len(key) < 2 or (key, kind) in seen or (kind == "unknown" and key in known):
                    continue
                seen.add((key, kind))
                known.add(key)
                if _CJK.search(spelling):
                    self.cjk.append((fold_characters(spelling), _Name((), kind, entry_id, name, spelling)))
                    continue
                runs = tuple(_fold(r) for r in _RUN_RE.findall(spelling))
                if not runs:
                    continue
                self.by_runs.setdefault(runs, []).append(_Name(runs, kind, entry_id, name, spelling))
        rank = {"system": 0, "weapon": 1, "munition": 2, "unknown": 3}
        lengths: dict[str, set[int]] = {}
        for runs, names in self.by_runs.items():
            names.sort(key=lambda n: rank[n.kind])  # systems before weapons of the same spelling (D-30)
            lengths.setdefault(runs[0], set()).add(len(runs))
        # Longest names first (T-90M before T-90): each length is one look-up of exactly those runs, so a
        # catalog of a thousand "System n" costs the same per mention as one of ten.
        self.lengths = {first: sorted(found, reverse=True) for first, found in lengths.items()}


def _designation_like(spelling: str) -> bool:
    return "(" not in spelling and not re.search(r"\d\s?mm\b|毫米|\bmm\b", spelling) and len(spelling) <= 40


def _index(catalog: Catalog) -> _Index:
    return catalog.derived(_Index)


def find_mentions(text: str, catalog: Catalog) -> tuple[Mention, ...]:
    """Every catalog name and unknown designation in ``text``, in order, longest match first, never overlapping.

    Callers bound ``text`` (``check_text`` refuses more than `equipref.check.quantities.MAX_TEXT` characters).
    """
    index = _index(catalog)
    original, text = text, fold_characters(text)  # the same offsets: full-width forms plain, hanzi simplified
    runs = [(m.start(), m.end(), m.group(0)) for m in _RUN_RE.finditer(text)]
    found: list[Mention] = []
    taken_until = -1
    for i, (start, _end, first) in enumerate(runs):
        if start < taken_until or (start > 0 and _ALNUM.match(text, start - 1)):
            continue
        candidates = (
            name
            for k in index.lengths.get(_fold(first), ())
            for name in index.by_runs.get(tuple(_fold(r[2]) for r in runs[i : i + k]), ())
        )
        for name in candidates:
            end = _match_runs(text, runs, i, name.runs)
            if end is None or not _capital_ok(text[start:end], name.spoken):
                continue
            if name.kind == "unknown" and name.runs[-1].isdigit():
                end = _variant_end(text, end)  # "Leopard 2A6", "Challenger 2E": the foreign name's variant
            end = _plural_end(text, end)
            if end is None:
                continue
            found.append(
                Mention.model_construct(
                    start=start, end=end, text=original[start:end], kind=name.kind, id=name.id, name=name.name
                )
            )
            taken_until = end
            break
    starts = [f.start for f in found]  # sorted and non-overlapping, so one look on each side is enough

    def free(start: int, end: int) -> bool:
        i = bisect.bisect_left(starts, end)
        return i == 0 or found[i - 1].end <= start

    def keep(mention: Mention) -> None:
        i = bisect.bisect_left(starts, mention.start)
        starts.insert(i, mention.start)
        found.insert(i, mention)

    for spelling, name in index.cjk:
        for m in re.finditer(re.escape(spelling), text):
            if free(m.start(), m.end()):
                keep(
                    Mention.model_construct(
                        start=m.start(),
                        end=m.end(),
                        text=original[m.start() : m.end()],
                        kind=name.kind,
                        id=name.id,
                        name=name.name,
                    )
                )
    for m in _UNKNOWN_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        bare = re.sub(r"(?<=\d)s$|['’]s$", "", m.group(0))
        if _NOT_EQUIPMENT.match(bare):
            continue
        keep(
            Mention.model_construct(
                start=m.start(), end=m.end(), text=original[m.start() : m.end()], kind="unknown", name=bare
            )
        )
    return tuple(found)


def _match_runs(text: str, runs: list[tuple[int, int, str]], i: int, want: tuple[str, ...]) -> int | None:
    """The end of the text matching ``want`` run by run from run ``i``, with at most one separator between runs."""
    if i + len(want) > len(runs):
        return None
    end = runs[i][0]
    for k, expected in enumerate(want):
        start, stop, got = runs[i + k]
        if _fold(got) != expected:
            return None
        gap = text[end:start]
        if k and (len(gap) > 1 or (gap and gap not in _SEPARATORS)):
            return None
        end = stop
    return end


@functools.lru_cache(maxsize=4096)
def _fold(run: str) -> str:
    """A run as names are compared (`equipref.names.normalize_name`): ``Т`` in Cyrillic finds ``T``."""
    return normalize_name(run)


def _plural_end(text: str, end: int) -> int | None:
    """Where a name ends once a plural or possessive ``s`` is taken in; None if it runs on into a word."""
    m = re.compile(r"['’]?s(?![A-Za-z0-9\u0400-\u04ff])").match(text, end)
    if m is not None:
        return m.end()
    if _ALNUM.match(text, end):
        return None
    return end


_VARIANT_RE: Final = re.compile(r"[A-Z]{1,2}\d{0,2}(?![A-Za-z0-9])")


def _variant_end(text: str, end: int) -> int:
    found = _VARIANT_RE.match(text, end)
    return found.end() if found else end


def _capital_ok(written: str, spoken: str) -> bool:
    """Names in letters only must keep their capital (``Grad`` is a name, ``grad`` a word)."""
    if any(ch.isdigit() for ch in spoken) or not spoken[:1].isupper():
        return True
    return written[:1].isupper()

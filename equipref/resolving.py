"""Which catalog system a free-text model name means, as loss trackers and datasets write them.

``"T-72B3 Obr. 2016"``, ``"152mm 2S19 Msta-S"``, ``"103 122mm BM-21 Grad"`` (a count glued on by a scraper),
``"BMP-2(K)"`` or ``"Т-72Б3 обр. 2016 г."`` each name one system; ``"9T452 transporter-loader (for BM-27
'Uragan' MRL)"`` names a vehicle that serves one, and ``"Unknown BTR-80/BTR-82A"`` two. `resolve` answers
with the system, the catalog name it matched and how it matched:

- ``exact``: the whole name is a catalog name (compared as `equipref.names.normalize_name` compares them);
- ``contained``: a catalog name stands in it, word for word, among words that do not change what it is
  (a caliber, a count, a nickname, "howitzer", "with ZU-23 AA gun");
- ``variant-of``: it names a model the catalog does not hold, and the catalog holds the one it derives
  from (``T-72B Obr. 1989``, ``2S3(M)``, ``BMP-2M``): the base is given, with a note saying so;
- ``ambiguous``: it names several catalog systems (``BTR-80/BTR-82A``): none is chosen;
- ``not in the catalog``: nothing, or a vehicle built on or for a catalog system rather than the system.

It never guesses: a name that does not spell out a catalog name word for word is not in the catalog. A
nickname alone (``Nona``, ``Grad``) does not stretch to a model it does not name (``2B16 Nona-K`` is another
gun), and a variant is only ever taken back to its base through a designation (``BM-21-1``, never
``Grad-1``). Names are compared through the catalog's own name index, so every alias the catalog gains, in
any script, is found here the same way `Catalog.system` finds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final, Literal

from pydantic import BaseModel, ConfigDict

from equipref.errors import check_type
from equipref.names import normalize_name

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.model import System

__all__ = ["Resolution", "Status", "resolve", "resolve_all"]

Status = Literal["exact", "contained", "variant-of", "ambiguous", "not in the catalog"]

#: The longest name `resolve` reads, in characters: a model name, not an article.
MAX_NAME: Final = 500
#: Words read from the start of a name; the rest is a description that names no other system.
_MAX_TOKENS: Final = 48

# Words are runs of letters and digits; a run of CJK ideographs is split into single characters, since
# Chinese writes a designation and the words around it with no space between ("解放軍99A主戰坦克").
_WORD_RE: Final = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
)
_YEAR_RE: Final = re.compile(r"^(19|20)\d\d$")
#: A caliber written in a name: "122mm", "152-mm", "300 мм" (a word of its own), "120毫米".
_CALIBER_RE: Final = re.compile(r"\d+([.,]\d+)?-?(mm|cm|мм|см|毫米|公厘|公釐)")
#: What a name writes as one designation: the text between spaces, brackets and quotes ("T-15", "2B17").
_CHUNK_RE: Final = re.compile(r"[^\s()\[\]'\"«»„“”‘’/,;]+")
#: A variant's letters glued to or hyphenated after a designation: ``2S3``+``M``, ``T-90A``+``K``, ``-1``.
_SUFFIX_RE: Final = re.compile(r"^([a-z]{1,3}\d{0,2}|\d[a-z]{0,2})$")

# Language knowledge as data (each entry has an example test in tests/test_resolve.py).
#: Words that introduce a model year: "obr. 2016" (обр., образца), "mod. 2016", "Mk. 2016", "arr. 1985".
_YEAR_WORDS: Final = frozenset({"obr", "mod", "model", "mk", "arr", "zr", "обр", "образца", "зр"})
#: The word the catalog writes model years with, so "T-72B3 Mk. 2016" finds "T-72B3 obr. 2016".
_CATALOG_YEAR_WORD: Final = "obr"
#: Words after which the rest of a name is equipment added to the vehicle ("2S1 with ZU-23 AA gun"), or
#: what the vehicle serves ("9T452 loader (for BM-27)"): names there are not the vehicle's.
_WITH_WORDS: Final = frozenset({"with", "carrying", "armed"})
_FOR_WORDS: Final = frozenset({"for", "для"})
#: Words that make a name a vehicle that serves or carries a system, not the system itself.
_ROLE_WORDS: Final = frozenset(
    {
        "loader",
        "reloader",
        "transloader",
        "transloading",
        "transporter",
        "tzm",
        "command",
        "ambulance",
        "recovery",
        "repair",
        "radar",
        "psyops",
        "observation",
        "observer",
        "direction",
        "decoy",
        "mockup",
        "based",
        "chassis",
        "hull",
        "turret",
    }
)
#: Words that offer alternatives ("BTR-80 or -82"): the source could not tell which.
_OR_WORDS: Final = frozenset({"or", "или", "або"})
#: Words that say the source could not tell the model.
_UNKNOWN_WORDS: Final = frozenset({"unknown", "unidentified", "неизвестный"})


class Resolution(BaseModel):
    """What one free-text model name resolved to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: The name as given.
    name: str
    status: Status
    #: The catalog system it means (the base, for ``variant-of``); None when ``ambiguous`` or not found.
    system: str | None = None
    system_name: str | None = None
    #: The catalog name that matched, as the catalog writes it.
    alias: str | None = None
    #: The systems an ``ambiguous`` name names, by id.
    candidates: tuple[str, ...] = ()
    note: str = ""

    @property
    def found(self) -> bool:
        """True when the name maps to one catalog system (``exact``, ``contained`` or ``variant-of``)."""
        return self.system is not None


class _Index:
    """The catalog's name index, with each normalized name's written form and the longest name in words."""

    def __init__(self, catalog: Catalog) -> None:
        self.ids = catalog.name_index()
        self.written: dict[str, str] = {}
        longest = 1
        for system in catalog.systems():
            for text in [system.name, *_names(system)[2:], system.id]:
                key = normalize_name(text)
                if self.ids.get(key) == system.id:
                    self.written.setdefault(key, text)
                longest = max(longest, len(_words(text)))
        self.longest = longest

    def lookup(self, words: Sequence[str]) -> str | None:
        key = normalize_name(" ".join(words)) if words else ""
        return key if key and key in self.ids else None


def _names(system: System) -> list[str]:
    return [system.id, *system.names]


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _fold(word: str) -> str:
    return word.casefold()


def resolve(name: str, catalog: Catalog | None = None) -> Resolution:
    """The catalog system ``name`` means, how it was matched, or that the catalog does not hold it.

    >>> resolve("152mm 2S19 Msta-S").system
    '2s19'
    >>> resolve("T-72B Obr. 1989").status, resolve("T-72B Obr. 1989").system
    ('variant-of', 't-72b')
    >>> resolve("Unknown BTR-80/BTR-82A").status
    'ambiguous'
    """
    check_type(name, str, "a model name", "text such as 'T-72B3 Obr. 2016'")
    from equipref.catalog import catalog_or_default

    catalog = catalog_or_default(catalog)
    if len(name) > MAX_NAME:
        return Resolution(name=name, status="not in the catalog", note=f"longer than {MAX_NAME} characters")
    return _resolve(name, catalog, catalog.derived(_Index))


def resolve_all(names: Iterable[str], catalog: Catalog | None = None) -> list[Resolution]:
    """`resolve` for each name, in order (the catalog's index is built once)."""
    from equipref.catalog import catalog_or_default

    catalog = catalog_or_default(catalog)
    return [resolve(n, catalog) for n in names]


def _resolve(name: str, catalog: Catalog, index: _Index) -> Resolution:
    whole = normalize_name(name)
    if whole in index.ids:
        return _found(name, "exact", catalog, index, whole)
    found = list(_WORD_RE.finditer(name))[:_MAX_TOKENS]
    words = [m.group() for m in found]
    folded = [_fold(w) for w in words]

    def text(start: int, end: int) -> str:
        """Words ``start:end`` as the name writes them, with the bracket a suffix opened closed: ``BMP-2(K)``."""
        stop = found[end - 1].end()
        shown = name[found[start].start() : stop]
        return shown + ")" if shown.count("(") > shown.count(")") and name[stop : stop + 1] == ")" else shown

    head_end = next((i for i, w in enumerate(folded) if w in _WITH_WORDS or w in _FOR_WORDS), len(words))
    head, tail = words[:head_end], words[head_end:]
    served = _served(tail, folded[head_end:], index)

    spans = _spans(head, index)
    if not spans:
        glued = _glued(head, index)
        if glued is not None:
            start, end, key = glued
            return _variant(name, catalog, index, key, f"{text(start, end)} is not in the catalog")
        if served:
            return _none(name, f"equipment for {served}, not the system itself")
        return _none(name)

    systems: dict[str, list[tuple[int, int, str]]] = {}
    for span in spans:
        systems.setdefault(index.ids[span[2]], []).append(span)
    if len(systems) > 1:
        related = _one_family(catalog, systems)
        if related is None:
            return Resolution(
                name=name,
                status="ambiguous",
                candidates=tuple(sorted(systems)),
                note="names " + " and ".join(catalog.system(s).name for s in sorted(systems)),
            )
        systems = {related: systems[related]}
    ((system_id, matches),) = systems.items()
    # A designation says more than a nickname ("2S3(M) Akatsiya" is a 2S3M): read the first one there is.
    start, end, key = min(matches, key=lambda m: (not _has_digit(index.written[m[2]]), m[0]))
    matched = text(start, end)
    head_folded = [_fold(w) for w in head]

    # "Unknown BTR-D/BMD-2": the source could not tell which of the models it lists, even when the catalog holds
    # only one of them (the answer must not change when the catalog gains the other).
    unsure = any(w in _UNKNOWN_WORDS for w in head_folded) and "/" in name[: found[len(head) - 1].end()]
    if unsure or any(w in _OR_WORDS for w in head_folded):
        return Resolution(
            name=name,
            status="ambiguous",
            candidates=(system_id,),
            note=f"offers alternatives; only {catalog.system(system_id).name} is in the catalog",
        )
    if any(w in _ROLE_WORDS for w in head_folded):
        what = next(w for w in head_folded if w in _ROLE_WORDS)
        return _none(name, f"a vehicle that serves or carries the {index.written[key]} ('{what}'), not it")
    nickname = not _has_digit(index.written[key])
    if nickname:
        # A one-word nickname ("Nona", "Armata") is shared by a family: beside a designation the catalog does
        # not hold ("2B16 Nona-K", "T-15 Armata") it names another member. A designation of this very system
        # ("2S19M2 'Msta-S'") says which model it is.
        head_stop = found[len(head) - 1].end()
        outside = name[: found[start].start()] + " " + name[found[end - 1].end() : head_stop]
        for chunk in (c for c in _CHUNK_RE.findall(outside) if _designation_like(c)):
            glued = _glued(_words(chunk), index)
            if glued is not None and index.ids[glued[2]] == system_id:
                return _variant(name, catalog, index, glued[2], f"{chunk} is not in the catalog")
            if len(_words(index.written[key])) == 1:
                return _none(name, f"'{matched}' names a family; {chunk.strip('-')} is not in the catalog")

    after = head_folded[end : end + 2]
    marker = _marker(after)
    if marker:
        # A model year: the catalog may hold it under its own spelling ("T-72B3 Mk. 2016" = "obr. 2016").
        if len(marker) == 2:
            respelled = index.lookup([*head[start:end], _CATALOG_YEAR_WORD, marker[1]])
            if respelled is not None:
                return _found(name, "contained", catalog, index, respelled)
        model = text(start, end + len(marker))
        if nickname:
            return _none(name, f"'{model}' is not a catalog name")
        return _variant(name, catalog, index, key, f"{model} is not in the catalog")
    if any(w in _UNKNOWN_WORDS for w in head_folded):
        return _variant(name, catalog, index, key, "the source does not say which model")
    return _found(name, "contained", catalog, index, key)


def _spans(words: Sequence[str], index: _Index) -> list[tuple[int, int, str]]:
    """Every run of words that is a catalog name, keeping only those no longer matching run contains."""
    found = []
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + index.longest + 2) + 1):
            key = index.lookup(words[start:end])
            if key is not None:
                found.append((start, end, key))
    return [
        (s, e, k) for s, e, k in found if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, _ in found)
    ]


def _glued(words: Sequence[str], index: _Index) -> tuple[int, int, str] | None:
    """A designation with a variant's letters glued on (``2S3M``, ``T-90AK``, ``BMP-2M``): the longest
    catalog name whose last word starts the word, the rest being a suffix that starts with a letter (so
    ``2S19`` is never read as ``2S1`` + ``9``)."""
    best: tuple[int, int, str] | None = None
    for end in range(1, len(words) + 1):
        word = _fold(words[end - 1])
        for cut in range(len(word) - 1, 0, -1):
            stem, suffix = word[:cut], word[cut:]
            if not _SUFFIX_RE.match(suffix) or not suffix[0].isalpha() or not _has_digit(stem):
                continue
            for start in range(max(0, end - index.longest), end):
                key = index.lookup([*words[start : end - 1], stem])
                if key is not None and (best is None or len(key) > len(best[2])):
                    best = (start, end, key)
    return best


def _marker(after: Sequence[str]) -> list[str]:
    """The words right after a match that make it another model: a year ("obr. 1989") or a suffix ("K", "1")."""
    if len(after) == 2 and after[0] in _YEAR_WORDS and _YEAR_RE.match(after[1]):
        return list(after)
    if after and _SUFFIX_RE.match(after[0]) and after[0] not in _WITH_WORDS | _FOR_WORDS:
        return [after[0]]
    return []


def _designation_like(word: str) -> bool:
    """A word with both letters and digits that is not a caliber: ``2B16``, ``9P138``, ``9T452``."""
    folded = _fold(word)
    if _CALIBER_RE.fullmatch(folded):
        return False
    return _has_digit(folded) and any(c.isalpha() for c in folded)


def _served(words: Sequence[str], folded: Sequence[str], index: _Index) -> str:
    """The catalog name a "for ..." clause names, if any: what the equipment is for."""
    if not folded or folded[0] not in _FOR_WORDS:
        return ""
    spans = _spans(words[1:], index)
    return index.written[spans[0][2]] if spans else ""


def _one_family(catalog: Catalog, systems: dict[str, list[tuple[int, int, str]]]) -> str | None:
    """When the systems named lie on one variant chain ("T-90M, a T-90"), the most specific; else None."""
    chains = {s: _chain(catalog, s) for s in systems}
    deepest = max(chains, key=lambda s: (len(chains[s]), s))
    return deepest if all(s in chains[deepest] for s in systems) else None


def _chain(catalog: Catalog, system_id: str) -> list[str]:
    """``system_id`` and every base above it, nearest first."""
    chain = [system_id]
    base = catalog.base_of(system_id)
    while base is not None:
        chain.append(base.id)
        base = catalog.base_of(base)
    return chain


def _found(name: str, status: Status, catalog: Catalog, index: _Index, key: str) -> Resolution:
    system = catalog.system(index.ids[key])
    return Resolution(name=name, status=status, system=system.id, system_name=system.name, alias=index.written[key])


def _variant(name: str, catalog: Catalog, index: _Index, key: str, why: str) -> Resolution:
    system = catalog.system(index.ids[key])
    return Resolution(
        name=name,
        status="variant-of",
        system=system.id,
        system_name=system.name,
        alias=index.written[key],
        note=f"{why}; the catalog holds {system.name}",
    )


def _none(name: str, note: str = "") -> Resolution:
    return Resolution(name=name, status="not in the catalog", note=note)

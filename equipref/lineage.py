"""What a catalog's own files may say about lineage and grades, checked on the data alone.

A source may say that it repeats others (``retells = [...]`` with ``relation`` ``retells``, ``mirrors`` or
``relays``); one the catalog has not read itself (``read = false``) is known only through a source that retells
it. A source's grade (``reliability``, A to F on the Admiralty scale) is typed by hand under published rules,
except F (cannot be judged), which an unread source gets by rule. `lineage_problems` is what
``equipref validate`` enforces about all this. It works on the validated data (`CatalogData`), below the
`Catalog` that is built from it: what is derived from a loaded catalog (origins, confidence) is in
`equipref.provenance`, which reads these rules from here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from pydantic import BaseModel

from equipref.errors import Problem
from equipref.model import CatalogData, Source

__all__ = [
    "GRADES",
    "GRADE_CHECKS",
    "GRADE_NAMES",
    "GRADE_RULES",
    "SCALE_SOURCES",
    "UNJUDGED",
    "grade_rank",
    "lineage_problems",
    "repeated",
]


def repeated(sources: Mapping[str, Source], source_id: str) -> frozenset[str]:
    """Every source that ``source_id`` repeats, directly or through others (never itself, even in a cycle)."""
    seen: set[str] = set()
    todo = list(sources[source_id].retells) if source_id in sources else []
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in sources:
            todo.extend(sources[current].retells)
    seen.discard(source_id)
    return frozenset(seen)


# -- validation -----------------------------------------------------------------------------------------


def lineage_problems(data: CatalogData, files: Mapping[tuple[str, str], str]) -> list[Problem]:
    """What ``validate`` refuses about lineage, each problem with its file and field.

    - ``retells`` naming an unknown source, or a cycle of sources retelling each other;
    - an unread source (``read = false``) that no source retells, or that an entry cites directly;
    - an entry citing a source together with one it repeats, without a ``note`` saying why: they are one
      origin, and side by side they read as two.
    """
    problems: list[Problem] = []
    sources = {s.id: s for s in data.source}
    retold: set[str] = set()
    for source in data.source:
        file = files.get(("source", source.id), "?")
        for i, other in enumerate(source.retells):
            retold.add(other)
            if other not in sources:
                problems.append(
                    Problem(
                        file,
                        f"source[{source.id}].retells[{i}]",
                        "unknown source id; add the source it repeats as a [[source]] entry (read = false if unread)",
                        other,
                        True,
                    )
                )
        if _in_cycle(sources, source.id):
            problems.append(
                Problem(
                    file,
                    f"source[{source.id}].retells",
                    "a cycle: this source is (through others) said to repeat itself; only one side can repeat the other",
                    list(source.retells),
                    True,
                )
            )
    problems.extend(_grade_problems(data, files))
    for source in data.source:
        if not source.read and source.id not in retold:
            problems.append(
                Problem(
                    files.get(("source", source.id), "?"),
                    f"source[{source.id}].read",
                    "an unread source must be reached through a source that retells it; name it in that source's retells",
                    False,
                    True,
                )
            )

    entries: list[tuple[str, str, BaseModel]] = []
    for section, items in (("family", data.family), ("weapon", data.weapon), ("munition", data.munition)):
        entries.extend((files.get((section, e.id), "?"), f"{section}[{e.id}]", e) for e in items)
    entries.extend((files.get(("system", s.id), "?"), f"system[{s.id}]", s) for s in data.system)
    entries.extend((files.get(("evidence", str(i)), "?"), f"evidence[{i}]", e) for i, e in enumerate(data.evidence))
    for file, where, entry in entries:
        for path, cited, note in _citations(entry, where):
            for i, source_id in enumerate(cited):
                unread = sources.get(source_id)
                if unread is not None and not unread.read:
                    through = sorted(s.id for s in data.source if source_id in s.retells)
                    problems.append(
                        Problem(
                            file,
                            f"{path}.sources[{i}]",
                            "this source was not read by the catalog; cite the source that retells it"
                            + (f" ({', '.join(through)})" if through else ""),
                            source_id,
                            True,
                        )
                    )
            if note:
                continue
            for source_id in cited:
                both = sorted(set(cited) & repeated(sources, source_id))
                if both:
                    problems.append(
                        Problem(
                            file,
                            f"{path}.sources",
                            f"cites {source_id!r} and {', '.join(repr(b) for b in both)}, which it repeats: they are one"
                            " origin; cite one, or say in `note` why both are cited",
                            list(cited),
                            True,
                        )
                    )
    return problems


def _grade_problems(data: CatalogData, files: Mapping[tuple[str, str], str]) -> list[Problem]:
    """The checkable grade rules (`GRADE_CHECKS`): an unread source is F, and a read one graded no better than its
    kind, lineage and owner allow."""
    sources = {s.id: s for s in data.source}
    problems = []
    for source in data.source:
        if source.reliability is None:
            continue
        where = files.get(("source", source.id), "?")
        if not source.read:
            if source.reliability != UNJUDGED:
                problems.append(
                    Problem(
                        where,
                        f"source[{source.id}].reliability",
                        f"a source the catalog never read (read = false) cannot be judged: its grade is"
                        f" {UNJUDGED!r} (or leave it out); see docs/grades.md",
                        source.reliability,
                        True,
                    )
                )
            continue
        if source.reliability == UNJUDGED:
            continue  # "cannot be judged" claims nothing, so no cap can be broken by it
        caps = _kind_caps(source)
        for other_id in source.retells:
            other = sources.get(other_id)
            if other is None or other.reliability is None:
                continue
            if other.reliability == UNJUDGED or not other.read:
                # An unread (or unjudgeable) page gives no grade to stay under (one typed on an unread page is
                # refused above, not obeyed here), but what it is still binds whatever repeats it: a relay of
                # state media is no better than B.
                caps.extend((floor, f"it repeats {other_id!r}, and {why}") for floor, why in _kind_caps(other))
            elif source.relation == "mirrors":
                caps.append((grade_rank(other.reliability) + 1, f"a mirror takes at least a grade below {other_id!r}"))
            else:
                caps.append((grade_rank(other.reliability), f"it cannot be better than {other_id!r}, which it repeats"))
        worst = GRADES.index("E")  # a cap never reaches F: that grade says a source cannot be judged, not how bad
        for floor, why in caps:
            if grade_rank(source.reliability) < min(floor, worst):
                problems.append(
                    Problem(
                        where,
                        f"source[{source.id}].reliability",
                        f"graded too high: {why} (at best {GRADES[min(floor, worst)]}); see docs/grades.md",
                        source.reliability,
                        True,
                    )
                )
    return problems


def _kind_caps(source: Source) -> list[tuple[int, str]]:
    """The best grades a source's own kind and owner allow, as (rank, why)."""
    caps: list[tuple[int, str]] = []
    if source.state_media:
        caps.append((1, "state media are never better than B"))
    if source.kind in ("blog", "forum"):
        caps.append((2, f"a {source.kind} is never better than C"))
    if source.kind == "game-data":
        caps.append((3, "game data is D"))
    return caps


def _in_cycle(sources: Mapping[str, Source], source_id: str) -> bool:
    """Whether following ``retells`` from ``source_id`` comes back to it."""
    seen: set[str] = set()
    todo = list(sources[source_id].retells)
    while todo:
        current = todo.pop()
        if current == source_id:
            return True
        if current in seen or current not in sources:
            continue
        seen.add(current)
        todo.extend(sources[current].retells)
    return False


def _citations(model: BaseModel, where: str) -> Iterator[tuple[str, tuple[str, ...], str]]:
    """(field path, sources, note) for every part of an entry that cites sources."""
    fields = type(model).model_fields
    cited = getattr(model, "sources", None) if "sources" in fields else None
    if isinstance(cited, tuple) and cited:
        yield where, cited, str(getattr(model, "note", "") or "")
    for name in fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _citations(value, f"{where}.{name}")
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _citations(item, f"{where}.{name}[{i}]")


# -- grades ------------------------------------------------------------------------------

#: Best first: the Admiralty (NATO) scale of source reliability. A source's grade (`Source.reliability`) is typed
#: by hand under the rules in `GRADE_RULES`, except F, which every source the catalog never read gets by rule.
GRADES: Final = ("A", "B", "C", "D", "E", "F")

#: The grade of a source whose reliability cannot be judged: every source the catalog never read.
UNJUDGED: Final = "F"

#: Each grade's name on the Admiralty scale, as NATO and the British and US forces word it (see `SCALE_SOURCES`).
GRADE_NAMES: Final[dict[str, str]] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}

#: What earns each grade, as the docs publish it (``equipref docs`` writes docs/grades.md from this).
GRADE_RULES: Final[dict[str, str]] = {
    "A": "A specialist defence reference or analysis with editorial accountability (Janes, IISS), or a document"
    " the maker or the operating force published about its own equipment, read directly.",
    "B": "An edited secondary reference or newsroom: Wikipedia read directly, specialist reference sites that"
    " name their sources, mainstream press with editorial control, and state media (which report their"
    " government's claims faithfully but are not independent of it, so never better than B).",
    "C": "Unvetted or second-hand pages: blogs, forums, aggregators, enthusiast sites that name no sources, fan"
    " wikis, machine translations, and copies of B pages (a mirror of Wikipedia is C).",
    "D": "Pages cited only to record that a claim exists: game data, anonymous pastes, pages with evident errors.",
    "E": "Pages shown to give false figures: a hoax, a page that invents specifications, or one whose figures"
    " the catalog has found wrong more than once; kept only to record that a claim circulates.",
    "F": "Every source the catalog never read (read = false), known only through a page that repeats it,"
    " whatever its name: what was not read cannot be judged. Also a page read with nothing to judge it by.",
}

#: The rules `lineage_problems` checks about grades, in words (published beside `GRADE_RULES`).
GRADE_CHECKS: Final = (
    "A source the catalog never read (`read = false`) is F: what was not read cannot be judged. A catalog may"
    " leave its grade out (F is filled in); any other grade is refused.",
    'A mirror (`relation = "mirrors"`) takes at least one grade below the page it copies: it may carry an old'
    " or altered revision and names none.",
    "A relay or retelling takes no better grade than the source it repeats; of an unread source (F), no better"
    " than that source's kind allows (a relay of state media is at best B).",
    "State media (`state_media = true`) are never better than B.",
    'Blogs and forums (`kind = "blog"` or `"forum"`) are never better than C; game data is D.',
)

#: The pages the scale's names and definitions were checked against (read 2026-12-07), for the docs to cite.
SCALE_SOURCES: Final = (
    ("Admiralty code", "Wikipedia", "https://en.wikipedia.org/wiki/Admiralty_code"),
    (
        "Intelligence source and information reliability (the FM 2-22.3 matrix)",
        "Wikipedia",
        "https://en.wikipedia.org/wiki/Intelligence_source_and_information_reliability",
    ),
)


def grade_rank(grade: str | None) -> int:
    """0 for A (best) to 5 for F; 6 for an ungraded source."""
    return GRADES.index(grade) if grade in GRADES else len(GRADES)

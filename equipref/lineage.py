"""What a catalog's own files may say about lineage and grades, checked on the data alone.

A source may say that it repeats others (``retells = [...]`` with ``relation`` ``retells``, ``mirrors`` or
``relays``); one the catalog has not read itself (``read = false``) is known only through a source that retells
it. A source's grade (``reliability``) is typed by hand under published rules. `lineage_problems` is what
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
    "GRADE_RULES",
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
    """The checkable grade rules (`GRADE_CHECKS`): a grade no better than a source's kind, lineage and owner allow."""
    sources = {s.id: s for s in data.source}
    problems = []
    for source in data.source:
        if source.reliability is None:
            continue
        caps: list[tuple[int, str]] = []
        if source.state_media:
            caps.append((1, "state media are never better than B"))
        if source.kind in ("blog", "forum"):
            caps.append((2, f"a {source.kind} is never better than C"))
        if source.kind == "game-data":
            caps.append((3, "game data is D"))
        for other_id in source.retells:
            other = sources.get(other_id)
            if other is None or other.reliability is None:
                continue
            if source.relation == "mirrors":
                caps.append((grade_rank(other.reliability) + 1, f"a mirror takes at least a grade below {other_id!r}"))
            else:
                caps.append((grade_rank(other.reliability), f"it cannot be better than {other_id!r}, which it repeats"))
        for floor, why in caps:
            if grade_rank(source.reliability) < min(floor, len(GRADES) - 1):
                problems.append(
                    Problem(
                        files.get(("source", source.id), "?"),
                        f"source[{source.id}].reliability",
                        f"graded too high: {why} (at best {GRADES[min(floor, len(GRADES) - 1)]}); see docs/grades.md",
                        source.reliability,
                        True,
                    )
                )
    return problems


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

#: Best first. A source's grade (`Source.reliability`) is typed by hand under the rules in `GRADE_RULES`.
GRADES: Final = ("A", "B", "C", "D")

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
}

#: The rules `lineage_problems` checks about grades, in words (published beside `GRADE_RULES`).
GRADE_CHECKS: Final = (
    'A mirror (`relation = "mirrors"`) takes at least one grade below the page it copies: it may carry an old'
    " or altered revision and names none.",
    "A relay or retelling takes no better grade than the source it repeats.",
    "State media (`state_media = true`) are never better than B.",
    'Blogs and forums (`kind = "blog"` or `"forum"`) are never better than C; game data is D.',
)


def grade_rank(grade: str | None) -> int:
    """0 for A (best) to 3 for D; 4 for an ungraded source."""
    return GRADES.index(grade) if grade in GRADES else len(GRADES)

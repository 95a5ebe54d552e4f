"""Where a figure really comes from: sources that repeat other sources, and the independent origins of a claim.

A source may say that it repeats others (``retells = [...]`` with ``relation`` ``retells``, ``mirrors`` or
``relays``): GlobalSecurity.org's article retells an AvtoVzglyad report, piglix mirrors a Wikipedia article, a
news site relays TASS. Such sources are one origin with what they repeat, so two of them side by side are not
two witnesses. `origins` follows every cited source through ``retells`` to the sources that repeat nobody (its
roots) and counts those.

A source the catalog has not read itself (``read = false``) is known only through a source that retells it;
claims cite the source that was read, and reach the unread one through it. `lineage_problems` is what
``equipref validate`` enforces about all this.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel, ConfigDict, computed_field

from equipref.errors import Problem
from equipref.model import CatalogData, Claim, Reliability, Source
from equipref.units import Measure

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = [
    "CORROBORATION",
    "GRADES",
    "GRADE_CHECKS",
    "GRADE_RULES",
    "Support",
    "assess",
    "best_grade",
    "grade_rank",
    "lineage_problems",
    "origins",
    "repeated",
    "same_value",
    "support_index",
]


def origins(catalog: Catalog, source_ids: Iterable[str]) -> tuple[str, ...]:
    """The independent origins of a set of cited sources: each followed through ``retells`` to its roots.

    Sorted and deduplicated, so ``len(origins(...))`` is how many independent witnesses a claim has. An id the
    catalog does not know is its own origin (validation reports it elsewhere).
    """
    table = catalog.derived(_root_table)
    found: set[str] = set()
    for source_id in source_ids:
        found.update(table.get(source_id, (source_id,)))
    return tuple(sorted(found))


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


def _root_table(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Every source's origins, by source id."""
    sources = {s.id: s for s in catalog.sources}
    return {source_id: _roots(sources, source_id) for source_id in sources}


def _roots(sources: Mapping[str, Source], source_id: str) -> tuple[str, ...]:
    if source_id not in sources or not sources[source_id].retells:
        return (source_id,)
    # A source that repeats others has their origins, not its own; a cycle (refused by validate) ends at itself.
    found = {s for s in repeated(sources, source_id) | {source_id} if s not in sources or not sources[s].retells}
    return tuple(sorted(found)) or (source_id,)


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


# -- grades and confidence ------------------------------------------------------------------------------

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

#: Admiralty-style credibility of one claim, from its independent origins and their agreement.
CORROBORATION: Final[dict[int, str]] = {
    1: "confirmed: three or more independent origins give it and none gives another value",
    2: "probably true: more independent origins give it than give any other value",
    3: "possibly true: one origin gives it and none gives another value",
    4: "doubtful: another value has at least as many independent origins",
    5: "improbable: another value has at least twice as many independent origins",
}


def grade_rank(grade: str | None) -> int:
    """0 for A (best) to 3 for D; 4 for an ungraded source."""
    return GRADES.index(grade) if grade in GRADES else len(GRADES)


class Support(BaseModel):
    """How well one claim is supported: its origins, best source grade, and corroboration among its rivals.

    ``confidence`` reads like the Admiralty code, grade letter then corroboration digit (``B2``); it is computed,
    never typed, and ``explanation`` says it in words.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    origins: tuple[str, ...]
    grade: Reliability | None
    agreeing: tuple[str, ...]
    disagreeing: tuple[str, ...]
    corroboration: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def confidence(self) -> str:
        return f"{self.grade or '?'}{self.corroboration}"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def explanation(self) -> str:
        grade = f"best source graded {self.grade}" if self.grade else "no graded source"
        n = len(self.origins)
        own = f"{n} independent origin{'s' if n != 1 else ''}"
        return f"{grade}; {own}; {CORROBORATION[self.corroboration]}"


def best_grade(catalog: Catalog, source_ids: Iterable[str]) -> Reliability | None:
    """The best grade among the sources a claim cites (not their origins: the claim rests on what was read)."""
    table = catalog.derived(_grade_table)
    found = sorted((g for g in map(table.get, source_ids) if g is not None), key=grade_rank)
    return found[0] if found else None


def _grade_table(catalog: Catalog) -> dict[str, Reliability | None]:
    return {s.id: s.reliability for s in catalog.sources}


def assess(catalog: Catalog, claims: Sequence[Claim[Any]]) -> tuple[Support, ...]:
    """The support of each of ``claims``, rivals for one figure (a field's claims), in order.

    Two claims agree when they give the same quantity (`same_value`); a hedge (``up to``) does not change the
    value. A
    claim's corroboration weighs the independent origins giving its value against those giving the strongest
    other value; an origin that gives both counts for each.
    """
    groups = value_groups([c.value for c in claims])
    roots = [set(origins(catalog, c.sources)) for c in claims]
    group_origins = [set().union(*(roots[i] for i in g)) for g in groups]
    group_of = {i: n for n, g in enumerate(groups) for i in g}
    out = []
    for i, claim in enumerate(claims):
        mine = group_origins[group_of[i]]
        rivals = [o for n, o in enumerate(group_origins) if n != group_of[i]]
        other = set().union(*rivals) - mine if rivals else set()
        strongest = max((len(o) for o in rivals), default=0)
        out.append(
            Support.model_construct(
                origins=tuple(sorted(roots[i])),
                grade=best_grade(catalog, claim.sources),
                agreeing=tuple(sorted(mine)),
                disagreeing=tuple(sorted(other)),
                corroboration=_corroboration(len(mine), strongest),
            )
        )
    return tuple(out)


def value_groups(values: Sequence[object]) -> list[list[int]]:
    """Indexes of ``values`` grouped by `same_value` (each joins the first group whose first value it matches)."""
    groups: list[list[int]] = []
    for i, value in enumerate(values):
        for group in groups:
            if same_value(values[group[0]], value):
                group.append(i)
                break
        else:
            groups.append([i])
    return groups


def _corroboration(agree: int, other: int) -> int:
    if agree >= 3 and other == 0:
        return 1
    if other >= 2 and other >= 2 * agree:
        return 5
    if other and agree <= other:
        return 4
    return 2 if agree >= 2 else 3


def same_value(a: object, b: object) -> bool:
    """Whether two claim values are the same figure: the same quantity in any unit (``130 km``, ``130000 m``).

    Precision is not stretched: ``47 km`` and ``47.5 km`` are two figures, as their sources wrote them.
    """
    if isinstance(a, Measure) and isinstance(b, Measure):
        return a.dimension == b.dimension and math.isclose(a.si, b.si, rel_tol=1e-9)
    return a == b


def support_index(catalog: Catalog, entries: Iterable[BaseModel]) -> dict[str, Support]:
    """The support of every claim in ``entries`` (systems, weapons, munitions), keyed by claim path.

    A path is ``system[ID].combat_weight[0]``, ``weapon[ID].caliber[1]`` or ``munition[ID].max_range[2]``:
    each field's claims are one another's rivals.
    """
    out: dict[str, Support] = {}
    for entry in entries:
        section = type(entry).__name__.lower()
        for name in type(entry).model_fields:
            value = getattr(entry, name)
            if isinstance(value, tuple) and value and all(isinstance(c, Claim) for c in value):
                for i, found in enumerate(assess(catalog, value)):
                    out[f"{section}[{getattr(entry, 'id', '')}].{name}[{i}]"] = found
    return out

"""Where a figure really comes from: the independent origins of a claim, and how well each claim is supported.

A source may say that it repeats others (``retells = [...]`` with ``relation`` ``retells``, ``mirrors`` or
``relays``): GlobalSecurity.org's article retells an AvtoVzglyad report, piglix mirrors a Wikipedia article, a
news site relays TASS. Such sources are one origin with what they repeat, so two of them side by side are not
two witnesses. `origins` follows every cited source through ``retells`` to the sources that repeat nobody (its
roots) and counts those; `assess` grades each claim from them.

This is derived from a loaded `Catalog`. What ``equipref validate`` enforces about lineage and grades is checked
on the data alone, below the catalog, in `equipref.lineage` (its names are re-exported here).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel, ConfigDict, computed_field

from equipref.lineage import (
    GRADE_CHECKS,
    GRADE_NAMES,
    GRADE_RULES,
    GRADES,
    SCALE_SOURCES,
    UNJUDGED,
    grade_rank,
    lineage_problems,
    repeated,
)
from equipref.model import Claim, Reliability, Source
from equipref.units import Measure

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = [
    "CORROBORATION",
    "GRADES",
    "GRADE_CHECKS",
    "GRADE_NAMES",
    "GRADE_RULES",
    "INFERRED_CORROBORATION",
    "INFERRED_GRADE",
    "SCALE_SOURCES",
    "UNJUDGED_CORROBORATION",
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


# -- confidence ---------------------------------------------------------------------------------------

#: The best a claim can be graded for a system it reaches only through a record shared with the systems its
#: source speaks of (`Claim.stated_for`): the page is about another vehicle, so it is at best fairly reliable here
#: and at best possibly true, whatever else agrees.
INFERRED_GRADE: Final = "C"
INFERRED_CORROBORATION: Final = 3

#: The credibility of one claim on the Admiralty (NATO) scale, 1 to 6, from its independent origins and their
#: agreement: each digit's name as the scale words it, then what earns it here.
CORROBORATION: Final[dict[int, str]] = {
    1: "confirmed: three or more independent origins give it and none gives another value",
    2: "probably true: more independent origins give it than give any other value",
    3: "possibly true: one origin gives it and none gives another value",
    4: "doubtful: another value has at least as many independent origins",
    5: "improbable: another value has at least twice as many independent origins",
    6: "truth cannot be judged: its one origin is a source whose reliability cannot be judged (F, such as one"
    " the catalog never read), and no other origin gives this value or another",
}

#: The digit of a claim nothing can be weighed against: one unjudgeable origin, no other origin for any value.
UNJUDGED_CORROBORATION: Final = 6


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
    #: For a figure that reaches the system asked about through a record it shares, the systems the source gives
    #: it for: an inference here, graded at best `INFERRED_GRADE` and `INFERRED_CORROBORATION`.
    stated_for: tuple[str, ...] = ()

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
        said = f"{grade}; {own}; {CORROBORATION[self.corroboration]}"
        if self.stated_for:
            said += (
                f"; inferred: the source gives it for {', '.join(self.stated_for)}, and it reaches this system"
                " through a record they share, so it counts as no origin here"
            )
        return said


def best_grade(catalog: Catalog, source_ids: Iterable[str]) -> Reliability | None:
    """The best grade among the sources a claim cites (not their origins: the claim rests on what was read)."""
    table = catalog.derived(_grade_table)
    found = sorted((g for g in map(table.get, source_ids) if g is not None), key=grade_rank)
    return found[0] if found else None


def _grade_table(catalog: Catalog) -> dict[str, Reliability | None]:
    return {s.id: s.reliability for s in catalog.sources}


def assess(catalog: Catalog, claims: Sequence[Claim[Any]], system_id: str | None = None) -> tuple[Support, ...]:
    """The support of each of ``claims``, rivals for one figure (a field's claims), in order.

    Two claims agree when they give the same quantity (`same_value`); a hedge (``up to``) does not change the
    value. A claim's corroboration weighs the independent origins giving its value against those giving the
    strongest other value; an origin that gives both counts for each. A claim resting on one origin graded F
    (never read, so its reliability cannot be judged), with no other origin for any value, is 6: no basis.

    Asked for ``system_id``, a claim its source gives for other systems (`Claim.is_direct`) is an inference
    there: its origins count for no value, and it is graded at best `INFERRED_GRADE` and
    `INFERRED_CORROBORATION`, however good its source.

    Only claims with the same `Claim.rival_key` are weighed against each other: counts of different things
    (built, paraded, in service) are not rivals.
    """
    keys = [c.rival_key() for c in claims]
    if len(set(keys)) > 1:
        found: dict[int, Support] = {}
        for key in dict.fromkeys(keys):
            members = [i for i, k in enumerate(keys) if k == key]
            found.update(zip(members, assess(catalog, [claims[i] for i in members], system_id), strict=True))
        return tuple(found[i] for i in range(len(claims)))
    groups = value_groups([c.value for c in claims])
    roots = [set(origins(catalog, c.sources)) for c in claims]
    direct = [c.is_direct(system_id) for c in claims]
    group_origins = [set().union(*(roots[i] for i in g if direct[i])) for g in groups]
    group_of = {i: n for n, g in enumerate(groups) for i in g}
    heard = set().union(*group_origins)
    grades = catalog.derived(_grade_table)
    out = []
    for i, claim in enumerate(claims):
        mine = group_origins[group_of[i]]
        rivals = [o for n, o in enumerate(group_origins) if n != group_of[i]]
        other = set().union(*rivals) - mine if rivals else set()
        strongest = max((len(o) for o in rivals), default=0)
        grade = best_grade(catalog, claim.sources)
        corroboration = _corroboration(len(mine) if direct[i] else 0, strongest)
        if not direct[i]:
            grade = max(grade, INFERRED_GRADE, key=grade_rank) if grade is not None else None
            corroboration = max(corroboration, INFERRED_CORROBORATION)
        if len(roots[i]) == 1 and heard <= roots[i] and grades.get(next(iter(roots[i]))) == UNJUDGED:
            # One witness whose reliability cannot be judged, and nothing to weigh it against: no basis at all.
            corroboration = UNJUDGED_CORROBORATION
        out.append(
            Support.model_construct(
                origins=tuple(sorted(roots[i])),
                grade=grade,
                agreeing=tuple(sorted(mine)),
                disagreeing=tuple(sorted(other)),
                corroboration=corroboration,
                stated_for=() if direct[i] else claim.stated_for,
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


def support_index(catalog: Catalog, entries: Iterable[BaseModel], system_id: str | None = None) -> dict[str, Support]:
    """The support of every claim in ``entries`` (systems, weapons, munitions), keyed by claim path, for the
    system ``system_id`` when they are its record and what it mounts (see `assess`).

    A path is ``system[ID].combat_weight[0]``, ``weapon[ID].caliber[1]`` or ``munition[ID].max_range[2]``:
    each field's claims are one another's rivals.
    """
    out: dict[str, Support] = {}
    for entry in entries:
        section = type(entry).__name__.lower()
        for name in type(entry).model_fields:
            value = getattr(entry, name)
            if isinstance(value, tuple) and value and all(isinstance(c, Claim) for c in value):
                for i, found in enumerate(assess(catalog, value, system_id)):
                    out[f"{section}[{getattr(entry, 'id', '')}].{name}[{i}]"] = found
    return out

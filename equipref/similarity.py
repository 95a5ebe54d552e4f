"""How alike two systems are, as an analyst weighs a counterpart: one scoring for `equipref.counterparts` and for
the table's pairing (`equipref.overview`), with a reason for every point, published by `equipref docs` on the
scoring page (``docs/similarity.md``, written from the constants below).

The parts, from the heaviest:

1. **Named by a source** (`NAMED`): a page pairs the two. Such a pair always ranks first, and says so.
2. **Role** (`SAME_ROLE`, `RELATED_ROLE`): the same role, or one of the same family (`ROLE_FAMILIES`: a
   self-propelled and a towed howitzer both are tube artillery). The weights keep every system of the same role
   above every system of a related one, and those above every other, whatever the parts below add.
3. **Caliber** (`CALIBER`, `SAME_BORE`): the ratio of the two main weapons' calibers, 1 for the same bore,
   scored down to nothing at `CALIBER_SPAN` (155 against 152 mm is 1.02, close; 203 against 155 mm is 1.31, far
   apart), and `SAME_BORE` more for the same bore. A ratio, not millimetres: 5 mm is nothing between howitzers
   and everything between machine guns.
4. **Ammunition** (`AMMUNITION`): a sourced fit between the two main weapons' rounds (`equipref.compat`); the
   same caliber alone earns nothing more than the caliber part already gave. Machine guns and other secondary
   weapons are never weighed: two vehicles sharing a 7.62 mm cartridge are not counterparts.
5. **Mobility** (`MOBILITY_SAME`, `MOBILITY_DIFFERS`): tracked, wheeled or towed, where a source says so (the
   ``mobility`` claims). A known match earns points, a known difference costs as much, and an unknown neither.
6. **Range** (`RANGE`): the ratio of the two headline ranges (`equipref.headline`). Ranges within `RANGE_SPAN`
   of each other are "similar" and score by closeness; further apart they score nothing and the reason says so,
   with the numbers.
7. **Era** (`ERA`): the years the two entered service (the earliest claimed), scored down to nothing at
   `ERA_SPAN` years apart, so that a 2005 howitzer finds a 1989 one before a 1971 one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from equipref.compat import LEVELS, Level, Reason, _grade, caliber_gap, knowledge
from equipref.headline import headline

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.model import System, Weapon

__all__ = [
    "AMMUNITION",
    "CALIBER",
    "CALIBER_SPAN",
    "SAME_BORE",
    "SAME_BORE_RATIO",
    "caliber_points",
    "ERA",
    "ERA_SPAN",
    "LEAST_BELOW_ROLE",
    "MOBILITY_DIFFERS",
    "MOBILITY_SAME",
    "MOST_BELOW_ROLE",
    "NAMED",
    "RANGE",
    "RANGE_SPAN",
    "RELATED_ROLE",
    "ROLE_FAMILIES",
    "SAME_ROLE",
    "Profile",
    "Similarity",
    "caliber_closeness",
    "era_closeness",
    "named_pairing",
    "profile",
    "range_closeness",
    "role_points",
    "similarity",
]

NAMED: Final = 25.0
SAME_ROLE: Final = 12.0
RELATED_ROLE: Final = 6.0
CALIBER: Final = 3.0
#: The caliber ratio at which the caliber part reaches nothing.
CALIBER_SPAN: Final = 1.25
#: On top, for the same bore (calibers within `SAME_BORE_RATIO`): only then can rounds be shared at all, so a
#: 122 mm howitzer finds a 122 mm one before a 120 mm gun-mortar, however alike their chassis.
SAME_BORE: Final = 1.0
SAME_BORE_RATIO: Final = 1.01
#: Points for the best sourced fit between the main weapons' rounds (either direction).
AMMUNITION: Final[dict[Level, float]] = {"interchangeable": 0.4, "conditional": 0.3}
MOBILITY_SAME: Final = 0.25
MOBILITY_DIFFERS: Final = -0.25
RANGE: Final = 0.5
#: Two ranges are "similar" only within this ratio of each other.
RANGE_SPAN: Final = 1.5
ERA: Final = 0.25
#: Years apart at which the era part reaches nothing.
ERA_SPAN: Final = 30
#: Roles that answer for one another when the same role is missing, by family.
ROLE_FAMILIES: Final[dict[str, tuple[str, ...]]] = {
    "armour": ("MBT", "TD"),
    "infantry vehicles": ("IFV", "APC"),
    "tube artillery": ("SPH", "TH", "MOR"),
    "rocket and missile artillery": ("MLRS", "SRBM"),
}
_FAMILY_OF = {role: family for family, roles in ROLE_FAMILIES.items() for role in roles}
#: The most the parts after the role can add (and take away): the weights above keep the role first with it.
MOST_BELOW_ROLE: Final = CALIBER + SAME_BORE + max(AMMUNITION.values()) + MOBILITY_SAME + RANGE + ERA
LEAST_BELOW_ROLE: Final = MOBILITY_DIFFERS


def caliber_closeness(ratio: float) -> float:
    """1 for the same caliber, falling on a log scale to 0 at `CALIBER_SPAN` and beyond."""
    return max(0.0, 1 - math.log(ratio) / math.log(CALIBER_SPAN))


def caliber_points(ratio: float) -> float:
    """The caliber part for two calibers ``ratio`` apart: `CALIBER` times the closeness, plus `SAME_BORE`."""
    return CALIBER * caliber_closeness(ratio) + (SAME_BORE if ratio <= SAME_BORE_RATIO else 0.0)


def range_closeness(ratio: float) -> float:
    """1 for the same range, falling on a log scale to 0 at `RANGE_SPAN` and beyond."""
    return max(0.0, 1 - math.log(ratio) / math.log(RANGE_SPAN))


def era_closeness(years_apart: int) -> float:
    """1 for the same year, falling to 0 at `ERA_SPAN` years apart."""
    return max(0.0, 1 - years_apart / ERA_SPAN)


def role_points(mine: str, theirs: str) -> float:
    if mine == theirs:
        return SAME_ROLE
    return RELATED_ROLE if _FAMILY_OF.get(mine) == _FAMILY_OF.get(theirs) else 0.0


@dataclass(frozen=True)
class Profile:
    """What the scoring reads of one system, gathered once per catalog."""

    system: System
    main_weapons: tuple[Weapon, ...]
    #: (millimetres, as written) of every caliber claim of the main weapons.
    calibers: tuple[tuple[float, str], ...]
    range_km: float | None
    range_sources: tuple[str, ...]
    year: int | None
    year_sources: tuple[str, ...]
    mobility: frozenset[str]
    mobility_sources: tuple[str, ...]


def _profiles(catalog: Catalog) -> dict[str, Profile]:
    return {}


def profile(catalog: Catalog, system: System) -> Profile:
    """``system``'s `Profile` (kept with the catalog: a catalog never changes)."""
    known = catalog.derived(_profiles)
    found = known.get(system.id)
    if found is None:
        weapons = tuple(catalog.weapon(a.weapon) for a in system.main_armament)
        calibers = tuple((c.value.m_as("mm"), str(c.value)) for w in weapons for c in w.caliber)
        figure = headline(catalog, system).range
        years = sorted(system.in_service, key=lambda c: c.value)
        found = known[system.id] = Profile(
            system=system,
            main_weapons=weapons,
            calibers=calibers,
            range_km=None if figure is None else figure.value.m_as("km"),
            range_sources=() if figure is None else figure.sources,
            year=years[0].value if years else None,
            year_sources=years[0].sources if years else (),
            mobility=frozenset(c.value for c in system.mobility),
            mobility_sources=tuple(dict.fromkeys(s for c in system.mobility for s in c.sources)),
        )
    return found


@dataclass(frozen=True)
class Similarity:
    """How well one system answers for another: the score, whether a source names the pair, and every reason."""

    score: float
    named: bool
    best_level: Level | None
    reasons: tuple[Reason, ...]


def named_pairing(a: System, b: System) -> tuple[Reason, ...]:
    """What sources say pairing ``a`` with ``b`` (either system's ``counterparts`` naming the other)."""
    out = []
    for x, y in ((a, b), (b, a)):
        for cp in x.counterparts:
            if cp.system == y.id:
                note = f": {cp.note}" if cp.note else ""
                out.append(
                    Reason.model_construct(text=f"named by a source: {x.name} with {y.name}{note}", sources=cp.sources)
                )
    return tuple(out)


def _ratio(a: float, b: float) -> float:
    return max(a, b) / min(a, b)


def best_caliber(me: Profile, other: Profile) -> tuple[float, str, str] | None:
    """(ratio, my caliber, theirs) of the closest pair of main-weapon calibers; None when either is unknown."""
    best = None
    for mm_a, text_a in me.calibers:
        for mm_b, text_b in other.calibers:
            r = _ratio(mm_a, mm_b)
            if best is None or r < best[0]:
                best = (r, text_a, text_b)
    return best


def _caliber_words(ratio: float) -> str:
    if ratio <= SAME_BORE_RATIO:
        return "the same caliber"
    if ratio <= 1.05:
        return f"{ratio:.2f}x apart, close"
    return f"{ratio:.2f}x apart, near" if ratio < CALIBER_SPAN else f"{ratio:.2f}x apart, too far to count"


def _best_ammunition(catalog: Catalog, me: Profile, other: Profile, tol_mm: float) -> tuple[Level | None, str, str]:
    know = knowledge(catalog)
    best: Level | None = None
    pair = ("", "")
    for wa in me.main_weapons:
        for wb in other.main_weapons:
            found = caliber_gap(wa, wb)
            if found is None or found[0] > tol_mm + 1e-9:
                continue
            for x, y in ((wa, wb), (wb, wa)):
                level, _ = _grade(know, x, y, tol_mm)
                if level not in (None, "incompatible") and (best is None or LEVELS.index(level) < LEVELS.index(best)):
                    best, pair = level, (x.name, y.name)
    return best, pair[0], pair[1]


def similarity(catalog: Catalog, me: System, other: System, tolerance_mm: float = 0.5) -> Similarity:
    """How well ``other`` answers for ``me``, part by part as the module explains, with a reason for each."""
    a, b = profile(catalog, me), profile(catalog, other)
    reasons: list[Reason] = []
    score = 0.0
    named = named_pairing(me, other)
    if named:
        score += NAMED
        reasons.extend(named)
    points = role_points(me.role, other.role)
    score += points
    if points == SAME_ROLE:
        reasons.append(Reason.model_construct(text=f"same role: {me.role}"))
    elif points:
        family = _FAMILY_OF[me.role]
        reasons.append(Reason.model_construct(text=f"related role: {me.role} and {other.role} ({family})"))
    else:
        reasons.append(Reason.model_construct(text=f"other role: {me.role} and {other.role}"))
    caliber = best_caliber(a, b)
    if caliber is not None:
        ratio, mine, theirs = caliber
        score += caliber_points(ratio)
        reasons.append(Reason.model_construct(text=f"main calibers {mine} and {theirs}: {_caliber_words(ratio)}"))
    level, x, y = _best_ammunition(catalog, a, b, tolerance_mm)
    if level is not None:
        score += AMMUNITION.get(level, 0.0)
        reasons.append(Reason.model_construct(text=f"ammunition: {x} rounds in {y} graded {level}"))
    if a.mobility and b.mobility:
        sources = tuple(dict.fromkeys(a.mobility_sources + b.mobility_sources))
        if a.mobility & b.mobility:
            both = " and ".join(sorted(a.mobility & b.mobility))
            score += MOBILITY_SAME
            reasons.append(Reason.model_construct(text=f"both {both}", sources=sources))
        else:
            score += MOBILITY_DIFFERS
            text = f"moves differently: {me.name} {'/'.join(sorted(a.mobility))}, {other.name} {'/'.join(sorted(b.mobility))}"
            reasons.append(Reason.model_construct(text=text, sources=sources))
    if a.range_km and b.range_km:
        ratio = _ratio(a.range_km, b.range_km)
        if ratio <= RANGE_SPAN + 1e-9:
            score += RANGE * range_closeness(ratio)
            text = f"similar maximum range: {a.range_km:g} km and {b.range_km:g} km ({ratio:.2f}x)"
        else:
            text = (
                f"maximum ranges differ: {a.range_km:g} km and {b.range_km:g} km ({ratio:.2f}x, beyond {RANGE_SPAN:g}x)"
            )
        reasons.append(Reason.model_construct(text=text))
    if a.year is not None and b.year is not None:
        apart = abs(a.year - b.year)
        score += ERA * era_closeness(apart)
        years = "the same year" if not apart else f"{apart} year{'s' if apart != 1 else ''} apart"
        sources = tuple(dict.fromkeys(a.year_sources + b.year_sources))
        reasons.append(Reason.model_construct(text=f"in service from {a.year} and {b.year}: {years}", sources=sources))
    return Similarity(score=round(score, 3), named=bool(named), best_level=level, reasons=tuple(reasons))

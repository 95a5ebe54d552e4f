"""Comparing two systems weapon by weapon, and ranking a system's counterparts.

`compare` aligns the two armaments pair by pair (matching calibers first, then like mounts), grades the
ammunition compatibility in each direction, and compares ranges like with like under a policy. `counterparts`
ranks other systems by `equipref.similarity`'s one scoring (a pairing a source names, role, caliber ratio,
ammunition, mobility, range ratio, era), with the reasons for every point of the score.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, get_args

from pydantic import BaseModel, ConfigDict

from equipref.catalog import catalog_or_default
from equipref.compat import Grade, Level, Reason, _grade, caliber_gap, knowledge
from equipref.errors import UsageError
from equipref.matching import as_length, caliber_index
from equipref.model import Length, Role, SignedLength
from equipref.names import country_code
from equipref.ranges import _CATEGORY_OF, CATEGORIES, Policy, RangeComparison, compare_ranges, range_figure
from equipref.similarity import (
    CALIBER_SPAN,
    ERA,
    MOBILITY_SAME,
    RANGE,
    RANGE_SPAN,
    ROLE_FAMILIES,
    caliber_points,
    named_pairing,
    profile,
    range_closeness,
    role_points,
    similarity,
)
from equipref.units import Measure

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.model import Armament, System

__all__ = ["ArmamentPair", "Comparison", "CounterpartScore", "best_counterpart", "compare", "counterparts", "overview"]

_MOUNT_ORDER = {"main": 0, "launcher": 0, "coaxial": 1, "commander": 2, "remote": 2, "secondary": 3}


class ArmamentPair(BaseModel):
    """One weapon of each system (or of one only, when the other has nothing to pair it with)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    a_weapon: str | None
    a_weapon_name: str | None
    a_mount: str | None
    a_caliber: Length | None
    b_weapon: str | None
    b_weapon_name: str | None
    b_mount: str | None
    b_caliber: Length | None
    caliber_difference: SignedLength | None
    a_in_b: Grade | None
    b_in_a: Grade | None
    ranges: tuple[RangeComparison, ...] = ()

    @property
    def range(self) -> RangeComparison | None:
        """The headline range comparison: the munition category whose two figures the most independent origins
        support; on a tie, the first in `equipref.ranges.CATEGORIES` (plain rounds before extended-range natures),
        as `equipref.headline` picks a single system's."""
        order = list(CATEGORIES)

        def support(rc: RangeComparison) -> tuple[int, int]:
            found = sum(len(f.origins) for f in (rc.a, rc.b) if f is not None)
            return (-found, order.index(rc.category) if rc.category in order else len(order))

        return min(self.ranges, key=support) if self.ranges else None


class Comparison(BaseModel):
    """Two systems side by side."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    a: str
    a_name: str
    #: None when nothing pairs with ``a``: no source names a counterpart and none ranks (see `overview`).
    b: str | None
    b_name: str | None
    policy: str
    tolerance: SignedLength
    paired_by: tuple[Reason, ...]
    pairs: tuple[ArmamentPair, ...]

    @property
    def main(self) -> ArmamentPair | None:
        """The headline pair: the first in which both systems have a weapon (pairs follow ``a``'s armament)."""
        both = [p for p in self.pairs if p.a_weapon and p.b_weapon]
        return both[0] if both else (self.pairs[0] if self.pairs else None)


class CounterpartScore(BaseModel):
    """A candidate counterpart, its score and the reasons for it (`equipref.similarity`)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    system: str
    name: str
    country: str
    role: str
    score: float
    best_level: Level | None
    reasons: tuple[Reason, ...]
    #: A source names the pair (its reasons say which, and it ranks before every pair no source names).
    named: bool = False


def _system(catalog: Catalog, value: System | str) -> System:
    return catalog.system(value)


def _categories(catalog: Catalog, armament: Armament) -> frozenset[str]:
    return frozenset(_CATEGORY_OF[catalog.munition(m).kind] for m in armament.munitions)


def _align(catalog: Catalog, a: System, b: System, tolerance_mm: float) -> list[tuple[int | None, int | None]]:
    """Pair armament entries greedily by (caliber match, mount, kind of munition, caliber gap), each used once."""
    candidates = []
    for i, x in enumerate(a.armament):
        wx = catalog.weapon(x.weapon)
        for j, y in enumerate(b.armament):
            wy = catalog.weapon(y.weapon)
            found = caliber_gap(wx, wy)
            gap = found[0] if found is not None else float("inf")
            within = gap <= tolerance_mm + 1e-9
            mount_gap = abs(_MOUNT_ORDER[x.mount] - _MOUNT_ORDER[y.mount])
            unlike = not (_categories(catalog, x) & _categories(catalog, y))
            # The tie-breakers are symmetric in (x, y), so compare(b, a) pairs exactly like compare(a, b).
            key = (not within, mount_gap, unlike, gap, tuple(sorted((wx.id, wy.id))), tuple(sorted((i, j))))
            candidates.append((key, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[int | None, int | None]] = []
    for key, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        if key[0] and (_MOUNT_ORDER[a.armament[i].mount] != 0 or _MOUNT_ORDER[b.armament[j].mount] != 0):
            continue  # calibers differ: pair only the main weapons, as the systems' headline comparison
        used_a.add(i)
        used_b.add(j)
        pairs.append((i, j))
    pairs += [(i, None) for i in range(len(a.armament)) if i not in used_a]
    pairs += [(None, j) for j in range(len(b.armament)) if j not in used_b]
    return sorted(
        pairs, key=lambda p: (p[0] if p[0] is not None else len(a.armament), p[1] if p[1] is not None else -1)
    )


def compare(
    a: System | str,
    b: System | str,
    policy: str | Policy = "supported",
    catalog: Catalog | None = None,
    tolerance: str | Measure = "0.5 mm",
) -> Comparison:
    """Systems ``a`` and ``b`` side by side (by model or by any name `Catalog.system` accepts)."""
    cat = catalog_or_default(catalog)
    return _compare(cat, _system(cat, a), _system(cat, b), Policy.parse(policy, cat), tolerance)


def _compare(
    cat: Catalog, sa: System, sb: System | None, rule: Policy, tolerance: str | Measure = "0.5 mm"
) -> Comparison:
    """``sa`` beside ``sb``; with no ``sb``, ``sa``'s own weapons and ranges with nothing opposite them."""
    tol = as_length(tolerance, allow_zero=True)
    tol_mm = tol.m_as("mm")
    know = knowledge(cat)
    pairs = []
    aligned = _align(cat, sa, sb, tol_mm) if sb else [(i, None) for i in range(len(sa.armament))]
    for i, j in aligned:
        x: Armament | None = sa.armament[i] if i is not None else None
        y: Armament | None = sb.armament[j] if sb and j is not None else None
        wx = cat.weapon(x.weapon) if x else None
        wy = cat.weapon(y.weapon) if y else None
        a_cal = b_cal = diff = None
        a_in_b = b_in_a = None
        ranges: tuple[RangeComparison, ...] = ()
        if wx is not None and wy is not None and x is not None and y is not None:
            found = caliber_gap(wx, wy)
            if found is not None:
                _, a_cal, b_cal, _ = found
                diff = Measure(b_cal.m_as("mm") - a_cal.m_as("mm"), "mm")
            else:
                a_cal = wx.caliber[0].value if wx.caliber else None
                b_cal = wy.caliber[0].value if wy.caliber else None
            level, reasons = _grade(know, wx, wy, tol_mm)
            a_in_b = Grade.model_construct(ammunition_of=wx.id, fired_from=wy.id, level=level, reasons=tuple(reasons))
            level, reasons = _grade(know, wy, wx, tol_mm)
            b_in_a = Grade.model_construct(ammunition_of=wy.id, fired_from=wx.id, level=level, reasons=tuple(reasons))
            ranges = compare_ranges(cat, x, y, rule)
        else:
            a_cal = wx.caliber[0].value if wx and wx.caliber else None
            b_cal = wy.caliber[0].value if wy and wy.caliber else None
            lone = x or y
            if lone is not None:
                figure = range_figure(cat, lone, rule)
                if figure is not None:
                    ranges = (
                        RangeComparison.model_construct(
                            category="all munitions",
                            like_for_like=False,
                            a=figure if x else None,
                            b=figure if y else None,
                            ratio=None,
                            difference=None,
                        ),
                    )
        pairs.append(
            ArmamentPair.model_construct(
                a_weapon=wx.id if wx else None,
                a_weapon_name=wx.name if wx else None,
                a_mount=x.mount if x else None,
                a_caliber=a_cal,
                b_weapon=wy.id if wy else None,
                b_weapon_name=wy.name if wy else None,
                b_mount=y.mount if y else None,
                b_caliber=b_cal,
                caliber_difference=diff,
                a_in_b=a_in_b,
                b_in_a=b_in_a,
                ranges=ranges,
            )
        )
    return Comparison.model_construct(
        a=sa.id,
        a_name=sa.name,
        b=sb.id if sb else None,
        b_name=sb.name if sb else None,
        policy=str(rule),
        tolerance=tol,
        paired_by=named_pairing(sa, sb) if sb else (),
        pairs=tuple(pairs),
    )


def counterparts(
    system: System | str,
    country: str | None = None,
    catalog: Catalog | None = None,
    tolerance: str | Measure = "0.5 mm",
) -> tuple[CounterpartScore, ...]:
    """Other systems ranked as counterparts of ``system``, best first, each with its score and reasons.

    The score is `equipref.similarity.similarity`: a pairing a source names first, then the role, how close the
    main calibers are (as a ratio), a sourced fit between the main weapons' rounds, how the systems move, their
    headline ranges (as a ratio) and when they entered service; the scoring page of the docs explains every
    part. With ``country``, only that country's systems are ranked. The system's own base and variants are
    never ranked, nor a system with nothing in common (a score of 0 or less).
    """
    cat = catalog_or_default(catalog)
    me = _system(cat, system)
    tol_mm = as_length(tolerance, allow_zero=True).m_as("mm")
    wanted = country_code(country)
    kin = cat.kin_of(me)
    results = []
    for other in cat.systems():
        # A variant is the same system in another version, never its own counterpart.
        if other.id in kin or (wanted is not None and other.country != wanted):
            continue
        found = _score(cat, me, other, tol_mm)
        if found is not None:
            results.append(found)
    return tuple(sorted(results, key=lambda r: (-r.score, r.system)))


def best_counterpart(
    system: System | str,
    country: str,
    catalog: Catalog | None = None,
    tolerance: str | Measure = "0.5 mm",
) -> CounterpartScore | None:
    """``counterparts(system, country, catalog, tolerance)[0]``, or None where nothing ranks: found without
    scoring every system of ``country`` (a page or a view naming each system's first counterpart would score
    every pair, quadratic in the catalog)."""
    cat = catalog_or_default(catalog)
    wanted = country_code(country)
    if wanted is None:
        raise UsageError("best_counterpart needs a country")
    return _ranker(cat).best(_system(cat, system), wanted, as_length(tolerance, allow_zero=True).m_as("mm"))


def _score(cat: Catalog, me: System, other: System, tol_mm: float) -> CounterpartScore | None:
    found = similarity(cat, me, other, tol_mm)
    if found.score <= 0:
        return None
    return CounterpartScore.model_construct(
        system=other.id,
        name=other.name,
        country=other.country,
        role=other.role,
        score=found.score,
        best_level=found.best_level,
        reasons=found.reasons,
        named=found.named,
    )


def _outward(logs: list[float], centres: list[float]) -> Iterator[tuple[float, int]]:
    """(distance, index) of every entry of the sorted ``logs``, nearest to any of ``centres`` first (an index may
    come more than once, from different centres)."""
    heap: list[tuple[float, int, int, int]] = []  # (distance, index, step, centre)
    for k, c in enumerate(centres):
        hi = bisect.bisect_left(logs, c)
        if hi < len(logs):
            heapq.heappush(heap, (logs[hi] - c, hi, 1, k))
        if hi - 1 >= 0:
            heapq.heappush(heap, (c - logs[hi - 1], hi - 1, -1, k))
    while heap:
        d, i, step, k = heapq.heappop(heap)
        yield d, i
        j = i + step
        if 0 <= j < len(logs):
            heapq.heappush(heap, (abs(logs[j] - centres[k]), j, step, k))


class _Tier:
    """One country's systems of some roles, sorted by log main caliber and by log headline range."""

    def __init__(self, ranker: _Ranker, systems: list[System]) -> None:
        cat = ranker.catalog
        self.systems = sorted(systems, key=lambda s: s.id)
        by_caliber = sorted((math.log(mm), s.id, s) for s in systems for mm, _ in profile(cat, s).calibers if mm > 0)
        self.caliber_logs = [t[0] for t in by_caliber]
        self.by_caliber = [t[2] for t in by_caliber]
        by_range = sorted((math.log(km), s.id, s) for s in systems if (km := profile(cat, s).range_km))
        self.range_logs = [t[0] for t in by_range]
        self.by_range = [t[2] for t in by_range]


class _Ranker:
    """What finding a system's best counterpart needs, built once per catalog, so that `overview` costs about
    the same per system whatever the catalog's size (scoring every pair was quadratic).

    The best counterpart is `counterparts`'s first entry. Systems a source pairs with ``me``, or whose main
    weapons share a caliber with its own (the only ones that can score on ammunition), are scored in full.
    The rest are searched in the best role tier that has any (the same role, else a related one, else any:
    `equipref.similarity` weighs roles so that a tier's worst beats the next tier's best), nearest main caliber
    first on a log scale, then nearest range, stopping once the most the unseen systems could score falls
    below the best found.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._range: dict[str, float | None] = {}
        self._by_weapon: dict[str, list[System]] = {}
        for s in catalog.systems():
            for arm in s.main_armament:
                self._by_weapon.setdefault(arm.weapon, []).append(s)
        self._tiers: dict[tuple[str, frozenset[str]], _Tier] = {}
        # Each answer once: the docs ask for every Chinese system's best Russian counterpart twice (the
        # overview that pairs the pages, and the scoring page), and a search is the costliest part of a page.
        self._best: dict[tuple[str, str, float], CounterpartScore | None] = {}

    def max_range_km(self, system: System) -> float | None:
        """The headline range of ``system`` (`equipref.headline`), in km, that counterpart scores compare."""
        return profile(self.catalog, system).range_km

    def _tier(self, country: str, roles: frozenset[str]) -> _Tier:
        key = (country, roles)
        if key not in self._tiers:
            self._tiers[key] = _Tier(self, [s for s in self.catalog.systems(country=country) if s.role in roles])
        return self._tiers[key]

    def best(self, me: System, country: str, tol_mm: float) -> CounterpartScore | None:
        key = (me.id, country, tol_mm)
        if key not in self._best:
            self._best[key] = self._search(me, country, tol_mm)
        return self._best[key]

    def _search(self, me: System, country: str, tol_mm: float) -> CounterpartScore | None:
        cat = self.catalog
        mine = profile(cat, me)
        special: dict[str, System] = {}
        for cp in me.counterparts:
            special[cp.system] = cat.system(cp.system)
        for other_id, _ in cat.counterparts_naming(me.id):
            special[other_id] = cat.system(other_id)
        index = caliber_index(cat)
        for weapon in mine.main_weapons:
            for claim in weapon.caliber:
                for pos in index.window(claim.value.m_as("mm"), tol_mm + 1e-6):
                    for s in self._by_weapon.get(index.weapons[pos], ()):
                        special[s.id] = s
        # The same exclusions as `counterparts`: itself, and its own base and variants.
        kin = cat.kin_of(me)
        seen = {me.id, *kin, *special}
        found = [
            score
            for other in special.values()
            if other.id not in kin and other.country == country
            for score in [_score(cat, me, other, tol_mm)]
            if score is not None
        ]
        best: list[CounterpartScore] = [min(found, key=_rank)] if found else []

        def top() -> float:
            return best[0].score if best else 0.0

        def consider(other: System) -> None:
            if other.id in seen:
                return
            seen.add(other.id)
            score = _score(cat, me, other, tol_mm)
            if score is not None and (not best or _rank(score) < _rank(best[0])):
                best[:] = [score]

        all_roles = frozenset(get_args(Role))
        family = frozenset(r for roles in ROLE_FAMILIES.values() if me.role in roles for r in roles)
        for roles in (frozenset({me.role}), family - {me.role}, all_roles - family - {me.role}):
            tier = self._tier(country, roles)
            if not any(s.id not in kin for s in tier.systems):
                continue
            base = max(role_points(me.role, r) for r in roles)
            mobile = MOBILITY_SAME if mine.mobility else 0.0
            rest = mobile + (RANGE if mine.range_km else 0.0) + (ERA if mine.year is not None else 0.0)
            margin = 1e-3  # rounded scores: a tie on the rounded score still goes to the first id
            centres = [math.log(mm) for mm, _ in mine.calibers if mm > 0]
            far = math.log(CALIBER_SPAN)
            exhausted = True
            for d, i in _outward(tier.caliber_logs, centres):
                if d >= far:
                    break
                if base + caliber_points(math.exp(d)) + rest < top() - margin:
                    exhausted = False
                    break
                consider(tier.by_caliber[i])
            if exhausted and top() - margin <= base + rest:
                # the rest score on no caliber: nearest range first
                era = mobile + (ERA if mine.year is not None else 0.0)
                done = False
                if mine.range_km:
                    for d, i in _outward(tier.range_logs, [math.log(mine.range_km)]):
                        if base + RANGE * range_closeness(math.exp(d)) + era < top() - margin:
                            done = True
                            break
                        if d >= math.log(RANGE_SPAN):
                            break
                        consider(tier.by_range[i])
                if not done and top() - margin <= base + era:
                    for other in tier.systems:  # nothing near enough on caliber or range: every one is scored
                        consider(other)
            break
        return best[0] if best else None


def _rank(score: CounterpartScore) -> tuple[float, str]:
    return (-score.score, score.system)


def _ranker(catalog: Catalog) -> _Ranker:
    return catalog.derived(_Ranker)


def overview(
    catalog: Catalog | None = None,
    left: str = "CN",
    right: str = "RU",
    policy: str | Policy = "supported",
) -> tuple[Comparison, ...]:
    """Every ``left``-country system against its ``right``-country counterparts: the asserted ones, or the
    best-ranked one when no source pairs it, or, when nothing ranks either, one comparison with no counterpart
    (``b`` is None) so that no system silently drops out. Ordered by role, then name, then counterpart name."""
    cat = catalog_or_default(catalog)
    rule = Policy.parse(policy, cat)
    roles = list(get_args(Role))
    out = []
    for system in sorted(cat.systems(country=left), key=lambda s: (roles.index(s.role), s.name.casefold(), s.id)):
        named = {cp.system for cp in system.counterparts} | {o for o, _ in cat.counterparts_naming(system.id)}
        partners = [o for o in map(cat.system, sorted(named)) if o.country == right and o.id != system.id]
        if not partners:
            best = _ranker(cat).best(system, right, 0.5)
            partners = [cat.system(best.system)] if best else []
        for partner in sorted(partners, key=lambda s: (s.name.casefold(), s.id)):
            out.append(_compare(cat, system, partner, rule))
        if not partners:
            out.append(_compare(cat, system, None, rule))
    return tuple(out)

"""Comparing two systems weapon by weapon, and ranking a system's counterparts.

`compare` aligns the two armaments pair by pair (matching calibers first, then like mounts), grades the
ammunition compatibility in each direction, and compares ranges like with like under a policy. `counterparts`
ranks other systems by what a source asserts and by what the catalog shows (role, shared ammunition,
similar calibers and ranges), with the reasons for every point of the score.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, get_args

from pydantic import BaseModel, ConfigDict

from equipref.catalog import catalog_or_default
from equipref.compat import LEVELS, Grade, Level, Reason, _grade, caliber_gap, knowledge
from equipref.headline import headline
from equipref.matching import as_length, caliber_index
from equipref.model import Length, Role, SignedLength
from equipref.names import country_code
from equipref.ranges import _CATEGORY_OF, CATEGORIES, Policy, RangeComparison, compare_ranges, range_figure
from equipref.units import Measure

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.model import Armament, System

__all__ = ["ArmamentPair", "Comparison", "CounterpartScore", "compare", "counterparts", "overview"]

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
    """A candidate counterpart, its score and the reasons for it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    system: str
    name: str
    country: str
    role: str
    score: float
    best_level: Level | None
    reasons: tuple[Reason, ...]


def _system(catalog: Catalog, value: System | str) -> System:
    return catalog.system(value)


def _asserted(a: System, b: System) -> tuple[Reason, ...]:
    out = []
    for x, y in ((a, b), (b, a)):
        for cp in x.counterparts:
            if cp.system == y.id:
                note = f": {cp.note}" if cp.note else ""
                out.append(
                    Reason.model_construct(text=f"a source pairs {x.name} with {y.name}{note}", sources=cp.sources)
                )
    return tuple(out)


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
        paired_by=_asserted(sa, sb) if sb else (),
        pairs=tuple(pairs),
    )


def _max_range_km(catalog: Catalog, system: System) -> float | None:
    return _ranker(catalog).max_range_km(system)


def _score(
    cat: Catalog, me: System, other: System, tol_mm: float, my_range: float | None, their_range: float | None
) -> CounterpartScore | None:
    """How well ``other`` answers for ``me``: the points and reasons `counterparts` documents; None for none."""
    know = knowledge(cat)
    score = 0.0
    reasons: list[Reason] = []
    asserted = _asserted(me, other)
    if asserted:
        score += 5
        reasons.extend(asserted)
    if other.role == me.role:
        score += 2
        reasons.append(Reason.model_construct(text=f"same role: {me.role}"))
    best: Level | None = None
    best_pair = ("", "")
    for wa in (cat.weapon(a.weapon) for a in me.armament):
        for arm in other.armament:
            wb = cat.weapon(arm.weapon)
            found = caliber_gap(wa, wb)
            if found is None or found[0] > tol_mm + 1e-9:
                continue
            for x, y in ((wa, wb), (wb, wa)):
                level, _ = _grade(know, x, y, tol_mm)
                if level not in (None, "incompatible") and (best is None or LEVELS.index(level) < LEVELS.index(best)):
                    best, best_pair = level, (x.name, y.name)
    if best is not None:
        points = {"interchangeable": 3, "conditional": 2, "caliber-only": 1}[best]
        score += points
        reasons.append(
            Reason.model_construct(text=f"ammunition: {best_pair[0]} rounds in {best_pair[1]} graded {best}")
        )
    if my_range and their_range:
        closeness = max(0.0, 1 - abs(math.log(my_range / their_range)))
        if closeness > 0:
            score += round(closeness, 3)
            reasons.append(
                Reason.model_construct(text=f"similar maximum range: {my_range:g} km and {their_range:g} km")
            )
    if score <= 0:
        return None
    return CounterpartScore.model_construct(
        system=other.id,
        name=other.name,
        country=other.country,
        role=other.role,
        score=round(score, 3),
        best_level=best,
        reasons=tuple(reasons),
    )


def counterparts(
    system: System | str,
    country: str | None = None,
    catalog: Catalog | None = None,
    tolerance: str | Measure = "0.5 mm",
) -> tuple[CounterpartScore, ...]:
    """Other systems ranked as counterparts of ``system``, best first, each with its score and reasons.

    Points: 5 for a pairing a source asserts; 2 for the same role; 3, 2 or 1 for the best ammunition grade
    between their weapons (interchangeable, conditional, caliber-only, either direction); up to 1 for
    similar maximum ranges. With ``country``, only that country's systems are ranked. The system's own base and
    variants are never ranked.
    """
    cat = catalog_or_default(catalog)
    me = _system(cat, system)
    tol_mm = as_length(tolerance, allow_zero=True).m_as("mm")
    wanted = country_code(country)
    ranker = _ranker(cat)
    my_range = ranker.max_range_km(me)
    kin = cat.kin_of(me)
    results = []
    for other in cat.systems():
        # A variant is the same system in another version, never its own counterpart.
        if other.id in kin or (wanted is not None and other.country != wanted):
            continue
        found = _score(cat, me, other, tol_mm, my_range, ranker.max_range_km(other))
        if found is not None:
            results.append(found)
    return tuple(sorted(results, key=lambda r: (-r.score, r.system)))


class _Ranker:
    """What finding a system's best counterpart needs, built once per catalog, so that `overview` costs the
    same per system whatever the catalog's size (asking `counterparts` for every system was quadratic).

    The best counterpart is `counterparts`'s first entry. Only systems sharing a caliber with ``me`` or named
    as a pairing can score on ammunition or assertion; they are scored in full. Every other system scores
    2 for the same role plus its range closeness, which is greatest for the nearest range on a log scale:
    those are found by bisection in per-role sorted ranges, with every tie on the rounded score considered.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._range: dict[str, float | None] = {}
        self._by_weapon: dict[str, list[System]] = {}
        for s in catalog.systems():
            for arm in s.armament:
                self._by_weapon.setdefault(arm.weapon, []).append(s)
        self._tables: dict[tuple[str, str | None], tuple[list[float], list[System], list[System]]] = {}

    def max_range_km(self, system: System) -> float | None:
        """The headline range of ``system`` (`equipref.headline`), in km, that counterpart scores compare."""
        if system.id not in self._range:
            figure = headline(self.catalog, system).range
            self._range[system.id] = None if figure is None else figure.value.m_as("km")
        return self._range[system.id]

    def _table(self, country: str, role: str | None) -> tuple[list[float], list[System], list[System]]:
        """(sorted log ranges, their systems; systems without a range, by id) of a country (and role)."""
        key = (country, role)
        if key not in self._tables:
            ranged, unranged = [], []
            for s in self.catalog.systems(country=country, role=role):
                km = self.max_range_km(s)
                if km:
                    ranged.append((math.log(km), s.id, s))
                else:
                    unranged.append(s)
            ranged.sort(key=lambda t: (t[0], t[1]))
            unranged.sort(key=lambda s: s.id)
            self._tables[key] = ([t[0] for t in ranged], [t[2] for t in ranged], unranged)
        return self._tables[key]

    def best(self, me: System, country: str, tol_mm: float) -> CounterpartScore | None:
        import bisect

        cat = self.catalog
        my_range = self.max_range_km(me)
        special: dict[str, System] = {}
        for cp in me.counterparts:
            special[cp.system] = cat.system(cp.system)
        for other_id, _ in cat.counterparts_naming(me.id):
            special[other_id] = cat.system(other_id)
        index = caliber_index(cat)
        for arm in me.armament:
            for claim in cat.weapon(arm.weapon).caliber:
                for pos in index.window(claim.value.m_as("mm"), tol_mm + 1e-6):
                    for s in self._by_weapon.get(index.weapons[pos], ()):
                        special[s.id] = s
        # The same exclusions as `counterparts`: itself, and its own base and variants.
        kin = cat.kin_of(me)
        skip = {me.id, *kin, *special}
        found = [
            score
            for other in special.values()
            if other.id not in kin and other.country == country
            for score in [_score(cat, me, other, tol_mm, my_range, self.max_range_km(other))]
            if score is not None
        ]

        def plain(role: str | None, base: float) -> list[CounterpartScore]:
            """The best system outside ``special`` among ``country``'s (of ``role``): its score is ``base`` plus
            the rounded closeness of its range to mine, computed here as `_score` computes it, so that only the
            winner is scored in full (ties on the rounded score go to the first id, as in `counterparts`)."""
            logs, ranged, unranged = self._table(country, role)

            def score_of(s: System) -> float:
                score, their = 0.0 + base, self.max_range_km(s)
                if my_range and their:
                    closeness = max(0.0, 1 - abs(math.log(my_range / their)))
                    if closeness > 0:
                        score += round(closeness, 3)
                return round(score, 3)

            best: tuple[float, str, System] | None = None
            if my_range:
                mine = math.log(my_range)
                lo = bisect.bisect_left(logs, mine) - 1
                hi = lo + 1
                while lo >= 0 or hi < len(logs):  # outwards, nearest range first
                    if hi >= len(logs) or (lo >= 0 and mine - logs[lo] <= logs[hi] - mine):
                        s, lo = ranged[lo], lo - 1
                    else:
                        s, hi = ranged[hi], hi + 1
                    if s.id in skip:
                        continue
                    score = score_of(s)
                    if score <= base or (best is not None and score < best[0] - 0.002):
                        break  # further ranges are further still (the margin covers the log-scale order)
                    if best is None or (-score, s.id) < (-best[0], best[1]):
                        best = (score, s.id, s)
            if best is None and base > 0:
                # no range close enough to count: every system ties at the base, the first id wins
                first = next((s for s in sorted([*ranged, *unranged], key=lambda s: s.id) if s.id not in skip), None)
                best = (base, first.id, first) if first is not None else None
            found = _score(cat, me, best[2], tol_mm, my_range, self.max_range_km(best[2])) if best else None
            return [found] if found is not None else []

        same_role = plain(me.role, 2.0)
        # another role scores at most 1 on range: it matters only when no system of the same role is left
        found += same_role or plain(None, 0.0)
        return min(found, key=lambda r: (-r.score, r.system)) if found else None


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

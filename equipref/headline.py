"""A system's headline figures, decided in one place: its main weapon, that weapon's caliber, and its range.

Every view that shows one line per system (the main table, ``equipref list``, the docs index, the charts and
the counterpart scores) asks `headline` and prints its cells with `caliber_cell` and `range_cell`, so they
never disagree. The range is picked by a policy (`equipref.ranges.Policy`), ``supported`` by default: the
value the most independent, best-graded origins give. A range cell shows that support at a glance::

    130 km (70–160 km, 9 claims, 5 origins)

which reads: 130 km is the supported figure; the claims range from 70 to 160 km; there are 9 claims from 5
independent origins. Every number in a cell is one some source wrote (see `equipref.display`).

A modular launcher (PHL-16: a 300 mm pod, a 370 mm pod or a missile container) has several load-outs; its
headline is the load-out whose range the most independent origins support, and says which one it is
(`Headline.loadout`), so that no view quietly shows a figure fewer origins give than another load-out's.

The one-line views that grade a pair of systems (the table, its CSV, the SQLite export, the docs) show the
grades of one pair of weapons, `graded_pair`, and name that pair when it is not the two headline weapons.

The API is small on purpose: `headline`, `headline_range`, `Headline`, `graded_pair`, `range_cell`,
`caliber_cell` and `DEFAULT_POLICY`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from equipref.display import fmt_claimed, fmt_span
from equipref.ranges import CATEGORIES, Policy, RangeFigure, range_figures

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.comparison import ArmamentPair, Comparison
    from equipref.model import Armament, Claim, System, Weapon
    from equipref.units import Measure

__all__ = [
    "DEFAULT_POLICY",
    "Headline",
    "LoadOut",
    "caliber_cell",
    "graded_pair",
    "headline",
    "headline_range",
    "headline_worthy",
    "range_cell",
]

#: The policy every headline cell uses unless the reader asks for another (``--policy max``).
DEFAULT_POLICY: Final = "supported"
UNKNOWN: Final = "unknown"


@dataclass(frozen=True)
class LoadOut:
    """One load-out of a modular launcher: the weapon fitted, and its best-supported range."""

    armament: Armament
    weapon: Weapon
    range: RangeFigure | None
    category: str | None


@dataclass(frozen=True)
class Headline:
    """What one line about a system shows: its main weapon, that weapon's caliber claims and its range."""

    system: System
    armament: Armament | None
    weapon: Weapon | None
    calibers: tuple[Claim[Measure], ...]
    range: RangeFigure | None
    policy: str
    #: The munition category of ``range`` (``rocket``, ``gun round``...).
    category: str | None = None
    #: Every load-out of a modular launcher, the headline's first; empty for a system with one main weapon.
    loadouts: tuple[LoadOut, ...] = ()

    @property
    def loadout(self) -> str | None:
        """``370 mm four-round pod, 1 of 3 load-outs`` for a modular launcher; None for any other system."""
        if not self.loadouts:
            return None
        return f"{_short_name(self.system, self.loadouts[0].weapon)}, 1 of {len(self.loadouts)} load-outs"

    def other_loadouts(self, unit: str) -> str:
        """The other load-outs and their ranges: ``300 mm five-round pod: 150 km (1 origin); ...``."""
        parts = []
        for other in self.loadouts[1:]:
            figure = range_cell(other.range, unit, support=False)
            n = len(other.range.origins) if other.range else 0
            support = f" ({n} origin{'s' if n != 1 else ''})" if other.range else ""
            parts.append(f"{_short_name(self.system, other.weapon)}: {figure}{support}")
        return "; ".join(parts)


def _short_name(system: System, weapon: Weapon) -> str:
    return weapon.name.removeprefix(f"{system.name} ").strip() or weapon.name


def headline(catalog: Catalog, system: System | str, policy: str | Policy = DEFAULT_POLICY) -> Headline:
    """The headline of ``system``: its first main weapon or launcher, and that weapon's range under ``policy``.

    The range is that of one munition category (natures such as rocket-assisted shells are not mixed with plain
    ones): the category whose figure the most independent origins support. A system whose main armament is
    several launchers (the load-outs of a modular launcher) is headlined by the load-out whose figure the most
    origins support, on a tie the first in catalog order. Like-for-like comparison between two systems is
    `equipref.compare`'s job, not this one's.
    """
    found = catalog.system(system)
    rule = Policy.parse(policy, catalog)
    # A catalog never changes, and one table asks for the same system's headline up to three times (its row,
    # its counterpart's ranking, the pair's other side).
    known = catalog.derived(_headlines)
    key = (found.id, str(rule))
    if key not in known:
        known[key] = _headline(catalog, found, rule)
    return known[key]


def headline_range(
    system: System | str, catalog: Catalog | None = None, policy: str | Policy = DEFAULT_POLICY
) -> RangeFigure | None:
    """The headline range of ``system`` (every view shows this figure): ``headline(...).range``."""
    from equipref.catalog import catalog_or_default

    return headline(catalog_or_default(catalog), system, policy).range


def _headlines(catalog: Catalog) -> dict[tuple[str, str], Headline]:
    """The headlines found so far in ``catalog``, by system id and policy."""
    return {}


def headline_worthy(claim: Claim[Measure], system_id: str) -> bool:
    """Whether ``claim`` may head ``system_id``'s line: its source gives it for that system (not for another one
    sharing the weapon or munition it sits on), and it is not a test result or the catalog's reading. The others
    stay in ``show`` and the docs with what makes them softer; a headline with none left is unknown."""
    return claim.is_direct(system_id) and not claim.is_soft


def _worthy_calibers(weapon: Weapon, system_id: str) -> tuple[Claim[Measure], ...]:
    return tuple(c for c in weapon.caliber if headline_worthy(c, system_id))


def _best_range(catalog: Catalog, arm: Armament, rule: Policy, system_id: str) -> tuple[str | None, RangeFigure | None]:
    """The munition category whose figure the most independent origins support, and that figure; on a tie,
    the first in CATEGORIES (plain rounds before extended-range ones). Only `headline_worthy` claims count."""

    def admit(claim: Claim[Measure]) -> bool:
        return headline_worthy(claim, system_id)

    figures = [(i, c, f) for i, (c, f) in enumerate(range_figures(catalog, arm, rule, admit)) if f is not None]
    best = min(figures, key=lambda item: (-len(item[2].origins), item[0]), default=None)
    return (best[1], best[2]) if best else (None, None)


def _headline(catalog: Catalog, found: System, rule: Policy) -> Headline:
    arms = found.main_armament
    if not arms:
        return Headline(found, None, None, (), None, str(rule))
    if len(arms) > 1 and all(a.mount == "launcher" for a in arms):
        loadouts = []
        for arm in arms:
            category, figure = _best_range(catalog, arm, rule, found.id)
            loadouts.append(LoadOut(arm, catalog.weapon(arm.weapon), figure, category))
        order = list(CATEGORIES)

        def support(item: tuple[int, LoadOut]) -> tuple[int, int, int]:
            i, lo = item
            n = len(lo.range.origins) if lo.range else -1
            return (-n, order.index(lo.category) if lo.category in order else len(order), i)

        ranked = tuple(lo for _, lo in sorted(enumerate(loadouts), key=support))
        top = ranked[0]
        calibers = _worthy_calibers(top.weapon, found.id)
        return Headline(found, top.armament, top.weapon, calibers, top.range, str(rule), top.category, ranked)
    arm = arms[0]
    weapon = catalog.weapon(arm.weapon)
    category, figure = _best_range(catalog, arm, rule, found.id)
    return Headline(found, arm, weapon, _worthy_calibers(weapon, found.id), figure, str(rule), category)


def graded_pair(comp: Comparison, catalog: Catalog) -> tuple[ArmamentPair | None, bool]:
    """The pair of weapons whose grades a one-line view of ``comp`` shows, and whether it is the two systems'
    headline weapons (when it is not, the view names it beside the headline calibers).

    The headline weapons' pair when the comparison aligned them and graded it; otherwise the best-graded pair
    of weapons both systems have, so that a row never shows a worse grade than its systems' weapons earn.
    """
    from equipref.compat import LEVELS

    a = headline(catalog, comp.a, comp.policy).weapon
    b = headline(catalog, comp.b, comp.policy).weapon if comp.b else None
    both = [p for p in comp.pairs if p.a_weapon and p.b_weapon]
    for pair in both:
        if a and b and pair.a_weapon == a.id and pair.b_weapon == b.id and pair.a_in_b is not None:
            return pair, True
    if not both:
        return comp.main, comp.b is None

    def rank(pair: ArmamentPair) -> tuple[int, int]:
        levels = [g.level for g in (pair.a_in_b, pair.b_in_a) if g is not None and g.level is not None]
        best = min((LEVELS.index(level) for level in levels), default=len(LEVELS))
        return (best, both.index(pair))

    return min(both, key=rank), False


def caliber_cell(claims: tuple[Claim[Measure], ...], unit: str) -> str:
    """The distinct calibers the claims give, each as written (with ``unit`` beside it when different)."""
    shown = dict.fromkeys(fmt_claimed(c.value, unit) for c in claims)
    return " / ".join(shown) if shown else UNKNOWN


def range_cell(figure: RangeFigure | None, unit: str, support: bool = True) -> str:
    """``130 km (70–160 km, 9 claims, 5 origins)``; without ``support`` only the figure (``130 km``)."""
    if figure is None:
        return UNKNOWN
    hedges = {c.hedge for c in figure.claims}
    hedge = hedges.pop() if len(hedges) == 1 else None
    text = fmt_claimed(figure.value, unit)
    if hedge:
        text = f"{hedge} {text}"
    if not support or figure.claim_count == 0:
        return text
    parts = []
    if figure.low is not None and figure.high is not None and figure.low.si != figure.high.si:
        parts.append(fmt_span(figure.low, figure.high))
    claims = figure.claim_count
    origins = figure.origin_count
    parts.append(f"{claims} claim{'s' if claims != 1 else ''}")
    parts.append(f"{origins} origin{'s' if origins != 1 else ''}")
    return f"{text} ({', '.join(parts)})"

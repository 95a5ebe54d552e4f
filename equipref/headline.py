"""A system's headline figures, decided in one place: its main weapon, that weapon's caliber, and its range.

Every view that shows one line per system (the main table, ``equipref list``, the docs index, the charts and
the counterpart scores) asks `headline` and prints its cells with `caliber_cell` and `range_cell`, so they
never disagree. The range is picked by a policy (`equipref.ranges.Policy`), ``supported`` by default: the
value the most independent, best-graded origins give. A range cell shows that support at a glance::

    130 km (70–160 km, 9 claims, 5 origins)

which reads: 130 km is the supported figure; the claims range from 70 to 160 km; there are 9 claims from 5
independent origins. Every number in a cell is one some source wrote (see `equipref.display`).

The API is small on purpose: `headline`, `Headline`, `range_cell`, `caliber_cell` and `DEFAULT_POLICY`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from equipref.display import fmt_claimed, fmt_span
from equipref.ranges import Policy, RangeFigure, range_figures

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.model import Armament, Claim, System, Weapon
    from equipref.units import Measure

__all__ = ["DEFAULT_POLICY", "Headline", "caliber_cell", "headline", "range_cell"]

#: The policy every headline cell uses unless the reader asks for another (``--policy max``).
DEFAULT_POLICY: Final = "supported"
UNKNOWN: Final = "unknown"


@dataclass(frozen=True)
class Headline:
    """What one line about a system shows: its main weapon, that weapon's caliber claims and its range."""

    system: System
    armament: Armament | None
    weapon: Weapon | None
    calibers: tuple[Claim[Measure], ...]
    range: RangeFigure | None
    policy: str


def headline(catalog: Catalog, system: System | str, policy: str | Policy = DEFAULT_POLICY) -> Headline:
    """The headline of ``system``: its first main weapon or launcher, and that weapon's range under ``policy``.

    The range is that of one munition category (natures such as rocket-assisted shells are not mixed with plain
    ones): the category whose figure the most independent origins support. Like-for-like comparison between two
    systems is `equipref.compare`'s job, not this one's.
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


def _headlines(catalog: Catalog) -> dict[tuple[str, str], Headline]:
    """The headlines found so far in ``catalog``, by system id and policy."""
    return {}


def _headline(catalog: Catalog, found: System, rule: Policy) -> Headline:
    arms = found.main_armament
    if not arms:
        return Headline(found, None, None, (), None, str(rule))
    arm = arms[0]
    weapon = catalog.weapon(arm.weapon)
    # Natures are kept apart: the headline is the range of one munition category, the one whose figure the most
    # independent origins support (on a tie, the first in CATEGORIES: plain rounds before extended-range ones).
    figures = [(i, f) for i, (_, f) in enumerate(range_figures(catalog, arm, rule)) if f is not None]
    best = min(figures, key=lambda item: (-len(item[1].origins), item[0]), default=None)
    return Headline(found, arm, weapon, weapon.caliber, best[1] if best else None, str(rule))


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

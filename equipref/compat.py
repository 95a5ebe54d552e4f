"""Grading ammunition compatibility between two weapons, one direction at a time.

Levels, from the best: ``interchangeable``, ``conditional``, ``caliber-only``, ``incompatible``.
Same caliber is not evidence: it earns ``caliber-only`` at most, shown as unverified. Better grades need a
shared ammunition family, a sourced statement about the rounds, or a sourced lineage between the guns (a
derived gun whose rounds no source confirms is ``conditional``). A source that doubts the fit lowers the
grade by one step, never below ``caliber-only``. Direction matters: A's rounds in B's weapon is graded apart
from B's rounds in A's, because a statement about one says nothing of the other.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from equipref.cartridge import SAME_CASE_MM, family_case_length, read_cartridge
from equipref.names import normalize_name
from equipref.units import Measure

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.model import AmmunitionFamily, Evidence, Weapon

__all__ = ["LEVELS", "Grade", "Level", "Reason", "grade"]

Level = Literal["interchangeable", "conditional", "caliber-only", "incompatible"]
#: Best first.
LEVELS: tuple[Level, ...] = ("interchangeable", "conditional", "caliber-only", "incompatible")


class Reason(BaseModel):
    """One step of a grade's reasoning, with the sources behind it (empty only for arithmetic on the catalog)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    text: str
    sources: tuple[str, ...] = ()


class Grade(BaseModel):
    """How well ``ammunition_of``'s rounds fit ``fired_from``, and why.

    ``level`` is None when it cannot be graded: a caliber is unknown and nothing else settles it.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    ammunition_of: str
    fired_from: str
    level: Level | None
    reasons: tuple[Reason, ...]


def _lower(level: Level) -> Level:
    """One step down for a sourced doubt, but a doubt alone never proves a misfit."""
    return {"interchangeable": "conditional", "conditional": "caliber-only"}.get(level, level)  # type: ignore[return-value]


class _Knowledge:
    """What grading needs from a catalog, indexed once: evidence by direction and weapon lineage."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lineages: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}
        self.evidence: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
        for ev in catalog.evidence:
            self.evidence[(ev.ammunition, ev.fired_from)].append(ev)
            if ev.both_ways and ev.ammunition != ev.fired_from:
                self.evidence[(ev.fired_from, ev.ammunition)].append(ev)

    def lineage(self, a: Weapon, b: Weapon) -> list[Reason]:
        """Sourced derivation links between two weapons: one derived from the other, or both from a third."""
        reasons = []
        ancestors_a = self._ancestors(a)
        ancestors_b = self._ancestors(b)
        if b.id in ancestors_a:
            reasons.append(self._lineage_reason(a, b, ancestors_a[b.id]))
        if a.id in ancestors_b:
            reasons.append(self._lineage_reason(b, a, ancestors_b[a.id]))
        if not reasons:
            reasons.extend(self._via_family(a, ancestors_a, b))
            reasons.extend(self._via_family(b, ancestors_b, a))
        if not reasons:
            for common in sorted(set(ancestors_a) & set(ancestors_b)):
                src = ancestors_a[common][1] + ancestors_b[common][1]
                name = self.catalog.weapon(common).name
                reasons.append(
                    Reason.model_construct(
                        text=f"{a.name} and {b.name} are both derived from {name}", sources=_uniq(src)
                    )
                )
                break
        return reasons

    def _via_family(
        self, child: Weapon, ancestors: dict[str, tuple[str, tuple[str, ...]]], other: Weapon
    ) -> list[Reason]:
        """``child`` derives from a weapon that shares ``other``'s ammunition family: the first such, if any."""
        if other.family is None:
            return []
        for ancestor_id in sorted(ancestors):
            ancestor = self.catalog.weapon(ancestor_id)
            if ancestor.family == other.family:
                how, sources = ancestors[ancestor_id]
                family = self.catalog.family(other.family)
                detail = f" ({how})" if how else ""
                return [
                    Reason.model_construct(
                        text=f"{child.name} is derived from {ancestor.name}{detail}, which fires the {family.name} "
                        f"rounds of {other.name}; no source confirms that the rounds are the same",
                        sources=_uniq(sources + family.sources),
                    )
                ]
        return []

    def _lineage_reason(self, child: Weapon, parent: Weapon, link: tuple[str, tuple[str, ...]]) -> Reason:
        how, sources = link
        detail = f" ({how})" if how else ""
        return Reason.model_construct(
            text=f"{child.name} is derived from {parent.name}{detail}; no source confirms that the rounds are the same",
            sources=sources,
        )

    def _ancestors(self, weapon: Weapon) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Every weapon ``weapon`` derives from, directly or not, with the qualifier and sources of the first link.

        Walked once per weapon: comparing every pair of systems asks for the same weapons again and again.
        """
        known = self._lineages.get(weapon.id)
        if known is not None:
            return known
        out: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._lineages[weapon.id] = out
        stack: list[tuple[Weapon, str, tuple[str, ...]]] = [(weapon, "", ())]
        while stack:
            current, how, sources = stack.pop()
            for claim in current.derived_from:
                if claim.value in out or claim.value == weapon.id:
                    continue
                link_sources = _uniq(sources + claim.sources)
                out[claim.value] = (how or claim.qualifier, link_sources)
                stack.append((self.catalog.weapon(claim.value), how or claim.qualifier, link_sources))
        return out


def _uniq(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def knowledge(catalog: Catalog) -> _Knowledge:
    return catalog.derived(_Knowledge)


def caliber_gap(a: Weapon, b: Weapon) -> tuple[float, Measure, Measure, tuple[str, ...]] | None:
    """The closest pair of caliber claims of two weapons: (gap in mm, a's caliber, b's caliber, their sources).

    None when either weapon's caliber is unknown.
    """
    best: tuple[float, Measure, Measure, tuple[str, ...]] | None = None
    for ca in a.caliber:
        for cb in b.caliber:
            gap = abs(ca.value.m_as("mm") - cb.value.m_as("mm"))
            if best is None or gap < best[0]:
                best = (gap, ca.value, cb.value, _uniq(ca.sources + cb.sources))
    return best


#: Calibers further apart than this are different bores for grading, whatever the tolerance: unit conversions
#: move a caliber by hundredths of a millimetre (4.921 in is 124.99 mm), never by a millimetre.
MAX_BORE_GAP_MM = 1.0

_GUN_KINDS = {"tank-gun", "autocannon", "machine-gun", "howitzer"}
_GUN_BORES = {"smoothbore", "rifled"}
_GUN_LOADINGS = {"fixed", "separate", "semi-fixed"}


def _kind_mismatch(a: Weapon, b: Weapon) -> Reason | None:
    """A gun's rounds are not rockets or missiles, and the other way round."""
    if (a.kind in _GUN_KINDS) != (b.kind in _GUN_KINDS):
        return Reason.model_construct(
            text=f"{a.name} is a {a.kind} and {b.name} a {b.kind}: shells and rockets do not mix"
        )
    return None


def _family_mismatch(fa: AmmunitionFamily, fb: AmmunitionFamily) -> Reason | None:
    """A difference between two families that settles the question: gun bores, gun loadings, or cartridges.

    A rocket in a launch container may be the very rocket another launcher fires from a bare tube, so the
    rocket bores (and rocket against missile) are not taken as proof of a misfit.
    """
    sources = _uniq(fa.sources + fb.sources)
    if fa.bore in _GUN_BORES and fb.bore in _GUN_BORES and fa.bore != fb.bore:
        return Reason.model_construct(
            text=f"different bore: {fa.bore} ({fa.name}) against {fb.bore} ({fb.name})", sources=sources
        )
    if fa.loading in _GUN_LOADINGS and fb.loading in _GUN_LOADINGS and fa.loading != fb.loading:
        return Reason.model_construct(
            text=f"different loading: {fa.loading} ({fa.name}) against {fb.loading} ({fb.name})", sources=sources
        )
    case_a, case_b = family_case_length(fa), family_case_length(fb)
    if case_a is not None and case_b is not None and abs(case_a.m_as("mm") - case_b.m_as("mm")) > SAME_CASE_MM:
        return Reason.model_construct(
            text=f"different cartridge cases: {case_a} ({fa.name}) against {case_b} ({fb.name})", sources=sources
        )
    if fa.standard and fb.standard and not _same_standard(fa.standard, fb.standard):
        return Reason.model_construct(text=f"different standards: {fa.standard} against {fb.standard}", sources=sources)
    return None


def _same_standard(a: str, b: str) -> bool:
    """Two standards name the same round: equal designations (``12.7x108mm``, ``12.7×108 mm``) or equal names."""
    ca, cb = read_cartridge(a), read_cartridge(b)
    if ca is not None and cb is not None:
        return (
            abs(ca.bore.m_as("mm") - cb.bore.m_as("mm")) <= SAME_CASE_MM
            and abs(ca.case_length.m_as("mm") - cb.case_length.m_as("mm")) <= SAME_CASE_MM
            and ca.rimmed == cb.rimmed
        )
    return normalize_name(a) == normalize_name(b)


def grade(
    ammunition_of: Weapon | str,
    fired_from: Weapon | str,
    catalog: Catalog | None = None,
    tolerance: str | Measure = "0.5 mm",
) -> Grade:
    """Grade the rounds of weapon ``ammunition_of`` fired from weapon ``fired_from`` (ids or models)."""
    from equipref.catalog import catalog_or_default
    from equipref.matching import as_length

    cat = catalog_or_default(catalog)
    a = cat.weapon(ammunition_of) if isinstance(ammunition_of, str) else ammunition_of
    b = cat.weapon(fired_from) if isinstance(fired_from, str) else fired_from
    level, reasons = _grade(knowledge(cat), a, b, as_length(tolerance, allow_zero=True).m_as("mm"))
    return Grade.model_construct(ammunition_of=a.id, fired_from=b.id, level=level, reasons=tuple(reasons))


def _grade(know: _Knowledge, a: Weapon, b: Weapon, tolerance_mm: float) -> tuple[Level | None, list[Reason]]:
    cat = know.catalog
    if a.id == b.id:
        return "interchangeable", [Reason.model_construct(text=f"the same weapon, {a.name}")]
    found = caliber_gap(a, b)
    # The tolerance is a window for finding weapons, not a fit: bores more than a millimetre apart
    # (152 mm against 155 mm) are different calibers however wide the window.
    if found is not None and found[0] > min(tolerance_mm, MAX_BORE_GAP_MM) + 1e-9:
        _, ca, cb, caliber_sources = found
        return "incompatible", [
            Reason.model_construct(text=f"different caliber: {ca} against {cb}", sources=caliber_sources)
        ]
    kinds = _kind_mismatch(a, b)
    if kinds is not None:
        return "incompatible", [kinds]
    if found is None:
        unknown = ", ".join(w.name for w in (a, b) if not w.caliber)
        return None, [Reason.model_construct(text=f"not graded: the caliber of {unknown} is unknown")]
    gap, ca, cb, caliber_sources = found
    same = "the same caliber" if gap == 0 else f"calibers within tolerance ({ca} and {cb})"
    caliber_reason = Reason.model_construct(text=f"{a.name} and {b.name}: {same}", sources=caliber_sources)
    fa = cat.family(a.family) if a.family else None
    fb = cat.family(b.family) if b.family else None
    if fa is not None and fb is not None and fa.id == fb.id:
        return "interchangeable", [
            caliber_reason,
            Reason.model_construct(text=f"the same ammunition family: {fa.name}", sources=fa.sources),
        ]

    reasons = [caliber_reason]
    level: Level = "caliber-only"
    doubts: list[Reason] = []
    if fa is not None and fb is not None:
        mismatch = _family_mismatch(fa, fb)
        if mismatch is not None:
            return "incompatible", [caliber_reason, mismatch]
        statements = know.evidence.get((fa.id, fb.id), [])
        stances = {ev.stance for ev in statements}
        for ev in statements:
            text = _evidence_text(ev, fa, fb)
            if ev.stance == "doubt":
                doubts.append(Reason.model_construct(text=text, sources=ev.sources))
            else:
                reasons.append(Reason.model_construct(text=text, sources=ev.sources))
        if "incompatible" in stances:
            return "incompatible", reasons + doubts
        if "interchangeable" in stances:
            level = "interchangeable"
        elif "conditional" in stances:
            level = "conditional"
    if level == "caliber-only":
        lineage = know.lineage(a, b)
        if lineage:
            reasons.extend(lineage)
            level = "conditional"
    if level == "caliber-only":
        missing = [w.name for w, f in ((a, fa), (b, fb)) if f is None]
        why = (
            f"the ammunition family of {', '.join(missing)} is unknown" if missing else "no source shows the rounds fit"
        )
        reasons.append(Reason.model_construct(text=f"unverified: same caliber, but {why}"))
    if doubts:
        lowered: Level = _lower(level)
        reasons.extend(doubts)
        if lowered != level:
            reasons.append(
                Reason.model_construct(text=f"lowered from {level} to {lowered} because a source doubts the fit")
            )
        level = lowered
    return level, reasons


def _evidence_text(ev: Evidence, fa: AmmunitionFamily, fb: AmmunitionFamily) -> str:
    stance = {
        "interchangeable": "rounds stated to be interchangeable",
        "conditional": "rounds stated to fit with conditions",
        "incompatible": "rounds stated not to fit",
        "doubt": "a source doubts the rounds fit",
    }[ev.stance]
    text = f"{stance} ({fa.name} in {fb.name})"
    if ev.conditions:
        text += ": " + "; ".join(ev.conditions)
    if ev.note:
        text += f". {ev.note}"
    return text

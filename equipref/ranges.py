"""Range claims: which claim stands when sources disagree (a policy), and comparing like with like.

Range belongs to a munition fired from its launcher, so a weapon's range on a system is read from the
munitions listed for it there. A policy picks among disagreeing claims and the result names every claim it
used, with the spread of all the claims it chose from:

- ``supported`` (the default): the value given by the most independent origins (`equipref.provenance.origins`:
  a retelling, mirror or relay counts once with what it repeats); on a tie, the one whose best source has the
  better grade; on a further tie, the lower value. It is the figure the sources support, not the boldest one.
- ``max``: the highest claim, as an article would quote it; ``min``: the most conservative;
- ``source=ID``: only that source's figures, highest first.

Nothing is averaged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from equipref.errors import UnknownNameError, UsageError, _short, check_type
from equipref.model import Hedge, Length, SignedLength
from equipref.provenance import best_grade, grade_rank, origins, value_groups
from equipref.units import Measure

if TYPE_CHECKING:
    from collections.abc import Callable

    from equipref.catalog import Catalog
    from equipref.model import Armament, Claim, Munition

__all__ = [
    "CATEGORIES",
    "fired_from",
    "Policy",
    "RangeComparison",
    "RangeFigure",
    "UsedClaim",
    "compare_ranges",
    "range_figure",
    "range_figures",
]

#: Munition kinds grouped into categories whose ranges can be compared with each other.
#: Natures the sources separate (base-bleed, rocket-assisted, guided) are categories of their own, so a
#: rocket-assisted shell's range is never compared with a plain shell's as if like for like.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "missile": ("ballistic-missile", "cruise-missile"),
    "rocket": ("unguided-rocket", "rocket"),
    "guided rocket": ("guided-rocket",),
    "gun-launched missile": ("atgm",),
    "gun round": ("apfsds", "heat", "he-frag", "he", "cartridge"),
    "base-bleed shell": ("base-bleed",),
    "rocket-assisted shell": ("rocket-assisted",),
    "guided shell": ("guided-shell",),
}
_CATEGORY_OF = {kind: cat for cat, kinds in CATEGORIES.items() for kind in kinds}


@dataclass(frozen=True, slots=True)
class Policy:
    """How to pick among disagreeing range claims."""

    rule: Literal["supported", "max", "min", "source"]
    source: str | None = None

    @classmethod
    def parse(cls, text: str | Policy, catalog: Catalog | None = None) -> Policy:
        """``"supported"``, ``"max"``, ``"min"`` or ``"source=ID"`` (the id must be a source of ``catalog``)."""
        if isinstance(text, Policy):
            return text
        check_type(text, str, "the range policy", "'supported', 'max', 'min' or 'source=ID'")
        value = text.strip()
        if value in ("supported", "max", "min"):
            return cls(value)  # type: ignore[arg-type]
        if value.startswith("source="):
            source_id = value.removeprefix("source=").strip()
            if catalog is not None:
                try:
                    catalog.source(source_id)
                except UnknownNameError as exc:
                    raise UnknownNameError("source", source_id, exc.suggestions) from None
            return cls("source", source_id)
        raise UsageError(f"unknown range policy {_short(text)}; expected 'supported', 'max', 'min' or 'source=ID'")

    def __str__(self) -> str:
        return f"source={self.source}" if self.rule == "source" else self.rule


class UsedClaim(BaseModel):
    """A range claim a figure rests on, with the munition it is for."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    munition: str
    munition_name: str
    value: Length
    sources: tuple[str, ...]
    qualifier: str = ""
    hedge: Hedge | None = None


class RangeFigure(BaseModel):
    """The range a policy picked for one weapon, every claim behind it, and the spread it was picked from.

    ``low`` and ``high`` are the lowest and highest of all ``claim_count`` claims the policy chose among (each
    as its source wrote it), ``origin_count`` their independent origins, and ``origins`` those of the value
    picked.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    value: Length
    claims: tuple[UsedClaim, ...]
    low: Length | None = None
    high: Length | None = None
    claim_count: int = 0
    origin_count: int = 0
    origins: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for c in self.claims for s in c.sources))


class RangeComparison(BaseModel):
    """Two weapons' ranges in one munition category (or over all munitions when they share none)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    category: str
    like_for_like: bool
    a: RangeFigure | None
    b: RangeFigure | None
    ratio: float | None
    difference: SignedLength | None


def _claims(
    catalog: Catalog, armament: Armament, admit: Callable[[Claim[Measure]], bool] | None = None
) -> list[tuple[Munition, Claim[Measure]]]:
    out: list[tuple[Munition, Claim[Measure]]] = []
    for munition_id in armament.munitions:
        munition = catalog.munition(munition_id)
        claims = fired_from(munition.max_range, armament.weapon)
        out.extend((munition, claim) for claim in claims if admit is None or admit(claim))
    return out


def fired_from(claims: tuple[Claim[Measure], ...], weapon_id: str) -> tuple[Claim[Measure], ...]:
    """The range claims that hold for a munition fired from ``weapon_id``: those naming no weapon, or that one."""
    return tuple(c for c in claims if c.fired_from in (None, weapon_id))


def _pick(catalog: Catalog, claims: list[tuple[Munition, Claim[Measure]]], policy: Policy) -> RangeFigure | None:
    if policy.rule == "source":
        claims = [(m, c) for m, c in claims if policy.source in c.sources]
    if not claims:
        return None
    if policy.rule == "supported":
        groups = value_groups([c.value for _, c in claims])

        def strength(group: list[int]) -> tuple[int, int, float]:
            cited = [s for i in group for s in claims[i][1].sources]
            return (-len(origins(catalog, cited)), grade_rank(best_grade(catalog, cited)), claims[group[0]][1].value.si)

        chosen = [claims[i] for i in min(groups, key=strength)]
    else:
        values = [c.value.si for _, c in claims]
        target = min(values) if policy.rule == "min" else max(values)
        chosen = [(m, c) for m, c in claims if math.isclose(c.value.si, target, rel_tol=1e-9)]
    chosen.sort(key=lambda mc: (mc[0].id, mc[1].sources, mc[1].qualifier))
    used = tuple(
        UsedClaim.model_construct(
            munition=m.id, munition_name=m.name, value=c.value, sources=c.sources, qualifier=c.qualifier, hedge=c.hedge
        )
        for m, c in chosen
    )
    by_size = sorted((c.value for _, c in claims), key=lambda v: v.si)
    return RangeFigure.model_construct(
        value=chosen[0][1].value,
        claims=used,
        low=by_size[0],
        high=by_size[-1],
        claim_count=len(claims),
        origin_count=len(origins(catalog, [s for _, c in claims for s in c.sources])),
        origins=origins(catalog, [s for _, c in chosen for s in c.sources]),
    )


def range_figure(
    catalog: Catalog, armament: Armament, policy: Policy, category: str | None = None
) -> RangeFigure | None:
    """The range of ``armament`` under ``policy``, over one munition category or all of them."""
    claims = _claims(catalog, armament)
    if category is not None:
        claims = [(m, c) for m, c in claims if _CATEGORY_OF[m.kind] == category]
    return _pick(catalog, claims, policy)


def range_figures(
    catalog: Catalog, armament: Armament, policy: Policy, admit: Callable[[Claim[Measure]], bool] | None = None
) -> list[tuple[str, RangeFigure | None]]:
    """`range_figure` for every munition category in CATEGORIES order, the armament's claims gathered once
    (only those ``admit`` accepts, when given)."""
    claims = _claims(catalog, armament, admit)
    return [
        (category, _pick(catalog, [(m, c) for m, c in claims if _CATEGORY_OF[m.kind] == category], policy))
        for category in CATEGORIES
    ]


def _ratio_and_difference(a: RangeFigure | None, b: RangeFigure | None) -> tuple[float | None, Measure | None]:
    if a is None or b is None:
        return None, None
    unit = a.value.unit
    # To 12 significant digits: a unit conversion leaves float noise (0.375 from figures written in inches comes
    # out 0.37499999...), which would show a ratio as 0.37 from one catalog and 0.38 from the same one in metres.
    return float(f"{a.value.si / b.value.si:.12g}"), Measure(a.value.m_as(unit) - b.value.m_as(unit), unit)


def compare_ranges(catalog: Catalog, a: Armament, b: Armament, policy: Policy) -> tuple[RangeComparison, ...]:
    """Range comparisons of two armaments: one per munition category both have claims in, largest first.

    When they share no category, one comparison over all munitions, marked ``like_for_like=False``.
    """
    claims_a = _claims(catalog, a)
    claims_b = _claims(catalog, b)
    if policy.rule == "source":
        claims_a = [(m, c) for m, c in claims_a if policy.source in c.sources]
        claims_b = [(m, c) for m, c in claims_b if policy.source in c.sources]
    cats_a = {_CATEGORY_OF[m.kind] for m, _ in claims_a}
    cats_b = {_CATEGORY_OF[m.kind] for m, _ in claims_b}
    common = cats_a & cats_b
    out: list[RangeComparison] = []
    for category in sorted(common):
        fa = _pick(catalog, [(m, c) for m, c in claims_a if _CATEGORY_OF[m.kind] == category], policy)
        fb = _pick(catalog, [(m, c) for m, c in claims_b if _CATEGORY_OF[m.kind] == category], policy)
        ratio, difference = _ratio_and_difference(fa, fb)
        out.append(
            RangeComparison.model_construct(
                category=category, like_for_like=True, a=fa, b=fb, ratio=ratio, difference=difference
            )
        )
    if not out and (claims_a or claims_b):
        fa, fb = _pick(catalog, claims_a, policy), _pick(catalog, claims_b, policy)
        ratio, difference = _ratio_and_difference(fa, fb)
        out.append(
            RangeComparison.model_construct(
                category="all munitions", like_for_like=False, a=fa, b=fb, ratio=ratio, difference=difference
            )
        )

    def biggest(rc: RangeComparison) -> tuple[float, str]:
        return (-max(f.value.si for f in (rc.a, rc.b) if f is not None), rc.category)

    return tuple(sorted(out, key=biggest))

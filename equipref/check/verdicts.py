"""Verdicts: the catalog's claims for a figure's field, their independent origins, and what they say of it.

``supported``: an origin other than this text gives the same value within the precision the text writes;
``contested``: other origins give other values; ``only this source``: every claim comes from this text or what
it retells; ``new``: no claim for the field; ``not in the catalog``: a name the catalog does not know;
``unchecked``: a figure the catalog keeps no field for; ``ambiguous``: several names fit equally.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from equipref.check.document import Document, Target, TextSentence
from equipref.check.model import FIELD_LABELS, Field, Finding, UsedClaim
from equipref.check.numbers import fmt as _fmt
from equipref.check.quantities import ProseQuantity
from equipref.model import Claim
from equipref.provenance import origins
from equipref.units import Measure

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.model import System

__all__ = ["Judge"]

_LOWER_BOUNDS = frozenset({"more than", "at least"})
_UPPER_BOUNDS = frozenset({"less than", "at most"})


class Judge:
    """Gives findings their verdicts for one document, against one catalog, not counting the text's own origins."""

    def __init__(self, catalog: Catalog, doc: Document, own: Iterable[str]) -> None:
        self.catalog = catalog
        self.doc = doc
        self.own = set(own)
        # A long text names the same systems again and again: each claim set, and each claim weighed against
        # one value, is worked out once (UsedClaim is frozen, so findings share it), keeping time and memory
        # linear in the text with a small constant.
        self._claim_sets: dict[tuple[object, ...], list[tuple[Claim[Any], str]]] = {}
        self._used: dict[tuple[object, ...], UsedClaim] = {}
        self._origins: dict[tuple[str, ...], tuple[str, ...]] = {}

    def judge(
        self,
        s: TextSentence,
        q: ProseQuantity,
        target: Target,
        reason: str,
        field_name: Field,
        detail: str,
        value: float,
        precision: float,
    ) -> Finding:
        shown = q.shown if q.low is None or field_name not in ("min_range", "max_range") else f"{_fmt(value)} {q.unit}"
        base: dict[str, Any] = {
            "sentence": s.index,
            "start": q.start,
            "end": q.end,
            "quote": q.text,
            "value": shown,
            "hedge": q.hedge if field_name != "min_range" else None,
            "readings": q.readings,
            "field": field_name,
            "detail": detail,
            "named_as": target.named_as,
            "reason": reason,
        }
        if target.kind == "ambiguous":
            names = tuple(c.name for c in target.candidates)
            return Finding.model_construct(
                **base, candidates=names, verdict="ambiguous", explanation=f"could be about {' or '.join(names)}"
            )
        if target.kind == "unknown":
            return Finding.model_construct(
                **base,
                unknown=target.name,
                verdict="not in the catalog",
                explanation=f"{target.name} is not in the catalog",
            )
        system_id, about = self._system_and_about(target)
        system_name = self.catalog.system(system_id).name if system_id else None
        about_name = None
        if about is not None:
            about_name = (self.catalog.weapon(about) if target.kind == "weapon" else self.catalog.munition(about)).name
        base.update(system=system_id, system_name=system_name, about=about, about_name=about_name)
        if (
            field_name == "other"
            or detail.endswith(("not an inventory", "not a total", "not vehicles"))
            or detail == "targets in an event"
        ):
            what = detail or "this figure"
            return Finding.model_construct(
                **base, verdict="unchecked", explanation=f"the catalog keeps no field for {what}"
            )
        claims = self._claims(target, field_name, q, s)
        if not claims:
            if field_name == "caliber":
                return Finding.model_construct(**base, verdict="new", explanation=self._no_caliber_note(target))
            return Finding.model_construct(
                **base, verdict="new", explanation=f"the catalog has no {FIELD_LABELS[field_name]} claim here"
            )
        used = [self._use(c, where, field_name, value, precision, q) for c, where in claims]
        independent = [u for u in used if not u.this_text]
        agreeing = [u for u in independent if u.agrees]
        spread = self._spread([c for c, _ in claims], value, q, field_name)
        if not independent:
            return Finding.model_construct(
                **base, verdict="only this source", claims=tuple(used),
                explanation="every claim the catalog has for this comes from this text or what it retells",
            )  # fmt: skip
        if agreeing:
            origins_ = sorted({o for u in agreeing for o in u.origins} - self.own)
            return Finding.model_construct(
                **base, verdict="supported", claims=tuple(used), spread=spread,
                explanation=f"independently given by {', '.join(origins_)}",
            )  # fmt: skip
        others = sorted({u.value for u in independent}, key=lambda v: (float(v.split()[0]), v))
        return Finding.model_construct(
            **base, verdict="contested", claims=tuple(used), spread=spread,
            explanation=f"other origins give {', '.join(others)}",
        )  # fmt: skip

    def _systems_with(self, weapon_id: str | None = None, munition_id: str | None = None) -> tuple[str, ...]:
        out = []
        for system in self.catalog.systems():
            for a in system.armament:
                if (weapon_id and a.weapon == weapon_id) or (munition_id and munition_id in a.munitions):
                    out.append(system.id)
                    break
        return tuple(out)

    def _system_and_about(self, target: Target) -> tuple[str | None, str | None]:
        if target.kind == "system":
            return target.id, None
        if target.kind == "weapon":
            return None, target.id  # a gun named on its own ("a copy of our 2A46M") is not one system's
        systems = self._systems_with(munition_id=target.id)
        return (systems[0] if len(systems) == 1 else None), target.id

    def _no_caliber_note(self, target: Target) -> str:
        if target.kind != "system" or not target.id:
            return "the catalog has no caliber claim here"
        calibers = sorted(
            {
                str(c.value)
                for a in self.catalog.system(target.id).armament
                for c in self.catalog.weapon(a.weapon).caliber
            }
        )
        if not calibers:
            return "the catalog has no caliber claim for it"
        return f"no weapon of about this caliber on record for it (the catalog has {', '.join(calibers)})"

    def _context_caliber(self, s: TextSentence, q: ProseQuantity) -> float | None:
        """The caliber the text ties this figure to: in its clause, else its sentence (``370-mm ... 220 km``)."""
        if q.kind == "length" and q.unit in ("mm", "cm", "in"):
            return None
        mid = re.search(r"(\d{2,3})[ \u00a0]?-?(?:mm|毫米)", q.text)
        if mid:
            return float(mid.group(1))
        c_start, c_end = self.doc.clause(s, q)
        pool = [x for x in self.doc.in_sentence.get(s.index, []) if x.kind == "length" and x.unit in ("mm", "cm", "in")]
        # "8枚370毫米火箭弹": a caliber written right after a count is the round it counts.
        text = self.doc.text
        right_after = next(
            (x for x in pool if q.kind == "count" and 0 <= x.start - q.end <= 1 and not text[q.end : x.start].strip()),
            None,
        )
        if right_after is not None:
            return Measure(right_after.value, right_after.unit).m_as("mm")
        in_clause = [x for x in pool if c_start <= x.start < c_end]
        chosen = in_clause or pool
        if not chosen:
            return None
        # A range follows the round it describes ("300mm rockets, with ranges of 70 to 150 km"): the caliber
        # written before it wins over one written after.
        before = [x for x in chosen if x.end <= q.start]
        nearest = before[-1] if before else min(chosen, key=lambda x: x.start - q.end)
        return Measure(nearest.value, nearest.unit).m_as("mm")

    def _claims(
        self, target: Target, field_name: Field, q: ProseQuantity, s: TextSentence
    ) -> list[tuple[Claim[Any], str]]:
        caliber = self._context_caliber(s, q)
        mm = Measure(q.value, q.unit).m_as("mm") if field_name == "caliber" else None
        key = (target.kind, target.id, field_name, caliber, mm)
        found = self._claim_sets.get(key)
        if found is None:
            found = self._claim_sets[key] = self._claims_for(target, field_name, q, caliber)
        return found

    def _claims_for(
        self, target: Target, field_name: Field, q: ProseQuantity, caliber: float | None
    ) -> list[tuple[Claim[Any], str]]:
        catalog = self.catalog
        if target.kind == "system" and target.id:
            system = catalog.system(target.id)
            if field_name == "weight":
                return [(c, f"{system.name} combat weight") for c in system.combat_weight]
            if field_name == "crew":
                return [(c, f"{system.name} crew") for c in system.crew]
            if field_name == "numbers":
                return [(c, f"{system.name} numbers") for c in system.numbers]
            if field_name == "in_service":
                return [(c, f"{system.name} in service") for c in system.in_service]
            if field_name == "caliber":
                return self._caliber_claims(system, q)
            if field_name in ("tubes", "rounds"):
                out: list[tuple[Claim[Any], str]] = []
                for a in system.armament:
                    w = catalog.weapon(a.weapon)
                    if caliber is not None and not _near_caliber(w.caliber, caliber):
                        continue
                    out.extend((c, f"{system.name} {w.name}: rounds per vehicle") for c in a.rounds)
                    if field_name == "tubes":
                        out.extend((c, f"{w.name}: tubes") for c in w.tubes)
                return out
            munitions = [catalog.munition(m) for a in system.armament for m in a.munitions]
            return self._range_claims(munitions, field_name, caliber)
        if target.kind == "weapon" and target.id:
            weapon = catalog.weapon(target.id)
            if field_name == "caliber":
                return [(c, weapon.name) for c in weapon.caliber]
            if field_name == "tubes":
                return [(c, f"{weapon.name}: tubes") for c in weapon.tubes]
            if field_name in ("max_range", "min_range") and weapon.family:
                return self._range_claims([m for m in catalog.munitions if m.family == weapon.family], field_name, None)
            return []
        if target.kind == "munition" and target.id:
            munition = catalog.munition(target.id)
            if field_name == "caliber":
                return [(c, munition.name) for c in munition.caliber]
            if field_name in ("max_range", "min_range"):
                return self._range_claims([munition], field_name, None)
            return []  # a round keeps no weight, crew or count: weighing one against its ranges raised
        return []

    def _caliber_claims(self, system: System, q: ProseQuantity) -> list[tuple[Claim[Any], str]]:
        mm = Measure(q.value, q.unit).m_as("mm")
        out: list[tuple[Claim[Any], str]] = []
        seen: set[str] = set()
        for a in system.armament:
            w = self.catalog.weapon(a.weapon)
            if w.id in seen or not any(abs(c.value.m_as("mm") - mm) <= 0.15 * mm for c in w.caliber):
                continue
            seen.add(w.id)
            out.extend((c, w.name) for c in w.caliber)
        return out

    def _range_claims(
        self, munitions: Iterable[Any], field_name: Field, caliber: float | None
    ) -> list[tuple[Claim[Any], str]]:
        chosen = list(dict.fromkeys(munitions))
        if caliber is not None:
            fitting = [m for m in chosen if _near_caliber(self._munition_calibers(m), caliber)]
            chosen = fitting or chosen
        out: list[tuple[Claim[Any], str]] = []
        for m in chosen:
            claims = m.max_range if field_name == "max_range" else m.min_range
            out.extend((c, m.name) for c in claims)
        return out

    def _munition_calibers(self, munition: Any) -> list[Claim[Any]]:
        found = list(munition.caliber)
        for w in self.catalog.weapons:
            if w.family and w.family == munition.family:
                found.extend(w.caliber)
        return found

    def _use(
        self, claim: Claim[Any], where: str, field_name: Field, value: float, precision: float, q: ProseQuantity
    ) -> UsedClaim:
        # A bound is the text's on the figure it writes: not on a span's low end ("more than 20 to 70 km"), nor on
        # a minimum range, whose "no closer than 50 km" gives the minimum itself.
        bound = q.hedge if value == q.value and field_name != "min_range" else None
        key = (id(claim), where, value, precision, q.unit, q.per, bound)
        found = self._used.get(key)
        if found is None:
            found = self._used[key] = self._weigh(claim, where, value, precision, q, bound)
        return found

    def _weigh(
        self, claim: Claim[Any], where: str, value: float, precision: float, q: ProseQuantity, bound: str | None
    ) -> UsedClaim:
        claim_origins = self._origins.get(claim.sources)
        if claim_origins is None:
            claim_origins = self._origins[claim.sources] = origins(self.catalog, claim.sources)
        this_text = bool(self.own) and set(claim_origins) <= self.own
        if isinstance(claim.value, Measure):
            text_si = Measure(value, q.unit).si
            tolerance = Measure(precision, q.unit).si if precision > 0 else 0.0
            slack = 1e-9 * max(1.0, abs(text_si))
            have = claim.value.si
        else:
            text_si, tolerance, slack, have = value, 0.0, 1e-9, float(claim.value)
        # A bound agrees with every claim inside it: "more than 100 km" with a catalog's 130 km.
        if bound in _LOWER_BOUNDS:
            agrees = have >= text_si - slack
        elif bound in _UPPER_BOUNDS:
            agrees = have <= text_si + slack
        elif isinstance(claim.value, Measure):
            agrees = abs(have - text_si) <= tolerance + slack
        else:
            agrees = claim.value == value or (q.per is not None and claim.value == q.per)
        return UsedClaim.model_construct(
            value=str(claim.value),
            hedge=claim.hedge,
            qualifier=claim.qualifier,
            on=where,
            sources=claim.sources,
            origins=claim_origins,
            agrees=agrees,
            this_text=this_text,
        )

    def _spread(self, claims: list[Claim[Any]], value: float, q: ProseQuantity, field_name: Field) -> str | None:
        if field_name in ("crew", "tubes", "rounds", "numbers", "in_service"):
            numbers = sorted({float(c.value) for c in claims} | {value})
            return f"{_fmt(numbers[0])}–{_fmt(numbers[-1])}" if len(numbers) > 1 else None
        unit = q.unit
        values = sorted({c.value.m_as(unit) for c in claims} | {value})
        if len(values) < 2:
            return None
        return f"{_fmt(values[0])}–{_fmt(values[-1])} {unit}"


def _near_caliber(claims: Iterable[Claim[Any]], mm: float) -> bool:
    return any(abs(c.value.m_as("mm") - mm) <= 0.02 * mm + 0.5 for c in claims)

"""Fields: what a number measures, from its dimension and the words around it.

A length in millimetres is a caliber unless the words say armour or a dimension; a distance is a range only
where the text speaks of firing or the system is artillery, and never a road range or an elevation; a mass is
a vehicle's weight unless it is a round's, a warhead's or a load's; a count is a crew, tubes, rounds carried,
numbers (an inventory), or a figure of an event the catalog keeps no field for. The cue words are data
(``lang/*.toml``, section ``cues``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from equipref.check.document import Document, Target, TextSentence
from equipref.check.language import cue, cue_alternation
from equipref.check.model import Field
from equipref.check.quantities import ProseQuantity
from equipref.units import Measure

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = ["fields", "year_cue"]

_IN_SERVICE_CUE: Final = cue("in_service", "[^.;]{0,60}$")
_YEAR_CUE: Final = cue("year", "[^.;]{0,60}$")
_RANGE_CUE: Final = cue("range")
_MIN_CUE: Final = cue("minimum", "[^.;]{0,30}$")
_MAX_CUE: Final = cue("maximum")
_IN_SERVICE_AFTER: Final = re.compile(rf"(?:{cue_alternation('in_service_after')})")
_ELEVATION_CUE: Final = cue("elevation")
_ROAD_CUE: Final = cue("road")
_ARMOR_CUE: Final = cue("armour")
_NOT_VEHICLE_MASS: Final = cue("not_vehicle_mass")
_EVENT_CUE: Final = cue("event")
_CAPABLE_RE: Final = cue("capable")
# "экипаж — три человека", "crew: 3 people": people counted right after the word for a crew are the crew.
# ("Расчет «Торнадо-Г» состоит из трех человек": the name may come between; "a crew of three and room for
# seven troops": not past an "and".)
_CREW_BEFORE: Final = cue("crew_before", r"(?:(?!\band\b|\bи\b)[^\d.;,]){0,30}$")
_TRANSPORT_CUE: Final = cue("transport")
_PLACE_AFTER: Final = re.compile(rf"(?i)^[ \u00a0]*(?:{cue_alternation('place_after')})")
_PLACE_BEFORE: Final = cue("place_before", r"(?:约|約|大约|大約|仅|僅)?[ \u00a0]*$")
_SIZE_AFTER: Final = re.compile(rf"(?i)^[ \u00a0]*(?:{cue_alternation('size_after')})")
_SIZE_BEFORE: Final = cue("size_before", r"[ \u00a0]*$")
_DIFFERENCE_AFTER: Final = re.compile(rf"(?i)^[ \u00a0]*(?:{cue_alternation('difference_after')})")
_DIFFERENCE_BEFORE: Final = cue("difference_before", r"(?:约|約|大约|大約)?[ \u00a0]*$")
_ARTILLERY_ROLES: Final = frozenset({"SPH", "TH", "MOR", "MLRS", "SRBM"})
_OTHER_LABELS: Final = {
    "speed": "speed",
    "power": "engine power",
    "time": "time",
    "rate": "rate of fire",
    "configuration": "configuration",
    "barrel": "barrel length",
    "period": "period",
}


def year_cue(doc: Document, s: TextSentence, q: ProseQuantity) -> str:
    """What a year is the year of, from the words before it (``in service``, ``unveiled``...), or ""."""
    before = doc.text[max(s.start, q.start - 70) : q.start]
    if re.search(r"(?i)(?:\bby|\buntil|\bbefore|(?<![\w])к|(?<![\w])до)[ \u00a0]+$", before):
        return ""  # "fielded 400 by 2024": a deadline, not the year it entered service
    if _IN_SERVICE_CUE.search(before) or _IN_SERVICE_AFTER.match(doc.text, q.end, min(s.end, q.end + 12)):
        return "in service"
    found = _YEAR_CUE.search(before)
    return found.group(0).split()[0].casefold() if found else ""


def _role(catalog: Catalog, target: Target) -> str | None:
    if target.kind == "system" and target.id:
        return catalog.system(target.id).role
    return None


def fields(
    doc: Document, catalog: Catalog, s: TextSentence, q: ProseQuantity, target: Target, year_cue: str
) -> list[tuple[Field, str, float, float]]:
    """The fields ``q`` gives for ``target``: (field, detail, value, precision); a span gives two."""
    c_start, c_end = doc.clause(s, q)
    clause = doc.text[c_start:c_end]
    before = doc.text[max(s.start, q.start - 50) : q.start]
    sentence = doc.text[s.start : s.end]
    after = doc.text[q.end : min(s.end, q.end + 30)]
    one: Field
    if q.kind not in ("year", "period") and (_DIFFERENCE_AFTER.match(after) or _DIFFERENCE_BEFORE.search(before)):
        return [("other", "a difference between two figures", q.value, q.precision)]
    if q.kind == "length" and q.unit not in ("mm", "cm", "in"):
        if _PLACE_AFTER.match(after) or _PLACE_BEFORE.search(before):
            return [("other", "distance to a place", q.value, q.precision)]
        if _SIZE_AFTER.match(after) or _SIZE_BEFORE.search(before):
            return [("other", "size of something", q.value, q.precision)]
    if q.kind == "length":
        if q.unit in ("mm", "cm", "in"):
            label = re.match(r"\s*([A-Za-z ]{3,20}):", sentence)
            near = doc.text[max(c_start, q.start - 25) : min(c_end, q.end + 15)].replace(q.text, " ")
            if (label and _ARMOR_CUE.search(label.group(1))) or _ARMOR_CUE.search(near):
                return [("other", "armour or dimension", q.value, q.precision)]
            return [("caliber", "", q.value, q.precision)]
        if _ELEVATION_CUE.search(clause):
            return [("other", "elevation", q.value, q.precision)]
        if _ROAD_CUE.search(clause):
            return [("other", "road range", q.value, q.precision)]
        artillery = _role(catalog, target) in _ARTILLERY_ROLES or target.kind == "munition"
        cue = _RANGE_CUE.search(sentence) is not None
        if q.unit == "m" and q.value < 1000 and not cue:
            return [("other", "distance", q.value, q.precision)]
        if not (cue or artillery):
            return [("other", "distance", q.value, q.precision)]
        if q.low is not None:
            return [("min_range", "low end of a span", q.low, q.precision), ("max_range", "", q.value, q.precision)]
        # "最小射程为50公里，最大射程不超过500公里": the nearer of the two words decides.
        low_word = _MIN_CUE.search(before)
        high_words = [m.start() for m in _MAX_CUE.finditer(before)]
        one = "min_range" if low_word and not (high_words and high_words[-1] > low_word.start()) else "max_range"
        return [(one, "", q.value, q.precision)]
    if q.kind == "mass":
        tonnes = Measure(q.value, q.unit).m_as("t")
        near = doc.text[max(c_start, q.start - 40) : min(c_end, q.end + 25)]
        if _NOT_VEHICLE_MASS.search(near) or not 1 <= tonnes <= 200:
            return [("other", "weight of something else (a round, a warhead, a load)", q.value, q.precision)]
        return [("weight", "", q.value, q.precision)]
    if q.kind == "count":
        # Quoted names ("Fire Dragon 280") are not words of the sentence: "Fire" there is no event.
        near = re.sub(r"[“\"][^”\"]{0,40}[”\"]", " ", doc.text[max(s.start, q.start - 60) : q.end])
        if q.noun == "crew":
            return [("crew", "", q.value, 0.0)]
        if q.noun == "tubes":
            return [("tubes", "per vehicle or pod", q.value, 0.0)]
        if q.noun in ("munitions", "rounds"):
            if _EVENT_CUE.search(near) and not _CAPABLE_RE.search(doc.text[s.start : q.start]):
                return [("numbers", "fired in an event, not an inventory", q.value, 0.0)]
            # Rounds are a gun's load ("34 rounds for its 100 mm gun", "40 выстрелов", "备弹27發"); a launcher's
            # rounds are its rockets, as are rockets and missiles carried ("40发火箭", "eight 370 mm rockets").
            if q.noun == "rounds" and _role(catalog, target) not in ("MLRS", "SRBM"):
                return [("rounds", "", q.value, 0.0)]
            return [("tubes", "a load-out", q.value, 0.0)]
        if q.noun in ("vehicles", "the system"):
            if _EVENT_CUE.search(clause) or _EVENT_CUE.search(near):
                return [("numbers", "seen or used in an event, not an inventory", q.value, 0.0)]
            if _TRANSPORT_CUE.search(near):
                return [("numbers", "carried by a transport, not an inventory", q.value, 0.0)]
            return [("numbers", "", q.value, 0.0)]
        if q.noun.startswith("per "):
            return [("numbers", f"{q.noun}, not a total", q.value, 0.0)]
        if q.noun == "formations":
            return [("numbers", "formations equipped, not vehicles", q.value, 0.0)]
        if q.noun == "targets":
            return [("numbers", "targets in an event", q.value, 0.0)]
        if q.noun == "people":
            if _CREW_BEFORE.search(doc.text[max(s.start, q.start - 40) : q.start]):
                return [("crew", "", q.value, 0.0)]
            return [("other", "personnel carried", q.value, 0.0)]
        return [("other", q.noun, q.value, 0.0)]
    if q.kind == "year":
        if year_cue == "in service":
            return [("in_service", "", q.value, 0.0)]
        return [("other", f"year ({year_cue})", q.value, 0.0)]
    return [("other", _OTHER_LABELS.get(q.kind, q.kind), q.value, q.precision)]

"""Cartridge designations such as ``30x165mm``, ``7.62×39 mm`` or ``7.62x54R``: bore and case length, in mm.

A designation is a name, not arithmetic: pint reads ``7.62×39 mm`` as a product (297 mm), so designations never
reach the quantity parser. They are read here by one strict grammar instead: a bore in millimetres, ``x`` or
``×``, a case length in millimetres, an optional ``mm`` and an optional ``R`` (rimmed). Anything else is not a
designation. Two weapons of one caliber whose case lengths differ (30 × 165 mm against 30 × 173 mm) do not share
rounds, so the case length is part of what a family is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final, NamedTuple

from equipref.errors import QuantityError
from equipref.units import Measure

if TYPE_CHECKING:
    from equipref.model import AmmunitionFamily

__all__ = ["Cartridge", "family_case_length", "parse_cartridge", "read_cartridge"]

#: Longer text is refused before the grammar sees it: a designation is a dozen characters.
MAX_DESIGNATION_LENGTH: Final = 32
#: Case lengths within this much are the same case (designations round to the millimetre).
SAME_CASE_MM: Final = 0.5

_NUMBER = r"[0-9]{1,3}(?:\.[0-9]{1,3})?"
_DESIGNATION_RE: Final = re.compile(
    rf"(?P<bore>{_NUMBER})\s?[x×X]\s?(?P<case>{_NUMBER})\s?(?:mm)?\s?(?P<rimmed>R)?", re.ASCII | re.IGNORECASE
)
_EXPECTED: Final = "a cartridge designation: bore x case length in mm, such as '30x165mm', '12.7x108' or '7.62x54R'"


class Cartridge(NamedTuple):
    """A cartridge named by its designation: bore and case length in millimetres, and whether it is rimmed."""

    bore: Measure
    case_length: Measure
    rimmed: bool

    def __str__(self) -> str:
        return f"{_short(self.bore)}x{_short(self.case_length)}mm{'R' if self.rimmed else ''}"


def _short(measure: Measure) -> str:
    return f"{measure.magnitude:g}"


def read_cartridge(text: str) -> Cartridge | None:
    """The cartridge ``text`` designates, or None when ``text`` is not a designation (never an error)."""
    if not isinstance(text, str) or len(text) > MAX_DESIGNATION_LENGTH:
        return None
    found = _DESIGNATION_RE.fullmatch(text.strip())
    if found is None:
        return None
    bore, case = float(found["bore"]), float(found["case"])
    if bore <= 0 or case <= 0:
        return None
    return Cartridge(Measure(bore, "mm"), Measure(case, "mm"), found["rimmed"] is not None)


def parse_cartridge(text: object) -> Cartridge:
    """The cartridge ``text`` designates; `QuantityError` saying what was expected when it is not one."""
    if not isinstance(text, str):
        raise QuantityError(text, f"expected text, got {type(text).__name__}", _EXPECTED)
    if len(text) > MAX_DESIGNATION_LENGTH:
        raise QuantityError(text, f"the text is longer than {MAX_DESIGNATION_LENGTH} characters", _EXPECTED)
    found = read_cartridge(text)
    if found is None:
        raise QuantityError(text, "not a cartridge designation", _EXPECTED)
    return found


def family_case_length(family: AmmunitionFamily) -> Measure | None:
    """A family's cartridge case length: its ``case_length``, else the one its ``standard`` designates, else None."""
    if family.case_length is not None:
        return family.case_length
    found = read_cartridge(family.standard) if family.standard else None
    return found.case_length if found is not None else None

"""The one shape every quantity has in the command line's JSON output.

The results' JSON (``model_dump(mode="json")``) writes a quantity as its text, ``"300 mm"``. `structure`
turns each such string into::

    {"value": 0.3, "unit": "km", "si_value": 300.0, "text": "300 mm"}

where ``value`` is in the display unit the options chose for that kind of figure (``--units``,
``--caliber-unit``, ``--range-unit``, ``--weight-unit``), ``si_value`` is in metres or kilograms whatever the
options, and ``text`` is the quantity as its source wrote it. A length is a range when any key on its path
names a range (``max_range``, ``range``, ``low``/``high`` of a range figure), else a caliber; a mass is a
weight. Only strings that are exactly one number and one allowed unit are quantities: names never are.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from equipref.render import DisplayUnits

__all__ = ["structure"]

_QUANTITY = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)? [A-Za-z/]+")


def _quantity(text: str, path: tuple[str, ...], units: DisplayUnits) -> dict[str, Any] | None:
    from equipref.errors import EquiprefError
    from equipref.units import Measure, unit_info

    number, _, unit = text.partition(" ")
    try:
        info = unit_info(unit)
        measure = Measure(float(number), info.symbol)
    except (EquiprefError, ValueError):
        return None
    if info.dimension == "[length]":
        shown = units.range if any("range" in key for key in path) else units.caliber
    elif info.dimension == "[mass]":
        shown = units.weight
    else:
        shown = info.symbol
    symbol = unit_info(shown).symbol
    return {"value": round(measure.m_as(symbol), 9), "unit": symbol, "si_value": round(measure.si, 9), "text": text}


def structure(value: Any, units: DisplayUnits, path: tuple[str, ...] = ()) -> Any:
    """``value`` (JSON data) with every quantity string in the structured shape (see the module doc)."""
    if isinstance(value, dict):
        return {k: structure(v, units, (*path, str(k))) for k, v in value.items()}
    if isinstance(value, list):
        return [structure(v, units, path) for v in value]
    if isinstance(value, str) and _QUANTITY.fullmatch(value):
        return _quantity(value, path, units) or value
    return value

"""Showing a sourced quantity without saying more than its source: its own unit and precision first.

A conversion is display, not a claim: it is shown beside the written value, rounded to the precision the
source wrote (``220 mi (354 km)``, ``54 t (119,000 lb)``), never instead of it. A span built from several
claims prints each end as its source wrote it (``70–160 km``), so no digit appears that no source gave.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from equipref.errors import UsageError
from equipref.units import Measure, unit_info

__all__ = ["DisplayUnits", "fmt_claimed", "fmt_converted", "fmt_number", "fmt_span", "fmt_written", "written_step"]

_DECIMALS = {
    "mm": 2,
    "cm": 3,
    "m": 0,
    "km": 1,
    "in": 3,
    "ft": 1,
    "yd": 0,
    "mi": 1,
    "nmi": 1,
    "t": 1,
    "kg": 0,
    "lb": 0,
    "g": 0,
}

_DIMENSION_WORDS = {"[length]": "length", "[mass]": "mass", "[time]": "time", "": "nothing (a pure number)"}
_UNIT_EXAMPLES = {
    "caliber": "give a length such as mm, cm or in",
    "range": "give a length such as km, m, mi or nmi",
    "weight": "give a mass such as t, kg or lb",
}


@dataclass(frozen=True)
class DisplayUnits:
    """The units tables are printed in, per dimension."""

    caliber: str = "mm"
    range: str = "km"
    weight: str = "t"

    @classmethod
    def choose(
        cls,
        system: str = "metric",
        caliber: str | None = None,
        range: str | None = None,
        weight: str | None = None,
    ) -> DisplayUnits:
        """Metric or imperial defaults, with any dimension overridden (``range="mi"``)."""
        if system not in ("metric", "imperial"):
            raise UsageError(f"unknown unit system {system!r}; expected 'metric' or 'imperial'")
        base = cls() if system == "metric" else cls(caliber="in", range="mi", weight="lb")
        chosen = cls(caliber or base.caliber, range or base.range, weight or base.weight)
        for unit, dimension, what in (
            (chosen.caliber, "[length]", "caliber"),
            (chosen.range, "[length]", "range"),
            (chosen.weight, "[mass]", "weight"),
        ):
            info = unit_info(unit)
            if info.dimension != dimension:
                raise UsageError(
                    f"--{what}-unit {unit!r} is a unit of {_DIMENSION_WORDS.get(info.dimension, info.dimension)}, "
                    f"not of {_DIMENSION_WORDS[dimension]}; {_UNIT_EXAMPLES[what]}"
                )
        return chosen


def fmt_number(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def written_step(measure: Measure) -> float:
    """The place value of the last digit a source wrote: 1 for ``130 km``, 0.1 for ``5.5 km``."""
    text = repr(float(measure.magnitude))
    if "e" in text or "E" in text:
        return 1.0
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return float(10**-decimals)


def _number(value: float, decimals: int) -> str:
    text = f"{value:,.{max(decimals, 0)}f}"
    if abs(value) < 10_000:
        text = text.replace(",", "")
    return "0" if text in ("-0", "") else text


def fmt_written(measure: Measure) -> str:
    """The value as its source wrote it: ``130 km``, ``5.5 km``, ``20,400 m``."""
    decimals = max(0, -round(math.log10(written_step(measure))))
    return f"{_number(measure.magnitude, decimals)} {measure.unit}"


def fmt_claimed(measure: Measure, unit: str) -> str:
    """The written value, and when ``unit`` differs, its conversion beside it at the source's precision."""
    written = fmt_written(measure)
    if unit_info(unit).symbol == measure.unit:
        return written
    return f"{written} ({fmt_converted(measure, unit)})"


def fmt_converted(measure: Measure, unit: str) -> str:
    """The value in ``unit``, rounded to the precision its source wrote: ``37,500 m`` as ``37.5 km``. For a
    view that must show one unit throughout (a chart's labels); tables show the written value beside it."""
    symbol = unit_info(unit).symbol
    if symbol == measure.unit:
        return fmt_written(measure)
    step = written_step(measure) * measure.m_as(symbol) / measure.magnitude if measure.magnitude else 1.0
    exponent = math.floor(math.log10(step)) if step > 0 else 0
    place = 10.0**exponent
    converted = _number(round(measure.m_as(symbol) / place) * place, -exponent)
    if "." in converted:
        converted = converted.rstrip("0").rstrip(".")
    return f"{converted} {symbol}"


def fmt_span(low: Measure, high: Measure) -> str:
    """``70–160 km``; ``43 mi–160 km`` when the ends were written in different units (no conversion)."""
    if low.unit == high.unit:
        return f"{fmt_written(low).rsplit(' ', 1)[0]}–{fmt_written(high)}"
    return f"{fmt_written(low)}–{fmt_written(high)}"

"""Units: a strict "number unit" parser, the `Measure` value type, and the one shared pint registry.

Untrusted text never reaches pint's expression evaluator (``'9**9**9 m'`` runs for minutes there). Text is
checked against a small grammar (one decimal number, one unit from an allow-list) and only then turned into
numbers. The allow-list carries exact conversion factors to one canonical SI unit per dimension, so catalogs,
the engine and the CLI work on plain floats without importing pint at all; pint is built lazily, on the first
call that hands a `pint.Quantity` to the caller (about 0.4 s that `equipref show` never pays).

Spellings that mean different things to different readers are refused on purpose, each with a hint:
``nm`` (nanometre to pint, nautical mile to sailors), ``mil`` (an angle to pint, a thou to machinists),
``cal`` (calorie, not calibre), ``MM`` (megamolar), ``ton`` (short, long or metric), and the decimal comma
(pint reads ``1,5 mm`` as 15 mm).
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from equipref.errors import QuantityError
from equipref.names import close_matches

if TYPE_CHECKING:
    import pint

__all__ = [
    "DIMENSIONS",
    "MAX_TEXT_LENGTH",
    "Measure",
    "Unit",
    "get_registry",
    "parse_measure",
    "parse_quantity",
    "unit_info",
]

#: Longest quantity text accepted. Real quantities are short; pint's regexes are quadratic on long input.
MAX_TEXT_LENGTH: Final = 64


@dataclass(frozen=True, slots=True)
class Unit:
    """An allowed unit: its symbol as written back, its dimension, and its exact factor to canonical SI."""

    symbol: str
    dimension: str
    factor: float
    pint_name: str


#: Canonical unit per dimension (what `Measure.si` is in) and the range of sane magnitudes in it.
DIMENSIONS: Final[dict[str, tuple[str, float, float]]] = {
    "[length]": ("m", 1e-6, 4.0e7),  # a micron up to Earth's circumference
    "[mass]": ("kg", 1e-6, 1.0e7),
    "[time]": ("s", 1e-6, 1.0e10),
    "[speed]": ("m/s", 1e-6, 1.0e5),
}
_DIMENSION_ALIASES: Final = {
    "length": "[length]",
    "[length]": "[length]",
    "mass": "[mass]",
    "[mass]": "[mass]",
    "time": "[time]",
    "[time]": "[time]",
    "speed": "[speed]",
    "[speed]": "[speed]",
    "velocity": "[speed]",
    "[length] / [time]": "[speed]",
    "[length]/[time]": "[speed]",
}
_DIMENSION_WORDS: Final = {"[length]": "a length", "[mass]": "a mass", "[time]": "a time", "[speed]": "a speed"}

_UNITS: Final[tuple[tuple[Unit, tuple[str, ...]], ...]] = (
    (Unit("mm", "[length]", 1e-3, "millimeter"), ("millimetre", "millimetres", "millimeter", "millimeters")),
    (Unit("cm", "[length]", 1e-2, "centimeter"), ("centimetre", "centimetres", "centimeter", "centimeters")),
    (Unit("m", "[length]", 1.0, "meter"), ("metre", "metres", "meter", "meters")),
    (Unit("km", "[length]", 1e3, "kilometer"), ("kilometre", "kilometres", "kilometer", "kilometers")),
    (Unit("in", "[length]", 0.0254, "inch"), ("inch", "inches")),
    (Unit("ft", "[length]", 0.3048, "foot"), ("foot", "feet")),
    (Unit("yd", "[length]", 0.9144, "yard"), ("yard", "yards")),
    (Unit("mi", "[length]", 1609.344, "mile"), ("mile", "miles")),
    (Unit("nmi", "[length]", 1852.0, "nautical_mile"), ("nautical_mile", "nautical_miles")),
    (Unit("g", "[mass]", 1e-3, "gram"), ("gram", "grams")),
    (Unit("kg", "[mass]", 1.0, "kilogram"), ("kilogram", "kilograms")),
    (Unit("t", "[mass]", 1e3, "metric_ton"), ("tonne", "tonnes", "metric_ton")),
    (Unit("lb", "[mass]", 0.45359237, "pound"), ("lbs", "pound", "pounds")),
    (Unit("s", "[time]", 1.0, "second"), ("sec", "second", "seconds")),
    (Unit("min", "[time]", 60.0, "minute"), ("minute", "minutes")),
    (Unit("h", "[time]", 3600.0, "hour"), ("hr", "hour", "hours")),
    (Unit("m/s", "[speed]", 1.0, "meter / second"), ()),
    (Unit("km/h", "[speed]", 1000.0 / 3600.0, "kilometer / hour"), ("kph",)),
    (Unit("mph", "[speed]", 0.44704, "mile / hour"), ()),
    (Unit("kn", "[speed]", 1852.0 / 3600.0, "knot"), ("knot", "knots")),
)

_BY_SPELLING: Final[dict[str, Unit]] = {}
for _unit, _names in _UNITS:
    for _name in (_unit.symbol, *_names):
        _BY_SPELLING[_name] = _unit
_BY_SYMBOL: Final[dict[str, Unit]] = {u.symbol: u for u, _ in _UNITS}

# Spellings refused on purpose, each with what to write instead.
_REFUSED: Final = {
    "nm": "'nm' is a nanometre to pint and a nautical mile to sailors; write 'nmi' for nautical miles",
    "NM": "'NM' is not a unit symbol; write 'nmi' for nautical miles",
    "mil": "'mil' is an angle in pint and a thousandth of an inch elsewhere; write the length in 'in' or 'mm'",
    "mils": "'mils' is ambiguous (angle or thou); write the length in 'in' or 'mm'",
    "cal": "'cal' is the calorie, not the calibre; write a calibre as a length such as '12.7 mm'",
    "MM": "'MM' is megamolar; write 'mm' for millimetres",
    "Mm": "'Mm' is the megametre; write 'mm' for millimetres or 'km' for long distances",
    "ton": "'ton' is ambiguous (short, long or metric); write 't' for tonnes or 'lb'",
    "tons": "'tons' is ambiguous (short, long or metric); write 't' for tonnes or 'lb'",
    "M": "'M' is ambiguous (metre, mile or molar); write 'm', 'mi' or 'km'",
}

_QUANTITY_RE: Final = re.compile(
    r"(?P<num>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE](?P<exp>[+-]?[0-9]{1,3}))?\s*(?P<unit>[A-Za-z][A-Za-z_/]*)",
    re.ASCII,
)
_CARTRIDGE_RE: Final = re.compile(r"[0-9.]+\s*[x×X]\s*[0-9]", re.ASCII)
_NONFINITE_RE: Final = re.compile(r"^[+-]?(nan|inf|infinity)\b", re.IGNORECASE)
#: ``0x7d``, ``0b101``, ``0o17``: other bases, which a cartridge designation (``7.62x39``) never starts with.
_RADIX_RE: Final = re.compile(r"^\+?0[xXbBoO][0-9a-fA-F_]", re.ASCII)


def _canonical_dimension(dimension: str) -> str:
    if not isinstance(dimension, str):
        known = ", ".join(sorted(DIMENSIONS))
        raise QuantityError(dimension, f"the dimension is {type(dimension).__name__}, not text", f"one of {known}")
    key = dimension.strip()
    try:
        return _DIMENSION_ALIASES[key]
    except KeyError:
        known = ", ".join(sorted(DIMENSIONS))
        raise QuantityError(dimension, "unknown dimension", f"one of {known}") from None


def unit_info(symbol: str) -> Unit:
    """The allowed unit spelled ``symbol`` (any accepted spelling); `QuantityError` if it is not allowed."""
    unit = _BY_SPELLING.get(symbol)
    if unit is None:
        raise QuantityError(symbol, _unit_reason(symbol), f"one of {_allowed_symbols()}")
    return unit


def _allowed_symbols(dimension: str | None = None) -> str:
    return ", ".join(u.symbol for u, _ in _UNITS if dimension is None or u.dimension == dimension)


def _unit_reason(token: str, dimension: str | None = None) -> str:
    if token in _REFUSED:
        return _REFUSED[token]
    spellings = [k for k, u in _BY_SPELLING.items() if dimension is None or u.dimension == dimension]
    near = close_matches(token, spellings, n=1, cutoff=0.6)
    hint = f" (did you mean {_BY_SPELLING[near[0]].symbol!r}?)" if near else ""
    return f"unknown unit {token!r}{hint}"


def _format_number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


class Measure:
    """An immutable quantity: a finite magnitude and an allowed unit, convertible without pint.

    Values read from text or catalogs are positive; zero and negative values exist only as results
    (a caliber difference of 0 mm).

    ``Measure.parse("125 mm", "[length]")`` and ``Measure(125, "mm")`` are the same value; so is
    ``Measure(12.5, "cm")``: equality and hashing compare the canonical SI value (to 12 significant digits),
    not the spelling. ``str()`` gives the text back in the unit it was written in, which re-parses to an equal
    value. ``.quantity`` gives a `pint.Quantity` in equipref's shared registry.
    """

    __slots__ = ("_magnitude", "_unit")

    _magnitude: float
    _unit: Unit

    def __init__(self, magnitude: float, unit: str) -> None:
        info = unit_info(unit)
        value = _checked_magnitude(magnitude, info, f"{magnitude!r} {unit}", positive=False)
        object.__setattr__(self, "_magnitude", value)
        object.__setattr__(self, "_unit", info)

    @classmethod
    def parse(cls, text: str, dimension: str) -> Measure:
        """Parse ``text`` such as ``"125 mm"`` or ``"4.921in"`` into a Measure of ``dimension``."""
        return parse_measure(text, dimension)

    @property
    def magnitude(self) -> float:
        return self._magnitude

    @property
    def unit(self) -> str:
        return self._unit.symbol

    @property
    def dimension(self) -> str:
        return self._unit.dimension

    @property
    def si(self) -> float:
        """The value in the canonical unit of its dimension (m, kg, s or m/s)."""
        return self._magnitude * self._unit.factor

    def m_as(self, unit: str) -> float:
        """The magnitude in ``unit`` (which must have the same dimension)."""
        target = unit_info(unit)
        if target.dimension != self._unit.dimension:
            raise QuantityError(
                unit,
                f"cannot express {_DIMENSION_WORDS[self.dimension]} in {_DIMENSION_WORDS[target.dimension]} unit",
                f"one of {_allowed_symbols(self.dimension)}",
            )
        if target is self._unit:
            return self._magnitude
        return self.si / target.factor

    def to(self, unit: str) -> Measure:
        """The same value expressed in ``unit``."""
        return Measure(self.m_as(unit), unit_info(unit).symbol)

    @property
    def quantity(self) -> pint.Quantity:  # type: ignore[type-arg]
        """This value as a `pint.Quantity` in equipref's shared registry (builds the registry on first use)."""
        ureg = get_registry()
        return ureg.Quantity(self._magnitude, ureg.Unit(self._unit.pint_name))

    def _key(self) -> tuple[str, float]:
        return (self._unit.dimension, float(f"{self.si:.12g}"))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Measure):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: Measure) -> bool:
        if not isinstance(other, Measure) or other.dimension != self.dimension:
            return NotImplemented
        return self.si < other.si

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Measure is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Measure, (self._magnitude, self._unit.symbol))

    def __str__(self) -> str:
        return f"{_format_number(self._magnitude)} {self._unit.symbol}"

    def __repr__(self) -> str:
        return f"Measure({str(self)!r})"

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        return f"{format(self._magnitude, spec)} {self._unit.symbol}"


def _checked_magnitude(magnitude: object, unit: Unit, text: object, positive: bool = True) -> float:
    """``magnitude`` as a float if it is finite and sane for ``unit``'s dimension (and > 0 if ``positive``)."""
    if isinstance(magnitude, bool) or not isinstance(magnitude, int | float):
        raise QuantityError(text, "the magnitude is not a number", "a positive finite number")
    try:
        value = float(magnitude)
    except OverflowError:
        value = math.inf
    canonical, low, high = DIMENSIONS[unit.dimension]
    if math.isnan(value):
        raise QuantityError(text, "NaN is not a quantity", "a positive finite number")
    if math.isinf(value):
        raise QuantityError(text, "the number is infinite", "a positive finite number")
    if positive and value <= 0:
        raise QuantityError(text, "the number is zero or negative", "a positive number")
    si = abs(value * unit.factor)
    if si > high or (positive and si < low):
        raise QuantityError(
            text,
            "the number is out of range",
            f"{_DIMENSION_WORDS[unit.dimension]} between {_format_number(low)} and {_format_number(high)} {canonical}",
        )
    return value


def parse_measure(text: object, dimension: str, allow_zero: bool = False) -> Measure:
    """Parse untrusted ``text`` as one positive number and one allowed unit of ``dimension``.

    Accepts ``"125 mm"``, ``"125mm"``, ``"4.921 in"``, ``"1.2e2 km"``. Refuses everything else, each with a
    `QuantityError` that says what was wrong and what was expected, in bounded time. Zero is refused unless
    ``allow_zero`` (a tolerance may be zero; a caliber may not).
    """
    dim = _canonical_dimension(dimension)
    units_hint = f"{_DIMENSION_WORDS[dim]} such as '125 mm'" if dim == "[length]" else _DIMENSION_WORDS[dim]
    expected = f"{units_hint}: one number and one unit ({_allowed_symbols(dim)})"
    if not isinstance(text, str):
        raise QuantityError(text, f"expected text, got {type(text).__name__}", expected)
    if len(text) > MAX_TEXT_LENGTH:
        raise QuantityError(text, f"the text is longer than {MAX_TEXT_LENGTH} characters", expected)
    stripped = text.strip()
    if not stripped:
        raise QuantityError(text, "the text is empty", expected)
    match = _QUANTITY_RE.fullmatch(stripped)
    if match is None:
        raise QuantityError(text, _why_not(stripped), expected)
    number = match["num"] + (f"e{match['exp']}" if match["exp"] else "")
    unit = _BY_SPELLING.get(match["unit"])
    if unit is None:
        raise QuantityError(text, _unit_reason(match["unit"], dim), expected)
    if unit.dimension != dim:
        raise QuantityError(
            text,
            f"{unit.symbol!r} is {_DIMENSION_WORDS[unit.dimension]} unit, not {_DIMENSION_WORDS[dim]} unit",
            expected,
        )
    value = float(number)  # cannot raise: the grammar admits only plain decimal digits
    if math.isinf(value):
        raise QuantityError(text, "the number is out of range (too large to represent)", expected)
    if allow_zero and value == 0:
        return Measure(0.0, unit.symbol)
    return Measure(_checked_magnitude(value, unit, text), unit.symbol)


def _why_not(text: str) -> str:
    if _NONFINITE_RE.match(text):
        return "NaN and infinity are not quantities"
    if text.startswith("-"):
        return "the number is negative"
    if _RADIX_RE.match(text):
        return "hexadecimal, binary and octal numbers are not accepted; write the number in decimal digits"
    if any(c in text for c in ";&|`$<>\\"):
        return "characters such as ; & | ` $ < > \\ have no place in a quantity (it is never run or evaluated)"
    if _CARTRIDGE_RE.search(text):
        return "this looks like a cartridge designation (such as 7.62x39), which is a name, not a quantity"
    if any(op in text for op in ("*", "^", "/", "(", ")", "+")):
        return "arithmetic is not accepted"
    if "," in text:
        return "a comma is ambiguous (decimal comma or thousands separator); write '1.5 mm' or '20400 m'"
    if not re.match(r"[0-9.]", text, re.ASCII):
        return "the text does not start with a number (digits 0-9)"
    if re.fullmatch(r"[0-9.eE+-]+", text, re.ASCII):
        return "the number has no unit"
    return "not one number followed by one unit"


_registry: pint.UnitRegistry[Any] | None = None
_registry_lock = threading.Lock()


def get_registry() -> pint.UnitRegistry[Any]:
    """The shared pint registry (``equipref.ureg``), built on first use and set as pint's application registry."""
    global _registry
    if _registry is None:
        with _registry_lock:
            if _registry is None:
                import pint

                ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(cache_folder=None)
                pint.set_application_registry(ureg)  # type: ignore[no-untyped-call]
                _registry = ureg
    return _registry


def measure_from_quantity(value: Any, dimension: str) -> Measure:
    """A `Measure` from a pint Quantity of any registry, kept in its own unit when that unit is allowed."""
    dim = _canonical_dimension(dimension)
    canonical = DIMENSIONS[dim][0]
    canonical_unit = _BY_SYMBOL[canonical]
    try:
        units_text = f"{value.units:~}"
    except Exception:  # noqa: BLE001 - a foreign object's formatter can raise anything
        units_text = ""
    own = _BY_SPELLING.get(units_text.replace(" ", ""))
    target = own if own is not None and own.dimension == dim else canonical_unit
    try:
        magnitude = float(value.m_as(target.pint_name))
    except Exception as exc:  # noqa: BLE001 - pint raises many types; all mean "not this dimension"
        raise QuantityError(
            value, f"cannot convert to {_DIMENSION_WORDS[dim]} ({exc})", _DIMENSION_WORDS[dim]
        ) from None
    return Measure(_checked_magnitude(magnitude, target, value), target.symbol)


def parse_quantity(text: str, dimension: str) -> pint.Quantity:  # type: ignore[type-arg]
    """Parse ``text`` like `parse_measure` and return a `pint.Quantity` in the shared registry.

    >>> round(parse_quantity("4.921 in", "[length]").to("mm").magnitude, 4)
    124.9934
    """
    return parse_measure(text, dimension).quantity

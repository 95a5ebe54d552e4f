"""The quantity parser and the Measure type: what users type must mean one thing, and hostile text must fail fast."""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equipref import EquiprefError, Measure, QuantityError, parse_quantity
from equipref.units import _UNITS, DIMENSIONS, MAX_TEXT_LENGTH, get_registry, parse_measure

LENGTH_UNITS = {"mm": 1e-3, "cm": 1e-2, "m": 1.0, "in": 0.0254, "ft": 0.3048}


@pytest.mark.parametrize("text", ["125 mm", "125mm", "4.921 in", "12.5 cm", "0.3 m", "130 km", "81 mi", " 125 mm "])
def test_accepts_a_number_and_a_length_unit(text: str) -> None:
    q = parse_quantity(text, "[length]")
    assert q.check("[length]")
    assert q.magnitude > 0


def test_same_caliber_in_three_units() -> None:
    mm = [parse_quantity(t, "[length]").m_as("mm") for t in ("125 mm", "4.921 in", "12.5 cm")]
    assert mm[0] == pytest.approx(125) and mm[2] == pytest.approx(125)
    assert mm[1] == pytest.approx(125, abs=0.01)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("9**9**9 m", "arithmetic"),
        ("2**2**2**2**2**2 m", "arithmetic"),
        ("nan mm", "NaN"),
        ("inf km", "infinity"),
        ("1e400 m", "out of range"),
        ("1e309 m", "out of range"),
        ("-5 mm", "negative"),
        ("0 mm", "zero"),
        ("125 kg", "mass unit"),
        ("125", "no unit"),
        ("", "empty"),
        ("   ", "empty"),
        ("twelve mm", "does not start with a number"),
        ("1,5 mm", "comma"),
        ("7.62x39 mm", "cartridge"),
        ("7.62×39 mm", "cartridge"),
        ("5 nm", "nautical"),
        ("3 mil", "angle"),
        (".50 cal", "calorie"),
        ("125 MM", "megamolar"),
        ("125 mn", "unknown unit 'mn' (did you mean"),
        ("mm mm", "does not start with a number"),
        ('__import__("os") m', "arithmetic"),
        ("1" * 5000 + " m", "longer than"),
        ("١٢٥ mm", "does not start with a number"),
    ],
)
def test_refuses_with_a_reason(text: str, fragment: str) -> None:
    start = time.perf_counter()
    with pytest.raises(QuantityError) as info:
        parse_quantity(text, "[length]")
    assert fragment in str(info.value)
    assert "expected" in str(info.value)
    assert time.perf_counter() - start < 5, "refusal must not depend on evaluating the text"


def test_parse_error_is_both_equipref_error_and_value_error() -> None:
    with pytest.raises(EquiprefError):
        parse_quantity("9**9**9 m", "[length]")
    with pytest.raises(ValueError):
        parse_quantity("9**9**9 m", "[length]")


def test_unknown_dimension_is_refused() -> None:
    with pytest.raises(QuantityError, match="unknown dimension"):
        parse_measure("5 m", "[luminosity]")


@pytest.mark.parametrize(("unit", "names"), _UNITS, ids=[u.symbol for u, _ in _UNITS])
def test_conversion_factors_agree_with_pint(unit, names) -> None:  # type: ignore[no-untyped-def]
    ureg = get_registry()
    canonical = {"[length]": "meter", "[mass]": "kilogram", "[time]": "second", "[speed]": "meter / second"}
    expected = ureg.Quantity(1.0, ureg.Unit(unit.pint_name)).m_as(canonical[unit.dimension])
    assert unit.factor == pytest.approx(expected, rel=1e-12)
    for name in names:
        assert parse_measure(f"2 {name}", unit.dimension).unit == unit.symbol


positive_lengths = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(value_mm=positive_lengths, unit=st.sampled_from(sorted(LENGTH_UNITS)))
def test_any_length_in_any_unit_parses_to_the_same_magnitude(value_mm: float, unit: str) -> None:
    in_unit = value_mm * 1e-3 / LENGTH_UNITS[unit]
    text = f"{in_unit!r} {unit}"
    if len(text) > MAX_TEXT_LENGTH:
        return
    q = parse_quantity(text, "[length]")
    assert q.m_as("mm") == pytest.approx(value_mm, rel=1e-9)
    assert parse_measure(text, "length").m_as("mm") == pytest.approx(value_mm, rel=1e-9)


@given(value=positive_lengths, unit=st.sampled_from(sorted(LENGTH_UNITS)))
def test_text_written_back_reparses_to_an_equal_value(value: float, unit: str) -> None:
    m = Measure(value, unit)
    again = parse_measure(str(m), "[length]")
    assert again == m
    assert hash(again) == hash(m)
    assert again.quantity == m.quantity


@given(st.text(max_size=200))
def test_arbitrary_text_only_ever_raises_quantity_error(text: str) -> None:
    try:
        m = parse_measure(text, "[length]")
    except QuantityError:
        return
    assert math.isfinite(m.si) and m.si > 0 and m.dimension == "[length]"


def test_equal_values_in_different_units_are_equal_and_hash_alike() -> None:
    assert {Measure(125, "mm"), Measure(12.5, "cm"), Measure(0.125, "m")} == {Measure(125, "mm")}
    assert Measure(125, "mm") != Measure(4.921, "in")  # close, not equal: matching uses a tolerance


def test_measure_is_immutable_and_pickles() -> None:
    import pickle

    m = Measure(125, "mm")
    with pytest.raises(AttributeError):
        m._magnitude = 3  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(m)) == m


def test_measure_conversions_refuse_other_dimensions() -> None:
    with pytest.raises(QuantityError, match="cannot express"):
        Measure(125, "mm").to("kg")
    assert Measure(1, "mi").to("km").magnitude == pytest.approx(1.609344)


def test_sane_ranges_are_declared_for_every_dimension() -> None:
    for _canonical, low, high in DIMENSIONS.values():
        assert 0 < low < high

"""A comma is read as texts use it: before three digits it separates thousands, before one or two it is a decimal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from equipref.check.quantities import scan


@given(st.integers(1, 999), st.integers(0, 99), st.sampled_from(["км", "km", "т", "мм"]))
def test_a_comma_before_one_or_two_digits_is_a_decimal(whole: int, frac: int, unit: str) -> None:
    written = f"{whole},{frac:02d}" if frac >= 10 or frac == 0 else f"{whole},{frac}"
    (q,) = scan(f"около {written} {unit} ")
    assert abs(q.value - float(written.replace(",", "."))) < 1e-9


@given(st.integers(1, 999), st.integers(0, 999))
def test_a_comma_before_three_digits_separates_thousands(high: int, low: int) -> None:
    (q,) = scan(f"at {high},{low:03d} m")
    assert q.value == high * 1000 + low

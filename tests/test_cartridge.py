"""Cartridge designations: a strict grammar, never pint; near calibers and other case lengths never share rounds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equipref import CatalogError, grade, load_catalog, match
from equipref.cartridge import parse_cartridge, read_cartridge
from equipref.cli import main
from equipref.errors import QuantityError
from tests.test_catalog import write_catalog


@pytest.mark.parametrize(
    ("text", "bore", "case", "rimmed"),
    [
        ("30x165mm", 30, 165, False),
        ("30×165 mm", 30, 165, False),
        ("12.7x108", 12.7, 108, False),
        ("7.62×39 mm", 7.62, 39, False),  # pint would read this as a product: 297.18 mm
        ("7.62x54R", 7.62, 54, True),
        ("7.62x54mmR", 7.62, 54, True),
        ("  14.5 x 114 mm ", 14.5, 114, False),
    ],
)
def test_designations_are_read_as_bore_and_case(text: str, bore: float, case: float, rimmed: bool) -> None:
    found = parse_cartridge(text)
    assert (found.bore.m_as("mm"), found.case_length.m_as("mm"), found.rimmed) == (bore, case, rimmed)


@pytest.mark.parametrize(
    "text", ["125 mm", "30x", "x165", "30*165mm", "30x165 in", "3e1x165", "9**9x9", "30x165x2", "-30x165", "0x165", ""]
)
def test_other_text_is_not_a_designation(text: str) -> None:
    assert read_cartridge(text) is None
    with pytest.raises(QuantityError, match="designation"):
        parse_cartridge(text)


decimals = st.decimals(min_value="0.1", max_value="999", places=2, allow_nan=False, allow_infinity=False)


@given(
    bore=decimals, case=decimals, sep=st.sampled_from(["x", "×", " x ", "X"]), unit=st.sampled_from(["", "mm", " mm"])
)
def test_any_spelling_of_a_designation_reads_the_same(bore: object, case: object, sep: str, unit: str) -> None:
    found = read_cartridge(f"{bore}{sep}{case}{unit}")
    assert found is not None
    assert found.bore.m_as("mm") == pytest.approx(float(str(bore)))
    assert found.case_length.m_as("mm") == pytest.approx(float(str(case)))
    assert read_cartridge(str(found)) == found


@given(st.text(max_size=60))
def test_reading_arbitrary_text_never_raises_anything_but_a_quantity_error(text: str) -> None:
    assert read_cartridge(text) is None or parse_cartridge(text) == read_cartridge(text)
    try:
        parse_cartridge(text)
    except QuantityError:
        pass


def _family(fid: str, caliber: str, extra: str = "") -> str:
    return f"""
[[family]]
id = "{fid}"
name = "{fid} rounds"
caliber = "{caliber}"
sources = ["src-a"]
{extra}
"""


def _weapon(wid: str, family: str, caliber: str, kind: str = "autocannon") -> str:
    return f"""
[[weapon]]
id = "{wid}"
name = "{wid.upper()}"
kind = "{kind}"
family = "{family}"
caliber = [{{ value = "{caliber}", sources = ["src-a"] }}]
"""


NEAR = {
    "near.toml": _family("f-30-165", "30 mm", 'standard = "30x165mm"')
    + _family("f-30-173", "30 mm", 'case_length = "173 mm"')
    + _family("f-30-x", "30 mm")
    + _family("f-152", "152 mm")
    + _family("f-155", "155 mm")
    + _family("f-127a", "12.7 mm", 'standard = "12.7x108mm"')
    + _family("f-127b", "12.7 mm", 'standard = "12.7 × 108 mm"')
    + _weapon("c165", "f-30-165", "30 mm")
    + _weapon("c173", "f-30-173", "30 mm")
    + _weapon("cx", "f-30-x", "30 mm")
    + _weapon("h152", "f-152", "152 mm", "howitzer")
    + _weapon("h155", "f-155", "155 mm", "howitzer")
    + _weapon("m1", "f-127a", "12.7 mm", "machine-gun")
    + _weapon("m2", "f-127b", "12.7 mm", "machine-gun")
    + """
[[evidence]]
ammunition = "f-30-165"
fired_from = "f-30-173"
stance = "interchangeable"
both_ways = true
sources = ["src-a"]
""",
}


@pytest.fixture
def near(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_catalog(write_catalog(tmp_path, NEAR))


def test_other_case_lengths_are_incompatible_even_against_a_claim(near) -> None:  # type: ignore[no-untyped-def]
    for a, b in (("c165", "c173"), ("c173", "c165")):
        result = grade(a, b, near)
        assert result.level == "incompatible"
        assert "different cartridge cases" in result.reasons[-1].text
        assert "165 mm" in result.reasons[-1].text and "173 mm" in result.reasons[-1].text


@pytest.mark.parametrize("tolerance", ["0.5 mm", "3 mm", "5 mm", "10 mm"])
def test_152_and_155_are_never_compatible_whatever_the_tolerance(near, tolerance: str) -> None:  # type: ignore[no-untyped-def]
    assert grade("h152", "h155", near, tolerance).level == "incompatible"
    assert grade("h155", "h152", near, tolerance).level == "incompatible"


def test_one_designation_spelled_two_ways_is_one_standard(near) -> None:  # type: ignore[no-untyped-def]
    assert grade("m1", "m2", near).level == "caliber-only"  # not "different standards"; still no evidence


def test_same_case_alone_is_not_evidence(near) -> None:  # type: ignore[no-untyped-def]
    assert grade("c165", "cx", near).level == "caliber-only"


def test_matching_a_designation_leaves_out_other_cases_and_lists_unknown_ones_last(near) -> None:  # type: ignore[no-untyped-def]
    found = match("30x165mm", catalog=near)
    assert [m.weapon for m in found] == ["c165", "cx"]
    assert found[0].case_length is not None and found[0].case_length.m_as("mm") == 165
    assert found[1].case_length is None
    assert [m.weapon for m in match("30×173 mm", catalog=near)] == ["c173", "cx"]
    assert {m.weapon for m in match("30 mm", catalog=near)} == {"c165", "c173", "cx"}


def test_a_standard_that_contradicts_the_case_length_is_reported(tmp_path: Path) -> None:
    bad = {"near.toml": _family("f-bad", "30 mm", 'standard = "30x165mm"\ncase_length = "173 mm"')}
    with pytest.raises(CatalogError) as info:
        load_catalog(write_catalog(tmp_path, bad))
    assert any("family[f-bad].case_length" in str(p) and "165 mm" in str(p) for p in info.value.problems)


def test_the_cli_matches_a_designation_and_never_reads_it_as_a_product(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", "12.7×108 mm", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "Kord" in out and "108 mm" in out
    assert main(["match", "7.62×39 mm", "--format", "json"]) == 0
    assert '"caliber": "297' not in capsys.readouterr().out

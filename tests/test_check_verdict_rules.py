"""The verdict each figure gets, and what the report says of it, rule by rule (`equipref.check.verdicts`).

Sentences written for the project against the made-up catalog of `check_rules_catalog`, whose every figure is
written there: each expected verdict, explanation, spread and claim below is read off that file by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
from check_rules_catalog import rules_catalog
from hypothesis import given, settings
from hypothesis import strategies as st

from equipref import check_text
from equipref.check import Finding

CATALOG = rules_catalog()


def _findings(text: str, source: str | None = None) -> list[Finding]:
    return list(check_text(text, catalog=CATALOG, source=source).findings)


def _one(text: str, field: str, source: str | None = None) -> Finding:
    (found,) = [f for f in _findings(text, source) if f.field == field]
    return found


def _verdict(text: str, field: str, source: str | None = None) -> tuple[str, str, str | None]:
    f = _one(text, field, source)
    return f.verdict, f.explanation, f.spread


# -- a whole finding, every field written out -------------------------------------------------------------------


def test_a_supported_weight_as_the_report_gives_it() -> None:
    text = "The AX-10 weighs 30 t."
    (f,) = _findings(text)
    assert f.model_dump() == {
        "sentence": 0,
        "start": 17,
        "end": 21,
        "quote": "30 t",
        "value": "30 t",
        "hedge": None,
        "readings": (),
        "field": "weight",
        "detail": "",
        "system": "ax-10",
        "system_name": "AX-10",
        "about": None,
        "about_name": None,
        "named_as": "AX-10",
        "unknown": None,
        "candidates": (),
        "reason": "the nearest name in its clause ('AX-10')",
        "verdict": "supported",
        "explanation": "independently given by s1",
        "claims": (
            {
                "value": "30 t",
                "hedge": None,
                "qualifier": "",
                "on": "AX-10 combat weight",
                "sources": ("s1",),
                "origins": ("s1",),
                "agrees": True,
                "this_text": False,
            },
        ),
        "spread": None,
    }
    assert text[17:21] == "30 t"


def test_a_claim_keeps_its_hedge_and_qualifier() -> None:
    f = _one("Besides 300 mm rockets the BX-20 fires 370 mm ones to 220 km.", "max_range")
    assert [(c.value, c.hedge, c.qualifier, c.on, c.agrees) for c in f.claims] == [
        ("220 km", "up to", "guided", "R-370", True)
    ]


# -- supported, contested, and the text's precision --------------------------------------------------------------


def test_supported_names_every_agreeing_origin_in_order() -> None:
    # "40" is +-2 (5 % of a round number): both 40 t (s3) and 42 t (mine) agree.
    assert _verdict("The BX-20 weighs 40 t.", "weight") == ("supported", "independently given by mine, s3", "40–42 t")
    assert _verdict("The AX-10 has a crew of 5.", "crew") == ("supported", "independently given by s2, s3", "4–5")


def test_a_last_digit_written_is_half_a_step_either_way() -> None:
    # "15" is +-0.5 km: 15.4 km agrees.
    assert _verdict("The HE-122 reaches 15 km.", "max_range") == (
        "supported",
        "independently given by s1",
        "15–15.4 km",
    )
    # "45" is +-0.5 t: neither 40 nor 42 t.
    assert _verdict("The BX-20 weighs 45 t.", "weight") == ("contested", "other origins give 40 t, 42 t", "40–45 t")


def test_contested_lists_the_other_values_in_numeric_order() -> None:
    assert _verdict("The BX-20 fires 300 mm rockets up to 100 km.", "max_range") == (
        "contested",
        "other origins give 70 km, 130 km",
        "70–130 km",
    )
    assert _verdict("The AX-10 has a crew of 6.", "crew") == ("contested", "other origins give 4, 5", "4–6")


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("The AX-10 entered service in 2015.", "in_service", ("supported", "independently given by s1", None)),
        ("The AX-10 entered service in 2016.", "in_service", ("contested", "other origins give 2015", "2015–2016")),
        ("200 AX-10 are in service.", "numbers", ("supported", "independently given by s3", None)),
        ("The AX-10 carries 40 rounds of ammunition.", "rounds", ("supported", "independently given by s1", None)),
        ("The AX-10 carries 36 rounds of ammunition.", "rounds", ("contested", "other origins give 40", "36–40")),
        ("The L-300 has 12 tubes.", "tubes", ("supported", "independently given by s2", None)),
    ],
)
def test_counts_and_years_are_weighed_as_whole_numbers(text: str, field: str, expected: tuple[Any, ...]) -> None:
    assert _verdict(text, field) == expected


def test_a_count_with_more_than_agrees_with_every_count_above_it_and_no_other() -> None:
    # AX-10: 200 in service (s3).
    assert _verdict("More than 199 AX-10 are in service.", "numbers")[:2] == ("supported", "independently given by s3")
    assert _verdict("More than 201 AX-10 are in service.", "numbers")[:2] == ("contested", "other origins give 200")


def test_pods_times_tubes_agree_with_the_tubes_of_one_pod() -> None:
    f = _one("The BX-20 carries two pods of 12 tubes.", "tubes")
    assert (f.value, f.verdict, f.explanation) == ("24 (2 × 12)", "supported", "independently given by s2")
    f = _one("The BX-20 carries two pods of 10 tubes.", "tubes")
    assert (f.value, f.verdict, f.explanation) == ("20 (2 × 10)", "contested", "other origins give 4, 12")


# -- only this source: the text never corroborates itself --------------------------------------------------------


def test_the_texts_own_claims_and_their_retellings_do_not_count() -> None:
    text = "The BX-20 weighs 42 t and has a crew of 3."
    crew = _one(text, "crew", source="mine")
    assert (crew.verdict, crew.explanation) == (
        "only this source",
        "every claim the catalog has for this comes from this text or what it retells",
    )
    assert [(c.value, c.origins, c.this_text) for c in crew.claims] == [("3", ("mine",), True)]
    weight = _one(text, "weight", source="mine")
    assert (weight.verdict, weight.explanation) == ("contested", "other origins give 40 t")
    assert [(c.value, c.this_text) for c in weight.claims] == [("40 t", False), ("42 t", True)]
    # Any other page: the same claims support it.
    assert _verdict("The BX-20 has a crew of 3.", "crew") == ("supported", "independently given by mine", None)


# -- new, not in the catalog, unchecked, ambiguous ----------------------------------------------------------------


def test_new_says_what_the_catalog_lacks() -> None:
    findings = _findings("The AX-10 fires 122 mm and 152 mm shells.")
    assert [(f.value, f.verdict, f.explanation) for f in findings] == [
        ("122 mm", "supported", "independently given by s1"),
        ("152 mm", "new", "no weapon of about this caliber on record for it (the catalog has 122 mm)"),
    ]
    assert _verdict("The BX-20 fires 122 mm rockets.", "caliber") == (
        "new",
        "no weapon of about this caliber on record for it (the catalog has 300 mm, 370 mm)",
        None,
    )
    cx30 = _verdict("The CX-30 has a 125 mm gun.", "caliber")
    assert cx30 == ("new", "the catalog has no caliber claim for it", None)
    round_ = _verdict("The HE-122 is a 122 mm round.", "caliber")
    assert round_ == ("new", "the catalog has no caliber claim here", None)
    assert _verdict("The CX-30 has a crew of 4.", "crew") == ("new", "the catalog has no crew claim here", None)
    assert _verdict("The BX-20 entered service in 2019.", "in_service") == (
        "new",
        "the catalog has no in service claim here",
        None,
    )


def test_a_caliber_within_15_percent_is_about_that_weapon() -> None:
    # 125 mm is 3 mm from the G-122's 122 mm: that weapon's claim, which says otherwise.
    found = _verdict("The AX-10 fires 125 mm shells.", "caliber")
    assert found == ("contested", "other origins give 122 mm", "122–125 mm")


def test_a_weapon_mounted_twice_is_weighed_once() -> None:
    f = _one("The EX-50 carries 30 mm cannons.", "caliber")
    assert (f.verdict, [(c.value, c.on) for c in f.claims]) == ("supported", [("30 mm", "A-30")])


def test_a_name_the_catalog_does_not_hold() -> None:
    (f,) = _findings("The ZZ-99 weighs 30 t.")
    assert (f.verdict, f.unknown, f.explanation, f.system, f.claims) == (
        "not in the catalog",
        "ZZ-99",
        "ZZ-99 is not in the catalog",
        None,
        (),
    )


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("The AX-10 drives at 60 km/h.", "speed"),
        ("The AX-10 is new. 30 vehicles took part in the parade.", "seen or used in an event, not an inventory"),
        ("The AX-10 equips 3 brigades.", "formations equipped, not vehicles"),
        ("The AX-10 is fielded at 18 per battalion.", "per battalion, not a total"),
        ("The AX-10 hit 20 targets.", "targets in an event"),
    ],
)
def test_a_figure_the_catalog_keeps_no_field_for_is_unchecked(text: str, detail: str) -> None:
    (f,) = _findings(text)
    assert (f.verdict, f.detail, f.explanation, f.claims) == (
        "unchecked",
        detail,
        f"the catalog keeps no field for {detail}",
        (),
    )


def test_a_reading_the_scanner_chose_is_kept_on_the_finding() -> None:
    f = _one("The AX-10 reaches 1,5 km.", "max_range")
    assert (f.value, f.readings, f.verdict) == ("1.5 km", ("',' read as a decimal comma",), "contested")


def test_a_minimum_range_is_weighed_as_written_even_with_at_least() -> None:
    # "a minimum range of at least 15 km" gives the minimum itself: 15 km, not "anything from 15 km".
    assert _verdict("The BX-20 has a minimum range of at least 15 km.", "min_range") == (
        "contested",
        "other origins give 20 km",
        "15–20 km",
    )
    assert _verdict("The BX-20 has a minimum range of at least 20 km.", "min_range") == (
        "supported",
        "independently given by s3",
        None,
    )


@pytest.mark.parametrize("name", ["L-300", "R-300"])
def test_a_minimum_range_of_a_gun_or_a_round(name: str) -> None:
    f = _one(f"The {name} has a minimum range of 20 km.", "min_range")
    assert (f.verdict, f.explanation, [(c.value, c.on) for c in f.claims]) == (
        "supported",
        "independently given by s3",
        [("20 km", "R-300")],
    )


def test_a_weight_said_of_a_gun_is_new_not_weighed_against_its_ranges() -> None:
    f = _one("The L-300 is new. It weighs 3 tonnes.", "weight")
    assert (f.about, f.verdict, f.explanation, f.claims) == ("l-300", "new", "the catalog has no weight claim here", ())


# -- which record a figure is weighed against ----------------------------------------------------------------------


def test_a_round_of_one_system_is_that_systems() -> None:
    f = _one("The HE-122 reaches 15 km.", "max_range")
    assert (f.system, f.system_name, f.about, f.about_name) == ("ax-10", "AX-10", "he-122", "HE-122")


def test_a_round_of_two_systems_is_neither_ones() -> None:
    f = _one("The R-300 reaches 130 km.", "max_range")
    assert (f.system, f.system_name, f.about, f.about_name, f.verdict) == (None, None, "r-300", "R-300", "supported")
    assert _verdict("The R-300 is a 300 mm rocket.", "caliber") == ("supported", "independently given by s1", None)


@pytest.mark.parametrize(
    ("text", "field", "label"),
    [
        ("The R-300 is new. It weighs 30 tonnes.", "weight", "weight"),
        ("The HE-122 is new. It has a crew of 3.", "crew", "crew"),
    ],
)
def test_a_weight_or_a_crew_said_of_a_round_is_new_not_a_crash(text: str, field: str, label: str) -> None:
    # A round keeps ranges and a caliber only: these were weighed against its minimum range, and raised.
    f = _one(text, field)
    assert (f.verdict, f.explanation, f.claims) == ("new", f"the catalog has no {label} claim here", ())


def test_a_gun_named_alone_is_weighed_by_its_own_records() -> None:
    f = _one("The G-122 fires to 15 km.", "max_range")
    assert (f.system, f.about, f.about_name, f.verdict) == (None, "g-122", "G-122", "supported")
    assert [(c.value, c.on) for c in f.claims] == [("15.4 km", "HE-122")]
    f = _one("The L-300 has 12 tubes.", "tubes")
    assert (f.system, f.about, f.about_name, [c.on for c in f.claims]) == (None, "l-300", "L-300", ["L-300: tubes"])
    f = _one("The G-122 has a 122 mm bore.", "caliber")
    assert (f.about, f.verdict, [c.on for c in f.claims]) == ("g-122", "supported", ["G-122"])


def test_a_figure_about_a_system_is_about_no_record_of_its_own() -> None:
    f = _one("The AX-10 weighs 30 t.", "weight")
    assert (f.about, f.about_name) == (None, None)


# -- the caliber the text ties a range or a load-out to ------------------------------------------------------------


@pytest.mark.parametrize("caliber", ["370-mm", "37 cm", "14.6-inch"])
def test_a_range_is_weighed_against_the_rounds_of_the_caliber_written_with_it(caliber: str) -> None:
    # The BX-20's 300 mm rocket reaches 130 km; its 370 mm one 220 km: 130 km for the 370 mm one is another figure.
    assert _verdict(f"The BX-20 fires {caliber} rockets to 130 km.", "max_range") == (
        "contested",
        "other origins give 220 km",
        "130–220 km",
    )


def test_without_a_caliber_a_range_is_weighed_against_every_round_the_system_fires() -> None:
    f = _one("The BX-20 fires at ranges of about 20 to 130 km.", "max_range")
    assert (f.verdict, f.hedge, [c.value for c in f.claims]) == ("supported", "about", ["70 km", "130 km", "220 km"])


def test_the_caliber_in_the_ranges_own_clause_wins() -> None:
    text = "The BX-20 has 300 mm rockets, but it reaches 130 km only with 370 mm ones."
    assert _verdict(text, "max_range") == ("contested", "other origins give 220 km", "130–220 km")


def test_the_caliber_written_just_before_a_range_wins_over_an_earlier_one() -> None:
    text = "Besides 300 mm rockets the BX-20 fires 370 mm ones to 220 km."
    assert _verdict(text, "max_range") == ("supported", "independently given by s3", None)


def test_with_calibers_only_after_it_a_range_takes_the_nearest() -> None:
    text = "The BX-20 reaches 220 km with 370 mm rather than 300 mm rockets."
    assert _verdict(text, "max_range") == ("supported", "independently given by s3", None)


def test_a_load_out_of_one_caliber_is_weighed_against_that_launcher() -> None:
    f = _one("The BX-20 carries four 370mm rockets.", "tubes")
    assert (f.verdict, [(c.value, c.on) for c in f.claims]) == ("supported", [("4", "L-370: tubes")])


@pytest.mark.parametrize(
    "text",
    [
        # The caliber written inside the count, even with another caliber before it.
        "Besides 300 mm rockets the BX-20 carries four 370mm rockets.",
        # A caliber right after a count is the round it counts (Chinese writes no space).
        "BX-20除300毫米火箭弹外还可装4枚370毫米火箭弹",
    ],
)
def test_a_count_of_rounds_takes_the_caliber_written_with_it(text: str) -> None:
    f = _one(text, "tubes")
    assert (f.value, f.verdict, [(c.value, c.on) for c in f.claims]) == ("4", "supported", [("4", "L-370: tubes")])


def test_a_span_gives_a_low_end_without_the_hedge_and_a_high_end_with_it() -> None:
    text = "The BX-20 fires at ranges of about 20 to 130 km."
    findings = [(f.field, f.value, f.hedge, f.verdict) for f in _findings(text)]
    assert findings == [("min_range", "20 km", None, "supported"), ("max_range", "130 km", "about", "supported")]


# -- properties -------------------------------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(tonnes=st.integers(min_value=2, max_value=150))
def test_a_whole_number_of_tonnes_agrees_with_30_t_only_when_it_is_30(tonnes: int) -> None:
    # AX-10's only weight claim is 30 t. A whole number is +-0.5, or up to 5 % when it ends in zeros (20 is +-1,
    # 40 +-2, 100 +-5): none of them reaches 30 but 30 itself.
    f = _one(f"The AX-10 weighs {tonnes} t.", "weight")
    if tonnes == 30:
        assert (f.verdict, f.explanation, f.spread) == ("supported", "independently given by s1", None)
    else:
        low, high = sorted((tonnes, 30))
        assert (f.verdict, f.explanation, f.spread) == ("contested", "other origins give 30 t", f"{low}–{high} t")


@settings(max_examples=30, deadline=None)
@given(crew=st.integers(min_value=1, max_value=12))
def test_a_crew_is_supported_only_by_an_equal_claim(crew: int) -> None:
    verdict, explanation, spread = _verdict(f"The AX-10 has a crew of {crew}.", "crew")
    if crew == 5:
        assert (verdict, explanation) == ("supported", "independently given by s2, s3")
    elif crew == 4:
        assert (verdict, explanation) == ("supported", "independently given by s4")
    else:
        assert (verdict, explanation) == ("contested", "other origins give 4, 5")
    low, high = min(crew, 4), max(crew, 5)
    assert spread == f"{low}–{high}"

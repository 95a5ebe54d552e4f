"""Which name each figure is about, and the reason the report gives, rule by rule (`equipref.check.attribution`).

Sentences written for the project against a small made-up catalog (`check_rules_catalog`: AX-10 a howitzer,
BX-20 a rocket launcher, CX-30 a tank), so that each expected name and reason is read off the rule by hand.
"""

from __future__ import annotations

import pytest
from check_rules_catalog import rules_catalog
from hypothesis import given, settings
from hypothesis import strategies as st

from equipref import check_text

CATALOG = rules_catalog()


def _about(text: str) -> list[tuple[str | None, str, str]]:
    """Each finding as (system, value, reason): the gun or round where no system, the name as written where the
    catalog lacks it; an ambiguous one as ('A or B', value, reason)."""
    out = []
    for f in check_text(text, catalog=CATALOG).findings:
        who = " or ".join(f.candidates) if f.verdict == "ambiguous" else (f.system or f.about or f.unknown)
        out.append((who, f.value, f.reason))
    return out


# -- 1. a name written against the number -------------------------------------------------------------------


def test_a_name_after_for_the_takes_the_figure_and_leaves_the_other_to_the_subject() -> None:
    assert _about("The AX-10 reaches 18 km, against 120 km for the BX-20.") == [
        ("ax-10", "18 km", "the nearest name in its clause ('AX-10')"),
        ("bx-20", "120 km", "written against 'BX-20'"),
    ]


def test_a_name_written_against_one_figure_is_no_candidate_for_another() -> None:
    # Without the rule, BX-20 (19 characters after 18 km, x 1.5) would be nearer to 18 km than AX-10 (45 before).
    text = "The AX-10 was tested at length last year and reached 18 km or 120 km for the BX-20."
    assert _about(text) == [
        ("ax-10", "18 km", "the nearest name in its clause ('AX-10')"),
        ("bx-20", "120 km", "written against 'BX-20'"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Reports put the 30 t BX-20 in service.", "30 t"),  # the name right after the figure
        ("Reports put the BX-20 (30 t) in service.", "30 t"),  # the figure in brackets after the name
        ("Reports put the BX-20 30 t in service.", "30 t"),
    ],
)
def test_a_name_next_to_the_figure_takes_it(text: str, value: str) -> None:
    assert _about(text) == [("bx-20", value, "written against 'BX-20'")]


def test_a_name_taken_by_one_figure_stays_free_for_a_later_one() -> None:
    # AX-10 is written before both figures: neither figure has it written against it alone.
    assert _about("The AX-10 weighs 30 t and has a crew of five.") == [
        ("ax-10", "30 t", "the nearest name in its clause ('AX-10')"),
        ("ax-10", "5", "the nearest name in its clause ('AX-10')"),
    ]


def test_a_figure_that_describes_an_unnamed_comparison_is_nobodys() -> None:
    assert _about("The AX-10 fires a 122 mm equivalent of NATO rounds.") == []
    assert _about("The AX-10 is heavier than its 25 t rival.") == []


# -- 2. a relative clause -----------------------------------------------------------------------------------


def test_a_relative_clause_belongs_to_the_name_it_hangs_on() -> None:
    # CX-30 is the sentence's subject and AX-10 only compared; the clause is about AX-10 all the same.
    assert _about("The CX-30 is lighter than the AX-10, which weighs 30 t.") == [
        ("ax-10", "30 t", "in a clause about 'AX-10'")
    ]
    # A name after the clause is not the one it hangs on.
    assert _about("The AX-10, which weighs 30 t, is heavier than the BX-20.") == [
        ("ax-10", "30 t", "in a clause about 'AX-10'")
    ]
    # However far into the text the name is.
    text = "Reports from the exercises of last year say that the AX-10, which weighs 30 t, is new."
    assert _about(text) == [("ax-10", "30 t", "in a clause about 'AX-10'")]


def test_a_relative_clause_hangs_on_a_name_at_most_40_characters_before_it() -> None:
    near = "The AX-10 " + "x" * 38 + ", which weighs 30 t, is new."
    far = "The AX-10 " + "x" * 39 + ", which weighs 30 t, is new."
    # From the end of "AX-10" to the end of the comma: 40 and 41 characters.
    assert near.index(",") + 1 - near.index("AX-10") - len("AX-10") == 40
    assert _about(near) == [("ax-10", "30 t", "in a clause about 'AX-10'")]
    assert _about(far) == []  # in a clause about something the text does not name


# -- 3. the nearest name in the clause, then the sentence -----------------------------------------------------


def test_the_nearest_name_in_the_clause_then_in_the_sentence() -> None:
    assert _about("AX-10 weighs 30 t.") == [("ax-10", "30 t", "the nearest name in its clause ('AX-10')")]
    assert _about("The BX-20 is heavy, weighing 40 t.") == [
        ("bx-20", "40 t", "the nearest name in its sentence ('BX-20')")
    ]


def test_the_nearest_name_wins_not_the_first() -> None:
    text = "The AX-10 crews trained for a whole season beside the BX-20 weighing 40 t."
    assert _about(text) == [("bx-20", "40 t", "the nearest name in its clause ('BX-20')")]


def test_a_name_before_the_figure_counts_as_nearer_than_one_as_far_after_it() -> None:
    # 8 characters before against 8 after (x 1.5 = 12): AX-10, and not a tie (12 > 1.25 x 8).
    assert _about("The AX-10 weighs 30 tonnes as the BX-20 does.") == [
        ("ax-10", "30 t", "the nearest name in its clause ('AX-10')")
    ]
    # 21 before against 8 after (12): BX-20, and not a tie (21 > 1.25 x 12 = 15).
    assert _about("The AX-10 of our units fields 35 t as the BX-20 does.") == [
        ("bx-20", "35 t", "the nearest name in its clause ('BX-20')")
    ]


def test_two_names_within_a_quarter_of_each_other_are_ambiguous() -> None:
    # 15 characters before, 8 after (12): 15 <= 1.25 x 12, a tie, the nearer named first.
    assert _about("The AX-10 is said to be 35 t as the BX-20 is.") == [
        ("BX-20 or AX-10", "35 t", "two names fit equally in its clause")
    ]
    # Two characters further (17 > 15): BX-20 alone.
    assert _about("The AX-10 is said to be a 35 t as the BX-20 is.") == [
        ("bx-20", "35 t", "the nearest name in its clause ('BX-20')")
    ]
    assert _about("The AX-10 crew said 35 t was the BX-20 figure.") == [
        ("AX-10 or BX-20", "35 t", "two names fit equally in its clause")
    ]


def test_an_ambiguous_figure_gets_the_ambiguous_verdict_naming_both() -> None:
    (f,) = check_text("The AX-10 crew said 35 t was the BX-20 figure.", catalog=CATALOG).findings
    assert (f.verdict, f.candidates, f.system) == ("ambiguous", ("AX-10", "BX-20"), None)
    assert f.explanation == "could be about AX-10 or BX-20"


def test_a_compared_name_outside_the_clause_is_not_the_subject() -> None:
    assert _about("The CX-30 is a tank. Unlike the AX-10, it weighs 46 t.") == [
        ("cx-30", "46 t", "the subject of an earlier sentence (the sentence is about 'CX-30')")
    ]


# -- a gun named in the text: its vehicle's, and never a crew's or a weight's -----------------------------------


def test_a_gun_figure_goes_to_the_vehicle_carrying_it() -> None:
    assert _about("The AX-10 carries a G-122 firing to 15 km.") == [
        ("ax-10", "15 km", "the nearest name in its clause ('G-122'), a weapon of 'AX-10'")
    ]
    assert _about("The AX-10 is new. Its G-122 fires to 15 km.") == [
        ("ax-10", "15 km", "the nearest name in its clause ('G-122'), a weapon of 'AX-10'")
    ]
    # With no vehicle carrying it in the sentence, the gun's own.
    assert _about("The G-122 fires to 15 km.") == [("g-122", "15 km", "the nearest name in its clause ('G-122')")]
    assert _about("The BX-20 is new. Its G-122 fires to 15 km.") == [
        ("g-122", "15 km", "the nearest name in its clause ('G-122')")
    ]


def test_a_vehicle_and_its_own_gun_are_no_tie() -> None:
    assert _about("The AX-10 crew said 122 mm was the G-122 figure.") == [
        ("ax-10", "122 mm", "the nearest name in its clause ('AX-10')")
    ]
    # Another vehicle's gun is: BX-20 carries no G-122.
    assert _about("The BX-20 crew said 122 mm was the G-122 figure.") == [
        ("BX-20 or G-122", "122 mm", "two names fit equally in its clause")
    ]


def test_a_gun_named_in_another_clause_is_the_vehicle_carrying_it() -> None:
    assert _about("The AX-10's gun, the G-122, fires to 15 km.") == [
        ("ax-10", "15 km", "the nearest name in its sentence ('G-122'), carried by \"AX-10's\"")
    ]


def test_two_guns_equally_near_are_ambiguous() -> None:
    assert _about("The G-122 crew said 122 mm was the L-300 figure.") == [
        ("G-122 or L-300", "122 mm", "two names fit equally in its clause")
    ]


def test_a_gun_named_only_in_a_comparison_keeps_the_figure_written_against_it() -> None:
    # No subject in the sentence: the gun's own figure (a distance without a range word: unchecked).
    assert _about("It is similar to the 15 km G-122.") == [("g-122", "15 km", "written against 'G-122'")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Tubes and rounds may be a gun's or a launcher's: it is a candidate for them.
        ("The L-300 has 12 tubes.", [("l-300", "12", "the nearest name in its clause ('L-300')")]),
        (
            "The L-370 carries four 370mm rockets.",
            [
                ("l-370", "4", "the nearest name in its clause ('L-370')"),
                ("l-370", "370 mm", "the nearest name in its clause ('L-370')"),
            ],
        ),
        # A crew is a vehicle's: a launcher the AX-10 does not carry, named nearer, is no candidate.
        ("The AX-10 had a crew of 5 beside the L-300.", [("ax-10", "5", "the nearest name in its clause ('AX-10')")]),
        # A name the catalog lacks is a candidate for any figure.
        ("The ZZ-99 weighs 30 t.", [("ZZ-99", "30 t", "the nearest name in its clause ('ZZ-99')")]),
    ],
)
def test_which_names_are_candidates_for_which_figures(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _about(text) == expected


def test_a_weight_is_never_a_guns() -> None:
    assert _about("The AX-10 crew said 35 t was the G-122 figure.") == [
        ("ax-10", "35 t", "the nearest name in its clause ('AX-10')")
    ]


# -- 4. the sentence's subject --------------------------------------------------------------------------------


def test_a_pronoun_carries_the_subject_of_the_sentence_before() -> None:
    assert _about("The AX-10 is new. It weighs 30 t.") == [
        ("ax-10", "30 t", "the subject of an earlier sentence (the sentence is about 'AX-10')")
    ]


def test_before_the_first_name_the_page_is_about_its_most_named_system() -> None:
    assert _about("It weighs 30 tonnes. The AX-10 is new. The AX-10 is fast.") == [
        ("ax-10", "30 t", "the page's main subject ('AX-10')")
    ]


def test_both_says_it_of_the_compared_name_too() -> None:
    assert _about("It is similar to the AX-10; both weigh 30 t.") == [
        ("ax-10", "30 t", "'both': the text says it of 'AX-10' too")
    ]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("first", "ax-10"), ("former", "ax-10"), ("second", "bx-20"), ("latter", "bx-20"), ("other", "bx-20")],
)
def test_an_ordinal_picks_one_of_two_names_listed_before(word: str, expected: str) -> None:
    text = f"The AX-10 and the BX-20 are new. The {word} weighs 30 tonnes."
    assert _about(text) == [(expected, "30 t", f"'{word}' of 'AX-10 and the BX-20'")]


def test_one_picks_the_first_of_two() -> None:
    assert _about("The AX-10 and the BX-20 are new. One weighs 30 tonnes.") == [
        ("ax-10", "30 t", "'One' of 'AX-10 and the BX-20'")
    ]


def test_an_ordinal_does_not_pick_from_three() -> None:
    text = "The AX-10, the BX-20 and the CX-30 are new. The first weighs 30 tonnes."
    assert _about(text) == [
        ("AX-10 or BX-20 or CX-30", "30 t", "the subject of an earlier sentence (the sentence is about 'AX-10')")
    ]


def test_a_system_the_text_does_not_name_takes_nothing() -> None:
    assert _about("Another new howitzer weighs 30 t.") == []


# -- 4a. "the howitzer", "the tank": the latest system of that role ------------------------------------------


def test_a_role_noun_is_the_subject_when_the_subject_has_that_role() -> None:
    assert _about("The AX-10 is new. The howitzer weighs 30 t.") == [
        ("ax-10", "30 t", "'The howitzer': the SPH the text is about ('AX-10')")
    ]


def test_a_role_noun_goes_back_to_the_latest_system_of_that_role() -> None:
    text = "The AX-10 is new. The BX-20 is newer. The BX-20 is fast. The howitzer weighs 30 t."
    assert _about(text) == [("ax-10", "30 t", "'The howitzer': the SPH named just before ('AX-10')")]


def test_a_role_noun_looks_back_three_sentences_only() -> None:
    text = "The AX-10 is new. The BX-20 is newer. The BX-20 is fast. The BX-20 is long. The howitzer weighs 30 t."
    assert _about(text) == [("bx-20", "30 t", "the subject of an earlier sentence (the sentence is about 'BX-20')")]


def test_a_role_noun_in_a_later_sentence_does_not_count() -> None:
    text = "The CX-30 is new. The AX-10 is newer. It weighs 46 tonnes. The tank is heavy."
    assert _about(text) == [("ax-10", "46 t", "the subject of an earlier sentence (the sentence is about 'AX-10')")]


def test_a_role_noun_after_a_weapon_or_with_no_name_before() -> None:
    # A gun is no system of any role: the figure stays with the subject (the catalog keeps no weight for a gun).
    assert _about("The G-122 is new. The howitzer weighs 3 t.") == [
        ("g-122", "3 t", "the subject of an earlier sentence (the sentence is about 'G-122')")
    ]
    assert _about("The howitzer weighs 30 t.") == []


# -- 4b. counts of vehicles and people -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A count a sentence gives without a name, an event or a delivery is of vehicles in general.
        ("The AX-10 is new. 200 vehicles were built.", []),
        ("200 vehicles were built. The AX-10 is new. The AX-10 is fast.", []),
        ("The AX-10 is new. Unlike the BX-20, 200 vehicles were built.", []),
        # A count in a sentence naming its system is that system's, even when the name is written against
        # another figure of the sentence.
        (
            "Some 200 vehicles of the 120 km BX-20 were built.",
            [("bx-20", "200", "the sentence is about 'BX-20'"), ("bx-20", "120 km", "written against 'BX-20'")],
        ),
        # A delivery or an event says whose they are.
        (
            "The AX-10 is new. 200 vehicles were delivered.",
            [("ax-10", "200", "the subject of an earlier sentence (the sentence is about 'AX-10')")],
        ),
        (
            "The AX-10 is new. 30 vehicles took part in the parade.",
            [("ax-10", "30", "the subject of an earlier sentence (the sentence is about 'AX-10')")],
        ),
        # Two systems listed before: the count is of one of them, which the text does not say.
        (
            "The AX-10 and the BX-20 are new. 30 vehicles were built.",
            [("AX-10 or BX-20", "30", "the subject of an earlier sentence (the sentence is about 'AX-10')")],
        ),
        # People are the system's only when it carries, seats or transports them.
        ("The AX-10 is new. 8 soldiers guard it.", []),
        (
            "The AX-10 is new. It carries 8 soldiers.",
            [("ax-10", "8", "the subject of an earlier sentence (the sentence is about 'AX-10')")],
        ),
    ],
)
def test_counts_of_vehicles_and_people(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _about(text) == expected


# -- properties ------------------------------------------------------------------------------------------------

_NAMES = {"AX-10": "ax-10", "BX-20": "bx-20", "CX-30": "cx-30"}


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(_NAMES)),
    filler=st.lists(st.sampled_from(["new", "old", "heavy", "fast", "tracked"]), min_size=0, max_size=4),
    tonnes=st.integers(min_value=10, max_value=99),
)
def test_with_one_name_in_the_sentence_every_figure_is_its(name: str, filler: list[str], tonnes: int) -> None:
    words = " ".join(filler)
    text = f"The {name} is {words} and weighs {tonnes} t." if words else f"The {name} weighs {tonnes} t."
    assert [(who, value) for who, value, _ in _about(text)] == [(_NAMES[name], f"{tonnes} t")]


@settings(max_examples=60, deadline=None)
@given(first=st.sampled_from(sorted(_NAMES)), second=st.sampled_from(sorted(_NAMES)))
def test_for_the_always_names_the_figure_it_follows(first: str, second: str) -> None:
    text = f"The {first} reaches 18 km, against 120 km for the {second}."
    found = {value: who for who, value, _ in _about(text)}
    assert found["120 km"] == _NAMES[second]

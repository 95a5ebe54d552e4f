"""Twins of the seed-article tests (test_check.py), on sentences written for the project in the same forms.

The seed article lives in the team's shared folder, so its tests skip where it is absent; these run
everywhere and catch the same changes: a verdict, the text's precision, a retelling that must not corroborate
the text it retells, the text recognised as its own catalog source. They read the built-in catalog, as the
seed tests do, with the seed's catalog source named (or recognised from its heading).
"""

from __future__ import annotations

import pytest

from equipref import check_text

SEED = "globalsecurity-china-ww3"

#: One sentence per form the seed article uses, with what check must say of each figure in it.
CASES = [
    # "X claims it can shoot further than its progenitor - A km versus B km for Y": the compared figure goes
    # to the name written against it.
    (
        "Moreover, the makers say the PHL-03 can shoot further than its Russian cousin - 160 km versus 120 km "
        "for the Tornado-S.",
        [("phl-03", "max_range", "160 km", "contested"), ("tornado-s", "max_range", "120 km", "supported")],
    ),
    # "packages for four 370-mm missiles with a firing range of up to 220 km": 220 km is ±5 km, so the 200 km
    # others give is another figure; "up to 500 km" is ±25 km.
    (
        "The PHL-16 MLRS can also carry pods for four 370-mm missiles with a firing range of up to 220 km. "
        "With a container for one 760-mm rocket it reaches up to 500 km.",
        [
            ("phl-16", "caliber", "370 mm", "supported"),
            ("phl-16", "max_range", "220 km", "contested"),
            ("phl-16", "caliber", "760 mm", "contested"),
            ("phl-16", "max_range", "500 km", "supported"),
        ],
    ),
    # "It uses the same 122mm ammunition as the Russian Grad": the subject's figure, which only this text
    # (and the report it retells) gives.
    ("The PR50 launcher uses the same 122mm rockets as the Russian Grad.", [("pr50", "caliber", "122 mm", "only this source")]),
    ("The Type 99 tank has a gun of the same caliber as our tanks - 125 mm.", [("type-99", "caliber", "125 mm", "supported")]),
    (
        "The ZBL-08 carries a 30-mm automatic cannon. The ZSL-10 has a 12.7-mm heavy machine gun.",
        [("zbl-08", "caliber", "30 mm", "supported"), ("zsl-10", "caliber", "12.7 mm", "supported")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[1][0][0] for c in CASES])
def test_the_seed_forms_get_the_seed_verdicts(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    report = check_text(text, source=SEED)
    found = {(f.system, f.field, f.value): f.verdict for f in report.findings if f.field in ("caliber", "max_range")}
    assert found == {(s, field, value): verdict for s, field, value, verdict in expected}


def test_the_contested_figure_lists_what_the_other_origins_give() -> None:
    report = check_text(CASES[0][0], source=SEED)
    (phl03,) = [f for f in report.findings if f.system == "phl-03"]
    assert {"70 km", "130 km", "150 km"} <= {c.value for c in phl03.claims if not c.this_text}
    assert not [c for c in phl03.claims if c.agrees and not c.this_text]


def test_without_the_source_named_the_text_corroborates_nothing_it_retells() -> None:
    # Unnamed, the same sentence is any page: the seed's own 122 mm then supports it.
    assert [f.verdict for f in check_text(CASES[2][0]).findings] == ["supported"]


def test_the_seed_is_recognised_from_its_heading_and_publisher() -> None:
    report = check_text(f"China - World War III\n\nGlobalSecurity.org\n\n{CASES[2][0]}")
    assert report.source == SEED
    assert [f.verdict for f in report.findings] == ["only this source"]


def test_every_judged_finding_names_its_system_and_its_claims() -> None:
    for text, _ in CASES:
        for f in check_text(text, source=SEED).findings:
            assert f.system, f
            if f.verdict in ("supported", "contested", "only this source"):
                assert f.claims, f

"""Why a grade is what it is: each reason a reader sees, with the sources behind it, on catalogs written here.

A grade is only as useful as its reasons ("on whose word?"), so these tests pin the level, the wording a reader
relies on and, above all, which sources each reason carries. Expected values are written by hand. They run on
small catalogs of their own, so no catalog edit moves them.
"""

from __future__ import annotations

from typing import Any

import pytest

from equipref import Catalog, CatalogData, grade


def _src(sid: str) -> dict[str, Any]:
    return {"id": sid, "title": f"Page {sid}", "publisher": f"Pub {sid}", "kind": "news", "url": f"https://e.org/{sid}"}


SOURCES = [_src(s) for s in ("s-cal-a", "s-cal-b", "s-fam-a", "s-fam-b", "s-ev", "s-lin", "s-lin2", "s-other")]


def _gun(wid: str, caliber: str | None, family: str | None = None, kind: str = "tank-gun", **extra: Any) -> dict:
    out: dict[str, Any] = {"id": wid, "name": f"Gun {wid.upper()}", "kind": kind, **extra}
    if caliber is not None:
        out["caliber"] = [{"value": caliber, "sources": [f"s-cal-{wid[-1]}" if wid[-1] in "ab" else "s-other"]}]
    if family is not None:
        out["family"] = family
    return out


def _family(fid: str, source: str, **extra: Any) -> dict[str, Any]:
    return {"id": fid, "name": f"Rounds {fid.upper()}", "caliber": "125 mm", "sources": [source], **extra}


def _catalog(weapons: list[dict], families: list[dict] = (), evidence: list[dict] = ()) -> Catalog:  # type: ignore[assignment]
    data = {"source": SOURCES, "weapon": weapons, "family": list(families), "evidence": list(evidence)}
    return Catalog(CatalogData.model_validate(data))


def _texts(g: Any) -> list[str]:
    return [r.text for r in g.reasons]


def _sources(g: Any) -> list[tuple[str, ...]]:
    return [r.sources for r in g.reasons]


# -- the caliber decides first ---------------------------------------------------------------------------------


def test_a_weapon_against_itself_is_interchangeable_and_says_so() -> None:
    cat = _catalog([_gun("ga", "125 mm")])
    g = grade("ga", "ga", cat)
    assert (g.level, _texts(g)) == ("interchangeable", ["the same weapon, Gun GA"])


def test_different_calibers_are_incompatible_on_the_word_of_both_caliber_sources() -> None:
    cat = _catalog([_gun("ga", "125 mm"), _gun("gb", "122 mm")])
    g = grade("ga", "gb", cat)
    assert g.level == "incompatible"
    assert _texts(g) == ["different caliber: 125 mm against 122 mm"]
    assert _sources(g) == [("s-cal-a", "s-cal-b")]


@pytest.mark.parametrize(
    ("b_caliber", "tolerance", "expected"),
    [
        ("125.5 mm", "0.5 mm", "caliber-only"),  # exactly at the tolerance: inside it
        ("125.6 mm", "0.5 mm", "incompatible"),
        ("126 mm", "5 mm", "caliber-only"),  # a millimetre apart: still one bore
        ("126.1 mm", "5 mm", "incompatible"),  # a wide window never joins bores more than 1 mm apart
        ("125 mm", "0 mm", "caliber-only"),
    ],
)
def test_the_tolerance_window_by_hand(b_caliber: str, tolerance: str, expected: str) -> None:
    cat = _catalog([_gun("ga", "125 mm"), _gun("gb", b_caliber)])
    assert grade("ga", "gb", cat, tolerance=tolerance).level == expected


def test_calibers_within_tolerance_are_named_and_the_same_caliber_is_said_plainly() -> None:
    near = _catalog([_gun("ga", "125 mm"), _gun("gb", "125.3 mm")])
    same = _catalog([_gun("ga", "125 mm"), _gun("gb", "125 mm")])
    assert _texts(grade("ga", "gb", near))[0] == "Gun GA and Gun GB: calibers within tolerance (125 mm and 125.3 mm)"
    assert _texts(grade("ga", "gb", same))[0] == "Gun GA and Gun GB: the same caliber"
    assert _sources(grade("ga", "gb", same))[0] == ("s-cal-a", "s-cal-b")


def test_an_unknown_caliber_is_not_graded_and_names_only_the_weapon_without_one() -> None:
    cat = _catalog([_gun("ga", "125 mm"), _gun("gb", None)])
    g = grade("ga", "gb", cat)
    assert (g.level, _texts(g)) == (None, ["not graded: the caliber of Gun GB is unknown"])


def test_shells_and_rockets_do_not_mix_even_at_one_caliber() -> None:
    cat = _catalog([_gun("ga", "122 mm", kind="howitzer"), _gun("gb", "122 mm", kind="rocket-launcher")])
    g = grade("ga", "gb", cat)
    assert g.level == "incompatible"
    assert _texts(g) == ["Gun GA is a howitzer and Gun GB a rocket-launcher: shells and rockets do not mix"]


# -- families ---------------------------------------------------------------------------------------------------


def test_one_family_is_interchangeable_on_the_family_s_sources() -> None:
    cat = _catalog([_gun("ga", "125 mm", "fa"), _gun("gb", "125 mm", "fa")], [_family("fa", "s-fam-a")])
    g = grade("ga", "gb", cat)
    assert g.level == "interchangeable"
    assert _texts(g)[1] == "the same ammunition family: Rounds FA"
    assert _sources(g)[1] == ("s-fam-a",)


@pytest.mark.parametrize(
    ("a", "b", "text"),
    [
        ({"bore": "smoothbore"}, {"bore": "rifled"}, "different bore: smoothbore (Rounds FA) against rifled (Rounds FB)"),
        (
            {"loading": "fixed"},
            {"loading": "separate"},
            "different loading: fixed (Rounds FA) against separate (Rounds FB)",
        ),
        (
            {"case_length": "165 mm"},
            {"case_length": "173 mm"},
            "different cartridge cases: 165 mm (Rounds FA) against 173 mm (Rounds FB)",
        ),
        ({"standard": "GOST-A"}, {"standard": "NATO-B"}, "different standards: GOST-A against NATO-B"),
    ],
)
def test_a_difference_between_families_settles_a_misfit_on_both_families_sources(
    a: dict[str, str], b: dict[str, str], text: str
) -> None:
    cat = _catalog(
        [_gun("ga", "125 mm", "fa"), _gun("gb", "125 mm", "fb")],
        [_family("fa", "s-fam-a", **a), _family("fb", "s-fam-b", **b)],
    )
    g = grade("ga", "gb", cat)
    assert g.level == "incompatible"
    assert _texts(g)[1] == text
    assert _sources(g)[1] == ("s-fam-a", "s-fam-b")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ({"bore": "rocket-tube"}, {"bore": "launch-container"}),  # a rocket in a container may be the bare one
        ({"bore": "smoothbore"}, {}),
        ({"loading": "separate"}, {}),
        ({"case_length": "165 mm"}, {"case_length": "165 mm"}),
        ({"standard": "12.7x108mm"}, {"standard": "12.7×108 mm"}),
        ({"standard": "Type-X"}, {"standard": "type x"}),
    ],
)
def test_no_difference_between_families_means_no_misfit(a: dict[str, str], b: dict[str, str]) -> None:
    cat = _catalog(
        [_gun("ga", "125 mm", "fa"), _gun("gb", "125 mm", "fb")],
        [_family("fa", "s-fam-a", **a), _family("fb", "s-fam-b", **b)],
    )
    assert grade("ga", "gb", cat).level == "caliber-only"


def test_a_rimmed_and_a_rimless_case_are_different_standards() -> None:
    cat = _catalog(
        [_gun("ga", "7.62 mm", "fa", kind="machine-gun"), _gun("gb", "7.62 mm", "fb", kind="machine-gun")],
        [_family("fa", "s-fam-a", standard="7.62x54mmR"), _family("fb", "s-fam-b", standard="7.62x54mm")],
    )
    g = grade("ga", "gb", cat)
    assert g.level == "incompatible"
    assert _texts(g)[1] == "different standards: 7.62x54mmR against 7.62x54mm"


# -- statements -------------------------------------------------------------------------------------------------


def _two_families(*evidence: dict[str, Any]) -> Catalog:
    return _catalog(
        [_gun("ga", "125 mm", "fa"), _gun("gb", "125 mm", "fb")],
        [_family("fa", "s-fam-a"), _family("fb", "s-fam-b")],
        [{"ammunition": "fa", "fired_from": "fb", "sources": ["s-ev"], **e} for e in evidence],
    )


def test_a_statement_is_quoted_with_its_conditions_note_and_source() -> None:
    g = grade("ga", "gb", _two_families({"stance": "conditional", "conditions": ["new charges", "a new rammer"],
                                         "note": "Field trials only"}))  # fmt: skip
    assert g.level == "conditional"
    assert _texts(g)[1] == "rounds stated to fit with conditions (Rounds FA in Rounds FB): new charges; a new rammer. Field trials only"
    assert _sources(g)[1] == ("s-ev",)


@pytest.mark.parametrize(
    ("stance", "text"),
    [
        ("interchangeable", "rounds stated to be interchangeable (Rounds FA in Rounds FB)"),
        ("incompatible", "rounds stated not to fit (Rounds FA in Rounds FB)"),
    ],
)
def test_each_stance_reads_as_what_it_means(stance: str, text: str) -> None:
    g = grade("ga", "gb", _two_families({"stance": stance}))
    assert g.level == stance
    assert text in _texts(g)


def test_both_families_known_and_no_statement_is_unverified_for_want_of_a_source() -> None:
    g = grade("ga", "gb", _two_families())
    assert g.level == "caliber-only"
    assert _texts(g)[-1] == "unverified: same caliber, but no source shows the rounds fit"


def test_an_unknown_family_is_named_as_the_reason_a_same_caliber_grade_is_unverified() -> None:
    cat = _catalog([_gun("ga", "125 mm", "fa"), _gun("gb", "125 mm")], [_family("fa", "s-fam-a")])
    g = grade("ga", "gb", cat)
    assert g.level == "caliber-only"
    assert _texts(g)[-1] == "unverified: same caliber, but the ammunition family of Gun GB is unknown"


def test_a_doubt_lowers_a_grade_one_step_and_says_so() -> None:
    g = grade("ga", "gb", _two_families({"stance": "interchangeable"}, {"stance": "doubt", "sources": ["s-other"]}))
    assert g.level == "conditional"
    assert _texts(g)[-2:] == [
        "a source doubts the rounds fit (Rounds FA in Rounds FB)",
        "lowered from interchangeable to conditional because a source doubts the fit",
    ]
    assert _sources(g)[-2] == ("s-other",)


def test_a_doubt_on_a_caliber_only_grade_is_shown_but_lowers_nothing() -> None:
    g = grade("ga", "gb", _two_families({"stance": "doubt"}))
    assert g.level == "caliber-only"
    assert "a source doubts the rounds fit (Rounds FA in Rounds FB)" in _texts(g)
    assert not any(t.startswith("lowered") for t in _texts(g))


# -- lineage between the guns -------------------------------------------------------------------------------------


def _derived(child: str, parent: str, qualifier: str = "", source: str = "s-lin") -> dict[str, Any]:
    return {"value": parent, "sources": [source], "qualifier": qualifier}


def test_a_gun_derived_from_the_other_is_conditional_on_the_lineage_source() -> None:
    cat = _catalog([_gun("ga", "125 mm"), _gun("gb", "125 mm", derived_from=[_derived("gb", "ga", "a licensed copy")])])
    for a, b in (("ga", "gb"), ("gb", "ga")):
        g = grade(a, b, cat)
        assert g.level == "conditional"
        assert _texts(g)[1] == "Gun GB is derived from Gun GA (a licensed copy); no source confirms that the rounds are the same"
        assert _sources(g)[1] == ("s-lin",)


def test_a_lineage_two_links_long_carries_both_links_sources() -> None:
    cat = _catalog([
        _gun("ga", "125 mm"),
        _gun("gm", "125 mm", derived_from=[_derived("gm", "ga", source="s-lin")]),
        _gun("gb", "125 mm", derived_from=[_derived("gb", "gm", source="s-lin2")]),
    ])  # fmt: skip
    g = grade("gb", "ga", cat)
    assert g.level == "conditional"
    assert _texts(g)[1] == "Gun GB is derived from Gun GA; no source confirms that the rounds are the same"
    assert _sources(g)[1] == ("s-lin2", "s-lin")


def test_two_guns_derived_from_a_third_are_conditional_on_both_links() -> None:
    cat = _catalog([
        _gun("gp", "125 mm"),
        _gun("ga", "125 mm", derived_from=[_derived("ga", "gp", source="s-lin")]),
        _gun("gb", "125 mm", derived_from=[_derived("gb", "gp", source="s-lin2")]),
    ])  # fmt: skip
    g = grade("ga", "gb", cat)
    assert g.level == "conditional"
    assert _texts(g)[1] == "Gun GA and Gun GB are both derived from Gun GP"
    assert _sources(g)[1] == ("s-lin", "s-lin2")


def test_a_gun_derived_from_one_that_fires_the_other_s_family_names_that_family() -> None:
    cat = _catalog(
        [
            _gun("gp", "125 mm", "fb"),
            _gun("ga", "125 mm", derived_from=[_derived("ga", "gp", "modernised")]),
            _gun("gb", "125 mm", "fb"),
        ],
        [_family("fb", "s-fam-b")],
    )
    g = grade("ga", "gb", cat)
    assert g.level == "conditional"
    assert _texts(g)[1] == (
        "Gun GA is derived from Gun GP (modernised), which fires the Rounds FB rounds of Gun GB; "
        "no source confirms that the rounds are the same"
    )
    assert _sources(g)[1] == ("s-lin", "s-fam-b")


def test_a_stated_fit_is_not_overruled_by_lineage() -> None:
    cat = _catalog(
        [_gun("ga", "125 mm", "fa"), _gun("gb", "125 mm", "fb", derived_from=[_derived("gb", "ga")])],
        [_family("fa", "s-fam-a"), _family("fb", "s-fam-b")],
        [{"ammunition": "fa", "fired_from": "fb", "stance": "interchangeable", "sources": ["s-ev"]}],
    )
    g = grade("ga", "gb", cat)
    assert g.level == "interchangeable"
    assert not any("derived" in t for t in _texts(g))

"""The range policies and range comparisons, pinned by hand on a small catalog of their own (`equipref.ranges`).

- ALPHA's gun fires HE-A (10 km s1, 12 km s2) and BB-A, a base-bleed shell (20 km s1, qualifier "extended");
- GAMMA's gun fires HE-G (8 km s2) and BB-G (30 km s3);
- BETA's launcher fires the rocket R-B (70 km s3);
- DELTA's gun fires a round with no range on record.

Every expected figure below is read off this list.
"""

from __future__ import annotations

from typing import Any

import pytest

from equipref.catalog import Catalog
from equipref.errors import UnknownNameError, UsageError
from equipref.model import CatalogData
from equipref.ranges import Policy, compare_ranges, range_figure, range_figures
from equipref.units import Measure


def _claim(value: str, source: str, **more: Any) -> dict[str, Any]:
    return {"value": value, "sources": [source], **more}


def _system(sid: str, weapon: str, munitions: list[str]) -> dict[str, Any]:
    return {
        "id": sid,
        "name": sid.upper(),
        "country": "CN",
        "role": "SPH",
        "armament": [{"weapon": weapon, "munitions": munitions}],
    }


CATALOG = Catalog(
    CatalogData.model_validate(
        {
            "source": [
                {"id": sid, "title": sid.upper(), "publisher": sid, "kind": "news", "reliability": "B"}
                for sid in ("s1", "s2", "s3")
            ],
            "family": [
                {"id": "f155", "name": "155 mm", "sources": ["s1"]},
                {"id": "f300", "name": "300 mm", "sources": ["s1"]},
            ],
            "weapon": [
                {"id": "gun", "name": "Gun", "kind": "howitzer", "family": "f155"},
                {"id": "tube", "name": "Tube", "kind": "rocket-launcher", "family": "f300"},
            ],
            "munition": [
                {"id": "he-a", "name": "HE-A", "family": "f155", "kind": "he",
                 "max_range": [_claim("10 km", "s1"), _claim("12000 m", "s2")]},
                {"id": "bb-a", "name": "BB-A", "family": "f155", "kind": "base-bleed",
                 "max_range": [_claim("20 km", "s1", qualifier="extended")]},
                {"id": "he-g", "name": "HE-G", "family": "f155", "kind": "he", "max_range": [_claim("8 km", "s2")]},
                {"id": "bb-g", "name": "BB-G", "family": "f155", "kind": "base-bleed",
                 "max_range": [_claim("30 km", "s3")]},
                {"id": "r-b", "name": "R-B", "family": "f300", "kind": "rocket", "max_range": [_claim("70 km", "s3")]},
                {"id": "dud", "name": "Dud", "family": "f155", "kind": "he"},
            ],
            "system": [
                _system("alpha", "gun", ["he-a", "bb-a"]),
                _system("gamma", "gun", ["he-g", "bb-g"]),
                _system("beta", "tube", ["r-b"]),
                _system("delta", "gun", ["dud"]),
            ],
        }
    )
)  # fmt: skip
MAX = Policy("max")


def _arm(system_id: str) -> Any:
    return CATALOG.system(system_id).armament[0]


# -- Policy.parse -------------------------------------------------------------------------------------------------


def test_a_policy_reads_back_as_written() -> None:
    assert str(Policy.parse(" max ")) == "max"
    assert str(Policy.parse("source=s2", CATALOG)) == "source=s2"
    assert Policy.parse("source=s2", CATALOG) == Policy("source", "s2")


def test_a_policy_that_is_not_text_says_what_was_expected() -> None:
    with pytest.raises(UsageError) as err:
        Policy.parse(5)  # type: ignore[arg-type]
    assert str(err.value) == "the range policy must be 'supported', 'max', 'min' or 'source=ID', not int 5"


def test_an_unknown_policy_says_what_was_expected() -> None:
    with pytest.raises(UsageError) as err:
        Policy.parse("best")
    assert str(err.value) == "unknown range policy 'best'; expected 'supported', 'max', 'min' or 'source=ID'"


def test_an_unknown_source_is_named_with_the_nearest_known_ones() -> None:
    with pytest.raises(UnknownNameError) as err:
        Policy.parse("source=s11", CATALOG)
    assert (err.value.kind, err.value.name, err.value.suggestions) == ("source", "s11", ("s1",))
    assert str(err.value) == "no source named 's11' in the catalog; did you mean 's1'?"


# -- one armament -------------------------------------------------------------------------------------------------


def test_the_max_policy_over_all_munitions_and_what_it_rests_on() -> None:
    f = range_figure(CATALOG, _arm("alpha"), MAX)
    assert f is not None
    assert (f.value, f.low, f.high, f.claim_count, f.origin_count, f.origins) == (
        Measure(20, "km"),
        Measure(10, "km"),
        Measure(20, "km"),
        3,
        2,
        ("s1",),
    )
    assert [(c.munition, c.munition_name, c.qualifier, c.sources) for c in f.claims] == [
        ("bb-a", "BB-A", "extended", ("s1",))
    ]


def test_low_and_high_compare_figures_written_in_different_units() -> None:
    f = range_figure(CATALOG, _arm("alpha"), MAX, category="gun round")
    assert f is not None
    # 12000 m is more than 10 km: compared as lengths, not as the numbers written.
    assert (f.value, f.low, f.high) == (Measure(12000, "m"), Measure(10, "km"), Measure(12, "km"))


def test_a_category_takes_only_its_own_munitions() -> None:
    bb = range_figure(CATALOG, _arm("alpha"), MAX, category="base-bleed shell")
    he = range_figure(CATALOG, _arm("alpha"), Policy("min"), category="gun round")
    assert bb is not None and he is not None
    assert ([c.munition for c in bb.claims], [c.munition for c in he.claims]) == (["bb-a"], ["he-a"])
    assert he.value == Measure(10, "km")
    assert range_figure(CATALOG, _arm("alpha"), MAX, category="rocket") is None


def test_the_source_policy_takes_only_that_sources_claims() -> None:
    f = range_figure(CATALOG, _arm("alpha"), Policy("source", "s2"))
    assert f is not None
    assert (f.value, f.claim_count, [c.sources for c in f.claims]) == (Measure(12, "km"), 1, [("s2",)])
    assert range_figure(CATALOG, _arm("alpha"), Policy("source", "s3")) is None


def test_range_figures_keeps_only_the_claims_admitted() -> None:
    figures = dict(range_figures(CATALOG, _arm("alpha"), MAX, admit=lambda c: "s2" not in c.sources))
    gun_round = figures["gun round"]
    assert gun_round is not None
    assert (gun_round.value, gun_round.claim_count) == (Measure(10, "km"), 1)


# -- two armaments ------------------------------------------------------------------------------------------------


def test_shared_categories_are_compared_largest_first() -> None:
    found = compare_ranges(CATALOG, _arm("alpha"), _arm("gamma"), MAX)
    assert [(rc.category, rc.like_for_like, rc.ratio, rc.difference) for rc in found] == [
        # Ratios are kept to 12 significant digits (a unit conversion leaves float noise).
        ("base-bleed shell", True, 0.666666666667, Measure(-10, "km")),
        ("gun round", True, 1.5, Measure(4000, "m")),
    ]


def test_with_no_category_in_common_one_comparison_over_all_munitions() -> None:
    (rc,) = compare_ranges(CATALOG, _arm("alpha"), _arm("beta"), MAX)
    assert rc.a is not None and rc.b is not None
    assert (rc.category, rc.like_for_like, rc.a.value, rc.b.value, rc.ratio, rc.difference) == (
        "all munitions",
        False,
        Measure(20, "km"),
        Measure(70, "km"),
        0.285714285714,
        Measure(-50, "km"),
    )


def test_a_side_with_no_range_still_gets_its_comparison() -> None:
    (rc,) = compare_ranges(CATALOG, _arm("alpha"), _arm("delta"), MAX)
    assert (rc.category, rc.like_for_like, rc.b, rc.ratio, rc.difference) == ("all munitions", False, None, None, None)
    assert rc.a is not None and rc.a.value == Measure(20, "km")
    assert compare_ranges(CATALOG, _arm("delta"), _arm("delta"), MAX) == ()


def test_the_source_policy_compares_only_that_sources_claims() -> None:
    # s3 gives nothing for ALPHA and 30 km for GAMMA's base-bleed shell: no shared category.
    (rc,) = compare_ranges(CATALOG, _arm("alpha"), _arm("gamma"), Policy("source", "s3"))
    assert rc.b is not None
    assert (rc.category, rc.a, rc.b.value) == ("all munitions", None, Measure(30, "km"))

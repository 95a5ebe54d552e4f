"""The confidence rules, pinned by hand: the corroboration digit for each count of agreeing and rival origins,
the cap on a figure that reaches a system only through a record it shares, and what `origins` does with ids it
does not know. Expected values are read off the rules as documented in `equipref.provenance.CORROBORATION`,
never taken from the code. Each runs on a small catalog of its own, so no catalog edit moves them.
"""

from __future__ import annotations

from typing import Any

import pytest

from equipref.catalog import Catalog
from equipref.model import CatalogData, Claim, Length
from equipref.provenance import assess, origins, same_value, support_index
from equipref.units import Measure

# Ten independent, graded sources (s0..s9), one that retells s0, and four with other grades.
_SOURCES: list[dict[str, Any]] = [
    *({"id": f"s{i}", "title": f"S{i}", "publisher": f"P{i}", "kind": "news", "reliability": "B"} for i in range(10)),
    {"id": "retold", "title": "R", "publisher": "R", "kind": "news", "retells": ["s0"], "relation": "retells"},
    {"id": "ga", "title": "GA", "publisher": "GA", "kind": "reference", "reliability": "A"},
    {"id": "gd", "title": "GD", "publisher": "GD", "kind": "reference", "reliability": "D"},
    {"id": "ungraded", "title": "U", "publisher": "U", "kind": "reference"},
]


def _catalog(range_claims: list[dict[str, Any]] | None = None) -> Catalog:
    """Two vehicles, alpha and beta, mounting one gun whose HE round has the given range claims."""
    return Catalog(
        CatalogData.model_validate(
            {
                "source": _SOURCES,
                "family": [{"id": "f30", "name": "30 mm", "sources": ["s9"]}],
                "weapon": [
                    {
                        "id": "gun",
                        "name": "Gun",
                        "kind": "autocannon",
                        "family": "f30",
                        "caliber": [{"value": "30 mm", "sources": ["s9"]}],
                    }
                ],
                "munition": [
                    {"id": "he", "name": "HE", "family": "f30", "kind": "he", "max_range": range_claims or []},
                ],
                "system": [
                    {
                        "id": sid,
                        "name": sid.title(),
                        "country": "CN",
                        "role": "IFV",
                        "armament": [{"weapon": "gun", "munitions": ["he"]}],
                    }
                    for sid in ("alpha", "beta")
                ],
            }
        )
    )


CATALOG = _catalog()


def _claims(agree: int, other: int) -> list[Claim[Length]]:
    """``agree`` independent origins giving 5 km, then ``other`` others giving 4 km (sources s0, s1, ...)."""
    five = [Claim[Length](value=Measure(5, "km"), sources=(f"s{i}",)) for i in range(agree)]
    four = [Claim[Length](value=Measure(4, "km"), sources=(f"s{agree + i}",)) for i in range(other)]
    return five + four


# (agreeing origins, origins of the strongest other value) -> digit, read off CORROBORATION's wording:
# 1 three or more and no rival; 2 more than any rival; 3 one and no rival; 4 a rival at least as strong;
# 5 a rival at least twice as strong (and at least two).
@pytest.mark.parametrize(
    ("agree", "other", "digit"),
    [
        (1, 0, 3),
        (2, 0, 2),
        (3, 0, 1),
        (4, 0, 1),
        (3, 1, 2),  # a lone dissent keeps three origins "probably true", not confirmed
        (3, 2, 2),
        (2, 1, 2),
        (1, 1, 4),
        (2, 2, 4),
        (2, 3, 4),
        (3, 5, 4),
        (1, 2, 5),
        (2, 4, 5),
        (3, 6, 5),
        (1, 3, 5),
    ],
)
def test_the_corroboration_digit_by_hand(agree: int, other: int, digit: int) -> None:
    found = assess(CATALOG, _claims(agree, other))
    assert found[0].corroboration == digit
    assert found[0].agreeing == tuple(sorted(f"s{i}" for i in range(agree)))
    assert found[0].disagreeing == tuple(sorted(f"s{agree + i}" for i in range(other)))


def test_a_retelling_beside_its_origin_is_one_witness_not_two() -> None:
    claims = [Claim[Length](value=Measure(5, "km"), sources=(s,)) for s in ("s0", "retold")]
    found = assess(CATALOG, claims)
    assert [f.corroboration for f in found] == [3, 3]  # one origin, no rival: possibly true
    assert found[1].origins == ("s0",)


def test_an_id_the_catalog_does_not_know_is_its_own_origin() -> None:
    assert origins(CATALOG, ["nowhere"]) == ("nowhere",)
    assert origins(CATALOG, ["retold", "nowhere", "s0"]) == ("nowhere", "s0")


def test_same_value_is_the_same_quantity_and_nothing_else() -> None:
    assert same_value(Measure(130, "km"), Measure(130000, "m"))
    assert not same_value(Measure(47, "km"), Measure(47.5, "km"))
    assert not same_value(Measure(130, "km"), "130 km")  # a text is never a quantity, whatever it reads
    assert not same_value("130 km", Measure(130, "km"))
    assert same_value("smoothbore", "smoothbore")
    assert not same_value("smoothbore", "rifled")


# -- a figure stated for another vehicle -------------------------------------------------------------------


def _stated(value: str, source: str, *systems: str) -> dict[str, Any]:
    return {"value": value, "sources": [source], "stated_for": list(systems)}


@pytest.mark.parametrize(
    ("source", "for_alpha", "for_beta"),
    [
        ("ga", "A", "C"),  # an A page about alpha is at best C for beta
        ("gd", "D", "D"),  # a grade worse than the cap stays as it is
        ("ungraded", None, None),  # no grade is not turned into one
    ],
)
def test_an_inferred_figure_is_graded_at_best_c(source: str, for_alpha: str | None, for_beta: str | None) -> None:
    catalog = _catalog([_stated("5000 m", source, "alpha")])
    claims = catalog.munition("he").max_range
    mine, theirs = assess(catalog, claims, "alpha")[0], assess(catalog, claims, "beta")[0]
    assert (mine.grade, mine.corroboration, mine.stated_for) == (for_alpha, 3, ())
    assert (theirs.grade, theirs.corroboration, theirs.stated_for) == (for_beta, 3, ("alpha",))
    assert "inferred: the source gives it for alpha" in theirs.explanation
    assert "inferred" not in mine.explanation


def test_an_inferred_figure_borrows_no_corroboration_from_direct_claims_that_agree() -> None:
    # For beta: two of its own origins give 5000 m, one gives 4000 m; the A page gives 5000 m for alpha only.
    claims = [
        _stated("5000 m", "ga", "alpha"),
        _stated("5000 m", "s1", "beta"),
        _stated("5000 m", "s2", "beta"),
        _stated("4000 m", "s3", "beta"),
    ]
    catalog = _catalog(claims)
    found = assess(catalog, catalog.munition("he").max_range, "beta")
    # The inference counts as no origin: against one rival origin it is doubtful, whatever agrees with it.
    assert (found[0].grade, found[0].corroboration) == ("C", 4)
    assert found[0].origins == ("ga",)
    # The direct 5000 m stands on s1 and s2 alone (ga's figure is not beta's): probably true.
    assert (found[1].agreeing, found[1].corroboration) == (("s1", "s2"), 2)
    assert (found[3].disagreeing, found[3].corroboration) == (("s1", "s2"), 5)


def test_support_index_keys_each_claim_and_judges_it_for_the_system_asked() -> None:
    catalog = _catalog([_stated("5000 m", "ga", "alpha"), _stated("4000 m", "s1", "beta")])
    munition = catalog.munition("he")
    for_beta = support_index(catalog, [munition], "beta")
    assert sorted(for_beta) == ["munition[he].max_range[0]", "munition[he].max_range[1]"]
    assert for_beta["munition[he].max_range[0]"].confidence == "C4"  # inferred, against beta's own figure
    assert for_beta["munition[he].max_range[1]"].confidence == "B3"
    asked_for_none = support_index(catalog, [munition])
    assert asked_for_none["munition[he].max_range[0]"].confidence == "A4"  # 1 origin against 1 other

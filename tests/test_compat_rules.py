"""Grades name what they grade, and a reason naming two weapons names both: pinned by hand on a catalog of its own
(mutation testing of `equipref.compat` left these unseen)."""

from __future__ import annotations

from typing import Any

from equipref import Catalog, CatalogData, grade


def _catalog(*weapons: dict[str, Any]) -> Catalog:
    source = {"id": "s", "title": "Page", "publisher": "Pub", "kind": "news", "url": "https://e.org/s"}
    return Catalog(CatalogData.model_validate({"source": [source], "weapon": list(weapons)}))


def _gun(wid: str, caliber: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": wid, "name": f"Gun {wid.upper()}", "kind": "tank-gun"}
    if caliber is not None:
        out["caliber"] = [{"value": caliber, "sources": ["s"]}]
    return out


def test_a_grade_names_the_weapon_whose_rounds_and_the_weapon_that_fires_them() -> None:
    cat = _catalog(_gun("ga", "125 mm"), _gun("gb", "125 mm"))
    forward, backward = grade("ga", "gb", cat), grade("gb", "ga", cat)
    assert (forward.ammunition_of, forward.fired_from) == ("ga", "gb")
    assert (backward.ammunition_of, backward.fired_from) == ("gb", "ga")


def test_two_unknown_calibers_are_both_named() -> None:
    g = grade("ga", "gb", _catalog(_gun("ga", None), _gun("gb", None)))
    assert g.level is None
    assert [r.text for r in g.reasons] == ["not graded: the caliber of Gun GA, Gun GB is unknown"]


def test_two_unknown_families_are_both_named() -> None:
    g = grade("ga", "gb", _catalog(_gun("ga", "125 mm"), _gun("gb", "125 mm")))
    assert g.level == "caliber-only"
    assert "unverified: same caliber, but the ammunition family of Gun GA, Gun GB is unknown" in [
        r.text for r in g.reasons
    ]

"""`equipref.dump` gives what ``model_dump(mode="json")`` gives, for every kind of result the command line prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from equipref import diff, load_catalog
from equipref.catalog import Catalog
from equipref.comparison import compare, counterparts, overview
from equipref.dump import dump
from equipref.matching import match
from equipref.provenance import Support
from equipref.record import system_record
from equipref.resolving import resolve_all

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def same(model: BaseModel) -> None:
    # Encoded, not compared as values: 5 == 5.0 and (1,) != [1] would hide what a reader of the JSON sees.
    assert json.dumps(dump(model)) == json.dumps(model.model_dump(mode="json"))


def test_every_record_and_system(catalog: Catalog) -> None:
    for system in catalog.systems():
        same(system_record(catalog, system))
        same(system)


def test_every_comparison_score_and_match(catalog: Catalog) -> None:
    for comparison in overview(catalog, "CN", "RU"):
        same(comparison)
    for system in catalog.systems():
        for score in counterparts(system.id, catalog=catalog):
            same(score)
    same(compare("PHL-03", "Tornado-S", catalog=catalog))
    for caliber in ("125 mm", "4.921 in", "12.7 mm", "300 mm"):
        for found in match(caliber, catalog=catalog):
            same(found)


def test_the_catalog_its_sources_names_and_a_diff(catalog: Catalog) -> None:
    same(catalog.data)
    for source in catalog.sources:
        same(source)
    for resolution in resolve_all(["Type 99", "ZTZ-99", "nothing of the kind", "T-72"], catalog):
        same(resolution)
    same(diff(ROOT / "catalog" / "releases" / "0.1.0.json", ROOT / "catalog"))


def test_computed_fields_come_after_the_fields() -> None:
    support = Support(origins=("a",), grade="B", agreeing=(), disagreeing=(), corroboration=3)
    assert list(dump(support))[-2:] == ["confidence", "explanation"]
    assert dump(support)["confidence"] == "B3"
    same(support)


def test_anything_else_is_refused_not_guessed() -> None:
    with pytest.raises(TypeError, match="set"):
        dump({"a": {1, 2}})

"""Counts carry what they count (built, in service, paraded, ordered, delivered, exported; whose, and when), and
only counts of one kind are weighed against each other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from equipref.catalog import Catalog
from equipref.errors import CatalogError
from equipref.model import CatalogData
from equipref.provenance import assess, origins


def tank(numbers: list[dict[str, Any]]) -> Catalog:
    sources = [{"id": s, "title": s, "publisher": s, "kind": "news", "reliability": "B"} for s in "abcdef"]
    system = {"id": "t", "name": "T", "country": "CN", "role": "MBT", "numbers": numbers}
    return Catalog(CatalogData.model_validate({"source": sources, "system": [system]}))


def grades(numbers: list[dict[str, Any]]) -> list[int]:
    catalog = tank(numbers)
    return [s.corroboration for s in assess(catalog, catalog.system("t").numbers, "t")]


PARADED = {"value": 18, "sources": ["a"], "counts": "paraded", "year": 1999}
IN_SERVICE = [{"value": 200, "sources": [s], "counts": "in-service"} for s in "bc"]


def test_a_parade_count_is_not_a_rival_of_an_inventory() -> None:
    # Two origins give about 200 in service; one gives 18 on parade. Were they rivals, 18 would be improbable (5).
    parade, *service = grades([PARADED, *IN_SERVICE])
    assert parade != 5 and parade == grades([PARADED])[0]
    assert service == grades(IN_SERVICE)


def test_counts_of_one_kind_are_still_weighed_against_each_other() -> None:
    rival = {"value": 18, "sources": ["d"], "counts": "in-service"}
    assert grades([rival, *IN_SERVICE])[0] == 5


@pytest.mark.parametrize(("field", "other"), [("year", 2020), ("holder", "Peru")])
def test_one_kind_for_another_holder_or_year_is_not_a_rival(field: str, other: object) -> None:
    rival = {"value": 18, "sources": ["d"], "counts": "in-service", field: other}
    assert grades([rival, *IN_SERVICE])[0] != 5


def test_a_count_whose_kind_is_not_recorded_is_weighed_against_none() -> None:
    bare = [{"value": 200, "sources": [s]} for s in "bc"]
    alone = {"value": 18, "sources": ["d"]}
    assert grades([alone, *bare]) == grades([alone]) + grades([bare[0]]) + grades([bare[1]])


def test_an_unknown_kind_is_refused_by_name() -> None:
    with pytest.raises((CatalogError, ValueError), match="counts"):
        tank([{"value": 3, "sources": ["a"], "counts": "rumoured"}])


def test_type_99s_parade_count_is_not_graded_improbable(catalog: Catalog) -> None:
    t99 = catalog.system("Type 99")
    support = assess(catalog, t99.numbers, t99.id)
    paraded = [s for c, s in zip(t99.numbers, support, strict=True) if c.counts == "paraded"]
    assert paraded and all(s.corroboration != 5 for s in paraded)


def test_an_export_count_names_whom_it_went_to(catalog: Catalog) -> None:
    # An export without its buyer cannot be told from another export of the same system, nor read by anyone.
    unnamed = [
        (s.id, c.value) for s in catalog.systems() for c in s.numbers if c.counts == "exported" and not c.holder
    ]
    assert unnamed == []


def test_in_the_catalog_only_counts_of_one_kind_holder_and_year_disagree(catalog: Catalog) -> None:
    # T-72B3: 558 in service by 2020 and more than 600 delivered 2011-2020 are two measures, not a contradiction.
    checked = 0
    for system in catalog.systems():
        claims = system.numbers
        for claim, found in zip(claims, assess(catalog, claims, system.id), strict=True):
            same = [c for c in claims if c.counts is not None and c.rival_key() == claim.rival_key()]
            allowed = {o for c in same for o in origins(catalog, c.sources)}
            assert set(found.disagreeing) <= allowed, (system.id, claim.value)
            checked += claim.counts is not None
    assert checked >= 60  # the rule was exercised on the tagged counts, not on an empty catalog


def test_every_view_says_what_a_count_counts(tmp_path: Path) -> None:
    import csv
    import io
    import sqlite3

    from equipref.export import export_csv, export_sqlite
    from equipref.record import system_record
    from equipref.render import DisplayUnits, show_tables

    held = {"value": 200, "sources": ["b"], "counts": "in-service", "holder": "PLA"}
    catalog = tank([PARADED, held, {"value": 5, "sources": ["c"]}])
    figures = show_tables(system_record(catalog, "t").model_dump(mode="json"), DisplayUnits())[0]
    # The show table and the site page share these rows; an untagged count says nothing it does not know.
    assert [r[0] for r in figures.rows if r[0].startswith("numbers")] == [
        "numbers, paraded (1999)",
        "numbers, in service (PLA)",
        "numbers",
    ]
    rows = [r for r in csv.DictReader(io.StringIO(export_csv(catalog))) if r["field"] == "numbers"]
    assert [(r["counts"], r["holder"], r["year"]) for r in rows] == [
        ("paraded", "", "1999"),
        ("in-service", "PLA", ""),
        ("", "", ""),
    ]
    export_sqlite(catalog, tmp_path / "t.db")
    found = sqlite3.connect(tmp_path / "t.db").execute(
        "SELECT counts, holder, year FROM claims WHERE field = 'numbers' ORDER BY position"
    )
    assert found.fetchall() == [("paraded", None, 1999), ("in-service", "PLA", None), (None, None, None)]

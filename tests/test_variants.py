"""Variants are separate records linked to their base: found by their own names, never answered for by the base."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from equipref import CatalogError, compare, load_catalog
from equipref.cli import main
from equipref.record import system_record
from tests.test_catalog import BASE, write_catalog

VARIANT_PAIRS = [
    ("Type 99A", "type-99a", "type-99"),
    ("ZTZ-99A", "type-99a", "type-99"),
    ("Type 96B", "type-96b", "type-96"),
    ("T-90A", "t-90a", "t-90"),
    ("T-90M", "t-90m", "t-90"),
    ("T-90M Proryv", "t-90m", "t-90"),
    ("T-72B3M", "t-72b3m", "t-72b3"),
    ("T-72B3 obr. 2016", "t-72b3m", "t-72b3"),
    ("BMP-3 Dragun", "bmp-3-dragun", "bmp-3"),
]


@pytest.mark.parametrize(("name", "variant", "base"), VARIANT_PAIRS)
def test_a_variant_name_finds_the_variant_not_its_base(catalog, name: str, variant: str, base: str) -> None:  # type: ignore[no-untyped-def]
    found = catalog.system(name)
    assert found.id == variant
    assert found.variant_of == base
    assert catalog.base_of(found).id == base
    assert variant in {v.id for v in catalog.variants_of(base)}


def test_variant_figures_are_not_the_bases(catalog) -> None:  # type: ignore[no-untyped-def]
    # The sourced weights that name the 99A live on the 99A only; the base keeps the Type 99's own.
    t99, t99a = catalog.system("type-99"), catalog.system("type-99a")
    assert "58 t" in {str(c.value) for c in t99a.combat_weight}
    assert not [c for c in t99.combat_weight if c.qualifier in ("Type 99A", "99A1", "99A2")]
    # T-90M figures moved off the T-90.
    t90, t90m = catalog.system("t-90"), catalog.system("t-90m")
    assert not [c for c in t90.combat_weight if "T-90M" == c.qualifier]
    assert ("50 t", ("soha-2017-t90m",)) in {(str(c.value), c.sources) for c in t90m.combat_weight}
    assert {a.weapon for a in t90m.armament} >= {"2a46m-5"}
    assert "2a46m-5" not in {a.weapon for a in t90.armament}


def test_compare_answers_for_the_variant(catalog) -> None:  # type: ignore[no-untyped-def]
    comparison = compare("Type 99A", "T-90M", catalog=catalog)
    assert (comparison.a, comparison.b) == ("type-99a", "t-90m")
    main_pair = comparison.main
    assert main_pair is not None
    assert (main_pair.a_weapon, main_pair.b_weapon) == ("zpt-98", "2a46m-5")


def test_records_name_base_and_variants(catalog) -> None:  # type: ignore[no-untyped-def]
    base = system_record(catalog, "T-90")
    assert [v.system for v in base.variants] == ["t-90a", "t-90m"]
    assert base.variant_of is None
    variant = system_record(catalog, "T-90M")
    assert variant.variant_of is not None and variant.variant_of.system == "t-90"
    assert variant.variants == ()


def test_show_names_the_base_and_the_variants(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "Type 99A", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["system"]["id"] == "type-99a"
    assert record["variant_of"] == {"system": "type-99", "name": "Type 99"}
    assert main(["show", "Type 99"]) == 0
    out = capsys.readouterr().out
    assert "Variants" in out and "Type 99A (id type-99a)" in out
    assert main(["compare", "Type 99A", "T-90M", "--format", "json"]) == 0
    pair = json.loads(capsys.readouterr().out)
    assert (pair["a"], pair["b"]) == ("type-99a", "t-90m")


VARIANT = (
    BASE["systems/tank-a.toml"]
    .replace('id = "tank-a"', 'id = "tank-a2"')
    .replace('aliases = ["TA-1"]', 'aliases = ["TA-2"]\nvariant_of = "tank-a"')
)


def test_a_valid_variant_loads(tmp_path: Path) -> None:
    cat = load_catalog(write_catalog(tmp_path, {"systems/tank-a2.toml": VARIANT.replace("Tank A", "Tank A2")}))
    assert cat.system("TA-2").variant_of == "tank-a"
    assert [s.id for s in cat.variants_of("tank-a")] == ["tank-a2"]
    assert cat.base_of("tank-a") is None


@pytest.mark.parametrize(
    ("files", "fragment"),
    [
        (
            {
                "systems/tank-a2.toml": VARIANT.replace("Tank A", "Tank A2").replace(
                    'variant_of = "tank-a"', 'variant_of = "tank-z"'
                )
            },
            "system[tank-a2].variant_of = 'tank-z': unknown system",
        ),
        (
            {
                "systems/tank-a2.toml": VARIANT.replace("Tank A", "Tank A2").replace(
                    'variant_of = "tank-a"', 'variant_of = "tank-b"'
                )
            },
            "a variant belongs to its base's country",
        ),
        (
            {
                "systems/tank-a2.toml": VARIANT.replace("Tank A", "Tank A2").replace(
                    'variant_of = "tank-a"', 'variant_of = "tank-a2"'
                )
            },
            "variants form a cycle",
        ),
        (
            {
                "systems/tank-a2.toml": VARIANT.replace("Tank A", "Tank A2"),
                "systems/tank-a.toml": BASE["systems/tank-a.toml"].replace(
                    'aliases = ["TA-1"]', 'aliases = ["TA-1"]\nvariant_of = "tank-a2"'
                ),
            },
            "variants form a cycle",
        ),
    ],
    ids=["unknown base", "other country", "own variant", "two-step cycle"],
)
def test_bad_variant_links_are_reported(tmp_path: Path, files: dict[str, str], fragment: str) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(write_catalog(tmp_path, files))
    lines = [str(p) for p in info.value.problems]
    assert any(fragment in line and line.startswith("cat/systems/") for line in lines), lines


def test_sqlite_export_keeps_the_variant_link(tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    db = tmp_path / "equipref.db"
    assert main(["export", "--format", "sqlite", "-o", str(db)]) == 0
    con = sqlite3.connect(db)
    try:
        rows = dict(con.execute("SELECT id, variant_of FROM systems WHERE variant_of IS NOT NULL").fetchall())
        cases = dict(con.execute("SELECT id, case_length_mm FROM families").fetchall())
    finally:
        con.close()
    assert rows == {s.id: s.variant_of for s in catalog.systems() if s.variant_of}
    assert rows["t-90m"] == "t-90"
    assert set(cases) == {f.id for f in catalog.families}


def test_a_system_is_never_ranked_against_its_own_base_or_variants(catalog) -> None:  # type: ignore[no-untyped-def]
    from equipref import counterparts

    for name, variant, base in VARIANT_PAIRS:
        ranked = {s.system for s in counterparts(name, catalog=catalog)}
        assert base not in ranked and variant not in ranked
        assert not ranked & {v.id for v in catalog.variants_of(base)}
    assert catalog.root_of("T-90M").id == "t-90" and catalog.root_of("t-90").id == "t-90"
    assert catalog.kin_of("T-90M") == catalog.kin_of("t-90") == {"t-90", "t-90a", "t-90m"}

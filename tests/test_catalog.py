"""Loading catalogs: the built-in one, users' folders, and every way a hand-edited file can be wrong."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from equipref import CatalogError, UnknownNameError, load_catalog
from equipref.catalog import normalize_name

BASE = {
    "sources.toml": """
        [[source]]
        id = "src-a"
        title = "A page"
        publisher = "A publisher"
        url = "https://example.org/a"
        kind = "reference"
    """,
    "families.toml": """
        [[family]]
        id = "fam-125"
        name = "125 mm test family"
        caliber = "125 mm"
        bore = "smoothbore"
        loading = "separate"
        sources = ["src-a"]
    """,
    "weapons.toml": """
        [[weapon]]
        id = "gun-a"
        name = "Gun A"
        kind = "tank-gun"
        family = "fam-125"
        caliber = [{ value = "125 mm", sources = ["src-a"] }]
    """,
    "systems/tank-a.toml": """
        [[system]]
        id = "tank-a"
        name = "Tank A"
        aliases = ["TA-1"]
        country = "CN"
        role = "MBT"
        crew = [{ value = 3, sources = ["src-a"] }]
        [[system.armament]]
        weapon = "gun-a"
    """,
    "systems/tank-b.toml": """
        [[system]]
        id = "tank-b"
        name = "Tank B"
        country = "RU"
        role = "MBT"
        [[system.armament]]
        weapon = "gun-a"
        [[system.counterparts]]
        system = "tank-a"
        sources = ["src-a"]
    """,
}


def write_catalog(root: Path, files: dict[str, str | None]) -> Path:
    merged = {**BASE, **files}
    for name, text in merged.items():
        if text is None:
            continue
        path = root / "cat" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root / "cat"


def test_builtin_catalog_loads(catalog) -> None:  # type: ignore[no-untyped-def]
    assert len(catalog) >= 2
    assert catalog.system("ztz-99").name == "Type 99"


@pytest.mark.parametrize("name", ["Type 99", "type99", "TYPE-99", "ZTZ-99", "ztz 99", "  Type-99 "])
def test_names_are_found_forgivingly(catalog, name: str) -> None:  # type: ignore[no-untyped-def]
    assert catalog.system(name).id == "type-99"


def test_unknown_name_suggests_the_nearest(catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownNameError) as info:
        catalog.system("Tipe 99")
    assert "Type 99" in info.value.suggestions
    assert "did you mean" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_filters_by_country_and_role(catalog) -> None:  # type: ignore[no-untyped-def]
    cn = catalog.systems(country="cn")
    assert cn and all(s.country == "CN" for s in cn)
    assert all(s.role == "MBT" for s in catalog.systems(role="mbt"))


def test_a_valid_user_catalog_loads(tmp_path: Path) -> None:
    cat = load_catalog(write_catalog(tmp_path, {}))
    assert [s.id for s in cat.systems()] == ["tank-a", "tank-b"]
    assert cat.system("ta1").id == "tank-a"
    assert cat.file_of("system", "tank-a") == "cat/systems/tank-a.toml"


BROKEN = {
    "bad toml": ({"weapons.toml": "[[weapon]\nid = 1"}, "cat/weapons.toml", "not valid TOML"),
    "wrong dimension": (
        {"families.toml": BASE["families.toml"].replace('"125 mm"', '"125 kg"')},
        "cat/families.toml",
        "family[fam-125].caliber = '125 kg'",
    ),
    "expression bomb": (
        {"families.toml": BASE["families.toml"].replace('"125 mm"', '"9**9**9 mm"')},
        "cat/families.toml",
        "arithmetic is not accepted",
    ),
    "bare number": (
        {"families.toml": BASE["families.toml"].replace('"125 mm"', "125")},
        "cat/families.toml",
        "a bare number has no unit",
    ),
    "missing source": (
        {
            "systems/tank-a.toml": BASE["systems/tank-a.toml"].replace(
                'crew = [{ value = 3, sources = ["src-a"] }]', "crew = [{ value = 3 }]"
            )
        },
        "cat/systems/tank-a.toml",
        "system[tank-a].crew[0].sources: required field is missing",
    ),
    "unknown source": (
        {"systems/tank-a.toml": BASE["systems/tank-a.toml"].replace('sources = ["src-a"]', 'sources = ["src-zz"]')},
        "cat/systems/tank-a.toml",
        "system[tank-a].crew[0].sources[0] = 'src-zz': unknown source id",
    ),
    "dangling weapon": (
        {"systems/tank-a.toml": BASE["systems/tank-a.toml"].replace('weapon = "gun-a"', 'weapon = "gun-x"')},
        "cat/systems/tank-a.toml",
        "system[tank-a].armament[0].weapon = 'gun-x': unknown weapon",
    ),
    "dangling counterpart": (
        {"systems/tank-b.toml": BASE["systems/tank-b.toml"].replace('system = "tank-a"', 'system = "tank-q"')},
        "cat/systems/tank-b.toml",
        "system[tank-b].counterparts[0].system = 'tank-q': unknown system",
    ),
    "duplicate alias": (
        {
            "systems/tank-b.toml": BASE["systems/tank-b.toml"].replace(
                'name = "Tank B"', 'name = "Tank B"\naliases = ["ta 1"]'
            )
        },
        "cat/systems/tank-b.toml",
        "also a name of system 'tank-a' (cat/systems/tank-a.toml)",
    ),
    "duplicate id": (
        {"systems/tank-c.toml": BASE["systems/tank-a.toml"].replace('aliases = ["TA-1"]', "")},
        "cat/systems/tank-c.toml",
        "duplicate id; first defined in cat/systems/tank-a.toml",
    ),
    "typo in field": (
        {"systems/tank-a.toml": BASE["systems/tank-a.toml"].replace("role =", "roel =")},
        "cat/systems/tank-a.toml",
        "unknown field",
    ),
    "unknown section": ({"extra.toml": "[[tank]]\nid = 'x'"}, "cat/extra.toml", "unknown section"),
    "bad country": (
        {"systems/tank-a.toml": BASE["systems/tank-a.toml"].replace('"CN"', '"China"')},
        "cat/systems/tank-a.toml",
        "system[tank-a].country = 'China'",
    ),
    "not utf-8": ({"weapons.toml": None, "latin1.toml": None}, "cat/latin1.toml", "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_catalogs_name_the_file_and_field(tmp_path: Path, case: str) -> None:
    files, file, fragment = BROKEN[case]
    root = write_catalog(tmp_path, files)
    if case == "not utf-8":
        (root / "latin1.toml").write_bytes("[[source]]\ntitle = 'Caf\xe9'\n".encode("latin-1"))
    with pytest.raises(CatalogError) as info:
        load_catalog(root)
    lines = [str(p) for p in info.value.problems]
    assert any(line.startswith(file) and fragment in line for line in lines), lines


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    root = write_catalog(
        tmp_path,
        {
            "families.toml": BASE["families.toml"].replace('"125 mm"', '"125 kg"'),
            "systems/tank-b.toml": BASE["systems/tank-b.toml"].replace('system = "tank-a"', 'system = "nope"'),
            "extra.toml": "[[tank]]\nid = 'x'",
        },
    )
    with pytest.raises(CatalogError) as info:
        load_catalog(root)
    files = {p.file for p in info.value.problems}
    assert {"cat/families.toml", "cat/systems/tank-b.toml", "cat/extra.toml"} <= files


def test_a_user_folder_replaces_builtin_entries_by_id(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        textwrap.dedent(
            """
            [[source]]
            id = "my-notes"
            title = "My notes"
            publisher = "me"
            kind = "analysis"
            [[system]]
            id = "type-99"
            name = "Type 99"
            aliases = ["ZTZ-99"]
            country = "CN"
            role = "MBT"
            crew = [{ value = 4, sources = ["my-notes"] }]
            """
        ),
        encoding="utf-8",
    )
    cat = load_catalog(tmp_path, builtin=True)
    assert cat.system("ztz-99").crew[0].value == 4
    assert cat.file_of("system", "type-99").endswith("mine.toml")


def test_dump_and_reload_gives_equal_models(tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(catalog.data.model_dump(mode="json")), encoding="utf-8")
    again = load_catalog(path)
    assert again.data == catalog.data


def test_normalize_name() -> None:
    assert normalize_name("ZBL-08 / ZSL-10") == "zbl08zsl10"


def test_load_from_another_folder_after_install(tmp_path: Path) -> None:
    code = "import equipref; print(equipref.load_catalog().system('ztz-99').name)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert out.stdout.strip() == "Type 99"

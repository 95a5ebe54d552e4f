"""Synthetic catalogs for benchmarks: as many weapons or systems as asked, shaped like the real catalog."""

from __future__ import annotations

import random
from pathlib import Path

from equipref import Catalog, CatalogData

__all__ = ["article_for", "weapons_catalog", "write_systems_catalog"]

ROLES = ["MBT", "IFV", "APC", "SPH", "MLRS", "SRBM"]
UNITS = [("mm", 1.0), ("cm", 10.0), ("in", 25.4)]


def weapons_catalog(n: int, seed: int = 1) -> tuple[Catalog, list[float]]:
    """A catalog of ``n`` weapons with calibers spread uniformly over 5-800 mm, written in mixed units.

    Returns the catalog and every weapon's caliber in millimetres, in weapon order, for the baseline.
    """
    rng = random.Random(seed)
    calibers = [round(rng.uniform(5.0, 800.0), 3) for _ in range(n)]
    weapons = []
    for i, mm in enumerate(calibers):
        unit, factor = UNITS[i % len(UNITS)]
        weapons.append(
            {
                "id": f"w{i:07d}",
                "name": f"Weapon {i}",
                "kind": "tank-gun",
                "caliber": [{"value": f"{mm / factor!r} {unit}", "sources": ["bench"]}],
            }
        )
    data = CatalogData.model_validate(
        {
            "source": [{"id": "bench", "title": "Synthetic", "publisher": "benchmarks", "kind": "reference"}],
            "weapon": weapons,
        }
    )
    # The value as read back (text -> float), so that baseline and engine see the very same floats.
    floats = [w.caliber[0].value.m_as("mm") for w in data.weapon]
    return Catalog(data), floats


#: Systems per millimetre of caliber: the built-in catalog's 58 weapons over 5-800 mm.
DENSITY_PER_MM = 58 / 795


def write_systems_catalog(folder: Path, n_systems: int, seed: int = 1, crowded: bool = False) -> None:
    """Write a catalog folder of ``n_systems`` systems, one file each, with weapons, families and sources.

    Calibers are spread so that a system has as many neighbours within a caliber tolerance at any size (a
    bigger world, not a more crowded one: 5-800 mm at the built-in catalog's size, wider beyond). With
    ``crowded``, every size packs its calibers into 5-800 mm, so neighbours grow with the catalog.
    """
    rng = random.Random(seed)
    span = 795.0 if crowded else max(795.0, n_systems / DENSITY_PER_MM)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "shared.toml").write_text(
        "\n".join(
            [
                '[[source]]\nid = "bench"\ntitle = "Synthetic"\npublisher = "benchmarks"\nkind = "reference"\n',
                '[[family]]\nid = "fam"\nname = "Family"\ncaliber = "125 mm"\nbore = "smoothbore"\n'
                'loading = "separate"\nsources = ["bench"]\n',
            ]
        ),
        encoding="utf-8",
    )
    for i in range(n_systems):
        mm = round(rng.uniform(5, 5 + span), 2)
        text = f"""
[[weapon]]
id = "gun-{i}"
name = "Gun {i}"
kind = "tank-gun"
family = "fam"
caliber = [{{ value = "{mm} mm", sources = ["bench"] }}]

[[munition]]
id = "round-{i}"
name = "Round {i}"
family = "fam"
kind = "he"
max_range = [{{ value = "{round(rng.uniform(1, 500), 1)} km", sources = ["bench"] }}]

[[system]]
id = "sys-{i}"
name = "System {i}"
aliases = ["SYS {i} A", "Model {i}"]
country = "{"CN" if i % 2 else "RU"}"
role = "{ROLES[i % len(ROLES)]}"
crew = [{{ value = 3, sources = ["bench"] }}]
combat_weight = [{{ value = "{round(rng.uniform(10, 60), 1)} t", sources = ["bench"] }}]
in_service = [{{ value = {rng.randint(1960, 2024)}, sources = ["bench"] }}]

[[system.armament]]
weapon = "gun-{i}"
munitions = ["round-{i}"]
rounds = [{{ value = 40, sources = ["bench"] }}]
"""
        (folder / f"sys-{i}.toml").write_text(text, encoding="utf-8")


def article_for(n_systems: int) -> str:
    """An article for `equipref check`: one sentence per synthetic system (``write_systems_catalog``), or,
    with 0, a few sentences about built-in systems (written here, not copied from any article)."""
    if n_systems == 0:
        return (
            "The PHL-03 launcher fires rockets up to 130 km, and the Tornado-S reaches 120 km.\n"
            "The Type 99 tank weighs 54 t and carries a 125 mm gun, like the T-90, which weighs 46.5 t.\n"
            "The PCL-181 howitzer fires 155 mm shells to 40 km.\n"
        )
    return "".join(f"System {i} weighs {20 + i % 40} t and fires a {100 + i % 50} mm gun.\n" for i in range(n_systems))

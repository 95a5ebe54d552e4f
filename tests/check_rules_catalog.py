"""A small catalog of made-up systems for the checker's rule tests: every figure in it is written here, so a
test's expected verdict can be read off this file by hand and no edit of the built-in catalog moves it.

- AX-10, a self-propelled howitzer (SPH) with the G-122 gun (122 mm, s1) and its HE-122 round (15.4 km, s1; no
  caliber of its own), 40 rounds carried (s1): 30 t (s1), crew 5 (s2 and s3) and 4 (s4), in service 2015 (s1),
  200 in service (s3);
- BX-20, a rocket launcher (MLRS) with the L-300 (300 mm s1, 12 tubes s2) and its R-300 rocket (300 mm s1; 70 km
  s1, 130 km s2, 20 km at least s3), and the L-370 (370 mm s1, 4 tubes s4) with its R-370 rocket ("up to" 220 km,
  guided, s3; its caliber only through its family's launcher): 40 t (s3) and 42 t (mine), crew 3 (retold, which
  retells mine);
- CX-30, a tank (MBT) with no weapon on record: 46 t (s4);
- DX-40, another launcher with the L-300 and R-300 (so that rocket is no one system's);
- EX-50, an IFV with two A-30 cannons (30 mm, s2), main and remote.

``s1``..``s4`` are independent sources; ``retold`` retells ``mine``, so when a text is ``mine`` both count as it.
"""

from __future__ import annotations

from typing import Any

from equipref.catalog import Catalog
from equipref.model import CatalogData


def claim(value: Any, *sources: str, **more: Any) -> dict[str, Any]:
    return {"value": value, "sources": list(sources), **more}


SOURCES: list[dict[str, Any]] = [
    *({"id": f"s{i}", "title": f"S{i}", "publisher": f"P{i}", "kind": "news", "reliability": "B"} for i in range(1, 5)),
    {"id": "mine", "title": "Mine", "publisher": "M", "kind": "news"},
    {"id": "retold", "title": "Retold", "publisher": "R", "kind": "news", "retells": ["mine"], "relation": "retells"},
]


def data(**changes: Any) -> dict[str, Any]:
    """The catalog's data, with any top-level list replaced (``system=[...]``)."""
    base: dict[str, Any] = {
        "source": SOURCES,
        "family": [
            {"id": "f122", "name": "122 mm", "sources": ["s1"]},
            {"id": "f300", "name": "300 mm", "sources": ["s1"]},
            {"id": "f370", "name": "370 mm", "sources": ["s1"]},
            {"id": "f30", "name": "30 mm", "sources": ["s2"]},
        ],
        "weapon": [
            {"id": "g-122", "name": "G-122", "kind": "howitzer", "family": "f122", "caliber": [claim("122 mm", "s1")]},
            {
                "id": "l-300",
                "name": "L-300",
                "kind": "rocket-launcher",
                "family": "f300",
                "caliber": [claim("300 mm", "s1")],
                "tubes": [claim(12, "s2")],
            },
            {
                "id": "l-370",
                "name": "L-370",
                "kind": "rocket-launcher",
                "family": "f370",
                "caliber": [claim("370 mm", "s1")],
                "tubes": [claim(4, "s4")],
            },
            {"id": "a-30", "name": "A-30", "kind": "autocannon", "family": "f30", "caliber": [claim("30 mm", "s2")]},
        ],
        "munition": [
            {"id": "he-122", "name": "HE-122", "family": "f122", "kind": "he", "max_range": [claim("15.4 km", "s1")]},
            {
                "id": "r-300",
                "name": "R-300",
                "family": "f300",
                "kind": "rocket",
                "caliber": [claim("300 mm", "s1")],
                "max_range": [claim("70 km", "s1"), claim("130 km", "s2")],
                "min_range": [claim("20 km", "s3")],
            },
            {
                "id": "r-370",
                "name": "R-370",
                "family": "f370",
                "kind": "rocket",
                "max_range": [claim("220 km", "s3", hedge="up to", qualifier="guided")],
            },
        ],
        "system": [
            {
                "id": "ax-10",
                "name": "AX-10",
                "country": "CN",
                "role": "SPH",
                "armament": [{"weapon": "g-122", "munitions": ["he-122"], "rounds": [claim(40, "s1")]}],
                "combat_weight": [claim("30 t", "s1")],
                "crew": [claim(5, "s2", "s3"), claim(4, "s4")],
                "in_service": [claim(2015, "s1")],
                "numbers": [claim(200, "s3", counts="in-service")],
            },
            {
                "id": "bx-20",
                "name": "BX-20",
                "country": "CN",
                "role": "MLRS",
                "armament": [
                    {"weapon": "l-300", "munitions": ["r-300"]},
                    {"weapon": "l-370", "munitions": ["r-370"]},
                ],
                "combat_weight": [claim("40 t", "s3"), claim("42 t", "mine")],
                "crew": [claim(3, "retold")],
            },
            {"id": "cx-30", "name": "CX-30", "country": "RU", "role": "MBT", "combat_weight": [claim("46 t", "s4")]},
            {
                "id": "dx-40",
                "name": "DX-40",
                "country": "CN",
                "role": "MLRS",
                "armament": [{"weapon": "l-300", "munitions": ["r-300"]}],
            },
            {
                "id": "ex-50",
                "name": "EX-50",
                "country": "CN",
                "role": "IFV",
                "armament": [{"weapon": "a-30"}, {"weapon": "a-30", "mount": "remote"}],
            },
        ],
    }
    base.update(changes)
    return base


def rules_catalog(**changes: Any) -> Catalog:
    return Catalog(CatalogData.model_validate(data(**changes)))

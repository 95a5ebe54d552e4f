"""equipref: a typed, unit-aware, sourced reference of land systems and their ammunition compatibility.

>>> import equipref
>>> catalog = equipref.load_catalog()
>>> catalog.system("ztz-99").name
'Type 99'
>>> round(equipref.parse_quantity("4.921 in", "[length]").m_as("mm"), 4)
124.9934

Names are imported lazily (PEP 562), so ``import equipref`` costs almost nothing and the command line pays
only for what a command uses.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs the cached command line a few milliseconds

__version__ = "0.1.0"

__all__ = [
    "AmmunitionFamily",
    "Armament",
    "Catalog",
    "CatalogData",
    "CatalogError",
    "Claim",
    "Counterpart",
    "DocumentResult",
    "EquiprefError",
    "Evidence",
    "Measure",
    "Munition",
    "Problem",
    "QuantityError",
    "ROW_FIELDS",
    "Resolution",
    "Source",
    "System",
    "TextDocument",
    "UnknownNameError",
    "UsageError",
    "Weapon",
    "check_text",
    "check_texts",
    "compare",
    "counterparts",
    "default_catalog",
    "diff",
    "finding_rows",
    "grade",
    "headline_range",
    "load_catalog",
    "match",
    "overview",
    "parse_measure",
    "parse_quantity",
    "resolve",
    "to_rows",
    "ureg",
]

_WHERE = {
    "AmmunitionFamily": "equipref.model",
    "Armament": "equipref.model",
    "CatalogData": "equipref.model",
    "Claim": "equipref.model",
    "Counterpart": "equipref.model",
    "Evidence": "equipref.model",
    "Munition": "equipref.model",
    "Source": "equipref.model",
    "System": "equipref.model",
    "Weapon": "equipref.model",
    "Catalog": "equipref.catalog",
    "default_catalog": "equipref.catalog",
    "load_catalog": "equipref.catalog",
    "CatalogError": "equipref.errors",
    "EquiprefError": "equipref.errors",
    "Problem": "equipref.errors",
    "QuantityError": "equipref.errors",
    "UnknownNameError": "equipref.errors",
    "UsageError": "equipref.errors",
    "Measure": "equipref.units",
    "parse_measure": "equipref.units",
    "parse_quantity": "equipref.units",
    "compare": "equipref.comparison",
    "counterparts": "equipref.comparison",
    "overview": "equipref.comparison",
    "grade": "equipref.compat",
    "headline_range": "equipref.headline",
    "diff": "equipref.diffing",
    "to_rows": "equipref.rows",
    "match": "equipref.matching",
    "check_text": "equipref.check",
    "check_texts": "equipref.check.batch",
    "DocumentResult": "equipref.check.batch",
    "ROW_FIELDS": "equipref.check.batch",
    "TextDocument": "equipref.check.batch",
    "finding_rows": "equipref.check.batch",
    "resolve": "equipref.resolving",
    "Resolution": "equipref.resolving",
}

if TYPE_CHECKING:
    from typing import Any

    import pint

    from equipref.catalog import Catalog, default_catalog, load_catalog
    from equipref.check import check_text
    from equipref.check.batch import ROW_FIELDS, DocumentResult, TextDocument, check_texts, finding_rows
    from equipref.comparison import compare, counterparts, overview
    from equipref.compat import grade
    from equipref.diffing import diff
    from equipref.errors import (
        CatalogError,
        EquiprefError,
        Problem,
        QuantityError,
        UnknownNameError,
        UsageError,
    )
    from equipref.headline import headline_range
    from equipref.matching import match
    from equipref.model import (
        AmmunitionFamily,
        Armament,
        CatalogData,
        Claim,
        Counterpart,
        Evidence,
        Munition,
        Source,
        System,
        Weapon,
    )
    from equipref.resolving import Resolution, resolve
    from equipref.units import Measure, parse_measure, parse_quantity

    ureg: pint.UnitRegistry[Any]


def __getattr__(name: str) -> Any:
    if name == "ureg":
        from equipref.units import get_registry

        return get_registry()
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'equipref' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

"""Results as plain rows for data tools: one flat table, unique snake_case column names that carry the unit.

What ``table -f csv`` and ``list -f csv`` write, and what `to_rows` hands to pandas
(``pandas.DataFrame(equipref.to_rows(comparisons))``). A quantity is a number in the unit its column names
(``cn_caliber_mm``, ``cn_range_km``, following ``--units`` and ``--caliber-unit``/``--range-unit``), a hedge
(``up to``, ``about``) has its own column beside it, and an unknown figure is an empty cell (None). Every row
of one table has the same keys, in the same order.

Tables without a typed form here (``match``, ``counterparts``, ``sources``, one table of ``show`` or
``compare``) get `snake_headers`: their headers in snake_case, made unique.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.comparison import Comparison
    from equipref.display import DisplayUnits
    from equipref.model import System
    from equipref.ranges import RangeFigure
    from equipref.units import Measure

__all__ = ["comparison_rows", "snake_headers", "system_rows", "to_rows"]

Row = dict[str, Any]


def _number(value: Measure | None, unit: str) -> float | None:
    if value is None:
        return None
    from equipref.display import _DECIMALS

    return round(value.m_as(unit), _DECIMALS.get(unit, 3) + 2)


def _symbol(unit: str) -> str:
    from equipref.units import unit_info

    return unit_info(unit).symbol


def _range(prefix: str, figure: RangeFigure | None, unit: str) -> Row:
    hedges = {c.hedge for c in figure.claims} if figure else set()
    hedge = hedges.pop() if len(hedges) == 1 else None
    return {
        f"{prefix}_range_hedge": hedge,
        f"{prefix}_range_{unit}": _number(figure.value, unit) if figure else None,
        f"{prefix}_range_low_{unit}": _number(figure.low, unit) if figure else None,
        f"{prefix}_range_high_{unit}": _number(figure.high, unit) if figure else None,
        f"{prefix}_range_claims": figure.claim_count if figure else None,
        f"{prefix}_range_origins": figure.origin_count if figure else None,
    }


def comparison_rows(
    comparisons: Sequence[Comparison], catalog: Catalog, units: DisplayUnits, left: str = "CN", right: str = "RU"
) -> list[Row]:
    """One row per pair of the overview (`equipref.overview`): both systems with their headline main weapon,
    caliber and range (`equipref.headline`, spread and support included), the grade each way, and the range
    ratio of the like-for-like comparison behind the grades."""
    from equipref.headline import graded_pair, headline

    cal, rng = _symbol(units.caliber), _symbol(units.range)
    a, b = left.lower(), right.lower()
    rows = []
    for comp in comparisons:
        system = catalog.system(comp.a)
        other = catalog.system(comp.b) if comp.b else None
        top_a = headline(catalog, system, comp.policy)
        top_b = headline(catalog, other, comp.policy) if other else None
        pair, headline_weapons = graded_pair(comp, catalog)
        ranges = pair.range if pair else None
        graded = pair if pair and not headline_weapons else None
        rows.append(
            {
                f"{a}_system_id": comp.a,
                f"{a}_system": comp.a_name,
                f"{a}_role": system.role,
                f"{a}_weapon": top_a.weapon.name if top_a.weapon else None,
                f"{a}_loadout": top_a.loadout,
                f"{b}_system_id": comp.b,
                f"{b}_system": comp.b_name,
                f"{b}_role": other.role if other else None,
                f"{b}_weapon": top_b.weapon.name if top_b and top_b.weapon else None,
                f"{b}_loadout": top_b.loadout if top_b else None,
                f"{a}_caliber_{cal}": _number(top_a.calibers[0].value, cal) if top_a.calibers else None,
                f"{b}_caliber_{cal}": _number(top_b.calibers[0].value, cal) if top_b and top_b.calibers else None,
                **_range(a, top_a.range, rng),
                **_range(b, top_b.range if top_b else None, rng),
                "range_policy": comp.policy,
                # the grades are of these two weapons; empty when they are the headline weapons above
                f"graded_{a}_weapon": graded.a_weapon_name if graded else None,
                f"graded_{a}_caliber_{cal}": _number(graded.a_caliber, cal) if graded else None,
                f"graded_{b}_weapon": graded.b_weapon_name if graded else None,
                f"graded_{b}_caliber_{cal}": _number(graded.b_caliber, cal) if graded else None,
                f"{a}_rounds_in_{b}_gun": (pair.a_in_b.level if pair and pair.a_in_b else None),
                f"{b}_rounds_in_{a}_gun": (pair.b_in_a.level if pair and pair.b_in_a else None),
                "like_for_like_range_category": ranges.category if ranges else None,
                "like_for_like_range_ratio": ranges.ratio if ranges else None,
                "paired_by_source": bool(comp.paired_by),
            }
        )
    return rows


def system_rows(catalog: Catalog, systems: Sequence[System], units: DisplayUnits) -> list[Row]:
    """One row per system: identity, its headline main weapon and caliber (`equipref.headline`)."""
    from equipref.headline import headline

    cal, rng = _symbol(units.caliber), _symbol(units.range)
    rows = []
    for s in systems:
        top = headline(catalog, s)
        base = catalog.base_of(s)
        calibers = list(dict.fromkeys(_number(c.value, cal) for c in top.calibers))
        rows.append(
            {
                "system_id": s.id,
                "system": s.name,
                "variant_of": base.id if base else None,
                "country": s.country,
                "role": s.role,
                "main_weapon": top.weapon.name if top.weapon else None,
                "loadout": top.loadout,
                f"caliber_{cal}": calibers[0] if calibers else None,
                f"other_calibers_{cal}": ";".join(str(c) for c in calibers[1:]) or None,
                **_range("headline", top.range, rng),
                "range_policy": top.policy,
                "aliases": ";".join(s.names[1:]) or None,
            }
        )
    return rows


def snake_headers(headers: Sequence[str]) -> list[str]:
    """``["CN caliber", "Caliber", "Caliber"]`` -> ``["cn_caliber", "caliber", "caliber_2"]``."""
    out: list[str] = []
    for header in headers:
        name = re.sub(r"[^0-9a-z]+", "_", header.casefold()).strip("_") or "column"
        unique, n = name, 1
        while unique in out:
            n += 1
            unique = f"{name}_{n}"
        out.append(unique)
    return out


def to_rows(results: Any, catalog: Catalog | None = None, units: DisplayUnits | None = None) -> list[Row]:
    """Plain rows (dicts of str, float, int, bool or None) for pandas: comparisons from `equipref.overview`
    or `equipref.compare`, or systems; anything else pydantic can dump, one ``model_dump`` row per item."""
    from pydantic import BaseModel

    from equipref.catalog import default_catalog
    from equipref.comparison import Comparison
    from equipref.display import DisplayUnits
    from equipref.dump import dump
    from equipref.model import System

    items = list(results) if isinstance(results, (list, tuple)) else [results]
    units = units or DisplayUnits()
    if items and all(isinstance(i, Comparison) for i in items):
        return comparison_rows(items, catalog or default_catalog(), units)
    if items and all(isinstance(i, System) for i in items):
        return system_rows(catalog or default_catalog(), items, units)
    return [_flat(dump(i)) if isinstance(i, BaseModel) else _flat(i) for i in items]


def _flat(value: Any, prefix: str = "") -> Row:
    """Nested mappings flattened into ``a_b`` keys; lists joined with ``;`` (a cell holds one value)."""
    out: Row = {}
    if not isinstance(value, dict):
        return {prefix or "value": value}
    for key, item in value.items():
        name = f"{prefix}_{key}" if prefix else str(key)
        if isinstance(item, dict):
            out.update(_flat(item, name))
        elif isinstance(item, (list, tuple)):
            out[name] = (
                ";".join(str(i) for i in item) if all(not isinstance(i, (dict, list)) for i in item) else str(item)
            )
        else:
            out[name] = item
    return out

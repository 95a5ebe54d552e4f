"""Stable output: file order, file layout and units of the catalog must not change any answer."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from equipref import Measure, load_catalog
from equipref.comparison import overview
from equipref.export import export_json
from equipref.locations import builtin_catalog_path
from equipref.matching import all_pairs
from equipref.render import DisplayUnits, format_tables, overview_table

LENGTH = re.compile(r"^([0-9.e+-]+) (mm|cm|m|km|in|ft|yd|mi|nmi)$")


def table_text(catalog: Any) -> str:
    return format_tables([overview_table(overview(catalog), catalog, DisplayUnits(), "CN", "RU")], "github")


def test_shuffled_and_regrouped_files_give_the_same_catalog_and_table(tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    files = sorted(builtin_catalog_path().rglob("*.toml"))
    rng = random.Random(7)
    rng.shuffle(files)
    for i, path in enumerate(files):  # new names, so the loader reads them in another order, in one flat folder
        (tmp_path / f"{i:03d}-{path.stem}.toml").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    again = load_catalog(tmp_path)
    assert export_json(again) == export_json(catalog)
    assert table_text(again) == table_text(catalog)


def _rewrite_lengths(value: Any, unit: str) -> Any:
    if isinstance(value, dict):
        return {k: _rewrite_lengths(v, unit) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite_lengths(v, unit) for v in value]
    if isinstance(value, str) and (m := LENGTH.match(value)):
        return str(Measure(float(m[1]), m[2]).to(unit))
    return value


@pytest.mark.parametrize("unit", ["in", "cm", "m", "ft"])
def test_the_catalog_written_in_other_units_gives_the_same_answers(tmp_path: Path, catalog, unit: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(export_json(catalog))
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(_rewrite_lengths(data, unit)), encoding="utf-8")
    rewritten = load_catalog(path)
    assert list(all_pairs("0.5 mm", rewritten)) == list(all_pairs("0.5 mm", catalog))

    def answers(cat: Any) -> list[tuple[Any, ...]]:
        out = []
        for c in overview(cat):
            for p in c.pairs:
                rng = p.range
                out.append(
                    (
                        c.a,
                        c.b,
                        p.a_weapon,
                        p.b_weapon,
                        p.a_in_b.level if p.a_in_b else None,
                        p.b_in_a.level if p.b_in_a else None,
                        round(rng.ratio, 9) if rng and rng.ratio else None,
                    )
                )
        return out

    assert answers(rewritten) == answers(catalog)
    # The tables differ on purpose: a figure is shown in the unit its source wrote, with the display unit beside
    # it, so a catalog rewritten in inches shows inches first. Which claim stands must not change.
    units = DisplayUnits()

    def standing(cat: Any) -> list[list[str]]:
        table = overview_table(overview(cat), cat, units, "CN", "RU", wide=True)
        keep = [i for i, h in enumerate(table.headers) if "caliber" not in h and "range" not in h]
        return [[row[i] for i in keep] for row in table.rows]

    assert standing(rewritten) == standing(catalog)

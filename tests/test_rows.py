"""Data that fits tools: CSV is one table with unique snake_case headers carrying the unit; rows load in pandas."""

from __future__ import annotations

import csv
import importlib.util
import io
from pathlib import Path

import pytest
from cli_run import run

import equipref
from equipref.cli import main
from equipref.headline import headline
from equipref.rows import snake_headers

pytestmark = pytest.mark.usefixtures("private_cache")


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_table_csv_has_unique_headers_with_units_and_hedges_apart(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "table", "--format", "csv")
    assert code == 0
    headers = out.splitlines()[0].split(",")
    assert len(headers) == len(set(headers))
    assert {"cn_caliber_mm", "ru_caliber_mm", "cn_range_km", "cn_range_hedge", "cn_rounds_in_ru_gun"} <= set(headers)
    rows = _csv(out)
    type04 = next(r for r in rows if r["cn_system_id"] == "type-04")
    assert float(type04["cn_caliber_mm"]) == 100.0
    assert type04["ru_range_hedge"] == "about" and float(type04["ru_range_km"]) == 4.0  # BMP-3's "about 4 km", split


def test_csv_units_follow_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "table", "--format", "csv", "--units", "imperial")
    rows = _csv(out)
    assert "cn_caliber_in" in rows[0] and "cn_range_mi" in rows[0]
    type99 = next(r for r in rows if r["cn_system_id"] == "type-99" and r["ru_system_id"] == "t-90")
    assert abs(float(type99["cn_caliber_in"]) - 4.921) < 0.001


def test_every_csv_has_unique_headers(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["list"], ["sources"], ["match", "125 mm"], ["counterparts", "Type 04"]):
        code, out, _ = run(capsys, *argv, "--format", "csv")
        headers = next(csv.reader(io.StringIO(out)))
        assert code == 0 and len(headers) == len(set(headers)), argv
        assert all(h == h.lower() and " " not in h for h in headers), headers


def test_show_and_compare_csv_take_one_table_or_refuse(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "Type 99", "--format", "csv")
    assert (code, out) == (2, "")
    assert "--table NAME" in err and "armament" in err
    code, out, _ = run(capsys, "show", "Type 99", "--format", "csv", "--table", "armament")
    assert code == 0 and out.startswith("mount,weapon,kind,caliber,")
    assert not any(line.startswith("#") for line in out.splitlines())
    code, out, _ = run(capsys, "compare", "Type 99", "T-90", "--format", "csv", "--table", "pairs")
    headers = out.splitlines()[0].split(",")
    assert code == 0 and len(headers) == len(set(headers)) and "type_99_caliber" in headers
    code, _, err = run(capsys, "compare", "Type 99", "T-90", "--format", "csv", "--table", "nope")
    assert code == 2 and "unknown table 'nope'" in err


def test_snake_headers_are_unique() -> None:
    assert snake_headers(["CN caliber", "Caliber", "Caliber", "Max range (km)"]) == [
        "cn_caliber",
        "caliber",
        "caliber_2",
        "max_range_km",
    ]


def test_rows_are_plain_values() -> None:
    catalog = equipref.load_catalog()
    rows = equipref.to_rows(equipref.overview(catalog), catalog)
    assert rows and all(list(r) == list(rows[0]) for r in rows)
    assert all(v is None or isinstance(v, (str, int, float, bool)) for r in rows for v in r.values())
    systems = equipref.to_rows(list(catalog.systems("RU")), catalog)
    assert {r["country"] for r in systems} == {"RU"}


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="pandas is not installed")
def test_pandas_reads_the_table_and_the_rows(capsys: pytest.CaptureFixture[str]) -> None:
    import pandas as pd

    _, out, _ = run(capsys, "table", "--format", "csv")
    frame = pd.read_csv(io.StringIO(out))
    assert not any("." in c for c in frame.columns)  # no Caliber.1: every header is unique
    assert frame["cn_caliber_mm"].dtype.kind == "f"
    catalog = equipref.load_catalog()
    rows = pd.DataFrame(equipref.to_rows(equipref.overview(catalog), catalog))
    assert len(rows) == len(frame) and list(rows.columns) == list(frame.columns)


def test_the_readme_sqlite_query_runs_on_the_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import re
    import sqlite3

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    query = re.search(r"```sql\n(.*?)```", readme, re.S)
    assert query, "the README shows an SQL query"
    db = tmp_path / "equipref.db"
    assert main(["export", "--format", "sqlite", "-o", str(db)]) == 0
    con = sqlite3.connect(db)
    try:
        rows = con.execute(query.group(1)).fetchall()
        assert rows and all(len(r) == 5 for r in rows)
        assert rows[0][0] == "Iskander-M"  # the longest Russian headline range
        phl16 = con.execute("SELECT weapon_name FROM main_weapons WHERE system = 'phl-16'").fetchone()
        weapon = headline(equipref.load_catalog(), "phl-16").weapon
        assert weapon is not None and phl16 == (weapon.name,)  # the same main weapon as list and table
        grades = con.execute(
            "SELECT cn_rounds_in_ru_gun, ru_rounds_in_cn_gun FROM comparisons WHERE cn_system_id = 'type-04'"
        ).fetchall()
        assert ("conditional", "conditional") in grades
    finally:
        con.close()


def _quantity_strings(value: object) -> list[str]:
    import re

    if isinstance(value, dict):
        return [q for k, v in value.items() if k != "text" for q in _quantity_strings(v)]
    if isinstance(value, list):
        return [q for v in value for q in _quantity_strings(v)]
    return (
        [value]
        if isinstance(value, str) and re.fullmatch(r"[-+]?\d+(\.\d+)? (mm|cm|m|km|in|mi|t|kg|lb)", value)
        else []
    )


def test_json_quantities_have_one_structured_shape_that_honours_units(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    _, out, _ = run(capsys, "compare", "PHL-03", "Tornado-S", "--format", "json", "--units", "imperial")
    data = json.loads(out)
    assert _quantity_strings(data) == []
    caliber = data["pairs"][0]["a_caliber"]
    assert set(caliber) == {"value", "unit", "si_value", "text"}
    assert caliber["unit"] == "in" and abs(caliber["si_value"] - 0.3) < 1e-9 and caliber["text"] == "300 mm"
    figure = data["pairs"][0]["ranges"][0]["a"]["value"]
    assert figure["unit"] == "mi" and figure["si_value"] > 1000  # a range: miles, si in metres
    _, out, _ = run(capsys, "show", "Type 99", "--format", "json", "--weight-unit", "lb")
    weight = json.loads(out)["system"]["combat_weight"][0]["value"]
    assert weight["unit"] == "lb" and weight["si_value"] == 54000.0

"""One headline per figure: every one-line view of a system shows the same main weapon, caliber and range.

Each test here is one of the inconsistencies issue 11 listed, and fails on the code that had it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from equipref.cli import main
from equipref.headline import caliber_cell, headline, range_cell
from equipref.pages import render_site
from equipref.render import DisplayUnits, fmt_number


@pytest.fixture(autouse=True)
def one_line_per_row(private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _wide_rows(capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_out(capsys, "table", "--wide", "--format", "csv"))))


def test_type04_range_is_the_same_in_table_index_and_counterparts(catalog, capsys) -> None:  # type: ignore[no-untyped-def]
    expected = range_cell(headline(catalog, "type-04").range, "km")
    table = _out(capsys, "table")
    assert re.search(rf"^Type 04 \(CN\) +100 mm +{re.escape(expected)} ", table, re.M), expected
    index = render_site(catalog)["systems/index.md"].decode("utf-8").replace("\u00a0", " ")
    row = next(line for line in index.splitlines() if "(type-04.md)" in line)
    assert expected in row
    figure = headline(catalog, "type-04").range
    assert figure is not None
    km = fmt_number(figure.value.m_as("km"), 1)
    assert f"similar maximum range: {km} km" in _out(capsys, "counterparts", "Type 04", "--country", "RU")


def test_phl16_main_weapon_is_the_same_in_list_and_table(catalog, capsys) -> None:  # type: ignore[no-untyped-def]
    weapon = headline(catalog, "phl-16").weapon
    assert weapon is not None
    listed = next(
        r for r in csv.DictReader(io.StringIO(_out(capsys, "list", "--format", "csv"))) if r["system_id"] == "phl-16"
    )
    assert listed["main_weapon"] == weapon.name
    for row in csv.DictReader(io.StringIO(_out(capsys, "table", "--format", "csv"))):
        if row["cn_system_id"] == "phl-16":
            assert row["cn_weapon"] == weapon.name
    wide = _out(capsys, "table", "--wide")
    assert all(weapon.name in line for line in wide.splitlines() if line.startswith("PHL-16 "))


def test_an_unknown_caliber_reads_unknown_everywhere(catalog, capsys) -> None:  # type: ignore[no-untyped-def]
    assert caliber_cell(headline(catalog, "iskander-m").calibers, "mm") == "unknown"
    wide = _out(capsys, "table", "--wide")
    rows = [line for line in wide.splitlines() if "Iskander-M launcher" in line]
    assert rows and all("unknown" in line for line in rows)
    listed = _out(capsys, "list")
    assert re.search(r"^iskander-m .*Iskander-M launcher +unknown ", listed, re.M)


def test_table_and_list_agree_on_every_system(catalog, capsys) -> None:  # type: ignore[no-untyped-def]
    units = DisplayUnits()
    listed = {r["system_id"]: r for r in csv.DictReader(io.StringIO(_out(capsys, "list", "--format", "csv")))}
    for row in csv.DictReader(io.StringIO(_out(capsys, "table", "--format", "csv"))):
        for side in ("cn", "ru"):
            system = row[f"{side}_system_id"]
            if not system:
                continue
            assert row[f"{side}_weapon"] == listed[system]["main_weapon"], system
            assert row[f"{side}_caliber_mm"] == listed[system]["caliber_mm"], system
            assert row[f"{side}_range_km"] == listed[system]["headline_range_km"], system
    assert units.caliber == "mm"

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
from equipref.headline import caliber_cell, headline
from equipref.pages import render_site
from equipref.render import DisplayUnits


@pytest.fixture(autouse=True)
def one_line_per_row(private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _wide_rows(capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_out(capsys, "table", "--wide", "--format", "csv"))))


def test_type04_range_is_the_same_in_table_index_and_counterparts(catalog, capsys) -> None:  # type: ignore[no-untyped-def]
    # The table's cell is the reference: every other view must show the very same one (the cell itself is
    # checked against hand-worked values in test_judgement.py).
    table = _out(capsys, "table")
    found = re.search(r"^Type 04 \(CN\) +100 mm +(.*?\d+ origins?\))", table, re.M)
    assert found, table
    expected = found[1]
    index = render_site(catalog)["systems/index.md"].decode("utf-8").replace("\u00a0", " ")
    row = next(line for line in index.splitlines() if "(type-04.md)" in line)
    assert expected in row
    # Counterparts quote the figure in km: the table's value, converted by hand when the source wrote metres.
    value, unit = expected.split(" ")[:2]
    km = float(value.replace(",", "")) / (1000 if unit == "m" else 1)
    assert f"similar maximum range: {km:g} km" in _out(capsys, "counterparts", "Type 04", "--country", "RU")


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


def test_a_rows_grade_is_about_the_calibers_it_prints(catalog, capsys) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: "ZBD-03 30 mm / BMD-4M 100 mm: caliber-only" graded the 30 mm pair beside the main guns'
    calibers. A row whose grades are of other weapons names them, and the calibers a row prints for its
    grades (those weapons', else the main ones) never differ where the grade says they are the same."""
    rows = list(csv.DictReader(io.StringIO(_out(capsys, "table", "--format", "csv"))))
    named = 0
    for row in rows:
        if not row["ru_system_id"]:
            continue
        graded = bool(row["graded_cn_weapon"])
        named += graded
        a = row["graded_cn_caliber_mm"] if graded else row["cn_caliber_mm"]
        b = row["graded_ru_caliber_mm"] if graded else row["ru_caliber_mm"]
        if not a or not b:
            continue
        for grade in (row["cn_rounds_in_ru_gun"], row["ru_rounds_in_cn_gun"]):
            if abs(float(a) - float(b)) > 0.5:
                assert grade in ("incompatible", ""), (row["cn_system"], row["ru_system"], a, b, grade)
    assert named, "no row grades a pair other than the main weapons: the test no longer tests anything"
    text = _out(capsys, "table")
    for row in rows:
        if row["graded_cn_weapon"]:
            assert row["graded_ru_weapon"] in text.replace("\n", " ")


def test_a_modular_launcher_headline_says_its_load_out_and_has_the_most_origins(catalog) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: PHL-16 headlined one 150 km claim for its 300 mm pod while other load-outs had more origins."""
    modular = [s for s in catalog.systems() if headline(catalog, s).loadouts]
    assert modular, "no system has several launchers as its main armament"
    for system in modular:
        top = headline(catalog, system)
        assert top.loadout and top.weapon is not None and top.weapon.name.endswith(top.loadout.split(",")[0])
        best = len(top.range.origins) if top.range else -1
        for other in top.loadouts:
            assert (len(other.range.origins) if other.range else -1) <= best, (system.id, other.weapon.id)


def test_the_range_chart_draws_the_figure_the_table_shows(catalog) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: the docs table and chart gave PHL-16 150 / 500 km and 2S1 15.3 / 21.9 km."""
    from equipref.charts import system_range

    for system in catalog.systems():
        figure = headline(catalog, system).range
        span = system_range(catalog, system)
        assert (span is None) == (figure is None)
        if figure is None or span is None:
            continue
        assert span.supported_km == pytest.approx(figure.value.m_as("km"))
        assert figure.low is not None and figure.high is not None
        assert span.low_km == pytest.approx(figure.low.m_as("km"))
        assert span.high_km == pytest.approx(figure.high.m_as("km"))
        # one unit in a chart label
        assert " m" not in span.label.replace(" mi", "") and " mi" not in span.label


def test_the_headline_range_is_one_call_away(catalog) -> None:  # type: ignore[no-untyped-def]
    import equipref

    assert equipref.headline_range("PHL-03", catalog) == headline(catalog, "phl-03").range

"""The command line, end to end: real entry points, several formats, exact exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run

from equipref.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


pytestmark = pytest.mark.usefixtures("private_cache")


def test_table_matches_the_golden_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "table", "--format", "github")
    assert code == 0 and err == ""
    golden = GOLDEN / "table.github.md"
    if os.environ.get("EQUIPREF_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), (
        "regenerate with EQUIPREF_UPDATE_GOLDEN=1 if the change is intended"
    )


def test_table_accounts_for_every_chinese_system(capsys: pytest.CaptureFixture[str], catalog) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "table", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["cn_system"] for r in rows} == {s.name for s in catalog.systems(country="CN")}
    assert all(r["ru_system"] or not r["cn_rounds_in_ru_gun"] for r in rows)  # a grade always has a counterpart


def test_table_json_is_the_structured_result(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "table", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data and {"a", "b", "pairs", "paired_by"} <= set(data[0])


@pytest.mark.parametrize("fmt", ["plain", "simple", "github", "grid", "pipe", "html", "latex", "csv", "json"])
def test_list_in_every_kind_of_format(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, err = run(capsys, "list", "--country", "CN", "--format", fmt)
    assert code == 0 and err == ""
    assert "Type 99" in out
    if fmt == "json":
        assert {s["country"] for s in json.loads(out)} == {"CN"}
    else:
        assert "T-90A" not in out


def test_show_finds_aliases_and_prints_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "ztz 99")
    assert code == 0
    assert "Type 99" in out and "Sources" in out and "piglix-ztz99" in out


def test_show_json_resolves_every_reference(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "Type 99", "--format", "json")
    record = json.loads(out)
    assert code == 0
    arm = record["armament"][0]
    assert arm["weapon"]["caliber"][0]["value"]["unit"] == "mm"  # a structured quantity (equipref.jsonshape)
    assert arm["family"]["bore"] == "smoothbore"
    cited = {s["id"] for s in record["sources"]}
    assert {"piglix-ztz99", "globalsecurity-china-ww3"} <= cited
    assert all(s["title"] for s in record["sources"])


def test_show_uses_the_cache_and_rebuilds_when_a_file_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    extra = user / "notes.toml"
    extra.write_text(
        '[[source]]\nid = "my-notes"\ntitle = "Mine"\npublisher = "me"\nkind = "analysis"\n', encoding="utf-8"
    )
    assert run(capsys, "show", "Type 99", "--catalog", str(user))[0] == 0
    assert list((tmp_path / "cache").glob("store-*/a-*.bin"))
    extra.write_text(
        extra.read_text(encoding="utf-8")
        + '[[system]]\nid = "my-tank"\nname = "My Tank"\ncountry = "CN"\nrole = "MBT"\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "show", "my tank", "--catalog", str(user))
    assert code == 0 and "My Tank" in out


def test_show_in_imperial_units(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "Type 99", "--units", "imperial")
    assert code == 0 and "125 mm (4.92 in)" in out and " lb)" in out


def test_compare_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "PHL-03", "Tornado-S", "--range-unit", "mi")
    assert code == 0
    assert "Why" in out and "Range claims used" in out and " mi" in out


def test_match_in_inches(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "match", "4.921 in", "--format", "json")
    found = json.loads(out)
    assert code == 0 and {"zpt-98", "2a46m"} <= {m["weapon"] for m in found}


def test_counterparts_filters_by_country(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "counterparts", "Type 04", "--country", "RU", "--format", "json")
    ranked = json.loads(out)
    assert code == 0 and ranked[0]["system"] == "bmp-3" and all(r["country"] == "RU" for r in ranked)


def test_sources_counts_citations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sources", "--format", "json")
    sources = json.loads(out)
    assert code == 0
    seed = next(s for s in sources if s["id"] == "globalsecurity-china-ww3")
    assert seed["cited"] > 5


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "Tipe 99"], "did you mean 'Type 99'"),
        (["compare", "Type 99", "T-91"], "no system named 'T-91'"),
        (["match", "125 kg"], "'125 kg': 'kg' is a mass unit, not a length unit"),
        (["match", "9**9**9 m"], "arithmetic is not accepted"),
        (["match", "twelve mm"], "does not start with a number"),
        (["match", "125 mm", "--tolerance", "-1 mm"], "negative"),
        (["compare", "PHL-03", "Tornado-S", "--policy", "average"], "unknown range policy 'average'"),
        (["compare", "PHL-03", "Tornado-S", "--policy", "source=nope"], "no source named 'nope'"),
        (
            ["table", "--range-unit", "kg"],
            "--range-unit 'kg' is a unit of mass, not of length; give a length such as km",
        ),
        (["table", "--catalog", "/nonexistent/folder"], "no such file or folder"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_bad_usage_exits_2_with_a_pointer_to_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["table", "--format", "gihtub"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "did you mean 'github'" in err and "--help" in err


def test_validate_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "validate")[0] == 0
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.toml").write_text(
        '[[family]]\nid = "f"\nname = "F"\ncaliber = "125 kg"\nbore = "smoothbore"\nloading = "fixed"\nsources = ["nope"]\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "validate", str(broken))
    assert code == 1
    assert "broken/x.toml: family[f].caliber = '125 kg'" in err
    assert "family[f].sources[0] = 'nope': unknown source id" in err
    assert "Traceback" not in err


def test_export_json_round_trips_byte_for_byte(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    first = tmp_path / "one.json"
    second = tmp_path / "two.json"
    assert run(capsys, "export", "--format", "json", "-o", str(first))[0] == 0
    # the export is accepted as a catalog on its own, and on top of the built-in one
    assert run(capsys, "validate", str(first))[0] == 0
    assert run(capsys, "show", "Type 99", "--catalog", str(first))[0] == 0
    from equipref import load_catalog
    from equipref.export import export

    export(load_catalog(first), "json", second)
    assert first.read_bytes() == second.read_bytes()


def test_export_sqlite_is_queryable(capsys: pytest.CaptureFixture[str], tmp_path: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "equipref.db"
    assert run(capsys, "export", "--format", "sqlite", "-o", str(db))[0] == 0
    con = sqlite3.connect(db)
    (systems,) = con.execute("SELECT count(*) FROM systems").fetchone()
    assert systems == len(catalog)
    rows = con.execute(
        "SELECT c.value, group_concat(cs.source) FROM claims c JOIN claim_sources cs ON cs.claim = c.id "
        "WHERE c.entity = 'system' AND c.entity_id = 'type-99' AND c.field = 'crew' GROUP BY c.id"
    ).fetchall()
    assert rows and all(sources for _, sources in rows)
    con.close()


def test_export_sqlite_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "--format", "sqlite")
    assert code == 2 and "needs -o FILE" in err


def test_export_csv_has_every_claim_with_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and all(r["sources"] for r in rows)


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and "system" in schema["properties"]


def test_the_installed_entry_point_runs_as_a_module(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "EQUIPREF_CACHE_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "equipref", "show", "T-99X"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("equipref: no system named 'T-99X'")
    proc = subprocess.run(
        [sys.executable, "-m", "equipref", "--help"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert proc.returncode == 0 and "equipref table" in proc.stdout


def test_show_works_when_the_cache_cannot_be_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("EQUIPREF_CACHE_DIR", str(blocker / "cache"))
    code, out, err = run(capsys, "show", "Type 99")
    assert code == 0 and "Type 99" in out and err == ""


def test_a_corrupt_cache_is_rebuilt(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    first = run(capsys, "show", "Type 99")
    assert first[0] == 0
    for entry in (tmp_path / "cache").glob("store-*/a-*.bin"):
        entry.write_text("{not json", encoding="utf-8")
    assert run(capsys, "show", "Type 99") == first
    assert all(b"Type 99" in p.read_bytes() for p in (tmp_path / "cache").glob("store-*/a-*.bin"))

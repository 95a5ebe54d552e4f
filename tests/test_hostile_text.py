"""Hostile text: names and notes written to attack the terminal, the browser or the spreadsheet that shows them."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

import pytest
from cli_run import run
from hypothesis import given
from hypothesis import strategies as st

from equipref import CatalogError, load_catalog
from equipref.cli import main
from equipref.model import System
from equipref.render import Table, format_tables, output_formats
from equipref.text_safety import UNSAFE_FORMATS, csv_cell, escape, unsafe_character

SCRIPT = "<script>alert(1)</script>"


pytestmark = pytest.mark.usefixtures("private_cache")


def hostile_catalog(tmp_path: Path, name: str = SCRIPT, note: str = '=HYPERLINK("http://x")') -> Path:
    folder = tmp_path / "evil"
    folder.mkdir(exist_ok=True)
    doc = {
        "source": [{"id": "evil-src", "title": f"T {SCRIPT}", "publisher": "@SUM(1+1)", "kind": "news"}],
        "system": [
            {
                "id": "evil-1",
                "name": name,
                "country": "CN",
                "role": "MBT",
                "crew": [{"value": 3, "sources": ["evil-src"], "qualifier": "+cmd|' /C calc'!A0", "note": note}],
            }
        ],
    }
    (folder / "evil.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


# -- item 9: every markup format escapes titles and cells ----------------------------------------------


def test_show_and_compare_titles_are_escaped_in_html(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = str(hostile_catalog(tmp_path))
    for argv in (["show", SCRIPT], ["compare", SCRIPT, "Type 99"]):
        code, out, err = run(capsys, *argv, "--catalog", folder, "--format", "html")
        assert code == 0, err
        assert "<script" not in out and "&lt;script&gt;" in out


HOSTILE = f"a|b {SCRIPT} {{{{tmpl}}}} [[link]] [x](javascript:y) \\end{{tabular}} ''bold'' `code` ~~~~ __NOTOC__"
WIKI = ("<script", "{{tmpl}}", "[[link]]", "[x]", "''bold''", "~~~~", "__NOTOC__")
#: For each markup format, what must not survive from HOSTILE: what would run, link, include or break a row.
MUST_NOT_SURVIVE = {
    "html": ("<script",),
    "latex": ("<script", " \\end{tabular} ''"),
    "latex_booktabs": ("<script", " \\end{tabular} ''"),
    "latex_longtable": ("<script", "\\end{tabular}"),
    "github": ("<script", "[x](javascript"),
    "pipe": ("<script", "[x](javascript"),
    "rst": ("`code`", "__NOTOC__", " _"),
    "orgtbl": (),
    **dict.fromkeys(("mediawiki", "moinmoin", "jira", "youtrack", "textile", "asciidoc"), WIKI),
}


@pytest.mark.parametrize("fmt", sorted(MUST_NOT_SURVIVE))
def test_every_markup_format_escapes_titles_and_cells(fmt: str) -> None:
    tables = [Table(HOSTILE, ["Field", HOSTILE], [[HOSTILE, "plain"]]), Table(HOSTILE, ["x"], [["y"]])]
    out = format_tables(tables, fmt)
    for token in MUST_NOT_SURVIVE[fmt]:
        assert token not in out, (fmt, token)
    if fmt in ("github", "pipe", "orgtbl", "asciidoc", "textile"):
        # a bar in the text must not split the row: every row has as many bars as the header
        one = format_tables([Table("", ["Field", HOSTILE], [[HOSTILE, "plain"]])], fmt)
        bars = {
            len(re.findall(r"(?<!\\)\|", line))
            for line in one.splitlines()
            if line[:1] == "|" and line[1:2] not in "-="
        }
        assert len(bars) == 1, (fmt, one)


def test_every_offered_markup_format_has_an_escape_rule() -> None:
    from equipref.text_safety import TEXT_FORMATS

    assert set(output_formats()) - {"json", "csv", "tsv"} - TEXT_FORMATS == set(MUST_NOT_SURVIVE)


def test_unsafe_by_design_formats_are_not_offered(capsys: pytest.CaptureFixture[str]) -> None:
    assert not UNSAFE_FORMATS & set(output_formats())
    for fmt in sorted(UNSAFE_FORMATS):
        with pytest.raises(SystemExit) as exit_:
            main(["list", "--format", fmt])
        out, err = capsys.readouterr()
        assert exit_.value.code == 2 and out == "" and "unknown format" in err


def test_terminal_formats_are_left_as_they_are() -> None:
    assert escape("simple", HOSTILE) == HOSTILE and escape("grid", HOSTILE, title=True) == HOSTILE


# -- item 10: CSV injection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-5", "-5"),
        ("-0.5", "-0.5"),
        ("+1e3", "+1e3"),
        ("125 mm", "125 mm"),
        ("", ""),
    ],
)
def test_csv_cells_follow_the_owasp_rule(cell: str, shown: str) -> None:
    assert csv_cell(cell) == shown


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_numbers_stay_numbers_in_csv(number: float) -> None:
    assert csv_cell(repr(number)) == repr(number)


@given(st.text())
def test_no_csv_cell_starts_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert cell == text or cell == "'" + text
    if cell.startswith(("=", "+", "-", "@", "\t", "\r", "\0")):
        float(cell)  # only a number may keep such a start


def test_export_and_table_csv_neutralise_formulas(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = str(hostile_catalog(tmp_path, name="=cmd|' /C calc'!A0"))
    code, out, _ = run(capsys, "export", "-f", "csv", "--catalog", folder)
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["entity_id"] == "evil-1"]
    assert code == 0 and rows[0]["note"] == '\'=HYPERLINK("http://x")' and rows[0]["qualifier"].startswith("'+cmd")
    code, out, _ = run(capsys, "list", "-f", "csv", "--catalog", folder)
    assert code == 0 and "'=cmd|' /C calc'!A0" in out
    code, out, _ = run(capsys, "sources", "-f", "csv", "--catalog", folder)
    assert code == 0 and "'@SUM(1+1)" in out
    for row in csv.reader(io.StringIO(out)):
        assert not any(cell.startswith(("=", "+", "@")) for cell in row)


# -- item 11: control and bidi characters never enter the catalog --------------------------------------


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\u202e", "\u2066", "\x9b", "\r", "\t"])
def test_control_and_bidi_characters_are_refused_with_file_and_field(tmp_path: Path, char: str) -> None:
    folder = hostile_catalog(tmp_path, name=f"Evil{char}]0;pwned")
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    (problem,) = caught.value.problems
    assert (problem.file, problem.field) == ("evil/evil.json", "system[evil-1].name")
    assert f"U+{ord(char):04X}" in problem.message


def test_the_models_refuse_them_through_the_api_too() -> None:
    with pytest.raises(ValueError, match="U\\+001B"):
        System.model_validate({"id": "a", "name": "ok", "aliases": ["\x1b[2J"], "country": "CN", "role": "MBT"})


def test_an_edited_export_cannot_smuggle_them_back(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "export", "-f", "json")
    data = json.loads(out)
    data["system"][0]["note"] = "fine\x1b]0;retitled\x07"
    (tmp_path / "x.json").write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "list", "--catalog", str(tmp_path / "x.json"))
    assert code == 2 and "U+001B" in err and ".note" in err


@given(st.text())
def test_accepted_text_has_no_terminal_control(text: str) -> None:
    if unsafe_character(text) is None:
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


# -- item 12: what an error echoes is capped -----------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "x" * 100_000],
        ["compare", "y" * 100_000, "Type 99"],
        ["counterparts", "z" * 100_000],
        ["list", "--format", "f" * 100_000],
        ["compare", "Type 99", "T-90", "--policy", "source=" + "s" * 100_000],
    ],
)
def test_unknown_names_are_echoed_capped(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    start = time.perf_counter()
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    _, err = capsys.readouterr()
    assert code == 2 and 0 < len(err) < 2000, err[:300]
    assert time.perf_counter() - start < 30  # a guard against quadratic matching, not a timing test


@given(st.text())
def test_escaped_text_never_opens_a_tag_or_splits_a_markdown_row(text: str) -> None:
    assert "<" not in escape("html", text, title=True)
    assert "<" not in escape("github", text) and "<" not in escape("mediawiki", text)
    assert re.search(r"(?<!\\)\|", escape("github", text).replace("\\\\", "")) is None
    assert "|" not in escape("mediawiki", text) and "{{" not in escape("mediawiki", text)
    assert "\t" not in escape("tsv", text) and "\n" not in escape("tsv", text)


# -- issue 23, item 7: catalog notes, printed below the tables, are escaped too --------------------------

NOTE = f"</textarea>{SCRIPT} {HOSTILE}"


def noted_catalog(tmp_path: Path) -> Path:
    folder = tmp_path / "noted"
    folder.mkdir()
    doc = {
        "source": [{"id": "n-src", "title": "T", "publisher": "P", "kind": "news", "note": NOTE}],
        "system": [
            {
                "id": "noted-1",
                "name": "Noted One",
                "country": "CN",
                "role": "MBT",
                "note": NOTE,
                "crew": [{"value": 3, "sources": ["n-src"], "note": NOTE}],
                "notes": [{"value": NOTE, "sources": ["n-src"]}],
            }
        ],
    }
    (folder / "noted.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", sorted(MUST_NOT_SURVIVE))
def test_show_escapes_catalog_notes_in_every_markup_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    folder = str(noted_catalog(tmp_path))
    code, out, err = run(capsys, "show", "Noted One", "--catalog", folder, "--format", fmt)
    assert code == 0, err
    for token in (*MUST_NOT_SURVIVE[fmt], *(("</textarea>",) if "<script" in MUST_NOT_SURVIVE[fmt] else ())):
        assert token not in out, (fmt, token)

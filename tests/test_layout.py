"""Text tables fit the width they are shown in, and never split a number from its unit."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equipref.cli import main
from equipref.layout import fit_columns, wrap_cell
from equipref.render import GRADE_LEGEND, Table, format_tables

COMMANDS = [
    ["table"],
    ["table", "--wide"],
    ["list"],
    ["show", "Type 99"],
    ["show", "PHL-16"],
    ["compare", "Type 99", "T-90"],
    ["compare", "PHL-03", "Tornado-S"],
    ["counterparts", "Type 04"],
    ["match", "125 mm"],
    ["sources"],
]


pytestmark = pytest.mark.usefixtures("private_cache")


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


@pytest.mark.parametrize("columns", [100, 80])
@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_no_line_is_wider_than_columns(
    argv: list[str], columns: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = _run(capsys, argv)
    # A URL longer than the line is given one of its own, whole: split, it could be neither clicked nor copied.
    wide = [line for line in out.splitlines() if len(line) > columns and not re.fullmatch(r" *\S+://\S+", line)]
    assert wide == [], f"{len(wide)} lines wider than {columns}, e.g. {wide[0]!r}"


def test_a_pipe_without_columns_gets_one_line_per_row(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documented: with no COLUMNS and no terminal, nothing is wrapped, so grep sees each row whole."""
    monkeypatch.delenv("COLUMNS", raising=False)
    out = _run(capsys, ["sources"])
    assert any(len(line) > 120 for line in out.splitlines())
    assert re.search(r"^piglix-ztz99 .*https?://\S+$", out, re.M)


def test_the_main_table_is_narrow_with_a_grade_legend(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = _run(capsys, ["table"])
    assert out.splitlines()[0].split() == ["System", "Caliber", "Range", "Its", "rounds", "in", "the"]
    assert re.search(r"^Type 99 \(CN\) +125 mm .*caliber-only$", out, re.M)
    assert re.search(r"^vs T-90 \(RU\) +125 mm ", out, re.M)
    assert out.rstrip().endswith(GRADE_LEGEND.split()[-1])
    assert "Grades, best first:" in out
    wide = _run(capsys, ["table", "--wide", "--format", "github"])
    assert "| Range ratio" in wide and "| CN weapon" in wide


def test_grade_tables_carry_the_legend(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    for argv in (["compare", "Type 99", "T-90"], ["counterparts", "Type 04"]):
        assert "Grades, best first:" in _run(capsys, argv), argv


def test_a_table_too_wide_for_its_columns_prints_as_records() -> None:
    table = Table("", ["Name", "Role", "Weapon"], [["Koalitsiya-SV", "howitzers", "152 mm 2A64"]])
    out = format_tables([table], "simple", width=24)
    assert all(len(line) <= 24 for line in out.splitlines()), out
    assert out.splitlines()[0].split() == ["Name", "Koalitsiya-SV"]  # a field per line, no word broken
    assert "152 mm" in out


_WORD = st.text(st.sampled_from("abcdefghij-"), min_size=1, max_size=14)
_QUANTITY = st.builds(lambda n, u: f"{n} {u}", st.integers(0, 99999), st.sampled_from(["mm", "km", "t", "in"]))


@given(st.lists(st.one_of(_WORD, _QUANTITY), min_size=1, max_size=30), st.integers(12, 60))
def test_wrapping_keeps_width_and_every_quantity_whole(tokens: list[str], width: int) -> None:
    text = " ".join(tokens)
    lines = wrap_cell(text, width).splitlines()
    assert all(len(line) <= width for line in lines)
    for token in tokens:
        if re.fullmatch(r"\d+ \w+", token):
            assert any(token in line for line in lines), (token, lines)
    assert "".join("".join(lines).split()) == "".join(text.split())  # nothing lost, nothing added


@given(st.lists(st.lists(st.text(min_size=0, max_size=40), min_size=3, max_size=3), min_size=1, max_size=8))
def test_columns_never_get_wider_than_their_content(rows: list[list[str]]) -> None:
    widths = fit_columns(rows, 30)
    for i, width in enumerate(widths):
        assert width <= max(_terminal_cells(line) for r in rows for line in (r[i].splitlines() or [""]))


def _terminal_cells(text: str) -> int:
    """Cells a terminal gives ``text``: two for East Asian wide and full-width characters, none for combining marks."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


#: Characters with the cells a terminal gives them, written out: Chinese, Japanese and full-width take two.
_WIDTHS = {"a": 1, "z": 1, "Б": 1, "ж": 1, "-": 1, "中": 2, "式": 2, "坦": 2, "ト": 2, "Ａ": 2, "9": 1}
_MIXED = st.text(st.sampled_from(sorted(_WIDTHS)), min_size=1, max_size=12)


@given(st.lists(_MIXED, min_size=1, max_size=20), st.integers(4, 40))
def test_wide_characters_take_two_cells_when_wrapping(words: list[str], width: int) -> None:
    """An alias like '15式轻型坦克' wraps so that no line needs more than ``width`` terminal cells."""
    text = " ".join(words)
    lines = wrap_cell(text, width).splitlines()
    assert all(sum(_WIDTHS[c] for c in line if c != " ") + line.count(" ") <= width for line in lines), lines
    assert "".join("".join(lines).split()) == "".join(words)  # nothing lost, nothing added


def test_a_table_pads_chinese_cells_by_terminal_cells() -> None:
    table = Table(title="", headers=["Name", "Role"], rows=[["15式轻型坦克", "MBT"], ["T-90M", "MBT"]])
    lines = format_tables([table], "simple", width=80).splitlines()
    # the Role column starts in the same terminal column on every row
    starts = {_terminal_cells(line[: line.index("MBT")]) for line in lines if "MBT" in line}
    assert len(starts) == 1, lines


def test_show_opens_with_a_summary_and_prints_statements_as_bullets(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = _run(capsys, ["show", "PHL-16"])
    lines = out.splitlines()
    assert lines[0] == "PHL-16 at a glance"
    glance = out.split("\n\n", 1)[0]
    for label in ("Names", "Country", "Role", "Main weapon", "Range (supported)", "Combat weight", "Crew", "Counterparts"):
        assert re.search(rf"^{re.escape(label)} ", glance, re.M), label
    assert re.search(r"claims?, \d+ origins?\)", glance)
    statements = out.split("\nStatements\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert statements[0].startswith("- ") and all(line.startswith(("- ", "  ")) for line in statements)
    assert out.index("Statements") < out.index("Armament")

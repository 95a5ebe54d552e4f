"""Every table command fits a real 80-column terminal with no ``COLUMNS`` set, answered fresh or from the cache."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from pty_run import run_in_terminal

COMMANDS = [
    ["table"],
    ["table", "--wide"],
    ["list"],
    ["show", "Type 99"],
    ["compare", "PHL-03", "Tornado-S"],
    ["counterparts", "PLZ-05", "--country", "RU"],
    ["match", "125 mm"],
    ["sources"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_fits_an_80_column_terminal_fresh_and_cached(argv: list[str], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh_code, fresh = run_in_terminal(argv, 80, cache)
    cached_code, cached = run_in_terminal(argv, 80, cache)
    assert fresh_code == cached_code == 0
    assert fresh.strip(), "the command printed nothing"
    widest = max(_splittable(fresh), key=_cells)
    assert _cells(widest) <= 80, f"{_cells(widest)} cells: {widest!r}"
    assert cached == fresh


def _cells(line: str) -> int:
    """Cells a terminal gives ``line``: two for East Asian wide and full-width characters (aliases such as
    '15式轻型坦克' and Chinese page titles), none for combining marks."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _splittable(text: str) -> list[str]:
    """The lines but those holding one URL alone (given a line of its own, whole, rather than split)."""
    return [line for line in text.splitlines() if not re.fullmatch(r" *\S+://\S+", line)] or [""]


SHOWN = ["Type 99", "PHL-16", "ZBD-04", "T-90", "2S19"]


@pytest.mark.parametrize("name", SHOWN)
def test_show_leads_with_a_summary_and_stays_on_a_few_screens(name: str, tmp_path: Path) -> None:
    """Issue 21: at 80 columns, ``show`` opens with a summary of at most 25 lines and prints at most 200 in
    all; when it cuts, its last line says how to see the rest; every URL it prints is whole on one line."""
    import json
    import subprocess
    import sys

    code, out = run_in_terminal(["show", name], 80, tmp_path / "cache")
    assert code == 0
    lines = out.splitlines()
    summary = out.split("\n\n", 1)[0].splitlines()
    assert summary[0].endswith(" at a glance") and len(summary) <= 25
    for label in ("Names", "Country", "Role", "Main weapon", "Range", "Combat weight", "Crew", "Counterparts"):
        assert any(line.startswith(label + " ") for line in summary), label
    assert len(lines) <= 200
    assert max(len(line) for line in _splittable(out)) <= 80
    record = json.loads(
        subprocess.run(
            [sys.executable, "-m", "equipref", "show", name, "--format", "json"],
            capture_output=True,
            text=True,
            check=True,
            env={**__import__("os").environ, "EQUIPREF_CACHE_DIR": str(tmp_path / "cache")},
        ).stdout
    )
    urls = [s["url"] for s in record["sources"] if s.get("url")]
    printed = set(re.findall(r"\S+://\S+", out))
    assert printed and printed <= set(urls) | {u + ")" for u in urls}, printed - set(urls)
    if "--full" in lines[-1]:
        _, full = run_in_terminal(["show", name, "--full"], 80, tmp_path / "cache")
        assert len(full.splitlines()) > len(lines)
        assert "more lines" in lines[-1]


def test_show_lists_only_the_sources_its_figures_cite(tmp_path: Path) -> None:
    """The record holds every source of the weapons' shared claims (other systems' too); the list printed
    holds the ones cited beside a figure shown, and the origins those lead back to."""
    _, out = run_in_terminal(["show", "Type 99", "--full"], 80, tmp_path / "cache")
    listed = out.split("\nSources these figures cite\n", 1)[1].split("\n\n", 1)[0]
    ids = re.findall(r"^- ([\w.-]+):", listed, re.M)
    body = out.split("\nSources these figures cite\n", 1)[0]
    assert ids and all(re.search(rf"\b{re.escape(i)}\b", body) for i in ids), [
        i for i in ids if not re.search(rf"\b{re.escape(i)}\b", body)
    ]


def test_a_wider_terminal_gets_wider_lines_not_the_narrow_answer(tmp_path: Path) -> None:
    """The width is part of what the cache keys an answer by: a 160-column terminal is not shown the
    80-column layout kept for the same command."""
    cache = tmp_path / "cache"
    _, narrow = run_in_terminal(["compare", "PHL-03", "Tornado-S"], 80, cache)
    _, wide = run_in_terminal(["compare", "PHL-03", "Tornado-S"], 160, cache)
    assert max(len(line) for line in wide.splitlines()) > 80
    assert max(len(line) for line in wide.splitlines()) <= 160
    assert len(wide.splitlines()) < len(narrow.splitlines())

"""Every table command fits a real 80-column terminal with no ``COLUMNS`` set, answered fresh or from the cache."""

from __future__ import annotations

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
    widest = max(fresh.splitlines(), key=len)
    assert len(widest) <= 80, f"{len(widest)} columns: {widest!r}"
    assert cached == fresh


def test_a_wider_terminal_gets_wider_lines_not_the_narrow_answer(tmp_path: Path) -> None:
    """The width is part of what the cache keys an answer by: a 160-column terminal is not shown the
    80-column layout kept for the same command."""
    cache = tmp_path / "cache"
    _, narrow = run_in_terminal(["compare", "PHL-03", "Tornado-S"], 80, cache)
    _, wide = run_in_terminal(["compare", "PHL-03", "Tornado-S"], 160, cache)
    assert max(len(line) for line in wide.splitlines()) > 80
    assert max(len(line) for line in wide.splitlines()) <= 160
    assert len(wide.splitlines()) < len(narrow.splitlines())

"""Byte-stable output, seen from outside: two fresh processes with caches of their own print the same bytes.

Two runs in one process, or with one cache, cannot show it (the second replays the first's answer); two new
interpreters with different hash seeds and empty caches compute everything again, and set or dictionary order
that leaked into the output would differ between them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from equipref.cli import main

ROOT = Path(__file__).resolve().parent.parent
TEXT = "The PHL-03 can strike targets 160 km away, versus 120 km for the Tornado-S.\nThe 2S19 weighs 42 t.\n"
COMMANDS = [
    ["table", "--format", "grid"],
    ["compare", "PHL-03", "Tornado-S", "--format", "json"],
    ["counterparts", "Type 99", "--country", "RU"],
    ["check", "{article}", "--format", "markdown"],
]
#: Runs every command in one interpreter, with a separator no command prints.
_SCRIPT = """
import sys
from equipref.cli import main
for argv in {commands!r}:
    main(argv)
    sys.stdout.write("\\n=== next ===\\n")
    sys.stdout.flush()
"""


def _commands(article: Path) -> list[list[str]]:
    return [[arg.format(article=article) for arg in argv] for argv in COMMANDS]


def _start(tmp_path: Path, name: str, seed: str, article: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "EQUIPREF_CACHE_DIR")}
    env |= {"EQUIPREF_CACHE_DIR": str(tmp_path / name), "PYTHONHASHSEED": seed}
    return subprocess.Popen(
        [sys.executable, "-c", _SCRIPT.format(commands=_commands(article))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )


def _output(process: subprocess.Popen[bytes]) -> bytes:
    try:
        out, err = process.communicate(timeout=300)  # a hang fails the test instead of the session
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 0 and err == b"", err.decode("utf-8", "replace")
    return out


def test_two_fresh_processes_with_their_own_caches_print_the_same_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    # Both at once: two cores, half the wait.
    started = [_start(tmp_path, "cache-a", "1", article), _start(tmp_path, "cache-b", "2", article)]
    first, second = (_output(p) for p in started)
    assert first == second
    outputs = first.decode("utf-8").split("\n=== next ===\n")[:-1]
    assert len(outputs) == len(COMMANDS) and all(outputs)
    assert "PHL-03" in outputs[0] and "| 160 km | PHL-03 |" in outputs[3]
    # The same bytes as a run in this process, whose cache the fresh ones never saw.
    monkeypatch.delenv("COLUMNS", raising=False)
    for argv, expected in zip(_commands(article), outputs, strict=True):
        assert main(argv) == 0
        assert capsys.readouterr().out == expected, argv

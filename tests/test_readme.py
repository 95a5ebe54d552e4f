"""What the README states about the project holds: the Python it needs, the size of the built-in catalog and
when its sources were read, the license, and a library example that type-checks."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
COUNTRIES = {"CN": "Chinese", "RU": "Russian"}


def test_the_python_named_is_the_one_required() -> None:
    said = re.search(r"needs Python (\d+\.\d+) or newer", README)
    assert said is not None, "the README no longer says which Python equipref needs"
    assert PROJECT["requires-python"] == f">={said.group(1)}"


def test_the_system_count_and_reading_dates_are_the_catalogs(catalog) -> None:  # type: ignore[no-untyped-def]
    said = re.search(r"holds (\d+) systems \(([^)]*)\)", README)
    assert said is not None, "the README no longer says how many systems the catalog holds"
    systems = catalog.data.system
    by_country = Counter(s.country for s in systems)
    expected = ", ".join(f"{by_country[code]} {word}" for code, word in COUNTRIES.items())
    assert (int(said.group(1)), said.group(2)) == (len(systems), expected), (
        f"update the README's 'The catalog' section: {len(systems)} systems ({expected})"
    )
    dates = sorted(d for s in catalog.data.source for d in re.findall(r"\d{4}-\d{2}-\d{2}", s.accessed or ""))
    window = re.search(r"read\s+between (\S+) and (\S+) \(", README)
    assert window is not None and dates
    assert (window.group(1), window.group(2)) == (dates[0], dates[-1]), (
        f"update the README's reading dates: {dates[0]} to {dates[-1]}"
    )


def test_the_license_file_is_the_license_declared() -> None:
    declared = PROJECT["license"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert declared == "MIT" and text.startswith("MIT License\n"), declared
    assert "Permission is hereby granted, free of charge" in text


def test_the_library_example_passes_mypy_strict(tmp_path: Path) -> None:
    if shutil.which("mypy") is None and subprocess.run([sys.executable, "-m", "mypy", "--version"]).returncode:
        pytest.skip("mypy is not installed: pip install mypy")
    library = README.split("\n## The library\n", 1)[1]
    example = re.search(r"```python\n(.*?)```", library, re.S)
    assert example is not None
    (tmp_path / "example.py").write_text(example.group(1), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(tmp_path / "example.py"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout

"""The public API and the README: what users copy must work."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import equipref

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_every_public_name_imports_and_no_submodule_shadows_it() -> None:
    import importlib
    import pkgutil
    import types

    for info in pkgutil.iter_modules(equipref.__path__):
        if info.name != "__main__":
            importlib.import_module(f"equipref.{info.name}")
    for name in equipref.__all__:
        value = getattr(equipref, name)
        assert value is not None and not isinstance(value, types.ModuleType), name
    assert sorted(equipref.__all__) == list(equipref.__all__)


def test_import_equipref_is_light() -> None:
    code = (
        "import sys, equipref; print(sorted(m for m in ('pint', 'pydantic', 'tabulate', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    commands = [line for block in fenced("sh") for line in block.splitlines() if "pytest" in line]
    assert len(commands) == 1
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[0] in ci


def test_readme_python_example_runs(capsys) -> None:  # type: ignore[no-untyped-def]
    (example,) = fenced("python")
    exec(compile(example, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "54 t ('piglix-ztz99',)" in out
    assert "pound" in out
    assert "2A46M-5 125 mm ('t-72b3', 't-90m')" in out
    assert "conditional\n160 km 120 km\n" in out
    assert out.rstrip().endswith("130 km ('galaxiamilitar-phl03', 'scmp-3130179')")  # PHL-03's headline and its origins

"""What a new question imports: never more than it needs (the cost is in benchmarks/, this is the behaviour).

A read command asked for the first time, with the catalog's snapshot kept, builds no pydantic validator (whose
plugin loader imports ``importlib.metadata``) and does not import ``importlib.metadata`` for tabulate either.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pydantic.plugin._loader", "importlib.metadata", "tomllib", "pint")


def run(code: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {"EQUIPREF_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cache")
    # A checkout has no shipped catalog: the first load keeps each folder's snapshot, the second the whole one.
    for command in ("list", "sources"):
        run(f"from equipref.cli import main\nmain([{command!r}])", folder)
    return folder


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "Type 99"],
        ["show", "Type 99", "-f", "json"],
        ["table", "-f", "json"],
        ["compare", "PHL-03", "Tornado-S", "-f", "grid"],
        ["match", "4.921 in"],
        ["counterparts", "Type 99", "--country", "RU", "-f", "github"],
    ],
)
def test_a_new_question_imports_nothing_heavy(cache: Path, argv: list[str]) -> None:
    code = (
        "import sys\nfrom equipref.cli import main\ncode = main(sys.argv[1:])\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)), file=sys.stderr)\n"
    )
    out = run("import json\n" + code.replace("sys.argv[1:]", repr(argv)), cache)
    assert out.stdout.strip()
    assert json.loads(out.stderr.strip().splitlines()[-1]) == []


def test_tabulate_still_knows_its_version(cache: Path) -> None:
    code = (
        "import sys\nfrom equipref.cli import main\nmain(['list', '--country', 'CN'])\n"
        "import importlib.metadata, tabulate\n"
        "print(tabulate.__version__ == importlib.metadata.version('tabulate'), tabulate.__version__ != 'unknown')"
    )
    assert run(code, cache).stdout.split()[-2:] == ["True", "True"]

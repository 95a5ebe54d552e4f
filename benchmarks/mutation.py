"""Mutation testing of the modules that judge: small deliberate bugs, and whether a test catches each one.

Run from the repository root, in a venv with the extra installed (``pip install -e ".[test,mutation]"``):

    python benchmarks/mutation.py                 # every judging module, one after the other (an hour or more)
    python benchmarks/mutation.py compat ranges   # some of them
    python benchmarks/mutation.py --list          # the modules and the tests each one runs

Each module runs in a copy of the checkout of its own (under ``.mutation/``, kept for ``mutmut results``
and ``mutmut show NAME`` afterwards), with only the tests that exercise it, so one module takes minutes, not
hours. Not part of the suite: on two cores the whole run is far too slow for every change. The score is
killed / (killed + survived + timeouts are counted as killed: a mutant that hangs is caught by a time bound);
mutants no test reaches count as survived. `benchmarks/README.md` records the scores and explains every
surviving mutant that is equivalent (no behaviour can tell it from the code).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"


def _check_module() -> list[str]:
    """The checker is one module or a package, depending on the checkout: take whichever is there."""
    if (ROOT / "equipref" / "check").is_dir():
        return ["equipref/check/*"]
    return ["equipref/check.py"]


#: The tests that run the checker end to end, with no seed article: its rules by example, its own tests, the
#: seed-free twins of the seed article's findings, counts, decimal commas and hostile text.
_CHECK_TESTS: list[str] = [
    "tests/test_check.py",
    "tests/test_check_spec.py",
    "tests/test_seed_twins.py",
    "tests/test_counts.py",
    "tests/test_decimal_comma.py",
    "tests/test_check_report.py",
    "tests/test_hostile_text.py",
]
#: The checker's attribution and verdict rules pinned by hand on a made-up catalog.
_CHECK_RULES: list[str] = ["tests/test_check_attribution_rules.py", "tests/test_check_verdict_rules.py"]

#: module name -> (files to mutate, tests that judge them). The tests are those that exercise the module
#: through its public use; mutmut further runs, for each mutant, only the tests that reached its function.
MODULES: dict[str, tuple[list[str], list[str]]] = {
    "compat": (
        ["equipref/compat.py"],
        [
            "tests/test_grading_reasons.py",
            "tests/test_compat_rules.py",
            "tests/test_engine.py",
            "tests/test_judgement.py",
            "tests/test_cartridge.py",
        ],
    ),
    "ranges": (
        ["equipref/ranges.py"],
        [
            "tests/test_engine.py",
            "tests/test_judgement.py",
            "tests/test_headline.py",
            "tests/test_headline_rules.py",
            "tests/test_range_rules.py",
        ],
    ),
    "provenance": (
        ["equipref/provenance.py"],
        [
            "tests/test_provenance.py",
            "tests/test_provenance_rules.py",
            "tests/test_inference.py",
            "tests/test_judgement.py",
            "tests/test_engine.py",
        ],
    ),
    "headline": (
        ["equipref/headline.py"],
        [
            "tests/test_headline.py",
            "tests/test_headline_rules.py",
            "tests/test_inference.py",
            "tests/test_one_headline.py",
            "tests/test_judgement.py",
        ],
    ),
    "comparison": (
        ["equipref/comparison.py"],
        ["tests/test_engine.py", "tests/test_judgement.py", "tests/test_determinism.py"],
    ),
    "names": (
        ["equipref/names.py", "equipref/mentions.py"],
        [
            "tests/test_names_rules.py",
            "tests/test_check.py",
            "tests/test_judgement.py",
            "tests/test_catalog.py",
            "tests/test_variants.py",
        ],
    ),
    "check": (_check_module(), ["tests/test_check.py", "tests/test_judgement.py"]),
    # The checker's judging stages one by one (the whole package at once is thousands of mutants): which name a
    # figure is about, each sentence's subject, the name finder, and the verdict from the catalog's claims.
    "attribution": (["equipref/check/attribution.py"], _CHECK_TESTS + _CHECK_RULES),
    "discourse": (["equipref/check/discourse.py"], _CHECK_TESTS + _CHECK_RULES),
    "finder": (["equipref/check/mentions.py"], _CHECK_TESTS + ["tests/test_names_rules.py"]),
    "verdicts": (["equipref/check/verdicts.py"], _CHECK_TESTS + _CHECK_RULES),
}

#: Tests that start a Python process importing equipref: under mutmut's stats run the child inherits its
#: environment and fails, so mutmut stops before running any mutant.
DESELECT: dict[str, list[str]] = {"names": ["tests/test_catalog.py::test_load_from_another_folder_after_install"]}

_COPY = ["equipref", "catalog", "tests", "benchmarks", "docs", "fuzz", "README.md", "pyproject.toml", "hatch_build.py"]


def _prepare(name: str, mutate: list[str], tests: list[str]) -> Path:
    """A fresh copy of the checkout with a mutmut configuration for one module."""
    folder = WORK / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for item in _COPY:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, folder / item, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif src.exists():
            shutil.copy2(src, folder / item)
    existing = [t for t in tests if (ROOT / t).exists()]
    config = {
        "source_paths": ["equipref/"],
        "only_mutate": mutate,
        "also_copy": [item for item in _COPY if item not in ("equipref", "tests", "pyproject.toml")],
        "pytest_add_cli_args_test_selection": existing,
        # -p no:randomly is harmless when absent; -x stops a mutant's run at its first failing test.
        "pytest_add_cli_args": ["-x", "-q", "-p", "no:cacheprovider", "-o", "addopts="]
        + [f"--deselect={test}" for test in DESELECT.get(name, [])],
        # Forked from a server that has run no test, so no catalog index or answer built by the unmutated
        # code is inherited by a mutant (the default catalog and its indexes are kept per process).
        "process_isolation": "forkserver",
    }
    lines = ["", "[tool.mutmut]"]
    for key, value in config.items():
        lines.append(f"{key} = {json.dumps(value)}")
    with (folder / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return folder


def _counts(folder: Path) -> dict[str, int]:
    subprocess.run([sys.executable, "-m", "mutmut", "export-cicd-stats"], cwd=folder, check=True, capture_output=True)
    stats = json.loads((folder / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    return {k: int(v) for k, v in stats.items() if isinstance(v, int)}


def _survivors(folder: Path) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results"], cwd=folder, check=True, capture_output=True, text=True
    ).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def run(name: str, children: int) -> dict[str, object]:
    mutate, tests = MODULES[name]
    folder = _prepare(name, mutate, tests)
    env = {k: v for k, v in os.environ.items() if k != "EQUIPREF_CACHE_DIR"}  # each test session makes its own
    started = time.monotonic()
    with (folder / "mutmut.log").open("wb") as log:  # mutmut draws a progress spinner: keep it out of the way
        subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(children)],
            cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    seconds = time.monotonic() - started
    counts = _counts(folder)
    survivors = _survivors(folder)
    with (folder / "survivors.diff").open("w", encoding="utf-8") as fh:
        for line in survivors:
            mutant = line.split(":", 1)[0]
            shown = subprocess.run(
                [sys.executable, "-m", "mutmut", "show", mutant], cwd=folder, capture_output=True, text=True
            )
            fh.write(f"## {line}\n{shown.stdout}\n")
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    reached = killed + counts.get("survived", 0) + counts.get("no_tests", 0)
    score = killed / reached if reached else 0.0
    print(f"{name}: {100 * score:.1f} % in {seconds:.0f} s; survivors in {folder / 'survivors.diff'}", flush=True)
    return {"module": name, "seconds": round(seconds), "score": round(100 * score, 1), **counts,
            "survivors": survivors}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("modules", nargs="*", help=f"which of: {', '.join(MODULES)} (default: all)")
    parser.add_argument("--children", type=int, default=2, help="mutants run at once (default 2: two cores)")
    parser.add_argument("--list", action="store_true", help="print the modules and their tests, and stop")
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; expected some of {', '.join(MODULES)}")
    if args.list:
        for name, (mutate, tests) in MODULES.items():
            print(f"{name}: {' '.join(mutate)}  <-  {' '.join(tests)}")
        return 0
    results = [run(name, args.children) for name in args.modules or list(MODULES)]
    print(f"\n{'module':<12} {'score':>6} {'killed':>7} {'survived':>9} {'timeout':>8} {'no tests':>9} {'time':>6}")
    for r in results:
        print(
            f"{r['module']:<12} {r['score']:>5}% {r.get('killed', 0):>7} {r.get('survived', 0):>9} "
            f"{r.get('timeout', 0):>8} {r.get('no_tests', 0):>9} {r['seconds']:>5}s"
        )
    (WORK / "scores.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nsurvivors and counts: {WORK / 'scores.json'}; inspect one with: cd {WORK}/MODULE && mutmut show NAME")
    return 0


if __name__ == "__main__":
    sys.exit(main())

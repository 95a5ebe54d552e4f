"""equipref's benchmarks: every figure is a ratio against a baseline measured in the same run.

Run from the repository root, in a venv where equipref is installed:

    python benchmarks/run.py            # everything (about a minute)
    python benchmarks/run.py --quick    # smaller sizes, fewer repeats

Absolute times vary with the machine and its load; the ratios are what to compare between runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import weapons_catalog, write_systems_catalog  # noqa: E402

from equipref import load_catalog  # noqa: E402
from equipref.matching import _SLACK_MM, CaliberIndex, caliber_index  # noqa: E402


def median_time(func: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_command(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def equipref_command() -> list[str]:
    script = Path(sys.executable).with_name("equipref")
    return [str(script)] if script.exists() else [sys.executable, "-m", "equipref"]


def bench_cold_start(repeats: int) -> None:
    print('\n## Cold start: `equipref show "Type 99"` against `python -c "import pint"` (target: at most 0.5)')
    cache = tempfile.mkdtemp(prefix="equipref-bench-cache-")
    env = {**os.environ, "EQUIPREF_CACHE_DIR": cache}
    show = [*equipref_command(), "show", "Type 99"]
    pint = [sys.executable, "-c", "import pint"]
    run_command(show, env)  # fill the compiled cache
    shows, pints, colds = [], [], []
    for _ in range(repeats):  # interleaved, so a noisy neighbour hits both alike
        shows.append(run_command(show, env))
        pints.append(run_command(pint, env))
        shutil.rmtree(cache, ignore_errors=True)
        colds.append(run_command(show, env))
    s, p, c = statistics.median(shows), statistics.median(pints), statistics.median(colds)
    print("| command | median | ratio to import pint |\n|---|---|---|")
    print(f"| import pint | {p * 1000:.0f} ms | 1.00 |")
    print(f"| show, compiled cache warm | {s * 1000:.0f} ms | **{s / p:.2f}** |")
    print(f"| show, no compiled cache (first run after an edit) | {c * 1000:.0f} ms | {c / p:.2f} |")
    shutil.rmtree(cache, ignore_errors=True)


def bench_load(repeats: int, quick: bool) -> None:
    from equipref import compiled
    from equipref.locations import builtin_catalog_path
    from equipref.record import system_record

    print("\n## Loading the built-in catalog")
    builtin = median_time(load_catalog, repeats)
    cache = Path(tempfile.mkdtemp(prefix="equipref-bench-cache-"))
    os.environ["EQUIPREF_CACHE_DIR"] = str(cache)
    roots = [builtin_catalog_path()]

    def build() -> dict[str, object]:
        cat = load_catalog()
        return {
            "ids": {},
            "names": {},
            "records": {s.id: system_record(cat, s).model_dump(mode="json") for s in cat.systems()},
        }

    compiled.compiled(roots, build)
    warm = median_time(lambda: compiled.compiled(roots, build).record("type-99"), repeats)
    print("| what | median | ratio to a full load |\n|---|---|---|")
    print(f"| full load and validation (no compiled cache) | {builtin * 1000:.1f} ms | 1.00 |")
    print(f"| one compiled record, warm (what `show` reads) | {warm * 1000:.2f} ms | {warm / builtin:.3f} |")
    shutil.rmtree(cache, ignore_errors=True)

    n_builtin = len(load_catalog())
    factors = [1, 10] if quick else [1, 10, 100]
    print(f"\n## Load time against catalog size (synthetic, {n_builtin} systems = 1x; target: linear)")
    print("| size | systems | load | time per system relative to 1x |")
    print("|---|---|---|---|")
    base_per_system = None
    for factor in factors:
        folder = Path(tempfile.mkdtemp(prefix="equipref-bench-cat-"))
        n = n_builtin * factor
        write_systems_catalog(folder, n)
        t = median_time(lambda folder=folder: load_catalog(folder), max(1, repeats // factor))
        per = t / n
        base_per_system = base_per_system or per
        print(f"| {factor}x | {n} | {t * 1000:.0f} ms | {per / base_per_system:.2f} |")
        shutil.rmtree(folder, ignore_errors=True)


def numpy_join(values: np.ndarray, window: float) -> tuple[np.ndarray, np.ndarray]:
    """The baseline: sort, then a searchsorted window per value; pairs as original positions."""
    order = np.argsort(values, kind="stable")
    v = values[order]
    hi = np.searchsorted(v, v + window, side="right")
    counts = hi - np.arange(1, len(v) + 1)
    left = np.repeat(np.arange(len(v)), counts)
    right = np.arange(len(left)) - np.repeat(np.cumsum(counts) - counts, counts) + left + 1
    return order[left], order[right]


def canonical(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keys = lo.astype(np.int64) * 10_000_000 + hi
    keys.sort()
    return keys


def bench_all_pairs(repeats: int, quick: bool) -> None:
    tol = 0.05
    window = tol + _SLACK_MM  # the engine's window: the tolerance plus a nanometre against rounding noise
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    print(
        f"\n## All-pairs caliber match, tolerance {tol} mm, against a numpy searchsorted join (target: at most 2 at 100k)"
    )
    print("Calibers uniform over 5-800 mm, written in mm, cm and in. The engine's query runs on its caliber index;")
    print("building the index (once per loaded catalog: unit conversion and sort) is shown apart.")
    print("| weapons | pairs | numpy join | engine query | ratio | same pairs | index build (once) |")
    print("|---|---|---|---|---|---|---|")
    for n in sizes:
        catalog, floats = weapons_catalog(n)
        values = np.asarray(floats)
        t_index = median_time(lambda catalog=catalog: CaliberIndex.from_catalog(catalog), repeats)
        index = caliber_index(catalog)
        index.all_pairs(tol)  # first call converts the sorted list to an array, once
        t_np = median_time(lambda values=values: numpy_join(values, window), repeats)
        t_engine = median_time(lambda index=index: index.all_pairs(tol), repeats)
        pairs = index.all_pairs(tol)
        position = {w.id: i for i, w in enumerate(catalog.weapons)}
        ids = np.fromiter((position[w] for w in index.weapons), dtype=np.int64, count=len(index.weapons))
        same = np.array_equal(canonical(ids[pairs.left], ids[pairs.right]), canonical(*numpy_join(values, window)))
        print(
            f"| {n:,} | {len(pairs):,} | {t_np * 1000:.1f} ms | {t_engine * 1000:.1f} ms | **{t_engine / t_np:.2f}** "
            f"| {same} | {t_index * 1000:.0f} ms |"
        )


def bench_docs(repeats: int) -> None:
    try:
        from equipref.pages import render_site
    except ImportError:
        return
    catalog = load_catalog()
    t_load = median_time(load_catalog, repeats)
    t_docs = median_time(lambda: render_site(catalog), repeats)
    print("\n## Docs generation for the whole catalog")
    print("| what | median | ratio to a catalog load |\n|---|---|---|")
    print(f"| load the catalog | {t_load * 1000:.0f} ms | 1.00 |")
    print(f"| render every page and chart | {t_docs * 1000:.0f} ms | {t_docs / t_load:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} cpus")
    bench_cold_start(repeats if args.quick else 15)
    bench_load(repeats, args.quick)
    bench_all_pairs(repeats, args.quick)
    bench_docs(repeats)


if __name__ == "__main__":
    main()

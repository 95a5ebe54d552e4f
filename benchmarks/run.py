"""equipref's benchmarks: every figure is a ratio against a baseline measured in the same run.

Run from the repository root, in a venv where equipref is installed:

    python benchmarks/run.py            # everything (a few minutes)
    python benchmarks/run.py --quick    # smaller sizes, fewer repeats

Absolute times vary with the machine and its load; the ratios are what to compare between runs. Commands
are timed as whole processes, interleaved with their baselines so that a noisy neighbour hits both alike;
each is reported by wall time (what a user waits) and by CPU time (what the process itself spent, which a
loaded machine disturbs far less). A goal is met when the wall-time ratio meets it.
"""

from __future__ import annotations

import argparse
import gc
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

from synthetic import article_for, weapons_catalog, write_systems_catalog  # noqa: E402

from equipref import Catalog, load_catalog  # noqa: E402
from equipref.matching import _SLACK_MM, caliber_index  # noqa: E402


def median_time(func: Callable[[], object], repeats: int) -> float:
    """CPU seconds of ``func()`` in this process: the median of ``repeats`` runs, or from 3 runs on the least
    (on a shared machine the least disturbed run; every run does the same work). CPU time, not wall time:
    a neighbour's load delays a run but does not add to its CPU time."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return min(times) if repeats >= 3 else statistics.median(times)


def run_process(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one run of ``argv``."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"benchmark command failed: {argv}")
    return wall, usage.ru_utime + usage.ru_stime


def equipref_command() -> list[str]:
    script = Path(sys.executable).with_name("equipref")
    return [str(script)] if script.exists() else [sys.executable, "-m", "equipref"]


PINT = [sys.executable, "-c", "import pint"]
PASS = [sys.executable, "-c", "pass"]
REPOSITORY = Path(__file__).resolve().parent.parent

#: The environment every timed command gets. Without PYTHONDONTWRITEBYTECODE: an installed package has its
#: bytecode (pip compiles it), and a run that compiles every module again measures the compiler, not equipref.
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def install_wheel(folder: Path) -> tuple[str, list[str], dict[str, str]]:
    """Build equipref's wheel and install it into a fresh venv in ``folder``, as pip does for a user (bytecode
    compiled; the dependencies from pip's index or cache). The venv's python, the command line that runs the
    CLI (what the ``equipref`` script runs) and the environment to run it in."""
    dist, venv = folder / "dist", folder / "venv"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(dist), str(REPOSITORY)], check=True)
    wheel = next(dist.glob("equipref-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    installing = [python, "-m", "pip", "--disable-pip-version-check", "-q", "install", str(wheel)]
    done = subprocess.run(installing, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"installing the wheel failed:\n{done.stderr}")
    # PYTHONSAFEPATH: `python -c` would put the working directory (this checkout) first on the import path.
    env = {k: v for k, v in BASE_ENV.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONSAFEPATH"] = "1"
    found = subprocess.run(
        [python, "-c", "import equipref; print(equipref.__file__)"], env=env, capture_output=True, text=True
    ).stdout
    if not found.startswith(str(venv)):
        raise SystemExit(f"the installed wheel is not the equipref imported: {found}")
    return python, [python, "-c", "import sys; from equipref.cli import main; sys.exit(main())"], env


def interleaved(
    commands: dict[str, list[str]],
    env: dict[str, str],
    repeats: int,
    before: Callable[[str], None] | None = None,
    envs: dict[str, dict[str, str]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Median (wall, cpu) of each command, run in turn ``repeats`` times; ``before(name)`` runs untimed.
    Each command gets ``env``, or its own from ``envs``."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, argv in commands.items():
            if before is not None:
                before(name)
            wall, cpu = run_process(argv, (envs or {}).get(name, env))
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in commands}


def verdict(ratio: float, goal: float) -> str:
    return "met" if ratio <= goal else "**not met**"


def bench_read_commands(repeats: int, article: Path) -> None:
    print("\n## Every read command, answered from the cache (warm)")
    print('Goal: at most 0.2 x `python -c "import pint"` and at most 5 x `python -c pass`.\n')
    cache = tempfile.mkdtemp(prefix="equipref-bench-cache-")
    env = {**BASE_ENV, "EQUIPREF_CACHE_DIR": cache}
    eq = equipref_command()
    commands = {
        "table": ["table"],
        "table -f json": ["table", "-f", "json"],
        "table --units imperial": ["table", "--units", "imperial"],
        "list": ["list"],
        "list --country RU -f csv": ["list", "--country", "RU", "-f", "csv"],
        'show "Type 99"': ["show", "Type 99"],
        'show "Type 99" -f simple': ["show", "Type 99", "-f", "simple"],
        'show "Type 99" -f json': ["show", "Type 99", "-f", "json"],
        "compare PHL-03 Tornado-S": ["compare", "PHL-03", "Tornado-S"],
        "compare PHL-03 Tornado-S -f grid": ["compare", "PHL-03", "Tornado-S", "-f", "grid"],
        'counterparts "Type 99" --country RU': ["counterparts", "Type 99", "--country", "RU"],
        'match "4.921 in"': ["match", "4.921 in"],
        'match "125 mm" -f json --units imperial': ["match", "125 mm", "-f", "json", "--units", "imperial"],
        "sources": ["sources"],
        "sources -f github": ["sources", "-f", "github"],
        "check ARTICLE": ["check", str(article)],
        "check ARTICLE -f json": ["check", str(article), "-f", "json"],
        # Each round runs every command in turn, so this one alternates with plain `show`: two catalog states.
        'show "Type 99" --catalog mine': ["show", "Type 99", "--catalog", str(article.parent / "mine")],
    }
    argvs = {name: [*eq, *args] for name, args in commands.items()}
    for argv in argvs.values():
        run_process(argv, env)  # fill the cache
    results = interleaved({"python -c pass": PASS, "import pint": PINT, **argvs}, env, repeats)
    pint_wall, pint_cpu = results["import pint"]
    pass_wall, pass_cpu = results["python -c pass"]
    print("| command | wall | / import pint | / python -c pass | cpu / import pint | goal |")
    print("|---|---|---|---|---|---|")
    for name, (wall, cpu) in results.items():
        worst = max(wall / pint_wall / 0.2, wall / pass_wall / 5)
        mark = "" if name in ("python -c pass", "import pint") else verdict(worst, 1.0)
        print(
            f"| `{name}` | {wall * 1000:.0f} ms | **{wall / pint_wall:.2f}** | **{wall / pass_wall:.2f}** "
            f"| {cpu / pint_cpu:.2f} | {mark} |"
        )
    shutil.rmtree(cache, ignore_errors=True)


def bench_first_run(repeats: int) -> None:
    print("\n## The first run after an install or a catalog edit (cold)")
    print("Goal: at most 1.0 x `import pint`. After an install (a wheel built from this checkout and installed")
    print("with pip into a folder of its own) nothing is cached, and the wheel's compiled catalog is read; after")
    print("an edit of a user catalog the built-in catalog's snapshot is still there, the edited state is validated.\n")
    # Two caches: the one a new install starts from is emptied before each of its runs; the other keeps the
    # built-in folder's snapshot that an edit of another folder leaves valid.
    cache = tempfile.mkdtemp(prefix="equipref-bench-cache-")
    edits_cache = tempfile.mkdtemp(prefix="equipref-bench-cache-")
    installed = Path(tempfile.mkdtemp(prefix="equipref-bench-wheel-"))
    wheel_python, wheel_eq, wheel_env = install_wheel(installed)
    mine = Path(tempfile.mkdtemp(prefix="equipref-bench-mine-"))
    counter = [0]

    def before(name: str) -> None:
        if "install" in name:
            shutil.rmtree(cache, ignore_errors=True)
        elif "edit" in name:
            counter[0] += 1
            (mine / "notes.toml").write_text(
                f'[[source]]\nid = "my-notes"\ntitle = "Mine {counter[0]}"\npublisher = "me"\nkind = "analysis"\n',
                encoding="utf-8",
            )

    eq = equipref_command()
    load = [wheel_python, "-c", "import equipref; equipref.load_catalog()"]
    commands = {
        "import pint": (PINT, BASE_ENV),
        'show "Type 99", after an install': ([*wheel_eq, "show", "Type 99"], wheel_env),
        "table, after an install": ([*wheel_eq, "table"], wheel_env),
        "load_catalog(), after an install": (load, wheel_env),
        "table --catalog mine, after an install": ([*wheel_eq, "table", "--catalog", str(mine)], wheel_env),
        'show "Type 99" --catalog mine, after an edit': ([*eq, "show", "Type 99", "--catalog", str(mine)], BASE_ENV),
        "table --catalog mine, after an edit": ([*eq, "table", "--catalog", str(mine)], BASE_ENV),
        "import pydantic.main (for scale)": ([sys.executable, "-c", "import pydantic.main"], BASE_ENV),
        "import equipref.model (for scale)": ([wheel_python, "-c", "import equipref.model"], wheel_env),
    }
    envs = {
        name: {**env, "EQUIPREF_CACHE_DIR": edits_cache if "edit" in name else cache}
        for name, (_, env) in commands.items()
    }
    before("edit")
    for name, (argv, _) in commands.items():
        run_process(argv, envs[name])  # bytecode, and the built-in folder's snapshot
    results = interleaved({name: argv for name, (argv, _) in commands.items()}, BASE_ENV, repeats, before, envs)
    pint_wall, pint_cpu = results["import pint"]
    print("| command | wall | / import pint | cpu / import pint | goal |")
    print("|---|---|---|---|---|")
    for name, (wall, cpu) in results.items():
        mark = "" if name == "import pint" or "scale" in name else verdict(wall / pint_wall, 1.0)
        print(f"| {name} | {wall * 1000:.0f} ms | **{wall / pint_wall:.2f}** | {cpu / pint_cpu:.2f} | {mark} |")
    for folder in (cache, edits_cache, mine, installed):
        shutil.rmtree(folder, ignore_errors=True)


def bench_new_questions(repeats: int) -> None:
    print("\n## A new question, from a wheel installed into a fresh venv")
    print("Goal: a read question not asked before at most 0.5 x `import pint`, `load_catalog()` at most 0.45 x, side")
    print("by side in one run (issue 23). The wheel is built from this checkout and installed with pip into a venv of")
    print("its own (bytecode compiled); every timed run starts from an empty cache, so nothing is kept for it but")
    print("what the wheel ships (the compiled catalog). The baselines run with the same venv's python; the least and")
    print("the median of the runs, by wall time, and the median CPU time.\n")
    installed = Path(tempfile.mkdtemp(prefix="equipref-bench-venv-"))
    python, eq, env = install_wheel(installed)
    cache = tempfile.mkdtemp(prefix="equipref-bench-cache-")
    env = {**env, "EQUIPREF_CACHE_DIR": cache}
    one_model = "from pydantic import BaseModel, ConfigDict\nclass A(BaseModel):\n    model_config = ConfigDict(defer_build=True)\n    x: int"
    baselines = {
        "python -c pass": [python, "-c", "pass"],
        "import pint": [python, "-c", "import pint"],
        "import pydantic.main (for scale)": [python, "-c", "import pydantic.main"],
        "one pydantic model class, and nothing else (for scale)": [python, "-c", one_model],
    }
    questions = {
        "load_catalog()": [python, "-c", "import equipref; equipref.load_catalog()"],
        'show "Type 99"': [*eq, "show", "Type 99"],
        'show "Type 99" -f json': [*eq, "show", "Type 99", "-f", "json"],
        "table": [*eq, "table"],
        "list": [*eq, "list"],
        "compare PHL-03 Tornado-S": [*eq, "compare", "PHL-03", "Tornado-S"],
        'counterparts "Type 99" --country RU': [*eq, "counterparts", "Type 99", "--country", "RU"],
        'match "4.921 in"': [*eq, "match", "4.921 in"],
        "sources": [*eq, "sources"],
    }
    commands = {**baselines, **questions}
    for argv in commands.values():
        run_process(argv, env)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, argv in commands.items():
            shutil.rmtree(cache, ignore_errors=True)  # nothing kept: each question is asked for the first time
            wall, cpu = run_process(argv, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    pint_med, pint_min = statistics.median(walls["import pint"]), min(walls["import pint"])
    pint_cpu = statistics.median(cpus["import pint"])
    print("| what | wall, median | / import pint | least / least | CPU / import pint | goal |")
    print("|---|---|---|---|---|---|")
    for name in commands:
        med, least, cpu = statistics.median(walls[name]), min(walls[name]), statistics.median(cpus[name])
        goal = 0.45 if name == "load_catalog()" else 0.5
        mark = verdict(med / pint_med, goal) if name in questions else ""
        print(
            f"| `{name}` | {med * 1000:.0f} ms | **{med / pint_med:.2f}** | {least / pint_min:.2f} "
            f"| {cpu / pint_cpu:.2f} | {mark} |"
        )
    for folder in (cache, installed):
        shutil.rmtree(folder, ignore_errors=True)


def bench_load(repeats: int) -> None:
    print("\n## `equipref.load_catalog()` in a fresh process, compiled snapshot warm")
    print("Goal: at most 0.5 x `import pint`.\n")
    cache = tempfile.mkdtemp(prefix="equipref-bench-cache-")
    env = {**BASE_ENV, "EQUIPREF_CACHE_DIR": cache}
    load = [sys.executable, "-c", "import equipref; equipref.load_catalog()"]
    run_process(load, env)
    # The least a pydantic model costs a new process: pydantic's import and one deferred class (which imports
    # pydantic.fields and pydantic.types). The API returns pydantic models, so load_catalog pays at least this.
    one_model = "from pydantic import BaseModel, ConfigDict\nclass A(BaseModel):\n    model_config = ConfigDict(defer_build=True)\n    x: int"
    floor = [sys.executable, "-c", one_model]
    results = interleaved({"import pint": PINT, "load": load, "floor": floor}, env, repeats)
    (pint_wall, pint_cpu), (wall, cpu) = results["import pint"], results["load"]
    floor_wall, floor_cpu = results["floor"]
    print("| what | wall | / import pint | cpu / import pint | goal |\n|---|---|---|---|---|")
    print(f"| import pint | {pint_wall * 1000:.0f} ms | 1.00 | 1.00 | |")
    print(
        f"| `import equipref; equipref.load_catalog()` | {wall * 1000:.0f} ms | **{wall / pint_wall:.2f}** "
        f"| {cpu / pint_cpu:.2f} | {verdict(wall / pint_wall, 0.5)} |"
    )
    print(
        f"| one pydantic model class, and nothing else (for scale) | {floor_wall * 1000:.0f} ms "
        f"| {floor_wall / pint_wall:.2f} | {floor_cpu / pint_cpu:.2f} | |"
    )

    from equipref import cache as answer_cache
    from equipref import snapshot

    os.environ["EQUIPREF_CACHE_DIR"] = cache
    load_catalog()
    warm = median_time(load_catalog, repeats)
    real_store = answer_cache.store
    answer_cache.store = lambda base=None: None  # type: ignore[assignment]
    try:
        full = median_time(load_catalog, repeats)
    finally:
        answer_cache.store = real_store  # type: ignore[assignment]
    loaded = load_catalog()
    data = snapshot.encode(loaded.data, loaded.files)
    print("\nIn one process, the load alone:\n")
    print("| what | median | ratio to validating |\n|---|---|---|")
    print(f"| parse and validate every file (no snapshot) | {full * 1000:.1f} ms | 1.00 |")
    print(f"| read the compiled snapshot | {warm * 1000:.1f} ms | **{warm / full:.2f}** |")
    print(f"\n(The snapshot of the built-in catalog holds {len(str(data)) // 1024} KB of JSON.)")
    shutil.rmtree(cache, ignore_errors=True)


def bench_linear(repeats: int, quick: bool) -> None:
    from equipref import cache as answer_cache
    from equipref.check import check_text
    from equipref.comparison import overview
    from equipref.pages import render_site
    from equipref.render import DisplayUnits, overview_table

    n_builtin = len(load_catalog())
    factors = [1, 10] if quick else [1, 10, 100]
    print(f"\n## Cost against catalog size (synthetic catalogs, {n_builtin} systems = 1x)")
    print("Goal: time per system at 10x and 100x within 1.5 x of 1x. `validate` is the full load (no snapshot);")
    print("`check` reads an article with one sentence per system. Calibers spread as the catalog grows, so that a")
    print("system keeps as many neighbours within 0.5 mm; `table, crowded` packs every size into 5-800 mm instead,")
    print("where the neighbours, every one of which must be graded, grow with the catalog.\n")
    real_store = answer_cache.store
    answer_cache.store = lambda base=None: None  # type: ignore[assignment]
    rows: dict[str, list[float]] = {"validate": [], "table": [], "docs": [], "check": [], "table, crowded": []}
    sizes = []
    try:
        for factor in factors:
            folder = Path(tempfile.mkdtemp(prefix="equipref-bench-cat-"))
            n = n_builtin * factor
            sizes.append(n)
            write_systems_catalog(folder, n)
            # Each timed run does about the same work at every size (a hundred 1x catalogs, ten 10x ones, one
            # 100x one): a single 1x run takes a few milliseconds, and timing that alone made the 1x figure,
            # and so every ratio, swing by half from run to run.
            batch = max(1, 100 // factor)

            def per_system(work: Callable[[], object], batch: int = batch, n: int = n) -> float:
                return median_time(lambda: [work() for _ in range(batch)], repeats) / (batch * n)

            rows["validate"].append(per_system(lambda folder=folder: load_catalog(folder)))
            loaded = load_catalog(folder)

            def fresh(loaded: Catalog = loaded) -> Catalog:
                """The same catalog as a new object: every per-catalog index is built again, as in a new process;
                frozen out of the garbage collector's sight, as the command line does once it has loaded it."""
                gc.freeze()
                return Catalog(loaded.data, loaded._files, loaded.roots)

            text = article_for(n)
            rows["table"].append(
                per_system(lambda: overview_table(overview(cat := fresh()), cat, DisplayUnits(), "CN", "RU"))
            )
            rows["docs"].append(median_time(lambda: render_site(fresh()), 1 if factor >= 10 else repeats) / n)
            rows["check"].append(per_system(lambda text=text: check_text(text, fresh())))
            crowded = Path(tempfile.mkdtemp(prefix="equipref-bench-cat-"))
            write_systems_catalog(crowded, n, crowded=True)
            packed = load_catalog(crowded)
            gc.freeze()
            rows["table, crowded"].append(
                per_system(
                    lambda packed=packed: overview_table(
                        overview(c := Catalog(packed.data)), c, DisplayUnits(), "CN", "RU"
                    )
                )
            )
            shutil.rmtree(crowded, ignore_errors=True)
            gc.unfreeze()
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        answer_cache.store = real_store  # type: ignore[assignment]
    head = " | ".join(f"{f}x ({n} systems)" for f, n in zip(factors, sizes, strict=True))
    print(f"| what | {head} | goal |\n|---|{'---|' * len(factors)}---|")
    for name, per in rows.items():
        cells = " | ".join(
            f"{p * 1000:.2f} ms/system" + ("" if i == 0 else f", **{p / per[0]:.2f}**") for i, p in enumerate(per)
        )
        print(f"| {name} | {cells} | {verdict(max(p / per[0] for p in per) / 1.5, 1.0)} |")


def bench_exponents(repeats: int) -> None:
    """How cost grows from 10x to 100x: the exponent k in time ~ size**k, from the least of ``repeats`` runs."""
    import math

    from equipref import cache as answer_cache
    from equipref import diff
    from equipref.pages import render_site

    n_builtin = len(load_catalog())
    print("\n## Scaling exponent from 10x to 100x (synthetic catalogs)")
    print("Goal: at most 1.05 (linear). CPU time, the least of several runs; `load` reads the kept snapshot,")
    print("`validate` parses and validates every file, `diff` compares two loaded catalogs differing in every")
    print("system's weight, `docs` renders the whole site.\n")
    cache = tempfile.mkdtemp(prefix="equipref-bench-cache-")
    os.environ["EQUIPREF_CACHE_DIR"] = cache
    times: dict[str, list[float]] = {"load (snapshot)": [], "validate": [], "diff": [], "docs": []}
    real_store = answer_cache.store
    for factor in (10, 100):
        n = n_builtin * factor
        old, new = (Path(tempfile.mkdtemp(prefix="equipref-bench-cat-")) for _ in range(2))
        write_systems_catalog(old, n)
        write_systems_catalog(new, n, seed=2)
        runs = repeats if factor == 10 else max(2, repeats // 2)
        load_catalog(old)
        load_catalog(old)  # kept whole from its second load
        times["load (snapshot)"].append(median_time(lambda old=old: load_catalog(old), runs))
        answer_cache.store = lambda base=None: None  # type: ignore[assignment]
        try:
            times["validate"].append(median_time(lambda old=old: load_catalog(old), runs))
            a, b = load_catalog(old), load_catalog(new)
        finally:
            answer_cache.store = real_store  # type: ignore[assignment]
        times["diff"].append(median_time(lambda a=a, b=b: diff(a, b), runs))
        times["docs"].append(median_time(lambda a=a: render_site(Catalog(a.data, a._files, a.roots)), min(runs, 2)))
        # As it goes: a run stopped at 100x still says what 10x took.
        took = ", ".join(f"{name} {t[-1] * 1000:.0f} ms" for name, t in times.items())
        print(f"({factor}x, {n} systems: {took})", flush=True)
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(new, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    print("| what | 10x | 100x | exponent | goal |\n|---|---|---|---|---|")
    for name, (t10, t100) in times.items():
        k = math.log(t100 / t10) / math.log(10)
        print(f"| {name} | {t10 * 1000:.0f} ms | {t100 * 1000:.0f} ms | **{k:.2f}** | {verdict(k, 1.05)} |")


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
    print(f"\n## All-pairs caliber match, tolerance {tol} mm")
    print("Goal: the results as arrays at most 2 x the query. Calibers uniform over 5-800 mm, written in mm, cm")
    print("and in. `query` finds the pairs of index entries; `arrays` also turns them into distinct weapon pairs")
    print("(`PairSet.codes()`); `ids` gathers the weapon ids into numpy string arrays (`weapon_pairs()`); `list`")
    print("is `list(PairSet)`, sorted Python tuples. The baseline is a numpy searchsorted join on the same floats.\n")
    print(
        "| weapons | pairs | numpy join | query | arrays | arrays / query | ids / query | list / query | same pairs |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        catalog, floats = weapons_catalog(n)
        values = np.asarray(floats)
        index = caliber_index(catalog)
        index.all_pairs(tol).codes()  # the index's arrays are built once per catalog
        t_np = median_time(lambda values=values: numpy_join(values, window), repeats)
        t_query = median_time(lambda index=index: index.all_pairs(tol), repeats)
        t_arrays = median_time(lambda index=index: index.all_pairs(tol).codes(), repeats)
        t_ids = median_time(lambda index=index: index.all_pairs(tol).weapon_pairs(), repeats)
        t_list = median_time(lambda index=index: list(index.all_pairs(tol)), max(1, repeats // 3))
        lo, hi = index.all_pairs(tol).codes()
        ids = index.weapon_codes()[1]
        position = {w.id: i for i, w in enumerate(catalog.weapons)}
        order = np.fromiter((position[w] for w in ids.tolist()), dtype=np.int64, count=len(ids))
        same = np.array_equal(canonical(order[lo], order[hi]), canonical(*numpy_join(values, window)))
        print(
            f"| {n:,} | {len(lo):,} | {t_np * 1000:.1f} ms | {t_query * 1000:.1f} ms | {t_arrays * 1000:.1f} ms "
            f"| **{t_arrays / t_query:.2f}** | {t_ids / t_query:.1f} | {t_list / t_query:.1f} | {same} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats")
    parser.add_argument("--scaling", action="store_true", help="only the scaling exponents from 10x to 100x")
    parser.add_argument("--startup", action="store_true", help="only a new question from a wheel in a fresh venv")
    args = parser.parse_args()
    repeats = 3 if args.quick else 10
    if args.scaling:
        bench_exponents(3 if args.quick else 5)
        return
    if args.startup:
        bench_new_questions(repeats)
        return
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} cpus, load average {load:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "article.txt"
        article.write_text(article_for(0), encoding="utf-8")
        write_systems_catalog(Path(tmp) / "mine", 3)
        bench_read_commands(repeats, article)
    bench_first_run(repeats)
    bench_new_questions(repeats)
    bench_load(repeats)
    bench_linear(3 if args.quick else 5, args.quick)
    bench_exponents(3 if args.quick else 5)
    bench_all_pairs(repeats, args.quick)


if __name__ == "__main__":
    main()

"""Throughput of checking many texts: documents per second with one process and with two, in the same run.

Run from the repository root, in a venv where equipref is installed:

    python benchmarks/check_throughput.py            # 2,000 articles, 3 rounds
    python benchmarks/check_throughput.py --quick    # 500 articles, 2 rounds

Two measurements, each interleaving ``jobs=1`` and ``jobs=2`` round by round so that a load on the machine
falls on both alike, medians of wall time reported (what a user waits; with workers, the CPU time of this
process alone says nothing):

- **library**: ``list(equipref.check_texts(texts, jobs=N))`` in this process, the catalog already loaded
  (the workers' start is included: a pool is made for each call).
- **command**: a whole ``equipref check --jsonl archive.jsonl --jobs N`` process writing JSON Lines to
  /dev/null (the catalog load, reading and writing the rows included).

Reported: documents per second, per core used (divided by N), and the ratio of two processes to one (2.0 would
be perfect scaling; it cannot exceed the cores the machine really gives, which a shared machine makes fewer).
Also the CPU time per document, this process and its workers together, two processes against one: what
running in parallel costs on top of the checking itself (1.0: nothing), which a loaded machine disturbs little.
The articles are written here, a few sentences each about built-in systems, with figures varying from one to
the next, about 500 characters long: short news items, the common case of an archive.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_SENTENCES = (
    "The PHL-03 launcher fires {a} mm rockets up to {b} km, and the Tornado-S reaches {c} km.",
    "The Type 99 tank weighs {d} t and carries a 125 mm gun, like the T-90, which weighs {e} t.",
    "It has a crew of three and reaches {f} km/h.",
    "The PCL-181 howitzer fires 155 mm shells to {g} km. The M1 Abrams weighs 62 t.",
    "Российский «Торнадо-С» стреляет на {c} км. PHL-16远程火箭炮射程可达{b}公里。",
)


def articles(n: int) -> list[str]:
    """``n`` short articles, each three of the sentences above, figures varying by article."""
    out = []
    for i in range(n):
        picked = [_SENTENCES[(i + k) % len(_SENTENCES)] for k in range(3)]
        figures = dict(a=300, b=100 + i % 90, c=90 + i % 40, d=50 + i % 9, e=46 + i % 3, f=60 + i % 20, g=30 + i % 25)
        out.append(" ".join(s.format(**figures) for s in picked))
    return out


def _cpu() -> float:
    """CPU seconds of this process and of every child it has waited for (and theirs)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def library_seconds(texts: list[str], jobs: int) -> tuple[float, float]:
    import equipref

    start, cpu = time.perf_counter(), _cpu()
    results = list(equipref.check_texts(texts, jobs=jobs))
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    assert len(results) == len(texts)
    return seconds, cpu


def command_seconds(archive: Path, jobs: int, env: dict[str, str]) -> tuple[float, float]:
    start, cpu = time.perf_counter(), _cpu()
    subprocess.run(
        [sys.executable, "-m", "equipref", "check", "--jsonl", str(archive), "--jobs", str(jobs)],
        stdout=subprocess.DEVNULL,
        check=True,
        env=env,
    )
    return time.perf_counter() - start, _cpu() - cpu


def report(name: str, n: int, times: dict[int, list[tuple[float, float]]]) -> None:
    wall = {jobs: statistics.median(w for w, _ in runs) for jobs, runs in times.items()}
    cpu = {jobs: statistics.median(c for _, c in runs) for jobs, runs in times.items()}
    print(f"{name}: {n} documents, medians of {len(times[1])} rounds")
    for jobs in (1, 2):
        rate = n / wall[jobs]
        print(
            f"  jobs={jobs}: {wall[jobs]:6.2f} s  {rate:7.0f} documents/s  {rate / jobs:7.0f} per core"
            f"  {1000 * cpu[jobs] / n:5.2f} ms CPU per document"
        )
    print(f"  jobs=2 / jobs=1 throughput: {wall[1] / wall[2]:.2f}; CPU per document: {cpu[2] / cpu[1]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="500 articles, 2 rounds")
    args = parser.parse_args()
    n, rounds = (500, 2) if args.quick else (2000, 3)
    texts = articles(n)
    print(f"usable cores: {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()}")

    import equipref

    equipref.default_catalog()  # loaded once, outside the timings, as a program checking an archive has it
    library_seconds(texts[:50], 1)  # and the name index built
    times: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
    for _ in range(rounds):
        for jobs in (1, 2):
            times[jobs].append(library_seconds(texts, jobs))
    report("library check_texts", n, times)

    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "archive.jsonl"
        archive.write_text("".join(json.dumps({"text": t, "id": str(i)}) + "\n" for i, t in enumerate(texts)), "utf-8")
        env = {**os.environ, "EQUIPREF_CACHE_DIR": str(Path(folder) / "cache")}
        command_seconds(archive, 1, env)  # compiled catalog kept, as on a machine that ran equipref before
        times = {1: [], 2: []}
        for _ in range(rounds):
            for jobs in (1, 2):
                times[jobs].append(command_seconds(archive, jobs, env))
        report("command equipref check --jsonl", n, times)


if __name__ == "__main__":
    main()

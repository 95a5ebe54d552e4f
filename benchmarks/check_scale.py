"""`equipref check` against the length of the text: every output format linear, 1 MB in under 10 s and 250 MB.

Run from the repository root, in a venv where equipref is installed:

    python benchmarks/check_scale.py            # 0.1, 0.3 and 1 MB, every format
    python benchmarks/check_scale.py --quick    # 0.1 and 0.3 MB

Each run is a whole ``equipref check FILE --format F`` process with an empty answer cache (so nothing is
replayed), its output thrown away. The text is written here: sentences about built-in systems with figures
that vary from sentence to sentence, so that a long text is not one sentence repeated. Reported: wall and CPU
seconds, peak memory (max RSS), and CPU time per MB against the smallest size in the same run (about 1.0 at
every size when the cost is linear; a quadratic step shows as a ratio growing with the size).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FORMATS = ("table", "json", "markdown", "claimreview")

_SENTENCES = (
    "The PHL-03 launcher fires {a} mm rockets up to {b} km, and the Tornado-S reaches {c} km.",
    "The Type 99 tank weighs {d} t and carries a 125 mm gun, like the T-90, which weighs {e} t.",
    "It has a crew of three and reaches {f} km/h.",
    "The PCL-181 howitzer fires 155 mm shells to {g} km. The M1 Abrams weighs 62 t.",
    "Российский «Торнадо-С» стреляет на {c} км. PHL-16远程火箭炮射程可达{b}公里。",
)


def article(size: int) -> str:
    """About ``size`` characters of text, figures varying by sentence."""
    out: list[str] = []
    length = 0
    i = 0
    while length < size:
        line = " ".join(
            s.format(a=300, b=100 + i % 90, c=90 + i % 40, d=50 + i % 9, e=46 + i % 3, f=60 + i % 20, g=30 + i % 25)
            for s in _SENTENCES
        )
        out.append(line + "\n")
        length += len(line) + 1
        i += 1
    return "".join(out)[:size]


_CHILD = """
import resource, sys, time
from equipref.cli import main
sys.stdout = open("/dev/null", "w")
t0, c0 = time.perf_counter(), time.process_time()
code = main(["check", sys.argv[1], "--format", sys.argv[2]])
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
print(code, wall, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def run(path: Path, fmt: str) -> tuple[float, float, float]:
    cache = tempfile.mkdtemp(prefix="equipref-bench-cache-")
    env = dict(os.environ, EQUIPREF_CACHE_DIR=cache, COLUMNS="100")
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), fmt], env=env, capture_output=True, text=True, check=True
        )
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    code, wall, cpu, rss = done.stderr.split()[-4:]
    if code != "0":
        raise SystemExit(f"check exited {code} on {path}")
    return float(wall), float(cpu), int(rss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = [100_000, 300_000] if args.quick else [100_000, 300_000, 1_000_000]
    folder = Path(tempfile.mkdtemp(prefix="equipref-bench-text-"))
    try:
        print("| format | size | wall | CPU | peak memory | CPU per MB / smallest |")
        print("|---|---|---|---|---|---|")
        for fmt in FORMATS:
            first: float | None = None
            for size in sizes:
                path = folder / f"article-{size}.txt"
                if not path.exists():
                    path.write_text(article(size), encoding="utf-8")
                wall, cpu, rss = run(path, fmt)
                per_mb = cpu / (size / 1_000_000)
                first = first or per_mb
                print(
                    f"| {fmt} | {size / 1_000_000:.1f} MB | {wall:.1f} s | {cpu:.1f} s | {rss:.0f} MB | "
                    f"{per_mb / first:.2f} |",
                    flush=True,
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Coverage-guided fuzzing of the catalog loader with atheris (opt-in; not part of the test suite).

    pip install atheris && python fuzz/fuzz_catalog.py -max_total_time=300

Arbitrary bytes are written as one catalog file (TOML, then JSON); loading must either succeed or raise
CatalogError listing problems. Anything else is a bug.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from equipref.catalog import load_catalog
    from equipref.errors import CatalogError

FOLDER = Path(tempfile.mkdtemp(prefix="equipref-fuzz-"))


def test_one_input(data: bytes) -> None:
    for name in ("x.toml", "x.json"):
        for old in FOLDER.iterdir():
            old.unlink()
        (FOLDER / name).write_bytes(data)
        try:
            load_catalog(FOLDER)
        except CatalogError as exc:
            assert exc.problems


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()

"""Coverage-guided fuzzing of the quantity parser with atheris (opt-in; not part of the test suite).

    pip install atheris && python fuzz/fuzz_quantity.py -max_total_time=300

Any exception other than QuantityError, or a single input taking over a second, is a bug.
"""

from __future__ import annotations

import sys
import time

import atheris

with atheris.instrument_imports():
    from equipref.errors import QuantityError
    from equipref.units import parse_measure

DIMENSIONS = ["[length]", "[mass]", "[time]", "[speed]"]


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    dimension = DIMENSIONS[fdp.ConsumeIntInRange(0, len(DIMENSIONS) - 1)]
    text = fdp.ConsumeUnicodeNoSurrogates(200)
    start = time.perf_counter()
    try:
        parse_measure(text, dimension)
    except QuantityError:
        pass
    if time.perf_counter() - start > 1:
        raise AssertionError(f"slow input: {text!r}")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()

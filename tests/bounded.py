"""Running a test's work under a time bound: a hang fails the test instead of stalling the whole session.

The bound is generous on purpose (a loaded machine must never fail it); it says "finishes", not "is fast".
Speed is measured in benchmarks/, never asserted in a test.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

#: Far above what any of these calls takes on a loaded two-core machine, far below a stalled CI run.
BOUND_SECONDS = 120.0


def finishes(work: Callable[[], object], seconds: float = BOUND_SECONDS) -> None:
    """Run ``work`` in a thread and fail if it has not returned within ``seconds``; its exception is raised."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # handed to the test's thread below
            failure.append(exc)

    thread = threading.Thread(target=run, daemon=True)  # a hung one must not keep the process alive
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"did not finish within {seconds:g} s: a hang, or work that grows too fast"
    if failure:
        raise failure[0]

"""Short spans of text, sorted, for overlap tests in logarithmic time (so no stage is quadratic in a text)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

__all__ = ["Spans"]


class Spans:
    """Spans ``(start, end)``; `overlaps` looks only at the few that could reach the asked span."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.longest = max((b - a for a, b in self.spans), default=0)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)
        while i > 0 and self.spans[i - 1][0] >= start - self.longest:
            a, b = self.spans[i - 1]
            if a < end and start < b:
                return True
            i -= 1
        return False

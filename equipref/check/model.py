"""What the checker hands out: a `CheckReport` of `Finding`s, each with the `UsedClaim`s its verdict weighed."""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["FIELD_LABELS", "VERDICTS", "CheckReport", "Field", "Finding", "Sentence", "UsedClaim", "Verdict"]

Field = Literal[
    "caliber", "max_range", "min_range", "weight", "crew", "tubes", "rounds", "numbers", "in_service", "other"
]
Verdict = Literal["supported", "contested", "only this source", "new", "not in the catalog", "unchecked", "ambiguous"]
VERDICTS: Final[tuple[str, ...]] = (
    "supported", "contested", "only this source", "new", "not in the catalog", "ambiguous", "unchecked"
)  # fmt: skip
FIELD_LABELS: Final = {
    "caliber": "caliber",
    "max_range": "max range",
    "min_range": "min range",
    "weight": "weight",
    "crew": "crew",
    "tubes": "tubes",
    "rounds": "rounds carried",
    "numbers": "numbers",
    "in_service": "in service",
    "other": "other",
}


class UsedClaim(BaseModel):
    """A catalog claim a verdict weighed: its value, where it is recorded, its sources and their origins."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    value: str
    hedge: str | None = None
    qualifier: str = ""
    on: str
    sources: tuple[str, ...]
    origins: tuple[str, ...]
    agrees: bool
    this_text: bool


class Finding(BaseModel):
    """One quantity of the text, what it is about, and the verdict with the claims behind it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    sentence: int
    start: int
    end: int
    quote: str
    value: str
    hedge: str | None = None
    readings: tuple[str, ...] = ()
    field: Field
    detail: str = ""
    system: str | None = None
    system_name: str | None = None
    about: str | None = None
    about_name: str | None = None
    named_as: str = ""
    unknown: str | None = None
    candidates: tuple[str, ...] = ()
    reason: str
    verdict: Verdict
    explanation: str
    claims: tuple[UsedClaim, ...] = ()
    spread: str | None = None


class Sentence(BaseModel):
    """A sentence of the text that holds at least one finding."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    index: int
    start: int
    end: int
    text: str


class CheckReport(BaseModel):
    """Everything `check_text` found: the text's own source (if recognised), sentences and findings in order."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    source: str | None
    source_note: str
    origins: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    findings: tuple[Finding, ...]
    unknown_names: tuple[str, ...]

    def count(self, verdict: str) -> int:
        """How many findings have this verdict."""
        return sum(1 for f in self.findings if f.verdict == verdict)

    @property
    def summary(self) -> dict[str, int]:
        """Findings per verdict, in the fixed order of `VERDICTS` (zeros included)."""
        return {v: self.count(v) for v in VERDICTS}

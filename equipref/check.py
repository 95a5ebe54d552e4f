"""Checking an article's numbers against the catalog: which system each is about, and which sources agree.

`check_text` reads running text in four steps, each of which says why it decided what it did:

1. **Names** (`equipref.mentions`): every catalog system, weapon and munition by any alias, and designations
   the catalog does not hold.
2. **Quantities** (`equipref.prose`): lengths, masses, counts, years and the rest, in the forms articles use.
3. **Attribution**: each quantity goes to the name it is written against (``155 mm PCL-181``, ``120 km for
   the Tornado-S``), else the nearest name in its clause, else in its sentence, else to the sentence's subject,
   which a pronoun (``it``, ``its``, ``such vehicles``) carries from the sentence before. Names written as a
   comparison (``an analogue of the T-90``, ``the same ammunition as the Russian Grad``, ``versus``) are
   the subject of nothing. A quantity with two equally near names is ``ambiguous``. The field follows from the
   dimension and the words around the number (a ``range``, ``weighs``, ``crew of``, ``launch tubes``).
4. **Verdict**, from the catalog's claims for that field and their independent origins
   (`equipref.provenance.origins`): ``supported`` (an origin other than this text gives the same value within the
   precision the text uses), ``contested`` (other origins, other values), ``only this source`` (every claim comes
   from this text or what it retells), ``new`` (no claim for the field), ``not in the catalog`` (a name the catalog
   does not know), ``unchecked`` (a figure the catalog keeps no field for: speeds, engine power, exercise counts),
   ``ambiguous``.

A text that is itself a catalog source is recognised by ``source`` (an id), ``source_url`` (its address), or a
heading equal to a source's title with its publisher named in the text; its own claims, and those of what it
retells, never corroborate it.
"""

from __future__ import annotations

import bisect
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal

from pydantic import BaseModel, ConfigDict

from equipref.catalog import catalog_or_default
from equipref.errors import UsageError
from equipref.mentions import Mention, find_mentions
from equipref.model import Claim
from equipref.prose import ProseQuantity, scan, sentences
from equipref.provenance import origins
from equipref.units import Measure

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.model import System

__all__ = ["CheckReport", "Finding", "Sentence", "UsedClaim", "check_text"]

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


# -- public entry point ----------------------------------------------------------------------------------


def check_text(
    text: str,
    catalog: Catalog | None = None,
    source: str | None = None,
    source_url: str | None = None,
) -> CheckReport:
    """Find the numbers ``text`` ties to catalog systems and give each a verdict with the claims behind it.

    ``source`` (a source id) or ``source_url`` (the text's address) say which catalog source the text is, so
    that it does not corroborate itself; without them a heading equal to a source's title, with its publisher
    named in the text, is recognised too.

    >>> report = check_text("The PHL-03 fires its 300 mm rockets up to 130 km.")
    >>> [(f.system, f.field, f.value, f.verdict) for f in report.findings]
    [('phl-03', 'caliber', '300 mm', 'supported'), ('phl-03', 'max_range', '130 km', 'supported')]
    """
    if not isinstance(text, str):
        raise UsageError(f"check_text needs text (str), got {type(text).__name__}")
    catalog = catalog_or_default(catalog)
    source_id, note = recognise_source(catalog, text, source, source_url)
    own = origins(catalog, [source_id]) if source_id else ()
    quantities = scan(text)  # refuses over-long text before anything else runs
    mentions = find_mentions(text, catalog)
    return _Checker(catalog, text, mentions, quantities, own).run(source_id, note)


# -- recognising the text as a catalog source -----------------------------------------------------------


def _normal_url(url: str) -> str:
    parts = urllib.parse.urlsplit(urllib.parse.unquote(url.strip()))
    host = parts.netloc.casefold().removeprefix("www.")
    path = parts.path.rstrip("/").removesuffix("/amp").removeprefix("/amp")
    return f"{host}{path}".casefold()


def recognise_source(catalog: Catalog, text: str, source: str | None, source_url: str | None) -> tuple[str | None, str]:
    """The catalog source the text is, and how that was decided (or why none was)."""
    if source:
        catalog.source(source)  # UnknownNameError, with suggestions, for an id the catalog does not have
        return source, f"given as source {source}"
    if source_url:
        wanted = _normal_url(source_url)
        for s in catalog.sources:
            if s.url and _normal_url(s.url) == wanted:
                return s.id, f"its address is that of catalog source {s.id}"
        return None, "its address is not a catalog source, so every claim counts as independent of it"
    lines = {line.strip().casefold() for line in text.splitlines() if 12 <= len(line.strip()) <= 200}
    folded = text.casefold()
    for s in catalog.sources:
        title = s.title.strip().casefold()
        if len(title) >= 12 and title in lines and s.publisher.casefold() in folded:
            return s.id, f"recognised as catalog source {s.id}: a heading is its title and its publisher is named"
    return None, "not a catalog source (none given or recognised), so every claim counts as independent of it"


# -- attribution -----------------------------------------------------------------------------------------

_COMPARATOR_RE: Final = re.compile(
    r"(?i)((?:\banalog(?:ue)?s?\b|\bequivalent\b|\bcounterparts?\b|\bsimilar to\b|\bsame\b[^.;]{0,40}?\bas\b|"
    r"\bcompared (?:to|with)\b|\bcop(?:y|ies) of\b|\bcopied\b|\bclone of\b|\bversion of\b|\bdevelopment of\b|"
    r"\bbased on\b|\bderived from\b|\bthan\b|\blike\b|\bversus\b|\bvs\.?|\breplaced?\b|\breplacing\b|\brivals?\b|"
    r"\bprogenitor\b|\bbrother\b|\bsuccessor to\b|\bpredecessor\b|\bunlike\b|\bresembles?\b|类似|類似|仿制|仿製)(?:\s+(?:of|to|with|as|from))?)"
    r"[^.;]{0,50}$"
)
_NAMING_RE: Final = re.compile(
    r"(?i)(?:\bdubbed\b|\bcalled\b|\bnamed\b|\bknown as\b|\bdesignated\b|\bidentified as\b|\blikely the\b|"
    r"\bprobably the\b|\bbelieved to be\b|\bnamely\b)[^.;]{0,30}$"
)
_ANAPHOR_RE: Final = re.compile(
    r"(?i)\b(?:it|its|it's|this|these|such|the (?:system|vehicle|tank|howitzer|launcher|"
    r"weapon|gun|design|machine|platform|mlrs|mrl|rocket launcher|combat vehicle|amphibious vehicle|missile system|"
    r"infantry combat vehicle|infantry fighting vehicle|self-propelled gun|new equipment))\b|其|该|該|此"
)
_OPENING_RE: Final = re.compile(r"(?i)((?:[^,.;]{0,40},\s*)?(?:and\s+|but\s+|so\s+|also\s+)?)(\S+(?:\s\S+)?)")
_UNNAMED_RE: Final = re.compile(
    r"(?i)\b(?:another|a new|the new|newly[- ]\w+)\b[^.]{0,60}?\b(?:systems?|launchers?|howitzers?|tanks?|"
    r"vehicles?|equipment|artillery|weapons?|mlrs|mrl)\b"
)
_CLAUSE_BREAK_RE: Final = re.compile(r"[,;:()（），；：]|\s[-–—]\s|\b(?:whereas|while|but)\b")
_RELATIVE_RE: Final = re.compile(r"(?i)\s*(?:which|that|who|whose)\b")
_COMPARATOR_NOUN_RE: Final = re.compile(
    r"(?i)\s*(?:[A-Za-z\-]+\s){0,1}(?:analog(?:ue)?|counterpart|equivalent|progenitor|rival|predecessor)\b"
)
_SUCH_RE: Final = re.compile(r"(?i)\b(?:such|these|those|of them)\b")
_BARE_NUMBER_RE: Final = re.compile(
    r"(?i)(?P<hedge>more than|over|about|some|at least|nearly|almost|around|approximately)\s+"
    r"(?P<num>\d{1,3}(?:,\d{3}){1,3}|\d{2,6})(?![\d,.]|\s*(?:%|percent|per cent|million|billion|thousand)|[A-Za-z])"
)
_NUMBER_BEFORE_RE: Final = re.compile(
    r"(?i)(?<![A-Za-z0-9.,/-])(?P<num>\d{1,3}(?:,\d{3}){1,3}|\d{1,5}|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|twenty|thirty|forty|fifty)[ \u00a0]$"
)
_ORDINAL_RE: Final = re.compile(r"(?i)\b(?:the )?(?P<which>first|one|second|other|latter|former)\b")

_IN_SERVICE_CUE: Final = re.compile(
    r"(?i)(?:in service|into service|entered service|entering service|operational|commissioned|adopted|fielded|"
    r"in operation|服役|列装|列裝)[^.;]{0,60}$"
)
_YEAR_CUE: Final = re.compile(
    r"(?i)(?:prototype|created|designed|developed|unveiled|first seen|first shown|first appeared|revealed|debuted?|"
    r"production (?:commenced|began|started)|began (?:producing|assembling|production)|introduced|entered production|"
    r"first flew|rolled out)[^.;]{0,60}$"
)
_RANGE_CUE: Final = re.compile(
    r"(?i)\b(?:range|ranges|firing|fire|fired|fires|strike|striking|strikes|hit|hits|reach|reaches|reaching|fly|"
    r"flying|distance of|targets?)\b|射程|打擊|打击|距離|距离|дальност"
)
_MIN_CUE: Final = re.compile(r"(?i)\b(?:minimum|min\.)\b[^.;]{0,30}$")
_ELEVATION_CUE: Final = re.compile(r"(?i)\b(?:elevation|altitude|above sea level|high)\b|海拔")
_ROAD_CUE: Final = re.compile(
    r"(?i)\b(?:road|roads|cruise|cruising|fuel|endurance|travel|drive|march|operating range)\b|續航|续航"
)
_ARMOR_CUE: Final = re.compile(
    r"(?i)\b(?:armou?r|thick|thickness|plate|tracks?|wide|width|clearance|long(?!-range)|length|height|tall)\b"
)
_NOT_VEHICLE_MASS: Final = re.compile(
    r"(?i)\b(?:rockets?|missiles?|warheads?|shells?|projectiles?|rounds?|payload|cargo|capacity|carry|carries|lift|"
    r"turret|bombs?|ammunition|engine)\b"
)
_EVENT_CUE: Final = re.compile(
    r"(?i)\b(?:seen|spotted|paraded|parade|footage|video|firing|fired|fire|launched|launching|exercise|drill|took part|"
    r"participated|displayed|on display|hit|struck)\b|發射|发射|射擊|射击"
)
_CAPABLE_RE: Final = re.compile(
    r"(?i)\b(?:capable of|can|could|able to|designed to|armed with|equipped with|outfitted|fitted|carry|carries|"
    r"load-out|modules?)\b"
)
_DELIVERY_CUE: Final = re.compile(
    r"(?i)\b(?:deliver(?:y|ed|ies)|inducted|received|commissioned|handed over|entered service)\b"
)
_PEOPLE_CUE: Final = re.compile(r"(?i)\b(?:carry|carries|accommodate|accommodates|seat|seats|transport|crew)\b")
_ROLE_NOUNS: Final = {
    "howitzer": ("SPH", "TH"), "gun": ("SPH", "TH"), "tank": ("MBT",), "launcher": ("MLRS",), "mlrs": ("MLRS",),
    "mrl": ("MLRS",), "rocket launcher": ("MLRS",), "ifv": ("IFV",), "apc": ("APC",), "missile system": ("SRBM",),
}  # fmt: skip
_ROLE_ANAPHOR_RE: Final = re.compile(
    r"(?i)\b(?:the|this) (howitzer|gun|tank|rocket launcher|launcher|mlrs|mrl|ifv|apc|missile system)\b"
)
_TRANSPORT_CUE: Final = re.compile(r"(?i)\b(?:carry|carries|carried|transport|transported|airlift)\b")
_ROUNDS_CUE: Final = re.compile(r"(?i)\b(?:ammunition|transportable|carried|stowed|on board|onboard|stored|reload)\b")
_ARTILLERY_ROLES: Final = frozenset({"SPH", "TH", "MLRS", "SRBM"})
_OTHER_LABELS: Final = {
    "speed": "speed",
    "power": "engine power",
    "time": "time",
    "rate": "rate of fire",
    "configuration": "configuration",
    "barrel": "barrel length",
    "period": "period",
}


@dataclass
class _Target:
    """What a quantity is about: a catalog entry, a name the catalog lacks, or several that fit equally."""

    kind: Literal["system", "weapon", "munition", "unknown", "ambiguous", "unnamed"]
    id: str | None = None
    name: str = ""
    named_as: str = ""
    candidates: tuple[_Target, ...] = ()

    @classmethod
    def of(cls, m: Mention) -> _Target:
        return cls(kind=m.kind, id=m.id, name=m.name, named_as=m.text)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id or self.name}"


@dataclass
class _Subject:
    target: _Target | None
    age: int = 0
    how: str = ""


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    mentions: list[Mention] = field(default_factory=list)
    comparators: dict[int, int] = field(default_factory=dict)  # mention index -> where its comparison begins
    subject: _Subject | None = None


class _Checker:
    def __init__(
        self,
        catalog: Catalog,
        text: str,
        mentions: Sequence[Mention],
        quantities: Sequence[ProseQuantity],
        own: tuple[str, ...],
    ) -> None:
        self.catalog = catalog
        self.text = text
        self.mentions = list(mentions)
        self.quantities = list(quantities)
        self.own = set(own)
        self.sentences = [_Sentence(i, a, b, p) for i, (a, b, p) in enumerate(sentences(text))]
        for m in self.mentions:
            s = self._sentence_at(m.start)
            if s is not None:
                s.mentions.append(m)
        self.quantities = self._without_names(self.quantities)
        self.quantities = sorted(self.quantities + self._extra_counts(), key=lambda q: (q.start, q.end))
        self.in_sentence: dict[int, list[ProseQuantity]] = {}
        for q in self.quantities:
            found = self._sentence_at(q.start)
            if found is not None:
                self.in_sentence.setdefault(found.index, []).append(q)

    # -- structure --------------------------------------------------------------------------------------

    def _sentence_at(self, position: int) -> _Sentence | None:
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].end <= position:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.sentences) and self.sentences[lo].start <= position < self.sentences[lo].end:
            return self.sentences[lo]
        return None

    def _without_names(self, quantities: list[ProseQuantity]) -> list[ProseQuantity]:
        """Numbers inside a name (Type 99, 9M55, Fire Dragon 480) are part of the name, not quantities."""
        spans = _Spans((m.start, m.end) for m in self.mentions)
        return [q for q in quantities if not spans.overlaps(q.start, q.end)]

    def _extra_counts(self) -> list[ProseQuantity]:
        """Counts prose writes without a counted noun: ``18 ZBL-09 IFVs``, ``600 Type 99s``, ``more than 1,000``."""
        from equipref.prose import _make, _number

        out: list[ProseQuantity] = []
        taken = _Spans([(q.start, q.end) for q in self.quantities] + [(m.start, m.end) for m in self.mentions])
        for m in self.mentions:
            window = self.text[max(0, m.start - 12) : m.start]
            found = _NUMBER_BEFORE_RE.search(window)
            if found is None:
                continue
            start = m.start - len(window) + found.start("num")
            value, readings = _number(found["num"])
            if found["num"].isdigit() and 1800 <= value <= 2100:
                continue  # "in 2019 PCL-181s...": a year
            if taken.overlaps(start, m.start):
                continue
            q = _make(self.text, start, m.start - 1, "count", value, noun="vehicles", readings=readings, precision=0.0)
            out.append(q.model_copy(update={"readings": (*q.readings, f"a count of {m.text}")}))
        for s in self.sentences:
            sentence = self.text[s.start : s.end]
            if not re.search(
                r"(?i)\b(?:such|these|those)\b[^.]{0,40}\b(?:vehicles|tanks|guns|howitzers|launchers|machines|systems)\b",
                sentence,
            ):
                continue
            for found in _BARE_NUMBER_RE.finditer(sentence):
                start, end = s.start + found.start("num"), s.start + found.end("num")
                if taken.overlaps(start, end):
                    continue
                value, readings = _number(found["num"])
                if found["num"].isdigit() and 1800 <= value <= 2100:
                    continue
                out.append(
                    _make(self.text, start, end, "count", value, noun="vehicles", readings=readings, precision=0.0)
                )
        return out

    def _comparison_from(self, s: _Sentence, index: int) -> int | None:
        """Where the comparison naming mention ``index`` begins to describe it (after "as", "of"...), or None."""
        # "the same chassis as the PLZ-05 ... and PGZ-09": a list goes on comparing, so walk back through it.
        for i in range(index, max(-1, index - 20), -1):
            m = s.mentions[i]
            floor = s.mentions[i - 1].end if i > 0 else s.start
            offset = max(floor, m.start - 60)
            window = self.text[offset : m.start]
            found = _COMPARATOR_RE.search(window)
            if found is not None:
                return offset + found.end(1)
            if i == 0 or not re.fullmatch(r"[^.;:]{0,50}?(?:,|\band\b|\bor\b|/)[^.;:]{0,20}", window):
                return None
        return None

    def _is_named_here(self, s: _Sentence, m: Mention) -> bool:
        window = self.text[max(s.start, m.start - 40) : m.start]
        return _NAMING_RE.search(window) is not None

    def _subjects(self) -> None:
        previous = _Subject(None, 99)
        first_named = next((s.index for s in self.sentences if s.mentions), None)
        document = self._document_subject()
        for s in self.sentences:
            s.comparators = {}
            for i in range(len(s.mentions)):
                cue_end = self._comparison_from(s, i)
                if cue_end is not None:
                    s.comparators[i] = cue_end
            sentence = self.text[s.start : s.end]
            plain = [m for i, m in enumerate(s.mentions) if i not in s.comparators]
            anaphor = _ANAPHOR_RE.search(sentence)
            # Only a pronoun that opens the sentence is its subject ("It is...", "In addition, this vehicle...");
            # "that it makes sense" further on is not.
            opening = _OPENING_RE.match(sentence)
            pronoun_at = s.start + opening.end(1) if opening and _ANAPHOR_RE.match(opening.group(2)) else None
            named = next((m for m in plain if self._is_named_here(s, m)), None)
            if named is not None:
                s.subject = _Subject(_Target.of(named), 0, f"about {named.text!r}, as the text names it")
            elif plain and (pronoun_at is None or plain[0].start < pronoun_at):
                s.subject = _Subject(self._list_or_one(s, plain), 0, f"the sentence is about {plain[0].text!r}")
            elif not s.mentions and _UNNAMED_RE.search(sentence) and not anaphor:
                s.subject = _Subject(_Target("unnamed", name="a system the text does not name"), 0, "")
            elif previous.target is not None and previous.age < 5:
                # A sentence that names the subject it carries renews it ("It ... the PHZ-11 ...").
                renewed = any(_Target.of(m).key == previous.target.key for m in plain)
                s.subject = _Subject(previous.target, 0 if renewed else previous.age + 1, previous.how)
            elif first_named is not None and s.index < first_named and document is not None:
                s.subject = _Subject(document, 0, f"the page's main subject ({document.named_as!r})")
            else:
                s.subject = _Subject(None, 99)
            if s.subject.target is not None and s.subject.target.kind == "unnamed":
                named_next = self._named_next(s)
                if named_next is not None:
                    s.subject = _Subject(named_next, 0, f"named in the next sentence ({named_next.named_as!r})")
            previous = s.subject

    def _list_or_one(self, s: _Sentence, plain: list[Mention]) -> _Target:
        first = _Target.of(plain[0])
        group = [plain[0]]
        for m in plain[1:]:
            gap = self.text[group[-1].end : m.start]
            if len(gap) <= 60 and re.search(r",|/|\band\b|\bor\b|、|和|及", gap) and not re.search(r"[.;:]", gap):
                if _Target.of(m).key not in {_Target.of(g).key for g in group}:
                    group.append(m)
                continue
            break
        if len(group) == 1:
            return first
        return _Target(
            "ambiguous",
            candidates=tuple(_Target.of(g) for g in group),
            named_as=self.text[group[0].start : group[-1].end],
        )

    def _named_next(self, s: _Sentence) -> _Target | None:
        for later in self.sentences[s.index + 1 : s.index + 3]:
            for m in later.mentions:
                if self._is_named_here(later, m):
                    return _Target.of(m)
        return None

    def _document_subject(self) -> _Target | None:
        counts = Counter(_Target.of(m).key for m in self.mentions)
        if not counts:
            return None
        common = counts.most_common(2)
        best, n = common[0]
        runner_up = common[1][1] if len(common) > 1 else 0
        if n < 2 or n < 2 * runner_up:
            return None
        return next(_Target.of(m) for m in self.mentions if _Target.of(m).key == best)

    def _clause(self, s: _Sentence, q: ProseQuantity) -> tuple[int, int]:
        start, end = s.start, s.end
        for m in _CLAUSE_BREAK_RE.finditer(self.text, s.start, s.end):
            if m.end() <= q.start:
                start = m.end()
            elif m.start() >= q.end:
                end = m.start()
                break
        return start, end

    def _attribute(self, s: _Sentence, q: ProseQuantity, bound: dict[int, int]) -> tuple[_Target | None, str]:
        text = self.text
        after = text[q.end : q.end + 40]
        if _COMPARATOR_NOUN_RE.match(after):
            return None, "describes a comparison the text does not name"
        # 1. Written against a name: "155 mm PCL-181", "PHZ-11 122mm", "120 km for the Tornado-S".
        for m in s.mentions:
            gap_after = text[q.end : m.start]
            gap_before = text[m.end : q.start]
            if m.start >= q.end and (
                re.fullmatch(r"[\s\-“”\"'「」『』]{0,3}", gap_after) or re.fullmatch(r"\s+for\s+(?:the\s+)?", gap_after)
            ):
                return _Target.of(m), f"written against {m.text!r}"
            if m.end <= q.start and re.fullmatch(r"[\s“”\"'()（「」]{0,3}", gap_before):
                return _Target.of(m), f"written against {m.text!r}"
        # 2. A relative clause belongs to the name just before it: "the Y-20, which has ... 60 tons".
        c_start, c_end = self._clause(s, q)
        if _RELATIVE_RE.match(text, c_start):
            before = [m for m in s.mentions if m.end <= c_start and c_start - m.end <= 40]
            if before:
                return _Target.of(before[-1]), f"in a clause about {before[-1].text!r}"
            return None, "in a clause about something the text does not name"
        # 3. The nearest name in the quantity's clause, then in its sentence (comparisons only within their clause).
        free = [(i, m) for i, m in enumerate(s.mentions) if bound.get(i, q.start) == q.start]
        # A compared name takes only what its comparison describes: "a brother of the 300-mm Tornado-S".
        in_clause = [
            (i, m)
            for i, m in free
            if c_start <= m.start < c_end and (i not in s.comparators or s.comparators[i] <= q.start < m.start)
        ]
        in_sentence = [(i, m) for i, m in free if i not in s.comparators and not (c_start <= m.start < c_end)]
        for pool, where in ((in_clause, "clause"), (in_sentence, "sentence")):
            if not pool:
                continue
            ranked = sorted(pool, key=lambda im: self._distance(q, im[1]))
            best = _Target.of(ranked[0][1])
            second = next((m for _, m in ranked[1:] if _Target.of(m).key != best.key), None)
            if second is not None and self._distance(q, second) <= 1.25 * self._distance(q, ranked[0][1]):
                both = (best, _Target.of(second))
                return _Target("ambiguous", candidates=both), f"two names fit equally in its {where}"
            return best, f"the nearest name in its {where} ({ranked[0][1].text!r})"
        # 4. The sentence's subject, named here or carried by a pronoun from before.
        clause = text[c_start:c_end]
        sentence = text[s.start : s.end]
        if re.search(r"(?i)\bboth\b", sentence) and s.comparators:
            compared = s.mentions[min(s.comparators)]
            return _Target.of(compared), f"'both': the text says it of {compared.text!r} too"
        role = self._role_anaphor(s)
        if role is not None:
            return role
        subject = s.subject
        if subject is None or subject.target is None:
            return None, "no name in or before its sentence"
        if q.kind == "count" and q.noun in ("vehicles", "people") and not _SUCH_RE.search(text[s.start : q.end]):
            listed = subject.target.kind == "ambiguous"
            told = bool(_EVENT_CUE.search(clause) or _DELIVERY_CUE.search(sentence)) or listed
            if q.noun == "people":
                told = _PEOPLE_CUE.search(sentence) is not None
            if (subject.age > 0 or not s.mentions) and not told:
                return None, "a count of things in general, not of a named system"
        target = subject.target
        if target.kind == "unnamed":
            return None, "about a system the text does not name"
        if target.kind == "ambiguous" and len(target.candidates) == 2:
            ordinal = _ORDINAL_RE.search(text[c_start:c_end])
            if ordinal is not None:
                pick = target.candidates[0 if ordinal["which"].casefold() in ("first", "one", "former") else 1]
                return pick, f"'{ordinal['which']}' of {target.named_as!r}"
        how = subject.how if subject.age == 0 else f"the subject of an earlier sentence ({subject.how})"
        return target, how

    def _role_anaphor(self, s: _Sentence) -> tuple[_Target, str] | None:
        """'The howitzer' with no name in the sentence: the latest catalog system of that role named just before."""
        if s.mentions:
            return None
        found = _ROLE_ANAPHOR_RE.search(self.text, s.start, s.end)
        if found is None:
            return None
        roles = _ROLE_NOUNS[found.group(1).casefold()]
        carried = s.subject.target if s.subject else None
        if carried is not None and carried.kind == "system" and carried.id:
            if self.catalog.system(carried.id).role in roles:
                return carried, f"{found.group(0)!r}: the {roles[0]} the text is about ({carried.named_as!r})"
        for earlier in reversed(self.sentences[max(0, s.index - 3) : s.index]):
            for m in reversed(earlier.mentions):
                if m.kind == "system" and m.id and self.catalog.system(m.id).role in roles:
                    return _Target.of(m), f"{found.group(0)!r}: the {roles[0]} named just before ({m.text!r})"
        return None

    def _distance(self, q: ProseQuantity, m: Mention) -> float:
        if m.end <= q.start:
            return float(q.start - m.end)
        return 1.5 * float(m.start - q.end)

    # -- the run ----------------------------------------------------------------------------------------

    def run(self, source_id: str | None, note: str) -> CheckReport:
        self._subjects()
        findings: list[Finding] = []
        for s in self.sentences:
            qs = self.in_sentence.get(s.index, [])
            if not qs:
                continue
            bound = self._bound(s, qs)
            for q in qs:
                findings.extend(self._findings(s, q, bound))
        used = sorted({f.sentence for f in findings})
        shown = tuple(
            Sentence.model_construct(
                index=i, start=self.sentences[i].start, end=self.sentences[i].end, text=self._sentence_text(i)
            )
            for i in used
        )
        unknown = sorted({f.unknown for f in findings if f.unknown})
        return CheckReport.model_construct(
            source=source_id,
            source_note=note,
            origins=tuple(sorted(self.own)),
            sentences=shown,
            findings=tuple(findings),
            unknown_names=tuple(unknown),
        )

    def _sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return " ".join(self.text[s.start : s.end].split())

    def _bound(self, s: _Sentence, qs: list[ProseQuantity]) -> dict[int, int]:
        """Names written against one quantity (``120 km for the Tornado-S``) are not candidates for others."""
        out: dict[int, int] = {}
        for i, m in enumerate(s.mentions):
            for q in qs:
                gap = self.text[q.end : m.start] if m.start >= q.end else None
                if gap is not None and re.fullmatch(r"\s+for\s+(?:the\s+)?|[\s\-“”\"']{0,3}", gap):
                    out[i] = q.start
                    break
        return out

    def _findings(self, s: _Sentence, q: ProseQuantity, bound: dict[int, int]) -> list[Finding]:
        kind_cue = self._year_cue(s, q) if q.kind in ("year", "period") else ""
        if q.kind in ("year", "period") and not kind_cue:
            return []
        target, reason = self._attribute(s, q, bound)
        if target is None:
            return []
        fields = self._fields(s, q, target, kind_cue)
        out = []
        for field_name, detail, value, precision in fields:
            out.append(self._judge(s, q, target, reason, field_name, detail, value, precision))
        return out

    def _year_cue(self, s: _Sentence, q: ProseQuantity) -> str:
        before = self.text[max(s.start, q.start - 70) : q.start]
        if _IN_SERVICE_CUE.search(before):
            return "in service"
        found = _YEAR_CUE.search(before)
        return found.group(0).split()[0].casefold() if found else ""

    # -- fields -----------------------------------------------------------------------------------------

    def _role(self, target: _Target) -> str | None:
        if target.kind == "system" and target.id:
            return self.catalog.system(target.id).role
        return None

    def _fields(
        self, s: _Sentence, q: ProseQuantity, target: _Target, year_cue: str
    ) -> list[tuple[Field, str, float, float]]:
        c_start, c_end = self._clause(s, q)
        clause = self.text[c_start:c_end]
        before = self.text[max(s.start, q.start - 50) : q.start]
        sentence = self.text[s.start : s.end]
        one: Field
        if q.kind == "length":
            if q.unit in ("mm", "cm", "in"):
                label = re.match(r"\s*([A-Za-z ]{3,20}):", sentence)
                near = self.text[max(c_start, q.start - 25) : min(c_end, q.end + 15)].replace(q.text, " ")
                if (label and _ARMOR_CUE.search(label.group(1))) or _ARMOR_CUE.search(near):
                    return [("other", "armour or dimension", q.value, q.precision)]
                return [("caliber", "", q.value, q.precision)]
            if _ELEVATION_CUE.search(clause):
                return [("other", "elevation", q.value, q.precision)]
            if _ROAD_CUE.search(clause):
                return [("other", "road range", q.value, q.precision)]
            artillery = self._role(target) in _ARTILLERY_ROLES or target.kind == "munition"
            cue = _RANGE_CUE.search(sentence) is not None
            if q.unit == "m" and q.value < 1000 and not cue:
                return [("other", "distance", q.value, q.precision)]
            if not (cue or artillery):
                return [("other", "distance", q.value, q.precision)]
            if q.low is not None:
                return [("min_range", "low end of a span", q.low, q.precision), ("max_range", "", q.value, q.precision)]
            one = "min_range" if _MIN_CUE.search(before) else "max_range"
            return [(one, "", q.value, q.precision)]
        if q.kind == "mass":
            tonnes = Measure(q.value, q.unit).m_as("t")
            near = self.text[max(c_start, q.start - 40) : min(c_end, q.end + 25)]
            if _NOT_VEHICLE_MASS.search(near) or not 1 <= tonnes <= 200:
                return [("other", "weight of something else (a round, a warhead, a load)", q.value, q.precision)]
            return [("weight", "", q.value, q.precision)]
        if q.kind == "count":
            # Quoted names ("Fire Dragon 280") are not words of the sentence: "Fire" there is no event.
            near = re.sub(r"[“\"][^”\"]{0,40}[”\"]", " ", self.text[max(s.start, q.start - 60) : q.end])
            if q.noun == "crew":
                return [("crew", "", q.value, 0.0)]
            if q.noun == "tubes":
                return [("tubes", "per vehicle or pod", q.value, 0.0)]
            if q.noun == "munitions":
                if _EVENT_CUE.search(near) and not _CAPABLE_RE.search(self.text[s.start : q.start]):
                    return [("numbers", "fired in an event, not an inventory", q.value, 0.0)]
                if q.text.casefold().split()[-1].startswith("round") and _ROUNDS_CUE.search(
                    self.text[q.start : q.end + 40]
                ):
                    return [("rounds", "", q.value, 0.0)]
                return [("tubes", "a load-out", q.value, 0.0)]
            if q.noun == "vehicles":
                if _EVENT_CUE.search(clause) or _EVENT_CUE.search(near):
                    return [("numbers", "seen or used in an event, not an inventory", q.value, 0.0)]
                if _TRANSPORT_CUE.search(near):
                    return [("numbers", "carried by a transport, not an inventory", q.value, 0.0)]
                return [("numbers", "", q.value, 0.0)]
            if q.noun.startswith("per "):
                return [("numbers", f"{q.noun}, not a total", q.value, 0.0)]
            if q.noun == "formations":
                return [("numbers", "formations equipped, not vehicles", q.value, 0.0)]
            if q.noun == "targets":
                return [("numbers", "targets in an event", q.value, 0.0)]
            if q.noun == "people":
                return [("other", "personnel carried", q.value, 0.0)]
            return [("other", q.noun, q.value, 0.0)]
        if q.kind == "year":
            if year_cue == "in service":
                return [("in_service", "", q.value, 0.0)]
            return [("other", f"year ({year_cue})", q.value, 0.0)]
        return [("other", _OTHER_LABELS.get(q.kind, q.kind), q.value, q.precision)]

    # -- verdicts ---------------------------------------------------------------------------------------

    def _judge(
        self,
        s: _Sentence,
        q: ProseQuantity,
        target: _Target,
        reason: str,
        field_name: Field,
        detail: str,
        value: float,
        precision: float,
    ) -> Finding:
        shown = q.shown if q.low is None or field_name not in ("min_range", "max_range") else f"{_fmt(value)} {q.unit}"
        base: dict[str, Any] = {
            "sentence": s.index,
            "start": q.start,
            "end": q.end,
            "quote": q.text,
            "value": shown,
            "hedge": q.hedge if field_name != "min_range" else None,
            "readings": q.readings,
            "field": field_name,
            "detail": detail,
            "named_as": target.named_as,
            "reason": reason,
        }
        if target.kind == "ambiguous":
            names = tuple(c.name for c in target.candidates)
            return Finding.model_construct(
                **base, candidates=names, verdict="ambiguous", explanation=f"could be about {' or '.join(names)}"
            )
        if target.kind == "unknown":
            return Finding.model_construct(
                **base,
                unknown=target.name,
                verdict="not in the catalog",
                explanation=f"{target.name} is not in the catalog",
            )
        system_id, about = self._system_and_about(target)
        system_name = self.catalog.system(system_id).name if system_id else None
        about_name = None
        if about is not None:
            about_name = (self.catalog.weapon(about) if target.kind == "weapon" else self.catalog.munition(about)).name
        base.update(system=system_id, system_name=system_name, about=about, about_name=about_name)
        if (
            field_name == "other"
            or detail.endswith(("not an inventory", "not a total", "not vehicles"))
            or detail == "targets in an event"
        ):
            what = detail or "this figure"
            return Finding.model_construct(
                **base, verdict="unchecked", explanation=f"the catalog keeps no field for {what}"
            )
        claims = self._claims(target, field_name, q, s)
        if not claims:
            if field_name == "caliber":
                return Finding.model_construct(**base, verdict="new", explanation=self._no_caliber_note(target))
            return Finding.model_construct(
                **base, verdict="new", explanation=f"the catalog has no {FIELD_LABELS[field_name]} claim here"
            )
        used = [self._use(c, where, field_name, value, precision, q) for c, where in claims]
        independent = [u for u in used if not u.this_text]
        agreeing = [u for u in independent if u.agrees]
        spread = self._spread(used, value, q, field_name)
        if not independent:
            return Finding.model_construct(
                **base, verdict="only this source", claims=tuple(used),
                explanation="every claim the catalog has for this comes from this text or what it retells",
            )  # fmt: skip
        if agreeing:
            origins_ = sorted({o for u in agreeing for o in u.origins} - self.own)
            return Finding.model_construct(
                **base, verdict="supported", claims=tuple(used), spread=spread,
                explanation=f"independently given by {', '.join(origins_)}",
            )  # fmt: skip
        others = sorted({u.value for u in independent}, key=lambda v: (float(v.split()[0]), v))
        return Finding.model_construct(
            **base, verdict="contested", claims=tuple(used), spread=spread,
            explanation=f"other origins give {', '.join(others)}",
        )  # fmt: skip

    def _systems_with(self, weapon_id: str | None = None, munition_id: str | None = None) -> tuple[str, ...]:
        out = []
        for system in self.catalog.systems():
            for a in system.armament:
                if (weapon_id and a.weapon == weapon_id) or (munition_id and munition_id in a.munitions):
                    out.append(system.id)
                    break
        return tuple(out)

    def _system_and_about(self, target: _Target) -> tuple[str | None, str | None]:
        if target.kind == "system":
            return target.id, None
        if target.kind == "weapon":
            return None, target.id  # a gun named on its own ("a copy of our 2A46M") is not one system's
        systems = self._systems_with(munition_id=target.id)
        return (systems[0] if len(systems) == 1 else None), target.id

    def _no_caliber_note(self, target: _Target) -> str:
        if target.kind != "system" or not target.id:
            return "the catalog has no caliber claim here"
        calibers = sorted(
            {
                str(c.value)
                for a in self.catalog.system(target.id).armament
                for c in self.catalog.weapon(a.weapon).caliber
            }
        )
        if not calibers:
            return "the catalog has no caliber claim for it"
        return f"no weapon of about this caliber on record for it (the catalog has {', '.join(calibers)})"

    def _context_caliber(self, s: _Sentence, q: ProseQuantity) -> float | None:
        """The caliber the text ties this figure to: in its clause, else its sentence (``370-mm ... 220 km``)."""
        if q.kind == "length" and q.unit in ("mm", "cm", "in"):
            return None
        mid = re.search(r"(\d{2,3})[ \u00a0]?-?(?:mm|毫米)", q.text)
        if mid:
            return float(mid.group(1))
        c_start, c_end = self._clause(s, q)
        pool = [x for x in self.in_sentence.get(s.index, []) if x.kind == "length" and x.unit in ("mm", "cm", "in")]
        in_clause = [x for x in pool if c_start <= x.start < c_end]
        chosen = in_clause or pool
        if not chosen:
            return None
        # A range follows the round it describes ("300mm rockets, with ranges of 70 to 150 km"): the caliber
        # written before it wins over one written after.
        before = [x for x in chosen if x.end <= q.start]
        nearest = before[-1] if before else min(chosen, key=lambda x: x.start - q.end)
        return Measure(nearest.value, nearest.unit).m_as("mm")

    def _claims(
        self, target: _Target, field_name: Field, q: ProseQuantity, s: _Sentence
    ) -> list[tuple[Claim[Any], str]]:
        catalog = self.catalog
        caliber = self._context_caliber(s, q)
        if target.kind == "system" and target.id:
            system = catalog.system(target.id)
            if field_name == "weight":
                return [(c, f"{system.name} combat weight") for c in system.combat_weight]
            if field_name == "crew":
                return [(c, f"{system.name} crew") for c in system.crew]
            if field_name == "numbers":
                return [(c, f"{system.name} numbers") for c in system.numbers]
            if field_name == "in_service":
                return [(c, f"{system.name} in service") for c in system.in_service]
            if field_name == "caliber":
                return self._caliber_claims(system, q)
            if field_name in ("tubes", "rounds"):
                out: list[tuple[Claim[Any], str]] = []
                for a in system.armament:
                    w = catalog.weapon(a.weapon)
                    if caliber is not None and not _near_caliber(w.caliber, caliber):
                        continue
                    out.extend((c, f"{system.name} {w.name}: rounds per vehicle") for c in a.rounds)
                    if field_name == "tubes":
                        out.extend((c, f"{w.name}: tubes") for c in w.tubes)
                return out
            munitions = [catalog.munition(m) for a in system.armament for m in a.munitions]
            return self._range_claims(munitions, field_name, caliber)
        if target.kind == "weapon" and target.id:
            weapon = catalog.weapon(target.id)
            if field_name == "caliber":
                return [(c, weapon.name) for c in weapon.caliber]
            if field_name == "tubes":
                return [(c, f"{weapon.name}: tubes") for c in weapon.tubes]
            if field_name in ("max_range", "min_range") and weapon.family:
                return self._range_claims([m for m in catalog.munitions if m.family == weapon.family], field_name, None)
            return []
        if target.kind == "munition" and target.id:
            munition = catalog.munition(target.id)
            if field_name == "caliber":
                return [(c, munition.name) for c in munition.caliber]
            return self._range_claims([munition], field_name, None)
        return []

    def _caliber_claims(self, system: System, q: ProseQuantity) -> list[tuple[Claim[Any], str]]:
        mm = Measure(q.value, q.unit).m_as("mm")
        out: list[tuple[Claim[Any], str]] = []
        seen: set[str] = set()
        for a in system.armament:
            w = self.catalog.weapon(a.weapon)
            if w.id in seen or not any(abs(c.value.m_as("mm") - mm) <= 0.15 * mm for c in w.caliber):
                continue
            seen.add(w.id)
            out.extend((c, w.name) for c in w.caliber)
        return out

    def _range_claims(
        self, munitions: Iterable[Any], field_name: Field, caliber: float | None
    ) -> list[tuple[Claim[Any], str]]:
        chosen = list(dict.fromkeys(munitions))
        if caliber is not None:
            fitting = [m for m in chosen if _near_caliber(self._munition_calibers(m), caliber)]
            chosen = fitting or chosen
        out: list[tuple[Claim[Any], str]] = []
        for m in chosen:
            claims = m.max_range if field_name == "max_range" else m.min_range
            out.extend((c, m.name) for c in claims)
        return out

    def _munition_calibers(self, munition: Any) -> list[Claim[Any]]:
        found = list(munition.caliber)
        for w in self.catalog.weapons:
            if w.family and w.family == munition.family:
                found.extend(w.caliber)
        return found

    def _use(
        self, claim: Claim[Any], where: str, field_name: Field, value: float, precision: float, q: ProseQuantity
    ) -> UsedClaim:
        claim_origins = origins(self.catalog, claim.sources)
        this_text = bool(self.own) and set(claim_origins) <= self.own
        if isinstance(claim.value, Measure):
            text_si = Measure(value, q.unit).si
            tolerance = Measure(precision, q.unit).si if precision > 0 else 0.0
            agrees = abs(claim.value.si - text_si) <= tolerance + 1e-9 * max(1.0, abs(text_si))
        else:
            agrees = claim.value == value or (q.per is not None and claim.value == q.per)
        return UsedClaim.model_construct(
            value=str(claim.value),
            hedge=claim.hedge,
            qualifier=claim.qualifier,
            on=where,
            sources=claim.sources,
            origins=claim_origins,
            agrees=agrees,
            this_text=this_text,
        )

    def _spread(self, used: list[UsedClaim], value: float, q: ProseQuantity, field_name: Field) -> str | None:
        if field_name in ("crew", "tubes", "rounds", "numbers", "in_service"):
            numbers = sorted({float(u.value) for u in used} | {value})
            return f"{_fmt(numbers[0])}–{_fmt(numbers[-1])}" if len(numbers) > 1 else None
        unit = q.unit
        values = sorted(
            {Measure.parse(u.value, "[mass]" if field_name == "weight" else "[length]").m_as(unit) for u in used}
            | {value}
        )
        if len(values) < 2:
            return None
        return f"{_fmt(values[0])}–{_fmt(values[-1])} {unit}"


class _Spans:
    """Short spans of text, sorted, for overlap tests in logarithmic time."""

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


def _near_caliber(claims: Iterable[Claim[Any]], mm: float) -> bool:
    return any(abs(c.value.m_as("mm") - mm) <= 0.02 * mm + 0.5 for c in claims)


def _fmt(value: float) -> str:
    rounded = round(value, 3)
    return str(int(rounded)) if float(rounded).is_integer() else f"{rounded:g}"

"""Quantities in running text: the forms articles write numbers in, read without ever evaluating anything.

The catalog's own grammar (`equipref.units`) is strict on purpose: one number, one unit, nothing else. Articles
are not like that: ``160 km``, ``122mm``, ``300-mm``, ``up to 500 km``, ``70 to 130 km``, ``70-130km``,
``40-barreled``, ``4.9 in``, ``220 miles``, ``1,500 m``, ``500 kilometres``, ``a crew of three``, ``eight 370mm
rockets``, ``two pods of 20 launchers``, ``300公里以上``, ``10枚``, ``120 км``. `scan` finds them and says how it
read each one (a comma as a thousands separator, "tons" as metric tonnes, a number word), so a reader can check.

Every pattern here is a linear regular expression: bounded repetitions, no nested quantifiers, no
backreferences, so scanning costs a bounded amount per character whatever the text. Input longer than
`MAX_TEXT` characters is refused before any pattern runs. Numbers are converted with `float` on plain digit
strings only; nothing is ever handed to pint's parser or to ``eval``.
"""

from __future__ import annotations

import bisect
import re
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

from equipref.errors import UsageError

__all__ = ["MAX_TEXT", "ProseQuantity", "scan", "sentences"]

#: The longest text `scan` (and ``equipref check``) reads: a long article is ~100 000 characters.
MAX_TEXT: Final = 1_000_000

Kind = Literal["length", "mass", "speed", "power", "time", "rate", "count", "year", "period", "configuration", "barrel"]


class ProseQuantity(BaseModel):
    """A quantity found in prose: where it is, what it says, and how it was read.

    ``value`` is the number (the high end of a span such as ``70 to 150 km``, whose low end is ``low``), in
    ``unit``: a catalog unit symbol for lengths and masses (``mm``, ``km``, ``t``...), a plain symbol for the
    rest (``km/h``, ``hp``, ``rpm``...), empty for counts and years. ``noun`` is what a count counts.
    ``per`` is the per-pod figure of a count written as pods times tubes (``two pods of 20`` is 40, per 20).
    ``precision`` is half a step of the last digit the text wrote (``160`` is ±5, ``18.7`` is ±0.05), capped
    at 5 % for round numbers (``500`` is ±25, not ±50). ``readings`` say every choice the scanner made.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    start: int
    end: int
    text: str
    kind: Kind
    value: float
    low: float | None = None
    unit: str = ""
    hedge: str | None = None
    noun: str = ""
    per: float | None = None
    precision: float = 0.0
    readings: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        """The value as a reader would write it: ``70–150 km``, ``122 mm``, ``40 (2 × 20)``, ``3``."""
        number = _fmt(self.value) if self.low is None else f"{_fmt(self.low)}–{_fmt(self.value)}"
        if self.kind == "configuration":
            return self.text
        if self.kind == "barrel":
            return f"L{_fmt(self.value)}"
        if self.kind == "period":
            return self.text
        if self.per is not None and self.value != self.per:
            number += f" ({_fmt(self.value / self.per)} × {_fmt(self.per)})"
        return f"{number} {self.unit}".strip()


def _fmt(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


# -- vocabulary ------------------------------------------------------------------------------------------

# (spelling, unit, kind, reading). Longest spellings are tried first; ASCII ones must end at a non-letter.
_UNITS: Final[tuple[tuple[str, str, Kind, str], ...]] = (
    ("millimetres", "mm", "length", ""),
    ("millimeters", "mm", "length", ""),
    ("millimetre", "mm", "length", ""),
    ("millimeter", "mm", "length", ""),
    ("mm", "mm", "length", ""),
    ("毫米", "mm", "length", ""),
    ("公厘", "mm", "length", ""),
    ("мм", "mm", "length", ""),
    ("centimetres", "cm", "length", ""),
    ("centimeters", "cm", "length", ""),
    ("centimetre", "cm", "length", ""),
    ("centimeter", "cm", "length", ""),
    ("cm", "cm", "length", ""),
    ("厘米", "cm", "length", ""),
    ("см", "cm", "length", ""),
    ("kilometres per hour", "km/h", "speed", ""),
    ("kilometers per hour", "km/h", "speed", ""),
    ("km per hour", "km/h", "speed", ""),
    ("km/h", "km/h", "speed", ""),
    ("kph", "km/h", "speed", ""),
    ("км/ч", "km/h", "speed", ""),
    ("公里/小時", "km/h", "speed", ""),
    ("公里/小时", "km/h", "speed", ""),
    ("miles per hour", "mph", "speed", ""),
    ("mph", "mph", "speed", ""),
    ("m/s", "m/s", "speed", ""),
    ("ft./s", "ft/s", "speed", ""),
    ("ft/s", "ft/s", "speed", ""),
    ("knots", "kn", "speed", ""),
    ("kilometres", "km", "length", ""),
    ("kilometers", "km", "length", ""),
    ("kilometre", "km", "length", ""),
    ("kilometer", "km", "length", ""),
    ("kms", "km", "length", ""),
    ("km", "km", "length", ""),
    ("公里", "km", "length", ""),
    ("千米", "km", "length", ""),
    ("километров", "km", "length", ""),
    ("километра", "km", "length", ""),
    ("км", "km", "length", ""),
    ("nautical miles", "nmi", "length", ""),
    ("nautical mile", "nmi", "length", ""),
    ("nmi", "nmi", "length", ""),
    ("海浬", "nmi", "length", ""),
    ("海里", "nmi", "length", ""),
    ("miles", "mi", "length", ""),
    ("mile", "mi", "length", ""),
    ("mi", "mi", "length", ""),
    ("英里", "mi", "length", ""),
    ("metres", "m", "length", ""),
    ("meters", "m", "length", ""),
    ("metre", "m", "length", ""),
    ("meter", "m", "length", ""),
    ("公尺", "m", "length", ""),
    ("米", "m", "length", ""),
    ("метров", "m", "length", ""),
    ("inches", "in", "length", ""),
    ("inch", "in", "length", ""),
    ("feet", "ft", "length", ""),
    ("foot", "ft", "length", ""),
    ("ft", "ft", "length", ""),
    ("metric tonnes", "t", "mass", ""),
    ("metric tons", "t", "mass", ""),
    ("metric ton", "t", "mass", ""),
    ("tonnes", "t", "mass", ""),
    ("tonne", "t", "mass", ""),
    ("tons", "t", "mass", "'tons' read as metric tonnes (a short ton is 0.907 t)"),
    ("ton", "t", "mass", "'ton' read as a metric tonne (a short ton is 0.907 t)"),
    ("噸", "t", "mass", ""),
    ("吨", "t", "mass", ""),
    ("тонн", "t", "mass", ""),
    ("kilograms", "kg", "mass", ""),
    ("kilogram", "kg", "mass", ""),
    ("kilos", "kg", "mass", ""),
    ("kg", "kg", "mass", ""),
    ("公斤", "kg", "mass", ""),
    ("千克", "kg", "mass", ""),
    ("кг", "kg", "mass", ""),
    ("pounds", "lb", "mass", ""),
    ("pound", "lb", "mass", ""),
    ("lbs", "lb", "mass", ""),
    ("lb", "lb", "mass", ""),
    ("horsepower", "hp", "power", ""),
    ("bhp", "hp", "power", ""),
    ("hp", "hp", "power", ""),
    ("kW", "kW", "power", ""),
    ("л.с.", "hp", "power", ""),
    ("马力", "hp", "power", ""),
    ("馬力", "hp", "power", ""),
    ("rounds per minute", "rpm", "rate", ""),
    ("rounds a minute", "rpm", "rate", ""),
    ("shots per minute", "rpm", "rate", ""),
    ("rounds/min", "rpm", "rate", ""),
    ("rds/min", "rpm", "rate", ""),
    ("rpm", "rpm", "rate", ""),
    ("seconds", "s", "time", ""),
    ("second", "s", "time", ""),
    ("secs", "s", "time", ""),
    ("sec", "s", "time", ""),
    ("minutes", "min", "time", ""),
    ("minute", "min", "time", ""),
    ("hours", "h", "time", ""),
    ("hour", "h", "time", ""),
    ("秒", "s", "time", ""),
    ("分钟", "min", "time", ""),
    ("分鐘", "min", "time", ""),
    # One-letter symbols last: they only count when nothing longer fits and no letter follows.
    ("m", "m", "length", ""),
    ("t", "t", "mass", ""),
    ("s", "s", "time", ""),
)
_UNIT_BY_SPELLING: Final = {spelling.casefold(): (unit, kind, reading) for spelling, unit, kind, reading in _UNITS}
# Case matters for a few symbols: "M" is not a metre, "T" not a tonne, "kW" is a unit but "KW" a calendar week.
_CASE_SENSITIVE: Final = {"m", "t", "s", "mi", "kW", "km", "mm", "cm", "ft", "kg", "lb", "lbs", "hp"}

_WORDS: Final = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12,
}  # fmt: skip
_CJK_DIGITS: Final = {"一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# Words before a number that say how sure or how bounded it is, mapped to the catalog's hedges.
_HEDGES: Final = {
    "up to": "up to", "up-to": "up to", "as much as": "up to", "as far as": "up to", "out to": "up to",
    "a maximum of": "up to", "maximum of": "up to", "до": "up to", "可达": "up to", "可達": "up to",
    "增加至": "up to", "至": "up to",
    "more than": "more than", "over": "more than", "in excess of": "more than", "exceeding": "more than",
    "upwards of": "more than", "超过": "more than", "超過": "more than", "逾": "more than", "более": "more than",
    "свыше": "more than",
    "at least": "at least", "no less than": "at least", "not less than": "at least", "минимум": "at least",
    "less than": "less than", "under": "less than", "below": "less than", "fewer than": "less than",
    "nearly": "nearly", "almost": "nearly", "почти": "nearly", "近": "nearly",
    "about": "about", "around": "about", "approximately": "about", "approx.": "about", "roughly": "about",
    "some": "about", "circa": "about", "c.": "about", "~": "about", "约": "about", "約": "about", "около": "about",
    "порядка": "about", "an estimated": "about", "estimated": "about",
}  # fmt: skip
_HEDGE_AFTER: Final = {"以上": "more than", "余": "more than", "多": "more than", "左右": "about", "+": "at least"}

# What a count counts; the first word of each group is the group's name.
COUNT_NOUNS: Final[dict[str, tuple[str, ...]]] = {
    "tubes": (
        "transport and launch containers", "transport-launch containers", "launch tubes", "launching tubes", "launch rails", "missile guides", "launch guides", "launch containers",
        "tubes", "tube", "barrels", "barrel", "rails", "guides", "containers", "canisters", "cells",
    ),
    "munitions": (
        "rockets", "rocket", "missiles", "missile", "rounds", "round", "shells", "projectiles", "munitions",
    ),
    "vehicles": (
        "combat vehicles", "armoured vehicles", "armored vehicles", "vehicles", "vehicle", "launchers", "launcher",
        "tanks", "tank", "howitzers", "howitzer", "systems", "machines", "units", "guns", "pieces", "platforms",
        "IFVs", "APCs", "SPHs", "FSVs", "MBTs", "MRLs", "MLRSs",
    ),
    "crew": ("crew members", "crewmen", "crewmembers", "squad members", "crew"),
    "people": (
        "assault personnel", "personnel", "troops", "soldiers", "dismounts", "passengers", "infantrymen",
        "paratroopers", "servicemen", "men",
    ),
    "formations": (
        "group armies", "brigades", "battalions", "batteries", "regiments", "divisions", "companies",
    ),
    "targets": ("targets",),
    "pods": ("launch pods", "pods", "pod", "packages", "package", "modules", "module", "boxes"),
}  # fmt: skip
_GROUP_OF: Final = {noun.casefold(): group for group, nouns in COUNT_NOUNS.items() for noun in nouns}
_CJK_COUNTERS: Final = {"枚": "munitions", "輛": "vehicles", "辆": "vehicles",
                        "門": "vehicles", "门": "vehicles", "管": "tubes", "人": "people", "名": "people"}  # fmt: skip

# -- patterns (all linear: bounded repetitions, no nesting) -----------------------------------------------

_DIGITS = r"(?:\d{1,3}(?:,\d{3}){1,4}(?![\d])|\d{1,12})(?:\.\d{1,6})?|\.\d{1,6}"
_WORD_ALT = "|".join(sorted((re.escape(w) for w in _WORDS), key=len, reverse=True))
_NUMBER = rf"(?:{_DIGITS}|(?i:\b(?:{_WORD_ALT})\b))"
# Not preceded by a Latin letter or digit (a designation such as PHL-191 or Thunder-2025A) or a decimal point.
_BEFORE = r"(?<![A-Za-z0-9_.,/])(?<![A-Za-z]-)(?<![A-Za-z] -)"
_UNIT_ALT = "|".join(re.escape(s) for s, *_ in sorted(_UNITS, key=lambda u: len(u[0]), reverse=True))
_SEP = r"(?:[ \u00a0]?[-‐‑][ \u00a0]?|[ \u00a0])?"
_UNIT_END = r"(?![A-Za-z])"
_QUANTITY_RE: Final = re.compile(
    rf"{_BEFORE}(?P<low>{_NUMBER})(?:{_SEP}(?P<lowunit>{_UNIT_ALT}){_UNIT_END})?"
    rf"(?:[ \u00a0]?(?P<join>-|–|—|－|~|to|and|至|到)[ \u00a0]?(?P<high>{_DIGITS}))?"
    rf"{_SEP}(?P<unit>{_UNIT_ALT}){_UNIT_END}(?P<suffix>-(?:class|caliber|calibre|long|wide|thick))?",
    re.IGNORECASE,
)
# "in" is a unit only where it cannot be the preposition: before punctuation, the end, or a gun word.
_INCH_RE: Final = re.compile(
    rf"{_BEFORE}(?P<num>{_DIGITS})[ \u00a0]?(?:in\.?|″|\")(?=\s*(?:[),;:\]]|\.(?:\s|$)|$|(?:gun|guns|howitzer|cannon|"
    r"mortar|rockets?|shells?|calibre|caliber|barrel)\b))",
)
_CARTRIDGE_RE: Final = re.compile(
    r"(?<![\d.])\d{1,2}(?:\.\d{1,2})?[ \u00a0]?[x×][ \u00a0]?\d{2,3}(?:[ \u00a0]?mm)?(?!\d)"
)
_CONFIG_RE: Final = re.compile(r"(?<![\w.])(?P<a>[2-9]|1[0-2])[ \u00a0]?[x×][ \u00a0]?(?P<b>[2-9]|1[0-2])(?![\w.])")
_AXLE_RE: Final = re.compile(rf"(?i:\b(?P<n>{_WORD_ALT}|[2-9])[- ]axle\b)")
_BARREL_RE: Final = re.compile(
    r"(?<![A-Za-z0-9])L[ \u00a0]?/?[ \u00a0]?(?P<n>[1-9]\d)(?![\w])|(?<![\w.])(?P<m>[1-9]\d)[- ]calib(?:re|er) (?:gun|barrel|howitzer|cannon)"
)
_YEAR_RE: Final = re.compile(r"(?<![A-Za-z0-9.,/-])(?P<year>1[89]\d\d|20\d\d)(?![\d])(?!['’]?s\b)(?!-\d)")
_DECADE_RE: Final = re.compile(
    r"(?i:(?P<part>early|mid|late|first half of the|second half of the)[- ]?)?(?<![\d])(?P<decade>1[89]\d0|20\d0)['’]?s\b"
)
_CREW_RE: Final = re.compile(
    rf"(?i:\bcrews?\s+(?:of|to|is|was|numbers|:)\s+(?:just\s+|only\s+)?(?P<n1>{_NUMBER}))"
    rf"|(?i:\b(?P<n2>{_NUMBER})[- ](?:man|person|member)[- ]crew\b)"
    rf"|(?i:\bcrew:?\s+(?P<n3>\d{{1,2}})(?![\w.,]))"
    r"|(?:乘员|乘員|编制|編制)(?P<n4>\d{1,2}|[一二两兩三四五六七八九十])人",
)
_STOP = r"(?:and|or|but|of|in|on|at|from|by|per|than|the|a|an|to|with|for|as|is|are|was|were|rows?)\b"
_ADJ = rf"(?:[\"“][A-Za-z0-9 \-]{{1,30}}[\"”][ \u00a0])?(?:(?!{_STOP})[A-Za-z][A-Za-z\-]{{0,30}}[ \u00a0]){{0,3}}"
_CALIBER_INSIDE = rf"(?:(?:{_DIGITS})[ \u00a0]?[-]?(?:mm|毫米)[ \u00a0]+)?"
_NOUN_ALT = "|".join(sorted((re.escape(n) for n in _GROUP_OF), key=len, reverse=True))
_COUNT_RE: Final = re.compile(
    rf"{_BEFORE}(?<!Type )(?<!TYPE )(?<!type )(?P<num>{_NUMBER})(?:[ \u00a0]+(?:such|of these|of those|of them)?[ \u00a0]?)?"
    rf"(?P<mid>{_CALIBER_INSIDE}{_ADJ})[\"“”']?(?P<noun>{_NOUN_ALT})[\"“”']?(?![A-Za-z])",
    re.IGNORECASE,
)
_BARRELED_RE: Final = re.compile(
    rf"{_BEFORE}(?P<num>{_NUMBER})-(?:barrel(?:l?ed)?|tube|round|rail|cell)s?\b", re.IGNORECASE
)
_PODS_RE: Final = re.compile(
    rf"{_BEFORE}(?P<pods>{_NUMBER})[ \u00a0]+[\"“”']?(?:launch[ \u00a0])?(?:pods|packages|modules|boxes)[\"“”']?"
    rf"[ \u00a0]+(?:of|with)[ \u00a0]+(?P<each>\d{{1,3}}|{_WORD_ALT})[ \u00a0]+{_ADJ}"
    r"(?P<noun>tubes|launchers|guides|rails|rockets|missiles|containers|barrels|cells)\b",
    re.IGNORECASE,
)
_PER_RE: Final = re.compile(
    rf"{_BEFORE}(?P<num>{_DIGITS})[ \u00a0]+per[ \u00a0]+(?:[A-Za-z\-]{{1,20}}[ \u00a0]){{0,2}}"
    r"(?P<unit>division|brigade|battalion|battery|regiment|company|army)\b",
    re.IGNORECASE,
)
_CJK_COUNT_RE: Final = re.compile(
    r"(?<![A-Za-z0-9.])(?P<num>\d{1,5}|[一二兩两三四五六七八九]?十?[一二兩两三四五六七八九]?)(?P<counter>[枚輛辆門门管人名])"
)
_SKIP_AFTER_RE: Final = re.compile(
    r"[ \u00a0]?(?:%|percent|per cent|million|billion|trillion|thousand|万|萬|亿|億|百万|st\b|nd\b|rd\b|th\b)",
    re.IGNORECASE,
)
_HEDGE_ALT = "|".join(sorted((re.escape(h) for h in _HEDGES), key=len, reverse=True))
_HEDGE_BEFORE_RE: Final = re.compile(rf"(?<![A-Za-z])(?:{_HEDGE_ALT})[ \u00a0]?(?:of[ \u00a0])?$", re.IGNORECASE)
_HEDGE_AFTER_RE: Final = re.compile(r"[ \u00a0]?(以上|余|多|左右|\+)")


def scan(text: str) -> tuple[ProseQuantity, ...]:
    """Every quantity in ``text``, in order of position, each with how it was read.

    >>> [q.shown for q in scan("It fires 122mm rockets up to 40 km; a crew of three.")]
    ['122 mm', '40 km', '3']
    >>> q = scan("ranges of 70 to 150 kilometers")[0]
    >>> (q.low, q.value, q.unit)
    (70.0, 150.0, 'km')
    >>> scan("1,500 m")[0].readings
    ("',' read as a thousands separator",)

    Raises `UsageError` for text longer than `MAX_TEXT` characters.
    """
    if len(text) > MAX_TEXT:
        raise UsageError(f"the text is {len(text):,} characters long; at most {MAX_TEXT:,} are read")
    found: list[ProseQuantity] = []
    taken = _Taken()
    for m in _CARTRIDGE_RE.finditer(text):
        taken.add(m.start(), m.end(), "cartridge")

    def add(q: ProseQuantity | None) -> None:
        # "a crew of 0" or "0-barreled" states no figure: a zero or negative reading is never a quantity.
        if q is not None and q.value > 0 and taken.free(q):
            found.append(q)
            taken.add(q.start, q.end, q.kind)

    for m in _CONFIG_RE.finditer(text):
        add(_make(text, m.start(), m.end(), "configuration", float(m["a"]), reading="a wheel arrangement"))
    for m in _AXLE_RE.finditer(text):
        add(_make(text, m.start(), m.end(), "configuration", _number(m["n"])[0], reading="a number of axles"))
    for m in _BARREL_RE.finditer(text):
        add(_make(text, m.start(), m.end(), "barrel", float(m["n"] or m["m"]), reading="a barrel length in calibres"))
    for m in _PODS_RE.finditer(text):
        pods, each = _number(m["pods"])[0], _number(m["each"])[0]
        q = _make(text, m.start(), m.end(), "count", pods * each, noun="tubes", precision=0.0)
        add(q.model_copy(update={"per": each, "readings": (*q.readings, f"{_fmt(pods)} × {_fmt(each)} {m['noun']}")}))
    for m in _DECADE_RE.finditer(text):
        add(_make(text, m.start(), m.end(), "period", float(m["decade"]), reading="a decade, not a year"))
    for m in _QUANTITY_RE.finditer(text):
        add(_unit_quantity(text, m))
    for m in _INCH_RE.finditer(text):
        value, readings = _number(m["num"])
        if value > 0:
            add(_make(text, m.start(), m.end(), "length", value, unit="in", readings=readings))
    for m in _CREW_RE.finditer(text):
        number = m["n1"] or m["n2"] or m["n3"] or m["n4"]
        value, readings = _number(number)
        add(_make(text, m.start(), m.end(), "count", value, noun="crew", readings=readings, precision=0.0))
    for m in _BARRELED_RE.finditer(text):
        value, readings = _number(m["num"])
        add(_make(text, m.start(), m.end(), "count", value, noun="tubes", readings=readings, precision=0.0))
    for m in _PER_RE.finditer(text):
        value, readings = _number(m["num"])
        q = _make(text, m.start(), m.end(), "count", value, noun="per " + m["unit"].lower(), readings=readings)
        add(q.model_copy(update={"precision": 0.0}))
    for m in _COUNT_RE.finditer(text):
        add(_count(text, m))
    for m in _CJK_COUNT_RE.finditer(text):
        if not m["num"]:
            continue
        value, readings = _number(m["num"])
        if value <= 0:
            continue
        noun = _CJK_COUNTERS[m["counter"]]
        add(_make(text, m.start(), m.end(), "count", value, noun=noun, readings=readings, precision=0.0))
    for m in _YEAR_RE.finditer(text):
        add(_make(text, m.start(), m.end(), "year", float(m["year"]), precision=0.0))
    return _fold_conversions(text, sorted(found, key=lambda q: (q.start, q.end)))


class _Taken:
    """The spans already read, sorted by start, so each new figure is checked in logarithmic time."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.spans: list[tuple[int, int, str]] = []
        self.longest = 0

    def add(self, start: int, end: int, kind: str) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.spans.insert(i, (start, end, kind))
        self.longest = max(self.longest, end - start)

    def free(self, q: ProseQuantity) -> bool:
        # A count may hold a caliber ("eight 370mm rockets"); nothing else may overlap.
        i = bisect.bisect_left(self.starts, q.end)
        while i > 0 and self.spans[i - 1][0] >= q.start - self.longest:
            a, b, kind = self.spans[i - 1]
            i -= 1
            if b <= q.start or a >= q.end:
                continue
            if q.kind == "count" and kind == "length" and q.start < a and b <= q.end:
                continue
            return False
        return True


_CONVERSION_GAP: Final = re.compile(
    r"[ \u00a0]*\([ \u00a0]*(?:about|approx\.?|approximately|some|roughly|~|c\.)?[ \u00a0]*"
)
_CONVERSION_END: Final = re.compile(r"[ \u00a0.]*\)")


def _fold_conversions(text: str, found: list[ProseQuantity]) -> tuple[ProseQuantity, ...]:
    """``15.3 km (9.5 mi)`` is one figure written twice: keep the first, note the conversion as a reading."""
    out: list[ProseQuantity] = []
    for q in found:
        if out and q.kind == out[-1].kind and q.kind in ("length", "mass", "speed", "power") and q.unit != out[-1].unit:
            gap = _CONVERSION_GAP.fullmatch(text, out[-1].end, q.start)
            if gap is not None and _CONVERSION_END.match(text, q.end):
                first = out[-1]
                out[-1] = first.model_copy(update={"readings": (*first.readings, f"also written as {q.text}")})
                continue
        out.append(q)
    return tuple(out)


def _unit_quantity(text: str, m: re.Match[str]) -> ProseQuantity | None:
    spelling = m["unit"]
    info = _UNIT_BY_SPELLING.get(spelling.casefold())
    if info is None or (spelling.casefold() in _CASE_SENSITIVE and spelling not in _CASE_VARIANTS):
        return None
    unit, kind, reading = info
    if len(spelling) == 1 and not text[m.start("unit") - 1].isspace() and spelling in "s":
        return None  # "1990s" is a decade, not 1990 seconds
    if _SKIP_AFTER_RE.match(text, m.end("low")) and m["high"] is None and m["lowunit"] is None:
        return None
    high_text = m["high"]
    join = m["join"]
    if high_text is not None and join is not None and join.lower() == "and":
        # "between 90 and 100 kg" is a span; "16 and 20 km" on its own is two figures, not one.
        if not re.search(r"(?i)\bbetween[ \u00a0]+$", text[max(0, m.start() - 12) : m.start()]):
            return None
    low_value, readings = _number(m["low"])
    if m["lowunit"] is not None:
        low_info = _UNIT_BY_SPELLING.get(m["lowunit"].casefold())
        if low_info is None or low_info[1] != kind or low_info[0] != unit:
            if high_text is None:
                return None
            return None  # "20 km to 30 mi": two units in one span is not a form articles use; leave it
    if high_text is not None:
        high_value, more = _number(high_text)
        readings = (*readings, *more)
        if not 0 < low_value < high_value:
            return None
        value, low = high_value, low_value
    else:
        value, low = low_value, None
    if value <= 0:
        return None
    if len(spelling) == 1 and not text[m.end() :].strip() and re.search(r"[.!?]\s", text[: m.start()]):
        return None  # a longer text stops right after a one-letter "unit": a word cut off ("...with 20 t")
    if reading:
        readings = (*readings, reading)
    q = _make(text, m.start(), m.end(), kind, value, unit=unit, readings=readings, number=high_text or m["low"])
    update: dict[str, object] = {"low": low}
    if m["suffix"] and m["suffix"].lower() == "-class":
        update["hedge"] = "about"
        update["readings"] = (*q.readings, "a weight class, read as approximate")
    return q.model_copy(update=update)


_CASE_VARIANTS: Final = {s for s, *_ in _UNITS} | {"Km", "KM", "MM", "Kg", "KG", "HP", "Hp", "Mi", "LBS", "Lbs", "Ft"}


_NOT_ADJECTIVES: Final = frozenset(
    "and or but of in on at from by per than the a an to with for as is are was were be been has have had "
    "about what which that these those this its their it rows row years year days months times".split()
)


_LONG_NOUNS: Final = tuple(sorted((n for n in _GROUP_OF if " " in n), key=len, reverse=True))


def _count(text: str, m: re.Match[str]) -> ProseQuantity | None:
    noun = m["noun"]
    group = _GROUP_OF[noun.casefold()]
    if _SKIP_AFTER_RE.match(text, m.end("num")):
        return None
    value, readings = _number(m["num"])
    if value <= 0 or (m["num"].casefold() == "one" and group not in ("vehicles", "tubes", "munitions")):
        return None
    if re.search(r"(?i)\brows?[ \u00a0]+of[ \u00a0]*$", text[max(0, m.start() - 10) : m.start()]):
        return None  # "four rows of five tubes": a layout, not a count of the whole
    mid = (m["mid"] or "").strip()
    phrase = f"{mid} {noun}".casefold()
    longer = next((n for n in _LONG_NOUNS if phrase.endswith(n)), None)
    if longer is not None:
        mid = phrase[: -len(longer)].strip()
    if any(word.casefold() in _NOT_ADJECTIVES for word in mid.split()):
        return None  # "16 and 20 tubes", "four rows of five tubes": the number does not count the noun
    if m["num"].isdigit() and 1800 <= value <= 2100 and mid:
        return None  # "in 2023 about what weapons systems": a year, not a count
    return _make(text, m.start(), m.end(), "count", value, noun=group, readings=readings, precision=0.0)


def _number(token: str) -> tuple[float, tuple[str, ...]]:
    """The value of a number as prose writes it, and how it was read (never via an evaluator)."""
    word = token.strip().casefold()
    if word in _WORDS:
        return float(_WORDS[word]), (f"number word {token.strip()!r}",)
    if word and all(ch in _CJK_DIGITS or ch == "十" for ch in word):
        return float(_cjk_number(word)), (f"Chinese numeral {token!r}",)
    if "," in token:
        return float(token.replace(",", "")), ("',' read as a thousands separator",)
    return float(token), ()


def _cjk_number(word: str) -> int:
    if "十" not in word:
        return _CJK_DIGITS.get(word, 0) if len(word) == 1 else 0
    tens, _, ones = word.partition("十")
    return (_CJK_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CJK_DIGITS.get(ones, 0) if ones else 0)


def _precision(number: str, value: float) -> float:
    digits = number.replace(",", "").strip()
    if not digits or not (digits[0].isdigit() or digits[0] == "."):
        return 0.0
    if "." in digits:
        return 0.5 * 10.0 ** -len(digits.split(".", 1)[1])
    zeros = len(digits) - len(digits.rstrip("0"))
    return max(0.5, min(0.5 * 10**zeros, 0.05 * value)) if zeros else 0.5


def _make(
    text: str,
    start: int,
    end: int,
    kind: Kind,
    value: float,
    *,
    unit: str = "",
    noun: str = "",
    reading: str = "",
    readings: tuple[str, ...] = (),
    precision: float | None = None,
    number: str | None = None,
) -> ProseQuantity:
    hedge = _hedge_before(text, start)
    after = _HEDGE_AFTER_RE.match(text, end)
    if after is not None:
        hedge = _HEDGE_AFTER[after.group(1)]
        end = after.end()
    if precision is None:
        precision = _precision(number if number is not None else text[start:end], value)
    return ProseQuantity.model_construct(
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        value=float(value),  # not validated (built here from what the scanner read), so made float here
        unit=unit,
        hedge=hedge,
        noun=noun,
        precision=float(precision),
        readings=(*readings, reading) if reading else readings,
    )


def _hedge_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 24) : start]
    m = _HEDGE_BEFORE_RE.search(window)
    if m is None:
        return None
    phrase = re.sub(r"[ \u00a0]?(?:of[ \u00a0])?$", "", m.group(0)).strip().casefold()
    return _HEDGES.get(phrase)


# -- sentences -------------------------------------------------------------------------------------------

_END_RE: Final = re.compile(r"(?<=[.!?])[\"”’)\]]{0,3}[ \t\u00a0]+(?=[\"“‘(\[]?[A-Z0-9\u4e00-\u9fff])|(?<=[。！？；])")
_ABBREVIATIONS: Final = frozenset(
    "mr mrs ms dr st gen col lt sgt maj capt cmdr adm prof approx no vs e.g i.e etc u.s u.k jan feb mar apr jun "
    "jul aug sep sept oct nov dec inc corp ltd co".split()
)
_TERMINAL: Final = tuple('.!?。！？；:："”)')


def sentences(text: str) -> tuple[tuple[int, int, int], ...]:
    """The sentences of ``text`` as ``(start, end, paragraph)``, in order; linear in the length of the text.

    A blank line starts a paragraph. A line break ends a sentence when the line is short (a heading, a caption,
    a ``Caliber: 122mm`` line of a specification list) or ends in punctuation; a long line that stops mid-sentence
    runs on into the next (hard-wrapped text). Inside a line, sentences end at ``.``, ``!`` or ``?`` followed by a
    capital or digit (not after ``U.S.``, ``approx.`` or an initial), and after ``。``, ``！``, ``？`` and ``；``.

    >>> text = "The PHL-16 is new. It fires 370 mm rockets.\\n\\nCaliber: 122mm\\nWeight: 16 t"
    >>> [text[a:b] for a, b, _ in sentences(text)]
    ['The PHL-16 is new.', 'It fires 370 mm rockets.', 'Caliber: 122mm', 'Weight: 16 t']
    """
    out: list[tuple[int, int, int]] = []
    paragraph = 0
    segment_start: int | None = None
    position = 0
    blank = False
    for line in text.splitlines(keepends=True):
        start, end = position, position + len(line.rstrip("\r\n"))
        position += len(line)
        stripped = line.strip()
        if not stripped:
            if segment_start is not None:
                _split(text, segment_start, start, paragraph, out)
                segment_start = None
            blank = True
            continue
        if blank and out:
            paragraph += 1
        blank = False
        if segment_start is None:
            segment_start = start
        if len(stripped) < 60 or stripped.endswith(_TERMINAL):
            _split(text, segment_start, end, paragraph, out)
            segment_start = None
    if segment_start is not None:
        _split(text, segment_start, len(text), paragraph, out)
    return tuple(out)


def _split(text: str, start: int, end: int, paragraph: int, out: list[tuple[int, int, int]]) -> None:
    begin = start
    for m in _END_RE.finditer(text, start, end):
        before = text[max(begin, m.start() - 12) : m.start()].rstrip('"”’)]').rstrip(".")
        word = re.split(r"[\s(\"“]", before)[-1].casefold()
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        _add(text, begin, m.start(), paragraph, out)
        begin = m.end()
    _add(text, begin, end, paragraph, out)


#: A "sentence" longer than this is cut at a space: real sentences are shorter, and attribution looks at a
#: sentence's names once per figure, so its cost must not grow with a text that never ends a sentence.
MAX_SENTENCE: Final = 800


def _add(text: str, start: int, end: int, paragraph: int, out: list[tuple[int, int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        out.append((start, cut, paragraph))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append((start, end, paragraph))

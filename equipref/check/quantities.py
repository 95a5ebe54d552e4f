"""Reading quantities in running text: the forms articles write numbers in, read without evaluating anything.

The catalog's own grammar (`equipref.units`) is strict on purpose: one number, one unit, nothing else. Articles
are not like that: ``160 km``, ``122mm``, ``300-mm``, ``up to 500 km``, ``70 to 130 km``, ``70-130km``,
``40-barreled``, ``4.9 in``, ``220 miles``, ``1,500 m``, ``500 kilometres``, ``a crew of three``, ``eight 370mm
rockets``, ``two pods of 20 launchers``, ``300公里以上``, ``10枚``, ``120 км``. `scan` finds them and says how it
read each one (a comma as a thousands separator, "tons" as metric tonnes, a number word), so a reader can check.
The units, number words, hedges and counted nouns of each language are data (`equipref.check.language`).

Every pattern here is a linear regular expression: bounded repetitions, no nested quantifiers, no
backreferences, so scanning costs a bounded amount per character whatever the text. Input longer than
`MAX_TEXT` characters is refused before any pattern runs.
"""

from __future__ import annotations

import bisect
import re
from typing import Final, Literal, cast, get_args

from pydantic import BaseModel, ConfigDict

from equipref.check.language import vocabulary
from equipref.check.numbers import DIGITS as _DIGITS
from equipref.check.numbers import NUMBER as _NUMBER
from equipref.check.numbers import WORD_ALT as _WORD_ALT
from equipref.check.numbers import number as _number
from equipref.check.numbers import plain as _fmt
from equipref.check.numbers import precision as _precision
from equipref.errors import UsageError

__all__ = ["COUNT_NOUNS", "MAX_TEXT", "ProseQuantity", "make", "scan"]


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


# -- vocabulary (from the language files) -----------------------------------------------------------------

_VOCAB: Final = vocabulary()
# (spelling, unit, kind, reading). Longest spellings are tried first; ASCII ones must end at a non-letter.
_UNITS: Final = _VOCAB.units
_KINDS: Final = frozenset(get_args(Kind))
_UNIT_BY_SPELLING: Final[dict[str, tuple[str, Kind, str]]] = {
    spelling.casefold(): (unit, cast(Kind, kind), reading) for spelling, unit, kind, reading in _UNITS if kind in _KINDS
}
_CASE_SENSITIVE: Final = _VOCAB.case_sensitive
_CASE_VARIANTS: Final = _VOCAB.case_variants
_HEDGES: Final = _VOCAB.hedges
_HEDGE_AFTER: Final = _VOCAB.hedges_after
#: What a count counts: group name -> the nouns of every language.
COUNT_NOUNS: Final = _VOCAB.count_nouns
_GROUP_OF: Final = {noun.casefold(): group for group, nouns in COUNT_NOUNS.items() for noun in nouns}
_CJK_COUNTERS: Final = _VOCAB.counters
_CJK_DIGIT_CLASS: Final = "".join(_VOCAB.numerals)
_COUNTER_CLASS: Final = "".join(_CJK_COUNTERS)

# -- patterns (all linear: bounded repetitions, no nesting) -----------------------------------------------

# Not preceded by a letter or digit (a designation such as PHL-191, Thunder-2025A or Т-90) or a decimal point.
_BEFORE = r"(?<![A-Za-z0-9_.,/])(?<![A-Za-zА-Яа-яЁё]-)(?<![A-Za-zА-Яа-яЁё] -)"
# A line break may fall inside a quantity ("55\ntonnes", "1130 лошадиных\nсил"): hard-wrapped text.
_UNIT_ALT = "|".join(
    re.escape(s).replace(r"\ ", r"(?:[ \u00a0]|\r?\n)")
    for s, *_ in sorted(_UNITS, key=lambda u: len(u[0]), reverse=True)
)
_SEP = r"(?:[ \u00a0]?[-‐‑][ \u00a0]?|[ \u00a0]|\r?\n)?"
_UNIT_END = r"(?![A-Za-zА-Яа-яЁё])"  # "т" (tonnes) is not the first letter of "танков"
_QUANTITY_RE: Final = re.compile(
    rf"{_BEFORE}(?P<low>{_NUMBER})(?:{_SEP}(?P<lowunit>{_UNIT_ALT}){_UNIT_END})?"
    rf"(?:[ \u00a0]?(?P<join>-|–|—|－|~|to|and|至|到|до)[ \u00a0]?(?P<high>{_DIGITS}))?"
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
_STOP = (
    r"(?:and|or|but|of|in|on|at|from|by|per|than|the|a|an|to|with|for|as|is|are|was|were|rows?"
    r"|в|во|на|из|и|или|с|со|по|от|до|за|к|у|о|об|а|но|чем|для)\b"
)
# Up to three words between a number and what it counts, in either alphabet ("30 модернизированных танков").
_ADJ = (
    rf"(?:[\"“«][A-Za-zА-Яа-яЁё0-9 \-]{{1,30}}[\"”»][ \u00a0])?"
    rf"(?:(?!{_STOP})[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё\-]{{0,30}}[ \u00a0]){{0,3}}"
)
_CALIBER_INSIDE = rf"(?:(?:{_DIGITS})[ \u00a0]?[-]?(?:mm|毫米)[ \u00a0]+)?"
_NOUN_ALT = "|".join(sorted((re.escape(n) for n in _GROUP_OF), key=len, reverse=True))
_COUNT_RE: Final = re.compile(
    rf"{_BEFORE}(?<!Type )(?<!TYPE )(?<!type )(?P<num>{_NUMBER})"
    rf"(?:(?:[ \u00a0]+|\r?\n)(?:such|of these|of those|of them)?[ \u00a0]?)?"
    rf"(?P<mid>{_CALIBER_INSIDE}{_ADJ})[\"“”']?(?P<noun>{_NOUN_ALT})[\"“”']?(?![A-Za-zА-Яа-яЁё])",
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
    rf"(?<![A-Za-z0-9.])(?P<num>\d{{1,5}}|[{_CJK_DIGIT_CLASS}]?十?[{_CJK_DIGIT_CLASS}]?)(?P<counter>[{_COUNTER_CLASS}])"
)
_SKIP_AFTER_RE: Final = re.compile(
    r"[ \u00a0]?(?:%|percent|per cent|million|billion|trillion|thousand|万|萬|亿|億|百万|st\b|nd\b|rd\b|th\b)",
    re.IGNORECASE,
)
_HEDGE_ALT = "|".join(sorted((re.escape(h) for h in _HEDGES), key=len, reverse=True))
_HEDGE_BEFORE_RE: Final = re.compile(
    rf"(?<![A-Za-zА-Яа-яЁё])(?:{_HEDGE_ALT})[ \u00a0]?(?:of[ \u00a0])?$", re.IGNORECASE
)
_HEDGE_AFTER_RE: Final = re.compile(
    r"[ \u00a0]?(" + "|".join(re.escape(h) for h in sorted(_HEDGE_AFTER, key=len, reverse=True)) + ")"
)


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
        add(make(text, m.start(), m.end(), "configuration", float(m["a"]), reading="a wheel arrangement"))
    for m in _AXLE_RE.finditer(text):
        add(make(text, m.start(), m.end(), "configuration", _number(m["n"])[0], reading="a number of axles"))
    for m in _BARREL_RE.finditer(text):
        add(make(text, m.start(), m.end(), "barrel", float(m["n"] or m["m"]), reading="a barrel length in calibres"))
    for m in _PODS_RE.finditer(text):
        pods, each = _number(m["pods"])[0], _number(m["each"])[0]
        q = make(text, m.start(), m.end(), "count", pods * each, noun="tubes", precision=0.0)
        add(q.model_copy(update={"per": each, "readings": (*q.readings, f"{_fmt(pods)} × {_fmt(each)} {m['noun']}")}))
    for m in _DECADE_RE.finditer(text):
        add(make(text, m.start(), m.end(), "period", float(m["decade"]), reading="a decade, not a year"))
    for m in _QUANTITY_RE.finditer(text):
        q = _unit_quantity(text, m)
        if q is None and m["high"] is not None and (m["lowunit"] is not None or m["join"].lower() == "and"):
            # "16 m and 20 km", "20 km to 30 mi": not one span, but the figures either side still are figures
            if m["lowunit"] is not None and (low := _QUANTITY_RE.match(text, m.start(), m.end("lowunit"))):
                add(_unit_quantity(text, low))
            if high := _QUANTITY_RE.match(text, m.start("high"), m.end()):
                q = _unit_quantity(text, high)
        add(q)
    for m in _INCH_RE.finditer(text):
        value, readings = _number(m["num"])
        if value > 0:
            add(make(text, m.start(), m.end(), "length", value, unit="in", readings=readings))
    for m in _CREW_RE.finditer(text):
        number = m["n1"] or m["n2"] or m["n3"] or m["n4"]
        value, readings = _number(number)
        add(make(text, m.start(), m.end(), "count", value, noun="crew", readings=readings, precision=0.0))
    for m in _BARRELED_RE.finditer(text):
        value, readings = _number(m["num"])
        add(make(text, m.start(), m.end(), "count", value, noun="tubes", readings=readings, precision=0.0))
    for m in _PER_RE.finditer(text):
        value, readings = _number(m["num"])
        q = make(text, m.start(), m.end(), "count", value, noun="per " + m["unit"].lower(), readings=readings)
        add(q.model_copy(update={"precision": 0.0}))
    for m in _COUNT_RE.finditer(text):
        add(_count(text, m))
    for m in _CJK_COUNT_RE.finditer(text):
        if not m["num"]:
            continue
        value, readings = _number(m["num"])
        if value <= 0 or (value == 1 and not m["num"].isdigit()):
            continue  # "一门125毫米坦克炮", "一部分": 一 before a measure word is the article "a", not a count
        noun = _CJK_COUNTERS[m["counter"]]
        add(make(text, m.start(), m.end(), "count", value, noun=noun, readings=readings, precision=0.0))
    for m in _YEAR_RE.finditer(text):
        add(make(text, m.start(), m.end(), "year", float(m["year"]), precision=0.0))
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
    spelling = " ".join(m["unit"].split())
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
    q = make(text, m.start(), m.end(), kind, value, unit=unit, readings=readings, number=high_text or m["low"])
    update: dict[str, object] = {"low": low}
    if m["suffix"] and m["suffix"].lower() == "-class":
        update["hedge"] = "about"
        update["readings"] = (*q.readings, "a weight class, read as approximate")
    return q.model_copy(update=update)


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
    if value <= 0 or (m["num"].casefold() == "one" and group not in ("vehicles", "tubes", "munitions", "rounds")):
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
    return make(text, m.start(), m.end(), "count", value, noun=group, readings=readings, precision=0.0)


def make(
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

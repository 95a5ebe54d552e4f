"""Attribution: which name (or none) each quantity is about, and the reason, in the order a reader decides it.

1. a name written against the number (``155 mm PCL-181``, ``120 km for the Tornado-S``);
2. in a relative clause (``the Y-20, which ...``), the name the clause hangs on;
3. the nearest name in the number's clause, then in its sentence (two about as near: ``ambiguous``);
4. the sentence's subject (see `equipref.check.discourse`), unless the number counts things in general.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from equipref.check.document import Document, Target, TextSentence
from equipref.check.discourse import ANAPHOR_RE
from equipref.check.language import cue, cue_alternation
from equipref.check.mentions import Mention
from equipref.check.quantities import ProseQuantity

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = ["attribute", "bound_names"]

_EVENT_CUE: Final = cue("event")
_DELIVERY_CUE: Final = cue("delivery")
_PEOPLE_CUE: Final = cue("people")
_RELATIVE_RE: Final = re.compile(r"(?i)\s*(?:which|that|who|whose)\b")
_COMPARATOR_NOUN_RE: Final = re.compile(
    r"(?i)\s*(?:[A-Za-z\-]+\s){0,1}(?:analog(?:ue)?|counterpart|equivalent|progenitor|rival|predecessor)\b"
)
_SUCH_RE: Final = re.compile(r"(?i)\b(?:such|these|those|of them)\b")
_ORDINAL_RE: Final = re.compile(r"(?i)\b(?:the )?(?P<which>first|one|second|other|latter|former)\b")
_ROLE_NOUNS: Final = {
    "howitzer": ("SPH", "TH"), "gun": ("SPH", "TH"), "mortar": ("MOR",), "tank": ("MBT",), "launcher": ("MLRS",),
    "mlrs": ("MLRS",), "mrl": ("MLRS",), "rocket launcher": ("MLRS",), "ifv": ("IFV",), "apc": ("APC",), "missile system": ("SRBM",),
}  # fmt: skip
_CONTRAST_RE: Final = re.compile(rf"(?i)[,;，；][ \u00a0]*(?:{cue_alternation('contrast')})(?![\w])")
_ANAPHOR_RE: Final = ANAPHOR_RE
_ROLE_ANAPHOR_RE: Final = re.compile(
    r"(?i)\b(?:the|this) (howitzer|gun|mortar|tank|rocket launcher|launcher|mlrs|mrl|ifv|apc|missile system)\b"
)


def attribute(
    doc: Document, catalog: Catalog, s: TextSentence, q: ProseQuantity, bound: dict[int, int]
) -> tuple[Target | None, str]:
    """What ``q`` is about, and why: a name written against it, the nearest name, the subject; or None, why not."""
    target, reason = _attribute(doc, catalog, s, q, bound)
    if target is not None and target.kind == "weapon":
        owner = _owner(doc, catalog, s, target)
        if owner is not None:
            return owner, f"{reason}, a weapon of {owner.named_as!r}"
    return target, reason


def _owner(doc: Document, catalog: Catalog, s: TextSentence, weapon: Target) -> Target | None:
    """The system of this sentence (named in it, else its subject) that carries ``weapon``, if one does."""
    named = [Target.of(m) for m in s.mentions if m.kind == "system"]
    if s.subject is not None and s.subject.target is not None:
        named.append(s.subject.target)
    for t in named:
        if t.kind == "system" and t.id and any(a.weapon == weapon.id for a in catalog.system(t.id).armament):
            return t
    return None


def _carries(catalog: Catalog, a: Target, b: Target) -> bool:
    """Whether one of ``a`` and ``b`` is a system and the other its weapon or round ("БТР-82А ... 30-мм пушкой
    2А72", "PCH191 ... 火龙480导弹"): the two are one candidate, not two."""
    for system, part in ((a, b), (b, a)):
        if system.kind != "system" or not system.id or part.kind not in ("weapon", "munition"):
            continue
        for x in catalog.system(system.id).armament:
            if x.weapon == part.id or part.id in x.munitions:
                return True
    return False


def _weapon_field(q: ProseQuantity) -> bool:
    """Whether a gun or a round can be what ``q`` measures: a caliber, a range, tubes or rounds; not a crew."""
    return q.kind == "length" or (q.kind == "count" and q.noun in ("tubes", "munitions", "rounds"))


def _attribute(
    doc: Document, catalog: Catalog, s: TextSentence, q: ProseQuantity, bound: dict[int, int]
) -> tuple[Target | None, str]:
    text = doc.text
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
            return Target.of(m), f"written against {m.text!r}"
        if m.end <= q.start and re.fullmatch(r"[\s“”\"'()（「」]{0,3}", gap_before):
            return Target.of(m), f"written against {m.text!r}"
    # 2. A relative clause belongs to the name just before it: "the Y-20, which has ... 60 tons".
    c_start, c_end = doc.clause(s, q)
    if _RELATIVE_RE.match(text, c_start):
        before = [m for m in s.mentions if m.end <= c_start and c_start - m.end <= 40]
        if before:
            return Target.of(before[-1]), f"in a clause about {before[-1].text!r}"
        return None, "in a clause about something the text does not name"
    # 3. The nearest name in the quantity's clause, then in its sentence (comparisons only within their clause).
    free = [
        (i, m)
        for i, m in enumerate(s.mentions)
        if bound.get(i, q.start) == q.start and (m.kind in ("system", "unknown") or _weapon_field(q))
    ]
    # A compared name takes only what its comparison describes: "a brother of the 300-mm Tornado-S".
    in_clause = [
        (i, m)
        for i, m in free
        if c_start <= m.start < c_end and (i not in s.comparators or s.comparators[i] <= q.start < m.start)
    ]
    in_sentence = [(i, m) for i, m in free if i not in s.comparators and not (c_start <= m.start < c_end)]
    # "NATO tanks mount a 120 mm gun, but the Type 99 ...": a name after a contrast that follows the figure
    # starts another subject; the figure is not its.
    contrast = next((c.start() for c in _CONTRAST_RE.finditer(text, q.end, s.end)), None)
    set_against = [m for _, m in in_sentence if contrast is not None and m.start >= contrast]
    in_sentence = [(i, m) for i, m in in_sentence if contrast is None or m.start < contrast]
    if q.kind == "count" and q.noun == "vehicles":
        named = {Target.of(m).key for i, m in enumerate(s.mentions) if m.kind in ("system", "unknown")}
        if len(named) > 1 and not in_clause:
            return None, "a count of vehicles in a sentence naming several systems"
    listed, listed_end = _listed(doc, s)
    for pool, where in ((in_clause, "clause"), (in_sentence, "sentence")):
        if not pool:
            continue
        ranked = sorted(pool, key=lambda im: _distance(q, im[1]))
        best = Target.of(ranked[0][1])
        how = f"the nearest name in its {where} ({ranked[0][1].text!r})"
        if where == "sentence" and best.kind in ("weapon", "munition"):
            # A round or gun named in another clause: the system carrying it, named in the sentence, is meant.
            carrier = next((Target.of(m) for _, m in ranked if _carries(catalog, Target.of(m), best)), None)
            if carrier is not None and carrier.kind == "system":
                how = f"{how}, carried by {carrier.named_as!r}"
                best = carrier
        second = next(
            (m for _, m in ranked[1:] if Target.of(m).key != best.key and not _carries(catalog, best, Target.of(m))),
            None,
        )
        if second is not None and _distance(q, second) <= 1.25 * _distance(q, ranked[0][1]):
            both = (best, Target.of(second))
            return Target("ambiguous", candidates=both), f"two names fit equally in its {where}"
        if listed is not None and best.key in {c.key for c in listed.candidates} and listed_end <= q.start:
            # "Both the ZBD-04 and the ZBD-05 carry a 30 mm cannon": said of every name of the list before it.
            return listed, f"said of the names listed before it ({listed.named_as!r})"
        return best, how
    if set_against and not _ANAPHOR_RE.search(text, s.start, q.start):
        subject = s.subject.target if s.subject is not None else None
        if subject is not None and s.subject is not None and s.subject.age == 0:
            if subject.key in {Target.of(m).key for m in set_against} or subject.kind == "ambiguous":
                return None, f"in a clause set against {set_against[0].text!r}"
    # 4. The sentence's subject, named here or carried by a pronoun from before.
    clause = text[c_start:c_end]
    sentence = text[s.start : s.end]
    if re.search(r"(?i)\bboth\b", sentence) and s.comparators:
        compared = s.mentions[min(s.comparators)]
        return Target.of(compared), f"'both': the text says it of {compared.text!r} too"
    role = _role_anaphor(doc, catalog, s)
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


_LIST_GAP_RE: Final = re.compile(r"(?i)[ \u00a0]*(?:,|、|/)?[ \u00a0]*(?:and|or|и|или|和|及|与|與)?[ \u00a0]*(?:the[ \u00a0]+)?")


def _listed(doc: Document, s: TextSentence) -> tuple[Target | None, int]:
    """The first run of systems the sentence names one after another ("the ZBD-04 and the ZBD-05", "Т-90 и
    Т-72Б3"), with nothing but "and", "or" or a comma between, and where it ends; (None, 0) if there is none."""
    run: list[Mention] = []
    for i, m in enumerate(s.mentions):
        if m.kind not in ("system", "unknown") or i in s.comparators:
            continue
        if run and _LIST_GAP_RE.fullmatch(doc.text, run[-1].end, m.start):
            if Target.of(m).key not in {Target.of(r).key for r in run}:
                run.append(m)
            continue
        if len(run) > 1:
            break
        run = [m]
    if len(run) < 2:
        return None, 0
    named_as = doc.text[run[0].start : run[-1].end]
    return Target("ambiguous", candidates=tuple(Target.of(m) for m in run), named_as=named_as), run[-1].end


def _role_anaphor(doc: Document, catalog: Catalog, s: TextSentence) -> tuple[Target, str] | None:
    """'The howitzer' with no name in the sentence: the latest catalog system of that role named just before."""
    if s.mentions:
        return None
    found = _ROLE_ANAPHOR_RE.search(doc.text, s.start, s.end)
    if found is None:
        return None
    roles = _ROLE_NOUNS[found.group(1).casefold()]
    carried = s.subject.target if s.subject else None
    if carried is not None and carried.kind == "system" and carried.id:
        if catalog.system(carried.id).role in roles:
            return carried, f"{found.group(0)!r}: the {roles[0]} the text is about ({carried.named_as!r})"
    for earlier in reversed(doc.sentences[max(0, s.index - 3) : s.index]):
        for m in reversed(earlier.mentions):
            if m.kind == "system" and m.id and catalog.system(m.id).role in roles:
                return Target.of(m), f"{found.group(0)!r}: the {roles[0]} named just before ({m.text!r})"
    return None


def _distance(q: ProseQuantity, m: Mention) -> float:
    if m.end <= q.start:
        return float(q.start - m.end)
    return 1.5 * float(m.start - q.end)


def bound_names(doc: Document, s: TextSentence, qs: list[ProseQuantity]) -> dict[int, int]:
    """Names written against one quantity (``120 km for the Tornado-S``) are not candidates for others."""
    out: dict[int, int] = {}
    for i, m in enumerate(s.mentions):
        for q in qs:
            gap = doc.text[q.end : m.start] if m.start >= q.end else None
            if gap is not None and re.fullmatch(r"\s+for\s+(?:the\s+)?|[\s\-“”\"']{0,3}", gap):
                out[i] = q.start
                break
    return out

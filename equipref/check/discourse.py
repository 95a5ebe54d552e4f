"""Discourse: what each sentence is about, and which names only serve as comparisons.

A sentence's subject is a name it gives outside a comparison (``an analogue of the T-90`` is the subject of
nothing), one a naming phrase points at (``dubbed the PHL-16``), a list of names (then figures are ambiguous
between them), or the subject of the sentence before, which a pronoun or a sentence without names carries on
for a few sentences. Before the first name, a page's main subject (its most frequent name) is the subject.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

from equipref.check.document import Document, Subject, Target, TextSentence
from equipref.check.language import cue_alternation
from equipref.check.mentions import Mention
from equipref.check.numbers import WORD_ALT

__all__ = ["ANAPHOR_RE", "assign_subjects"]

# "than" before a number ("more than 60 countries have bought the BM-21") bounds the number, not the name.
_COMPARATOR_RE: Final = re.compile(
    r"(?i)((?:\banalog(?:ue)?s?\b|\bequivalent\b|\bcounterparts?\b|\bsimilar to\b|\bsame\b[^.;]{0,40}?\bas\b|"
    r"\bcompared (?:to|with)\b|\bcop(?:y|ies) of\b|\bcopied\b|\bclone of\b|\bversion of\b|\bdevelopment of\b|"
    rf"\bbased on\b|\bderived from\b|\bthan\b(?![ \u00a0]+(?:\d|(?:{WORD_ALT})\b))|\blike\b|\bversus\b|\bvs\.?|"
    r"\breplaced?\b|\breplacing\b|\brivals?\b|\bprogenitor\b|\bbrother\b|\bsuccessor to\b|\bpredecessor\b|\bunlike\b|"
    rf"\bresembles?\b|{cue_alternation('comparator')})(?:\s+(?:of|to|with|as|from))?)"
    r"[^.;]{0,50}$"
)
_NAMING_RE: Final = re.compile(
    r"(?i)(?:\bdubbed\b|\bcalled\b|\bnamed\b|\bknown as\b|\bdesignated\b|\bidentified as\b|\blikely the\b|"
    r"\bprobably the\b|\bbelieved to be\b|\bnamely\b)[^.;]{0,30}$"
)
ANAPHOR_RE: Final = re.compile(
    r"(?i)\b(?:it|its|it's|this|these|such|the (?:system|vehicle|tank|howitzer|launcher|"
    r"weapon|gun|design|machine|platform|mlrs|mrl|rocket launcher|combat vehicle|amphibious vehicle|missile system|"
    r"infantry combat vehicle|infantry fighting vehicle|self-propelled gun|new equipment))\b|其|该|該|此"
)
# An opening phrase ends at a comma that is no thousands separator ("Its 1,500 hp engine" opens with "Its").
_OPENING_RE: Final = re.compile(r"(?i)((?:[^,.;]{0,40},(?!\d)\s*)?(?:and\s+|but\s+|so\s+|also\s+)?)(\S+(?:\s\S+)?)")
_UNNAMED_RE: Final = re.compile(
    r"(?i)\b(?:another|a new|the new|newly[- ]\w+)\b[^.]{0,60}?\b(?:systems?|launchers?|howitzers?|tanks?|"
    r"vehicles?|equipment|artillery|weapons?|mlrs|mrl)\b"
)


def comparison_from(doc: Document, s: TextSentence, index: int) -> int | None:
    """Where the comparison naming mention ``index`` begins to describe it (after "as", "of"...), or None."""
    # "the same chassis as the PLZ-05 ... and PGZ-09": a list goes on comparing, so walk back through it.
    crossed_comma = False
    for i in range(index, max(-1, index - 20), -1):
        m = s.mentions[i]
        floor = s.mentions[i - 1].end if i > 0 else s.start
        offset = max(floor, m.start - 60)
        window = doc.text[offset : m.start]
        found = _COMPARATOR_RE.search(window)
        if found is not None:
            # "Compared with the T-90A, the T-90M weighs ...": a comparison opening the sentence ends at its comma.
            if crossed_comma and not doc.text[s.start : offset + found.start(1)].strip():
                return None
            return offset + found.end(1)
        crossed_comma = crossed_comma or "," in window
        if i == 0 or not re.fullmatch(r"[^.;:]{0,50}?(?:,|\band\b|\bor\b|/)[^.;:]{0,20}", window):
            return None
    return None


def is_named_here(doc: Document, s: TextSentence, m: Mention) -> bool:
    window = doc.text[max(s.start, m.start - 40) : m.start]
    return _NAMING_RE.search(window) is not None


def assign_subjects(doc: Document) -> None:
    """Set each sentence's `Subject`, and which of its names are compared rather than described."""
    previous = Subject(None, 99)
    first_named = next((s.index for s in doc.sentences if s.mentions), None)
    document = _document_subject(doc)
    for s in doc.sentences:
        s.comparators = {}
        for i in range(len(s.mentions)):
            cue_end = comparison_from(doc, s, i)
            if cue_end is not None:
                s.comparators[i] = cue_end
        sentence = doc.text[s.start : s.end]
        plain = [m for i, m in enumerate(s.mentions) if i not in s.comparators]
        anaphor = ANAPHOR_RE.search(sentence)
        # Only a pronoun that opens the sentence is its subject ("It is...", "In addition, this vehicle...");
        # "that it makes sense" further on is not.
        opening = _OPENING_RE.match(sentence)
        pronoun_at = s.start + opening.end(1) if opening and ANAPHOR_RE.match(opening.group(2)) else None
        named = next((m for m in plain if is_named_here(doc, s, m)), None)
        if named is not None:
            s.subject = Subject(Target.of(named), 0, f"about {named.text!r}, as the text names it")
        elif plain and (pronoun_at is None or plain[0].start < pronoun_at):
            s.subject = Subject(_list_or_one(doc, s, plain), 0, f"the sentence is about {plain[0].text!r}")
        elif not s.mentions and _UNNAMED_RE.search(sentence) and not anaphor:
            s.subject = Subject(Target("unnamed", name="a system the text does not name"), 0, "")
        elif previous.target is not None and previous.age < 5:
            # A sentence that names the subject it carries renews it ("It ... the PHZ-11 ...").
            renewed = any(Target.of(m).key == previous.target.key for m in plain)
            s.subject = Subject(previous.target, 0 if renewed else previous.age + 1, previous.how)
        elif first_named is not None and s.index < first_named and document is not None:
            s.subject = Subject(document, 0, f"the page's main subject ({document.named_as!r})")
        else:
            s.subject = Subject(None, 99)
        if s.subject.target is not None and s.subject.target.kind == "unnamed":
            named_next = _named_next(doc, s)
            if named_next is not None:
                s.subject = Subject(named_next, 0, f"named in the next sentence ({named_next.named_as!r})")
        previous = s.subject


def _list_or_one(doc: Document, s: TextSentence, plain: list[Mention]) -> Target:
    first = Target.of(plain[0])
    group = [plain[0]]
    for m in plain[1:]:
        if m.kind in ("weapon", "munition"):
            continue  # "the PCH191 ... or its Fire Dragon 480 missile": a system's round makes no list with it
        gap = doc.text[group[-1].end : m.start]
        if len(gap) <= 60 and re.search(r",|/|\band\b|\bor\b|、|和|及", gap) and not re.search(r"[.;:]", gap):
            if Target.of(m).key not in {Target.of(g).key for g in group}:
                group.append(m)
            continue
        break
    if len(group) == 1:
        return first
    return Target(
        "ambiguous",
        candidates=tuple(Target.of(g) for g in group),
        named_as=doc.text[group[0].start : group[-1].end],
    )


def _named_next(doc: Document, s: TextSentence) -> Target | None:
    for later in doc.sentences[s.index + 1 : s.index + 3]:
        for m in later.mentions:
            if is_named_here(doc, later, m):
                return Target.of(m)
    return None


def _document_subject(doc: Document) -> Target | None:
    counts = Counter(Target.of(m).key for m in doc.mentions)
    if not counts:
        return None
    common = counts.most_common(2)
    best, n = common[0]
    runner_up = common[1][1] if len(common) > 1 else 0
    if n < 2 or n < 2 * runner_up:
        return None
    return next(Target.of(m) for m in doc.mentions if Target.of(m).key == best)

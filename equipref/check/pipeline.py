"""The stages in order: read, find names, settle subjects, attribute, read fields, judge, report.

`check_text` checks one text. `Checker` holds what is prepared once per catalog (its name index is built on
first use and kept with the catalog), so that many documents can be checked one by one, in any process, with
`Checker.check`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from equipref.catalog import catalog_or_default
from equipref.check.attribution import attribute, bound_names
from equipref.check.discourse import assign_subjects
from equipref.check.document import Document, TextSentence
from equipref.check.fields import fields, year_cue
from equipref.check.mentions import find_mentions
from equipref.check.model import CheckReport, Finding, Sentence
from equipref.check.quantities import ProseQuantity, scan
from equipref.check.source import recognise_source
from equipref.check.verdicts import Judge
from equipref.errors import UsageError
from equipref.provenance import origins

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = ["Checker", "check_text"]


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
    return Checker(catalog_or_default(catalog)).check(text, source=source, source_url=source_url)


class Checker:
    """Checks documents against one catalog; build it once and call `check` for each text."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def check(self, text: str, source: str | None = None, source_url: str | None = None) -> CheckReport:
        """One document's report (see `check_text`)."""
        if not isinstance(text, str):
            raise UsageError(f"check_text needs text (str), got {type(text).__name__}")
        catalog = self.catalog
        source_id, note = recognise_source(catalog, text, source, source_url)
        own = origins(catalog, [source_id]) if source_id else ()
        quantities = scan(text)  # refuses over-long text before anything else runs
        doc = Document(text, find_mentions(text, catalog), quantities)
        assign_subjects(doc)
        judge = Judge(catalog, doc, own)
        found: list[Finding] = []
        for s in doc.sentences:
            qs = doc.in_sentence.get(s.index, [])
            if not qs:
                continue
            bound = bound_names(doc, s, qs)
            for q in qs:
                found.extend(self._findings(doc, judge, s, q, bound))
        used = sorted({f.sentence for f in found})
        shown = tuple(
            Sentence.model_construct(
                index=i, start=doc.sentences[i].start, end=doc.sentences[i].end, text=doc.sentence_text(i)
            )
            for i in used
        )
        return CheckReport.model_construct(
            source=source_id,
            source_note=note,
            origins=tuple(sorted(judge.own)),
            sentences=shown,
            findings=tuple(found),
            unknown_names=tuple(sorted({f.unknown for f in found if f.unknown})),
        )

    def _findings(
        self, doc: Document, judge: Judge, s: TextSentence, q: ProseQuantity, bound: dict[int, int]
    ) -> list[Finding]:
        cue = year_cue(doc, s, q) if q.kind in ("year", "period") else ""
        if q.kind in ("year", "period") and not cue:
            return []
        target, reason = attribute(doc, self.catalog, s, q, bound)
        if target is None:
            return []
        return [
            judge.judge(s, q, target, reason, field_name, detail, value, precision)
            for field_name, detail, value, precision in fields(doc, self.catalog, s, q, target, cue)
        ]

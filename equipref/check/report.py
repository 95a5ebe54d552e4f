"""Showing a `CheckReport`: a readable table by sentence, JSON, Markdown for a fact-check page, ClaimReview JSON-LD.

Everything here returns strings and is deterministic (no dates, no clocks): the same text and catalog give the
same bytes. Each format costs time linear in the report: findings are grouped by sentence in one pass.

The article's text is untrusted. Control characters (ESC, OSC sequences, BEL) and bidirectional overrides
are written as visible escapes in every format (`equipref.text_safety.escape_unsafe`); Markdown escapes its
specials and any HTML; JSON and JSON-LD write ``<``, ``>``, ``&`` and the invisible characters as ``\\uXXXX``,
so that no article can close the ``<script>`` a page embeds the JSON-LD in.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Final

from equipref.check.model import FIELD_LABELS, CheckReport, Finding, Sentence
from equipref.text_safety import escape, escape_unsafe

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.model import Source

__all__ = ["RATINGS", "to_claimreview", "to_json", "to_markdown", "to_table"]

_JUDGED = ("supported", "contested", "only this source", "new", "not in the catalog")

#: What each verdict means, as a fact-check rating says it (``reviewRating.alternateName``).
RATINGS: Final = {
    "supported": "Supported: an independent source gives the same figure",
    "contested": "Contested: independent sources give other figures",
    "only this source": "Unconfirmed: only this text, or what it retells, gives the figure",
    "new": "Unconfirmed: no source on record gives a figure for this",
    "not in the catalog": "Not checked: the system is not in the reference catalog",
}


def _about(f: Finding) -> str:
    if f.verdict == "ambiguous":
        return " or ".join(f.candidates)
    if f.unknown:
        return f.unknown
    if f.system_name and f.about_name:
        return f"{f.system_name} ({f.about_name})"
    return f.system_name or f.about_name or "?"


def _field(f: Finding) -> str:
    label = FIELD_LABELS[f.field]
    return f"{label}: {f.detail}" if f.detail and f.field == "other" else label


def _value(f: Finding) -> str:
    return f"{f.hedge} {f.value}" if f.hedge else f.value


def _excerpt(sentence: Sentence, findings: list[Finding], width: int = 240) -> str:
    text = sentence.text
    if len(text) <= width:
        return text
    first = min(f.start for f in findings) - sentence.start
    start = max(0, min(first - width // 3, len(text) - width))
    out = text[start : start + width]
    return ("…" if start else "") + out + ("…" if start + width < len(text) else "")


def _claim_line(f: Finding) -> list[str]:
    lines = []
    for c in f.claims:
        mark = "=" if c.agrees else "≠"
        own = " (this text)" if c.this_text else ""
        hedge = f"{c.hedge} " if c.hedge else ""
        qualifier = f" — {c.qualifier}" if c.qualifier else ""
        lines.append(f"{mark} {hedge}{c.value} on {c.on} [{', '.join(c.sources)}]{own}{qualifier}")
    return lines


def _summary(report: CheckReport) -> str:
    counts = report.summary
    parts = [f"{n} {verdict}" for verdict, n in counts.items() if n]
    return f"{len(report.findings)} figures: " + (", ".join(parts) if parts else "none tied to a system")


def _by_sentence(report: CheckReport) -> list[tuple[Sentence, list[Finding]]]:
    """Each shown sentence with its findings, in one pass (findings come in sentence order)."""
    grouped: dict[int, list[Finding]] = {}
    for f in report.findings:
        grouped.setdefault(f.sentence, []).append(f)
    return [(s, grouped.get(s.index, [])) for s in report.sentences]


def _wrap(line: str, width: int | None, indent: str) -> list[str]:
    """``line`` cut at spaces to ``width``, continuations indented; nothing is ever dropped or elided."""
    if width is None or len(line) <= width:
        return [line]
    from equipref.layout import wrap_text

    lead = line[: len(line) - len(line.lstrip(" "))]
    return wrap_text(line.strip(), width, lead, max(indent, lead, key=len)).split("\n")


def to_table(report: CheckReport, width: int | None = None) -> str:
    """The report as plain text for a terminal: one block per sentence, one line per figure, then why.

    ``width`` (the terminal's, `equipref.terminal.output_width`) wraps long lines at spaces; None (a pipe or
    a file) leaves every line whole, for ``grep``.
    """
    out: list[str] = []

    def put(line: str, indent: str = "        ") -> None:
        out.extend(_wrap(escape_unsafe(line), width, indent))

    put(_summary(report))
    put(f"source: {report.source or 'none'} ({report.source_note})")
    out.append("")
    for sentence, findings in _by_sentence(report):
        put(f"[{sentence.index}] “{_excerpt(sentence, findings)}”", "    ")
        for f in findings:
            put(f"  {_value(f)} — {_about(f)}, {_field(f)}: {f.verdict.upper()} ({f.explanation})")
            put(f"      why {_about(f)}: {f.reason}")
            for reading in f.readings:
                put(f"      read: {reading}")
            if f.verdict in ("contested", "supported", "only this source"):
                for line in _claim_line(f):
                    put(f"      {line}")
            if f.spread and f.verdict == "contested":
                put(f"      spread: {f.spread}")
        out.append("")
    if report.unknown_names:
        put("not in the catalog: " + ", ".join(report.unknown_names), "    ")
    return "\n".join(out).rstrip() + "\n"


# -- JSON and JSON-LD ------------------------------------------------------------------------------------

# Inside a JSON string these may be written as \uXXXX with the same meaning: markup characters (so that an
# embedding <script> cannot be closed), and the invisible characters a terminal or an editor acts on.
_JSON_ESCAPES: Final = re.compile("[<>&\u0080-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")


def _safe_json(value: Any) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return _JSON_ESCAPES.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n"


def to_json(report: CheckReport) -> str:
    """The whole report as JSON (``report.model_dump(mode="json")``), safe to print or embed."""
    return _safe_json(report.model_dump(mode="json"))


def _source(catalog: Catalog, source_id: str | None) -> Source | None:
    if not source_id:
        return None
    try:
        return catalog.source(source_id)
    except KeyError:
        return None


def _first_appearance(catalog: Catalog, source: Source) -> Source:
    """The earliest source of the chain a retelling repeats (the text's own when it retells nothing)."""
    seen = {source.id}
    current = source
    while current.retells:
        found = _source(catalog, current.retells[0])
        if found is None or found.id in seen:
            break
        seen.add(found.id)
        current = found
    return current


def _work(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": source.title}
    if source.url:
        work["url"] = source.url
    if source.date:
        work["datePublished"] = source.date
    work["publisher"] = {"@type": "Organization", "name": source.publisher}
    return work


def to_claimreview(
    report: CheckReport,
    catalog: Catalog,
    url: str | None = None,
    *,
    review_url: str | None = None,
    review_date: str | None = None,
    reviewer: str = "equipref",
) -> str:
    """schema.org ``ClaimReview`` JSON-LD, one review per judged figure, in the form Google's fact-check
    markup asks for.

    ``review_url`` is the page that will publish the fact check (Google requires it) and ``review_date`` its
    date; equipref knows neither, so they are left out unless given. ``url`` is where the reviewed text
    appears. The claim's author, date and first appearance are given where the text is a catalog source
    (for a retelling, the first appearance is what it retells). ``reviewRating.alternateName`` says what the
    verdict means; there is no numeric rating, since the verdicts are not a truth scale.
    """
    sentences = {s.index: s for s in report.sentences}
    own = _source(catalog, report.source)
    first = _first_appearance(catalog, own) if own else None
    appearance = url or (own.url if own else None)
    reviews: list[dict[str, Any]] = []
    for f in report.findings:
        if f.verdict not in _JUDGED:
            continue
        claim: dict[str, Any] = {"@type": "Claim", "text": _excerpt(sentences[f.sentence], [f])}
        if own is not None:
            claim["author"] = {"@type": "Organization", "name": own.publisher}
            if own.date:
                claim["datePublished"] = own.date
        if appearance:
            claim["appearance"] = {"@type": "CreativeWork", "url": appearance}
        if first is not None:
            claim["firstAppearance"] = _work(first)
        elif appearance:
            claim["firstAppearance"] = {"@type": "CreativeWork", "url": appearance}
        cited = sorted({sid for c in f.claims for sid in c.sources})
        review: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
        if review_url:
            review["url"] = review_url
        if review_date:
            review["datePublished"] = review_date
        review |= {
            "claimReviewed": f"{_about(f)} {_field(f)}: {_value(f)}",
            "itemReviewed": claim,
            "author": {"@type": "Organization", "name": reviewer},
            "reviewRating": {
                "@type": "Rating",
                "alternateName": RATINGS[f.verdict],
                "ratingExplanation": f"{f.verdict}: {f.explanation}",
            },
        }
        if cited:
            review["citation"] = [_citation(catalog, sid) for sid in cited]
        reviews.append(review)
    return _safe_json(reviews)


def _citation(catalog: Catalog, source_id: str) -> dict[str, Any]:
    s = _source(catalog, source_id)
    if s is None:
        return {"@type": "CreativeWork", "identifier": source_id}
    return {"identifier": s.id} | _work(s)


# -- Markdown --------------------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text as Markdown shows it: specials and HTML escaped, one line, invisible characters made visible."""
    return escape("github", escape_unsafe(" ".join(text.split())))


def _source_link(catalog: Catalog, source_id: str) -> str:
    s = _source(catalog, source_id)
    if s is None:
        return _md(source_id)
    label = f"{s.title} ({s.publisher}{', ' + s.date if s.date else ''})"
    return f"[{_md(label)}](<{s.url}>)" if s.url else _md(label)


def to_markdown(report: CheckReport, catalog: Catalog) -> str:
    """The report as a Markdown fact-check page: a summary, then each sentence quoted with its figures."""
    out = ["# Fact check", ""]
    if report.source:
        out += [f"The text is catalog source `{report.source}` ({_md(report.source_note)}).", ""]
    out += ["| verdict | figures |", "|---|---|"]
    out += [f"| {verdict} | {n} |" for verdict, n in report.summary.items()]
    out.append("")
    for sentence, findings in _by_sentence(report):
        out += [f"## Sentence {sentence.index}", "", f"> {_md(_excerpt(sentence, findings))}", ""]
        out += ["| figure | about | field | verdict | why |", "|---|---|---|---|---|"]
        for f in findings:
            out.append(
                f"| {_md(_value(f))} | {_md(_about(f))} | {_md(_field(f))} | **{f.verdict}** | {_md(f.explanation)}; "
                f"{_md(f.reason)} |"
            )
        evidence = [f for f in findings if f.claims]
        if evidence:
            out.append("")
            for f in evidence:
                out.append(f"Claims weighed for {_md(_value(f))} ({_md(_about(f))}, {_md(_field(f))}):")
                out.append("")
                for c in f.claims:
                    links = "; ".join(_source_link(catalog, sid) for sid in c.sources)
                    mark = "agrees" if c.agrees else "differs"
                    own = ", this text" if c.this_text else ""
                    hedge = f"{c.hedge} " if c.hedge else ""
                    qualifier = f" — {_md(c.qualifier)}" if c.qualifier else ""
                    out.append(f"- {hedge}{_md(c.value)} on {_md(c.on)} ({mark}{own}): {links}{qualifier}")
                out.append("")
        out.append("")
    if report.unknown_names:
        out += ["## Not in the catalog", "", ", ".join(_md(n) for n in report.unknown_names), ""]
    return "\n".join(out).rstrip() + "\n"

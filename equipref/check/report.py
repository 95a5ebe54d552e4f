"""Showing a `CheckReport`: a readable table by sentence, Markdown for a fact-check page, and ClaimReview JSON-LD.

Everything here returns strings and is deterministic (no dates, no clocks): the same text and catalog give the
same bytes. JSON is ``report.model_dump(mode="json")``; these are the other three shapes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from equipref.check.model import FIELD_LABELS, CheckReport, Finding, Sentence

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = ["to_claimreview", "to_markdown", "to_table"]

_WIDTH = 110
_JUDGED = ("supported", "contested", "only this source", "new", "not in the catalog")


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
    return [(s, [f for f in report.findings if f.sentence == s.index]) for s in report.sentences]


def _clip(line: str, width: int = _WIDTH) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


def to_table(report: CheckReport) -> str:
    """The report as plain text for a terminal: one block per sentence, one line per figure, then why."""
    out = [_summary(report), f"source: {report.source or 'none'} ({report.source_note})", ""]
    for sentence, findings in _by_sentence(report):
        out.append(f"[{sentence.index}] “{_excerpt(sentence, findings)}”")
        for f in findings:
            out.append(_clip(f"  {_value(f)} — {_about(f)}, {_field(f)}: {f.verdict.upper()} ({f.explanation})"))
            out.append(_clip(f"      why {_about(f)}: {f.reason}"))
            for reading in f.readings:
                out.append(_clip(f"      read: {reading}"))
            if f.verdict in ("contested", "supported", "only this source"):
                out.extend(_clip(f"      {line}") for line in _claim_line(f))
            if f.spread and f.verdict == "contested":
                out.append(f"      spread: {f.spread}")
        out.append("")
    if report.unknown_names:
        out.append("not in the catalog: " + ", ".join(report.unknown_names))
    return "\n".join(out).rstrip() + "\n"


def _source_link(catalog: Catalog, source_id: str) -> str:
    try:
        s = catalog.source(source_id)
    except KeyError:
        return source_id
    label = f"{s.title} ({s.publisher}{', ' + s.date if s.date else ''})"
    return f"[{_md(label)}]({s.url})" if s.url else _md(label)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


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


def to_claimreview(report: CheckReport, catalog: Catalog, url: str | None = None) -> str:
    """schema.org ``ClaimReview`` JSON-LD, one review per judged figure (what fact-checkers publish).

    ``url`` is where the reviewed text appears; the rating is the verdict, named in ``alternateName`` (the
    verdicts are not a truth scale, so no numeric rating is invented).
    """
    sentences = {s.index: s for s in report.sentences}
    reviews: list[dict[str, Any]] = []
    for f in report.findings:
        if f.verdict not in _JUDGED:
            continue
        claim: dict[str, Any] = {"@type": "Claim"}
        if url:
            claim["appearance"] = {"@type": "CreativeWork", "url": url}
        cited = sorted({sid for c in f.claims for sid in c.sources})
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": _excerpt(sentences[f.sentence], [f]),
            "itemReviewed": claim,
            "author": {"@type": "Organization", "name": "equipref"},
            "reviewRating": {
                "@type": "Rating",
                "alternateName": f.verdict,
                "ratingExplanation": f"{_about(f)}, {_field(f)} {_value(f)}: {f.explanation}",
            },
        }
        if cited:
            review["citation"] = [_citation(catalog, sid) for sid in cited]
        reviews.append(review)
    return json.dumps(reviews, indent=2, ensure_ascii=False) + "\n"


def _citation(catalog: Catalog, source_id: str) -> dict[str, Any]:
    try:
        s = catalog.source(source_id)
    except KeyError:
        return {"@type": "CreativeWork", "identifier": source_id}
    out: dict[str, Any] = {"@type": "CreativeWork", "identifier": s.id, "name": s.title}
    out["publisher"] = {"@type": "Organization", "name": s.publisher}
    if s.url:
        out["url"] = s.url
    if s.date:
        out["datePublished"] = s.date
    return out

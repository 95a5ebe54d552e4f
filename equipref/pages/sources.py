"""The sources page: every source with an anchor, and every figure or record that cites it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from equipref.model import Alias
from equipref.pages.common import UNITS, Site, claim_text, doc, esc, link, md_table, page_file
from equipref.render import fmt_measure


def citations(site: Site) -> dict[str, list[str]]:
    """For each source id, one Markdown line per figure or record that cites it (links from the site root)."""
    cat = site.catalog
    out: dict[str, list[str]] = defaultdict(list)

    def cite(sources: Sequence[str], line: str) -> None:
        for source_id in dict.fromkeys(sources):
            out[source_id].append(line)

    def where(kind: str, name: str, target: str | None) -> str:
        return f"{kind} {link(name, target) if target else esc(name)}"

    def names(at: str, aliases: Sequence[Alias]) -> None:
        # A name's source counts as a citation in Catalog.citations, so the page must list it too.
        for alias in aliases:
            cite(alias.sources, f"{at}: name {esc(alias.name)}")

    for s in site.systems:
        at = where("system", s.name, f"systems/{page_file(s.id)}")
        names(at, s.aliases)
        for label, claims, fmt in (
            ("crew", s.crew, str),
            ("combat weight", s.combat_weight, lambda v: fmt_measure(v, UNITS.weight, "[mass]")),
            ("in service", s.in_service, str),
            ("mobility", s.mobility, str),
            ("numbers", s.numbers, lambda v: f"{v:,}"),
        ):
            for c in claims:
                cite(c.sources, f"{at}: {label}, {esc(claim_text(c, fmt(c.value)))}")
        for statement in s.notes:
            cite(statement.sources, f"{at}: statement, {esc(excerpt(statement.value))}")
        for arm in s.armament:
            weapon = cat.weapon(arm.weapon).name
            cite(arm.sources, f"{at}: mounts the {esc(weapon)}")
            for carried in arm.rounds:
                text = claim_text(carried, str(carried.value))
                cite(carried.sources, f"{at}: rounds carried for the {esc(weapon)}, {esc(text)}")
        for cp in s.counterparts:
            cite(cp.sources, f"{at}: counterpart {site.system_link(cp.system, '')}")
    for w in cat.weapons:
        at = where("weapon", w.name, site.weapon_target(w.id))
        names(at, w.aliases)
        for c in w.caliber:
            cite(c.sources, f"{at}: caliber, {esc(claim_text(c, fmt_measure(c.value, UNITS.caliber)))}")
        for parent in w.derived_from:
            cite(parent.sources, f"{at}: derived from {esc(claim_text(parent, cat.weapon(parent.value).name))}")
        for tubes in w.tubes:
            cite(tubes.sources, f"{at}: tubes, {esc(claim_text(tubes, str(tubes.value)))}")
    for m in cat.munitions:
        at = where("munition", m.name, f"families/{page_file(m.family)}")
        names(at, m.aliases)
        for label, claims in (("caliber", m.caliber), ("max range", m.max_range), ("min range", m.min_range)):
            unit = UNITS.caliber if label == "caliber" else UNITS.range
            for c in claims:
                cite(c.sources, f"{at}: {label}, {esc(claim_text(c, fmt_measure(c.value, unit)))}")
    for f in cat.families:
        cite(f.sources, f"{where('ammunition family', f.name, f'families/{page_file(f.id)}')}: its definition")
    for ev in cat.evidence:
        line = (
            f"evidence: rounds of {site.family_link(ev.ammunition, '')} in weapons of "
            f"{site.family_link(ev.fired_from, '')}, {ev.stance}" + (", both ways" if ev.both_ways else "")
        )
        cite(ev.sources, line)
    return out


def sources_page(site: Site) -> str:
    cat = site.catalog
    cited = citations(site)
    rows = []
    for s in cat.sources:
        rows.append(
            [
                f"[{esc(s.id)}](#{s.id})",
                esc(s.title),
                esc(s.publisher),
                esc(s.date or ""),
                esc(s.reliability or ""),
                str(len(cited.get(s.id, []))),
            ]
        )
    body = [
        "Every source in the catalog, with the figures and records that cite it. Grades run from A (most "
        "reliable) to D under the rules on the [grades page](grades.md).",
        "",
        "[Back to the index](index.md)",
        "",
        md_table(["ID", "Title", "Publisher", "Date", "Grade", "Citations"], rows),
        "",
    ]
    for s in cat.sources:
        lines = cited.get(s.id, [])
        body += [
            f'<a id="{s.id}"></a>',
            "",
            f"## {esc(s.title)}",
            "",
            f"- ID: `{s.id}`",
            f"- Publisher: {esc(s.publisher)}",
            f"- Date: {esc(s.date or 'not recorded')}",
            f"- URL: {url_md(s.url)}",
            f"- Kind: {esc(s.kind)}" + (f"; language: {s.language}" if s.language else ""),
            f"- Grade: {esc(s.reliability or 'not graded')}"
            + (" (state media: never better than B)" if s.state_media else "")
            + " ([what the grades mean](grades.md))",
        ]
        if s.accessed:
            body.append(f"- Read on: {s.accessed}")
        if s.revision:
            body.append(f"- Revision: {esc(s.revision)}")
        if s.retells:
            verb = {"retells": "Retells", "mirrors": "Mirrors (a copy of)", "relays": "Relays"}[s.relation or "retells"]
            body.append(f"- {verb}: " + ", ".join(f"[{esc(r)}](#{r})" for r in s.retells) + " (one origin with it)")
        repeated_by = [o.id for o in cat.sources if s.id in o.retells]
        if repeated_by:
            body.append("- Repeated by: " + ", ".join(f"[{esc(r)}](#{r})" for r in repeated_by))
        if not s.read:
            body.append(
                "- Not read by the catalog: no figure cites it directly; it is reached through the sources that repeat it."
            )
        if s.note:
            body.append(f"- Note: {esc(s.note)}")
        body += ["", f"Cited by ({len(lines)}):" if lines else "Cited by nothing in the catalog.", ""]
        body += [f"- {line}" for line in lines]
        body.append("")
    return doc("Sources", body)


def excerpt(text: str, limit: int = 80) -> str:
    """The start of a statement, cut at a word boundary."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "..."


def url_md(url: str | None) -> str:
    if not url:
        return "not recorded"
    if any(c in url for c in "<>"):
        return esc(url)
    return f"<{url}>"

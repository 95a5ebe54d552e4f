"""The ammunition families section page and one page per family: weapons, systems, munitions, evidence."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from equipref.pages.common import (
    UNITS,
    Site,
    claim_text,
    country_name,
    doc,
    esc,
    link,
    md_table,
    page_file,
    source_links,
)
from equipref.render import UNKNOWN, fmt_hedged, fmt_measure

if TYPE_CHECKING:
    from equipref.model import AmmunitionFamily, Claim, Evidence, System


def families_index(site: Site) -> str:
    rows = []
    for f in site.catalog.families:
        evidence = [e for e in site.catalog.evidence if f.id in (e.ammunition, e.fired_from)]
        rows.append(
            [
                link(f.name, page_file(f.id)),
                esc(fmt_measure(f.caliber, UNITS.caliber)),
                esc(f.bore or UNKNOWN),
                esc(f.loading or UNKNOWN),
                esc(f.standard or ""),
                esc(f.origin or ""),
                str(len(site.weapons_of_family.get(f.id, ()))),
                str(len(evidence)),
            ]
        )
    body = [
        "Ammunition families decide whether two weapons can share rounds: caliber, bore, loading and standard.",
        "",
        md_table(["Family", "Caliber", "Bore", "Loading", "Standard", "Origin", "Weapons", "Evidence records"], rows),
        "",
        "[Back to the index](../index.md)",
    ]
    return doc("Ammunition families", body)


def family_page(site: Site, family: AmmunitionFamily) -> str:
    cat = site.catalog
    up = "../"
    facts = [
        f"- Caliber: {esc(fmt_measure(family.caliber, UNITS.caliber))}",
        f"- Bore: {esc(family.bore or UNKNOWN)}",
        f"- Loading: {esc(family.loading or UNKNOWN)}",
        f"- Standard: {esc(family.standard or 'not recorded')}",
        f"- Origin: {esc(country_name(family.origin))}",
        f"- Sources: {source_links(family.sources, up)}",
    ]
    body = ["[Index](../index.md) · [All families](index.md)", "", *facts, ""]
    if family.note:
        body += [f"Note: {esc(family.note)}", ""]

    body += ["## Weapons of this family", ""]
    weapon_ids = site.weapons_of_family.get(family.id, [])
    if weapon_ids:
        rows = []
        for wid in weapon_ids:
            w = cat.weapon(wid)
            calibers = "; ".join(esc(claim_text(c, fmt_measure(c.value, UNITS.caliber))) for c in w.caliber)
            calibers = calibers or UNKNOWN
            sources = source_links([s for c in w.caliber for s in c.sources], up)
            systems = ", ".join(f"{site.system_link(s.id, up)} ({s.country})" for s in cat.systems_with_weapon(wid))
            rows.append([esc(w.name), esc(w.kind), calibers, esc(country_name(w.origin)), systems or "none", sources])
        body += [md_table(["Weapon", "Kind", "Caliber", "Origin", "Systems", "Caliber sources"], rows), ""]
    else:
        body += ["No weapon in the catalog is recorded with this family.", ""]

    body += ["## Systems that fire it", ""]
    native = site.systems_of_family(family.id)
    by_evidence: dict[str, list[tuple[System, Evidence]]] = defaultdict(list)
    for ev in cat.evidence:
        if ev.stance not in ("interchangeable", "conditional"):
            continue
        hosts = []
        if ev.ammunition == family.id:
            hosts.append(ev.fired_from)
        if ev.both_ways and ev.fired_from == family.id and ev.ammunition != family.id:
            hosts.append(ev.ammunition)
        for host in hosts:
            for s in site.systems_of_family(host):
                by_evidence[s.country].append((s, ev))
    countries = sorted({s.country for s in native} | set(by_evidence))
    if not countries:
        body += ["No system in the catalog fires this family.", ""]
    for country in countries:
        body += [f"### {esc(country_name(country))}", ""]
        for s in native:
            if s.country == country:
                body.append(f"- {site.system_link(s.id, up)} ({s.role}): its own weapon fires this family")
        seen: set[tuple[str, int]] = set()
        for s, ev in by_evidence.get(country, []):
            key = (s.id, cat.evidence.index(ev))
            if key in seen:
                continue
            seen.add(key)
            host = ev.fired_from if ev.ammunition == family.id else ev.ammunition
            body.append(
                f"- {site.system_link(s.id, up)} ({s.role}): {ev.stance} according to "
                f"{source_links(ev.sources, up)} (its weapon is of {site.family_link(host, up)})"
            )
        body.append("")

    body += ["## Munitions", ""]
    munitions = [m for m in cat.munitions if m.family == family.id]
    if munitions:
        rows = []
        for m in munitions:
            claims: list[tuple[str, Claim[Any]]] = [("max", c) for c in m.max_range] + [("min", c) for c in m.min_range]
            if not claims:
                rows.append([esc(m.name), esc(m.kind), UNKNOWN, "", "", ""])
            for i, (which, c) in enumerate(claims):
                value = esc(fmt_hedged(fmt_measure(c.value, UNITS.range), c.hedge))
                rows.append(
                    [
                        esc(m.name) if i == 0 else "",
                        esc(m.kind) if i == 0 else "",
                        value if which == "max" else "",
                        value if which == "min" else "",
                        esc(c.qualifier)
                        + (f" (as fired from {esc(cat.weapon(c.fired_from).name)} only)" if c.fired_from else ""),
                        source_links(c.sources, up),
                    ]
                )
        body += [md_table(["Munition", "Kind", "Max range", "Min range", "Qualifier", "Sources"], rows), ""]
        statements = [(m, c) for m in munitions for c in m.notes]
        if statements:
            body += ["What sources say about these munitions:", ""]
            body += [f"- {esc(m.name)}: {esc(c.value)} ({source_links(c.sources, up)})" for m, c in statements]
            body.append("")
    else:
        body += ["No munition of this family is recorded.", ""]

    body += ["## Interchangeability evidence", ""]
    evidence = [e for e in cat.evidence if family.id in (e.ammunition, e.fired_from)]
    if evidence:
        rows = []
        for ev in evidence:
            rows.append(
                [
                    site.family_link(ev.ammunition, up),
                    site.family_link(ev.fired_from, up),
                    esc(ev.stance),
                    "yes" if ev.both_ways else "no",
                    "; ".join(esc(c) for c in ev.conditions),
                    esc(ev.note),
                    source_links(ev.sources, up),
                ]
            )
        body += [
            "Sourced statements on whether rounds of one family work in weapons of another. Without `both ways`, "
            "a statement says nothing of the reverse direction.",
            "",
            md_table(["Rounds of", "Fired from", "Stance", "Both ways", "Conditions", "Note", "Sources"], rows),
            "",
        ]
    else:
        body += [
            "No source speaks to these rounds in weapons of another family (the same caliber is not evidence).",
            "",
        ]
    return doc(family.name, body)

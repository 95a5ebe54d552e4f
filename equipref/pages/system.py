"""The systems section page and one page per system: figures, statements, armament, ranges, counterparts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from equipref.dump import dump
from equipref.headline import headline, range_cell
from equipref.pages.common import (
    NBSP,
    ROLES,
    UNITS,
    Site,
    adopt,
    country_name,
    doc,
    esc,
    link,
    page_file,
    source_entry,
    source_links,
)
from equipref.render import Table, compare_tables, list_table, show_tables

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.comparison import Comparison
    from equipref.model import System


def systems_index(site: Site) -> str:
    systems = sorted(site.systems, key=lambda s: (s.country, s.role, s.name.casefold(), s.id))
    table = list_table(site.catalog, systems, UNITS)
    table.headers.append("Max range")
    for row, system in zip(table.rows, systems, strict=True):
        row.append(range_summary(site.catalog, system))
    body = [
        "Every system in the catalog, by country and role. The caliber is the main weapon's; the maximum range "
        "is the main weapon's, under the `supported` policy ([grades and policy](../grades.md)), with the span "
        "of its claims and how many independent origins give them.",
        "",
        adopt(table, {"Name": lambda cell, i: link(systems[i].name, page_file(systems[i].id))}),
        "",
        "[Back to the index](../index.md)",
    ]
    return doc("Systems", body)


def system_page(site: Site, system: System) -> str:
    from equipref.comparison import compare
    from equipref.record import system_record

    cat = site.catalog
    record = system_record(cat, system)
    dumped = dump(record)
    tables = {t.title: t for t in show_tables(dumped, UNITS)}
    up = "../"
    links = {"Sources": lambda cell, i: source_links(cell, up)}
    body = [
        f"{esc(ROLES.get(system.role, system.role).capitalize())} ({system.role}) of {esc(country_name(system.country))}.",
        "",
    ]
    if system.aliases:
        body += [f"Also known as: {', '.join(esc(a.name) for a in system.aliases)}.", ""]
    if record.variant_of is not None:
        base_link = site.system_link(record.variant_of.system, up)
        body += [f"A variant of the {base_link}, recorded separately: no figure of the base is shown here.", ""]
    if record.variants:
        variant_links = ", ".join(site.system_link(v.system, up) for v in record.variants)
        body += [f"Variants recorded separately: {variant_links}.", ""]
    body += ["[Index](../index.md) · [All systems](index.md)", "", "## Figures", ""]
    figures = next(t for title, t in tables.items() if title.startswith("Figures"))
    figures = Table(figures.title, figures.headers, [r for r in figures.rows if r[0] != "statement"])
    body += [adopt(figures, links), ""]
    if system.notes:
        body += ["## Statements", ""]
        for note in system.notes:
            extra = f" ({esc(note.qualifier)})" if note.qualifier else ""
            remark = f" Note: {esc(note.note)}" if note.note else ""
            body.append(f"- {esc(note.value)}{extra} (sources: {source_links(note.sources, up)}){remark}")
        body.append("")
    if system.note:
        body += [f"Editors' note (unsourced): {esc(system.note)}", ""]

    body += ["## Armament", ""]
    if record.armament:
        armament = tables["Armament"]
        families = [a.family for a in record.armament]

        def family_cell(cell: str, i: int) -> str:
            fam = families[i]
            return site.family_link(fam.id, up, cell) if fam is not None else esc(cell)

        body += [adopt(armament, {**links, "Ammunition family": family_cell}), ""]
        for arm in record.armament:
            if arm.note:
                body.append(f"- {esc(arm.weapon.name)} ({arm.mount}): {esc(arm.note)}")
        body.append("")
    else:
        body += ["No armament recorded.", ""]

    body += ["## Range claims", ""]
    munitions = tables.get("Munitions and ranges")
    if munitions is not None and munitions.rows:
        body += [
            "Every range claim of every munition listed for the system's weapons, one row per claim.",
            "",
            adopt(munitions, links),
            "",
        ]
    else:
        body += ["No munitions with range claims are listed for this system.", ""]

    body += counterpart_sections(site, system, record, compare)

    body += ["## Sources", ""]
    for n, src in enumerate(record.sources, 1):
        body.append(f"{n}. {source_entry(src, up)}")
    return doc(system.name, body)


def counterpart_sections(site: Site, system: System, record: Any, compare: Callable[..., Comparison]) -> list[str]:
    cat = site.catalog
    asserted = {cp.system: cp for cp in record.counterparts}
    ranked: list[str] = []
    for comp in site.comparisons_of.get(system.id, ()):
        if comp.paired_by:
            continue
        partner = comp.b if comp.a == system.id else comp.a if comp.b == system.id else None
        if partner is not None and partner not in asserted and partner not in ranked:
            ranked.append(partner)
    partners = sorted(asserted, key=lambda i: (cat.system(i).name.casefold(), i))
    partners += sorted(ranked, key=lambda i: (cat.system(i).name.casefold(), i))
    body = ["## Counterparts", ""]
    if not partners:
        return body + [
            "No source pairs this system with another. `equipref counterparts "
            f"{system.id}` ranks candidates by role, ammunition and range.",
            "",
        ]
    body += [
        f"Each counterpart compared weapon by weapon (range policy `supported`, caliber tolerance 0.5{NBSP}mm), with the "
        "ammunition grade in both directions and the reasons for it.",
        "",
    ]
    up = "../"
    links = {"Sources": lambda cell, i: source_links(cell, up)}
    for other_id in partners:
        other = cat.system(other_id)
        body += [f"### {link(other.name, page_file(other_id))} ({other.country}, {other.role})", ""]
        cp = asserted.get(other_id)
        if cp is not None:
            body.append(f"Paired by a source: {source_links(cp.sources, up)}.")
            if cp.note:
                body += ["", f"> {esc(cp.note)}"]
        else:
            lead, ranked_one = (system, other) if system.country == "CN" else (other, system)
            body.append(
                f"No source pairs these systems: equipref ranks {esc(ranked_one.name)} as the closest Russian "
                f"counterpart of {esc(lead.name)} (the best score of `equipref counterparts {lead.id} --country RU`)."
            )
        body.append("")
        comparison = compare(system, other, "supported", cat)
        for table in compare_tables(comparison, UNITS):
            if table.headers == ["Reason", "Sources"]:
                continue  # the pairing is stated above, with its sources
            body += [f"**{esc(table.title)}**", "", adopt(table, links), ""]
    return body


def range_summary(catalog: Catalog, system: System) -> str:
    """A system's headline range for tables (`equipref.headline`), with its support."""
    return range_cell(headline(catalog, system).range, UNITS.range)

"""The generated Markdown reference: ``equipref docs`` writes it, ``equipref docs --check`` finds stale pages.

`render_site` turns a catalog into a dict of files (relative posix path -> bytes): an index with the
China-vs-Russia table and the charts, one page per system and per ammunition family, the section pages
``systems/index.md`` and ``families/index.md``, a sources page with an anchor per source id, and two SVG
charts (`equipref.charts`). The output is deterministic: the same catalog gives the same bytes, because every
list is sorted by id (or comes from the engine in its documented order) and nothing depends on the clock,
the machine or set order.

Pages are plain Markdown that reads well on a code host and builds with ``mkdocs build --strict``: tables in
GitHub format, headings, relative links only, and no raw HTML except ``<a id="...">`` anchors on the sources
page. Every generated file carries `MARKER`. Writing the files into a folder, and finding stale ones, is
`equipref.site_writer`'s job.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from equipref.charts import MARKER, calibers_svg, ranges_svg, system_range
from equipref.render import (
    UNKNOWN,
    DisplayUnits,
    Table,
    compare_tables,
    fmt_hedged,
    fmt_measure,
    fmt_number,
    format_tables,
    list_table,
    overview_table,
    show_tables,
)

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.comparison import Comparison
    from equipref.model import AmmunitionFamily, Claim, Evidence, Source, System

__all__ = ["MARKER", "render_site"]

#: Metric, as the issue asks: mm, km, t.
UNITS = DisplayUnits()

ROLES = {
    "MBT": "main battle tank",
    "IFV": "infantry fighting vehicle",
    "APC": "armoured personnel carrier",
    "SPH": "self-propelled howitzer",
    "TH": "towed howitzer",
    "MLRS": "multiple launch rocket system",
    "SRBM": "short-range ballistic missile system",
}
COUNTRIES = {"CN": "China", "RU": "Russia"}
LEVEL_TEXT = (
    ("interchangeable", "the same ammunition family, or a source states that the rounds fit"),
    ("conditional", "a source says they fit under conditions, or the guns share a sourced lineage"),
    ("caliber-only", "the same caliber and nothing more: unverified (same caliber is not evidence)"),
    ("incompatible", "different caliber, bore, loading or standard, or a source says they do not fit"),
)


# -- Markdown helpers -----------------------------------------------------------------------------------


def _esc(text: object) -> str:
    """Inline text made safe for Markdown (and for a table cell): one line, specials escaped."""
    out = " ".join(str(text).split())
    for char in ("\\", "`", "*", "_", "[", "]", "|"):
        out = out.replace(char, "\\" + char)
    return out.replace("<", "&lt;")


def _link(text: str, href: str) -> str:
    return f"[{_esc(text)}]({href})"


def _page(entry_id: str) -> str:
    """The file name of an entry's page (``index`` is the section page's name; ids never contain ``_``)."""
    return f"{entry_id}_.md" if entry_id == "index" else f"{entry_id}.md"


def _source_link(source_id: str, up: str) -> str:
    return f"[{_esc(source_id)}]({up}sources.md#{source_id})"


def _source_links(ids: Sequence[str] | str, up: str) -> str:
    if isinstance(ids, str):
        ids = [s for s in ids.split(", ") if s]
    return ", ".join(_source_link(s, up) for s in dict.fromkeys(ids))


def _country(code: str | None) -> str:
    if not code:
        return "unknown"
    return f"{COUNTRIES[code]} ({code})" if code in COUNTRIES else code


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub table of cells that are already Markdown."""
    return format_tables([Table("", [_esc(h) for h in headers], [list(r) for r in rows])], "github", titles=False)


def _adopt(table: Table, special: dict[str, Callable[[str, int], str]] | None = None) -> str:
    """A table from `equipref.render` as Markdown: cells escaped, columns named in ``special`` transformed.

    ``special`` maps a header to a function of (raw cell, row index) that returns Markdown.
    """
    special = special or {}
    funcs = [special.get(h) for h in table.headers]
    rows = [
        [f(cell, i) if f else _esc(cell) for f, cell in zip(funcs, row, strict=True)]
        for i, row in enumerate(table.rows)
    ]
    return _table(table.headers, rows)


def _claim_text(claim: Claim[Any], value: str) -> str:
    text = fmt_hedged(value, claim.hedge)
    return f"{text} ({claim.qualifier})" if claim.qualifier else text


def _doc(title: str, body: list[str]) -> str:
    text = "\n".join([MARKER, "", f"# {_esc(title)}", "", *body]).rstrip("\n") + "\n"
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


# -- the site -------------------------------------------------------------------------------------------


class _Site:
    def __init__(self, catalog: Catalog) -> None:
        from equipref.comparison import overview

        self.catalog = catalog
        self.systems = sorted(catalog.systems(), key=lambda s: s.id)
        self.comparisons = overview(catalog, "CN", "RU", "max")
        self.weapons_of_family: dict[str, list[str]] = defaultdict(list)
        for w in catalog.weapons:
            if w.family:
                self.weapons_of_family[w.family].append(w.id)

    # -- links ----------------------------------------------------------------------------------------
    def system_link(self, system_id: str, up: str) -> str:
        return _link(self.catalog.system(system_id).name, f"{up}systems/{_page(system_id)}")

    def family_link(self, family_id: str, up: str, text: str | None = None) -> str:
        return _link(text or self.catalog.family(family_id).name, f"{up}families/{_page(family_id)}")

    def weapon_target(self, weapon_id: str) -> str | None:
        """Where a weapon is described: its family's page, else the first system that mounts it."""
        weapon = self.catalog.weapon(weapon_id)
        if weapon.family:
            return f"families/{_page(weapon.family)}"
        systems = self.catalog.systems_with_weapon(weapon_id)
        return f"systems/{_page(systems[0].id)}" if systems else None

    def systems_of_family(self, family_id: str) -> list[System]:
        weapons = set(self.weapons_of_family.get(family_id, ()))
        return [s for s in self.systems if any(a.weapon in weapons for a in s.armament)]

    # -- index ----------------------------------------------------------------------------------------
    def index(self) -> str:
        cat = self.catalog
        data = cat.data
        by_country: dict[str, list[System]] = defaultdict(list)
        for s in self.systems:
            by_country[s.country].append(s)
        body = [
            "A typed, unit-aware, **sourced** reference of Chinese and Russian land systems: which of them fire the "
            "same ammunition, how their calibers and ranges compare, and on whose word. Every figure below keeps "
            "the sources it comes from; when sources disagree, every claim stays, side by side. Nothing is averaged, "
            "and a figure no source gives is shown as unknown.",
            "",
            f"This reference is generated by `equipref docs` from the catalog: {len(self.systems)} systems, "
            f"{len(data.weapon)} weapons, {len(data.munition)} munitions, {len(data.family)} ammunition families, "
            f"{len(data.evidence)} interchangeability records and {len(data.source)} [sources](sources.md). "
            "Edit the catalog, not these pages.",
            "",
            "## China against Russia",
            "",
            "Each Chinese system against its Russian counterparts: those a source pairs it with, or the best-ranked "
            "one when no source does. Ranges use the `max` policy (the highest claim, as an article would quote "
            "it); each system's page lists every claim. Ammunition grades are per direction.",
            "",
        ]
        table = overview_table(self.comparisons, cat, UNITS, "CN", "RU")
        comps = self.comparisons
        body.append(
            _adopt(
                table,
                {
                    "System": lambda cell, i: self.system_link(comps[i].a, ""),
                    "Counterpart": lambda cell, i: self.system_link(comps[i].b, ""),
                },
            )
        )
        body += ["", "Grades, best first:", ""]
        body += [f"- **{level}**: {_esc(text)}" for level, text in LEVEL_TEXT]
        body += [
            "",
            "## Charts",
            "",
            "![Range chart](charts/ranges.svg)",
            "",
            "![Caliber chart](charts/calibers.svg)",
            "",
            "## Systems",
            "",
            "All systems in one table: [systems](systems/index.md).",
            "",
        ]
        for country in sorted(by_country):
            body += [f"### {_esc(_country(country))}", ""]
            for s in sorted(by_country[country], key=lambda s: (s.name.casefold(), s.id)):
                body.append(f"- {self.system_link(s.id, '')}: {_esc(ROLES.get(s.role, s.role))} ({s.role})")
            body.append("")
        body += ["## Ammunition families", "", "All families in one table: [families](families/index.md).", ""]
        for f in cat.families:
            traits = ", ".join(t for t in (f.bore, f.loading) if t)
            caliber = fmt_measure(f.caliber, UNITS.caliber) if f.caliber else "caliber unknown"
            body.append(f"- {self.family_link(f.id, '')}: {_esc(caliber + (' ' + traits if traits else ''))}")
        body += [
            "",
            "## Sources",
            "",
            f"[Every source](sources.md), with the figures that cite it ({len(data.source)}).",
        ]
        return _doc("equipref: Chinese and Russian land systems", body)

    # -- section pages --------------------------------------------------------------------------------
    def systems_index(self) -> str:
        systems = sorted(self.systems, key=lambda s: (s.country, s.role, s.name.casefold(), s.id))
        table = list_table(self.catalog, systems, UNITS)
        table.headers.append("Max range")
        for row, system in zip(table.rows, systems, strict=True):
            row.append(_range_summary(self.catalog, system))
        body = [
            "Every system in the catalog, by country and role. The caliber is the main weapon's; the maximum range "
            "is the highest claim (policy `max`) in the munition category of the system's longest claim.",
            "",
            _adopt(table, {"Name": lambda cell, i: _link(systems[i].name, _page(systems[i].id))}),
            "",
            "[Back to the index](../index.md)",
        ]
        return _doc("Systems", body)

    def families_index(self) -> str:
        rows = []
        for f in self.catalog.families:
            evidence = [e for e in self.catalog.evidence if f.id in (e.ammunition, e.fired_from)]
            rows.append(
                [
                    _link(f.name, _page(f.id)),
                    _esc(fmt_measure(f.caliber, UNITS.caliber)),
                    _esc(f.bore or UNKNOWN),
                    _esc(f.loading or UNKNOWN),
                    _esc(f.standard or ""),
                    _esc(f.origin or ""),
                    str(len(self.weapons_of_family.get(f.id, ()))),
                    str(len(evidence)),
                ]
            )
        body = [
            "Ammunition families decide whether two weapons can share rounds: caliber, bore, loading and standard.",
            "",
            _table(["Family", "Caliber", "Bore", "Loading", "Standard", "Origin", "Weapons", "Evidence records"], rows),
            "",
            "[Back to the index](../index.md)",
        ]
        return _doc("Ammunition families", body)

    # -- one system -----------------------------------------------------------------------------------
    def system_page(self, system: System) -> str:
        from equipref.comparison import compare
        from equipref.record import system_record

        cat = self.catalog
        record = system_record(cat, system)
        dumped = record.model_dump(mode="json")
        tables = {t.title: t for t in show_tables(dumped, UNITS)}
        up = "../"
        links = {"Sources": lambda cell, i: _source_links(cell, up)}
        body = [
            f"{_esc(ROLES.get(system.role, system.role).capitalize())} ({system.role}) of {_esc(_country(system.country))}.",
            "",
        ]
        if system.aliases:
            body += [f"Also known as: {', '.join(_esc(a) for a in system.aliases)}.", ""]
        body += ["[Index](../index.md) · [All systems](index.md)", "", "## Figures", ""]
        figures = next(t for title, t in tables.items() if title.startswith("Figures"))
        figures = Table(figures.title, figures.headers, [r for r in figures.rows if r[0] != "statement"])
        body += [_adopt(figures, links), ""]
        if system.notes:
            body += ["## Statements", ""]
            for note in system.notes:
                extra = f" ({_esc(note.qualifier)})" if note.qualifier else ""
                remark = f" Note: {_esc(note.note)}" if note.note else ""
                body.append(f"- {_esc(note.value)}{extra} (sources: {_source_links(note.sources, up)}){remark}")
            body.append("")
        if system.note:
            body += [f"Editors' note (unsourced): {_esc(system.note)}", ""]

        body += ["## Armament", ""]
        if record.armament:
            armament = tables["Armament"]
            families = [a.family for a in record.armament]

            def family_cell(cell: str, i: int) -> str:
                fam = families[i]
                return self.family_link(fam.id, up, cell) if fam is not None else _esc(cell)

            body += [_adopt(armament, {**links, "Ammunition family": family_cell}), ""]
            for arm in record.armament:
                if arm.note:
                    body.append(f"- {_esc(arm.weapon.name)} ({arm.mount}): {_esc(arm.note)}")
            body.append("")
        else:
            body += ["No armament recorded.", ""]

        body += ["## Range claims", ""]
        munitions = tables.get("Munitions and ranges")
        if munitions is not None and munitions.rows:
            body += [
                "Every range claim of every munition listed for the system's weapons, one row per claim.",
                "",
                _adopt(munitions, links),
                "",
            ]
        else:
            body += ["No munitions with range claims are listed for this system.", ""]

        body += self.counterpart_sections(system, record, compare)

        body += ["## Sources", ""]
        for n, src in enumerate(record.sources, 1):
            body.append(f"{n}. {_source_entry(src, up)}")
        return _doc(system.name, body)

    def counterpart_sections(self, system: System, record: Any, compare: Callable[..., Comparison]) -> list[str]:
        cat = self.catalog
        asserted = {cp.system: cp for cp in record.counterparts}
        ranked: list[str] = []
        for comp in self.comparisons:
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
            "Each counterpart compared weapon by weapon (range policy `max`, caliber tolerance 0.5 mm), with the "
            "ammunition grade in both directions and the reasons for it.",
            "",
        ]
        up = "../"
        links = {"Sources": lambda cell, i: _source_links(cell, up)}
        for other_id in partners:
            other = cat.system(other_id)
            body += [f"### {_link(other.name, _page(other_id))} ({other.country}, {other.role})", ""]
            cp = asserted.get(other_id)
            if cp is not None:
                body.append(f"Paired by a source: {_source_links(cp.sources, up)}.")
                if cp.note:
                    body += ["", f"> {_esc(cp.note)}"]
            else:
                lead, ranked_one = (system, other) if system.country == "CN" else (other, system)
                body.append(
                    f"No source pairs these systems: equipref ranks {_esc(ranked_one.name)} as the closest Russian "
                    f"counterpart of {_esc(lead.name)} (the best score of `equipref counterparts {lead.id} --country RU`)."
                )
            body.append("")
            comparison = compare(system, other, "max", cat)
            for table in compare_tables(comparison, UNITS):
                if table.headers == ["Reason", "Sources"]:
                    continue  # the pairing is stated above, with its sources
                body += [f"**{_esc(table.title)}**", "", _adopt(table, links), ""]
        return body

    # -- one family -----------------------------------------------------------------------------------
    def family_page(self, family: AmmunitionFamily) -> str:
        cat = self.catalog
        up = "../"
        facts = [
            f"- Caliber: {_esc(fmt_measure(family.caliber, UNITS.caliber))}",
            f"- Bore: {_esc(family.bore or UNKNOWN)}",
            f"- Loading: {_esc(family.loading or UNKNOWN)}",
            f"- Standard: {_esc(family.standard or 'not recorded')}",
            f"- Origin: {_esc(_country(family.origin))}",
            f"- Sources: {_source_links(family.sources, up)}",
        ]
        body = ["[Index](../index.md) · [All families](index.md)", "", *facts, ""]
        if family.note:
            body += [f"Note: {_esc(family.note)}", ""]

        body += ["## Weapons of this family", ""]
        weapon_ids = self.weapons_of_family.get(family.id, [])
        if weapon_ids:
            rows = []
            for wid in weapon_ids:
                w = cat.weapon(wid)
                calibers = "; ".join(_esc(_claim_text(c, fmt_measure(c.value, UNITS.caliber))) for c in w.caliber)
                calibers = calibers or UNKNOWN
                sources = _source_links([s for c in w.caliber for s in c.sources], up)
                systems = ", ".join(f"{self.system_link(s.id, up)} ({s.country})" for s in cat.systems_with_weapon(wid))
                rows.append(
                    [_esc(w.name), _esc(w.kind), calibers, _esc(_country(w.origin)), systems or "none", sources]
                )
            body += [_table(["Weapon", "Kind", "Caliber", "Origin", "Systems", "Caliber sources"], rows), ""]
        else:
            body += ["No weapon in the catalog is recorded with this family.", ""]

        body += ["## Systems that fire it", ""]
        native = self.systems_of_family(family.id)
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
                for s in self.systems_of_family(host):
                    by_evidence[s.country].append((s, ev))
        countries = sorted({s.country for s in native} | set(by_evidence))
        if not countries:
            body += ["No system in the catalog fires this family.", ""]
        for country in countries:
            body += [f"### {_esc(_country(country))}", ""]
            for s in native:
                if s.country == country:
                    body.append(f"- {self.system_link(s.id, up)} ({s.role}): its own weapon fires this family")
            seen: set[tuple[str, int]] = set()
            for s, ev in by_evidence.get(country, []):
                key = (s.id, cat.evidence.index(ev))
                if key in seen:
                    continue
                seen.add(key)
                host = ev.fired_from if ev.ammunition == family.id else ev.ammunition
                body.append(
                    f"- {self.system_link(s.id, up)} ({s.role}): {ev.stance} according to "
                    f"{_source_links(ev.sources, up)} (its weapon is of {self.family_link(host, up)})"
                )
            body.append("")

        body += ["## Munitions", ""]
        munitions = [m for m in cat.munitions if m.family == family.id]
        if munitions:
            rows = []
            for m in munitions:
                claims: list[tuple[str, Claim[Any]]] = [("max", c) for c in m.max_range] + [
                    ("min", c) for c in m.min_range
                ]
                if not claims:
                    rows.append([_esc(m.name), _esc(m.kind), UNKNOWN, "", "", ""])
                for i, (which, c) in enumerate(claims):
                    value = _esc(fmt_hedged(fmt_measure(c.value, UNITS.range), c.hedge))
                    rows.append(
                        [
                            _esc(m.name) if i == 0 else "",
                            _esc(m.kind) if i == 0 else "",
                            value if which == "max" else "",
                            value if which == "min" else "",
                            _esc(c.qualifier),
                            _source_links(c.sources, up),
                        ]
                    )
            body += [_table(["Munition", "Kind", "Max range", "Min range", "Qualifier", "Sources"], rows), ""]
        else:
            body += ["No munition of this family is recorded.", ""]

        body += ["## Interchangeability evidence", ""]
        evidence = [e for e in cat.evidence if family.id in (e.ammunition, e.fired_from)]
        if evidence:
            rows = []
            for ev in evidence:
                rows.append(
                    [
                        self.family_link(ev.ammunition, up),
                        self.family_link(ev.fired_from, up),
                        _esc(ev.stance),
                        "yes" if ev.both_ways else "no",
                        "; ".join(_esc(c) for c in ev.conditions),
                        _esc(ev.note),
                        _source_links(ev.sources, up),
                    ]
                )
            body += [
                "Sourced statements on whether rounds of one family work in weapons of another. Without `both ways`, "
                "a statement says nothing of the reverse direction.",
                "",
                _table(["Rounds of", "Fired from", "Stance", "Both ways", "Conditions", "Note", "Sources"], rows),
                "",
            ]
        else:
            body += [
                "No source speaks to these rounds in weapons of another family (the same caliber is not evidence).",
                "",
            ]
        return _doc(family.name, body)

    # -- sources --------------------------------------------------------------------------------------
    def citations(self) -> dict[str, list[str]]:
        """For each source id, one Markdown line per figure or record that cites it (links from the site root)."""
        cat = self.catalog
        out: dict[str, list[str]] = defaultdict(list)

        def cite(sources: Sequence[str], line: str) -> None:
            for source_id in dict.fromkeys(sources):
                out[source_id].append(line)

        def where(kind: str, name: str, target: str | None) -> str:
            return f"{kind} {_link(name, target) if target else _esc(name)}"

        for s in self.systems:
            at = where("system", s.name, f"systems/{_page(s.id)}")
            for label, claims, fmt in (
                ("crew", s.crew, str),
                ("combat weight", s.combat_weight, lambda v: fmt_measure(v, UNITS.weight, "[mass]")),
                ("in service", s.in_service, str),
                ("numbers", s.numbers, lambda v: f"{v:,}"),
            ):
                for c in claims:
                    cite(c.sources, f"{at}: {label}, {_esc(_claim_text(c, fmt(c.value)))}")
            for statement in s.notes:
                cite(statement.sources, f"{at}: statement, {_esc(_excerpt(statement.value))}")
            for arm in s.armament:
                weapon = cat.weapon(arm.weapon).name
                for carried in arm.rounds:
                    text = _claim_text(carried, str(carried.value))
                    cite(carried.sources, f"{at}: rounds carried for the {_esc(weapon)}, {_esc(text)}")
            for cp in s.counterparts:
                cite(cp.sources, f"{at}: counterpart {self.system_link(cp.system, '')}")
        for w in cat.weapons:
            at = where("weapon", w.name, self.weapon_target(w.id))
            for c in w.caliber:
                cite(c.sources, f"{at}: caliber, {_esc(_claim_text(c, fmt_measure(c.value, UNITS.caliber)))}")
            for parent in w.derived_from:
                cite(parent.sources, f"{at}: derived from {_esc(_claim_text(parent, cat.weapon(parent.value).name))}")
            for tubes in w.tubes:
                cite(tubes.sources, f"{at}: tubes, {_esc(_claim_text(tubes, str(tubes.value)))}")
        for m in cat.munitions:
            at = where("munition", m.name, f"families/{_page(m.family)}")
            for label, claims in (("caliber", m.caliber), ("max range", m.max_range), ("min range", m.min_range)):
                unit = UNITS.caliber if label == "caliber" else UNITS.range
                for c in claims:
                    cite(c.sources, f"{at}: {label}, {_esc(_claim_text(c, fmt_measure(c.value, unit)))}")
        for f in cat.families:
            cite(f.sources, f"{where('ammunition family', f.name, f'families/{_page(f.id)}')}: its definition")
        for ev in cat.evidence:
            line = (
                f"evidence: rounds of {self.family_link(ev.ammunition, '')} in weapons of "
                f"{self.family_link(ev.fired_from, '')}, {ev.stance}" + (", both ways" if ev.both_ways else "")
            )
            cite(ev.sources, line)
        return out

    def sources_page(self) -> str:
        cat = self.catalog
        cited = self.citations()
        rows = []
        for s in cat.sources:
            rows.append(
                [
                    f"[{_esc(s.id)}](#{s.id})",
                    _esc(s.title),
                    _esc(s.publisher),
                    _esc(s.date or ""),
                    _esc(s.reliability or ""),
                    str(len(cited.get(s.id, []))),
                ]
            )
        body = [
            "Every source in the catalog, with the figures and records that cite it. Grades run from A (most "
            "reliable) to D, as the catalog's editors assigned them.",
            "",
            "[Back to the index](index.md)",
            "",
            _table(["ID", "Title", "Publisher", "Date", "Grade", "Citations"], rows),
            "",
        ]
        for s in cat.sources:
            lines = cited.get(s.id, [])
            body += [
                f'<a id="{s.id}"></a>',
                "",
                f"## {_esc(s.title)}",
                "",
                f"- ID: `{s.id}`",
                f"- Publisher: {_esc(s.publisher)}",
                f"- Date: {_esc(s.date or 'not recorded')}",
                f"- URL: {_url(s.url)}",
                f"- Kind: {_esc(s.kind)}" + (f"; language: {s.language}" if s.language else ""),
                f"- Grade: {_esc(s.reliability or 'not graded')}",
            ]
            if s.note:
                body.append(f"- Note: {_esc(s.note)}")
            body += ["", f"Cited by ({len(lines)}):" if lines else "Cited by nothing in the catalog.", ""]
            body += [f"- {line}" for line in lines]
            body.append("")
        return _doc("Sources", body)


def _excerpt(text: str, limit: int = 80) -> str:
    """The start of a statement, cut at a word boundary."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "..."


def _url(url: str | None) -> str:
    if not url:
        return "not recorded"
    if any(c in url for c in "<>"):
        return _esc(url)
    return f"<{url}>"


def _source_entry(source: Source, up: str) -> str:
    date = f", {source.date}" if source.date else ""
    grade = f", grade {source.reliability}" if source.reliability else ""
    return f"{_link(source.title, f'{up}sources.md#{source.id}')}: {_esc(source.publisher)}{_esc(date)}{grade} (`{source.id}`)"


# -- the API cli.py calls ----------------------------------------------------------------------------


def render_site(catalog: Catalog) -> dict[str, bytes]:
    """Every generated file: relative posix path (``"index.md"``, ``"systems/type-99.md"``,
    ``"charts/ranges.svg"``) -> content. The same catalog always gives the same bytes."""
    site = _Site(catalog)
    pages: dict[str, str] = {
        "index.md": site.index(),
        "sources.md": site.sources_page(),
        "systems/index.md": site.systems_index(),
        "families/index.md": site.families_index(),
        "charts/ranges.svg": ranges_svg(catalog, site.comparisons),
        "charts/calibers.svg": calibers_svg(catalog),
    }
    for system in site.systems:
        pages[f"systems/{_page(system.id)}"] = site.system_page(system)
    for family in catalog.families:
        pages[f"families/{_page(family.id)}"] = site.family_page(family)
    return {path: pages[path].encode("utf-8") for path in sorted(pages)}


def _range_summary(catalog: Catalog, system: System) -> str:
    """A system's headline range for tables: the ``max`` figure, with the span when sources disagree."""
    span = system_range(catalog, system)
    if span is None:
        return UNKNOWN
    text = f"{fmt_number(span.high_km, 1)} km"
    return f"{text} (claims {fmt_number(span.low_km, 1)} to {text})" if span.disputed else text

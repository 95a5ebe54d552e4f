"""What every page of the generated reference shares: Markdown helpers and the `Site` (catalog-wide lists and links).

Pages are plain Markdown that reads well on a code host and builds with ``mkdocs build --strict``: tables in
GitHub format, headings, relative links only, and no raw HTML except ``<a id="...">`` anchors on the sources
page. Every page starts with `MARKER`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from equipref.charts import MARKER
from equipref.render import DisplayUnits, Table, fmt_hedged, format_tables

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.comparison import Comparison
    from equipref.model import Claim, Source, System

#: Metric, as the issue asks: mm, km, t.
UNITS = DisplayUnits()

ROLES = {
    "MBT": "main battle tank",
    "TD": "tank destroyer / assault gun",
    "IFV": "infantry fighting vehicle",
    "APC": "armoured personnel carrier",
    "SPH": "self-propelled howitzer",
    "TH": "towed howitzer",
    "MOR": "mortar",
    "MLRS": "multiple launch rocket system",
    "SRBM": "short-range ballistic missile system",
}
COUNTRIES = {"CN": "China", "RU": "Russia"}


#: A number followed by a unit symbol: the space between them becomes a no-break space, so a browser never
#: wraps ``130 km`` between its number and unit.
_NUMBER_UNIT = re.compile(r"(?<=\d) (?=(?:mm|cm|m|km|t|kg|lb|in|ft|yd|mi|nmi|g)\b)")
NBSP = "\u00a0"


def esc(text: object) -> str:
    """Inline text made safe for Markdown (and for a table cell): one line, specials escaped, numbers kept
    with their units."""
    out = _NUMBER_UNIT.sub(NBSP, " ".join(str(text).split()))
    for char in ("\\", "`", "*", "_", "[", "]", "|"):
        out = out.replace(char, "\\" + char)
    return out.replace("<", "&lt;")


def link(text: str, href: str) -> str:
    return f"[{esc(text)}]({href})"


def page_file(entry_id: str) -> str:
    """The file name of an entry's page (``index`` is the section page's name; ids never contain ``_``)."""
    return f"{entry_id}_.md" if entry_id == "index" else f"{entry_id}.md"


def source_link(source_id: str, up: str) -> str:
    return f"[{esc(source_id)}]({up}sources.md#{source_id})"


def source_links(ids: Sequence[str] | str, up: str) -> str:
    if isinstance(ids, str):
        ids = [s for s in ids.split(", ") if s]
    return ", ".join(source_link(s, up) for s in dict.fromkeys(ids))


def country_name(code: str | None) -> str:
    if not code:
        return "unknown"
    return f"{COUNTRIES[code]} ({code})" if code in COUNTRIES else code


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub table of cells that are already Markdown."""
    return format_tables(
        [Table("", [esc(h) for h in headers], [list(r) for r in rows])], "github", titles=False, markup=True
    )


def adopt(table: Table, special: dict[str, Callable[[str, int], str]] | None = None) -> str:
    """A table from `equipref.render` as Markdown: cells escaped, columns named in ``special`` transformed.

    ``special`` maps a header to a function of (raw cell, row index) that returns Markdown.
    """
    special = special or {}
    funcs = [special.get(h) for h in table.headers]
    rows = [
        [f(cell, i) if f else esc(cell) for f, cell in zip(funcs, row, strict=True)] for i, row in enumerate(table.rows)
    ]
    return md_table(table.headers, rows)


def claim_text(claim: Claim[Any], value: str) -> str:
    text = fmt_hedged(value, claim.hedge)
    return f"{text} ({claim.qualifier})" if claim.qualifier else text


def doc(title: str, body: list[str]) -> str:
    text = "\n".join([MARKER, "", f"# {esc(title)}", "", *body]).rstrip("\n") + "\n"
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def source_entry(source: Source, up: str) -> str:
    date = f", {source.date}" if source.date else ""
    grade = f", grade {source.reliability}" if source.reliability else ""
    return f"{link(source.title, f'{up}sources.md#{source.id}')}: {esc(source.publisher)}{esc(date)}{grade} (`{source.id}`)"


class Site:
    """The catalog with what several pages need: systems by id, the China-vs-Russia overview, families' weapons."""

    def __init__(self, catalog: Catalog) -> None:
        from equipref.comparison import overview

        self.catalog = catalog
        self.systems = sorted(catalog.systems(), key=lambda s: s.id)
        self.comparisons = overview(catalog, "CN", "RU", "supported")
        #: The comparisons each system takes part in: one look-up per page, not a scan of all of them.
        self.comparisons_of: dict[str, list[Comparison]] = defaultdict(list)
        for comp in self.comparisons:
            self.comparisons_of[comp.a].append(comp)
            if comp.b is not None and comp.b != comp.a:
                self.comparisons_of[comp.b].append(comp)
        self.weapons_of_family: dict[str, list[str]] = defaultdict(list)
        for w in catalog.weapons:
            if w.family:
                self.weapons_of_family[w.family].append(w.id)

    # -- links ----------------------------------------------------------------------------------------
    def system_link(self, system_id: str, up: str) -> str:
        return link(self.catalog.system(system_id).name, f"{up}systems/{page_file(system_id)}")

    def family_link(self, family_id: str, up: str, text: str | None = None) -> str:
        return link(text or self.catalog.family(family_id).name, f"{up}families/{page_file(family_id)}")

    def weapon_target(self, weapon_id: str) -> str | None:
        """Where a weapon is described: its family's page, else the first system that mounts it."""
        weapon = self.catalog.weapon(weapon_id)
        if weapon.family:
            return f"families/{page_file(weapon.family)}"
        systems = self.catalog.systems_with_weapon(weapon_id)
        return f"systems/{page_file(systems[0].id)}" if systems else None

    def systems_of_family(self, family_id: str) -> list[System]:
        weapons = set(self.weapons_of_family.get(family_id, ()))
        return [s for s in self.systems if any(a.weapon in weapons for a in s.armament)]

"""Turning results into tables: display units, number formatting, and output in any tabulate format or CSV.

Everything here returns strings; nothing prints. Cells are formatted before they reach tabulate (with its
number parsing off), so ``125.0`` never turns into ``125`` behind our back and output is byte-stable.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from equipref.display import _DECIMALS, DisplayUnits, fmt_claimed, fmt_number
from equipref.errors import UsageError
from equipref.units import Measure, parse_measure

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.comparison import ArmamentPair, Comparison, CounterpartScore
    from equipref.compat import Grade
    from equipref.diffing import CatalogDiff
    from equipref.matching import WeaponMatch
    from equipref.model import System
    from equipref.ranges import RangeFigure
    from equipref.resolving import Resolution

__all__ = ["DisplayUnits", "Table", "fmt_number", "format_tables", "output_formats"]

UNKNOWN = "unknown"
#: The counterpart cell of a system that no source pairs and nothing ranks (`equipref.comparison.overview`).
NO_COUNTERPART = "none found"


def fmt_measure(value: Measure | str | None, unit: str, dimension: str = "[length]") -> str:
    """``value`` as its source wrote it, with ``unit`` beside it at the source's precision when it differs.

    ``"125 mm"``, ``"220 mi (354 km)"``, ``"54 t (119,000 lb)"``: a conversion never looks more precise than
    its source (`equipref.display`).
    """
    if value is None:
        return UNKNOWN
    measure = parse_measure(value, dimension) if isinstance(value, str) else value
    return fmt_claimed(measure, unit)


def fmt_signed(value: Measure | str | None, unit: str) -> str:
    if value is None:
        return ""
    measure = value if isinstance(value, Measure) else _signed_from_text(value)
    shown = fmt_number(measure.m_as(unit), _DECIMALS.get(unit, 3))
    return f"{'+' if not shown.startswith('-') and shown != '0' else ''}{shown} {unit}"


def _signed_from_text(text: str) -> Measure:
    number, _, unit = text.partition(" ")
    return Measure(float(number), unit)


def fmt_hedged(text: str, hedge: str | None) -> str:
    return f"{hedge} {text}" if hedge else text


def fmt_sources(sources: Iterable[str]) -> str:
    return ", ".join(sources)


@dataclass
class Table:
    """A titled table of pre-formatted cells."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    #: A short fixed name, for ``--table`` (CSV holds one table): ``figures``, ``armament``...
    name: str = ""
    #: Lines printed under the table in text formats (a legend, statements as bullets), wrapped to the width.
    notes: list[str] = field(default_factory=list)
    #: What a terminal is shown instead of the rows (bullets, wrapped to the width), for tables whose cells
    #: read badly in narrow columns (long reasons, URLs); other formats, and a pipe, get the rows.
    lines: list[str] | None = None


#: The grades, best first, in one line: printed under every table that shows grades.
GRADE_LEGEND = (
    "Grades, best first: interchangeable (same family, or a source says the rounds fit) > conditional "
    "(fit under conditions) > caliber-only (same caliber, nothing more) > incompatible."
)


def output_formats() -> list[str]:
    """Every ``--format`` value: tabulate's formats but the unescaped ones, plus ``json`` and ``csv``."""
    from equipref.text_safety import UNSAFE_FORMATS

    return sorted({*_tabulate_module().tabulate_formats, "json", "csv"} - UNSAFE_FORMATS)


def _tabulate_module() -> Any:
    """tabulate, imported without ``importlib.metadata`` where nothing has imported that yet.

    tabulate asks ``importlib.metadata`` for its own version as it is imported, and that import (email,
    zipfile, csv, inspect...) costs a new question about a tenth of ``import pint``, for a string nothing here
    reads. While tabulate is imported, a stand-in answers that one question (its version is not known yet) and
    hands anything else to the real module; tabulate's ``__version__`` is then looked up when first read.
    """
    import sys

    if "tabulate" in sys.modules or "importlib.metadata" in sys.modules:
        import tabulate  # type: ignore[import-untyped]

        return tabulate
    import types

    class PackageNotFoundError(ModuleNotFoundError):
        pass

    def version(name: str) -> str:
        raise PackageNotFoundError(name)

    def real(name: str) -> Any:
        if name.startswith("__"):  # the import system asks a module for __path__ and the like
            raise AttributeError(name)
        if sys.modules.get("importlib.metadata") is stand_in:
            del sys.modules["importlib.metadata"]
        import importlib.metadata

        return getattr(importlib.metadata, name)

    stand_in = types.ModuleType("importlib.metadata")
    stand_in.version = version  # type: ignore[attr-defined]
    stand_in.PackageNotFoundError = PackageNotFoundError  # type: ignore[attr-defined]
    stand_in.__getattr__ = real  # type: ignore[method-assign]
    sys.modules["importlib.metadata"] = stand_in
    try:
        import tabulate
    finally:
        if sys.modules.get("importlib.metadata") is stand_in:
            del sys.modules["importlib.metadata"]
    if tabulate.__dict__.get("__version__") == "unknown":
        del tabulate.__version__

        def version_when_read(name: str) -> str:
            if name != "__version__":
                raise AttributeError(f"module 'tabulate' has no attribute {name!r}")
            from importlib.metadata import version

            tabulate.__version__ = found = version("tabulate")
            return found

        tabulate.__getattr__ = version_when_read
    return tabulate


def _tabulate(table: Table, fmt: str, fitted: bool = False) -> str:
    tabulate = _tabulate_module()

    # Pad by terminal cells as `equipref.layout.cells` counts them, whether or not the optional wcwidth is
    # installed: a Chinese name takes two cells a character, and the same catalog and command must give the
    # same bytes on every machine. tabulate asks its ``wcwidth`` for widths in wide mode; it gets ours.
    # A fitted table has already been given its column widths: tabulate must not widen headers by its
    # minimum padding.
    from equipref.layout import cells

    saved = tabulate.WIDE_CHARS_MODE, tabulate.MIN_PADDING, tabulate.wcwidth
    tabulate.WIDE_CHARS_MODE, tabulate.wcwidth = True, SimpleNamespace(wcswidth=cells)
    if fitted:
        tabulate.MIN_PADDING = 0
    try:
        text: str = tabulate.tabulate(table.rows, table.headers, tablefmt=fmt, disable_numparse=True)
    finally:
        tabulate.WIDE_CHARS_MODE, tabulate.MIN_PADDING, tabulate.wcwidth = saved
    return text


def _fit(table: Table, fmt: str, width: int) -> str | None:
    """``table`` printed within ``width`` in ``fmt``, its cells wrapped; None when ``fmt`` cannot hold wrapped
    cells. A table too wide even with every column at its narrowest is printed as records instead: one
    block per row, a field per line (the way ``psql`` does it)."""
    from equipref.layout import fit_columns, overhead, wrap_cell

    # A column empty in every row says nothing but its header; in a narrow terminal it costs the others.
    keep = [i for i in range(len(table.headers)) if any(row[i] for row in table.rows)] or [0]
    if len(keep) < len(table.headers):
        table = Table(table.title, [table.headers[i] for i in keep], [[row[i] for i in keep] for row in table.rows])
    extra = overhead(fmt, len(table.headers))
    if extra is None:
        return None
    widths = fit_columns([table.headers, *table.rows], width - extra)
    if sum(widths) + extra <= width:
        wrapped = Table(
            table.title,
            [wrap_cell(h, w) for h, w in zip(table.headers, widths, strict=True)],
            [[wrap_cell(c, w) for c, w in zip(row, widths, strict=True)] for row in table.rows],
        )
        return _tabulate(wrapped, fmt, fitted=True)
    blocks = []
    for row in table.rows:
        fields = [[h.replace("\n", " "), c] for h, c in zip(table.headers, row, strict=True) if c]
        names, values = fit_columns(fields, width - 2)
        lines = [[wrap_cell(h, names), wrap_cell(c, values)] for h, c in fields]
        blocks.append(_tabulate(Table("", [], lines), "plain", fitted=True))
    rule = "-" * min(width, 40)
    return f"\n{rule}\n".join(blocks)


def format_tables(
    tables: Sequence[Table], fmt: str, titles: bool = True, markup: bool = False, width: int | None = None
) -> str:
    """Tables in ``fmt`` (a tabulate format or ``csv``), titled when there are several, ending in a newline.

    With a ``width``, text formats that can hold wrapped cells (``simple``, ``plain``, the grids) are fitted
    to it (`equipref.layout`): no line is wider, and no number is split from its unit. Titles and notes are
    wrapped to it in every text format.

    Text is escaped for ``fmt`` (`equipref.text_safety`): a ``<script>`` in a name stays text in HTML, a
    ``=cmd`` stays text in a spreadsheet. ``markup=True`` says the cells already are markup in ``fmt`` (the
    docs pages build Markdown links themselves) and are to be left alone.
    """
    from equipref.layout import wrap_text
    from equipref.text_safety import UNSAFE_FORMATS, csv_cell, escape

    if fmt in UNSAFE_FORMATS:
        raise UsageError(f"format {fmt!r} does not escape what it prints; choose html or latex")
    parts = []
    for table in tables:
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            if titles and len(tables) > 1 and table.title:
                writer.writerow([f"# {table.title}"])
            from equipref.rows import snake_headers

            writer.writerow([csv_cell(h) for h in snake_headers(table.headers)])
            writer.writerows([csv_cell(c) for c in row] for row in table.rows)
            parts.append(buffer.getvalue().rstrip("\n"))
            continue
        if not markup:
            table = Table(
                table.title,
                [escape(fmt, h) for h in table.headers],
                [[escape(fmt, c) for c in row] for row in table.rows],
                table.name,
                table.notes,
                table.lines,
            )
        fitted = _fit(table, fmt, width) if width is not None and table.headers else None
        if fitted is not None and table.lines is not None:
            fitted = "\n".join(wrap_text(escape(fmt, n, title=True), width, *_indent(n)) for n in table.lines)
        body = fitted if fitted is not None else _tabulate(table, fmt) if table.headers else ""
        if table.notes:
            # Notes stand outside the table, where tabulate escapes nothing: escaped as titles are.
            notes = "\n".join(
                wrap_text(n if markup else escape(fmt, n, title=True), width, *_indent(n)) for n in table.notes
            )
            body = f"{body}\n{notes}" if body else notes
        if titles and len(tables) > 1 and table.title:
            body = f"{wrap_text(escape(fmt, table.title, title=True), width)}\n{body}"
        parts.append(body.strip("\n"))
    return "\n\n".join(parts) + "\n"


def _indent(note: str) -> tuple[str, str]:
    """A bullet's continuation lines hang under its text."""
    return ("", "  ") if note.startswith("- ") else ("", "")


# -- the main comparison table ------------------------------------------------------------------------


def _range_cell(figure: RangeFigure | None, units: DisplayUnits) -> str:
    from equipref.headline import range_cell

    return range_cell(figure, units.range)


def _headline_cells(catalog: Catalog, system_id: str | None, units: DisplayUnits, policy: str) -> tuple[str, str, str]:
    """A system's main weapon, caliber and range cells, from `equipref.headline` (as list, the docs and the
    charts show them), or blanks when there is no system. A modular launcher's weapon cell says which
    load-out it is."""
    from equipref.headline import caliber_cell, headline, range_cell

    if system_id is None:
        return "", "", ""
    top = headline(catalog, system_id, policy)
    weapon = top.weapon.name if top.weapon else UNKNOWN
    if top.loadout:
        weapon = f"{weapon} ({top.loadout})"
    return weapon, caliber_cell(top.calibers, units.caliber), range_cell(top.range, units.range)


def _graded_label(pair: ArmamentPair | None, units: DisplayUnits) -> str:
    """``30 mm 2A42 / 30 mm 2A72``: the pair a row's grades are about, when it is not the headline weapons."""
    if pair is None:
        return ""

    return f"{_named(pair.a_weapon_name, pair.a_caliber, units)} / {_named(pair.b_weapon_name, pair.b_caliber, units)}"


def _named(name: str | None, caliber: Measure | None, units: DisplayUnits) -> str:
    """``30 mm 2A72``: a weapon with its caliber in front, unless its name already says it."""
    cal = fmt_measure(caliber, units.caliber) if caliber is not None else UNKNOWN
    name = name or "-"
    return name if cal in name else f"{cal} {name}"


def _level(grade: Grade | None) -> str:
    if grade is None:
        return ""
    return grade.level or "not graded (caliber unknown)"


def overview_table(
    comparisons: Sequence[Comparison],
    catalog: Catalog,
    units: DisplayUnits,
    left: str,
    right: str,
    wide: bool = False,
) -> Table:
    """The China-vs-Russia table: narrow by default (the systems, their main calibers and ranges, and the two
    grades, which are the answer); ``wide`` adds each side's role and weapon and the range ratio. The grades
    are of the pair `equipref.headline.graded_pair` picks, named when it is not the main weapons."""
    from equipref.headline import graded_pair

    columns: list[tuple[str, bool]] = [  # (header, shown when narrow)
        ("System", True),
        ("Role", False),
        (f"{left} weapon", False),
        ("Counterpart", True),
        (f"{right} weapon", False),
        (f"{left} caliber", True),
        (f"{right} caliber", True),
        (f"{left} range", True),
        (f"{right} range", True),
        (f"{left} rounds in {right} gun", True),
        (f"{right} rounds in {left} gun", True),
        ("Grades are for (weapons and calibers)", True),
        ("Range ratio", False),
    ]
    keep = [wide or narrow for _, narrow in columns]
    table = Table(
        f"{left} systems against their {right} counterparts", [h for (h, _), k in zip(columns, keep, strict=True) if k]
    )
    for comp in comparisons:
        system = catalog.system(comp.a)
        pair, headline_weapons = graded_pair(comp, catalog)
        rng = pair.range if pair else None
        a_weapon, a_caliber, a_range = _headline_cells(catalog, comp.a, units, comp.policy)
        b_weapon, b_caliber, b_range = _headline_cells(catalog, comp.b, units, comp.policy)
        row = [
            comp.a_name,
            system.role,
            a_weapon,
            comp.b_name or NO_COUNTERPART,
            b_weapon,
            a_caliber,
            b_caliber,
            a_range,
            b_range,
            _level(pair.a_in_b) if pair else "",
            _level(pair.b_in_a) if pair else "",
            "the main weapons" if headline_weapons or not pair else _graded_label(pair, units),
            fmt_number(rng.ratio, 2) if rng and rng.ratio is not None else "",
        ]
        table.rows.append([cell for cell, k in zip(row, keep, strict=True) if k])
    return table


def pairs_table(
    comparisons: Sequence[Comparison], catalog: Catalog, units: DisplayUnits, left: str, right: str
) -> Table:
    """The China-vs-Russia table for a terminal: each pair on two lines, the system and then its counterpart,
    so that four columns (caliber, headline range, and whether its rounds fit the other's gun) fit in 80.

    When the grades are not about the two main weapons (`equipref.headline.graded_pair`), each grade cell
    names the weapons it is about: ``conditional (30 mm ZPT-99 rounds in 30 mm 2A72)``."""
    from equipref.headline import graded_pair, headline

    table = Table(
        f"{left} systems against their {right} counterparts",
        ["System", "Caliber", "Range", "Its rounds in the other's gun"],
        notes=[GRADE_LEGEND],
    )
    for comp in comparisons:
        system = catalog.system(comp.a)
        pair, headline_weapons = graded_pair(comp, catalog)
        a_weapon, a_caliber, a_range = _headline_cells(catalog, comp.a, units, comp.policy)
        a_grade = b_grade = ""
        if pair is not None:
            a_grade, b_grade = _level(pair.a_in_b), _level(pair.b_in_a)
            if not headline_weapons and pair.a_weapon and pair.b_weapon:
                x = _named(pair.a_weapon_name, pair.a_caliber, units)
                y = _named(pair.b_weapon_name, pair.b_caliber, units)
                a_grade += f" ({x} rounds in {y})"
                b_grade += f" ({y} rounds in {x})"
        top = headline(catalog, comp.a, comp.policy)
        name = f"{comp.a_name} ({system.country})"
        if top.loadout:
            name += f", {top.loadout}"
        table.rows.append([name, a_caliber, a_range, a_grade])
        if comp.b is None:
            table.rows.append([f"vs {NO_COUNTERPART}", "", "", ""])
            continue
        other = catalog.system(comp.b)
        _, b_caliber, b_range = _headline_cells(catalog, comp.b, units, comp.policy)
        name = f"vs {comp.b_name} ({other.country})"
        loadout = headline(catalog, comp.b, comp.policy).loadout
        if loadout:
            name += f", {loadout}"
        table.rows.append([name, b_caliber, b_range, b_grade])
    return table


# -- list, compare, counterparts, match, sources --------------------------------------------------------


def list_table(catalog: Catalog, systems: Sequence[System], units: DisplayUnits) -> Table:
    table = Table("Systems", ["ID", "Name", "Country / role", "Main weapon", "Caliber", "Aliases"])
    from equipref.headline import caliber_cell, headline

    for s in systems:
        base = catalog.base_of(s)
        weapon = calibers = ""
        top = headline(catalog, s)
        if top.weapon is not None:
            weapon = top.weapon.name
            calibers = caliber_cell(top.calibers, units.caliber)
        name = f"{s.name} (variant of {base.name})" if base else s.name
        table.rows.append([s.id, name, f"{s.country} / {s.role}", weapon, calibers, ", ".join(s.names[1:])])
    return table


def compare_tables(comp: Comparison, units: DisplayUnits) -> list[Table]:
    a, b = comp.a_name, comp.b_name or NO_COUNTERPART
    main = Table(
        f"{a} against {b} (range policy: {comp.policy})",
        [
            "Mount",
            f"{a} weapon",
            f"{a} caliber",
            f"{b} weapon",
            f"{b} caliber",
            "Difference",
            f"{a} rounds in {b}",
            f"{b} rounds in {a}",
            "Range category",
            f"{a} range",
            f"{b} range",
            "Ratio",
        ],
        notes=[GRADE_LEGEND],
    )
    # In a terminal both read as bullets: a reason squeezed into a fifth of the width is a word a line.
    reasons = Table("Why: each grade's reasons", ["Weapons", "Direction", "Level", "Reason", "Sources"], lines=[])
    claims = Table("Range claims used", ["Side", "Munition", "Range", "Qualifier", "Sources"], lines=[])
    reason_lines: list[str] = []
    claim_lines: list[str] = []
    paired = Table("Pairing", ["Reason", "Sources"], [[r.text, fmt_sources(r.sources)] for r in comp.paired_by])
    for pair in comp.pairs:
        rng = pair.range
        mount = (
            pair.a_mount
            if pair.a_mount == pair.b_mount or not pair.b_mount
            else f"{pair.a_mount or '-'}/{pair.b_mount}"
        )
        main.rows.append(
            [
                mount or "",
                pair.a_weapon_name or "-",
                fmt_measure(pair.a_caliber, units.caliber) if pair.a_caliber else "",
                pair.b_weapon_name or "-",
                fmt_measure(pair.b_caliber, units.caliber) if pair.b_caliber else "",
                fmt_signed(pair.caliber_difference, units.caliber),
                _level(pair.a_in_b),
                _level(pair.b_in_a),
                (rng.category + ("" if rng.like_for_like else " (not like for like)")) if rng else "",
                _range_cell(rng.a, units) if rng else UNKNOWN,
                _range_cell(rng.b, units) if rng else UNKNOWN,
                fmt_number(rng.ratio, 2) if rng and rng.ratio is not None else "",
            ]
        )
        label = f"{pair.a_weapon_name or '-'} / {pair.b_weapon_name or '-'}"
        for grade, direction in ((pair.a_in_b, f"{a} rounds in {b}"), (pair.b_in_a, f"{b} rounds in {a}")):
            if grade is None:
                continue
            reason_lines.append(f"{label}, {direction}: {_level(grade)}")
            for reason in grade.reasons:
                reasons.rows.append([label, direction, _level(grade), reason.text, fmt_sources(reason.sources)])
                reason_lines.append(_claim_line("", reason.text, "", fmt_sources(reason.sources), ""))
        for rc in pair.ranges:
            for side, figure in ((a, rc.a), (b, rc.b)):
                if figure is None:
                    continue
                for c in figure.claims:
                    claims.rows.append(
                        [
                            side,
                            c.munition_name,
                            fmt_hedged(fmt_measure(c.value, units.range), c.hedge),
                            c.qualifier,
                            fmt_sources(c.sources),
                        ]
                    )
                    _, _, shown, qualifier, cited = claims.rows[-1]
                    claim_lines.append(_claim_line(f"{side}, {c.munition_name}", shown, qualifier, cited, ""))
    reasons.lines, claims.lines = reason_lines, claim_lines
    for table, name in ((main, "pairs"), (paired, "pairing"), (reasons, "reasons"), (claims, "range_claims")):
        table.name = name
    return [t for t in (main, paired, reasons, claims) if t.rows or t is main]


def counterparts_table(system: System, scores: Sequence[CounterpartScore]) -> Table:
    table = Table(
        f"Counterparts of {system.name}",
        ["Rank", "System", "Country", "Role", "Score", "Best ammunition", "Reasons"],
        notes=[GRADE_LEGEND],
    )
    for rank, s in enumerate(scores, 1):
        reasons = "; ".join(r.text + (f" [{fmt_sources(r.sources)}]" if r.sources else "") for r in s.reasons)
        table.rows.append([str(rank), s.name, s.country, s.role, fmt_number(s.score, 2), s.best_level or "", reasons])
    return table


def match_table(
    query: Measure, matches: Sequence[WeaponMatch], units: DisplayUnits, cartridge: object | None = None
) -> Table:
    """The table of ``equipref match``; ``cartridge`` is the designation asked for, if the query was one."""
    title = f"cartridge {cartridge}" if cartridge is not None else fmt_measure(query, units.caliber)
    table = Table(
        f"Weapons matching {title}",
        ["Weapon", "Kind", "Caliber", "Difference", "Case length", "Ammunition family", "Systems", "Sources"],
    )
    for m in matches:
        table.rows.append(
            [
                m.name,
                m.kind,
                fmt_measure(m.caliber, units.caliber),
                fmt_signed(m.difference, units.caliber),
                fmt_measure(m.case_length, "mm") if m.case_length is not None else UNKNOWN,
                m.family or UNKNOWN,
                ", ".join(m.systems),
                fmt_sources(m.caliber_sources),
            ]
        )
    return table


def nearest_calibers(catalog: Catalog, query: Measure, units: DisplayUnits, country: str | None = None) -> str:
    """The recorded caliber nearest to ``query`` and up to three weapons of it (``"125 mm (2A46M, ZPT-98)"``),
    among the weapons of ``country``'s systems when given; empty when there is none."""
    by_size: dict[float, set[str]] = {}
    for weapon in catalog.weapons:
        if country and not any(s.country == country for s in catalog.systems_with_weapon(weapon.id)):
            continue
        for claim in weapon.caliber:
            by_size.setdefault(round(claim.value.m_as("mm"), 3), set()).add(weapon.name)
    if not by_size:
        return ""
    target = query.m_as("mm")
    size = min(by_size, key=lambda mm: (abs(mm - target), mm))
    names = sorted(by_size[size])
    more = f", and {len(names) - 3} more" if len(names) > 3 else ""
    return f"{fmt_measure(Measure(size, 'mm'), units.caliber)} ({', '.join(names[:3])}{more})"


def resolve_table(found: Sequence[Resolution], rows: Mapping[str, int] | None = None) -> Table:
    """Each model name with the system it means, the catalog name matched and how (`equipref.resolving`)."""
    headers = ["Name", *(["Rows"] if rows is not None else []), "System", "Matched", "How", "Note"]
    body = [
        [
            r.name,
            *([str(rows[r.name])] if rows is not None else []),
            r.system_name or ("" if not r.candidates else " / ".join(r.candidates)),
            r.alias or "",
            r.status,
            r.note,
        ]
        for r in found
    ]
    return Table("Model names resolved", headers, body, name="resolved")


def sources_table(catalog: Catalog) -> Table:
    table = Table("Sources", ["ID", "Title", "Publisher", "Date", "Kind", "Grade", "Cited", "URL"])
    counts = catalog.citations()
    for s in catalog.sources:
        table.rows.append(
            [
                s.id,
                s.title,
                s.publisher,
                s.date or "",
                s.kind,
                s.reliability or "",
                str(counts[s.id]),
                s.url or "not recorded",
            ]
        )
    return table


# -- show: works on the JSON form of a SystemRecord, so the fast path needs neither pydantic nor pint ----


def _claim_rows(
    field_name: str,
    claims: Iterable[Mapping[str, Any]],
    fmt: Any,
    support: Mapping[str, Any],
    path: str,
    terse: bool = False,
) -> list[list[str]]:
    """One row per claim; ``terse`` names the origins only where they are not the sources cited (for a
    terminal: a row of data keeps them all)."""
    rows = []
    for i, c in enumerate(claims):
        rows.append(
            [
                field_name + _what_is_counted(c),
                fmt_hedged(fmt(c["value"]), c.get("hedge")),
                c.get("qualifier", ""),
                fmt_sources(c["sources"]),
                _confidence(support.get(f"{path}[{i}]"), c["sources"] if terse else None),
                c.get("note", ""),
            ]
        )
    return rows


def _what_is_counted(claim: Mapping[str, Any]) -> str:
    """``, built`` or ``, in service (PLA, 2022)`` for a count that says what it counts (`equipref.model.Tally`):
    counts of different kinds sit side by side in one field, and only the label tells them apart."""
    kind = claim.get("counts")
    if not kind:
        return ""
    whose = ", ".join(str(x) for x in (claim.get("holder"), claim.get("year")) if x)
    return f", {kind.replace('-', ' ')}" + (f" ({whose})" if whose else "")


def _confidence(found: Mapping[str, Any] | None, sources: Iterable[str] | None = None) -> str:
    """``B2, 2 origins: a, b`` for a claim's computed support (`equipref.provenance.Support`), or nothing;
    given the ``sources`` cited, the origins are named only when they differ (a mirror's origin is the page
    it copies)."""
    if not found:
        return ""
    n = len(found["origins"])
    said = f"{found['confidence']}, {n} origin{'s' if n != 1 else ''}"
    if sources is None or set(found["origins"]) != set(sources):
        said += ": " + ", ".join(found["origins"])
    if found.get("stated_for"):  # a figure that reaches this system through a shared weapon or munition
        said += f"; inferred, stated for {', '.join(found['stated_for'])}"
    return said


def _confidence_legend(support: Mapping[str, Any], shown: Iterable[str]) -> Table:
    """The meaning, in words, of every confidence code the record's tables show."""
    from equipref.provenance import CORROBORATION, GRADE_NAMES

    table = Table("Confidence, in words (grade of the best source cited, then corroboration)", ["Code", "Meaning"])
    for code in sorted({s["confidence"] for key, s in support.items() if key in set(shown)}):
        grade, digit = code[0], int(code[1:])
        meaning = GRADE_NAMES.get(grade, "no cited source is graded")
        table.rows.append([code, f"{grade}: {meaning}; {digit}: {CORROBORATION[digit]}"])
    return table


def show_tables(record: Mapping[str, Any], units: DisplayUnits) -> list[Table]:
    """The detail of ``equipref show`` (what follows `glance_table`), from ``SystemRecord.model_dump(mode="json")``.

    The sources listed are the ones the printed figures cite, and the origins those lead back to; the record
    holds more (every source of a shared weapon's or munition's claims, for other systems too)."""
    s = record["system"]
    support = record.get("support") or {}
    shown: list[str] = []
    cited: dict[str, None] = {}
    figures_lines: list[str] = []
    figures = Table(
        "Figures (every claim with its sources, independent origins and computed confidence)",
        ["Figure", "Value", "Qualifier", "Sources", "Confidence and origins", "Note"],
    )
    for key, label, fmt in (
        ("crew", "crew", str),
        ("combat_weight", "combat weight", lambda v: fmt_measure(v, units.weight, "[mass]")),
        ("in_service", "in service", str),
        ("numbers", "numbers", lambda v: f"{v:,}"),
    ):
        path = f"system[{s['id']}].{key}"
        rows = _claim_rows(label, s[key], fmt, support, path)
        shown.extend(f"{path}[{i}]" for i in range(len(s[key])))
        cited.update(dict.fromkeys(src for c in s[key] for src in c["sources"]))
        figures.rows.extend(rows or [[label, UNKNOWN, "", "", "", ""]])
        figures_lines.extend(_claim_line(*row) for row in _claim_rows(label, s[key], fmt, support, path, terse=True))
        if not rows:
            figures_lines.append(f"- {label}: {UNKNOWN}")
    figures.lines = figures_lines
    statements = Table("Statements", [], name="statements")
    for note in s["notes"]:
        qualifier = f" ({note['qualifier']})" if note.get("qualifier") else ""
        remark = f" Note: {note['note']}" if note.get("note") else ""
        statements.notes.append(f"- {note['value']}{qualifier} [{fmt_sources(note['sources'])}]{remark}")
        cited.update(dict.fromkeys(note["sources"]))
    if s.get("note"):
        statements.notes.append(f"- Editors' note (unsourced): {s['note']}")

    armament = Table(
        "Armament",
        ["Mount", "Weapon", "Kind", "Caliber", "Ammunition family", "Derived from", "Rounds carried", "Sources"],
    )
    munitions = Table(
        "Munitions and ranges",
        ["Weapon", "Munition", "Kind", "Max range", "Min range", "Qualifier", "Sources", "Confidence and origins"],
    )
    munition_lines: list[str] = []
    for arm in record["armament"]:
        w = arm["weapon"]
        family = arm["family"]
        calibers = "; ".join(fmt_hedged(fmt_measure(c["value"], units.caliber), c.get("hedge")) for c in w["caliber"])
        sources = dict.fromkeys(arm.get("sources", []))
        sources.update(dict.fromkeys(src for c in w["caliber"] for src in c["sources"]))
        rounds = "; ".join(
            fmt_hedged(str(r["value"]), r.get("hedge")) + (f" ({r['qualifier']})" if r.get("qualifier") else "")
            for r in arm["rounds"]
        )
        sources.update(dict.fromkeys(src for r in arm["rounds"] for src in r["sources"]))
        names = record.get("weapon_names", {})
        derived = "; ".join(
            names.get(d["value"], d["value"]) + (f" ({d['qualifier']})" if d.get("qualifier") else "")
            for d in w["derived_from"]
        )
        sources.update(dict.fromkeys(src for d in w["derived_from"] for src in d["sources"]))
        fam = (
            family["name"] + (f" [{family['standard']}]" if family and family.get("standard") else "")
            if family
            else UNKNOWN
        )
        armament.rows.append(
            [arm["mount"], w["name"], w["kind"], calibers, fam, derived or "-", rounds or UNKNOWN, fmt_sources(sources)]
        )
        cited.update(sources)
        for m in arm["munitions"]:
            # A range claim that names the weapon it was fired from holds for that weapon only.
            here = [(i, c) for i, c in enumerate(m["max_range"]) if c.get("fired_from") in (None, w["id"])]
            maxes: list[tuple[int, Any]] = here or [(-1, None)]
            mins = [c for c in m["min_range"] if c.get("fired_from") in (None, w["id"])]
            munition_lines.append(f"{w['name']}: {m['name']} ({m['kind']})")
            for row, (i, c) in enumerate(maxes):
                low = mins[row] if row < len(mins) else None
                munitions.rows.append(
                    [
                        w["name"] if row == 0 else "",
                        m["name"] if row == 0 else "",
                        m["kind"] if row == 0 else "",
                        fmt_hedged(fmt_measure(c["value"], units.range), c.get("hedge")) if c else UNKNOWN,
                        fmt_measure(low["value"], units.range) if low else "",
                        c.get("qualifier", "") if c else "",
                        fmt_sources(dict.fromkeys([*(c["sources"] if c else []), *(low["sources"] if low else [])])),
                        _confidence(support.get(f"munition[{m['id']}].max_range[{i}]")) if c else "",
                    ]
                )
                cited.update(dict.fromkeys([*(c["sources"] if c else []), *(low["sources"] if low else [])]))
                cells = munitions.rows[-1]
                span = f"{cells[3]}" + (f" (min {cells[4]})" if cells[4] else "")
                terse = _confidence(support.get(f"munition[{m['id']}].max_range[{i}]"), c["sources"]) if c else ""
                munition_lines.append(_claim_line("", span, cells[5], cells[6], terse))
                if c:
                    shown.append(f"munition[{m['id']}].max_range[{i}]")
            for low in mins[len(maxes) :]:
                munitions.rows.append(
                    [
                        "",
                        "",
                        "",
                        "",
                        fmt_measure(low["value"], units.range),
                        low.get("qualifier", ""),
                        fmt_sources(low["sources"]),
                        "",
                    ]
                )
                cited.update(dict.fromkeys(low["sources"]))
                munition_lines.append(_claim_line("", f"min {munitions.rows[-1][4]}", *munitions.rows[-1][5:]))
    munitions.lines = munition_lines
    partners = Table("Counterparts a source asserts", ["System", "Country", "Role", "Sources", "Note"])
    for cp in record["counterparts"]:
        partners.rows.append([cp["name"], cp["country"], cp["role"], fmt_sources(cp["sources"]), cp.get("note", "")])
        cited.update(dict.fromkeys(cp["sources"]))
    for key in shown:  # the origins named beside the figures
        cited.update(dict.fromkeys(support.get(key, {}).get("origins", [])))
    listed = [src for src in record["sources"] if src["id"] in cited]
    sources_t = Table(
        "Sources these figures cite",
        ["ID", "Title", "Publisher", "Date", "Grade", "URL"],
        lines=[_source_line(src) for src in listed],
    )
    for src in listed:
        sources_t.rows.append(
            [
                src["id"],
                src["title"],
                src["publisher"],
                src.get("date") or "",
                src.get("reliability") or "",
                src.get("url") or "not recorded",
            ]
        )
    legend = _confidence_legend(support, shown)
    tables = (figures, statements, armament, munitions, partners, sources_t, legend)
    for table, name in zip(tables, _SHOW_TABLES, strict=True):
        table.name = name
    return [t for t in tables if t.rows or t.notes]


#: The names of ``show``'s tables, in order, for ``--table``.
_SHOW_TABLES = (
    "figures",
    "statements",
    "armament",
    "munitions",
    "counterparts",
    "sources",
    "confidence",
)


def _claim_line(label: str, value: str, qualifier: str, sources: str, confidence: str, note: str = "") -> str:
    """One claim as a bullet: ``- crew: 3, qualifier [sources; C3, 1 origin: ...] note``."""
    said = f"{label}: {value}" if label else value
    if qualifier:
        said += f", {qualifier}"
    backing = "; ".join(x for x in (sources, confidence) if x)
    return f"- {said}" + (f" [{backing}]" if backing else "") + (f" Note: {note}" if note else "")


def _source_line(src: Mapping[str, Any]) -> str:
    """One source as a bullet: id, title, who and when, grade, and its address last (kept whole)."""
    about = ", ".join(x for x in (src["publisher"], src.get("date") or "") if x)
    grade = f", grade {src['reliability']}" if src.get("reliability") else ""
    return f"- {src['id']}: {src['title']} ({about}{grade}) {src.get('url') or 'no URL recorded'}"


def glance_table(catalog: Catalog, system: System, units: DisplayUnits) -> Table:
    """What ``show`` opens with, a screen at most: who the system is, its headline figures each as its spread
    with its support (claims, origins), and its counterparts (named by a source, then the best ranked)."""
    from equipref.comparison import best_counterpart
    from equipref.headline import caliber_cell, headline, range_cell

    top = headline(catalog, system)
    weapon = UNKNOWN
    if top.weapon is not None and top.armament is not None:
        weapon = f"{top.weapon.name} ({top.armament.mount}), {caliber_cell(top.calibers, units.caliber)}"
        if top.loadout:
            weapon += f"; {top.loadout}"
    table = Table(f"{system.name} at a glance", ["Figure", "Value"], name="summary")
    aliases = [a.name for a in system.aliases]
    table.rows.append(["Names", system.name + (f" (also {', '.join(aliases)})" if aliases else "")])
    table.rows.append(["ID", f"{system.id} ({catalog.file_of('system', system.id) or 'no file'})"])
    table.rows += [["Country", system.country], ["Role", system.role]]
    base = catalog.base_of(system)
    if base is not None:
        table.rows.append(["Variant of", f"{base.name} (id {base.id}; a separate record)"])
    variants = catalog.variants_of(system)
    if variants:
        table.rows.append(["Variants", ", ".join(f"{v.name} (id {v.id})" for v in variants) + "; separate records"])
    table.rows += [
        ["Main weapon", weapon],
        [f"Range ({top.policy})", range_cell(top.range, units.range)],
        ["Combat weight", _spread(catalog, system.combat_weight, lambda v: fmt_measure(v, units.weight, "[mass]"))],
        ["Crew", _spread(catalog, system.crew, str)],
        ["In service", _spread(catalog, system.in_service, str)],
    ]
    named = [catalog.system(cp.system).name for cp in system.counterparts]
    said = [", ".join(named) + " (named by a source)"] if named else []
    # The first of `counterparts` from another country: each country's best, the best of them.
    ranked = [
        found
        for country in sorted({s.country for s in catalog.systems()} - {system.country})
        if (found := best_counterpart(system, country, catalog)) is not None
    ]
    first = min(ranked, key=lambda c: (-c.score, c.system), default=None)
    if first is not None and first.name not in named:
        said.append(f"{first.name} (ranked first: equipref counterparts {system.id})")
    table.rows.append(["Counterparts", "; ".join(said) or NO_COUNTERPART])
    return table


def _spread(catalog: Catalog, claims: Sequence[Any], fmt: Any) -> str:
    """``54 t (54–60 t, 6 claims, 4 origins)``, or the one value with its support, or unknown."""
    from equipref.provenance import origins

    if not claims:
        return UNKNOWN
    values = sorted(claims, key=lambda c: c.value.si if isinstance(c.value, Measure) else c.value)
    low, high = fmt(values[0].value), fmt(values[-1].value)
    count = len(claims)
    found = len(origins(catalog, [src for c in claims for src in c.sources]))
    support = f"{count} claim{'s' if count != 1 else ''}, {found} origin{'s' if found != 1 else ''}"
    if low == high:
        return f"{low} ({support})"
    return f"{low}–{high} ({support})"


#: A diff longer than this opens with its counts by kind (`diff_summary`).
DIFF_SUMMARY_OVER = 10


def diff_summary(changes: CatalogDiff) -> Table:
    """How many claims or fields were added, removed and changed in each section, and how many entries
    came or went: what a long diff opens with."""
    from equipref.diffing import SECTION_ORDER

    table = Table(
        f"Summary by kind: {len(changes.changes):,} changes",
        ["Section", "Added", "Removed", "Changed", "Entries added", "Entries removed"],
        name="summary",
    )
    for section in SECTION_ORDER:
        counts = [changes.count(kind, section) for kind in ("added", "removed", "changed")]
        came = sum(1 for sec, _ in changes.added_entries if sec == section)
        went = sum(1 for sec, _ in changes.removed_entries if sec == section)
        if any(counts) or came or went:
            table.rows.append([section, *(f"{n:,}" for n in counts), f"{came:,}", f"{went:,}"])
    return table


def diff_table(changes: CatalogDiff) -> Table:
    """The table of ``equipref diff``: one row per claim or field added, removed or changed."""
    table = Table(
        f"Changes from {changes.old} to {changes.new}",
        ["Change", "Section", "Entry", "Field", "Qualifier", "Old", "New", "Sources", "Old sources"],
        name="changes",
    )
    for c in changes.changes:
        table.rows.append(
            [
                c.change,
                c.section,
                c.entry,
                c.field,
                c.qualifier,
                c.old if c.old is not None else "",
                c.new if c.new is not None else "",
                ", ".join(c.sources),
                ", ".join(c.old_sources),
            ]
        )
    return table

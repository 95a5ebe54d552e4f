"""Exporting a whole catalog: JSON (lossless, and loadable again), CSV (every claim, one per row) or SQLite.

The SQLite file has one table per entity, plus ``claims`` and ``claim_sources`` so that every figure can be
queried with its sources from ``sqlite3`` or pandas; a count says what it counts, whose and when (``counts``,
``holder``, ``year``), as in the CSV. Files are written whole or not at all.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from equipref.atomic import write_atomically
from equipref.dump import dump
from equipref.errors import UsageError, _short
from equipref.model import Tally
from equipref.provenance import assess
from equipref.text_safety import csv_cell
from equipref.units import Measure

if TYPE_CHECKING:
    from equipref.catalog import Catalog
    from equipref.model import Claim
    from equipref.provenance import Support

__all__ = ["export", "export_csv", "export_json"]


def export_json(catalog: Catalog) -> str:
    """The whole catalog as JSON in the catalog-file shape (``load_catalog`` and ``--catalog`` read it back)."""
    return json.dumps(dump(catalog.data), indent=2, ensure_ascii=False) + "\n"


def _claim_fields(catalog: Catalog) -> Iterator[tuple[str, str, str, int, Claim[Any]]]:
    """(entity, entity id, field, position, claim) for every claim in the catalog, in a stable order."""
    for w in catalog.weapons:
        for field in ("caliber", "derived_from", "tubes"):
            for i, c in enumerate(getattr(w, field)):
                yield "weapon", w.id, field, i, c
    for m in catalog.munitions:
        for field in ("caliber", "max_range", "min_range", "notes"):
            for i, c in enumerate(getattr(m, field)):
                yield "munition", m.id, field, i, c
    for s in catalog.systems():
        for field in ("crew", "combat_weight", "in_service", "mobility", "numbers", "notes"):
            for i, c in enumerate(getattr(s, field)):
                yield "system", s.id, field, i, c
        for pos, arm in enumerate(s.armament):
            for i, c in enumerate(arm.rounds):
                yield "armament", f"{s.id}#{pos}", "rounds", i, c


def _supports(catalog: Catalog) -> dict[tuple[str, str, str, int], Support]:
    """Each claim's computed support (`equipref.provenance.assess`), rivals being one field's claims."""
    grouped: dict[tuple[str, str, str], list[tuple[int, Claim[Any]]]] = {}
    for entity, entity_id, field, pos, claim in _claim_fields(catalog):
        # Statements (notes) say different things, not rival values of one figure: each stands alone.
        key = (entity, entity_id, f"{field}#{pos}" if field == "notes" else field)
        grouped.setdefault(key, []).append((pos, claim))
    out = {}
    for (entity, entity_id, group), items in grouped.items():
        field = group.split("#")[0]
        for (pos, _), found in zip(items, assess(catalog, [c for _, c in items]), strict=True):
            out[(entity, entity_id, field, pos)] = found
    return out


def _value_columns(value: Any) -> tuple[str, float | None, str | None, float | None]:
    if isinstance(value, Measure):
        return str(value), value.magnitude, value.unit, value.si
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value), float(value), None, float(value)
    return str(value), None, None, None


_CSV_HEADERS = [
    "entity",
    "entity_id",
    "field",
    "position",
    "value",
    "magnitude",
    "unit",
    "value_si",
    "hedge",
    "qualifier",
    "sources",
    "note",
    "fired_from",
    "origins",
    "confidence",
    "confidence_explained",
    "counts",
    "holder",
    "year",
]


def _count_columns(claim: Claim[Any]) -> tuple[str | None, str | None, int | None]:
    """What a count counts, whose and when (`equipref.model.Tally`); nothing for any other claim."""
    if isinstance(claim, Tally):
        return claim.counts, claim.holder, claim.year
    return None, None, None


def export_csv(catalog: Catalog) -> str:
    """Every claim in the catalog, one row each, with its sources separated by ``;``.

    Cells that a spreadsheet would run as a formula are prefixed with ``'`` (`equipref.text_safety.csv_cell`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_CSV_HEADERS)
    supports = _supports(catalog)
    for entity, entity_id, field, pos, claim in _claim_fields(catalog):
        text, magnitude, unit, si = _value_columns(claim.value)
        found = supports[(entity, entity_id, field, pos)]
        writer.writerow(
            csv_cell(cell)
            for cell in [
                entity,
                entity_id,
                field,
                pos,
                text,
                "" if magnitude is None else repr(magnitude),
                unit or "",
                "" if si is None else repr(si),
                claim.hedge or "",
                claim.qualifier,
                ";".join(claim.sources),
                claim.note,
                claim.fired_from or "",
                ";".join(found.origins),
                found.confidence,
                found.explanation,
                *("" if v is None else v for v in _count_columns(claim)),
            ]
        )
    return buffer.getvalue()


_SCHEMA = """
CREATE TABLE sources (id TEXT PRIMARY KEY, title TEXT NOT NULL, publisher TEXT NOT NULL, url TEXT, date TEXT,
    kind TEXT NOT NULL, reliability TEXT, language TEXT, note TEXT);
CREATE TABLE families (id TEXT PRIMARY KEY, name TEXT NOT NULL, caliber TEXT, caliber_mm REAL,
    bore TEXT, loading TEXT, standard TEXT, origin TEXT, note TEXT, case_length TEXT, case_length_mm REAL);
CREATE TABLE weapons (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, family TEXT REFERENCES families(id),
    origin TEXT, note TEXT);
CREATE TABLE munitions (id TEXT PRIMARY KEY, name TEXT NOT NULL, family TEXT NOT NULL REFERENCES families(id),
    kind TEXT NOT NULL, note TEXT);
CREATE TABLE systems (id TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, role TEXT NOT NULL, note TEXT,
    file TEXT, variant_of TEXT REFERENCES systems(id));
CREATE TABLE aliases (entity TEXT NOT NULL, entity_id TEXT NOT NULL, alias TEXT NOT NULL, sources TEXT);
CREATE TABLE armament (system TEXT NOT NULL REFERENCES systems(id), position INTEGER NOT NULL,
    weapon TEXT NOT NULL REFERENCES weapons(id), mount TEXT NOT NULL, note TEXT, PRIMARY KEY (system, position));
CREATE TABLE armament_munitions (system TEXT NOT NULL, position INTEGER NOT NULL,
    munition TEXT NOT NULL REFERENCES munitions(id));
CREATE TABLE counterparts (system TEXT NOT NULL REFERENCES systems(id), counterpart TEXT NOT NULL REFERENCES systems(id),
    note TEXT);
CREATE TABLE evidence (id INTEGER PRIMARY KEY, ammunition TEXT NOT NULL REFERENCES families(id),
    fired_from TEXT NOT NULL REFERENCES families(id), stance TEXT NOT NULL, both_ways INTEGER NOT NULL,
    conditions TEXT NOT NULL, note TEXT);
CREATE TABLE record_sources (entity TEXT NOT NULL, entity_id TEXT NOT NULL, source TEXT NOT NULL REFERENCES sources(id));
CREATE TABLE claims (id INTEGER PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL,
    position INTEGER NOT NULL, value TEXT NOT NULL, magnitude REAL, unit TEXT, value_si REAL, hedge TEXT,
    qualifier TEXT, note TEXT, fired_from TEXT, origins TEXT NOT NULL, confidence TEXT NOT NULL,
    confidence_explained TEXT NOT NULL, counts TEXT, holder TEXT, year INTEGER);
CREATE TABLE claim_sources (claim INTEGER NOT NULL REFERENCES claims(id), source TEXT NOT NULL REFERENCES sources(id));
"""


def export_sqlite(catalog: Catalog, path: str | Path) -> None:
    """Write the catalog as an SQLite database at ``path`` (replacing it only once it is complete)."""
    # Built in memory: no temporary folder to leave behind when killed, and none beside ``path``, which may
    # be /dev (``-o /dev/null``) or read-only. The file is then written whole, as every output is.
    con = sqlite3.connect(":memory:")
    try:
        _fill(con, catalog)
        con.commit()
        data = con.serialize()
    finally:
        con.close()
    write_atomically(path, data)


def _fill(con: sqlite3.Connection, catalog: Catalog) -> None:
    con.executescript(_SCHEMA)
    ins = con.execute
    for src_entry in catalog.sources:
        ins(
            "INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,?)",
            (
                src_entry.id,
                src_entry.title,
                src_entry.publisher,
                src_entry.url,
                src_entry.date,
                src_entry.kind,
                src_entry.reliability,
                src_entry.language,
                src_entry.note,
            ),
        )
    for f in catalog.families:
        ins(
            "INSERT INTO families VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                f.id,
                f.name,
                str(f.caliber) if f.caliber else None,
                f.caliber.m_as("mm") if f.caliber else None,
                f.bore,
                f.loading,
                f.standard,
                f.origin,
                f.note,
                str(f.case_length) if f.case_length else None,
                f.case_length.m_as("mm") if f.case_length else None,
            ),
        )
        for src in f.sources:
            ins("INSERT INTO record_sources VALUES ('family',?,?)", (f.id, src))
    for w in catalog.weapons:
        ins("INSERT INTO weapons VALUES (?,?,?,?,?,?)", (w.id, w.name, w.kind, w.family, w.origin, w.note))
        for alias in w.aliases:
            ins("INSERT INTO aliases VALUES ('weapon',?,?,?)", (w.id, alias.name, ";".join(alias.sources) or None))
    for m in catalog.munitions:
        ins("INSERT INTO munitions VALUES (?,?,?,?,?)", (m.id, m.name, m.family, m.kind, m.note))
        for alias in m.aliases:
            ins("INSERT INTO aliases VALUES ('munition',?,?,?)", (m.id, alias.name, ";".join(alias.sources) or None))
    for system in catalog.systems():
        ins(
            "INSERT INTO systems VALUES (?,?,?,?,?,?,?)",
            (
                system.id,
                system.name,
                system.country,
                system.role,
                system.note,
                catalog.file_of("system", system.id),
                system.variant_of,
            ),
        )
        for alias in system.aliases:
            ins("INSERT INTO aliases VALUES ('system',?,?,?)", (system.id, alias.name, ";".join(alias.sources) or None))
        for pos, arm in enumerate(system.armament):
            ins("INSERT INTO armament VALUES (?,?,?,?,?)", (system.id, pos, arm.weapon, arm.mount, arm.note))
            for src in arm.sources:
                ins("INSERT INTO record_sources VALUES ('armament',?,?)", (f"{system.id}#{pos}", src))
            for munition in arm.munitions:
                ins("INSERT INTO armament_munitions VALUES (?,?,?)", (system.id, pos, munition))
        for cp in system.counterparts:
            ins("INSERT INTO counterparts VALUES (?,?,?)", (system.id, cp.system, cp.note))
            for src in cp.sources:
                ins("INSERT INTO record_sources VALUES ('counterpart',?,?)", (f"{system.id}>{cp.system}", src))
    for i, ev in enumerate(catalog.evidence):
        ins(
            "INSERT INTO evidence VALUES (?,?,?,?,?,?,?)",
            (i, ev.ammunition, ev.fired_from, ev.stance, int(ev.both_ways), json.dumps(list(ev.conditions)), ev.note),
        )
        for src in ev.sources:
            ins("INSERT INTO record_sources VALUES ('evidence',?,?)", (str(i), src))
    supports = _supports(catalog)
    for claim_id, (entity, entity_id, field, pos, claim) in enumerate(_claim_fields(catalog)):
        text, magnitude, unit, si = _value_columns(claim.value)
        found = supports[(entity, entity_id, field, pos)]
        ins(
            "INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                claim_id,
                entity,
                entity_id,
                field,
                pos,
                text,
                magnitude,
                unit,
                si,
                claim.hedge,
                claim.qualifier,
                claim.note,
                claim.fired_from,
                ";".join(found.origins),
                found.confidence,
                found.explanation,
                *_count_columns(claim),
            ),
        )
        for src in claim.sources:
            ins("INSERT INTO claim_sources VALUES (?,?)", (claim_id, src))
    _fill_answers(con, catalog)


#: Each system's main weapon, with the headline figures every view shows (`equipref.headline`).
_MAIN_WEAPONS_VIEW = """
CREATE VIEW main_weapons AS
SELECT s.id AS system, s.name AS name, s.country AS country, s.role AS role, h.weapon AS weapon,
    w.name AS weapon_name, a.mount AS mount, h.caliber_mm AS caliber_mm, h.range_hedge AS range_hedge,
    h.range_km AS range_km, h.range_low_km AS range_low_km, h.range_high_km AS range_high_km,
    h.range_claims AS range_claims, h.range_origins AS range_origins, h.range_policy AS range_policy,
    h.range_category AS range_category, h.loadout AS loadout
FROM headlines h JOIN systems s ON s.id = h.system
LEFT JOIN armament a ON a.system = h.system AND a.position = h.position
LEFT JOIN weapons w ON w.id = h.weapon;
"""


def _fill_answers(con: sqlite3.Connection, catalog: Catalog) -> None:
    """What ``table`` answers, as data: each system's headline (the ``headlines`` table and the
    ``main_weapons`` view) and the China-vs-Russia comparisons with their grades (``comparisons``, the rows
    of ``table --format csv``), in mm and km under the default range policy."""
    from equipref.comparison import overview
    from equipref.display import DisplayUnits
    from equipref.headline import headline
    from equipref.rows import comparison_rows

    headlines = []
    for system in catalog.systems():
        top = headline(catalog, system)
        figure = top.range
        hedges = {c.hedge for c in figure.claims} if figure else set()
        headlines.append(
            {
                "system": system.id,
                "position": system.armament.index(top.armament) if top.armament else None,
                "weapon": top.weapon.id if top.weapon else None,
                "caliber_mm": top.calibers[0].value.m_as("mm") if top.calibers else None,
                "range_hedge": hedges.pop() if len(hedges) == 1 else None,
                "range_km": figure.value.m_as("km") if figure else None,
                "range_low_km": figure.low.m_as("km") if figure and figure.low else None,
                "range_high_km": figure.high.m_as("km") if figure and figure.high else None,
                "range_claims": figure.claim_count if figure else None,
                "range_origins": figure.origin_count if figure else None,
                "range_policy": top.policy,
                "range_category": top.category,
                "loadout": top.loadout,
            }
        )
    _table_of_rows(con, "headlines", headlines)
    con.executescript(_MAIN_WEAPONS_VIEW)
    _table_of_rows(con, "comparisons", comparison_rows(overview(catalog, "CN", "RU"), catalog, DisplayUnits()))


def _table_of_rows(con: sqlite3.Connection, name: str, rows: list[dict[str, Any]]) -> None:
    """A table made from plain rows (all with the same keys): REAL, INTEGER or TEXT by the values."""
    if not rows:
        return
    columns = list(rows[0])

    def kind(column: str) -> str:
        values = [r[column] for r in rows if r[column] is not None]
        if values and all(isinstance(v, bool | int) for v in values):
            return "INTEGER"
        if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            return "REAL"
        return "TEXT"

    con.execute(f"CREATE TABLE {name} ({', '.join(f'{c} {kind(c)}' for c in columns)})")
    con.executemany(
        f"INSERT INTO {name} VALUES ({','.join('?' * len(columns))})",
        [[int(v) if isinstance(v, bool) else v for v in r.values()] for r in rows],
    )


def export(catalog: Catalog, fmt: str, output: str | Path | None) -> None:
    """Export ``catalog`` as ``fmt`` (json, csv or sqlite) to ``output``, or to stdout (None or ``-``) for json
    and csv. A database is binary: it needs a file, never stdout."""
    if fmt not in ("json", "csv", "sqlite"):
        raise UsageError(f"unknown export format {_short(fmt)}; expected json, csv or sqlite")
    if fmt == "sqlite":
        if output is None or str(output) == "-":
            raise UsageError("--format sqlite needs -o FILE (a database cannot go to standard output)")
        export_sqlite(catalog, output)
        return
    text = export_json(catalog) if fmt == "json" else export_csv(catalog)
    if output is None or str(output) == "-":
        sys.stdout.write(text)
    else:
        write_atomically(output, text)

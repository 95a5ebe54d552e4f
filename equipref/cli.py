"""The ``equipref`` command: every question as a table, in the format the next tool wants.

Exit codes: 0 success; 1 a check found problems (``validate``, ``docs --check``) or ``diff`` found changes;
2 bad usage or bad input
(unknown system, bad quantity, unreadable catalog) or an output that cannot be written; 130 interrupted, 143 terminated (SIGTERM).
Data goes to stdout, messages to stderr, one line each, never a traceback.

Heavy modules (pydantic, pint, tabulate) are imported inside the commands that need them, so ``--help``
and ``show`` start fast.
"""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False  # not typing's: the cached path imports neither typing nor collections.abc
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from equipref.catalog import Catalog

__all__ = ["main"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
#: An empty answer (list, match, counterparts found nothing): stderr says so and names the nearest thing.
EXIT_NOTHING = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
#: SIGTERM (``timeout``, systemd, a container stopping): 128 + 15, as a shell reports a process it ended.
EXIT_TERMINATED = 143
#: The most lines ``show`` prints to a terminal without ``--full``: its summary comes first, so what is
#: cut is detail (the last sections), and the last line says how to see it.
SHOW_LINES = 200


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, like Ctrl-C: every cleanup that runs for Ctrl-C runs for it."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def _handle_sigterm() -> Callable[[], None]:
    """Make SIGTERM end the command as Ctrl-C does (temporary files removed, one line said); returns the undo."""
    try:  # the C module: ``signal`` builds its enums on import, a millisecond of every cached answer
        import _signal as signals  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - an interpreter without it
        import signal as signals
    try:
        previous = signals.signal(signals.SIGTERM, _terminate)
    except ValueError:  # not the main thread: signals are not ours to handle there
        return lambda: None

    def restore() -> None:
        signals.signal(signals.SIGTERM, previous)

    return restore


_EPILOG = """\
examples:
  equipref table                          every Chinese system against its Russian counterparts
  equipref show "Type 99"                 one system's whole record, sources included
  equipref compare PHL-03 Tornado-S       two systems side by side
  equipref counterparts ZBD-04 --country RU
  equipref match "4.921 in"               weapons of that caliber (any length unit)
  equipref validate path/to/my-catalog    check a catalog folder; exit 1 if it has problems
  equipref check article.txt              check each number of an article against the catalog
  equipref check articles/ --format csv --jobs 0   a folder of them, one finding per row, on every core
  equipref resolve "T-72B3 Obr. 2016"     which catalog system a dataset's model name means
  equipref diff catalog/releases/0.1.0.json catalog   what changed since 0.1.0, claim by claim

text tables fit COLUMNS, else the terminal; to a pipe or file without COLUMNS rows are not wrapped.

exit codes: 0 success, 1 a check found problems (validate, docs --check), diff found changes, or
list, match or counterparts found nothing (stderr says so and names the nearest thing),
2 bad usage, bad input or an output that cannot be written, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors that end in a pointer to --help."""

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse makes a formatter for every argument it adds (to check its metavar), and each one asks
        # shutil for the terminal width: importing shutil costs the cached path milliseconds. The same
        # width, found the same way (COLUMNS, else the terminal, else 80), with os alone:
        from equipref.terminal import screen_columns

        return self.formatter_class(prog=self.prog, width=screen_columns() - 2)  # type: ignore[call-arg]

    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n(see '{self.prog} --help')\n")


#: Formats every supported tabulate has, accepted without importing it (checking a name must not cost
#: tabulate's import on the cached path); any other name is checked against the installed tabulate.
_COMMON_FORMATS = frozenset(
    {"json", "csv", "plain", "simple", "github", "grid", "pipe", "html", "latex", "rst", "tsv", "psql", "orgtbl"}
)


def _format_type(value: str) -> str:
    if value in _COMMON_FORMATS:
        return value
    from equipref.render import output_formats

    formats = output_formats()
    if value not in formats:
        import difflib

        from equipref.errors import _short

        near = difflib.get_close_matches(value, formats, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise argparse.ArgumentTypeError(f"unknown format {_short(value)}{hint}; choose from {', '.join(formats)}")
    return value


def _output_options() -> _Parser:
    p = _Parser(add_help=False)
    g = p.add_argument_group("output")
    g.add_argument(
        "-f",
        "--format",
        type=_format_type,
        default=None,  # "simple"; a string default would be run through _format_type, importing tabulate
        metavar="FMT",
        help="json, csv, or any tabulate format: plain, simple, github, grid, pipe, html, latex... (default: simple)",
    )
    g.add_argument("--units", choices=("metric", "imperial"), default="metric", help="display units (default: metric)")
    g.add_argument("--caliber-unit", metavar="UNIT", help="unit for calibers, e.g. mm or in")
    g.add_argument("--range-unit", metavar="UNIT", help="unit for ranges, e.g. km, mi or nmi")
    g.add_argument("--weight-unit", metavar="UNIT", help="unit for weights, e.g. t or lb")
    g.add_argument(
        "--catalog",
        metavar="PATH",
        action="append",
        default=[],
        help="add a catalog folder (or file) on top of the built-in catalog; repeatable",
    )
    # Every command with these options only reads: its answer is kept in the answer cache (equipref.cache).
    p.set_defaults(read_only=True)
    return p


def _policy_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--policy",
        default="supported",
        metavar="POLICY",
        help="which range claim stands when sources disagree: supported (default: the value with the most"
        " independent, best-graded origins), max, min, or source=ID",
    )


class _Skipped:
    """Stands for the parser of a command that is not being run: every call on it does nothing."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: _Skipped()


class _OnlyCommand:
    """The subparsers action, building only the parser of ``command`` (all of them when it is None).

    argparse makes each subcommand's parser at a cost of tenths of a millisecond; a cached answer takes a
    few milliseconds in all, so only the command being run is built.
    """

    def __init__(self, sub: Any, command: str | None) -> None:
        self.__dict__.update(sub=sub, command=command, built=False)

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if self.command not in (None, name):
            return _Skipped()
        self.__dict__["built"] = True
        return self.sub.add_parser(name, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sub, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.sub, name, value)


def _build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; or, when ``argv`` starts with a command's name, one with only that command."""
    command = argv[0] if argv and not argv[0].startswith("-") else None
    parser, built = _make_parser(command)
    return parser if built or command is None else _make_parser(None)[0]


def _make_parser(command: str | None) -> tuple[argparse.ArgumentParser, bool]:
    parser = _Parser(
        prog="equipref",
        description="A sourced, unit-aware reference of Chinese and Russian land systems: calibers, ranges, "
        "and whether they can share ammunition.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from equipref import __version__

    parser.add_argument("--version", action="version", version=f"equipref {__version__}")
    sub: Any = _OnlyCommand(parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser), command)
    sub.required = True
    out = [_output_options()]

    p = sub.add_parser(
        "table", parents=out, help="every Chinese system against its Russian counterparts (the main job)"
    )
    _policy_option(p)
    p.add_argument("--wide", action="store_true", help="every column: each side's role and weapon, and the range ratio")
    p.set_defaults(func=_cmd_table)

    p = sub.add_parser("list", parents=out, help="list systems, optionally by country and role")
    p.add_argument("--country", metavar="CC", help="ISO 3166 alpha-2 code, e.g. CN or RU")
    p.add_argument("--role", metavar="ROLE", help="MBT, TD, IFV, APC, SPH, TH, MOR, MLRS or SRBM")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("show", parents=out, help="one system's whole record, sources included")
    p.add_argument("system", help="any id, name or alias: 'Type 99', ztz-99, type99")
    p.add_argument("--table", metavar="NAME", help="with --format csv: the one table to write (figures, armament...)")
    p.add_argument(
        "--full", action="store_true", help=f"everything; a terminal is shown at most {SHOW_LINES} lines by default"
    )
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser("compare", parents=out, help="two systems side by side, weapon by weapon")
    p.add_argument("a", help="first system (any name)")
    p.add_argument("b", help="second system (any name)")
    _policy_option(p)
    p.add_argument("--tolerance", default="0.5 mm", metavar="LENGTH", help="caliber tolerance (default: 0.5 mm)")
    p.add_argument("--table", metavar="NAME", help="with --format csv: the one table to write (pairs, reasons...)")
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser("counterparts", parents=out, help="other systems ranked as counterparts, with reasons")
    p.add_argument("system", help="any id, name or alias")
    p.add_argument("--country", metavar="CC", help="only rank this country's systems, e.g. RU")
    p.set_defaults(func=_cmd_counterparts)

    p = sub.add_parser("match", parents=out, help="weapons of a caliber, in any length unit")
    p.add_argument(
        "caliber",
        metavar="QUANTITY",
        help="a caliber such as '125 mm', '4.921 in' or '12.2 cm', or a cartridge such as '30x165mm' or '12.7x108'",
    )
    p.add_argument(
        "--tolerance", default="0.5 mm", metavar="LENGTH", help="how close counts as equal (default: 0.5 mm)"
    )
    p.add_argument("--country", metavar="CC", help="only weapons carried by this country's systems")
    p.set_defaults(func=_cmd_match)

    p = sub.add_parser(
        "resolve",
        parents=out,
        help="which catalog system free-text model names mean, as loss trackers and datasets write them",
        description="Map model names as datasets write them ('T-72B3 Obr. 2016', '152mm 2S19 Msta-S', "
        "'Т-72Б3 обр. 2016 г.') to catalog systems, with the catalog name matched and how: exact, contained "
        "(the name stands in it word for word), variant-of (a model the catalog does not hold; its base is "
        "given), ambiguous, or not in the catalog. Exit codes: 0 every name found, 1 some not, 2 bad input.",
    )
    p.add_argument(
        "names",
        nargs="+",
        metavar="NAME",
        help="model names, e.g. 'T-72B3 Obr. 2016' '2S19 Msta-S'; with --column, CSV files (- for standard input)",
    )
    p.add_argument("--column", metavar="COL", help="read the names from column COL of the CSV FILEs given")
    p.set_defaults(func=_cmd_resolve)

    p = sub.add_parser("sources", parents=out, help="the bibliography, with how many figures cite each source")
    p.set_defaults(func=_cmd_sources)

    p = sub.add_parser(
        "diff",
        parents=out,
        help="what changed between two catalogs, claim by claim; exit 1 if anything did (like diff)",
        description="List every claim and field added, removed or changed from OLD to NEW, with its sources. "
        "Each side is a catalog folder or a JSON export (equipref export --format json), in any mix; the "
        "built-in catalog is not added underneath. Exit codes: 0 no changes, 1 changes, 2 bad input.",
    )
    p.add_argument("old", metavar="OLD", help="a catalog folder or JSON export, e.g. catalog/releases/0.1.0.json")
    p.add_argument("new", metavar="NEW", help="a catalog folder or JSON export, e.g. catalog")
    p.set_defaults(func=_cmd_diff)

    p = sub.add_parser("validate", help="check a catalog; exit 1 listing every problem")
    p.add_argument("path", nargs="*", help="catalog folders or files (default: the built-in catalog)")
    p.add_argument(
        "--alone",
        action="store_true",
        help="check PATH by itself; by default it is checked on top of the built-in catalog, as every command uses it",
    )
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of catalog files (for editors)")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("export", help="write the whole catalog as json, csv or sqlite")
    p.add_argument("--format", "-f", dest="export_format", choices=("json", "csv", "sqlite"), required=True)
    p.add_argument(
        "-o", "--output", metavar="FILE", help="output file, or - for stdout (the default; sqlite needs a file)"
    )
    p.add_argument("--catalog", metavar="PATH", action="append", default=[], help="add a catalog folder on top")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser(
        "check",
        help="read articles and check each of their numbers against the catalog",
        description="Check one article (a table by sentence, json, markdown or claimreview), or many: several "
        "FILEs, folders (every .txt and .md file in them, links not followed) and JSON Lines archives, written "
        "one finding per row as jsonl (the default for many) or csv, each row naming its document. Rows come "
        "in input order whatever --jobs is, and nothing is written unless every document was read and checked.",
    )
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="UTF-8 text files or folders of them, or - for standard input",
    )
    p.add_argument(
        "--jsonl",
        metavar="FILE",
        action="append",
        default=[],
        help='JSON Lines to check, one {"text": ..., "url": ..., "id": ...} object a line (- for standard '
        "input); repeatable",
    )
    p.add_argument(
        "--format",
        "-f",
        dest="check_format",
        choices=("table", "json", "markdown", "claimreview", "jsonl", "csv"),
        default=None,
        help="for one text: table (the default: by sentence, for a terminal), json, markdown (a fact-check "
        "page) or claimreview (schema.org ClaimReview JSON-LD); one finding per row: jsonl (the default for "
        "several documents) or csv",
    )
    p.add_argument(
        "--jobs",
        "-j",
        metavar="N",
        type=_jobs,
        default=1,
        help="check the documents in N processes (default: 1; 0 for one per core); rows are the same whatever N",
    )
    p.add_argument("--source-url", metavar="URL", help="the text's address, so a catalog source never backs itself")
    p.add_argument("--source", metavar="ID", help="the catalog source id the text is")
    p.add_argument("--review-url", metavar="URL", help="claimreview: the page that publishes the fact check")
    p.add_argument("--review-date", metavar="DATE", type=_iso_date, help="claimreview: its date (YYYY-MM-DD)")
    p.add_argument("--catalog", metavar="PATH", action="append", default=[], help="add a catalog folder on top")
    # One text is answered from the cache, keyed by its file's content; rows of many are not kept (see _rows_wanted).
    p.set_defaults(func=_cmd_check, read_only=_one_text)

    p = sub.add_parser("docs", help="write the Markdown reference pages and charts; --check finds stale ones")
    p.add_argument("--out", default="docs", metavar="DIR", help="output folder (default: docs)")
    p.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if DIR differs from what would be written"
    )
    p.add_argument("--catalog", metavar="PATH", action="append", default=[], help="add a catalog folder on top")
    p.set_defaults(func=_cmd_docs)
    return parser, sub.built


def _units(args: argparse.Namespace) -> Any:
    from equipref.render import DisplayUnits

    return DisplayUnits.choose(args.units, args.caliber_unit, args.range_unit, args.weight_unit)


def _print_json(value: Any) -> None:
    import json

    print(json.dumps(value, indent=2, ensure_ascii=False))


def _json(model: Any) -> Any:
    """``model.model_dump(mode="json")``, without building the model's serializer (`equipref.dump`)."""
    from equipref.dump import dump

    return dump(model)


def _emit(args: argparse.Namespace, tables: Any, as_json: Callable[[], Any], more: str | None = None) -> int:
    """Print ``tables`` in ``args.format``; with ``more`` (the command that prints everything), text fitted
    to a terminal stops at `SHOW_LINES` lines and ends by naming it."""
    if args.format == "json":
        from equipref.jsonshape import structure

        _print_json(structure(as_json(), _units(args)))
        return EXIT_OK
    from equipref.render import format_tables
    from equipref.terminal import output_width

    if args.format == "csv" and len(tables) > 1:
        tables = [_one_table(args, tables)]
    width = output_width()
    text = format_tables(tables, args.format, width=width)
    if more is not None and width is not None and _fits_terminal(args.format):
        text = _shortened(text, SHOW_LINES, more)
    sys.stdout.write(text)
    return EXIT_OK


def _fits_terminal(fmt: str) -> bool:
    """Whether ``fmt`` is one a terminal reads (markup formats are for other programs, and kept whole)."""
    from equipref.layout import overhead

    return overhead(fmt, 1) is not None


def _shortened(text: str, limit: int, more: str) -> str:
    """``text`` cut to ``limit`` lines, the last saying how many were left out and how to see them; cut at
    the end of a section (a blank line) when one is near, so no table stops mid-row."""
    lines = text.splitlines()
    if len(lines) <= limit:
        return text
    keep = limit - 2
    blanks = [i for i in range(keep * 3 // 4, keep + 1) if not lines[i].strip()]
    if blanks:
        keep = blanks[-1]
    left = len(lines) - keep
    return "\n".join([*lines[:keep], "", f"... {left} more lines: {more} prints everything"]) + "\n"


def _table_name(title: str) -> str:
    from equipref.rows import snake_headers

    return snake_headers([title.split("(")[0].split(":")[0]])[0]


def _one_table(args: argparse.Namespace, tables: Any) -> Any:
    """CSV is one table: the one ``--table`` names, or a refusal that lists the names."""
    from equipref.errors import UsageError

    names = {t.name or _table_name(t.title): t for t in tables}
    chosen = getattr(args, "table", None)
    if chosen in names:
        return names[chosen]
    what = (
        f"unknown table {chosen!r}; " if chosen else f"{args.command} writes {len(tables)} tables and CSV holds one: "
    )
    raise UsageError(f"{what}add --table NAME, one of: {', '.join(names)}")


def _csv_rows(args: argparse.Namespace, rows: list[dict[str, Any]]) -> int:
    """A typed flat table (`equipref.rows`) as CSV: numbers in the unit their column names, hedges apart."""
    import csv

    from equipref.text_safety import csv_cell

    writer = csv.writer(sys.stdout, lineterminator="\n")
    if rows:
        writer.writerow(list(rows[0]))
        for row in rows:
            writer.writerow(["" if v is None else csv_cell(str(v)) if isinstance(v, str) else v for v in row.values()])
    return EXIT_OK


def _nothing(args: argparse.Namespace, tables: Any, message: str) -> int:
    """An empty answer: the empty result in JSON or CSV (still valid data), nothing on stdout in text, and
    ``message`` on stderr; exit `EXIT_NOTHING`."""
    if args.format in ("json", "csv"):
        _emit(args, tables, lambda: [])
    print(f"equipref: {message}", file=sys.stderr)
    return EXIT_NOTHING


def _country(catalog: Any, code: str | None) -> str | None:
    """``--country`` as a code some system in the catalog has; any other is refused (exit 2) with the
    codes there are."""
    from equipref.errors import UsageError
    from equipref.names import close_matches, country_code

    wanted = country_code(code)
    if wanted is None:
        return None
    known = sorted({s.country for s in catalog.systems()})
    if wanted not in known:
        near = close_matches(wanted, known, n=1, cutoff=0.5)
        hint = f"did you mean {near[0]}? " if near else ""
        raise UsageError(f"no system in the catalog is from {code!r}; {hint}countries: {', '.join(known)}")
    return wanted


def _role(catalog: Any, role: str | None) -> str | None:
    from equipref.errors import UsageError

    if not role:
        return None
    known = sorted({s.role for s in catalog.systems()})
    if role.upper() not in known:
        raise UsageError(f"no system in the catalog has the role {role!r}; roles: {', '.join(known)}")
    return role.upper()


def _cmd_table(args: argparse.Namespace) -> int:
    from equipref.comparison import overview
    from equipref.render import overview_table, pairs_table

    units = _units(args)
    catalog = load_for(args)
    comparisons = overview(catalog, "CN", "RU", args.policy)
    if args.format == "csv":
        from equipref.rows import comparison_rows

        return _csv_rows(args, comparison_rows(comparisons, catalog, units))
    if args.wide:
        table = overview_table(comparisons, catalog, units, "CN", "RU", wide=True)
    else:
        table = pairs_table(comparisons, catalog, units, "CN", "RU")
    return _emit(args, [table], lambda: [_json(c) for c in comparisons])


def _cmd_list(args: argparse.Namespace) -> int:
    from equipref.render import list_table

    units = _units(args)
    catalog = load_for(args)
    country, role = _country(catalog, args.country), _role(catalog, args.role)
    systems = sorted(catalog.systems(country, role), key=lambda s: (s.country, s.role, s.name.casefold(), s.id))
    table = list_table(catalog, systems, units)
    if args.format == "csv" and systems:
        from equipref.rows import system_rows

        return _csv_rows(args, system_rows(catalog, systems, units))
    if not systems:
        roles = sorted({s.role for s in catalog.systems(country)})
        return _nothing(args, [table], f"no {role} system from {country} in the catalog; its roles: {', '.join(roles)}")
    return _emit(args, [table], lambda: [_json(s) for s in systems])


def _cmd_show(args: argparse.Namespace) -> int:
    from equipref.record import system_record
    from equipref.render import glance_table, show_tables

    units = _units(args)
    catalog = load_for(args)
    system = catalog.system(args.system)
    record = _json(system_record(catalog, system))
    tables = [glance_table(catalog, system, units), *show_tables(record, units)]
    more = None if args.full else f"equipref show {_quoted(args.system)} --full"
    return _emit(args, tables, lambda: record, more)


def _quoted(word: str) -> str:
    """``word`` as a POSIX shell reads it back (shlex.quote, without importing shlex on the cached path)."""
    safe = word and all(c.isalnum() or c in "@%+=:,./-_" for c in word)
    return word if safe else "'" + word.replace("'", "'\"'\"'") + "'"


def _cmd_compare(args: argparse.Namespace) -> int:
    from equipref.comparison import compare
    from equipref.render import compare_tables

    units = _units(args)
    catalog = load_for(args)
    comparison = compare(args.a, args.b, args.policy, catalog, args.tolerance)
    return _emit(args, compare_tables(comparison, units), lambda: _json(comparison))


def _cmd_counterparts(args: argparse.Namespace) -> int:
    from equipref.comparison import counterparts
    from equipref.render import counterparts_table

    _units(args)
    catalog = load_for(args)
    system = catalog.system(args.system)
    country = _country(catalog, args.country)
    scores = counterparts(system, country, catalog)
    table = counterparts_table(system, scores)
    if not scores:
        where = f" from {country}" if country else ""
        return _nothing(
            args, [table], f"no candidate counterpart of {system.name}{where}: only {system.name} itself is"
        )
    return _emit(args, [table], lambda: [_json(s) for s in scores])


def _cmd_match(args: argparse.Namespace) -> int:
    from equipref.cartridge import read_cartridge
    from equipref.matching import as_length, match
    from equipref.render import match_table

    units = _units(args)
    cartridge = read_cartridge(args.caliber)
    query = cartridge.bore if cartridge is not None else as_length(args.caliber)
    tolerance = as_length(args.tolerance, allow_zero=True)
    catalog = load_for(args)
    country = _country(catalog, args.country)
    found = match(args.caliber, tolerance, catalog, country)
    table = match_table(query, found, units, cartridge)
    if not found:
        from equipref.render import fmt_measure, nearest_calibers

        near = nearest_calibers(catalog, query, units, country)
        return _nothing(
            args,
            [table],
            f"no weapon within {fmt_measure(tolerance, units.caliber)} of {fmt_measure(query, units.caliber)}"
            + (f"; nearest: {near}" if near else ""),
        )
    return _emit(args, [table], lambda: [_json(m) for m in found])


def _cmd_sources(args: argparse.Namespace) -> int:
    from equipref.render import sources_table

    catalog = load_for(args)
    counts = catalog.citations()
    return _emit(
        args,
        [sources_table(catalog)],
        lambda: [{**_json(s), "cited": counts[s.id]} for s in catalog.sources],
    )


def _cmd_resolve(args: argparse.Namespace) -> int:
    from equipref.render import resolve_table
    from equipref.resolving import resolve_all

    counts = _column_names(args.names, args.column) if args.column else {n: 0 for n in dict.fromkeys(args.names)}
    catalog = load_for(args)
    found = resolve_all(counts, catalog)
    rows = {r.name: counts[r.name] for r in found} if args.column else None
    if args.format == "csv":
        _csv_rows(
            args,
            [
                {"name": r.name, **({"rows": rows[r.name]} if rows else {}), "status": r.status, "system": r.system,
                 "system_name": r.system_name, "matched": r.alias, "note": r.note}
                for r in found
            ],
        )  # fmt: skip
    else:
        _emit(
            args,
            [resolve_table(found, rows)],
            lambda: [{**_json(r), **({"rows": rows[r.name]} if rows else {})} for r in found],
        )
    missing = [r for r in found if not r.found]
    if missing:
        ambiguous = sum(r.status == "ambiguous" for r in missing)
        print(
            f"equipref: {len(missing)} of {len(found)} names not resolved to one system"
            + (f" ({ambiguous} ambiguous)" if ambiguous else ""),
            file=sys.stderr,
        )
        return EXIT_NOTHING
    return EXIT_OK


#: The largest CSV file `resolve --column` reads: loss datasets with a row per loss run to megabytes.
_MAX_CSV = 256 * 1024 * 1024


def _column_names(files: Sequence[str], column: str) -> dict[str, int]:
    """The distinct non-empty values of ``column`` in the CSV ``files`` (- for stdin), in first-seen order,
    with how many rows hold each; a missing column or an unreadable file is refused (exit 2)."""
    import csv
    import io

    from equipref.errors import UsageError
    from equipref.names import close_matches

    counts: dict[str, int] = {}
    for name in files:
        if name == "-" and sys.stdin.isatty():
            raise UsageError("resolve --column reads a CSV file: give its name, or pipe it in with -")
        raw = _read_bounded(name, _MAX_CSV)
        if len(raw) > _MAX_CSV:
            raise UsageError(f"{name}: larger than {_MAX_CSV:,} bytes")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UsageError(f"{name}: not UTF-8 text (byte {exc.start})") from None
        try:
            reader = csv.DictReader(io.StringIO(text, newline=""))
            header = reader.fieldnames or []
            if column not in header:
                near = close_matches(column, header, n=1, cutoff=0.5)
                hint = f"did you mean {near[0]!r}? " if near else ""
                shown = ", ".join(repr(h) for h in header[:12]) + (", ..." if len(header) > 12 else "")
                raise UsageError(f"{name}: no column {column!r}; {hint}columns: {shown or 'none (empty file)'}")
            for row in reader:
                value = (row.get(column) or "").strip()
                if value:
                    counts[value] = counts.get(value, 0) + 1
        except csv.Error as exc:
            raise UsageError(f"{name}: not a CSV file the reader can parse: {exc}") from None
    if not counts:
        raise UsageError(f"no names in column {column!r}")
    return counts


def _cmd_export(args: argparse.Namespace) -> int:
    from equipref.export import export

    catalog = load_for(args)
    export(catalog, args.export_format, args.output)
    return EXIT_OK


def _cmd_docs(args: argparse.Namespace) -> int:
    from pathlib import Path

    from equipref.pages import render_site
    from equipref.site_writer import check_out, stale_files, write_site

    check_out(Path(args.out), args.check)  # before the work of rendering: a wrong --out is a typo
    catalog = load_for(args)
    pages = render_site(catalog)
    out = Path(args.out)
    if args.check:
        stale = stale_files(pages, out)
        for name in stale:
            print(f"stale: {out / name}", file=sys.stderr)
        if stale:
            print(
                f"equipref: {len(stale)} file(s) in {out} are out of date; run `equipref docs --out {out}`",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        print(f"ok: {len(pages)} files in {out} are up to date")
        return EXIT_OK

    def progress(done: int, total: int, name: str) -> None:
        if sys.stderr.isatty():
            print(f"\r[{done}/{total}] {name[:60]:<60}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    written = write_site(pages, out, progress)
    print(f"wrote {written} of {len(pages)} files to {out} (the others were already up to date)")
    return EXIT_OK


def _iso_date(text: str) -> str:
    """A date written YYYY-MM-DD (as ClaimReview's datePublished wants it), or an argparse error."""
    import datetime

    try:
        return datetime.date.fromisoformat(text).isoformat() if len(text) == 10 else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> str:
    raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD")


def _read_bounded(name: str, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of FILE (or stdin for ``-``): one past the limit says it was too long."""
    from equipref.errors import UsageError
    from equipref.text_safety import escape_unsafe

    try:
        if name == "-":
            return sys.stdin.buffer.read(limit + 1)
        with open(name, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise UsageError(f"{escape_unsafe(name)}: cannot read the file: {exc.strerror or exc}") from None


def _read_text(name: str) -> str:
    """The text of FILE (or stdin for ``-``), refused with a one-line error if unreadable, too long or not UTF-8."""
    from equipref.check.batch import MAX_FILE_BYTES, decode_text, shown_path

    return decode_text(_read_bounded(name, MAX_FILE_BYTES), shown_path(name))


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (a whole number, 0 for one per core)")
    return jobs


def _several(args: argparse.Namespace) -> bool:
    """Whether the command has more than one document to check: several FILEs, a folder, or JSON Lines."""
    import os

    return bool(args.jsonl) or len(args.files) > 1 or any(f != "-" and os.path.isdir(f) for f in args.files)


def _rows_wanted(args: argparse.Namespace) -> bool:
    return _several(args) or args.check_format in ("jsonl", "csv")


def _one_text(args: argparse.Namespace) -> bool:
    """Whether ``check`` answers through the answer cache: one text, printed whole. Rows of many documents are
    streamed through a temporary file instead; kept in the cache, an archive's rows would fill it."""
    return not _rows_wanted(args)


def _cmd_check(args: argparse.Namespace) -> int:
    from equipref.errors import UsageError

    if not args.files and not args.jsonl:
        raise UsageError("check needs a FILE (- for standard input), a folder, or --jsonl FILE")
    if [*args.files, *args.jsonl].count("-") > 1:
        raise UsageError("standard input (-) can be read once: name it as one FILE or one --jsonl")
    if _rows_wanted(args):
        return _check_rows(args)
    from equipref.check import check_text
    from equipref.check.report import to_claimreview, to_json, to_markdown, to_table
    from equipref.terminal import output_width

    text = _read_text(args.files[0])
    catalog = load_for(args)
    report = check_text(text, catalog, source=args.source, source_url=args.source_url)
    if args.check_format == "json":
        sys.stdout.write(to_json(report))
    elif args.check_format == "markdown":
        sys.stdout.write(to_markdown(report, catalog))
    elif args.check_format == "claimreview":
        sys.stdout.write(
            to_claimreview(report, catalog, args.source_url, review_url=args.review_url, review_date=args.review_date)
        )
    else:
        sys.stdout.write(to_table(report, output_width()))
    return EXIT_OK


def _check_rows(args: argparse.Namespace) -> int:
    """Many documents (or one, as rows): one finding per row, in input order, written only once all are checked.

    The rows go to an anonymous temporary file (nothing of it is left if the command is interrupted or
    killed) and are copied to stdout at the end: a bad record at line 10,000 of an archive, Ctrl-C or
    SIGTERM leave stdout empty rather than holding part of an answer."""
    import collections
    import shutil
    import tempfile

    from equipref.check.batch import check_texts, finding_rows, write_rows
    from equipref.errors import UsageError

    fmt = args.check_format or "jsonl"
    if fmt not in ("jsonl", "csv"):
        raise UsageError(
            f"several documents are written one finding per row: use --format jsonl or csv (--format {fmt} is for one text)"
        )
    if _several(args) and (args.source or args.source_url):
        raise UsageError('--source and --source-url name one text; for several, give each JSON Lines record its "url"')
    if args.source:
        raise UsageError(
            '--source applies to the one-text formats; with rows, give --source-url (or a record\'s "url")'
        )
    catalog = load_for(args)
    where: collections.deque[tuple[str, int | None]] = collections.deque()
    documents = _documents(args, where)
    found = 0
    checked = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        if fmt == "csv":
            write_rows([], spool, fmt)  # the header, also when no document has a finding
        for result in check_texts(documents, catalog, jobs=args.jobs):
            document, line = where.popleft()
            found += write_rows(finding_rows(result, document, line), spool, fmt, header=False)
            checked += 1
        spool.seek(0)
        shutil.copyfileobj(spool, sys.stdout)
    if sys.stderr.isatty():
        print(f"equipref: {found} findings in {checked} documents", file=sys.stderr)
    return EXIT_OK


#: Standard input's name in rows and messages ("-" would be a formula start to a spreadsheet).
_STDIN = "<stdin>"


def _documents(args: argparse.Namespace, where: Any) -> Any:
    """Each document to check, in order: the FILEs (a folder's files in name order), then each --jsonl's
    records; where each came from is appended to ``where`` as it is read (the document's path, its line)."""
    import os

    from equipref.check.batch import TextDocument, read_folder, read_jsonl, shown_path
    from equipref.errors import UsageError

    for name in args.files:
        if name != "-" and os.path.isdir(name):
            for path, text in read_folder(name):
                where.append((shown_path(path), None))
                yield TextDocument(text)
        else:
            text = _read_text(name)
            where.append((_STDIN if name == "-" else shown_path(name), None))
            yield TextDocument(text, url=args.source_url)
    for name in args.jsonl:
        if name == "-":
            if sys.stdin.isatty():
                raise UsageError("--jsonl - reads JSON Lines piped in; give a file name, or pipe them in")
            yield from _located(read_jsonl(sys.stdin.buffer, _STDIN), _STDIN, where)
            continue
        try:
            handle = open(name, "rb")  # noqa: SIM115 - closed below, also when the generator is closed early
        except OSError as exc:
            raise UsageError(f"{shown_path(name)}: cannot read the file: {exc.strerror or exc}") from None
        with handle:
            yield from _located(read_jsonl(handle, name), name, where)


def _located(records: Any, name: str, where: Any) -> Any:
    from equipref.check.batch import shown_path

    shown = shown_path(name)
    for number, doc in records:
        where.append((shown, number))
        yield doc


def _cmd_diff(args: argparse.Namespace) -> int:
    from equipref.diffing import diff
    from equipref.render import DIFF_SUMMARY_OVER, diff_summary, diff_table

    if args.catalog:
        from equipref.errors import UsageError

        raise UsageError("diff compares OLD and NEW as given; --catalog does not apply")
    _units(args)
    changes = diff(args.old, args.new)
    if not changes.changes and args.format not in ("json", "csv"):  # data formats keep their empty shape
        print(f"no changes from {changes.old} to {changes.new}")
        return EXIT_OK
    tables = [diff_table(changes)]
    if len(changes.changes) > DIFF_SUMMARY_OVER and args.format != "csv":  # CSV stays one table of changes
        tables.insert(0, diff_summary(changes))
    _emit(args, tables, lambda: _json(changes))
    return EXIT_PROBLEMS if changes.changes else EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from equipref.catalog import load_catalog
    from equipref.errors import CatalogError

    from equipref.rules import record_problems

    paths = args.path
    try:
        catalog = load_catalog(*paths, builtin=None if not paths else not args.alone)
        # Loading stays lenient about these so that old catalogs and releases still load and diff.
        promised = record_problems(catalog.data, catalog.files)
        if promised:
            raise CatalogError(promised)
    except CatalogError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        n = len(exc.problems)
        print(f"equipref: {n} problem{'s' if n != 1 else ''} found", file=sys.stderr)
        return EXIT_PROBLEMS
    data = catalog.data
    print(
        f"ok: {len(data.system)} systems, {len(data.weapon)} weapons, {len(data.munition)} munitions, "
        f"{len(data.family)} ammunition families, {len(data.evidence)} evidence records, "
        f"{len(data.source)} sources; every figure cites a known source"
    )
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    import json

    from equipref.model import CatalogData

    schema = CatalogData.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "equipref catalog file"
    print(json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False))
    return EXIT_OK


def load_for(args: argparse.Namespace) -> Catalog:
    """The catalog a command works on: the built-in one, with any --catalog folders on top."""
    from equipref.catalog import default_catalog, load_catalog

    extra = getattr(args, "catalog", [])
    catalog = load_catalog(*extra, builtin=True) if extra else default_catalog()
    # The catalog lives until the command exits: moved out of the collector's sight, it is not traversed
    # again by every collection the command's own allocations trigger (half of `table`'s time at 100x).
    import gc

    gc.freeze()
    return catalog


def _answer(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; a read-only one through the answer cache, which replays a known answer."""
    read_only = getattr(args, "read_only", False)
    if not (read_only(args) if callable(read_only) else read_only):
        return func(args)
    from equipref.cache import answer

    return answer(args, lambda: func(args))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting (``sys.exit(main())`` does that).

    Every failure ends as one line on stderr, never a traceback: exit 2 for bad input or an output that
    cannot be written (a full disk, a read-only folder), 130 for Ctrl-C, 143 for SIGTERM, 0 when the reader of a
    pipe left.
    """
    restore = _handle_sigterm()
    try:
        return _main(argv)
    except KeyboardInterrupt as exc:  # out here: a signal can also arrive while an error is being reported
        if isinstance(exc, _Terminated):
            return _fail("terminated", EXIT_TERMINATED)
        return _fail("interrupted", EXIT_INTERRUPTED)
    finally:
        restore()


def _main(argv: Sequence[str] | None) -> int:
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        parser = _build_parser(argv)
        args = parser.parse_args(argv)
        if getattr(args, "format", "") is None:
            args.format = "simple"
        func: Callable[[argparse.Namespace], int] = args.func
        code = _answer(func, args)
        sys.stdout.flush()  # here, not at interpreter exit, so that a full disk is reported like any error
        return code
    except BrokenPipeError:
        # The reader went away (``| head``): not an error of ours, and nothing more to say.
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        where = f" {exc.filename!r}" if exc.filename else " to standard output"
        return _fail(f"cannot write{where}: {exc.strerror or exc}", EXIT_USAGE)
    except Exception as exc:
        from equipref.errors import EquiprefError

        if isinstance(exc, EquiprefError):
            return _fail(str(exc), EXIT_USAGE)
        # pydantic wraps an interrupt that lands inside a serializer in PydanticSerializationError.
        if "_Terminated" in f"{type(exc).__name__}: {exc}":
            return _fail("terminated", EXIT_TERMINATED)
        if "KeyboardInterrupt" in f"{type(exc).__name__}: {exc}":
            return _fail("interrupted", EXIT_INTERRUPTED)
        raise


def _fail(message: str, code: int) -> int:
    _silence_stdout()  # what is left in stdout's buffer could fail again at exit (a full disk) or be half
    print(f"equipref: {message}", file=sys.stderr)
    return code


def _silence_stdout() -> None:
    """Point stdout at /dev/null, dropping what is buffered, so that the interpreter's final flush cannot fail."""
    import os

    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing will be flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)

"""The ``equipref`` command: every question as a table, in the format the next tool wants.

Exit codes: 0 success; 1 a check found problems (``validate``, ``docs --check``); 2 bad usage or bad input
(unknown system, bad quantity, unreadable catalog). Data goes to stdout, messages to stderr.

Heavy modules (pydantic, pint, tabulate) are imported inside the commands that need them, so ``--help``
and ``show`` start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = ["main"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

_EPILOG = """\
examples:
  equipref table                          every Chinese system against its Russian counterparts
  equipref show "Type 99"                 one system's whole record, sources included
  equipref compare PHL-03 Tornado-S       two systems side by side
  equipref counterparts ZBD-04 --country RU
  equipref match "4.921 in"               weapons of that caliber (any length unit)
  equipref validate path/to/my-catalog    check a catalog folder; exit 1 if it has problems
"""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors that end in a pointer to --help."""

    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n(see '{self.prog} --help')\n")


def _add_catalog_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--catalog",
        metavar="PATH",
        action="append",
        default=[],
        help="add a catalog folder (or file) on top of the built-in catalog; repeatable",
    )


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="equipref",
        description="A sourced, unit-aware reference of Chinese and Russian land systems: calibers, ranges, "
        "and whether they can share ammunition.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from equipref import __version__

    parser.add_argument("--version", action="version", version=f"equipref {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("validate", help="check a catalog; exit 1 listing every problem")
    p.add_argument("path", nargs="*", help="catalog folders or files (default: the built-in catalog)")
    p.add_argument("--with-builtin", action="store_true", help="validate PATH on top of the built-in catalog")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of catalog files (for editors)")
    p.set_defaults(func=_cmd_schema)
    return parser


def _cmd_validate(args: argparse.Namespace) -> int:
    from equipref.catalog import load_catalog
    from equipref.errors import CatalogError

    paths = args.path
    try:
        catalog = load_catalog(*paths, builtin=None if not paths else bool(args.with_builtin))
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
    return load_catalog(*extra, builtin=True) if extra else default_catalog()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting (``sys.exit(main())`` does that)."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    from equipref.errors import CatalogError, EquiprefError

    try:
        return func(args)
    except CatalogError as exc:
        print(f"equipref: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except EquiprefError as exc:
        print(f"equipref: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``| head``): not an error of ours, and nothing more to say.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK

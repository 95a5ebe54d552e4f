"""Text shown to people and tools: what catalog text may contain, and how text is escaped for each output.

Three audiences read what equipref prints, and each can be attacked through text a catalog supplies:

* a **terminal**: ESC, BEL and the other control characters retitle it, move the cursor or hide text, and
  bidirectional overrides (U+202E...) make text read differently from what it is. Catalog text may not
  contain them (`unsafe_character`, enforced by the models), so no output format needs to escape them.
* a **markup renderer** (HTML, LaTeX, MediaWiki, Markdown...): a ``<script>``, a ``|`` or a ``{{template}}``
  in a name must come out as text. `escape` knows each format's specials; ``unsafehtml`` and ``latex_raw``,
  tabulate's formats that are unescaped by design, are not offered (`UNSAFE_FORMATS`).
* a **spreadsheet**: a CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, CR or NUL is run as a
  formula. `csv_cell` prefixes such a cell with ``'`` (the OWASP rule), except a number, which stays a number.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from typing import Final

__all__ = ["TEXT_FORMATS", "UNSAFE_FORMATS", "csv_cell", "escape", "escape_unsafe", "unsafe_character"]

#: tabulate formats that pass HTML or LaTeX through unescaped, on purpose: never offered.
UNSAFE_FORMATS: Final = frozenset({"unsafehtml", "latex_raw"})
#: tabulate formats for a terminal or a text file: no markup, so nothing to escape.
TEXT_FORMATS: Final = frozenset(
    {"plain", "simple", "grid", "simple_grid", "rounded_grid", "heavy_grid", "mixed_grid", "double_grid"}
    | {"fancy_grid", "colon_grid", "outline", "simple_outline", "rounded_outline", "heavy_outline"}
    | {"mixed_outline", "double_outline", "fancy_outline", "psql", "presto", "pretty"}
)

# C0 controls but LF (multi-line notes), DEL, C1 controls, the bidi embeddings, overrides and isolates, and
# the line and paragraph separators (a terminal or an editor breaks lines there, a table does not).
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def unsafe_character(text: str) -> str | None:
    """A description of the first character of ``text`` that catalog text may not contain, or None."""
    found = _UNSAFE.search(text)
    if found is None:
        return None
    char = found[0]
    name = unicodedata.name(char, "control character")
    return f"U+{ord(char):04X} ({name}) at position {found.start()}"


def escape_unsafe(text: str) -> str:
    """``text`` with each character `unsafe_character` would name written as a Python escape (``\\x1b``)."""
    return _UNSAFE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


# -- CSV ------------------------------------------------------------------------------------------------

_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "\0")
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", re.ASCII)


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: ``'`` before a formula-like start; numbers left as they are."""
    text = str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


# -- markup ---------------------------------------------------------------------------------------------


def _replace_each(specials: dict[str, str]) -> Callable[[str], str]:
    table = str.maketrans(specials)
    return lambda text: text.translate(table)


def _char_refs(chars: str) -> Callable[[str], str]:
    """Replace each of ``chars`` by its numeric character reference, which wiki markups show as the character."""
    return _replace_each({c: f"&#{ord(c)};" for c in chars})


def _one_line(text: str) -> str:
    return " ".join(text.split())


_MARKDOWN = _replace_each({c: "\\" + c for c in "\\`*_[]|"} | {"<": "&lt;", ">": "&gt;"})
_LATEX = _replace_each(
    {
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "^": r"\^{}",
        "{": r"\{",
        "}": r"\}",
        "~": r"\textasciitilde{}",
        "\\": r"\textbackslash{}",
        "<": r"\ensuremath{<}",
        ">": r"\ensuremath{>}",
    }
)
# Wiki markups read HTML character references: the characters that make links, templates, macros, tags and
# cell breaks become references (emphasis marks such as * or - are left: at worst they change the look).
_wiki_chars = _char_refs("&<>|[]{}!'~_")


def _wiki(text: str) -> str:
    return _wiki_chars(_one_line(text))


_RST = _replace_each({c: "\\" + c for c in "\\`*_|[]<>"})
_ORG = _replace_each({"|": r"\vert{}"})

#: format -> (escape for cells and headers, escape for titles). tabulate already escapes the cells of
#: ``html`` and the ``latex`` formats, so only their titles are escaped here.
_RULES: Final[dict[str, tuple[Callable[[str], str] | None, Callable[[str], str]]]] = {
    "html": (None, html.escape),
    "latex": (None, _LATEX),
    "latex_booktabs": (None, _LATEX),
    "latex_longtable": (None, _LATEX),
    "github": (_MARKDOWN, _MARKDOWN),
    "pipe": (_MARKDOWN, _MARKDOWN),
    "mediawiki": (_wiki, _wiki),
    "moinmoin": (_wiki, _wiki),
    "jira": (_wiki, _wiki),
    "youtrack": (_wiki, _wiki),
    "textile": (_wiki, _wiki),
    "asciidoc": (_wiki, _wiki),
    "rst": (_RST, _RST),
    "orgtbl": (_ORG, _ORG),
}


def escape(fmt: str, text: str, *, title: bool = False) -> str:
    """``text`` made safe as a cell (or, with ``title``, as text outside a table: a title, a note) in format ``fmt``.

    Text formats meant for a terminal need nothing (catalog text holds no control characters); ``tsv`` only
    needs its cells on one line without tabs. Markup formats get their specials escaped.
    """
    if fmt == "tsv":
        return _one_line(text)
    cells, titles = _RULES.get(fmt, (None, None))
    rule = titles if title else cells
    return text if rule is None else rule(text)

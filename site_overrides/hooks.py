"""MkDocs hooks for the generated reference (mkdocs.yml names this file under ``hooks``).

The pages stay plain Markdown without front matter (they also read on a code host), so the few layout choices
that Material takes from front matter are made here: the home page and the section pages hide both sidebars,
so their wide tables get the whole width (the tabs under the header still lead everywhere). On the sources page
the table of contents would list every source title: its own table, at the top, links to each entry instead.

Each page's title (the browser tab, the search results, the previous/next links) is its first heading: MkDocs
takes a heading only when it is the page's first element, and every generated page opens with its marker
comment, so without this it would fall back to the file name ("T 90", "Cn 100 zbd04").
"""

from __future__ import annotations

from typing import Any

HIDE = {
    "index.md": ["navigation", "toc"],
    "systems/index.md": ["navigation", "toc"],
    "families/index.md": ["navigation", "toc"],
    "sources.md": ["navigation", "toc"],
}


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    hide = HIDE.get(page.file.src_uri)
    if hide:
        page.meta.setdefault("hide", hide)
    heading = first_heading(markdown)
    if heading:
        page.meta.setdefault("title", heading)
    return markdown


def first_heading(markdown: str) -> str | None:
    """The text of the page's first level-1 heading (``# T-90``), outside fenced code; None without one."""
    fenced = False
    for line in markdown.splitlines():
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and line.startswith("# "):
            return line[2:].strip().strip("#").strip() or None
    return None

"""MkDocs hooks for the generated reference (mkdocs.yml names this file under ``hooks``).

The pages stay plain Markdown without front matter (they also read on a code host), so the few layout choices
that Material takes from front matter are made here: the home page and the section pages hide both sidebars,
so their wide tables get the whole width (the tabs under the header still lead everywhere). On the sources page
the table of contents would list every source title: its own table, at the top, links to each entry instead.
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
    return markdown

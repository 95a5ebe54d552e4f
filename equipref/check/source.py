"""Recognising the text as a catalog source, so that it never corroborates itself."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = ["recognise_source"]


def _normal_url(url: str) -> str:
    parts = urllib.parse.urlsplit(urllib.parse.unquote(url.strip()))
    host = parts.netloc.casefold().removeprefix("www.")
    path = parts.path.rstrip("/").removesuffix("/amp").removeprefix("/amp")
    return f"{host}{path}".casefold()


def recognise_source(catalog: Catalog, text: str, source: str | None, source_url: str | None) -> tuple[str | None, str]:
    """The catalog source the text is, and how that was decided (or why none was)."""
    if source:
        catalog.source(source)  # UnknownNameError, with suggestions, for an id the catalog does not have
        return source, f"given as source {source}"
    if source_url:
        wanted = _normal_url(source_url)
        for s in catalog.sources:
            if s.url and _normal_url(s.url) == wanted:
                return s.id, f"its address is that of catalog source {s.id}"
        return None, "its address is not a catalog source, so every claim counts as independent of it"
    lines = {line.strip().casefold() for line in text.splitlines() if 12 <= len(line.strip()) <= 200}
    folded = text.casefold()
    for s in catalog.sources:
        title = s.title.strip().casefold()
        if len(title) >= 12 and title in lines and s.publisher.casefold() in folded:
            return s.id, f"recognised as catalog source {s.id}: a heading is its title and its publisher is named"
    return None, "not a catalog source (none given or recognised), so every claim counts as independent of it"

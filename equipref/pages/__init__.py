"""The generated Markdown reference, one module per page: `equipref docs` writes it, ``--check`` finds stale pages.

`render_site` turns a catalog into a dict of files (relative posix path -> bytes): the home page
(`equipref.pages.index`), one page per system and the systems section page (`equipref.pages.system`), one
page per ammunition family and the families section page (`equipref.pages.family`), the sources page
(`equipref.pages.sources`), the grades page (`equipref.pages.grades`), the counterpart scoring page (`equipref.pages.similarity`), the data changelog since the last release (`equipref.pages.changelog`) and two SVG
charts (`equipref.charts`). What the pages share lives in
`equipref.pages.common`. The output is deterministic: the same catalog gives the same bytes, because every
list is sorted by id (or comes from the engine in its documented order) and nothing depends on the clock,
the machine or set order. Writing the files into a folder, and finding stale ones, is
`equipref.site_writer`'s job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from equipref.charts import MARKER, calibers_svg, ranges_svg
from equipref.locations import builtin_catalog_path
from equipref.pages.changelog import changelog_page, latest_release
from equipref.pages.common import Site, page_file
from equipref.pages.family import families_index, family_page
from equipref.pages.grades import grades_page
from equipref.pages.index import index
from equipref.pages.similarity import similarity_page
from equipref.pages.sources import sources_page
from equipref.pages.system import system_page, systems_index

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = ["MARKER", "render_site"]


def render_site(catalog: Catalog) -> dict[str, bytes]:
    """Every generated file: relative posix path (``"index.md"``, ``"systems/type-99.md"``,
    ``"charts/ranges.svg"``) -> content. The same catalog always gives the same bytes."""
    site = Site(catalog)
    pages: dict[str, str] = {
        "index.md": index(site),
        "sources.md": sources_page(site),
        "grades.md": grades_page(site),
        "similarity.md": similarity_page(site),
        "systems/index.md": systems_index(site),
        "families/index.md": families_index(site),
        "charts/ranges.svg": ranges_svg(catalog, site.comparisons),
        "charts/calibers.svg": calibers_svg(catalog),
    }
    for system in site.systems:
        pages[f"systems/{page_file(system.id)}"] = system_page(site, system)
    for family in catalog.families:
        pages[f"families/{page_file(family.id)}"] = family_page(site, family)
    release = latest_release(builtin_catalog_path())
    if release is not None:
        pages["changelog.md"] = changelog_page(catalog, release)
    return {path: pages[path].encode("utf-8") for path in sorted(pages)}

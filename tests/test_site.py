"""The built site works where people open it: from disk, from a static server, at 1280 px, and offline.

`mkdocs build --strict` turns the committed docs/ into a site (mkdocs-material, from the ``docs`` extra), and
headless Chromium (the distribution's ``/usr/bin/chromium``, driven by Playwright; no browser is downloaded)
opens it. Each test skips, saying why, where mkdocs-material, Playwright or Chromium is missing:
``.ci/run`` installs all three.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
#: As root in a container: no sandbox, no GPU, and nothing that phones home.
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Schemes a page may load from without leaving the machine.
LOCAL_SCHEMES = ("file", "data", "blob", "about")
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None:
        pytest.skip("mkdocs-material is not installed: pip install '.[docs]'")
    out = tmp_path_factory.mktemp("site") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed: pip install playwright (no browser download needed)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Watch:
    """A page that records console errors, uncaught exceptions and any request that would leave the machine
    (those are aborted, so a test never depends on the network)."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 900, allow_host: str | None = None) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.remote: list[str] = []
        self.allow_host = allow_host
        self.page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = urlparse(route.request.url)
        if url.scheme in LOCAL_SCHEMES or (self.allow_host and url.netloc == self.allow_host):
            route.continue_()
        else:
            self.remote.append(route.request.url)
            route.abort()

    def close(self) -> None:
        self.page.close()


def _pages(site: Path) -> list[Path]:
    """Every page one can open from disk: 404.html is only ever served, from the site's root, by a server."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_the_site_builds_strictly_with_a_page_per_generated_page(site: Path) -> None:
    docs = ROOT / "docs"
    for md in docs.rglob("*.md"):
        assert (site / md.relative_to(docs).with_suffix(".html")).is_file(), md
    assert (site / "search" / "search_index.js").is_file(), "the offline plugin inlines the search index"


def test_every_page_is_titled_by_its_heading_not_its_file_name(site: Path) -> None:
    """Issue 21: the tab and search titles read "T-90" and "PHL-03", not "T 90" and "Phl 03" made from the
    file name (MkDocs takes a heading only when it opens the page, and each opens with its marker comment)."""
    import html

    docs = ROOT / "docs"
    for md in sorted(docs.rglob("*.md")):
        heading = re.search(r"^# (.+)$", md.read_text(encoding="utf-8"), re.M)
        if heading is None:
            continue
        page = (site / md.relative_to(docs).with_suffix(".html")).read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        assert title is not None, md
        shown = html.unescape(title.group(1)).strip()
        assert shown.startswith(heading.group(1).strip()), f"{md.relative_to(docs)}: {shown!r}"


def test_quantities_never_break_between_number_and_unit() -> None:
    """Pages join a number to its unit with a no-break space, so ``130 km`` never wraps in a table cell."""
    for md in sorted((ROOT / "docs").rglob("*.md")):
        text = re.sub(r"`[^`]*`", "", md.read_text(encoding="utf-8"))  # code spans show commands, not figures
        found = re.search(r"\d (?:mm|cm|km|m|t|kg|in|mi)\b", text)
        assert found is None, f"{md.relative_to(ROOT)}: {found.group(0)!r} can break between number and unit"


def test_every_page_loads_from_disk_with_working_links_and_no_errors(site: Path, browser: Any) -> None:
    """Every page, opened from file://: no console error, no request off the machine, and every link to
    another page of the site names an HTML file that exists (not a folder, which a browser shows as a
    listing), with its anchor."""
    watch = Watch(browser)
    ids: dict[Path, set[str]] = {}
    links: list[tuple[Path, str]] = []
    try:
        for page_path in _pages(site):
            watch.page.goto(page_path.as_uri(), wait_until="load", timeout=TIMEOUT_MS)
            found = watch.page.evaluate(
                "() => ({ids: [...document.querySelectorAll('[id]')].map(e => e.id),"
                " hrefs: [...document.querySelectorAll('a[href]')].map(a => a.href)})"
            )
            ids[page_path] = set(found["ids"])
            links += [(page_path, href) for href in found["hrefs"]]
        assert watch.errors == [], watch.errors[:5]
        assert watch.remote == [], f"requests that leave the machine: {sorted(set(watch.remote))[:5]}"
    finally:
        watch.close()
    broken = []
    for page_path, href in links:
        target, fragment = urldefrag(href)
        if urlparse(target).scheme != "file":
            continue  # a source's own page on the web: a link, never loaded
        path = Path(unquote(urlparse(target).path))
        if not path.is_file() or path.suffix not in (".html", ".svg", ".xml", ".gz"):
            broken.append(f"{page_path.relative_to(site)} -> {href}")
        elif fragment and path.suffix == ".html" and fragment not in ids.get(path, set()):
            broken.append(f"{page_path.relative_to(site)} -> {href} (no such anchor)")
    assert len(links) > 1000
    assert broken == [], broken[:10]


def test_clicking_through_from_disk_reaches_pages(site: Path, browser: Any) -> None:
    watch = Watch(browser)
    try:
        page = watch.page
        page.goto((site / "index.html").as_uri(), wait_until="load", timeout=TIMEOUT_MS)
        page.click("article table a >> nth=0")
        page.wait_for_load_state("load")
        assert page.url.endswith(".html"), page.url
        assert page.locator("article h1").count() == 1
        page.go_back()
        page.click(".md-tabs a:has-text('Sources')")
        page.wait_for_load_state("load")
        assert page.url.endswith("/sources.html")
        page.click("article table a >> nth=0")  # the table at the top leads to each entry on the same page
        assert "#" in page.url
        assert watch.errors == [] and watch.remote == []
    finally:
        watch.close()


def _search(page: Any, query: str) -> list[str]:
    page.click("label.md-search__icon, .md-search__input", timeout=TIMEOUT_MS)
    page.locator("input.md-search__input").press_sequentially(query, delay=30)  # as a person types
    items = page.locator(".md-search-result__item")
    items.first.wait_for(timeout=TIMEOUT_MS)
    texts: list[str] = items.all_inner_texts()
    return texts


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    """The site on a static HTTP server at 127.0.0.1 (a thread, stopped after the test)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_search_finds_smerch_over_http(served: str, browser: Any) -> None:
    watch = Watch(browser, allow_host=served)
    try:
        watch.page.goto(f"http://{served}/404.html", wait_until="load", timeout=TIMEOUT_MS)  # as a server sends it
        watch.page.goto(f"http://{served}/index.html", wait_until="load", timeout=TIMEOUT_MS)
        results = _search(watch.page, "Smerch")
        assert any("Smerch" in text for text in results), results[:3]
        assert watch.errors == [] and watch.remote == []
    finally:
        watch.close()


def test_search_works_from_disk_too(site: Path, browser: Any) -> None:
    """The offline plugin inlines the index and the vendored iframe-worker shim replaces the web worker."""
    watch = Watch(browser)
    try:
        watch.page.goto((site / "index.html").as_uri(), wait_until="load", timeout=TIMEOUT_MS)
        results = _search(watch.page, "Smerch")
        assert any("Smerch" in text for text in results), results[:3]
        assert watch.errors == [] and watch.remote == []
    finally:
        watch.close()


def test_home_table_shows_the_grades_at_1280_px_without_scrolling(site: Path, browser: Any) -> None:
    watch = Watch(browser, width=1280)
    try:
        page = watch.page
        page.goto((site / "index.html").as_uri(), wait_until="load", timeout=TIMEOUT_MS)
        table = page.locator("article table").first
        headers = table.locator("th").all_inner_texts()
        assert any("rounds in" in h for h in headers), headers  # the grade columns are there
        fits = page.evaluate(
            """() => {
                const table = document.querySelector('article table');
                const wrap = table.closest('.md-typeset__scrollwrap') || table.parentElement;
                const cells = [...table.querySelectorAll('th, td')];
                return {
                    overflow: wrap.scrollWidth - wrap.clientWidth,
                    page: document.documentElement.scrollWidth - window.innerWidth,
                    right: Math.max(...cells.map(c => c.getBoundingClientRect().right)),
                    width: window.innerWidth,
                };
            }"""
        )
        assert fits["overflow"] <= 0, fits
        assert fits["page"] <= 0, fits
        assert fits["right"] <= fits["width"], fits
    finally:
        watch.close()

"""The generated reference (`equipref docs`): up to date in the repository, complete, linked, deterministic."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath

import pytest

from equipref.cli import main
from equipref.pages import MARKER, render_site
from equipref.site_writer import stale_files, write_site

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"(?<!\\)\]\(([^)\s]+)\)")
ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


@pytest.fixture(scope="module")
def pages(catalog):  # type: ignore[no-untyped-def]
    return render_site(catalog)


def _text(pages: dict[str, bytes]) -> dict[str, str]:
    return {path: content.decode("utf-8") for path, content in pages.items() if path.endswith(".md")}


def test_committed_docs_are_up_to_date(pages):  # type: ignore[no-untyped-def]
    stale = stale_files(pages, ROOT / "docs")
    assert stale == [], f"docs/ is out of date ({', '.join(stale[:5])}...); run `equipref docs`"


def test_every_system_family_and_source_has_a_page_or_entry(catalog, pages):  # type: ignore[no-untyped-def]
    text = _text(pages)
    system_pages = [p for p in pages if p.startswith("systems/") and p != "systems/index.md"]
    family_pages = [p for p in pages if p.startswith("families/") and p != "families/index.md"]
    assert len(system_pages) == len(catalog.systems())
    assert len(family_pages) == len(catalog.families)
    for system in catalog.systems():
        page = text[f"systems/{system.id}.md"]
        # The page keeps a number and its unit together with a no-break space ("122\u00a0mm").
        assert f"# {system.name}" in page.replace("\\", "").replace("\u00a0", " ")
        assert f"](systems/{system.id}.md)" in text["index.md"]
        assert f"]({system.id}.md)" in text["systems/index.md"]
    for family in catalog.families:
        assert f"families/{family.id}.md" in pages
        assert f"](families/{family.id}.md)" in text["index.md"]
    anchors = ANCHOR.findall(text["sources.md"])
    assert sorted(anchors) == sorted(s.id for s in catalog.sources)
    assert len(set(anchors)) == len(anchors)
    assert {"index.md", "sources.md", "charts/ranges.svg", "charts/calibers.svg"} <= set(pages)


def test_every_citation_is_listed_on_the_sources_page(catalog, pages):  # type: ignore[no-untyped-def]
    sources_page = _text(pages)["sources.md"]
    for source_id, count in catalog.citations().items():
        if count:
            entry = sources_page.split(f'<a id="{source_id}"></a>', 1)[1].split('<a id="', 1)[0]
            assert "Cited by (" in entry, source_id


def test_every_page_starts_with_the_marker(pages):  # type: ignore[no-untyped-def]
    for path, content in pages.items():
        first = content.decode("utf-8").splitlines()[1 if path.endswith(".svg") else 0]
        assert first == MARKER, path


def _check_links(pages: dict[str, bytes]) -> list[str]:
    text = _text(pages)
    anchors = {path: set(ANCHOR.findall(page)) for path, page in text.items()}
    broken = []
    for path, page in text.items():
        for target in LINK.findall(page):
            if re.match(r"^[a-z]+:", target):
                broken.append(f"{path}: absolute link {target}")
                continue
            file_part, _, anchor = target.partition("#")
            if file_part:
                resolved = PurePosixPath(path).parent / file_part
                parts: list[str] = []
                for part in resolved.parts:
                    if part == "..":
                        if not parts:
                            broken.append(f"{path}: {target} leaves the site")
                        parts = parts[:-1]
                    elif part != ".":
                        parts.append(part)
                where = "/".join(parts)
            else:
                where = path
            if where not in pages:
                broken.append(f"{path}: {target} -> {where} is not a generated file")
            elif anchor and anchor not in anchors.get(where, set()):
                broken.append(f"{path}: {target} -> no anchor #{anchor} in {where}")
    return broken


def test_every_relative_link_resolves(pages):  # type: ignore[no-untyped-def]
    assert _check_links(pages) == []
    links = sum(len(LINK.findall(p)) for p in _text(pages).values())
    assert links > 100  # the check above really looked at links


def test_rendering_is_deterministic(catalog, pages):  # type: ignore[no-untyped-def]
    from equipref.catalog import load_catalog

    assert render_site(catalog) == pages
    assert render_site(load_catalog()) == pages


def test_charts_are_self_contained_svg(pages):  # type: ignore[no-untyped-def]
    for name in ("charts/ranges.svg", "charts/calibers.svg"):
        text = pages[name].decode("utf-8")
        root = ET.fromstring(pages[name])
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert text.replace('xmlns="http://www.w3.org/2000/svg"', "").count("http") == 0, name
        assert "href" not in text and "<script" not in text and "<image" not in text
    ranges = pages["charts/ranges.svg"].decode("utf-8")
    assert "Logarithmic scale, 1 km to 600 km" in ranges
    assert "![Range chart](charts/ranges.svg)" in _text(pages)["index.md"]


def test_write_then_check_is_clean_and_extra_pages_go(tmp_path, pages):  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int, str]] = []
    assert write_site(pages, tmp_path, lambda d, t, n: calls.append((d, t, n))) == len(pages)
    assert [c[0] for c in calls] == list(range(1, len(pages) + 1))
    assert stale_files(pages, tmp_path) == []
    assert write_site(pages, tmp_path) == 0  # nothing changed, nothing written

    # An older site: one page since retired, and an index from another catalog.
    older = {**pages, "systems/gone.md": f"{MARKER}\n\n# Gone\n".encode(), "index.md": pages["index.md"] + b"old\n"}
    write_site(older, tmp_path)
    (tmp_path / "notes.md").write_text(f"# Hand-written, quoting {MARKER}\n", encoding="utf-8")
    (tmp_path / "sources.md").unlink()
    assert stale_files(pages, tmp_path) == [".equipref-manifest.json", "index.md", "sources.md", "systems/gone.md"]
    assert write_site(pages, tmp_path) == 2
    assert not (tmp_path / "systems" / "gone.md").exists()
    assert (tmp_path / "notes.md").exists()  # only files equipref wrote (its manifest lists them) are deleted
    assert stale_files(pages, tmp_path) == []
    assert sorted(p.name for p in tmp_path.rglob("*.tmp")) == []


def test_write_site_refuses_paths_outside_the_folder(tmp_path):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        write_site({"../escape.md": b"x"}, tmp_path / "out")


def test_docs_check_exit_codes(tmp_path, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "docs"
    assert main(["docs", "--check", "--out", str(out)]) == 2  # no such folder: a usage error, not stale pages
    assert "there is no folder" in capsys.readouterr().err
    assert main(["docs", "--out", str(out)]) == 0
    assert main(["docs", "--check", "--out", str(out)]) == 0
    page = out / "sources.md"
    page.write_bytes(page.read_bytes().replace(b"# Sources", b"# Sauces", 1))
    assert main(["docs", "--check", "--out", str(out)]) == 1
    assert "sources.md" in capsys.readouterr().err


TINY = """
[[source]]
id = "s1"
title = "A title with *stars*, [brackets] | pipes and <tags>"
publisher = "P_ub"
kind = "news"

[[family]]
id = "f-cn"
name = "CN 122"
caliber = "122 mm"
bore = "rifled"
loading = "separate"
sources = ["s1"]

[[family]]
id = "f-ru"
name = "RU 122"
caliber = "122 mm"
bore = "rifled"
loading = "separate"
sources = ["s1"]

[[evidence]]
ammunition = "f-ru"
fired_from = "f-cn"
stance = "interchangeable"
sources = ["s1"]

[[weapon]]
id = "w-cn"
name = "Gun | CN"
kind = "howitzer"
family = "f-cn"
caliber = [{ value = "122 mm", sources = ["s1"] }]

[[weapon]]
id = "w-ru"
name = "Gun RU"
kind = "howitzer"
family = "f-ru"
caliber = [{ value = "4.803 in", sources = ["s1"] }]

[[munition]]
id = "m-ru"
name = "Shell"
family = "f-ru"
kind = "he"
max_range = [{ value = "15 km", sources = ["s1"] }, { value = "1200 km", sources = ["s1"], hedge = "up to" }]

[[system]]
id = "index"
name = "Index_Gun"
country = "CN"
role = "SPH"
armament = [{ weapon = "w-cn" }]
notes = [{ value = "Said to *fire* [anything].", sources = ["s1"] }]
counterparts = [{ system = "ru-gun", sources = ["s1"], note = "a | note" }]

[[system]]
id = "ru-gun"
name = "RU gun"
country = "RU"
role = "TH"
armament = [{ weapon = "w-ru", munitions = ["m-ru"] }]

[[system]]
id = "bare"
name = "Bare"
country = "RU"
role = "SRBM"
"""


def test_a_small_odd_catalog_renders_with_working_links(tmp_path):  # type: ignore[no-untyped-def]
    from equipref.catalog import load_catalog

    (tmp_path / "tiny.toml").write_text(TINY, encoding="utf-8")
    catalog = load_catalog(tmp_path)
    pages = render_site(catalog)
    assert "systems/index_.md" in pages and "systems/index.md" in pages  # an id "index" gets its own page
    assert _check_links(pages) == []
    text = _text(pages)
    assert "Gun \\| CN" in text["systems/index_.md"]
    assert "\\*stars\\*" in text["sources.md"]
    assert "<tags>" not in "".join(text.values())
    for svg in ("charts/ranges.svg", "charts/calibers.svg"):
        ET.fromstring(pages[svg])
    assert "15–1200 km" in pages["charts/ranges.svg"].decode("utf-8")
    assert "No main-weapon caliber recorded: Bare (RU)" in pages["charts/calibers.svg"].decode("utf-8")


@pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None,
    reason="mkdocs-material is not installed: pip install '.[docs]'",
)
def test_mkdocs_builds_the_site_strictly(tmp_path, pages):  # type: ignore[no-untyped-def]
    write_site(pages, tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "site_overrides", tmp_path / "site_overrides")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(tmp_path / "mkdocs.yml"),
            "-d",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "systems" / "index.html").exists()
    assert (tmp_path / "site" / "charts" / "ranges.svg").exists()

"""Names as Chinese and Russian pages write them find the system, and each such alias says who writes it."""

from __future__ import annotations

import pytest

from equipref import check_text
from equipref.catalog import load_catalog


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return load_catalog()


# (as a page writes it, the system it names): each written form is an alias some catalog source uses.
WRITTEN = [
    ("15式轻型坦克", "type-15"),  # the defence ministry's name (Huanqiu)
    ("龍捲風", "bm-30"),  # traditional script, as the Liberty Times writes the BM-30 Smerch
    ("99大改", "type-99a"),  # a nickname
    ("伊斯坎德尔-M", "iskander-m"),
    ("90B", "type-90"),  # the export model's bare designation (Andina)
    ("Т-90М «Прорыв»", "t-90m"),  # Cyrillic with the nickname in guillemets (topnews, Svobodnaya Pressa)
    ("БТР-82А", "btr-82a"),
    ("Малка", "2s7m"),  # a nickname no Latin alias has
]


@pytest.mark.parametrize(("written", "system"), WRITTEN)
def test_a_name_as_written_finds_its_system_and_names_its_sources(catalog, written: str, system: str) -> None:  # type: ignore[no-untyped-def]
    assert catalog.system(written).id == system
    alias = next(a for a in catalog.system(system).aliases if a.name == written)
    known = {s.id for s in catalog.sources}
    assert alias.sources and set(alias.sources) <= known


def test_every_cyrillic_alias_names_the_sources_that_write_it(catalog) -> None:  # type: ignore[no-untyped-def]
    unsourced = [
        (s.id, a.name)
        for s in catalog.systems()
        for a in s.aliases
        if any("\u0400" <= c <= "\u04ff" for c in a.name) and not a.sources
    ]
    assert not unsourced


@pytest.mark.parametrize(
    ("other_script", "system"),
    [("15式輕型坦克", "type-15"), ("龙卷风", "bm-30"), ("99大改", "type-99a")],
)
def test_the_other_chinese_script_finds_the_same_system(catalog, other_script: str, system: str) -> None:  # type: ignore[no-untyped-def]
    assert catalog.system(other_script).id == system


@pytest.mark.parametrize(
    ("text", "system"),
    [
        ("15式轻型坦克装备105毫米线膛炮。", "type-15"),
        ("俄製「龍捲風」多管火箭炮口徑300毫米。", "bm-30"),
        ("Новые 2С7М \"Малка\" стреляют 203-мм снарядами.", "2s7m"),
    ],
)
def test_check_finds_a_sourced_alias_in_prose(text: str, system: str) -> None:
    assert {f.system for f in check_text(text).findings} == {system}

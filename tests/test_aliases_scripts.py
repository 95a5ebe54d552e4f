"""Cyrillic and Chinese names as stored pages write them find their system in every look-up a user has.

Each written form below is an alias a catalog source uses (its page was read and shows the name); the expected
system is written by hand. The same name must work in `Catalog.system` (``equipref show``), in
`equipref.resolving.resolve` (``equipref resolve``) and in ``equipref check`` on a sentence that uses it.
"""

from __future__ import annotations

import pytest

from equipref import check_text
from equipref.catalog import Catalog, load_catalog
from equipref.resolving import resolve


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# (as the page writes it, the system's id, the source that writes it)
WRITTEN = [
    ("Т-80У", "t-80u", "wartelegraph-t80-engines"),
    ("Т-90А", "t-90a", "voennoedelo-t90m-monster"),
    ("Д-20", "d-20", "depo-2020-dana"),  # Ukrainian prose spells it as Russian does
    ("2С12 „Сани“", "2s12", "besarabia-2s12-gaz69"),  # Bulgarian quotation marks, as the page has them
    ("Точка", "tochka", "lenta-2017-tochka-syria"),
    ("PHL—03式遠程多管火箭砲", "phl-03", "ltn-2025-long-range-rockets"),  # traditional script, em dash
    ("PHL-03火箭砲", "phl-03", "ltn-2025-long-range-rockets"),
]


@pytest.mark.parametrize(("written", "system", "source"), WRITTEN)
def test_the_alias_is_on_its_system_with_the_page_that_writes_it(
    catalog: Catalog, written: str, system: str, source: str
) -> None:
    alias = next(a for a in catalog.system(system).aliases if a.name == written)
    assert source in alias.sources
    cited = next(s for s in catalog.sources if s.id == source)
    assert cited.read and cited.url and cited.accessed == "2026-12-07"


@pytest.mark.parametrize(("written", "system", "source"), WRITTEN)
def test_show_and_resolve_find_the_system(catalog: Catalog, written: str, system: str, source: str) -> None:
    assert catalog.system(written).id == system
    found = resolve(written, catalog)
    assert found.system == system


@pytest.mark.parametrize(
    ("text", "system", "value"),
    [
        ("Танк Т-80У весит 46 тонн.", "t-80u", "46 t"),
        ("Танк Т-90А весит 46,5 тонны.", "t-90a", "46.5 t"),
        ("Гаубица-пушка Д-20 стреляет на 17,4 км.", "d-20", "17.4 km"),
        ("Миномёт 2С12 „Сани“ стреляет на 7,1 км.", "2s12", "7.1 km"),
        ("Ракета комплекса «Точка» летит на 70 км.", "tochka", "70 km"),
        ("中國製PHL-03火箭砲射程130公里。", "phl-03", "130 km"),
        ("PHL—03式遠程多管火箭砲的射程為150公里。", "phl-03", "150 km"),
        # the simplified script of the same name finds the same system
        ("PHL-03式远程多管火箭炮射程150公里。", "phl-03", "150 km"),
    ],
)
def test_check_attributes_a_figure_to_the_system_the_alias_names(text: str, system: str, value: str) -> None:
    findings = check_text(text).findings
    assert [(f.system, f.value) for f in findings] == [(system, value)]


def test_every_cyrillic_or_chinese_alias_resolves_to_its_own_system(catalog: Catalog) -> None:
    def foreign(name: str) -> bool:
        return any("\u0400" <= c <= "\u04ff" or "\u3400" <= c <= "\u9fff" for c in name)

    elsewhere = [
        (system.id, alias.name, resolve(alias.name, catalog).system)
        for system in catalog.systems()
        for alias in system.aliases
        if foreign(alias.name) and resolve(alias.name, catalog).system not in (system.id, system.variant_of)
    ]
    assert not elsewhere

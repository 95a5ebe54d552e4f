"""The figures the issue-22 audit found on the wrong record or said more firmly than their pages: each now sits where
its page puts it, or says what makes it softer, and none of them heads a line it does not belong to."""

from __future__ import annotations

from equipref.catalog import Catalog
from equipref.headline import headline


def test_the_2s7m_ranges_are_the_2s7ms_not_the_2s7s(catalog: Catalog) -> None:
    assert catalog.system("2S7M").variant_of == "2s7"
    base, variant = headline(catalog, "2S7"), headline(catalog, "2S7M")
    assert base.range is not None and "konflikty-2s7m" not in base.range.sources
    assert variant.range is not None and variant.range.sources == ("konflikty-2s7m",)
    # and no page's figure for the 2S7 reaches the 2S7M as its own
    rounds = [catalog.munition(m) for arm in catalog.system("2S7M").armament for m in arm.munitions]
    for claim in (c for m in rounds for c in m.max_range):
        assert ("2s7m" in claim.stated_for) is ("konflikty-2s7m" in claim.sources), claim


def test_the_pcl181s_50_km_is_a_guided_shells_and_no_plain_rounds(catalog: Catalog) -> None:
    rounds = [catalog.munition(m) for arm in catalog.system("PCL-181").armament for m in arm.munitions]
    fifty = [m for m in rounds for c in m.max_range if c.value.m_as("km") == 50]
    assert fifty and all(m.kind == "guided-shell" for m in fifty)
    top = headline(catalog, "PCL-181")
    assert top.range is None or top.range.value.m_as("km") != 50 or top.category == "guided shell"


def test_figures_from_a_page_that_never_names_the_type_15_are_the_catalogs_reading(catalog: Catalog) -> None:
    system = catalog.system("Type 15")
    rounds = [catalog.munition(m) for arm in system.armament for m in arm.munitions]
    cited = [c for c in (*system.combat_weight, *(c for m in rounds for c in m.max_range))]
    from_page = [c for c in cited if "defensearab-light-tank" in c.sources]
    assert len(from_page) == 2 and all(c.basis == "reading" for c in from_page)
    top = headline(catalog, "Type 15").range
    assert top is None or "defensearab-light-tank" not in top.sources

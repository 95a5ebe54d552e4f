"""Headline figures: the supported policy, the support shown in a cell, and display that adds no digits."""

from __future__ import annotations

import math
import re

from hypothesis import given
from hypothesis import strategies as st

from equipref.comparison import compare
from equipref.display import fmt_claimed, fmt_span, written_step
from equipref.headline import DEFAULT_POLICY, headline, range_cell
from equipref.provenance import origins
from equipref.units import Measure, parse_measure


def test_the_phl03_headline_is_not_the_single_source_outlier(catalog) -> None:  # type: ignore[no-untyped-def]
    top = headline(catalog, "PHL-03")
    assert DEFAULT_POLICY == "supported" and top.range is not None
    outlier = max(top.range.claims, key=lambda c: c.value.si) if top.policy == "max" else None
    assert outlier is None
    assert top.range.value.m_as("km") != 160
    # The value picked has more independent origins than the article's 160 km, which has one.
    assert len(top.range.origins) >= 2
    assert len(origins(catalog, ["globalsecurity-china-ww3"])) == 1


def test_the_cell_shows_the_support_at_a_glance(catalog) -> None:  # type: ignore[no-untyped-def]
    cell = range_cell(headline(catalog, "PHL-03").range, "km")
    assert re.fullmatch(r"130 km \(70–160 km, \d+ claims, \d+ origins\)", cell), cell


def test_policy_max_still_reproduces_the_article(catalog) -> None:  # type: ignore[no-untyped-def]
    pair = compare("PHL-03", "Tornado-S", policy="max", catalog=catalog).main
    assert pair is not None and pair.range is not None
    assert pair.range.a is not None and pair.range.b is not None
    assert (pair.range.a.value.m_as("km"), pair.range.b.value.m_as("km")) == (160, 120)


def test_a_conversion_is_shown_beside_the_written_value_at_its_precision() -> None:
    assert fmt_claimed(parse_measure("220 mi", "[length]"), "km") == "220 mi (354 km)"
    assert fmt_claimed(parse_measure("54 t", "[mass]"), "lb") == "54 t (119,000 lb)"
    assert fmt_claimed(parse_measure("125 mm", "[length]"), "mm") == "125 mm"
    assert fmt_claimed(parse_measure("5.5 km", "[length]"), "mi") == "5.5 km (3.42 mi)"
    assert fmt_span(parse_measure("70 km", "[length]"), parse_measure("160 km", "[length]")) == "70–160 km"


@given(
    st.integers(min_value=1, max_value=9_999),
    st.integers(min_value=0, max_value=2),
    st.sampled_from(["mm", "m", "km", "mi", "in", "ft"]),
    st.sampled_from(["mm", "m", "km", "mi", "in", "ft"]),
)
def test_a_conversion_never_claims_more_precision_than_its_source(
    digits: int, decimals: int, src: str, dst: str
) -> None:
    measure = Measure(digits / 10**decimals, src)
    text = fmt_claimed(measure, dst)
    assert text.split(" ")[1] == src  # the written value comes first, in its own unit
    found = re.search(r"\(([\d,.]+) " + re.escape(dst) + r"\)$", text)
    if src == dst:
        assert found is None
        return
    assert found is not None
    shown = float(found[1].replace(",", ""))
    # Within half of the source's last digit, converted: no closer than the source itself could say.
    tolerance = written_step(measure) * measure.m_as(dst) / measure.magnitude
    assert abs(shown - measure.m_as(dst)) <= tolerance / 2 + 1e-9 * max(1.0, shown)
    # ...and no digit below the place of the source's last digit, converted.
    place = 10.0 ** math.floor(math.log10(tolerance))
    assert abs(shown / place - round(shown / place)) < 1e-6


def test_a_shared_munition_never_lends_one_guns_range_to_another(catalog) -> None:  # type: ignore[no-untyped-def]
    from equipref.ranges import Policy, range_figure

    t90 = catalog.system("T-90")
    kord = next(a for a in t90.armament if a.weapon == "kord")
    figure = range_figure(catalog, kord, Policy("max"))
    assert figure is not None and {c.value.m_as("m") for c in figure.claims} == {2000}
    assert figure.low is not None and figure.low.m_as("m") == 2000  # the QJZ-89's 1500 m is not a candidate
    # The 9M119M's 6 km was given for Vietnam's T-90S gun; the T-80BVM firing the same missile does not inherit it.
    bvm = catalog.system("T-80BVM")
    bvm_range = headline(catalog, bvm).range
    assert bvm_range is None or all(c.munition != "9m119m" for c in bvm_range.claims)


def test_a_range_claim_must_name_a_known_weapon(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import textwrap

    import pytest

    from equipref import CatalogError, load_catalog

    (tmp_path / "c.toml").write_text(
        textwrap.dedent(
            """
            [[source]]
            id = "s"
            title = "t"
            publisher = "p"
            kind = "news"
            accessed = "2026-12-01"
            [[family]]
            id = "f"
            name = "F"
            sources = ["s"]
            [[munition]]
            id = "m"
            name = "M"
            family = "f"
            kind = "cartridge"
            max_range = [{ value = "2 km", sources = ["s"], fired_from = "no-such-gun" }]
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match=r"max_range\[0\]\.fired_from"):
        load_catalog(tmp_path)


def test_natures_are_kept_apart_and_compared_like_for_like(catalog) -> None:  # type: ignore[no-untyped-def]
    comparison = compare("PLZ-07", "2S1", catalog=catalog).main
    assert comparison is not None
    categories = {r.category for r in comparison.ranges}
    # Plain shells and rocket-assisted shells are separate comparisons, never one mixed figure.
    assert {"gun round", "rocket-assisted shell"} <= categories
    assert all(r.like_for_like for r in comparison.ranges if r.category != "all munitions")
    rap = next(r for r in comparison.ranges if r.category == "rocket-assisted shell")
    assert rap.a is not None and all(c.munition.endswith("rocket-assisted") for c in rap.a.claims)


def test_exports_carry_each_claims_origins_and_confidence(catalog) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    from equipref.export import export_csv

    rows = list(csv.DictReader(io.StringIO(export_csv(catalog))))
    seed = next(
        r for r in rows if r["entity_id"] == "phl-03-rocket-unnamed" and r["sources"] == "globalsecurity-china-ww3"
    )
    assert seed["origins"] == "avtovzglyad-2023-04-24" and seed["confidence"] == "C5"
    assert "improbable" in seed["confidence_explained"]

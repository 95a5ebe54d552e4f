"""Source lineage: who repeats whom, independent origins, and what validate refuses about it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equipref import Catalog, CatalogError, load_catalog
from equipref.provenance import origins

SOURCES = """
    [[source]]
    id = "original"
    title = "The original report"
    publisher = "A newspaper"
    kind = "news"
    read = false

    [[source]]
    id = "retelling"
    title = "An article retelling the report"
    publisher = "An analysis site"
    url = "https://example.org/retelling"
    kind = "analysis"
    accessed = "2026-12-01"
    retells = ["original"]
    relation = "retells"

    [[source]]
    id = "wiki"
    title = "An encyclopedia article"
    publisher = "Wikipedia"
    url = "https://en.wikipedia.org/wiki/X"
    kind = "reference"
    accessed = "2026-12-01"

    [[source]]
    id = "mirror"
    title = "An encyclopedia article (copy)"
    publisher = "A mirror"
    url = "https://mirror.example.org/X"
    kind = "reference"
    accessed = "2026-12-01"
    relation = "mirrors"
    retells = ["wiki"]

    [[source]]
    id = "other"
    title = "Someone else"
    publisher = "Another site"
    url = "https://example.com/y"
    kind = "news"
    accessed = "2026-12-01"
"""


def system(sources: str, note: str = "") -> str:
    return f"""
        [[system]]
        id = "tank-a"
        name = "Tank A"
        country = "CN"
        role = "MBT"
        crew = [{{ value = 3, sources = {sources}, note = "{note}" }}]
    """


def write(tmp_path: Path, sources: str = SOURCES, systems: str = "") -> Path:
    root = tmp_path / "cat"
    root.mkdir(parents=True)
    (root / "sources.toml").write_text(textwrap.dedent(sources), encoding="utf-8")
    (root / "systems.toml").write_text(textwrap.dedent(systems or system('["retelling"]')), encoding="utf-8")
    return root


def problems_of(root: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_catalog(root)
    return str(caught.value)


def test_sources_that_repeat_one_origin_count_once(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path))
    assert origins(catalog, ["retelling"]) == ("original",)
    assert origins(catalog, ["mirror", "wiki"]) == ("wiki",)
    assert origins(catalog, ["retelling", "mirror", "other"]) == ("original", "other", "wiki")
    assert origins(catalog, []) == ()


def test_a_chain_of_retellings_leads_back_to_its_root(tmp_path: Path) -> None:
    chained = (
        SOURCES
        + """
    [[source]]
    id = "relay"
    title = "A relay of the retelling"
    publisher = "A wire"
    url = "https://example.net/relay"
    kind = "news"
    accessed = "2026-12-01"
    relation = "relays"
    retells = ["retelling", "other"]
    """
    )
    catalog = load_catalog(write(tmp_path, chained, system('["relay"]')))
    assert origins(catalog, ["relay"]) == ("original", "other")
    assert origins(catalog, ["relay", "retelling", "other"]) == ("original", "other")


def test_a_cycle_is_refused(tmp_path: Path) -> None:
    cyclic = (
        SOURCES
        + """
    [[source]]
    id = "loop-a"
    title = "A"
    publisher = "A"
    kind = "blog"
    accessed = "2026-12-01"
    relation = "retells"
    retells = ["loop-b"]

    [[source]]
    id = "loop-b"
    title = "B"
    publisher = "B"
    kind = "blog"
    accessed = "2026-12-01"
    relation = "retells"
    retells = ["loop-a"]
    """
    )
    message = problems_of(write(tmp_path, cyclic))
    assert "source[loop-a].retells" in message and "cycle" in message
    assert "source[loop-b].retells" in message


def test_a_link_to_an_unknown_source_is_refused(tmp_path: Path) -> None:
    message = problems_of(write(tmp_path, SOURCES.replace('retells = ["wiki"]', 'retells = ["wikk"]')))
    assert "source[mirror].retells[0]" in message and "'wikk'" in message


@pytest.mark.parametrize(
    ("fields", "expected"),
    [('retells = ["other"]', "needs `relation`"), ('relation = "mirrors"', "needs `retells`")],
)
def test_retells_and_relation_go_together(tmp_path: Path, fields: str, expected: str) -> None:
    extra = (
        SOURCES
        + f"""
    [[source]]
    id = "half"
    title = "Half a lineage"
    publisher = "P"
    kind = "blog"
    accessed = "2026-12-01"
    {fields}
    """
    )
    assert expected in problems_of(write(tmp_path, extra))


def test_citing_a_source_beside_the_one_it_repeats_needs_a_reason(tmp_path: Path) -> None:
    message = problems_of(write(tmp_path, systems=system('["mirror", "wiki"]')))
    assert "system[tank-a].crew[0].sources" in message and "one origin" in message
    # Saying why both are cited (e.g. the copy keeps an older revision) is allowed.
    load_catalog(write(tmp_path / "ok", systems=system('["mirror", "wiki"]', "the mirror keeps an older revision")))


def test_an_unread_source_is_never_cited_directly(tmp_path: Path) -> None:
    message = problems_of(write(tmp_path, systems=system('["original"]')))
    assert "system[tank-a].crew[0].sources[0]" in message and "not read" in message and "retelling" in message


def test_an_unread_source_nobody_retells_is_refused(tmp_path: Path) -> None:
    lone = SOURCES.replace('retells = ["original"]', 'retells = ["other"]')
    message = problems_of(write(tmp_path, lone))
    assert "source[original].read" in message


@given(st.lists(st.sampled_from(["original", "retelling", "wiki", "mirror", "other"]), max_size=6))
def test_origins_are_sorted_unique_and_never_more_than_the_sources(cited: list[str]) -> None:
    catalog = _CATALOG
    found = origins(catalog, cited)
    assert list(found) == sorted(set(found))
    assert len(found) <= len(set(cited))
    assert origins(catalog, cited + cited) == found


def _load_fixture() -> Catalog:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return load_catalog(write(Path(tmp)))


_CATALOG = _load_fixture()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('kind = "reference"\n    reliability = "A"\n    relation = "mirrors"\n    retells = ["other"]', "a mirror"),
        ('kind = "news"\n    reliability = "A"\n    state_media = true', "state media"),
        ('kind = "blog"\n    reliability = "B"', "a blog is never better than C"),
        ('kind = "news"\n    reliability = "A"\n    relation = "relays"\n    retells = ["other"]', "which it repeats"),
    ],
)
def test_grades_follow_the_published_rules(tmp_path: Path, source: str, expected: str) -> None:
    graded = SOURCES.replace(
        'id = "other"\n    title = "Someone else"', 'id = "other"\n    reliability = "B"\n    title = "Someone else"'
    )
    extra = (
        graded
        + f"""
    [[source]]
    id = "graded"
    title = "A graded page"
    publisher = "P"
    accessed = "2026-12-01"
    {source}
    """
    )
    message = problems_of(write(tmp_path, extra))
    assert "source[graded].reliability" in message and expected in message


def test_a_claims_confidence_is_computed_from_its_origins_and_their_agreement(tmp_path: Path) -> None:
    from equipref.model import Claim, Length
    from equipref.provenance import assess
    from equipref.units import Measure

    catalog = load_catalog(write(tmp_path))
    claims = [
        Claim[Length](value=Measure(130, "km"), sources=("retelling",)),
        Claim[Length](value=Measure(130000, "m"), sources=("wiki",)),
        Claim[Length](value=Measure(130, "km"), sources=("mirror",)),  # the same origin as wiki: no extra weight
        Claim[Length](value=Measure(160, "km"), sources=("other",)),
    ]
    found = assess(catalog, claims)
    assert found[1].agreeing == ("original", "wiki")
    assert found[0].corroboration == 2  # two origins give it, one gives another value
    assert found[3].corroboration == 5 and found[3].disagreeing == ("original", "wiki")
    assert "improbable" in found[3].explanation


def test_show_lists_each_range_claim_with_its_origins_and_confidence(catalog) -> None:  # type: ignore[no-untyped-def]
    from equipref.record import system_record
    from equipref.render import DisplayUnits, show_tables

    record = system_record(catalog, "PHL-03").model_dump(mode="json")
    tables = {t.title: t for t in show_tables(record, DisplayUnits())}
    rows = tables["Munitions and ranges"].rows
    seed_row = next(r for r in rows if "globalsecurity-china-ww3" in r[6])
    # The article's 160 km stands on one origin, the AvtoVzglyad report it retells, and other values outweigh it.
    assert seed_row[3] == "160 km" and seed_row[7].startswith("C5, 1 origin: avtovzglyad-2023-04-24")
    assert any(t.startswith("Confidence, in words") for t in tables)


@given(
    st.lists(
        st.tuples(
            st.sampled_from([70, 130, 150, 160]), st.sampled_from(["original", "retelling", "wiki", "mirror", "other"])
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["m", "mi", "ft"]),
)
def test_confidence_depends_on_values_and_origins_not_on_units(rows: list[tuple[int, str]], unit: str) -> None:
    from equipref.model import Claim, Length
    from equipref.provenance import assess
    from equipref.units import Measure

    km = [Claim[Length](value=Measure(v, "km"), sources=(s,)) for v, s in rows]
    other = [Claim[Length](value=Measure(v, "km").to(unit), sources=(s,)) for v, s in rows]
    first, second = assess(_CATALOG, km), assess(_CATALOG, other)
    assert [f.confidence for f in first] == [f.confidence for f in second]
    for (value, _), found in zip(rows, first, strict=True):
        assert 1 <= found.corroboration <= 6
        assert set(found.origins) <= set(found.agreeing)
        same = [f for (v, _), f in zip(rows, first, strict=True) if v == value]
        assert all(f.agreeing == found.agreeing for f in same)

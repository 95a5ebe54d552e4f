"""The built-in catalog covers what the article names, with calibers, ranges and pairings that rest on sources."""

from __future__ import annotations

import pytest

from equipref.ranges import Policy, range_figure

SEED = "globalsecurity-china-ww3"

# (name as the article or issue writes it, main caliber in mm or None where no source gives one)
SYSTEMS = [
    ("Type 99", 125), ("ZTZ-99", 125), ("99A", 125), ("Type 96", 125), ("ZTZ-96", 125), ("96A", 125), ("96B", 125),
    ("Type 04", 100), ("ZBD-04", 100), ("04A", 100), ("ZBL-08", 30), ("ZSL-10", 12.7), ("PLZ-07", 122),
    ("PR50", 122), ("Sandstorm", 122), ("PHL-03", 300), ("AR2", 300), ("PHL-16", 300), ("PCL-191", 300), ("AR3", 300),
    ("T-90", 125), ("T-90A", None), ("T-90M", 125), ("T-72B3", 125), ("T-80BVM", 125), ("BMP-3", 100),
    ("BTR-82A", 30), ("2S1", 122), ("Gvozdika", 122), ("D-30", 122), ("BM-21", 122), ("Grad", 122),
    ("BM-30", 300), ("Smerch", 300), ("Tornado-S", 300), ("9K515", 300), ("Iskander-M", None), ("9K720", None),
]  # fmt: skip

# The reference sheets record no maximum range for these (NOT FOUND), so the catalog honestly has none.
RANGE_NOT_FOUND = {"type-96", "btr-82a", "zsl-10", "pr50"}
# Variants inherit nothing, and no page names a round with a range for these (nor the T-72B3's missiles, which only a
# page about the T-72B3 obr. 2016 names).
RANGE_NOT_FOUND |= {"type-96b", "t-90a", "t-72b3"}
# The only 9M119M ranges were given for the T-90's gun (fired_from); no page gives one for the T-80BVM's.
RANGE_NOT_FOUND |= {"t-80bvm"}
# No page that names the T-90A gives its gun (the 2A46M is the base T-90's).
ARMAMENT_NOT_FOUND = {"t-90a"}

# The article's pairings (Chinese system, Russian counterpart), each of which must be recorded with the seed as source.
PAIRINGS = [
    ("Type 99", "T-90"), ("Type 96", "T-72B3"), ("Type 96", "T-80BVM"), ("Type 04", "BMP-3"), ("ZBL-08", "BTR-82A"),
    ("ZSL-10", "BTR-82A"), ("PLZ-07", "2S1"), ("PR50", "BM-21"), ("PHL-03", "Tornado-S"), ("PHL-16", "Iskander-M"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "caliber"), SYSTEMS)
def test_each_system_is_present_with_its_main_caliber(catalog, name: str, caliber: float | None) -> None:  # type: ignore[no-untyped-def]
    system = catalog.system(name)
    main = [a for a in system.armament if a.mount in ("main", "launcher")]
    if system.id in ARMAMENT_NOT_FOUND:
        assert caliber is None and not main
        pytest.skip(f"no source gives the main weapon of {system.name}")
    assert main, f"{system.name} has no main weapon"
    calibers = [c.value.m_as("mm") for c in catalog.weapon(main[0].weapon).caliber]
    if caliber is None:
        assert calibers == []
    else:
        assert any(abs(c - caliber) < 0.05 for c in calibers), (system.name, calibers)
    for c in catalog.weapon(main[0].weapon).caliber:
        assert c.sources


@pytest.mark.parametrize("name", sorted({n for n, _ in SYSTEMS}))
def test_each_system_has_a_sourced_maximum_range_unless_none_is_known(catalog, name: str) -> None:  # type: ignore[no-untyped-def]
    system = catalog.system(name)
    figures = [f for a in system.armament if (f := range_figure(catalog, a, Policy("max")))]
    if system.id in RANGE_NOT_FOUND:
        pytest.skip(f"no source gives a range for {system.name}")
    assert figures, f"{system.name} has no range claim"
    assert all(c.sources for f in figures for c in f.claims)


@pytest.mark.parametrize(("cn", "ru"), PAIRINGS)
def test_each_article_pairing_is_recorded_with_the_article_as_source(catalog, cn: str, ru: str) -> None:  # type: ignore[no-untyped-def]
    a, b = catalog.system(cn), catalog.system(ru)
    recorded = [cp for cp in a.counterparts if cp.system == b.id] + [cp for cp in b.counterparts if cp.system == a.id]
    assert recorded, f"{cn} / {ru} not recorded"
    assert any(SEED in cp.sources for cp in recorded)


def test_the_articles_disputed_claims_are_kept_as_claims(catalog) -> None:  # type: ignore[no-untyped-def]
    def claims(system: str, km: float) -> list[object]:
        s = catalog.system(system)
        return [
            c
            for a in s.armament
            for m in a.munitions
            for c in catalog.munition(m).max_range
            if abs(c.value.m_as("km") - km) < 0.5 and SEED in c.sources
        ]

    assert claims("PHL-03", 160) and claims("Tornado-S", 120)
    assert claims("PHL-16", 500) and claims("PHL-16", 220)
    other = [c for a in catalog.system("PHL-03").armament for m in a.munitions for c in catalog.munition(m).max_range]
    assert any(SEED not in c.sources for c in other), "other sources' PHL-03 ranges must sit beside the article's"


def test_pr50_is_not_silently_renamed(catalog) -> None:  # type: ignore[no-untyped-def]
    pr50 = catalog.system("Sandstorm")
    assert pr50.name == "PR50"
    assert "unresolved" in pr50.note.lower()
    assert all(SEED in n.sources for n in pr50.notes)


def test_every_source_is_cited_and_every_figure_resolves(catalog) -> None:  # type: ignore[no-untyped-def]
    counts = catalog.citations()
    retold = {r for s in catalog.sources for r in s.retells}
    uncited = sorted(k for k, v in counts.items() if v == 0 and k not in retold)
    assert not uncited, f"sources nothing cites or retells: {uncited}"


def test_every_source_read_says_when_and_no_unread_one_does(catalog) -> None:  # type: ignore[no-untyped-def]
    undated = sorted(s.id for s in catalog.sources if s.read and not s.accessed)
    assert not undated, f"sources with no `accessed` date: {undated}"


def test_the_seed_article_and_the_report_it_retells_are_one_origin(catalog) -> None:  # type: ignore[no-untyped-def]
    from equipref.provenance import origins

    assert origins(catalog, [SEED]) == ("avtovzglyad-2023-04-24",)
    assert catalog.citations()["avtovzglyad-2023-04-24"] == 0  # reached only through the article


# (a page, what it repeats) for every relay or copy found by reading both stored pages side by side (issue 22).
RELAYS = [
    ("sputnik-2019-pcl191", "scmp-2019-pcl191"),  # the same story rewritten, sentence by sentence
    ("newsfront-2017-smerch", "tass-941779"),  # the same TASS release under a new first sentence
    ("udcusa-2s1", "wikipedia-2s1"),  # Wikipedia's 2S1 text lightly reworded
    ("tass-2017-bmp3-dragun", "izvestia-2017-bmp3-dragun"),  # a repost of TASS-Defense, which tells Izvestia's report
    ("controlciudadano-smerch", "infobae-2019-smerch"),  # via El Cooperante, credited to Infobae
    ("elvenezolano-2019-smerch", "infobae-2019-smerch"),  # the same paragraphs as Control Ciudadano's
]


@pytest.mark.parametrize(("relay", "original"), RELAYS)
def test_a_relay_or_copy_is_one_origin_with_what_it_repeats(catalog, relay: str, original: str) -> None:  # type: ignore[no-untyped-def]
    from equipref.provenance import origins

    assert origins(catalog, [relay]) == origins(catalog, [original]) == origins(catalog, [relay, original])


def test_one_release_is_one_source_not_a_read_and_an_unread_twin(catalog) -> None:  # type: ignore[no-untyped-def]
    # News Front's Smerch item relays TASS 941779; an unread "TASS report" beside it made one release two origins.
    assert not [s for s in catalog.sources if s.id == "tass-2017-smerch"]


def test_every_weapon_on_every_system_is_put_there_by_a_source(catalog) -> None:  # type: ignore[no-untyped-def]
    unsourced = [(s.id, a.weapon) for s in catalog.systems() for a in s.armament if not a.sources]
    assert not unsourced


def test_a_munition_is_lent_only_along_the_very_same_gun(catalog) -> None:  # type: ignore[no-untyped-def]
    # The T-72B3 obr. 2016's 2A46M5-01 must not show the 9M119/9M119M ranges given for the T-90's 2A46M (issue 10):
    # the only page naming its missiles is tier D. The Dragun's 2A70 is the BMP-3's own gun, so the round a page says
    # that gun fires is linked there.
    # A page that gives the T-72B3M's own missile a range (stated for it) may head it; no T-90 missile may.
    b3m = catalog.system("T-72B3 obr. 2016")
    used = [c for a in b3m.armament if (f := range_figure(catalog, a, Policy("max"))) for c in f.claims]
    assert not {c.munition for c in used} & {"9m119", "9m119m"}
    for c in used:
        for claim in catalog.munition(c.munition).max_range:
            assert claim.stated_for == ("t-72b3m",), (c.munition, claim.value, claim.stated_for)
    dragun, bmp3 = catalog.system("BMP-3 Dragun"), catalog.system("BMP-3")
    linked = {(a.weapon, m) for a in dragun.armament for m in a.munitions}
    assert linked and linked <= {(a.weapon, m) for a in bmp3.armament for m in a.munitions}


def test_fixed_readings_of_cited_pages_stay_fixed(catalog) -> None:  # type: ignore[no-untyped-def]
    # Each of these was a misreading found by checking the stored page (issue 10, item 6).
    assert catalog.weapon("qjc-88").family == "12.7x108"  # Wikipedia's PLZ-07: 'QJC-88 12.7 mm × 108 mm'
    assert "qjc-88" in {a.weapon for a in catalog.system("PLZ-07").armament}
    assert all(c.value.m_as("kg") != 10870 for c in catalog.system("BM-21").combat_weight)  # an empty weight
    assert all(c.value != 2017 for c in catalog.system("T-80BVM").in_service)  # TASS: trials being prepared
    assert not [s for s in catalog.sources if s.id == "siasat-2015-pla-rockets" and s.relation == "mirrors"]

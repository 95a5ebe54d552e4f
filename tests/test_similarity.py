"""The craft rules an analyst would hold counterparts to, over every Chinese system of the built-in catalog: a
counterpart of the same role where one exists, calibers close where close ones exist, ranges called similar only
within 1.5x, no pairing through a secondary weapon, and the table pairing what `counterparts` ranks first.

Everything expected here is worked out from the raw catalog (roles, main weapons' caliber claims), not from the
scoring under test; the rules are generic, no system's answer is written down."""

from __future__ import annotations

import re
from typing import Any

import pytest

from equipref import load_catalog
from equipref.comparison import counterparts, overview
from equipref.similarity import similarity

FAMILIES = [{"MBT", "TD"}, {"IFV", "APC"}, {"SPH", "TH", "MOR"}, {"MLRS", "SRBM"}]
KM = r"([0-9][0-9.,]*) km"
SIMILAR = re.compile(rf"similar maximum range: {KM} and {KM}")


@pytest.fixture(scope="module")
def catalog() -> Any:
    return load_catalog()


@pytest.fixture(scope="module")
def rankings(catalog: Any) -> dict[str, Any]:
    return {s.id: counterparts(s, "RU", catalog) for s in catalog.systems(country="CN")}


def _main_calibers(catalog: Any, system: Any) -> list[float]:
    return [c.value.m_as("mm") for a in system.main_armament for c in catalog.weapon(a.weapon).caliber]


def _ratio(catalog: Any, a: Any, b: Any) -> float | None:
    pairs = [max(x, y) / min(x, y) for x in _main_calibers(catalog, a) for y in _main_calibers(catalog, b)]
    return min(pairs) if pairs else None


def _named(catalog: Any, a: Any, b: Any) -> bool:
    return any(cp.system == b.id for cp in a.counterparts) or any(cp.system == a.id for cp in b.counterparts)


def _candidates(catalog: Any, system: Any) -> list[Any]:
    kin = catalog.kin_of(system)
    return [o for o in catalog.systems(country="RU") if o.id not in kin]


def test_every_chinese_system_is_ranked_against_russian_systems(catalog: Any, rankings: dict[str, Any]) -> None:
    assert len(rankings) == len(catalog.systems(country="CN")) > 20
    assert all(ranked for ranked in rankings.values())
    assert all(r.country == "RU" for ranked in rankings.values() for r in ranked)


def test_a_pair_a_source_names_comes_first_and_says_so(catalog: Any, rankings: dict[str, Any]) -> None:
    for system_id, ranked in rankings.items():
        me = catalog.system(system_id)
        named = [r for r in ranked if _named(catalog, me, catalog.system(r.system))]
        assert [r.named for r in ranked] == [r in named for r in ranked], system_id
        assert ranked[: len(named)] == tuple(named), system_id
        for r in named:
            marked = [x for x in r.reasons if x.text.startswith("named by a source")]
            assert marked and all(x.sources for x in marked), (system_id, r.system)


def test_the_first_counterpart_no_source_names_has_the_same_role_where_one_exists(
    catalog: Any, rankings: dict[str, Any]
) -> None:
    for system_id, ranked in rankings.items():
        me = catalog.system(system_id)
        first = next((r for r in ranked if not r.named), None)
        roles = {o.role for o in _candidates(catalog, me) if not _named(catalog, me, o)}
        if first is None:
            continue
        if me.role in roles:
            assert first.role == me.role, (system_id, first.system)
        elif any({me.role, r} <= fam for fam in FAMILIES for r in roles):
            assert any({me.role, first.role} <= fam for fam in FAMILIES), (system_id, first.system)


def test_roles_rank_in_tiers_same_then_related_then_other(catalog: Any, rankings: dict[str, Any]) -> None:
    def tier(mine: str, theirs: str) -> int:
        if mine == theirs:
            return 0
        return 1 if any({mine, theirs} <= fam for fam in FAMILIES) else 2

    for system_id, ranked in rankings.items():
        me = catalog.system(system_id)
        tiers = [tier(me.role, r.role) for r in ranked if not r.named]
        assert tiers == sorted(tiers), system_id


def test_the_first_counterpart_has_a_close_caliber_where_close_ones_exist(
    catalog: Any, rankings: dict[str, Any]
) -> None:
    """A 155 mm howitzer's counterpart is a 152 mm one, never the 203 mm 2S7, when a 152 mm one exists: where any
    unnamed candidate of the same role is within 1.1x, the first unnamed one is within 1.25x."""
    checked = 0
    for system_id, ranked in rankings.items():
        me = catalog.system(system_id)
        first = next((r for r in ranked if not r.named), None)
        same = [o for o in _candidates(catalog, me) if o.role == me.role and not _named(catalog, me, o)]
        close = [o for o in same if (r := _ratio(catalog, me, o)) is not None and r <= 1.1]
        if first is None or not close:
            continue
        ratio = _ratio(catalog, me, catalog.system(first.system))
        assert ratio is not None and ratio <= 1.25, (system_id, first.system, ratio)
        checked += 1
    assert checked >= 10


def test_no_reason_calls_ranges_similar_more_than_one_and_a_half_times_apart(
    catalog: Any, rankings: dict[str, Any]
) -> None:
    found = 0
    for ranked in rankings.values():
        for r in ranked:
            for reason in r.reasons:
                # a source's own words (a named pairing's note) are quoted, not the catalog's judgement
                if "similar" in reason.text and "range" in reason.text and not reason.text.startswith("named by"):
                    m = SIMILAR.search(reason.text)
                    assert m, reason.text  # every "similar range" shows both numbers
                    a, b = (float(x.replace(",", "")) for x in m.groups())
                    assert max(a, b) / min(a, b) <= 1.5 + 1e-9, reason.text
                    found += 1
    assert found > 10


def test_ammunition_reasons_name_only_the_main_weapons(catalog: Any, rankings: dict[str, Any]) -> None:
    """No counterpart is reached through a machine gun or any other secondary weapon."""
    for system_id, ranked in rankings.items():
        me = catalog.system(system_id)
        for r in ranked:
            other = catalog.system(r.system)
            main = {catalog.weapon(a.weapon).name for s in (me, other) for a in s.main_armament}
            for reason in r.reasons:
                if reason.text.startswith("ammunition: "):
                    x, y = reason.text.removeprefix("ammunition: ").split(" graded ")[0].split(" rounds in ")
                    assert {x, y} <= main, (system_id, r.system, reason.text)


def test_the_score_is_symmetric(catalog: Any) -> None:
    for a in catalog.systems(country="CN"):
        for b in catalog.systems(country="RU"):
            assert similarity(catalog, a, b).score == similarity(catalog, b, a).score, (a.id, b.id)


def test_the_table_pairs_what_counterparts_ranks_first(catalog: Any, rankings: dict[str, Any]) -> None:
    """One similarity: where no source pairs a system, the table's counterpart is `counterparts`'s first."""
    for comparison in overview(catalog):
        me = catalog.system(comparison.a)
        if any(_named(catalog, me, o) for o in catalog.systems(country="RU")):
            continue
        ranked = rankings[comparison.a]
        assert comparison.b == (ranked[0].system if ranked else None), comparison.a

"""Which load-out heads a modular launcher, and what the line says about the others; which figures may head a
line at all. Pinned by hand on a catalog of its own (mutation testing of `equipref.headline` found the load-out
ranking reached by no test that runs without the built-in catalog)."""

from __future__ import annotations

from typing import Any

from equipref.catalog import Catalog
from equipref.headline import headline, headline_range
from equipref.model import CatalogData


def _src(sid: str) -> dict[str, Any]:
    return {"id": sid, "title": sid, "publisher": sid, "kind": "news", "reliability": "B"}


def _rng(value: str, *sources: str) -> list[dict[str, Any]]:
    return [{"value": value, "sources": [s]} for s in sources]


def _pod(wid: str, name: str, kind: str, munition_kind: str, ranges: list[dict[str, Any]]) -> tuple[dict, dict]:
    weapon = {
        "id": wid,
        "name": name,
        "kind": kind,
        "family": f"{wid}-f",
        "caliber": [{"value": "300 mm", "sources": ["s1"]}],
    }
    munition = {"id": f"{wid}-m", "name": f"{name} round", "family": f"{wid}-f", "kind": munition_kind}
    return weapon, {**munition, "max_range": ranges}


def _catalog(*, mounts: tuple[str, ...] = ("launcher",) * 5, p300: list[dict[str, Any]] | None = None) -> Catalog:
    # Catalog order is not the ranking: 300 mm (2 origins), a tie pod (1, rocket), 370 mm (3), a missile (1),
    # an empty pod (no range).
    pods = [
        _pod("p300", "Lancer 300 mm pod", "rocket-launcher", "unguided-rocket", p300 or _rng("150 km", "s1", "s2")),
        _pod("ptie", "Lancer tie pod", "rocket-launcher", "unguided-rocket", _rng("120 km", "s5")),
        _pod("p370", "Lancer 370 mm pod", "rocket-launcher", "unguided-rocket", _rng("280 km", "s1", "s2", "s3")),
        _pod("pmis", "Lancer missile", "missile-launcher", "cruise-missile", _rng("500 km", "s4")),
        _pod("pnil", "Lancer empty pod", "rocket-launcher", "unguided-rocket", []),
    ]
    pods = pods[: len(mounts)]
    system = {
        "id": "lancer",
        "name": "Lancer",
        "country": "CN",
        "role": "MLRS",
        "armament": [
            {"weapon": w["id"], "mount": mount, "munitions": [m["id"]]}
            for (w, m), mount in zip(pods, mounts, strict=True)
        ],
    }
    data = {
        "source": [_src(f"s{i}") for i in range(1, 6)],
        "weapon": [w for w, _ in pods],
        "family": [{"id": f"{w['id']}-f", "name": f"{w['name']} rounds", "sources": ["s1"]} for w, _ in pods],
        "munition": [m for _, m in pods],
        "system": [system],
    }
    return Catalog(CatalogData.model_validate(data))


def test_the_load_out_with_the_most_origins_heads_a_modular_launcher() -> None:
    top = headline(_catalog(), "lancer")
    assert top.weapon is not None and top.weapon.id == "p370"
    assert top.armament is not None and top.armament.weapon == "p370"
    assert top.range is not None and top.range.value.m_as("km") == 280 and len(top.range.origins) == 3
    assert (top.category, top.policy) == ("rocket", "supported")
    assert [c.value.m_as("mm") for c in top.calibers] == [300]
    assert top.loadout == "370 mm pod, 1 of 5 load-outs"
    # Then by origins; on a tie a missile before a rocket (CATEGORIES' order) whatever the catalog order; a pod
    # with no range last.
    assert [lo.weapon.id for lo in top.loadouts] == ["p370", "p300", "pmis", "ptie", "pnil"]
    assert [lo.armament.weapon for lo in top.loadouts] == ["p370", "p300", "pmis", "ptie", "pnil"]
    assert [lo.category for lo in top.loadouts] == ["rocket", "rocket", "missile", "rocket", None]
    assert top.other_loadouts("km") == (
        "300 mm pod: 150 km (2 origins); missile: 500 km (1 origin); tie pod: 120 km (1 origin); empty pod: unknown"
    )


def test_the_other_load_outs_are_shown_in_the_unit_asked() -> None:
    top = headline(_catalog(mounts=("launcher",) * 2), "lancer")
    assert top.loadout == "300 mm pod, 1 of 2 load-outs"
    assert top.other_loadouts("m") == "tie pod: 120 km (120,000 m) (1 origin)"


def test_one_launcher_or_several_main_guns_are_not_load_outs() -> None:
    for mounts in [("launcher",), ("main", "main"), ("main", "launcher")]:
        top = headline(_catalog(mounts=mounts), "lancer")
        assert (top.loadouts, top.loadout) == ((), None), mounts
        assert top.weapon is not None and top.weapon.id == "p300", mounts  # the first main weapon
        assert top.category == "rocket"


def test_headline_range_takes_the_catalog_and_policy_given() -> None:
    cat = _catalog(mounts=("launcher",))
    assert headline_range("lancer", cat).value.m_as("km") == 150  # type: ignore[union-attr]
    two = _catalog(mounts=("launcher",), p300=_rng("150 km", "s1", "s2") + _rng("160 km", "s3"))
    assert headline_range("lancer", two).value.m_as("km") == 150  # type: ignore[union-attr]
    assert headline_range("lancer", two, "max").value.m_as("km") == 160  # type: ignore[union-attr]


# -- which pair of weapons a one-line view grades ----------------------------------------------------------


def _duel() -> Catalog:
    """alpha and beta, each with a main gun (ga, gb) and a machine gun (ma, mb)."""
    weapons = [
        {"id": wid, "name": wid.upper(), "kind": kind, "caliber": [{"value": cal, "sources": ["s1"]}]}
        for wid, kind, cal in [
            ("ga", "tank-gun", "125 mm"),
            ("gb", "tank-gun", "125 mm"),
            ("ma", "machine-gun", "7.62 mm"),
            ("mb", "machine-gun", "7.62 mm"),
        ]
    ]
    systems = [
        {
            "id": sid,
            "name": sid.title(),
            "country": "CN",
            "role": "MBT",
            "armament": [{"weapon": f"g{sid[0]}", "mount": "main"}, {"weapon": f"m{sid[0]}", "mount": "coaxial"}],
        }
        for sid in ("alpha", "beta")
    ]
    return Catalog(CatalogData.model_validate({"source": [_src("s1")], "weapon": weapons, "system": systems}))


def _grade(a: str, b: str, level: str | None) -> Any:
    from equipref.compat import Grade

    return Grade.model_construct(ammunition_of=a, fired_from=b, level=level, reasons=())


def _pair(a: str | None, b: str | None, forward: str | None = None, backward: str | None = None) -> Any:
    from equipref.comparison import ArmamentPair

    graded = a is not None and b is not None
    return ArmamentPair.model_construct(
        a_weapon=a,
        b_weapon=b,
        a_in_b=_grade(a, b, forward) if graded and forward != "absent" else None,  # type: ignore[arg-type]
        b_in_a=_grade(b, a, backward) if graded and backward != "absent" else None,  # type: ignore[arg-type]
    )


def _comp(*pairs: Any) -> Any:
    from equipref.comparison import Comparison

    return Comparison.model_construct(a="alpha", b="beta", policy="supported", pairs=pairs)


def test_the_headline_weapons_pair_is_shown_when_it_is_graded() -> None:
    from equipref.headline import graded_pair

    cat = _duel()
    main = _pair("ga", "gb", "caliber-only", "caliber-only")
    better = _pair("ma", "mb", "interchangeable", "interchangeable")
    assert graded_pair(_comp(better, main), cat) == (main, True)
    # Not graded that way round: the best-graded pair both systems have, named as not the headline one.
    ungraded = _pair("ga", "gb", "absent", "caliber-only")
    assert graded_pair(_comp(ungraded, better), cat) == (better, False)


def test_otherwise_the_best_graded_pair_and_on_a_tie_the_first() -> None:
    from equipref.headline import graded_pair

    cat = _duel()
    worst = _pair("ga", "mb", "incompatible", "incompatible")
    unknown = _pair("ma", "gb", None, "absent")  # a grade with no level, and none the other way
    fair = _pair("ma", "mb", "incompatible", "conditional")  # its better direction counts
    assert graded_pair(_comp(worst, unknown, fair), cat) == (fair, False)
    assert graded_pair(_comp(unknown, worst), cat) == (worst, False)  # any level beats none
    tied = _pair("ma", "mb", "absent", "incompatible")
    assert graded_pair(_comp(worst, tied), cat) == (worst, False)
    assert graded_pair(_comp(tied, worst), cat) == (tied, False)


def test_a_pair_missing_a_side_is_never_the_one_graded() -> None:
    from equipref.headline import graded_pair

    cat = _duel()
    half = _pair("ga", None)
    unknown = _pair("ma", "mb", None, None)
    assert graded_pair(_comp(half, unknown), cat) == (unknown, False)
    # Only half pairs: the comparison's main pair, which is not the systems' two headline weapons.
    assert graded_pair(_comp(half), cat) == (half, False)


def test_only_a_calibre_given_for_the_system_itself_and_not_a_reading_heads_its_line() -> None:
    calibers = [
        {"value": "30 mm", "sources": ["s1"]},
        {"value": "30 mm", "sources": ["s2"], "stated_for": ["alpha"]},
        {"value": "30 mm", "sources": ["s3"], "basis": "reading"},
    ]
    gun = {"id": "gun", "name": "Gun", "kind": "autocannon", "caliber": calibers}
    systems = [
        {"id": sid, "name": sid.title(), "country": "CN", "role": "IFV", "armament": [{"weapon": "gun"}]}
        for sid in ("alpha", "beta")
    ]
    sources = [_src(f"s{i}") for i in (1, 2, 3)]
    cat = Catalog(CatalogData.model_validate({"source": sources, "weapon": [gun], "system": systems}))
    assert [c.sources for c in headline(cat, "alpha").calibers] == [("s1",), ("s2",)]
    assert [c.sources for c in headline(cat, "beta").calibers] == [("s1",)]

"""The full Admiralty scale: source reliability A to F, claim credibility 1 to 6.

Expected values are read off the scale's rules as `equipref.lineage.GRADE_CHECKS` and
`equipref.provenance.CORROBORATION` word them (a source never read is F; a claim whose one origin cannot be
judged, with nothing to weigh it against, is 6; two independent agreeing origins are 1 or 2), never taken from
the code's output. Each runs on a small catalog of its own, so no catalog edit moves them.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equipref.catalog import Catalog, load_catalog
from equipref.export import export_sqlite
from equipref.lineage import GRADES, lineage_problems
from equipref.model import CatalogData
from equipref.provenance import CORROBORATION, assess

JUDGED = ("A", "B", "C", "D", "E")


def _source(sid: str, grade: str | None = "B", **more: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"id": sid, "title": sid, "publisher": sid, "kind": "news", **more}
    if grade is not None:
        found["reliability"] = grade
    return found


def _data(sources: list[dict[str, Any]], claims: list[dict[str, Any]] | None = None) -> CatalogData:
    """One gun whose round has the given range claims, on one vehicle, with the given sources."""
    first = next(s["id"] for s in sources if s.get("read", True))
    return CatalogData.model_validate(
        {
            "source": sources,
            "family": [{"id": "f30", "name": "30 mm", "sources": [first]}],
            "weapon": [
                {
                    "id": "gun",
                    "name": "Gun",
                    "kind": "autocannon",
                    "family": "f30",
                    "caliber": [{"value": "30 mm", "sources": [first]}],
                }
            ],
            "munition": [{"id": "he", "name": "HE", "family": "f30", "kind": "he", "max_range": claims or []}],
            "system": [
                {
                    "id": "alpha",
                    "name": "Alpha",
                    "country": "CN",
                    "role": "IFV",
                    "armament": [{"weapon": "gun", "munitions": ["he"]}],
                }
            ],
        }
    )


def _grade_problems(sources: list[dict[str, Any]]) -> list[str]:
    return [f"{p.field}: {p.message}" for p in lineage_problems(_data(sources), {}) if p.field.endswith("reliability")]


# -- reliability: a source never read is F ------------------------------------------------------------------


@pytest.mark.parametrize("grade", JUDGED)
def test_a_source_never_read_cannot_be_graded_above_f(grade: str) -> None:
    sources = [
        _source("relay", "C", retells=["origin"], relation="relays"),
        _source("origin", grade, read=False),
    ]
    found = _grade_problems(sources)
    assert len(found) == 1 and found[0].startswith("source[origin].reliability") and "'F'" in found[0]


@pytest.mark.parametrize("typed", ["F", None])
def test_a_source_never_read_is_f_whether_typed_or_left_out(typed: str | None) -> None:
    sources = [_source("relay", "C", retells=["origin"], relation="relays"), _source("origin", typed, read=False)]
    data = _data(sources)
    assert {s.id: s.reliability for s in data.source} == {"relay": "C", "origin": "F"}
    assert _grade_problems(sources) == []


@pytest.mark.parametrize("grade", GRADES)
def test_a_source_read_keeps_the_grade_its_editors_gave_it(grade: str) -> None:
    # Any grade, F included (a page read with nothing to judge it by), for a news page no rule caps.
    data = _data([_source("page", grade)])
    assert data.source[0].reliability == grade
    assert _grade_problems([_source("page", grade)]) == []


def test_a_relay_of_an_unread_state_medium_is_still_no_better_than_b() -> None:
    unread_tass = _source("tass", None, read=False, state_media=True)
    too_high = _grade_problems([_source("relay", "A", retells=["tass"], relation="relays"), unread_tass])
    assert len(too_high) == 1 and too_high[0].startswith("source[relay].reliability") and "at best B" in too_high[0]
    assert _grade_problems([_source("relay", "B", retells=["tass"], relation="relays"), unread_tass]) == []


def test_an_unread_source_graded_f_caps_nothing_that_repeats_it() -> None:
    # F says the page cannot be judged, not that it is bad: a relay judged on its own keeps its A.
    assert _grade_problems([_source("relay", "A", retells=["o"], relation="relays"), _source("o", None, read=False)]) == []


def test_the_scale_is_the_same_in_the_model_the_schema_and_the_docs() -> None:
    schema = json.dumps(CatalogData.model_json_schema())
    assert all(f'"{g}"' in schema for g in GRADES)
    assert GRADES == ("A", "B", "C", "D", "E", "F") and sorted(CORROBORATION) == [1, 2, 3, 4, 5, 6]


# -- credibility: 1 to 6 ------------------------------------------------------------------------------------


def _km(value: float, *sources: str) -> dict[str, Any]:
    return {"value": f"{value} km", "sources": list(sources)}


def _support(sources: list[dict[str, Any]], claims: list[dict[str, Any]]) -> list[tuple[str, int]]:
    catalog = Catalog(_data(sources, claims))
    return [(s.confidence[0], s.corroboration) for s in assess(catalog, catalog.munition("he").max_range)]


def _relayed(relay: str, origin: str) -> list[dict[str, Any]]:
    return [_source(relay, "B", retells=[origin], relation="relays"), _source(origin, None, read=False)]


def test_a_single_unread_origin_cannot_be_judged() -> None:
    # A B page retelling a page the catalog never read: the figure rests on that page alone.
    assert _support(_relayed("relay", "origin"), [_km(5, "relay")]) == [("B", 6)]


def test_two_relays_of_one_unread_page_are_still_one_unjudgeable_origin() -> None:
    sources = [*_relayed("r1", "origin"), _source("r2", "C", retells=["origin"], relation="relays")]
    assert _support(sources, [_km(5, "r1"), _km(5, "r2")]) == [("B", 6), ("C", 6)]


def test_an_independent_page_that_agrees_gives_a_basis() -> None:
    sources = [*_relayed("relay", "origin"), _source("other", "C")]
    digits = [d for _, d in _support(sources, [_km(5, "relay"), _km(5, "other")])]
    assert all(d in (1, 2) for d in digits)


def test_an_independent_page_that_disagrees_gives_a_basis_too() -> None:
    sources = [*_relayed("relay", "origin"), _source("other", "C")]
    digits = [d for _, d in _support(sources, [_km(5, "relay"), _km(4, "other")])]
    assert digits == [4, 4]  # one origin against one: doubtful, each way


@pytest.mark.parametrize("grade", GRADES)
def test_a_single_read_origin_is_possibly_true_unless_it_cannot_be_judged(grade: str) -> None:
    assert _support([_source("page", grade)], [_km(5, "page")]) == [(grade, 6 if grade == "F" else 3)]


@given(
    grades=st.lists(st.sampled_from(GRADES), min_size=2, max_size=5),
    unread=st.lists(st.booleans(), min_size=5, max_size=5),
)
def test_two_or_more_independent_agreeing_origins_are_confirmed_or_probably_true(
    grades: list[str], unread: list[bool]
) -> None:
    # Each origin either read directly or known only through a relay of its own: independent either way.
    sources: list[dict[str, Any]] = []
    cited = []
    for i, grade in enumerate(grades):
        if unread[i]:
            sources += _relayed(f"relay{i}", f"origin{i}")
            cited.append(f"relay{i}")
        else:
            sources.append(_source(f"page{i}", grade))
            cited.append(f"page{i}")
    found = _support(sources, [_km(5, s) for s in cited])
    assert all(d in (1, 2) for _, d in found)
    assert all(d == 1 for _, d in found) == (len(grades) >= 3)  # confirmed: three or more, none against


# -- every view carries the scale ---------------------------------------------------------------------------

CATALOG_TOML = """
[[source]]
id = "relay"
title = "A relay"
publisher = "Relay"
kind = "news"
reliability = "B"
url = "https://example.org/relay"
accessed = "2026-12-07"
retells = ["origin"]
relation = "relays"

[[source]]
id = "origin"
title = "The page it relays"
publisher = "Origin"
kind = "news"
read = false

[[family]]
id = "f30"
name = "30 mm"
sources = ["relay"]

[[weapon]]
id = "gun"
name = "Gun"
kind = "autocannon"
family = "f30"
caliber = [{ value = "30 mm", sources = ["relay"] }]

[[system]]
id = "alpha"
name = "Alpha"
country = "CN"
role = "IFV"
armament = [{ weapon = "gun" }]
"""


def test_a_catalog_file_an_export_and_the_site_agree_on_f_and_6(tmp_path: Path) -> None:
    from equipref.pages import render_site

    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / "tiny.toml").write_text(CATALOG_TOML, encoding="utf-8")
    catalog = load_catalog(folder)
    db = tmp_path / "out.db"
    export_sqlite(catalog, db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT reliability FROM sources WHERE id = 'origin'").fetchone() == ("F",)
    caliber = con.execute("SELECT confidence FROM claims WHERE field = 'caliber'").fetchall()
    assert caliber and all(c == ("B6",) for c in caliber)
    page = render_site(catalog)["grades.md"].decode("utf-8")
    for grade in GRADES:
        assert f"| **{grade}**" in page
    assert "| 6 " in page


def test_every_source_the_built_in_catalog_never_read_is_f() -> None:
    catalog = load_catalog()
    unread = [s for s in catalog.sources if not s.read]
    assert unread and {s.reliability for s in unread} == {"F"}

"""Inference is a kind of claim: a figure a source gives for one system reaches another only through a record they
share (a gun, a round), and says so; softer figures (a test, the catalog's reading) never head a table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from equipref.catalog import Catalog, load_catalog
from equipref.errors import CatalogError
from equipref.headline import headline
from equipref.model import CatalogData
from equipref.provenance import INFERRED_CORROBORATION, INFERRED_GRADE, assess, grade_rank
from equipref.record import system_record


def _source(sid: str, grade: str = "A") -> dict[str, Any]:
    return {"id": sid, "title": sid, "publisher": sid, "kind": "reference", "reliability": grade}


def shared_gun(extra: list[dict[str, Any]] | None = None, direct: list[dict[str, Any]] | None = None) -> Catalog:
    """Two vehicles mounting one cannon whose HE round has a range that a graded-A page gives for "alpha" only."""
    claims = [{"value": "5000 m", "sources": ["janes"], "stated_for": ["alpha"]}, *(extra or [])]
    return Catalog(
        CatalogData.model_validate(
            {
                "source": [_source("janes"), _source("other", "B"), _source("third", "B"), _source("fourth", "B")],
                "family": [{"id": "f30", "name": "30 mm", "sources": ["janes"]}],
                "weapon": [
                    {
                        "id": "gun",
                        "name": "Gun",
                        "kind": "autocannon",
                        "family": "f30",
                        "caliber": [{"value": "30 mm", "sources": ["janes"]}],
                    }
                ],
                "munition": [
                    {"id": "he", "name": "HE", "family": "f30", "kind": "he", "max_range": claims + (direct or [])},
                ],
                "system": [
                    {
                        "id": sid,
                        "name": sid.title(),
                        "country": "CN",
                        "role": "IFV",
                        "armament": [{"weapon": "gun", "munitions": ["he"]}],
                    }
                    for sid in ("alpha", "beta")
                ],
            }
        )
    )


def test_a_figure_stated_for_one_vehicle_heads_that_vehicle_only() -> None:
    catalog = shared_gun()
    mine = headline(catalog, "alpha").range
    assert mine is not None and mine.value.m_as("m") == 5000
    assert headline(catalog, "beta").range is None  # unknown: no page gives beta's range


def test_an_inference_never_heads_over_a_direct_claim_even_with_more_origins() -> None:
    # Three origins give 5000 m for alpha; one gives 4000 m for beta itself: beta's headline is its own 4000 m.
    more = [{"value": "5000 m", "sources": [s], "stated_for": ["alpha"]} for s in ("other", "third")]
    catalog = shared_gun(more, [{"value": "4000 m", "sources": ["fourth"], "stated_for": ["beta"]}])
    top = headline(catalog, "beta").range
    assert top is not None and top.value.m_as("m") == 4000 and top.sources == ("fourth",)
    assert headline(catalog, "alpha").range.value.m_as("m") == 5000  # type: ignore[union-attr]


def test_an_inference_is_graded_down_and_counts_as_no_origin_for_the_system_it_reaches() -> None:
    catalog = shared_gun(direct=[{"value": "5000 m", "sources": ["other"], "stated_for": ["beta"]}])
    claims = catalog.munition("he").max_range
    for_alpha = assess(catalog, claims, "alpha")
    for_beta = assess(catalog, claims, "beta")
    assert for_alpha[0].confidence == "A3" and not for_alpha[0].stated_for
    inferred = for_beta[0]
    assert grade_rank(inferred.grade) >= grade_rank(INFERRED_GRADE)
    assert inferred.corroboration >= INFERRED_CORROBORATION and inferred.stated_for == ("alpha",)
    assert "inferred" in inferred.explanation
    # The direct claim for beta is not corroborated by janes's figure for alpha: it stands on its own origin.
    assert for_beta[1].agreeing == ("other",) and for_beta[1].corroboration == 3
    # Asked about no system (an export of the munition), the claim is what its source says.
    assert assess(catalog, claims)[0].confidence == "A2"


def test_show_says_which_vehicle_an_inferred_figure_is_stated_for() -> None:
    catalog = shared_gun()
    record = system_record(catalog, "beta")
    support = record.support["munition[he].max_range[0]"]
    assert support.stated_for == ("alpha",) and support.grade == INFERRED_GRADE
    assert not system_record(catalog, "alpha").support["munition[he].max_range[0]"].stated_for


@pytest.mark.parametrize("basis", ["test", "reading"])
def test_a_test_result_or_a_reading_never_heads_a_table(basis: str) -> None:
    catalog = shared_gun(
        [{"value": "8000 m", "sources": ["other"], "basis": basis}, {"value": "8000 m", "sources": ["third"]}]
    )
    # Without its basis the 8000 m would win (two origins against one); as a test or reading it only counts once.
    top = headline(catalog, "alpha").range
    assert top is not None and top.value.m_as("m") == 5000
    soft_only = shared_gun()
    soft_only_data = soft_only.data.model_dump(mode="json", exclude_unset=True)
    soft_only_data["munition"][0]["max_range"] = [{"value": "8000 m", "sources": ["other"], "basis": basis}]
    assert headline(Catalog(CatalogData.model_validate(soft_only_data)), "alpha").range is None


def _write(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / "x.toml").write_text(text, encoding="utf-8")
    return folder


BASE = """
[[source]]
id = "s"
title = "S"
publisher = "P"
kind = "reference"
accessed = "2026-12-07"
url = "https://example.org/s"

[[system]]
id = "alpha"
name = "Alpha"
country = "CN"
role = "IFV"
"""


def test_validate_refuses_stated_for_an_unknown_system(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "c",
        BASE + 'crew = [{ value = 3, sources = ["s"], stated_for = ["alpah"] }]\n',
    )
    with pytest.raises(CatalogError) as err:
        load_catalog(folder, builtin=False)
    assert any(p.field == "system[alpha].crew[0].stated_for[0]" and "alpha" in p.message for p in err.value.problems)


def test_validate_refuses_a_figure_stated_for_another_system_on_a_systems_own_record(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "c",
        BASE
        + 'crew = [{ value = 3, sources = ["s"], stated_for = ["beta"] }]\n'
        + '\n[[system]]\nid = "beta"\nname = "Beta"\ncountry = "CN"\nrole = "IFV"\n',
    )
    with pytest.raises(CatalogError) as err:
        load_catalog(folder, builtin=False)
    assert [p.field for p in err.value.problems] == ["system[alpha].crew[0].stated_for"]


def test_the_built_in_catalog_marks_the_inferences_and_soft_figures_the_audit_found(catalog: Catalog) -> None:
    # Janes's ranges for the ZBL-09's cannon reach the ZBD-05 through the shared ZPT-99: none heads its line.
    zbd05 = headline(catalog, "ZBD-05")
    assert zbd05.range is None or "janes-zbl09" not in zbd05.range.sources
    assert headline(catalog, "ZBL-09").range is not None
    # The T-72B's 5 km is a figure from a T-90 page; the T-14's 8 km a test hit; Iskander's 480 km a test flight.
    t72b = headline(catalog, "T-72B")
    assert t72b.range is None or "gunsandtactics-t90" not in t72b.range.sources
    for name, source in (("T-14", "geekweek-2024-t14"), ("Iskander-M", "rt-fr-2017-iskander")):
        top = headline(catalog, name).range
        assert top is None or source not in top.sources

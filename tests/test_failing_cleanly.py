"""Failing cleanly: wrong argument types are the project's errors, evidence has an identity across layers,
and messages about refused quantities say what is actually wrong."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import equipref
from equipref import EquiprefError, QuantityError
from equipref.cli import main
from equipref.text_safety import unsafe_character

# -- item 14: the API refuses wrong types with EquiprefError -------------------------------------------

CALLS: dict[str, Callable[[Any], object]] = {
    "parse_quantity(text, x)": lambda x: equipref.parse_quantity("125 mm", x),
    "parse_quantity(x, dim)": lambda x: equipref.parse_quantity(x, "[length]"),
    "parse_measure(x, dim)": lambda x: equipref.parse_measure(x, "[length]"),
    "compare(policy=x)": lambda x: equipref.compare("Type 99", "T-90", policy=x),
    "compare(x, b)": lambda x: equipref.compare(x, "T-90"),
    "compare(tolerance=x)": lambda x: equipref.compare("Type 99", "T-90", tolerance=x),
    "compare(catalog=x)": lambda x: equipref.compare("Type 99", "T-90", catalog=x),
    "catalog.system(x)": lambda x: equipref.default_catalog().system(x),
    "catalog.get(x)": lambda x: equipref.default_catalog().get(x),
    "catalog[x]": lambda x: equipref.default_catalog()[x],
    "catalog.weapon(x)": lambda x: equipref.default_catalog().weapon(x),
    "catalog.source(x)": lambda x: equipref.default_catalog().source(x),
    "catalog.systems(country=x)": lambda x: equipref.default_catalog().systems(country=x),
    "catalog.systems(role=x)": lambda x: equipref.default_catalog().systems(role=x),
    "match(x)": lambda x: equipref.match(x),
    "match(tolerance=x)": lambda x: equipref.match("125 mm", x),
    "match(country=x)": lambda x: equipref.match("125 mm", country=x),
    "match(catalog=x)": lambda x: equipref.match("125 mm", catalog=x),
    "counterparts(x)": lambda x: equipref.counterparts(x),
    "counterparts(country=x)": lambda x: equipref.counterparts("Type 99", country=x),
    "load_catalog(x)": lambda x: equipref.load_catalog(x),
    "load_catalog(builtin=x)": lambda x: equipref.load_catalog(builtin=x),
}
WRONG = [None, 1, 2.5, True, b"bytes", ["Type 99"], {"a": 1}, object()]


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("value", WRONG, ids=[type(v).__name__ for v in WRONG])
def test_wrong_argument_types_raise_equipref_errors(call: str, value: object) -> None:
    if (value is None and "=x" in call and "policy" not in call and "tolerance" not in call) or (
        call == "load_catalog(builtin=x)" and value is True
    ):
        return  # a right value: None means "every country", "the built-in catalog", "the default"
    with pytest.raises(EquiprefError):
        CALLS[call](value)


@given(st.one_of(st.none(), st.integers(), st.floats(), st.binary(), st.lists(st.integers()), st.booleans()))
def test_parse_quantity_refuses_any_non_text_dimension(dimension: object) -> None:
    with pytest.raises(QuantityError):
        equipref.parse_quantity("125 mm", dimension)  # type: ignore[arg-type]


# -- item 15: evidence has an identity -----------------------------------------------------------------


def test_an_export_loaded_on_top_of_its_catalog_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["export", "-f", "json", "-o", str(tmp_path / "all.json")]) == 0
    builtin = equipref.load_catalog()
    layered = equipref.load_catalog(tmp_path / "all.json", builtin=True)
    assert len(layered.evidence) == len(builtin.evidence) > 0
    assert layered.data == builtin.data
    capsys.readouterr()


def test_a_later_layer_replaces_evidence_by_id_or_by_what_it_says(tmp_path: Path) -> None:
    builtin = equipref.load_catalog()
    first = builtin.evidence[0]
    edited = {**first.model_dump(mode="json"), "note": "Re-read; the note is corrected."}
    (tmp_path / "a.json").write_text(json.dumps({"evidence": [edited]}), encoding="utf-8")
    layered = equipref.load_catalog(tmp_path / "a.json", builtin=True)
    assert len(layered.evidence) == len(builtin.evidence)
    assert [e.note for e in layered.evidence if e.key == first.key] == ["Re-read; the note is corrected."]

    with_id = [{**edited, "id": "my-record"}, {**edited, "id": "my-record", "stance": "incompatible"}]
    (tmp_path / "b.json").write_text(json.dumps({"evidence": with_id[:1]}), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"evidence": with_id[1:]}), encoding="utf-8")
    layered = equipref.load_catalog(tmp_path / "b.json", tmp_path / "c.json", builtin=True)
    assert [e.stance for e in layered.evidence if e.id == "my-record"] == ["incompatible"]


def test_the_same_evidence_twice_in_one_layer_is_a_problem(tmp_path: Path) -> None:
    record = equipref.load_catalog().evidence[0].model_dump(mode="json")
    (tmp_path / "x.json").write_text(json.dumps({"evidence": [record, record]}), encoding="utf-8")
    with pytest.raises(equipref.CatalogError, match="the same record"):
        equipref.load_catalog(tmp_path / "x.json", builtin=True)


# -- item 16: messages say what is wrong ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0x7d mm", "hexadecimal"),
        ("0b101 mm", "hexadecimal, binary and octal"),
        ("125 mm;rm", "have no place in a quantity"),
        ("125 mm && ls", "have no place in a quantity"),
        ("$(rm) mm", "have no place in a quantity"),
        ("7.62x39mm", "cartridge designation"),
        ("125 * 2 mm", "arithmetic"),
    ],
)
def test_refusals_name_the_actual_problem(text: str, reason: str) -> None:
    with pytest.raises(QuantityError) as caught:
        equipref.parse_measure(text, "[length]")
    assert reason in caught.value.reason
    if reason != "cartridge designation":
        assert "cartridge" not in caught.value.reason
    if reason != "arithmetic":
        assert "arithmetic" not in caught.value.reason


# -- the corpus: every hostile catalog file ever found is refused, naming the file ---------------------

CATALOG_CORPUS = Path(__file__).resolve().parent / "corpus" / "catalogs"


@pytest.mark.parametrize("name", sorted(p.name for p in CATALOG_CORPUS.iterdir()))
def test_every_hostile_catalog_file_is_a_problem_naming_it(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / name).write_bytes((CATALOG_CORPUS / name).read_bytes())
    with pytest.raises(equipref.CatalogError) as caught:
        equipref.load_catalog(folder)
    assert caught.value.problems and all(p.file == f"cat/{name}" for p in caught.value.problems)
    assert len(str(caught.value)) < 2000  # nothing hostile is echoed whole
    assert unsafe_character(str(caught.value)) is None  # nor echoed raw to the terminal

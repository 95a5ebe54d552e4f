"""`equipref resolve`: free-text model names, as loss trackers and datasets write them, to catalog systems.

The sample in ``tests/data/loss_tracker_models.csv`` is model names copied from three public loss datasets
(each row names the repository, file and commit it comes from), labelled by hand with what each names, as a
chain of designations from the model to its bases (``T-72B obr. 1989 > T-72B``), or ``-`` when it names no
one model (``Unknown BTR-80/BTR-82A``). The right answer is the first of them the catalog holds, so the
labels stay true as the catalog grows; a name whose chain the catalog does not hold must find nothing.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from cli_run import run
from hypothesis import given
from hypothesis import strategies as st

from equipref import Resolution, load_catalog, resolve
from equipref.errors import UsageError
from equipref.resolving import resolve_all

pytestmark = pytest.mark.usefixtures("private_cache")

SAMPLE = Path(__file__).parent / "data" / "loss_tracker_models.csv"
CATALOG = load_catalog()


def _sample() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _held(chain: str) -> list[str]:
    """The catalog systems a label's designations name, the model's own first."""
    if chain == "-":
        return []
    found = (CATALOG.get(name) for name in chain.split(" > "))
    return list(dict.fromkeys(s.id for s in found if s is not None))


def test_the_sample_is_real_strings_with_where_they_came_from() -> None:
    rows = _sample()
    assert len({r["name"] for r in rows}) == len(rows)
    assert sum(1 for r in rows if _held(r["names"])) >= 150
    assert sum(1 for r in rows if not _held(r["names"])) >= 50
    for row in rows:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", row["repo"]) and row["path"], row
        assert re.fullmatch(r"[0-9a-f]{40}", row["commit"]), row
        assert row["names"] == "-" or all(n.strip() for n in row["names"].split(" > ")), row


def test_loss_tracker_names_map_to_the_right_system_and_never_a_wrong_one() -> None:
    rows = _sample()
    answers = {r["name"]: resolve(r["name"], CATALOG).system for r in rows}
    held = [r for r in rows if _held(r["names"])]
    wrong = [(r["name"], answers[r["name"]]) for r in rows if answers[r["name"]] not in (None, *_held(r["names"]))]
    right = [r for r in held if answers[r["name"]] == _held(r["names"])[0]]
    assert wrong == []
    assert len(right) / len(held) >= 0.9, f"{len(right)} of {len(held)}"
    # The same holds without the counts a scraper glued to some names ("103 152mm 2S19 Msta-S").
    clean = [r for r in held if not re.match(r"\d+ ", r["name"])]
    assert sum(r in right for r in clean) / len(clean) >= 0.9


@pytest.mark.parametrize(
    ("name", "status", "system"),
    [
        ("T-72B3 Obr. 2016", "exact", "t-72b3m"),
        ("T-72B3 Mk. 2016", "contained", "t-72b3m"),  # another way to write the model year
        ("Т-72Б3 обр. 2016 г.", "contained", "t-72b3m"),  # Cyrillic, through the one normaliser
        ("122mm 2B17 BM-21-1 (for 9K51 'Grad')", "variant-of", "bm-21"),
        ("2S19 Msta-S", "exact", "2s19"),
        ("152mm 2S19 Msta-S", "contained", "2s19"),
        ("103 152mm 2S19 Msta-S", "contained", "2s19"),  # a count glued on by a scraper
        ("BMP-2(K)", "variant-of", "bmp-2"),
        ("T-80BVM", "exact", "t-80bvm"),
        ("T-72B Obr. 1989", "variant-of", "t-72b"),  # only the base is held
        ("T-90AK", "variant-of", "t-90a"),  # letters glued on: the most specific held base
        ("2S19M2 'Msta-S'", "variant-of", "2s19"),  # the designation says which model the nickname is
        ("2S1 with ZU-23 AA gun", "contained", "2s1"),  # added equipment does not change the vehicle
        ("99A式主戰坦克方隊", "contained", "type-99a"),  # Chinese runs are read character by character
    ],
)
def test_model_names_as_datasets_write_them(name: str, status: str, system: str) -> None:
    found = resolve(name, CATALOG)
    assert (found.status, found.system) == (status, system)
    assert found.alias is not None and CATALOG.get(found.alias).id == system  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "status", "why"),
    [
        ("Unknown BTR-80/BTR-82A", "ambiguous", "BTR-80 and BTR-82A"),
        ("BTR-80 or -82", "ambiguous", "alternatives"),  # "or": the source could not tell
        ("Unknown BTR-D/BMD-2", "ambiguous", "alternatives"),  # only BMD-2 is held, but the source lists two
        ("9T452 transporter-loader (for BM-27 'Uragan' MRL)", "not in the catalog", "for BM-27"),  # "for"
        ("1V110 BM-21 Grad battery command vehicle", "not in the catalog", "command"),  # a role word
        ("BTR-80-based ZS-88 PsyOps vehicle", "not in the catalog", "based"),
        ("120mm BRM-1K with 2S9 Nona turret", "not in the catalog", ""),  # "with": a turret, not the vehicle
        ("120mm 2B16 Nona-K howitzer", "not in the catalog", "2B16"),  # a nickname does not stretch
        ("T-15 Armata", "not in the catalog", "T-15"),  # a family's nickname beside another designation
        ("122mm 9P138 Grad-1", "not in the catalog", "Grad"),
        ("2S1", "exact", ""),
        ("T-64BV", "not in the catalog", ""),
    ],
)
def test_what_is_not_one_catalog_system_is_not_made_one(name: str, status: str, why: str) -> None:
    found = resolve(name, CATALOG)
    assert found.status == status and why in found.note
    assert found.found == (status == "exact")


def test_2s19_is_never_read_as_2s1_with_a_suffix() -> None:
    assert resolve("2S19", CATALOG).system == "2s19"
    assert resolve("2S1M", CATALOG).system == "2s1"  # a letter suffix is a variant
    assert not resolve("2S15", CATALOG).found  # a digit continues the number: another designation


def _name_and_system() -> st.SearchStrategy[tuple[str, str]]:
    pairs = [(n, s.id) for s in CATALOG.systems() for n in s.names]
    return st.sampled_from(sorted(pairs))


@given(_name_and_system(), st.integers(1, 2000), st.sampled_from(["", "122mm ", "152-mm ", "300 mm "]))
def test_a_count_and_a_caliber_before_a_catalog_name_do_not_change_it(
    pair: tuple[str, str], count: int, caliber: str
) -> None:
    name, system = pair
    plain = resolve(name, CATALOG)
    assert plain.system == system and plain.status == "exact"
    decorated = resolve(f"{count} {caliber}{name}", CATALOG)
    assert decorated.system in (system, None)  # never another system; None only when a nickname is vetoed
    if any(c.isdigit() for c in name):
        assert decorated.system == system


@given(st.text(max_size=80))
def test_resolve_is_total_and_answers_only_with_catalog_systems(text: str) -> None:
    found = resolve(text, CATALOG)
    assert isinstance(found, Resolution)
    assert found.system is None or CATALOG.get(found.system) is not None
    assert found.found == (found.status in ("exact", "contained", "variant-of"))
    assert all(CATALOG.get(c) is not None for c in found.candidates)


def test_resolve_refuses_what_is_not_text() -> None:
    with pytest.raises(UsageError):
        resolve(123)  # type: ignore[arg-type]
    assert not resolve("T-72B3 " * 200, CATALOG).found  # longer than a model name: not read
    assert [r.system for r in resolve_all(["T-72B3", "T-90M"], CATALOG)] == ["t-72b3", "t-90m"]


def test_the_command_maps_names_and_exits_1_when_one_is_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "resolve", "T-72B3 Obr. 2016", "2S19 Msta-S")
    assert (code, err) == (0, "")
    assert "T-72B3 obr. 2016" in out and "exact" in out
    code, out, err = run(capsys, "resolve", "T-72B3", "T-64BV", "--format", "json")
    assert code == 1 and err == "equipref: 1 of 2 names not resolved to one system\n"
    assert [r["system"] for r in json.loads(out)] == ["t-72b3", None]


def test_the_command_reads_a_csv_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "losses.csv"
    data.write_text("id,model\n1,T-72B3\n2,BMP-2(K)\n3,T-72B3\n4,\n", encoding="utf-8")
    code, out, err = run(capsys, "resolve", "--column", "model", str(data), "--format", "csv")
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(out.splitlines()))
    assert [(r["name"], r["rows"], r["system"]) for r in rows] == [
        ("T-72B3", "2", "t-72b3"),
        ("BMP-2(K)", "1", "bmp-2"),
    ]
    code, out, err = run(capsys, "resolve", "--column", "modle", str(data))
    assert (code, out) == (2, "") and "did you mean 'model'?" in err and err.count("\n") == 1


def test_the_command_refuses_an_unreadable_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "resolve", "--column", "model", str(tmp_path / "missing.csv"))
    assert (code, out) == (2, "") and "cannot read the file" in err
    binary = tmp_path / "bad.csv"
    binary.write_bytes(b"model\n\xff\xfe\n")
    code, out, err = run(capsys, "resolve", "--column", "model", str(binary))
    assert (code, out) == (2, "") and "not UTF-8" in err

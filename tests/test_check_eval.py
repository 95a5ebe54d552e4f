"""The labelled corpus for `equipref check` (tests/checker_corpus) and the score the checker holds on it.

Every record is validated (a catalog system, a field and a verdict the scorer knows, a value that reads as a
quantity of the field's dimension, a surface that is in the passage); the labelled verdicts must be what the
catalog's claims give today (`benchmarks/corpus_claims.py --drift` lists the ones that are not); the scorer's
matching is checked on its own; and the checker must keep at least the score it has, per split and language.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equipref import default_catalog
from equipref.units import Measure

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import check_eval  # noqa: E402
import corpus_claims  # noqa: E402
from check_eval import Document, Figure, Run, load_corpus  # noqa: E402

DIMENSIONS = {"caliber": "[length]", "max_range": "[length]", "min_range": "[length]", "weight": "[mass]"}
SCRIPTS = {"ru": re.compile(r"[А-Яа-яЁё]"), "zh": re.compile(r"[\u4e00-\u9fff]"), "en": re.compile(r"[A-Za-z]")}


@pytest.fixture(scope="module")
def corpus() -> list[Document]:
    return load_corpus(split="all")


def test_every_record_names_a_catalog_system_and_a_value_of_its_field(corpus: list[Document]) -> None:
    ids = {s.id for s in default_catalog().systems()}
    for doc in corpus:
        assert SCRIPTS[doc.lang].search(doc.text), f"{doc.id}: the text is not in {doc.lang}"
        for fig in doc.figures:
            where = f"{doc.id}: {fig.surface!r}"
            assert doc.text[fig.start : fig.end] == fig.surface, where
            assert fig.system is None or fig.system in ids, f"{where}: unknown system {fig.system}"
            if fig.field in DIMENSIONS:
                Measure.parse(fig.value, DIMENSIONS[fig.field])  # raises on a unit of another dimension
            elif fig.field == "other":
                assert re.fullmatch(r"\d+(\.\d+)?(x\d+)?( \S+)?", fig.value), where
            else:
                assert re.fullmatch(r"\d+", fig.value), f"{where}: a count or a year is a whole number"


def test_the_corpus_is_large_enough_and_split_by_document(corpus: list[Document]) -> None:
    figures = {lang: sum(len(d.figures) for d in corpus if d.lang == lang) for lang in check_eval.LANGS}
    assert sum(figures.values()) >= 420 and figures["ru"] >= 120 and figures["zh"] >= 120, figures
    test_docs = [d for d in corpus if d.split == "test"]
    assert 0.3 <= len(test_docs) / len(corpus) <= 0.5
    for lang in check_eval.LANGS:
        assert {d.split for d in corpus if d.lang == lang} == {"dev", "test"}, lang
    for verdict in check_eval.VERDICTS:
        assert any(f.verdict == verdict for d in test_docs for f in d.figures), f"no {verdict!r} figure held out"


def test_labelled_verdicts_are_what_the_catalog_gives_today(corpus: list[Document]) -> None:
    # A catalog edit that changes a verdict must relabel the corpus: run benchmarks/corpus_claims.py --drift.
    assert corpus_claims.drift(default_catalog(), corpus) == []


def test_a_broken_record_is_refused_with_its_file_and_figure(tmp_path: Path) -> None:
    (tmp_path / "dev").mkdir()
    good = 'id = "x"\nlang = "en"\ntext = "The PHL-03 fires 300 mm rockets."\n'
    cases = {
        '[[figure]]\nsurface = "400 mm"\nsystem = "phl-03"\nfield = "caliber"\nvalue = "400 mm"\nverdict = "new"\n':
            "not in the text",
        '[[figure]]\nsurface = "300 mm"\nsystem = "phl-03"\nfield = "range"\nvalue = "300 mm"\nverdict = "new"\n':
            "field 'range'",
        '[[figure]]\nsurface = "300 mm"\nfield = "caliber"\nvalue = "300 mm"\nverdict = "supported"\n':
            "needs the catalog system",
        '[[figure]]\nsurface = "300 mm"\nsystem = "phl-03"\nfield = "caliber"\nvalue = "300 mm"\nverdict = "ok"\n':
            "verdict 'ok'",
    }  # fmt: skip
    for body, message in cases.items():
        (tmp_path / "dev" / "x.toml").write_text(good + body, encoding="utf-8")
        with pytest.raises(check_eval.CorpusError, match=message) as caught:
            load_corpus(tmp_path, "dev")
        assert "x.toml" in str(caught.value)


def test_a_surface_is_found_as_a_whole_number() -> None:
    text = "A 1,130 hp engine; 30 were built, 120公里 and 20公里."
    assert check_eval._occurrence(text, "30", 1) == text.index("30 were")
    assert check_eval._occurrence(text, "20公里", 1) == text.index("and 20") + 4
    assert check_eval._occurrence(text, "30", 2) == -1


def _figure(start: int, end: int, system: str | None, field: str, verdict: str) -> Figure:
    return Figure("x" * (end - start), start, end, system, field, "1", verdict)


def _finding(start: int, end: int, system: str | None, field: str, verdict: str) -> dict[str, Any]:
    return {"start": start, "end": end, "system": system, "field": field, "verdict": verdict, "quote": ""}


def test_scores_count_wrong_systems_spurious_traps_and_unlabelled_findings() -> None:
    figures = (
        _figure(0, 5, "phl-03", "caliber", "supported"),  # right
        _figure(10, 15, None, "weight", "not in the catalog"),  # put on a catalog system: wrong system
        _figure(20, 25, "t-90", "numbers", "none"),  # a trap judged against the catalog: spurious
        _figure(30, 35, "t-90", "other", "none"),  # a trap left alone
    )
    doc = Document("d", "en", "dev", Path("d.toml"), " " * 60, figures)
    findings = [
        _finding(0, 6, "phl-03", "caliber", "supported"),
        _finding(9, 14, "tornado-g", "weight", "new"),
        _finding(20, 24, "t-90", "numbers", "contested"),
        _finding(50, 55, "t-90", "weight", "supported"),  # matches no figure
    ]
    outcomes, rest = check_eval._match(doc, findings)
    run = Run(outcomes, [("d", "en", f) for f in rest])
    got = check_eval.scores(run)
    assert (got["claims"], got["traps"]) == (2, 2)
    assert got["right"] == 0.5 and got["wrong_system"] == 0.5
    assert got["spurious"] == 0.5 and got["traps_right"] == 0.5
    assert got["unmatched_findings"] == 1
    assert got["per_verdict"]["supported"] == {"gold": 1, "predicted": 2, "precision": 0.5, "recall": 1.0}
    assert got["per_verdict"]["not in the catalog"]["recall"] == 0.0


_SPANS = st.lists(st.tuples(st.integers(0, 80), st.integers(1, 12)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(_SPANS, _SPANS, st.lists(st.sampled_from(["caliber", "weight"]), min_size=12, max_size=12))
def test_matching_uses_each_finding_once_and_only_where_spans_overlap(
    gold: list[tuple[int, int]], found: list[tuple[int, int]], fields: list[str]
) -> None:
    figures = tuple(_figure(a, a + n, "t-90", fields[i], "supported") for i, (a, n) in enumerate(gold))
    findings = [_finding(a, a + n, "t-90", fields[-1 - i], "supported") for i, (a, n) in enumerate(found)]
    doc = Document("d", "en", "dev", Path("d.toml"), " " * 100, figures)
    outcomes, rest = check_eval._match(doc, findings)
    used = [id(o.found) for o in outcomes if o.found is not None]
    assert len(used) == len(set(used)) and len(used) + len(rest) == len(findings)
    for o in outcomes:
        if o.found is not None:
            assert o.found["start"] < o.figure.end and o.figure.start < o.found["end"]
        else:  # a figure left without a finding had none free over its span
            assert not any(f["start"] < o.figure.end and o.figure.start < f["end"] for f in rest)


# Today's scores minus a small margin: the floor only moves up (the checker's helper raises it as it improves).
FLOORS = {
    ("dev", "en"): {"right": 0.92, "wrong_system": 0.03, "spurious": 0.02},
    ("dev", "ru"): {"right": 0.94, "wrong_system": 0.02, "spurious": 0.02},
    ("dev", "zh"): {"right": 0.93, "wrong_system": 0.02, "spurious": 0.02},
    ("test", "en"): {"right": 0.70, "wrong_system": 0.04, "spurious": 0.10},
    # Reading Russian forms took the held-out right from 39 to 61 % and its judged traps from 0 to 1 of 9;
    # other armies' names, sentences that start in Cyrillic, years, crews, rounds and number words as Russian
    # writes them took it to 84 %, with no trap judged.
    ("test", "ru"): {"right": 0.82, "wrong_system": 0.02, "spurious": 0.02},
    # Held-out zh: 1 of 8 traps judged since counters and rounds were read (c.f. benchmarks/README.md).
    ("test", "zh"): {"right": 0.83, "wrong_system": 0.02, "spurious": 0.14},
}


@pytest.mark.parametrize("split", ["dev", "test"])
def test_the_checker_keeps_its_score(split: str) -> None:
    result = check_eval.summary(check_eval.evaluate(load_corpus(split=split)))
    for (part, lang), floor in FLOORS.items():
        if part != split:
            continue
        got = result[lang]
        assert got["right"] >= floor["right"], (lang, got["right"])
        assert got["wrong_system"] <= floor["wrong_system"], (lang, got["wrong_system"])
        assert got["spurious"] <= floor["spurious"], (lang, got["spurious"])

"""`equipref check`: quantities and names in prose, attribution, verdicts, and the command line.

The sentences here are written for these tests, in the forms real articles use; the repository copies no
article text. The seed article is read from ../shared/seed/article.txt where it exists.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from bounded import finishes
from hypothesis import given, settings
from hypothesis import strategies as st

from equipref import check_text, default_catalog, load_catalog
from equipref.cli import main
from equipref.errors import UsageError
from equipref.mentions import find_mentions
from equipref.prose import MAX_TEXT, scan, sentences

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "article.txt"

# -- the prose scanner ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown", "hedge"),
    [
        ("a range of 160 km", "160 km", None),
        ("fires 122mm rockets", "122 mm", None),
        ("the 300-mm launcher", "300 mm", None),
        ("a 12.7 mm machine gun", "12.7 mm", None),
        ("flies up to 500 km", "500 km", "up to"),
        ("from 70 to 130 km", "70–130 km", None),
        ("hits at 70-130km", "70–130 km", None),
        ("a 40-barreled launcher", "40", None),
        ("a 4.9 in gun", "4.9 in", None),
        ("reaches 220 miles.", "220 mi", None),
        ("at 1,500 m", "1500 m", None),
        ("some 500 kilometres", "500 km", "about"),
        ("дальность 120 км", "120 km", None),
        ("射程300公里以上", "300 km", "more than"),
        ("口径370毫米", "370 mm", None),
        ("weighs 18.7 metric tons", "18.7 t", None),
        ("a crew of three", "3", None),
        ("eight 370mm rockets", "8", None),
        ("two pods of 20 tubes", "40 (2 × 20)", None),
        ("between 90 and 100 kilograms", "90–100 kg", None),
    ],
)
def test_the_scanner_reads_the_forms_articles_use(text: str, shown: str, hedge: str | None) -> None:
    found = [q for q in scan(text) if q.shown == shown]
    assert found, [q.shown for q in scan(text)]
    assert found[0].hedge == hedge


def test_the_scanner_says_how_it_read_a_comma_and_tons() -> None:
    (q,) = scan("at 1,500 m")
    assert "',' read as a thousands separator" in q.readings
    (t,) = scan("it weighs 55 tons")
    assert t.unit == "t" and any("metric tonnes" in r for r in t.readings)


@pytest.mark.parametrize(
    "text",
    [
        "fired 16 in 20 seconds",
        "the Type 99 tank",
        "PHL-191 launchers",
        "in 2019 it",
        "12.7x108mm rounds",
        "90 percent",
    ],
)
def test_the_scanner_does_not_invent_lengths(text: str) -> None:
    assert not [q for q in scan(text) if q.kind == "length"]


def test_a_one_letter_unit_cut_off_at_the_end_of_a_longer_text_is_not_read() -> None:
    # "...two pods with 20 t" is an excerpt that stops mid-word, not a 20-tonne figure.
    assert not [q for q in scan("It is a launcher. It has two pods with 20 t") if q.kind == "mass"]


_TOKENS = st.sampled_from(
    ["1", "9", "0", ",", ".", "-", "–", " ", "to", "and", "mm", "km", "m", "t", "in", "tons", "miles", "x", "×",
     "up to", "some", "more than", "Type", "PHL-03", "rockets", "tubes", "pods of", "crew of", "three", "L52",
     "公里", "毫米", "枚", "км", "1,5", "000", "\n", "\n\n", ". ", "(", ")", "“", "such", "1990s", "2019"]
)  # fmt: skip


@settings(max_examples=300, deadline=2000)
@given(st.lists(_TOKENS, max_size=600).map("".join))
def test_the_scanner_never_raises_and_stays_linear_on_token_soup(text: str) -> None:
    # The deadline is generous (a loaded machine must not fail it) but catastrophic backtracking on 600 tokens
    # would take far longer; every pattern is a bounded, non-nested regular expression.
    for q in scan(text):
        assert text[q.start : q.end] == q.text
        assert q.value > 0 and q.value == q.value  # positive, not NaN
    for start, end, _ in sentences(text):
        assert 0 <= start < end <= len(text)


@settings(max_examples=200, deadline=2000)
@given(st.text(max_size=3000))
def test_the_scanner_never_raises_on_arbitrary_text(text: str) -> None:
    assert all(q.start < q.end for q in scan(text))


def test_pathological_inputs_finish() -> None:
    def work() -> None:
        for text in (
            "1," * 50_000 + "mm",
            "9" * 100_000 + " km",
            "a-" * 50_000,
            "1 to " * 20_000 + "km",
            "。" * 100_000,
        ):
            scan(text)
            sentences(text)

    finishes(work)


def test_over_long_text_is_refused_before_scanning() -> None:
    with pytest.raises(UsageError, match="characters long"):
        scan("x" * (MAX_TEXT + 1))


# -- names --------------------------------------------------------------------------------------------------


def test_names_are_found_whatever_the_case_hyphens_and_spacing(catalog) -> None:  # type: ignore[no-untyped-def]
    text = "The PHL03, the Tornado S, the Type 99 and the ztz 99."
    found = {(m.text, m.id) for m in find_mentions(text, catalog)}
    assert found == {("PHL03", "phl-03"), ("Tornado S", "tornado-s"), ("Type 99", "type-99"), ("ztz 99", "type-99")}


def test_names_are_not_found_inside_other_words(catalog) -> None:  # type: ignore[no-untyped-def]
    text = "A gradual change: the grad was small, ZTZ99X and XPHL-03 are not names."
    assert [m.id for m in find_mentions(text, catalog) if m.known] == []


def test_designations_the_catalog_lacks_are_found_as_unknown(catalog) -> None:  # type: ignore[no-untyped-def]
    found = [(m.name, m.kind) for m in find_mentions("the QX-05 and a Y-20 carrying KR-72B's", catalog)]
    assert found == [("QX-05", "unknown"), ("Y-20", "unknown"), ("KR-72B", "unknown")]


# -- attribution and verdicts on a small catalog of our own ---------------------------------------------------

_CATALOG = """
[[source]]
id = "orig"
title = "The original report on the TX-1"
publisher = "Example Defence Review"
url = "https://example.org/tx-1"
kind = "news"
accessed = "2026-12-01"

[[source]]
id = "retold"
title = "A retelling"
publisher = "Example Aggregator"
url = "https://example.net/retold"
kind = "news"
retells = ["orig"]
relation = "retells"
accessed = "2026-12-01"

[[source]]
id = "other"
title = "An independent page"
publisher = "Another Publisher"
url = "https://example.com/other"
kind = "reference"
accessed = "2026-12-01"

[[family]]
id = "tx-220"
name = "TX 220 mm rocket"
caliber = "220 mm"
sources = ["other"]

[[weapon]]
id = "tx-pod"
name = "TX pod"
kind = "rocket-launcher"
family = "tx-220"
caliber = [{ value = "220 mm", sources = ["orig"] }, { value = "220 mm", sources = ["other"] }]
tubes = [{ value = 12, sources = ["other"] }]

[[munition]]
id = "tx-rocket"
name = "TX rocket"
family = "tx-220"
kind = "rocket"
max_range = [{ value = "40 km", sources = ["retold"] }, { value = "45 km", sources = ["other"] }]

[[system]]
id = "tx-1"
name = "TX-1"
aliases = ["Testudo"]
country = "RU"
role = "MLRS"
crew = [{ value = 3, sources = ["orig"] }]
combat_weight = [{ value = "20 t", sources = ["other"] }]

[[system.armament]]
weapon = "tx-pod"
mount = "launcher"
munitions = ["tx-rocket"]

[[system]]
id = "ty-2"
name = "TY-2"
country = "CN"
role = "MLRS"
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("catalog")
    (folder / "test.toml").write_text(_CATALOG, encoding="utf-8")
    return load_catalog(folder, builtin=False)


def _one(report, field: str):  # type: ignore[no-untyped-def]
    found = [f for f in report.findings if f.field == field]
    assert len(found) == 1, [(f.field, f.value) for f in report.findings]
    return found[0]


def test_an_independent_origin_with_the_same_value_supports(small) -> None:  # type: ignore[no-untyped-def]
    f = _one(check_text("The TX-1 has a range of 45 km.", small, source_url="https://example.org/tx-1"), "max_range")
    assert (f.system, f.verdict) == ("tx-1", "supported")
    assert [c.sources for c in f.claims if c.agrees] == [("other",)]


def test_a_retelling_is_the_same_origin_and_never_corroborates(small) -> None:  # type: ignore[no-untyped-def]
    # The catalog's 40 km comes from a retelling of this very text: only the independent 45 km counts.
    f = _one(
        check_text("The TX-1 has a range of 40 km.", small, source_url="http://www.example.org/tx-1/"), "max_range"
    )
    assert f.verdict == "contested"
    assert f.spread == "40–45 km"
    assert [c.this_text for c in f.claims] == [True, False]


def test_the_same_text_from_an_unrelated_page_is_supported_by_the_retelling(small) -> None:  # type: ignore[no-untyped-def]
    assert _one(check_text("The TX-1 has a range of 40 km.", small), "max_range").verdict == "supported"


def test_only_this_source_new_and_not_in_the_catalog(small) -> None:  # type: ignore[no-untyped-def]
    report = check_text(
        "The TX-1 has a crew of three. The TY-2 weighs 30 tonnes. The QZ-7 has a range of 90 km.",
        small,
        source="orig",
    )
    verdicts = {(f.system or f.unknown, f.field): f.verdict for f in report.findings}
    assert verdicts == {
        ("tx-1", "crew"): "only this source",
        ("ty-2", "weight"): "new",
        ("QZ-7", "max_range"): "not in the catalog",
    }
    assert report.unknown_names == ("QZ-7",)


def test_a_figure_written_against_a_name_goes_to_that_name(small) -> None:  # type: ignore[no-untyped-def]
    report = check_text("The TY-2 reaches 50 km, versus 40 km for the TX-1.", small)
    assert [(f.value, f.system) for f in report.findings] == [("50 km", "ty-2"), ("40 km", "tx-1")]


def test_a_compared_name_is_not_the_subject(small) -> None:  # type: ignore[no-untyped-def]
    report = check_text("The TY-2 is new. It uses the same 220mm rockets as the TX-1.", small)
    assert [(f.value, f.system, f.verdict) for f in report.findings] == [("220 mm", "ty-2", "new")]


def test_a_pronoun_carries_the_subject_and_such_counts_it(small) -> None:  # type: ignore[no-untyped-def]
    report = check_text(
        "The TX-1 entered service late. It fires 220 mm rockets up to 45 km. There are 12 such launchers.", small
    )
    assert [(f.value, f.system, f.field) for f in report.findings] == [
        ("220 mm", "tx-1", "caliber"),
        ("45 km", "tx-1", "max_range"),
        ("12", "tx-1", "numbers"),
    ]


def test_a_count_of_things_in_general_is_not_pinned_on_the_subject(small) -> None:  # type: ignore[no-untyped-def]
    assert check_text("The TX-1 is old. The army has 7,000 tanks.", small).findings == ()


def test_two_names_that_fit_equally_are_ambiguous(small) -> None:  # type: ignore[no-untyped-def]
    report = check_text("The TX-1/TY-2 family is new. It weighs 21 t.", small)
    (f,) = report.findings
    assert f.verdict == "ambiguous" and f.candidates == ("TX-1", "TY-2")


def test_figures_the_catalog_keeps_no_field_for_are_unchecked(small) -> None:  # type: ignore[no-untyped-def]
    report = check_text("The TX-1 reaches 90 km/h with a 400 hp engine.", small)
    assert [(f.value, f.verdict) for f in report.findings] == [("90 km/h", "unchecked"), ("400 hp", "unchecked")]


def test_a_source_heading_and_publisher_are_recognised(small) -> None:  # type: ignore[no-untyped-def]
    text = "The original report on the TX-1\n\nBy Example Defence Review staff. The TX-1 has a crew of three."
    report = check_text(text, small)
    assert report.source == "orig" and _one(report, "crew").verdict == "only this source"


def test_an_unknown_source_id_is_refused_with_suggestions(small) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KeyError, match="orig"):
        check_text("text", small, source="orgi")


def test_check_text_never_raises_on_arbitrary_text(small) -> None:  # type: ignore[no-untyped-def]
    @settings(max_examples=100, deadline=None)
    @given(
        st.lists(_TOKENS | st.sampled_from(["TX-1", "It ", "TY-2", "such", "versus", "for the"]), max_size=300).map(
            "".join
        )
    )
    def inner(text: str) -> None:
        report = check_text(text, small)
        assert all(report.sentences[0].start <= f.start for f in report.findings)

    inner()


# -- the seed article ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_report(catalog):  # type: ignore[no-untyped-def]
    if not SEED.is_file():
        pytest.skip(f"the seed article is not at {SEED} (it lives in the team's shared folder)")
    return check_text(SEED.read_text(encoding="utf-8"), catalog)


def _seed(report, system: str, field: str, value: str):  # type: ignore[no-untyped-def]
    found = [f for f in report.findings if (f.system, f.field, f.value) == (system, field, value)]
    assert len(found) == 1, [(f.system, f.field, f.value) for f in report.findings]
    return found[0]


def test_the_seed_is_recognised_as_its_own_catalog_source(seed_report) -> None:  # type: ignore[no-untyped-def]
    assert seed_report.source == "globalsecurity-china-ww3"


def test_the_seed_figures_come_out_right(seed_report) -> None:  # type: ignore[no-untyped-def]
    phl03 = _seed(seed_report, "phl-03", "max_range", "160 km")
    assert phl03.verdict == "contested"
    assert {"70 km", "130 km", "150 km"} <= {c.value for c in phl03.claims if not c.this_text}
    assert _seed(seed_report, "tornado-s", "max_range", "120 km").verdict == "supported"
    assert _seed(seed_report, "phl-16", "max_range", "220 km").verdict == "contested"
    assert _seed(seed_report, "phl-16", "max_range", "500 km").verdict == "supported"
    assert _seed(seed_report, "phl-16", "caliber", "760 mm").verdict == "contested"
    assert _seed(seed_report, "pr50", "caliber", "122 mm").verdict == "only this source"
    assert _seed(seed_report, "type-99", "caliber", "125 mm").verdict == "supported"
    assert _seed(seed_report, "zbl-08", "caliber", "30 mm").verdict == "supported"
    assert _seed(seed_report, "zsl-10", "caliber", "12.7 mm").verdict == "supported"


def test_every_seed_finding_has_a_system_and_evidence(seed_report) -> None:  # type: ignore[no-untyped-def]
    for f in seed_report.findings:
        assert f.system or f.about, f
        if f.verdict in ("supported", "contested", "only this source"):
            assert f.claims


# -- the command line --------------------------------------------------------------------------------------


def _run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str, *argv: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


TEXT = "The PHL-03 can strike targets 160 km away, versus 120 km for the Tornado-S.\n"


def test_check_reads_stdin_and_prints_a_table(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, err = _run(capsys, monkeypatch, TEXT, "check", "-")
    assert code == 0 and err == ""
    assert "160 km — PHL-03, max range" in out and "120 km — Tornado-S, max range: SUPPORTED" in out


@pytest.mark.parametrize("fmt", ["json", "markdown", "claimreview"])
def test_check_formats(capsys, monkeypatch, fmt: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _run(capsys, monkeypatch, TEXT, "check", "-", "--format", fmt)
    assert code == 0
    if fmt == "json":
        assert [f["system"] for f in json.loads(out)["findings"]] == ["phl-03", "tornado-s"]
    elif fmt == "markdown":
        assert out.startswith("# Fact check") and "| 120 km | Tornado-S | max range | **supported** |" in out
    else:
        reviews = json.loads(out)
        assert {r["@type"] for r in reviews} == {"ClaimReview"}
        assert all(r["reviewRating"]["alternateName"] for r in reviews)


def test_check_refuses_bad_input_in_one_line(capsys, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    binary = tmp_path / "article.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    for argv in (["check", str(tmp_path / "missing.txt")], ["check", str(binary)], ["check", "-", "--source", "nope"]):
        code, out, err = _run(capsys, monkeypatch, TEXT, *argv)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, (argv, err)


def test_the_readme_shows_what_check_prints_on_the_seed(capsys) -> None:  # type: ignore[no-untyped-def]
    if not SEED.is_file():
        pytest.skip(f"the seed article is not at {SEED} (it lives in the team's shared folder)")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ equipref check article.txt\n", 1)[1].split("```", 1)[0]
    assert main(["check", str(SEED)]) == 0
    out = capsys.readouterr().out
    for line in block.splitlines():
        # The figure, system, field and verdict must be what check prints; the evidence named after them
        # grows with the catalog.
        shown = line.split(" (", 1)[0] if line.startswith("  ") else line.split("...")[0].rstrip(" (")
        assert shown in out, line


def test_a_conversion_in_brackets_is_the_same_figure() -> None:
    (q,) = scan("a range of 15.3 km (9.5 mi)")
    assert q.shown == "15.3 km" and "also written as 9.5 mi" in q.readings


def test_rows_of_tubes_are_a_layout_not_a_count() -> None:
    assert [q.shown for q in scan("two pods of 20 tubes in four rows of five tubes each")] == ["40 (2 × 20)"]


def test_capability_is_a_load_out_and_firing_in_a_drill_is_an_event(small) -> None:  # type: ignore[no-untyped-def]
    report = check_text("The TX-1 is capable of firing twelve rockets. In the drill it was firing 24 rockets.", small)
    assert [(f.value, f.field) for f in report.findings] == [("12", "tubes"), ("24", "numbers")]
    assert report.findings[1].verdict == "unchecked"


def test_a_role_noun_means_the_system_of_that_role_named_before(catalog) -> None:  # type: ignore[no-untyped-def]
    # "the howitzer" is the PCL-181 (a howitzer), not the Y-20 that carries it and opens the sentence before.
    report = check_text("A Y-20 can carry two PCL-181s.\nThe cab of the howitzer seats all six crew members.", catalog)
    assert [(f.system, f.field, f.value) for f in report.findings][-1] == ("pcl-181", "crew", "6")


def test_check_text_finishes_on_long_texts_that_never_end_a_sentence(catalog) -> None:  # type: ignore[no-untyped-def]
    # Sentences are capped in length and spans are looked up by bisection, so cost stays linear in the text.
    def work() -> None:
        for text in ("PHL-16 300 mm " * 2000, "The PHL-03 and the BM-30, " * 1000 + "300 mm", "Type 15 " * 3000):
            report = check_text(text, catalog)
            assert all(len(s.text) <= 800 for s in report.sentences)

    finishes(work)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_names_are_found_in_arbitrary_text_without_overlaps(text: str) -> None:
    found = find_mentions(text, default_catalog())
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    assert all(text[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize("text", ["a crew of 0", "crew of 00", "a 0-barreled launcher"])
def test_a_zero_count_is_no_figure(text: str) -> None:
    assert [q.text for q in scan(text)] == []

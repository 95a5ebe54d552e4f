"""`equipref check`'s output formats: article text is untrusted, lines are never cut, ClaimReview as Google asks.

The sentences are written for these tests.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from cli_run import run

from equipref import check_text
from equipref.check.report import RATINGS, to_claimreview, to_json, to_markdown, to_table

pytestmark = pytest.mark.usefixtures("private_cache")

HOSTILE = (
    "The PHL-03 \x1b]0;pwned\x07fires rockets up to 130 km \u202eevil\u202c.\n"
    "The Tornado-S <script>alert(1)</script> & friends reach 120 km.\n"
)


@pytest.fixture(scope="module")
def hostile(catalog: Any) -> Any:
    report = check_text(HOSTILE, catalog)
    assert [f.system for f in report.findings] == ["phl-03", "tornado-s"]
    return report


def test_no_control_or_bidi_character_reaches_the_table(hostile: Any) -> None:
    for width in (None, 60):
        out = to_table(hostile, width)
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "\\x1b" in out and "\\u202e" in out  # shown, so a reader sees that something was there


def test_markdown_passes_no_raw_html(hostile: Any, catalog: Any) -> None:
    out = to_markdown(hostile, catalog)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "\x1b" not in out and "\u202e" not in out


@pytest.mark.parametrize("fmt", ["json", "claimreview"])
def test_json_outputs_cannot_close_a_script_element(hostile: Any, catalog: Any, fmt: str) -> None:
    out = to_json(hostile) if fmt == "json" else to_claimreview(hostile, catalog)
    assert not {"<", ">", "&", "\u202e", "\x1b"} & set(out)
    assert "alert(1)" in json.dumps(json.loads(out))  # the same text, only written with escapes


def test_the_table_wraps_long_lines_and_keeps_every_source_id(catalog: Any) -> None:
    report = check_text("The PHL-03 fires 300 mm rockets up to 130 km.", catalog)
    ids = {sid for f in report.findings for c in f.claims for sid in c.sources}
    out = to_table(report, 50)
    assert all(len(line) <= 50 for line in out.splitlines() if " " in line.strip())
    assert "…" not in out.replace("“", "")
    joined = " ".join(out.split())
    assert all(sid in joined for sid in ids)
    assert to_table(report, None).count("\n") < out.count("\n")  # to a pipe: one line per item


def test_claimreview_has_what_googles_fact_check_markup_asks_for(catalog: Any) -> None:
    report = check_text("The PHL-03 can strike targets 160 km away.", catalog, source="globalsecurity-china-ww3")
    (review,) = json.loads(
        to_claimreview(report, catalog, review_url="https://example.org/fc/1", review_date="2026-12-07")
    )
    assert review["url"] == "https://example.org/fc/1" and review["datePublished"] == "2026-12-07"
    assert review["claimReviewed"] == "PHL-03 max range: 160 km"
    claim = review["itemReviewed"]
    source = catalog.source("globalsecurity-china-ww3")
    assert claim["author"]["name"] == source.publisher
    # The seed retells another report: the claim first appeared there, not on the retelling's page.
    first = catalog.source(source.retells[0])
    assert claim["firstAppearance"]["name"] == first.title and claim["firstAppearance"]["datePublished"] == first.date
    assert claim["firstAppearance"]["publisher"]["name"] == first.publisher
    assert claim.get("appearance", {}).get("url") == source.url
    assert review["reviewRating"]["alternateName"] == RATINGS[report.findings[0].verdict]


def test_check_cli_escapes_file_names_and_takes_review_options(capsys: Any, tmp_path: Any) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "no\x1b[2Jsuch.txt"))
    assert code == 2 and "\x1b" not in err and "\\x1b" in err
    article = tmp_path / "a.txt"
    article.write_text("The PHL-03 fires rockets up to 130 km.", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(article), "-f", "claimreview", "--review-date", "2026-12-07")
    assert code == 0 and json.loads(out)[0]["datePublished"] == "2026-12-07"
    with pytest.raises(SystemExit) as exited:
        run(capsys, "check", str(article), "-f", "claimreview", "--review-date", "yesterday")
    assert exited.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err

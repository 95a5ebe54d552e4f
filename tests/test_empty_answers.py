"""Empty answers say so: stderr names the nearest thing, the exit status is 1, and unknown codes are refused."""

from __future__ import annotations

import json

import pytest
from cli_run import run

pytestmark = pytest.mark.usefixtures("private_cache")


def test_a_caliber_nothing_has_names_the_nearest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "match", "5 inch")
    assert (code, out) == (1, "")
    assert err.startswith("equipref: no weapon within 0.5 mm of 5 in")
    assert "nearest: 125 mm (" in err and "2A46M" in err


def test_an_empty_answer_is_still_valid_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "match", "5 inch", "--format", "json")
    assert (code, json.loads(out)) == (1, [])
    assert "nearest" in err
    code, out, _ = run(capsys, "match", "5 inch", "--format", "csv")
    assert code == 1 and out.count("\n") == 1  # the header row only


@pytest.mark.parametrize(
    "argv",
    [
        ("list", "--country", "XX"),
        ("counterparts", "Type 04", "--country", "US"),
        ("match", "125 mm", "--country", "XX"),
    ],
)
def test_a_country_no_system_is_from_is_refused(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert "countries: CN, RU" in err and err.count("\n") == 1


def test_country_codes_are_case_blind(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--country", "ru", "--role", "srbm")
    assert code == 0 and "Iskander-M" in out


def test_a_filter_that_leaves_nothing_says_what_there_is(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Both built-in countries now field every role, so the empty country/role pair comes from a catalog of
    # one tank from a third country laid over the built-in one.
    (tmp_path / "one.toml").write_text(
        '[[system]]\nid = "ua-tank"\nname = "UA tank"\ncountry = "UA"\nrole = "MBT"\n', encoding="utf-8"
    )
    code, out, err = run(capsys, "list", "--catalog", str(tmp_path), "--country", "UA", "--role", "SRBM")
    assert (code, out) == (1, "")
    assert "no SRBM system from UA" in err and "its roles: MBT" in err
    code, _, err = run(capsys, "list", "--role", "battleship")
    assert code == 2 and "roles: " in err

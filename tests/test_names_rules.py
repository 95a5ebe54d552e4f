"""Name comparison and suggestions, pinned by hand (mutation testing of `equipref.names`: 31 of 84 unseen)."""

from __future__ import annotations

import pytest

from equipref.errors import UsageError
from equipref.names import close_matches, country_code, normalize_name, suggest


def test_wrong_arguments_are_refused_with_what_was_expected() -> None:
    with pytest.raises(UsageError) as name_error:
        normalize_name(99)  # type: ignore[arg-type]
    assert str(name_error.value) == "a name must be text such as 'Type 99', not int 99"
    with pytest.raises(UsageError) as country_error:
        country_code(7)
    assert (
        str(country_error.value) == "country must be an ISO 3166 alpha-2 code such as 'CN' or 'RU', or None, not int 7"
    )


def test_country_codes() -> None:
    assert country_code(None) is None and country_code("") is None
    assert country_code("cn") == "CN"


def test_punctuation_goes_in_every_script() -> None:
    assert normalize_name("Мста-С") == normalize_name("МстаС") == "mstas"
    assert normalize_name("Ｔ－９０Ｍ") == "t90m"


NAMES = {normalize_name(n): n for n in ["T-72", "T-80", "T-90", "T-90M", "T-62", "BMP-3", "Type 99"]}


def test_suggestions_are_at_most_three_by_default() -> None:
    assert len(suggest("T", NAMES)) == 3  # six names contain a "t"
    assert len(suggest("T", NAMES, limit=5)) == 5


def test_a_name_inside_the_query_or_the_query_inside_a_name_is_suggested() -> None:
    names = {normalize_name(n): n for n in ["Type 99", "ZTZ-99", "Msta-S", "BMP"]}
    assert "ZTZ-99" in suggest("ztz99 main battle tank", names)  # a name inside what was typed
    assert "Msta-S" in suggest("msta", names)  # what was typed inside a name
    assert "BMP" not in suggest("zzzz", names)  # neither, and not close
    short = {normalize_name(n): n for n in ["T9", "Type 99"]}
    assert "T9" not in suggest("xyzt9xyzqqqq", short)  # a two-letter name inside the query is no match


def test_close_matches_defaults() -> None:
    words = ["abcx", "abcy", "abcz", "abcw"]
    assert close_matches("abcd", words) == ["abcz", "abcy", "abcx"]  # equal scores: difflib puts the larger first
    assert close_matches("abcd", ["wxyz"]) == []

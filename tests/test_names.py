"""Names across scripts: one normaliser for the catalog's lookup and for finding names in prose."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from equipref import check_text
from equipref.catalog import load_catalog
from equipref.names import normalize_name
from equipref.scripts import LOOK_ALIKES, TRANSLITERATION, fold, fold_characters

# (as a text writes it, as the catalog writes it): each pair must compare equal.
SAME = [
    ("Т-90М", "T-90M"),  # Cyrillic designation, transliterated
    ("БТР-82А", "BTR-82A"),
    ("2С19", "2S19"),
    ("9К58 «Смерч»", "9K58 Smerch"),
    ("Мста-С", "Msta-S"),
    ("Торнадо-С", "Tornado-S"),
    ("Гиацинт-С", "Giatsint-S"),
    ("Тюльпан", "Tyulpan"),
    ("РHL-03", "PHL-03"),  # a Cyrillic Р typed among Latin letters: a look-alike, not an R
    ("ZВD-04", "ZBD-04"),
    ("ＰＨＬ－０３", "PHL-03"),  # full-width forms
    ("PHL‑03", "PHL-03"),  # U+2011 non-breaking hyphen
    ("PHL–03", "PHL-03"),  # en dash
    ("龍捲風", "龙卷风"),  # traditional and simplified
    ("火龍480", "火龙480"),
    ("Tulpán", "Tulpan"),
]
DIFFERENT = [
    ("T-90", "T-90M"),
    ("2S19", "2S9"),
    ("Мста", "Msta-S"),
    ("99式", "96式"),
]


@pytest.mark.parametrize(("written", "catalog_form"), SAME)
def test_names_written_in_other_scripts_compare_equal(written: str, catalog_form: str) -> None:
    assert normalize_name(written) == normalize_name(catalog_form)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_stay_different(a: str, b: str) -> None:
    assert normalize_name(a) != normalize_name(b)


def test_the_catalog_lookup_reads_every_script() -> None:
    catalog = load_catalog()
    assert catalog.system("Т-90М").id == "t-90m"
    assert catalog.system("2С19").id == "2s19"
    assert catalog.system("ＰＨＬ－０３").id == "phl-03"
    assert catalog.system("РHL‑03").id == "phl-03"


@pytest.mark.parametrize(
    ("text", "system"),
    [
        ("Т-90М оснащён 125 mm пушкой.", "t-90m"),
        ("Российская 2С19 «Мста-С» стреляет на 24 km.", "2s19"),
        ("The PHL‑03 fires 300 mm rockets.", "phl-03"),
        ("The РHL-03 fires 300 mm rockets.", "phl-03"),
        ("Ｔ－９０Ｍ 125 mm.", "t-90m"),
    ],
)
def test_check_finds_names_in_any_script(text: str, system: str) -> None:
    findings = check_text(text).findings
    assert [f.system for f in findings] == [system]


def test_fold_characters_keeps_offsets() -> None:
    text = "俄製龍捲風 ＰＨＬ－０３"
    assert len(fold_characters(text)) == len(text)
    assert fold_characters(text) == "俄制龙卷风 PHL-03"


_CATALOG_NAMES = sorted({n for s in load_catalog().systems() for n in s.names if n.isascii()})
_DASHES = "-‐‑‒–—―−"  # hyphen-minus, hyphen, non-breaking hyphen, figure dash, en, em, bar, minus
_LATIN_FOR_CYRILLIC = {latin: cyr for cyr, latin in LOOK_ALIKES.items() if len(latin) == 1}


@given(st.sampled_from(_CATALOG_NAMES), st.data())
def test_any_dash_or_cyrillic_look_alike_finds_the_same_system(name: str, data: st.DataObject) -> None:
    """Whatever dash separates its parts, and whichever of its Latin letters are typed as Cyrillic look-alikes
    among Latin ones, a name finds the system it names."""
    catalog = load_catalog()
    expected = catalog.system(name).id
    dash = data.draw(st.sampled_from(_DASHES))
    written = name.replace("-", dash)
    latin = [i for i, c in enumerate(written) if c.lower() in _LATIN_FOR_CYRILLIC]
    swap = data.draw(st.sets(st.sampled_from(latin))) if latin else set()
    kept = list(written)
    for i in swap:
        kept[i] = _LATIN_FOR_CYRILLIC[written[i].lower()]
    spoofed = "".join(kept)
    # A word written wholly in Cyrillic is read as Russian (transliterated), so a look-alike typed by mistake
    # is one in a word that keeps a Latin letter.
    for word in re.findall(r"[^\W\d_]+", spoofed):
        assume(word.isascii() or any(c.isascii() for c in word))
    assert catalog.system(spoofed).id == expected


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_normalising_is_idempotent_and_total(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once or not once.isascii()


@given(st.text(alphabet="".join(TRANSLITERATION), min_size=1, max_size=12))
def test_a_cyrillic_word_transliterates_to_latin_letters(word: str) -> None:
    assert fold(word).isascii()

"""Names written in other scripts, folded to the one form they are compared in.

People write the same designation in several ways: ``Т-90М`` in Cyrillic, ``ＰＨＬ－０３`` in full-width
forms, ``龍捲風`` in traditional Chinese where the catalog says ``龙卷风``, ``Т-90M`` half in each script
because of a keyboard layout. `fold` turns each into the Latin and simplified form the others reach too:

- compatibility forms (full-width letters and digits, ligatures, ``№``) become their plain forms (NFKC);
- a word written wholly in Cyrillic is transliterated (``БТР-82А`` as ``btr-82a``, ``2С19`` as ``2s19``,
  ``Смерч`` as ``smerch``), which is how Russian designations are written in Latin;
- in a word that mixes Latin and Cyrillic letters, the Cyrillic ones are look-alikes typed by mistake and
  become the Latin letters they look like (``РHL`` as ``phl``, where a transliteration would give ``rhl``);
- traditional Chinese characters become simplified ones (OpenCC's character table, `equipref._hanzi`);
- Latin letters lose their accents.

Only the tables below know a language; the code applies them. Kept free of heavy imports (the CLI's fast
path calls it), and an ASCII name never reaches it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Final

__all__ = ["fold", "fold_characters"]

#: Russian, Ukrainian and Belarusian letters as Russian designations are written in Latin (BGN/PCGN style,
#: which Western sources and GRAU indices in Latin follow: Msta, Smerch, Tyulpan, Giatsint, 2S19, 9K58).
TRANSLITERATION: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip

#: Cyrillic letters that look like Latin ones (after case folding), for words that mix the two scripts.
LOOK_ALIKES: Final[dict[str, str]] = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
}  # fmt: skip

_WORD: Final = re.compile(r"\w+")


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u052f"


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha() or "\u00c0" <= char <= "\u024f"


@cache
def _simplified() -> dict[str, str]:
    from equipref._hanzi import SIMPLIFIED, TRADITIONAL

    return dict(zip(TRADITIONAL, SIMPLIFIED, strict=True))


def _fold_word(word: str) -> str:
    has_cyrillic = any(_is_cyrillic(c) for c in word)
    if not has_cyrillic and word.isascii():
        return word
    table = LOOK_ALIKES if has_cyrillic and any(_is_latin(c) for c in word) else TRANSLITERATION
    simplified = _simplified()
    out: list[str] = []
    for char in word:
        if char.isascii():
            out.append(char)
        elif _is_cyrillic(char):
            out.append(table.get(char, char))
        elif char in simplified:
            out.append(simplified[char])
        elif "\u00c0" <= char <= "\u024f":
            out.append("".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)))
        else:
            out.append(char)
    return "".join(out)


def fold(text: str) -> str:
    """``text`` in compatibility-free, case-folded Latin and simplified form, word by word.

    >>> fold("Т-90М") == fold("T-90M".casefold())
    True
    >>> fold("2С19 «Мста-С»")
    '2s19 «msta-s»'
    >>> fold("龍捲風"), fold("ＰＨＬ－０３"), fold("РHL-03")
    ('龙卷风', 'phl-03', 'phl-03')
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.sub(lambda m: _fold_word(m.group()), text)


@cache
def _character_table() -> dict[int, str]:
    table = {ord(t): s for t, s in _simplified().items()}
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})  # full-width ASCII
    table[0x3000] = " "  # the ideographic space
    return table


def fold_characters(text: str) -> str:
    """``text`` with traditional Chinese characters simplified and full-width forms made plain, one character
    for one, so that an offset in the result is the same offset in ``text`` (for finding names in prose).

    >>> fold_characters("俄製龍捲風 ９Ａ５２")
    '俄制龙卷风 9A52'
    """
    return text.translate(_character_table())

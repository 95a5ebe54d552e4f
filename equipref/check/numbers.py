"""Numbers as prose writes them: digits with thousands separators, number words, Chinese numerals.

Numbers are converted with `float` on plain digit strings only; nothing is ever handed to pint's parser or to
``eval``. The number words come from the language files (`equipref.check.language`).
"""

from __future__ import annotations

import re
from typing import Final

from equipref.check.language import vocabulary

__all__ = ["DIGITS", "NUMBER", "WORD_ALT", "fmt", "number", "plain", "precision"]

_VOCAB: Final = vocabulary()
WORDS: Final = _VOCAB.numbers
NUMERALS: Final = _VOCAB.numerals

#: Digits, with ``,`` as a thousands separator in groups of three, and a decimal point or a decimal comma: a
#: comma before one or two digits cannot separate thousands, so ``46,5`` and ``7,62`` (Russian) are decimals.
#: Russian groups thousands with a space ("20 000", "1 500" with a no-break space): a no-break or thin space
#: before three digits always separates thousands; a plain space only before "000" ("18 155 mm" is two numbers).
DIGITS: Final = (
    r"(?:\d{1,3}(?:[\u00a0\u202f\u2009]\d{3}){1,4}(?![\d])|\d{1,3}(?: 000){1,3}(?![\d])"
    r"|\d{1,3}(?:,\d{3}){1,4}(?![\d])|\d{1,12})(?:\.\d{1,6}|,\d{1,2}(?![\d,]))?|\.\d{1,6}"
)
_DECIMAL_COMMA: Final = re.compile(r"\d+,\d{1,2}")
_SPACES: Final = re.compile(r"[ \u00a0\u202f\u2009]")
_TENS: Final = sorted((w for w, v in WORDS.items() if v % 10 == 0 and 20 <= v <= 90), key=len, reverse=True)
_UNITS: Final = sorted((w for w, v in WORDS.items() if 1 <= v <= 9), key=len, reverse=True)
#: Compound number words: "thirty-eight", "тридцать два" (a tens word, a space or hyphen, a units word).
_COMPOUND: Final = (
    rf"(?:{'|'.join(re.escape(w) for w in _TENS)})[ \u00a0-](?:{'|'.join(re.escape(w) for w in _UNITS)})"
    if _TENS and _UNITS
    else r"(?!x)x"
)
WORD_ALT: Final = "|".join([_COMPOUND, *sorted((re.escape(w) for w in WORDS), key=len, reverse=True)])
NUMBER: Final = rf"(?:{DIGITS}|(?i:\b(?:{WORD_ALT})\b))"


def fmt(value: float) -> str:
    """A value as a reader writes it: ``160``, ``12.7`` (never ``160.0``)."""
    rounded = round(value, 3)
    return str(int(rounded)) if float(rounded).is_integer() else f"{rounded:g}"


def plain(value: float) -> str:
    """A value exactly as read: ``160``, ``12.75``."""
    return str(int(value)) if value.is_integer() else f"{value:g}"


def number(token: str) -> tuple[float, tuple[str, ...]]:
    """The value of a number as prose writes it, and how it was read (never via an evaluator)."""
    word = token.strip().casefold()
    if word in WORDS:
        return float(WORDS[word]), (f"number word {token.strip()!r}",)
    parts = re.split(r"[ \u00a0-]", word)
    if len(parts) == 2 and all(p in WORDS for p in parts):
        return float(WORDS[parts[0]] + WORDS[parts[1]]), (f"number words {token.strip()!r}",)
    if _SPACES.search(token.strip()):
        return float(_SPACES.sub("", token.strip())), ("a space read as a thousands separator",)
    if word and all(ch in NUMERALS or ch == "十" for ch in word):
        return float(_cjk_number(word)), (f"Chinese numeral {token!r}",)
    if _DECIMAL_COMMA.fullmatch(token.strip()):
        return float(token.strip().replace(",", ".")), ("',' read as a decimal comma",)
    if "," in token:
        return float(token.replace(",", "")), ("',' read as a thousands separator",)
    return float(token), ()


def _cjk_number(word: str) -> int:
    if "十" not in word:
        return NUMERALS.get(word, 0) if len(word) == 1 else 0
    tens, _, ones = word.partition("十")
    return (NUMERALS.get(tens, 0) if tens else 1) * 10 + (NUMERALS.get(ones, 0) if ones else 0)


def precision(written: str, value: float) -> float:
    """Half a step of the last digit written (``160`` is ±5, ``18.7`` ±0.05), at most 5 % for round numbers."""
    written = written.strip()
    written = _SPACES.sub("", written)
    digits = written.replace(",", ".") if _DECIMAL_COMMA.fullmatch(written) else written.replace(",", "")
    if not digits or not (digits[0].isdigit() or digits[0] == "."):
        return 0.0
    if "." in digits:
        return 0.5 * 10.0 ** -len(digits.split(".", 1)[1])
    zeros = len(digits) - len(digits.rstrip("0"))
    return max(0.5, min(0.5 * 10**zeros, 0.05 * value)) if zeros else 0.5

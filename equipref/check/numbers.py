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
DIGITS: Final = r"(?:\d{1,3}(?:,\d{3}){1,4}(?![\d])|\d{1,12})(?:\.\d{1,6}|,\d{1,2}(?![\d,]))?|\.\d{1,6}"
_DECIMAL_COMMA: Final = re.compile(r"\d+,\d{1,2}")
WORD_ALT: Final = "|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True))
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
    digits = written.replace(",", ".") if _DECIMAL_COMMA.fullmatch(written) else written.replace(",", "")
    if not digits or not (digits[0].isdigit() or digits[0] == "."):
        return 0.0
    if "." in digits:
        return 0.5 * 10.0 ** -len(digits.split(".", 1)[1])
    zeros = len(digits) - len(digits.rstrip("0"))
    return max(0.5, min(0.5 * 10**zeros, 0.05 * value)) if zeros else 0.5

"""How system names are compared and suggested. Kept free of heavy imports: the CLI's fast path uses it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

from equipref.errors import check_type

__all__ = ["close_matches", "country_code", "normalize_name", "suggest"]

_NORMALIZE_RE: Final = re.compile(r"[\W_]+")


def normalize_name(name: str) -> str:
    """The form names are compared in: case-folded, with spaces, dashes and punctuation removed, and other
    scripts folded to one form (`equipref.scripts.fold`: Cyrillic transliterated or look-alikes replaced,
    full-width forms made plain, traditional Chinese simplified). The catalog's lookup and `check` both use it.

    >>> normalize_name("Type 99") == normalize_name("TYPE-99") == normalize_name("type99")
    True
    >>> normalize_name("Т-90М") == normalize_name("T-90M") == normalize_name("Ｔ－９０Ｍ")
    True
    >>> normalize_name("2С19 «Мста-С»"), normalize_name("龍捲風")
    ('2s19mstas', '龙卷风')
    """
    check_type(name, str, "a name", "text such as 'Type 99'")
    if not name.isascii():
        from equipref.scripts import fold

        return _NORMALIZE_RE.sub("", fold(name))
    return _NORMALIZE_RE.sub("", name.casefold())


def country_code(country: object) -> str | None:
    """A ``country`` argument as the upper-case code it filters on, or None for every country."""
    if country is None or country == "":
        return None
    check_type(country, str, "country", "an ISO 3166 alpha-2 code such as 'CN' or 'RU', or None")
    return str(country).upper()


def suggest(name: str, names: Mapping[str, str], limit: int = 3) -> tuple[str, ...]:
    """The display names nearest to ``name``, best first; ``names`` maps normalized names to display names."""
    key = normalize_name(name)
    keys = sorted(names)
    near = close_matches(key, keys, n=limit * 3, cutoff=0.5)
    if key:
        near += [k for k in keys if key in k or (len(k) >= 3 and k in key)]
    out: list[str] = []
    for k in near:
        label = names[k]
        if label not in out:
            out.append(label)
    return tuple(out[:limit])


def close_matches(word: str, possibilities: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """`difflib.get_close_matches`, imported only when there is something to suggest (it costs every start)."""
    import difflib

    return difflib.get_close_matches(word, possibilities, n=n, cutoff=cutoff)

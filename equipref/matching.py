"""Matching weapons by caliber: a sorted index of canonical floats, queried by window.

Calibers are converted once, when the index is built, to plain floats in millimetres; a query is a binary
search for the window ``[value - tolerance, value + tolerance]``. Matching every weapon against every other
(`all_pairs`) walks the same sorted array with vectorised searches, so its cost grows with the number of
weapons plus the number of pairs found, never with their square.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel, ConfigDict

from equipref.cartridge import SAME_CASE_MM, family_case_length, read_cartridge
from equipref.catalog import catalog_or_default
from equipref.model import Length, SignedLength
from equipref.names import country_code
from equipref.units import Measure, parse_measure

if TYPE_CHECKING:
    import numpy as np

    from equipref.catalog import Catalog
    from equipref.model import Claim

__all__ = ["CaliberIndex", "PairSet", "WeaponMatch", "all_pairs", "as_length", "match"]

#: Floats that went through unit conversions may differ in the last bits; a window this much wider keeps
#: a match that sits exactly on the tolerance from flickering with the unit it was written in.
_SLACK_MM = 1e-9


def as_length(value: str | Measure | Any, allow_zero: bool = False) -> Measure:
    """A positive length (or zero, for a tolerance) from text (``"4.921 in"``), a `Measure` or a pint Quantity."""
    if isinstance(value, str):
        return parse_measure(value, "[length]", allow_zero=allow_zero)
    if isinstance(value, Measure):
        measure = value
    else:
        from equipref.units import measure_from_quantity

        if allow_zero and getattr(value, "magnitude", None) == 0:
            return parse_measure(f"0 {value.units:~}", "[length]", allow_zero=True)
        measure = measure_from_quantity(value, "[length]")
    if measure.dimension != "[length]":
        parse_measure(str(measure), "[length]")  # raises the usual "not a length unit" error
    if measure.magnitude < 0 or (measure.magnitude == 0 and not allow_zero):
        parse_measure(str(measure), "[length]")  # raises the usual "zero or negative" error
    return measure


class WeaponMatch(BaseModel):
    """A weapon whose caliber is within tolerance of the query, and the systems that carry it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    weapon: str
    name: str
    kind: str
    family: str | None
    caliber: Length
    caliber_sources: tuple[str, ...]
    difference: SignedLength
    systems: tuple[str, ...]
    #: The cartridge case length of the weapon's family, where a source gives it (directly or by designation).
    case_length: Length | None = None


class CaliberIndex:
    """Every (weapon, caliber claim) of a catalog, sorted by caliber in millimetres.

    Ties keep the order entries were given in (the sort is stable); catalogs list weapons by id.
    """

    def __init__(self, values_mm: list[float], weapons: list[str], claims: list[Claim[Measure]]) -> None:
        order = sorted(range(len(values_mm)), key=values_mm.__getitem__)
        self.values: list[float] = [values_mm[i] for i in order]
        self.weapons: list[str] = [weapons[i] for i in order]
        self._claims = [claims[i] for i in order]
        self._array: Any = None
        self._codes: Any = None
        self._ids: Any = None

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> CaliberIndex:
        values: list[float] = []
        weapons: list[str] = []
        claims: list[Claim[Measure]] = []
        for weapon in catalog.weapons:
            seen: set[float] = set()
            for claim in weapon.caliber:
                mm = claim.value.m_as("mm")
                if mm not in seen:
                    seen.add(mm)
                    values.append(mm)
                    weapons.append(weapon.id)
                    claims.append(claim)
        return cls(values, weapons, claims)

    def window(self, value_mm: float, tolerance_mm: float) -> range:
        """Positions of the entries within ``tolerance_mm`` of ``value_mm``."""
        slack = tolerance_mm + _SLACK_MM
        lo = bisect.bisect_left(self.values, value_mm - slack)
        hi = bisect.bisect_right(self.values, value_mm + slack)
        return range(lo, hi)

    def claim(self, position: int) -> tuple[Measure, tuple[str, ...]]:
        """The caliber claim behind an entry: its value and sources."""
        claim = self._claims[position]
        return claim.value, claim.sources

    def array(self) -> np.ndarray[Any, Any]:
        if self._array is None:
            import numpy as np

            self._array = np.asarray(self.values, dtype=np.float64)
        return cast("np.ndarray[Any, Any]", self._array)

    def weapon_codes(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], bool]:
        """(every entry's weapon as a position in `weapon_ids`, the ids sorted, whether a weapon has two entries)."""
        if self._codes is None:
            import numpy as np

            ids = sorted(set(self.weapons))
            position = {weapon_id: i for i, weapon_id in enumerate(ids)}
            self._codes = np.fromiter((position[w] for w in self.weapons), dtype=np.int64, count=len(self.weapons))
            self._ids = np.array(ids, dtype=str)
        return self._codes, self._ids, len(self._ids) < len(self._codes)

    def all_pairs(self, tolerance_mm: float) -> PairSet:
        """Every pair of distinct weapons whose calibers are within ``tolerance_mm``."""
        import numpy as np

        values = self.array()
        n = len(values)
        slack = tolerance_mm + _SLACK_MM
        # Entries are sorted, so each entry's partners after it form one contiguous run [i+1, hi).
        hi = np.searchsorted(values, values + slack, side="right")
        counts = hi - np.arange(1, n + 1)
        left = np.repeat(np.arange(n), counts)
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        right = np.arange(len(left)) - starts + left + 1
        return PairSet(self, left, right)


class PairSet:
    """Pairs of index positions found by `CaliberIndex.all_pairs`, held as two integer arrays."""

    def __init__(self, index: CaliberIndex, left: np.ndarray[Any, Any], right: np.ndarray[Any, Any]) -> None:
        self.index = index
        self.left = left
        self.right = right

    def __len__(self) -> int:
        return int(len(self.left))

    def codes(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Distinct weapon pairs, each once, as two integer arrays of positions in ``index.weapon_codes()[1]``
        (the sorted weapon ids), the lower first: vectorised, so all pairs cost about what finding them did.
        Sorted by (lower, higher) when a weapon has several calibers (duplicates are then removed by sorting);
        otherwise in the index's order, with nothing to remove."""
        import numpy as np

        codes, ids, repeated = self.index.weapon_codes()
        a, b = codes[self.left], codes[self.right]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        if not repeated:
            return lo, hi
        keys = np.unique((lo * len(ids) + hi)[lo != hi])
        return keys // len(ids), keys % len(ids)

    def weapon_pairs(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """`codes` as two arrays of weapon ids (numpy string arrays): ``zip(*pairs.weapon_pairs())`` streams
        the pairs without building a set of them."""
        lo, hi = self.codes()
        ids = self.index.weapon_codes()[1]
        return ids[lo], ids[hi]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """Distinct weapon-id pairs, each once, as (lower id, higher id), in sorted order."""
        import numpy as np

        lo, hi = self.codes()
        order = np.lexsort((hi, lo))  # ids are sorted, so their positions sort as the ids do
        ids = self.index.weapon_codes()[1]
        return zip(ids[lo[order]].tolist(), ids[hi[order]].tolist(), strict=True)


def caliber_index(catalog: Catalog) -> CaliberIndex:
    """The caliber index of a catalog, built on first use and kept as long as the catalog lives."""
    return catalog.derived(CaliberIndex.from_catalog)


def match(
    caliber: str | Measure | Any,
    tolerance: str | Measure | Any = "0.5 mm",
    catalog: Catalog | None = None,
    country: str | None = None,
) -> tuple[WeaponMatch, ...]:
    """Every weapon whose caliber equals ``caliber`` within ``tolerance``, nearest first.

    Both arguments take any length unit: ``match("4.921 in")`` finds the 125 mm guns. With ``country``, only
    weapons carried by that country's systems are returned, each with those systems.

    ``caliber`` may be a cartridge designation (``"30x165mm"``, ``"12.7×108"``): then a weapon whose family has
    another case length is left out, and weapons whose case length no source gives follow the confirmed ones,
    with ``case_length`` None. Same caliber alone never makes a weapon confirmed.
    """
    cat = catalog_or_default(catalog)
    cartridge = read_cartridge(caliber) if isinstance(caliber, str) else None
    query = cartridge.bore if cartridge is not None else as_length(caliber)
    tol = as_length(tolerance, allow_zero=True)
    index = caliber_index(cat)
    query_mm = query.m_as("mm")
    best: dict[str, tuple[float, int]] = {}
    for pos in index.window(query_mm, tol.m_as("mm")):
        weapon_id = index.weapons[pos]
        diff = abs(index.values[pos] - query_mm)
        if weapon_id not in best or diff < best[weapon_id][0]:
            best[weapon_id] = (diff, pos)
    wanted = country_code(country)
    results = []
    for weapon_id, (_, pos) in sorted(best.items(), key=lambda kv: (kv[1][0], kv[0])):
        systems = tuple(s.id for s in cat.systems_with_weapon(weapon_id) if wanted is None or s.country == wanted)
        if wanted is not None and not systems:
            continue
        weapon = cat.weapon(weapon_id)
        case = family_case_length(cat.family(weapon.family)) if weapon.family else None
        if cartridge is not None and case is not None and not _same_case(case, cartridge.case_length):
            continue
        value, sources = index.claim(pos)
        difference = Measure(index.values[pos] - query_mm, "mm")
        results.append(
            WeaponMatch.model_construct(
                weapon=weapon.id,
                name=weapon.name,
                kind=weapon.kind,
                family=weapon.family,
                caliber=value,
                caliber_sources=sources,
                difference=difference,
                systems=systems,
                case_length=case,
            )
        )
    if cartridge is not None:
        results.sort(key=lambda r: r.case_length is None)  # stable: confirmed first, each part nearest first
    return tuple(results)


def _same_case(a: Measure, b: Measure) -> bool:
    return abs(a.m_as("mm") - b.m_as("mm")) <= SAME_CASE_MM


def all_pairs(tolerance: str | Measure | Any = "0.5 mm", catalog: Catalog | None = None) -> PairSet:
    """Every pair of distinct weapons in the catalog whose calibers match within ``tolerance``."""
    cat = catalog_or_default(catalog)
    return caliber_index(cat).all_pairs(as_length(tolerance, allow_zero=True).m_as("mm"))

"""What the catalog claims for a system's field, and the verdict a labelled figure earns from those claims.

An authoring tool for `tests/checker_corpus/`, independent of `equipref.check` (it reads the catalog's claims and
their origins directly, never the checker), so that a gold verdict is a reading of the catalog, not of the code
being scored:

    python benchmarks/corpus_claims.py t-90m caliber     # every claim the catalog holds, with its origins
    python benchmarks/corpus_claims.py --dump            # the same for every system and field
    python benchmarks/corpus_claims.py --drift           # labelled verdicts the catalog no longer implies
    python benchmarks/corpus_claims.py --fill FILE...    # write the verdict of every `verdict = "auto"` figure

The rules are the ones `equipref check` documents (README, "Checking an article"): a claim agrees when it lies
within the precision the text wrote (half a step of the last digit, capped at 5 % for round numbers), or inside
a bound the text wrote ("more than", "less than"); origins are counted through `retells`; claims whose every
origin is the text itself (`source` of the document) never corroborate it. A caliber that no weapon of the system
has is weighed against all of its weapons (contested), not called new.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from equipref import default_catalog
from equipref.catalog import Catalog
from equipref.provenance import origins
from equipref.units import Measure

FIELDS = ("caliber", "max_range", "min_range", "weight", "crew", "tubes", "rounds", "numbers", "in_service")
DIMENSION = {"caliber": "[length]", "max_range": "[length]", "min_range": "[length]", "weight": "[mass]"}


@dataclass(frozen=True)
class Held:
    """One claim the catalog holds for a field, where it is recorded, and its independent origins."""

    value: Any
    where: str
    origins: tuple[str, ...]
    qualifier: str


def claims_for(catalog: Catalog, system_id: str, field: str, caliber_mm: float | None = None) -> list[Held]:
    """Every claim weighed for ``field`` of ``system_id`` (ranges and loads narrowed to ``caliber_mm`` if given)."""
    system = catalog.system(system_id)

    def held(claims: Iterable[Any], where: str) -> list[Held]:
        return [Held(c.value, where, origins(catalog, c.sources), c.qualifier) for c in claims]

    if field == "weight":
        return held(system.combat_weight, "combat weight")
    if field == "crew":
        return held(system.crew, "crew")
    if field == "numbers":
        return held(system.numbers, "numbers")
    if field == "in_service":
        return held(system.in_service, "in service")
    out: list[Held] = []
    weapons = [(a, catalog.weapon(a.weapon)) for a in system.armament]
    if field == "caliber":
        seen: set[str] = set()
        for _, w in weapons:
            if w.id not in seen:
                seen.add(w.id)
                out += held(w.caliber, w.name)
        return out
    if caliber_mm is not None:
        weapons = [(a, w) for a, w in weapons if _near(w.caliber, caliber_mm)] or weapons
    if field in ("tubes", "rounds"):
        for a, w in weapons:
            out += held(a.rounds, f"{w.name}: rounds per vehicle")
            if field == "tubes":
                out += held(w.tubes, f"{w.name}: tubes")
        return out
    munitions = list(dict.fromkeys(m for a, _ in weapons for m in a.munitions))
    chosen = [catalog.munition(m) for m in munitions]
    if caliber_mm is not None:
        fitting = [m for m in chosen if _near(_munition_calibers(catalog, m), caliber_mm)]
        chosen = fitting or chosen
    for m in chosen:
        out += held(m.max_range if field == "max_range" else m.min_range, m.name)
    return out


def _munition_calibers(catalog: Catalog, munition: Any) -> list[Any]:
    found = list(munition.caliber)
    for w in catalog.weapons:
        if w.family and w.family == munition.family:
            found.extend(w.caliber)
    return found


def _near(claims: Iterable[Any], mm: float) -> bool:
    return any(abs(c.value.m_as("mm") - mm) <= 0.02 * mm + 0.5 for c in claims)


def precision_of(number: str) -> float:
    """Half a step of the last digit written, capped at 5 % for round numbers (``500`` is ±25)."""
    digits = number.replace(",", ".") if number.count(",") == 1 and len(number.split(",")[1]) != 3 else number
    digits = digits.replace(",", "").replace(" ", "").strip()
    if "." in digits:
        return 0.5 * 10.0 ** -len(digits.split(".", 1)[1])
    value = float(digits)
    zeros = len(digits) - len(digits.rstrip("0"))
    return max(0.5, min(0.5 * 10**zeros, 0.05 * value)) if zeros else 0.5


def parse_value(text: str, field: str) -> tuple[float, str, float]:
    """``"125 mm"`` -> (125.0, "mm", 0.5); counts and years have no unit."""
    number, _, unit = text.strip().partition(" ")
    if field in DIMENSION:
        measure = Measure.parse(text, DIMENSION[field])  # refuses a unit of the wrong dimension
        return float(measure.magnitude), unit, precision_of(number)
    return float(number), "", 0.0


def agrees(claim: Any, field: str, value: str, bound: str | None) -> bool:
    number, unit, precision = parse_value(value, field)
    if isinstance(claim, Measure):
        have = claim.m_as(unit)
        tolerance = precision if bound is None else 0.0
    else:
        have, tolerance = float(claim), 0.0
    if bound == "more than":
        return have > number - 1e-9
    if bound == "less than":
        return have < number + 1e-9
    return abs(have - number) <= tolerance + 1e-9 * max(1.0, abs(number))


def verdict(
    catalog: Catalog,
    system_id: str,
    field: str,
    value: str,
    bound: str | None = None,
    own: Iterable[str] = (),
    caliber_mm: float | None = None,
) -> str:
    """The verdict the catalog's claims give a figure: supported, contested, only this source or new."""
    mine = set(origins(catalog, own)) if own else set()
    held = claims_for(catalog, system_id, field, caliber_mm)
    if not held:
        return "new"
    independent = [h for h in held if not (mine and set(h.origins) <= mine)]
    if not independent:
        return "only this source"
    if any(agrees(h.value, field, value, bound) for h in independent):
        return "supported"
    return "contested"


def _show(catalog: Catalog, system_id: str, field: str) -> Iterator[str]:
    for h in claims_for(catalog, system_id, field):
        yield f"  {field:<10} {h.value!s:<14} {h.where[:40]:<40} {', '.join(h.origins)}"


def drift(catalog: Catalog, docs: Iterable[Any]) -> list[str]:
    """Every labelled catalog verdict (not read by hand) that the catalog's claims no longer give."""
    out = []
    for doc in docs:
        for fig in doc.figures:
            if fig.verdict not in ("supported", "contested", "only this source", "new") or fig.by_hand:
                continue
            now = verdict(catalog, fig.system, fig.field, fig.value, fig.bound, doc.own, fig.caliber_context)
            if now != fig.verdict:
                out.append(
                    f"{doc.path.name}: {fig.surface!r} {fig.system} {fig.field} {fig.value}: labelled "
                    f"{fig.verdict}, the catalog now gives {now}"
                )
    return out


def _drift() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from check_eval import CorpusError, load_corpus

    try:
        docs = load_corpus(split="all")
    except CorpusError as exc:
        print(f"corpus_claims: {exc}", file=sys.stderr)
        return 2
    found = drift(default_catalog(), docs)
    for line in found:
        print(line)
    print(f"{len(found)} labelled verdict(s) differ from the catalog")
    return 1 if found else 0


def _fill(paths: list[str]) -> int:
    """Replace each ``verdict = "auto"`` line, in order, by the verdict the catalog gives that figure."""
    import tomllib

    catalog = default_catalog()
    for name in paths:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
        own = data.get("own_source", [])
        own = [own] if isinstance(own, str) else own
        for fig in data.get("figure", []):
            if fig.get("verdict") != "auto":
                continue
            got = verdict(
                catalog, fig["system"], fig["field"], fig["value"], fig.get("bound"), own, fig.get("caliber_context")
            )
            text = text.replace('verdict = "auto"', f'verdict = "{got}"', 1)
            print(f"{path.name}: {fig['surface']!r} {fig['system']} {fig['field']} {fig['value']} -> {got}")
        path.write_text(text, encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("system", nargs="?")
    parser.add_argument("field", nargs="?", choices=FIELDS)
    parser.add_argument("--dump", action="store_true", help="every system and field")
    parser.add_argument("--drift", action="store_true", help="labelled verdicts the catalog no longer implies")
    parser.add_argument("--fill", nargs="+", metavar="FILE", help='write the verdicts of "auto" figures')
    args = parser.parse_args(argv)
    if args.fill:
        return _fill(args.fill)
    if args.drift:
        return _drift()
    catalog = default_catalog()
    ids = [s.id for s in catalog.systems()] if args.dump or not args.system else [args.system]
    for system_id in ids:
        print(
            f"{system_id} ({catalog.system(system_id).name}; {', '.join(getattr(a, 'name', str(a)) for a in catalog.system(system_id).aliases)})"
        )
        for field in [args.field] if args.field else FIELDS:
            for line in _show(catalog, system_id, field):
                print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

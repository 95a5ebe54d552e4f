"""A system's whole record, resolved: its weapons, families and munitions in full, and every source it cites.

This is what ``equipref show`` prints and what ``show --format json`` writes, so that a reader never has to
look an id up by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from equipref.catalog import _sources_in
from equipref.model import AmmunitionFamily, Claim, Count, Munition, Source, System, Weapon
from equipref.provenance import Support, origins, support_index

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = ["RelatedSystem", "ResolvedArmament", "ResolvedCounterpart", "SystemRecord", "system_record"]


class ResolvedArmament(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    mount: str
    sources: tuple[str, ...]
    weapon: Weapon
    family: AmmunitionFamily | None
    rounds: tuple[Claim[Count], ...]
    munitions: tuple[Munition, ...]
    note: str = ""


class ResolvedCounterpart(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    system: str
    name: str
    country: str
    role: str
    sources: tuple[str, ...]
    note: str = ""


class RelatedSystem(BaseModel):
    """A system named by another's record: its base or one of its variants."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    system: str
    name: str


class SystemRecord(BaseModel):
    """One system with everything it refers to; ``variant_of`` and ``variants`` name its relatives."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    system: System
    file: str | None
    variant_of: RelatedSystem | None
    variants: tuple[RelatedSystem, ...]
    armament: tuple[ResolvedArmament, ...]
    counterparts: tuple[ResolvedCounterpart, ...]
    sources: tuple[Source, ...]
    weapon_names: dict[str, str]
    #: Every claim's independent origins and computed confidence, by claim path (`provenance.support_index`).
    support: dict[str, Support] = {}


def system_record(catalog: Catalog, name: System | str) -> SystemRecord:
    """The resolved record of a system (by model or any name `Catalog.system` accepts)."""
    system = catalog.system(name)
    armament = []
    cited: dict[str, None] = dict.fromkeys(_sources_in(system))
    for arm in system.armament:
        weapon = catalog.weapon(arm.weapon)
        family = catalog.family(weapon.family) if weapon.family else None
        munitions = tuple(catalog.munition(m) for m in arm.munitions)
        for model in (weapon, family, *munitions):
            if model is not None:
                cited.update(dict.fromkeys(_sources_in(model)))
        armament.append(
            ResolvedArmament.model_construct(
                mount=arm.mount,
                sources=arm.sources,
                weapon=weapon,
                family=family,
                rounds=arm.rounds,
                munitions=munitions,
                note=arm.note,
            )
        )
    partners = []
    mentioned = {cp.system: cp for cp in system.counterparts}
    naming = dict(catalog.counterparts_naming(system.id))
    for other_id in sorted(mentioned.keys() | naming.keys()):
        other = catalog.system(other_id)
        mine, theirs = mentioned.get(other_id), naming.get(other_id)
        sources = tuple(dict.fromkeys((mine.sources if mine else ()) + (theirs.sources if theirs else ())))
        cited.update(dict.fromkeys(sources))
        note = "; ".join(dict.fromkeys(n for n in ((mine.note if mine else ""), (theirs.note if theirs else "")) if n))
        partners.append(
            ResolvedCounterpart.model_construct(
                system=other.id, name=other.name, country=other.country, role=other.role, sources=sources, note=note
            )
        )
    base = catalog.base_of(system)
    return SystemRecord.model_construct(
        system=system,
        file=catalog.file_of("system", system.id),
        variant_of=None if base is None else RelatedSystem.model_construct(system=base.id, name=base.name),
        variants=tuple(RelatedSystem.model_construct(system=v.id, name=v.name) for v in catalog.variants_of(system)),
        armament=tuple(armament),
        counterparts=tuple(partners),
        # The origins the cited sources lead back to are listed too, so a reader sees whom they repeat.
        sources=tuple(catalog.source(s) for s in sorted(cited | dict.fromkeys(origins(catalog, cited)))),
        support=support_index(
            catalog, [system, *(a.weapon for a in armament), *(m for a in armament for m in a.munitions)], system.id
        ),
        weapon_names={
            claim.value: catalog.weapon(claim.value).name for arm in armament for claim in arm.weapon.derived_from
        },
    )

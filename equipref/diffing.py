"""What changed between two catalogs, claim by claim: added, removed and changed, each with its sources.

The function is `equipref.diff` and the command ``equipref diff``; the module is named ``diffing`` so that
importing it never shadows the function on the package (as ``matching`` does for ``equipref.match``).

Either side is a catalog folder, a JSON export (``equipref export --format json``) or a loaded `Catalog`, in any
mix. Every entry (source, family, evidence record, weapon, munition, system) is flattened into items: one per
sourced claim, keyed by its field, qualifier and sources (what makes it that source's statement), and one per
plain field (name, aliases, note, an armament entry's weapon...). An item on both sides whose value differs is
``changed``; so is a claim whose value stayed while its sources changed. The rest are ``added`` or ``removed``.
Values compare by meaning, not by spelling: ``54 t`` and ``54000 kg`` are no change.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from equipref.model import Alias, AmmunitionFamily, Claim, Munition, Source, System, Weapon
from equipref.units import Measure

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = ["CatalogDiff", "Change", "diff"]

ChangeKind = Literal["added", "removed", "changed"]

#: Sections in the order a reader meets them: what is compared first, then what backs it.
SECTION_ORDER: Final = ("system", "weapon", "munition", "family", "evidence", "source")


class Change(BaseModel):
    """One claim or field that was added, removed or changed, with the sources behind it.

    ``sources`` are the new side's (the old side's for a removal); ``old_sources`` differ from them only when a
    claim kept its value but changed its sources.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    change: ChangeKind
    section: str
    entry: str
    name: str
    field: str
    qualifier: str = ""
    old: str | None = None
    new: str | None = None
    sources: tuple[str, ...] = ()
    old_sources: tuple[str, ...] = ()


class CatalogDiff(BaseModel):
    """Every change from catalog ``old`` to catalog ``new``, in section, entry and field order."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    old: str
    new: str
    changes: tuple[Change, ...]
    #: (section, entry) of the entries only ``new`` has, and of those only ``old`` has.
    added_entries: tuple[tuple[str, str], ...] = ()
    removed_entries: tuple[tuple[str, str], ...] = ()

    def count(self, change: ChangeKind, section: str | None = None) -> int:
        """How many changes of one kind (in one section, if given)."""
        return sum(1 for c in self.changes if c.change == change and (section is None or c.section == section))


class _Item(NamedTuple):
    """A flattened claim or field: what it is compared by, how it is shown, and who says it."""

    entry: str
    name: str
    field: str
    qualifier: str
    compared: Any
    text: str
    sources: tuple[str, ...]
    is_claim: bool


# (section, entry, field, qualifier, sources, ordinal) -> item
_Key = tuple[str, str, str, str, tuple[str, ...], int]


def diff(old: str | Path | Catalog, new: str | Path | Catalog) -> CatalogDiff:
    """The changes from ``old`` to ``new`` (folders, JSON exports or catalogs); `CatalogError` if one is invalid."""
    from equipref.catalog import paused_collector

    with paused_collector():
        return _diff(old, new)


def _diff(old: str | Path | Catalog, new: str | Path | Catalog) -> CatalogDiff:
    old_catalog, old_label = _load(old)
    new_catalog, new_label = _load(new)
    before, after = _entries(old_catalog), _entries(new_catalog)
    # Entry by entry: every key of a change starts with its entry, so nothing pairs across entries, and the
    # items of one entry at a time stay in the processor's caches (two whole-catalog dicts of every field and
    # claim did not: at 100x the built-in catalog each item cost 1.4 times what it cost at 10x).
    changes: list[Change] = []
    for entry in sorted(before.keys() | after.keys(), key=_entry_order):
        _entry_changes(_flatten(entry, before.get(entry)), _flatten(entry, after.get(entry)), changes)
    return CatalogDiff.model_construct(
        old=old_label,
        new=new_label,
        changes=tuple(changes),
        added_entries=tuple(sorted(after.keys() - before.keys(), key=_entry_order)),
        removed_entries=tuple(sorted(before.keys() - after.keys(), key=_entry_order)),
    )


def _entry_changes(before: dict[_Key, _Item], after: dict[_Key, _Item], changes: list[Change]) -> None:
    """The changes within one entry, added to ``changes`` in their order."""
    found: list[Change] = []
    removed = {k: v for k, v in before.items() if k not in after}
    added = {k: v for k, v in after.items() if k not in before}
    for key in before.keys() & after.keys():
        a, b = before[key], after[key]
        if a.compared != b.compared:
            found.append(_change("changed", key[0], b, old=a, new=b))
    # A claim that kept its value but changed its sources is one change, not a removal and an addition.
    by_value: dict[tuple[str, str, str, str, Any], deque[_Key]] = {}
    for key, item in sorted(added.items(), key=lambda kv: _sort_key(kv[0])):
        if item.is_claim:
            by_value.setdefault((key[0], key[1], key[2], key[3], _hashable(item.compared)), deque()).append(key)
    for key, item in sorted(removed.items(), key=lambda kv: _sort_key(kv[0])):
        candidates = by_value.get((key[0], key[1], key[2], key[3], _hashable(item.compared))) if item.is_claim else None
        if candidates:
            partner = candidates.popleft()
            found.append(_change("changed", key[0], added.pop(partner), old=item, new=None))
        else:
            found.append(_change("removed", key[0], item, old=item))
    for key, item in added.items():
        found.append(_change("added", key[0], item, new=item))
    # Entries come in `_entry_order`, which is the order of the first two parts of this key.
    found.sort(key=lambda c: (SECTION_ORDER.index(c.section), c.entry, c.field, c.qualifier, c.change, c.sources))
    changes.extend(found)


def _entry_order(entry: tuple[str, str]) -> tuple[int, str]:
    return SECTION_ORDER.index(entry[0]), entry[1]


def _change(kind: ChangeKind, section: str, item: _Item, old: _Item | None = None, new: _Item | None = None) -> Change:
    # A "changed" with no ``new`` is the same value with other sources: ``item`` is then the new side.
    if kind == "changed" and new is None and old is not None:
        new = item
    return Change.model_construct(
        change=kind,
        section=section,
        entry=item.entry,
        name=item.name,
        field=item.field,
        qualifier=item.qualifier,
        old=old.text if old is not None else None,
        new=new.text if new is not None else None,
        sources=item.sources,
        old_sources=old.sources if kind == "changed" and old is not None and old.sources != item.sources else (),
    )


def _load(side: str | Path | Catalog) -> tuple[Catalog, str]:
    from equipref.catalog import Catalog, load_catalog
    from equipref.locations import shown_path

    if isinstance(side, Catalog):
        return side, ", ".join(side.roots) or "catalog"
    return load_catalog(side, builtin=False), shown_path(side)


def _sort_key(key: _Key) -> tuple[Any, ...]:
    return (SECTION_ORDER.index(key[0]), *key[1:])


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def _entries(catalog: Catalog) -> dict[tuple[str, str], tuple[str, BaseModel]]:
    """Every entry of ``catalog`` by (section, entry id), with the name a change shows and its model. Evidence
    has no id: it is named by what it says, numbered from the second of the same ammunition and weapon on."""
    out: dict[tuple[str, str], tuple[str, BaseModel]] = {}
    sections: tuple[tuple[str, tuple[System | Weapon | Munition | AmmunitionFamily | Source, ...]], ...] = (
        ("system", catalog.systems()),
        ("weapon", catalog.weapons),
        ("munition", catalog.munitions),
        ("family", catalog.families),
        ("source", catalog.sources),
    )
    for section, models in sections:
        for model in models:
            out[(section, model.id)] = (model.title if isinstance(model, Source) else model.name, model)
    seen: Counter[str] = Counter()
    for ev in sorted(catalog.evidence, key=lambda e: (e.ammunition, e.fired_from, e.stance, e.sources)):
        label = f"{ev.ammunition} > {ev.fired_from}"
        seen[label] += 1
        entry = label if seen[label] == 1 else f"{label} #{seen[label]}"
        out[("evidence", entry)] = (f"{ev.ammunition} rounds in {ev.fired_from}", ev)
    return out


def _flatten(key: tuple[str, str], found: tuple[str, BaseModel] | None) -> dict[_Key, _Item]:
    """Every stated field and claim of the entry ``key`` (its name and model ``found``, if it has one there)."""
    out: dict[_Key, _Item] = {}
    if found is None:
        return out
    (section, entry), (name, entry_model) = key, found
    repeats: Counter[tuple[str, str, str, str, tuple[str, ...]]] = Counter()
    own = (entry,) if section == "source" else ()
    for field, qualifier, sources, compared, text, is_claim in _items(entry_model, "", own):
        # A claim is that source's statement, so its sources are part of what it is; a plain field is not.
        keyed = sources if is_claim else ()
        # The n-th repeat of a key is numbered n: counted, not found by trying 0, 1, 2... (quadratic).
        base = (section, entry, field, qualifier, keyed)
        ordinal = repeats[base]
        repeats[base] += 1
        out[(section, entry, field, qualifier, keyed, ordinal)] = _Item(
            entry, name, field, qualifier, compared, text, sources, is_claim
        )
    return out


def _items(
    model: BaseModel, path: str, backing: tuple[str, ...], skip: tuple[str, ...] = ("id",)
) -> Iterator[tuple[str, str, tuple[str, ...], Any, str, bool]]:
    """(field, qualifier, sources, compared value, shown text, is a claim) for every stated field of ``model``.

    ``backing`` are the sources a plain field rests on: the entry's own ``sources`` where it has them.
    """
    own = getattr(model, "sources", None)
    if isinstance(own, tuple) and own:
        backing = own
    for name in type(model).model_fields:
        if name in skip:
            continue
        value = getattr(model, name)
        where = f"{path}.{name}" if path else name
        if value is None or value == "" or value == ():
            continue
        if isinstance(value, tuple) and isinstance(value[0], Claim):
            for claim in value:
                compared = (_compared(claim.value), claim.hedge, claim.note)
                yield where, claim.qualifier, claim.sources, compared, _claim_text(claim), True
        elif isinstance(value, tuple) and isinstance(value[0], Alias):
            # One field, as it was when aliases were plain names: a new spelling or source changes it.
            names = tuple((a.name, a.sources) for a in value)
            yield where, "", backing, names, ", ".join(a.name for a in value), False
        elif isinstance(value, tuple) and isinstance(value[0], BaseModel):
            counts: Counter[str] = Counter()
            for sub in value:
                target = str(getattr(sub, "weapon", None) or getattr(sub, "system", None) or "")
                counts[target] += 1
                label = f"{where}[{target}]" if counts[target] == 1 else f"{where}[{target}#{counts[target]}]"
                sub_sources = tuple(getattr(sub, "sources", ()) or ())
                # One row stands for the entry and who puts it there; its other fields follow as their own rows.
                yield label, "", sub_sources or backing, (target, sub_sources), target, False
                yield from _items(sub, label, sub_sources, skip=("weapon", "system", "sources"))
        else:
            yield where, "", backing, _compared(value), _text(value), False


def _claim_text(claim: Claim[Any]) -> str:
    text = _text(claim.value)
    if claim.hedge:
        text = f"{claim.hedge} {text}"
    if claim.note:
        text = f"{text} (note: {claim.note})"
    return text


def _compared(value: Any) -> Any:
    if isinstance(value, Measure):
        # Six significant digits: a value rewritten in another unit (125 mm as 4.92126 in) is no change.
        return ("measure", value.dimension, float(f"{value.si:.6g}"))
    if isinstance(value, list | tuple):
        return tuple(_compared(v) for v in value)
    return value


def _text(value: Any) -> str:
    if isinstance(value, tuple | list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

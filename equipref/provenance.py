"""Where a figure really comes from: sources that repeat other sources, and the independent origins of a claim.

A source may say that it repeats others (``retells = [...]`` with ``relation`` ``retells``, ``mirrors`` or
``relays``): GlobalSecurity.org's article retells an AvtoVzglyad report, piglix mirrors a Wikipedia article, a
news site relays TASS. Such sources are one origin with what they repeat, so two of them side by side are not
two witnesses. `origins` follows every cited source through ``retells`` to the sources that repeat nobody (its
roots) and counts those.

A source the catalog has not read itself (``read = false``) is known only through a source that retells it;
claims cite the source that was read, and reach the unread one through it. `lineage_problems` is what
``equipref validate`` enforces about all this.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from pydantic import BaseModel

from equipref.errors import Problem
from equipref.model import CatalogData, Source

if TYPE_CHECKING:
    from equipref.catalog import Catalog

__all__ = ["lineage_problems", "origins", "repeated"]

_ROOTS: weakref.WeakKeyDictionary[Catalog, dict[str, tuple[str, ...]]] = weakref.WeakKeyDictionary()


def origins(catalog: Catalog, source_ids: Iterable[str]) -> tuple[str, ...]:
    """The independent origins of a set of cited sources: each followed through ``retells`` to its roots.

    Sorted and deduplicated, so ``len(origins(...))`` is how many independent witnesses a claim has. An id the
    catalog does not know is its own origin (validation reports it elsewhere).
    """
    table = _ROOTS.get(catalog)
    if table is None:
        sources = {s.id: s for s in catalog.sources}
        table = {source_id: _roots(sources, source_id) for source_id in sources}
        _ROOTS[catalog] = table
    found: set[str] = set()
    for source_id in source_ids:
        found.update(table.get(source_id, (source_id,)))
    return tuple(sorted(found))


def repeated(sources: Mapping[str, Source], source_id: str) -> frozenset[str]:
    """Every source that ``source_id`` repeats, directly or through others (never itself, even in a cycle)."""
    seen: set[str] = set()
    todo = list(sources[source_id].retells) if source_id in sources else []
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in sources:
            todo.extend(sources[current].retells)
    seen.discard(source_id)
    return frozenset(seen)


def _roots(sources: Mapping[str, Source], source_id: str) -> tuple[str, ...]:
    if source_id not in sources or not sources[source_id].retells:
        return (source_id,)
    # A source that repeats others has their origins, not its own; a cycle (refused by validate) ends at itself.
    found = {s for s in repeated(sources, source_id) | {source_id} if s not in sources or not sources[s].retells}
    return tuple(sorted(found)) or (source_id,)


# -- validation -----------------------------------------------------------------------------------------


def lineage_problems(data: CatalogData, files: Mapping[tuple[str, str], str]) -> list[Problem]:
    """What ``validate`` refuses about lineage, each problem with its file and field.

    - ``retells`` naming an unknown source, or a cycle of sources retelling each other;
    - an unread source (``read = false``) that no source retells, or that an entry cites directly;
    - an entry citing a source together with one it repeats, without a ``note`` saying why: they are one
      origin, and side by side they read as two.
    """
    problems: list[Problem] = []
    sources = {s.id: s for s in data.source}
    retold: set[str] = set()
    for source in data.source:
        file = files.get(("source", source.id), "?")
        for i, other in enumerate(source.retells):
            retold.add(other)
            if other not in sources:
                problems.append(
                    Problem(
                        file,
                        f"source[{source.id}].retells[{i}]",
                        "unknown source id; add the source it repeats as a [[source]] entry (read = false if unread)",
                        other,
                        True,
                    )
                )
        if _in_cycle(sources, source.id):
            problems.append(
                Problem(
                    file,
                    f"source[{source.id}].retells",
                    "a cycle: this source is (through others) said to repeat itself; only one side can repeat the other",
                    list(source.retells),
                    True,
                )
            )
    for source in data.source:
        if not source.read and source.id not in retold:
            problems.append(
                Problem(
                    files.get(("source", source.id), "?"),
                    f"source[{source.id}].read",
                    "an unread source must be reached through a source that retells it; name it in that source's retells",
                    False,
                    True,
                )
            )

    entries: list[tuple[str, str, BaseModel]] = []
    for section, items in (("family", data.family), ("weapon", data.weapon), ("munition", data.munition)):
        entries.extend((files.get((section, e.id), "?"), f"{section}[{e.id}]", e) for e in items)
    entries.extend((files.get(("system", s.id), "?"), f"system[{s.id}]", s) for s in data.system)
    entries.extend((files.get(("evidence", str(i)), "?"), f"evidence[{i}]", e) for i, e in enumerate(data.evidence))
    for file, where, entry in entries:
        for path, cited, note in _citations(entry, where):
            for i, source_id in enumerate(cited):
                unread = sources.get(source_id)
                if unread is not None and not unread.read:
                    through = sorted(s.id for s in data.source if source_id in s.retells)
                    problems.append(
                        Problem(
                            file,
                            f"{path}.sources[{i}]",
                            "this source was not read by the catalog; cite the source that retells it"
                            + (f" ({', '.join(through)})" if through else ""),
                            source_id,
                            True,
                        )
                    )
            if note:
                continue
            for source_id in cited:
                both = sorted(set(cited) & repeated(sources, source_id))
                if both:
                    problems.append(
                        Problem(
                            file,
                            f"{path}.sources",
                            f"cites {source_id!r} and {', '.join(repr(b) for b in both)}, which it repeats: they are one"
                            " origin; cite one, or say in `note` why both are cited",
                            list(cited),
                            True,
                        )
                    )
    return problems


def _in_cycle(sources: Mapping[str, Source], source_id: str) -> bool:
    """Whether following ``retells`` from ``source_id`` comes back to it."""
    seen: set[str] = set()
    todo = list(sources[source_id].retells)
    while todo:
        current = todo.pop()
        if current == source_id:
            return True
        if current in seen or current not in sources:
            continue
        seen.add(current)
        todo.extend(sources[current].retells)
    return False


def _citations(model: BaseModel, where: str) -> Iterator[tuple[str, tuple[str, ...], str]]:
    """(field path, sources, note) for every part of an entry that cites sources."""
    fields = type(model).model_fields
    cited = getattr(model, "sources", None) if "sources" in fields else None
    if isinstance(cited, tuple) and cited:
        yield where, cited, str(getattr(model, "note", "") or "")
    for name in fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _citations(value, f"{where}.{name}")
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _citations(item, f"{where}.{name}[{i}]")

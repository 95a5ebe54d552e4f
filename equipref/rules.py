"""What ``equipref validate`` promises about a catalog's records beyond what loading one needs.

Loading stays lenient about these so that catalogs written before the rules (the frozen releases under
``catalog/releases/``, a user's old folder) still load and diff; ``validate`` refuses them:

- a source the catalog has read (``read = true``) has an address (``url``), or says what was read instead when
  the address is not known (``read_from``), and the day it was read (``accessed``);
- a Wikipedia page, which changes under one address, says which revision was read: ``revision`` (the revision id
  or permalink, or ``"not recorded"`` where the copy read showed none) or ``revision_date``;
- a variant's figure does not sit on its base: a claim that reaches a base system as direct (on the system's own
  record, or on a weapon or munition it mounts) whose qualifier names one of its variants and not the base itself
  belongs on the variant's record, or says whom the source gives it for with ``stated_for``;
- nor does a base's figure reach its variant as the variant's own: a range on a munition both fire says whom the
  source gives it for (``stated_for``) or which gun it was fired from (``fired_from``), since a variant inherits
  nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from equipref.errors import Problem
from equipref.model import CatalogData, Claim, Munition, Source, System

__all__ = ["claims_in", "is_wikipedia", "record_problems"]

_WORD = re.compile(r"\w+")


def record_problems(data: CatalogData, files: Mapping[tuple[str, str], str]) -> list[Problem]:
    """Every breach of the rules above, each with its file, field and value."""
    problems: list[Problem] = []
    for source in data.source:
        problems.extend(_source_problems(source, files.get(("source", source.id), "?")))
    problems.extend(_variant_problems(data, files))
    return problems


def is_wikipedia(url: str | None) -> bool:
    """Whether ``url`` is a page of a Wikipedia (any language, mobile or not); a mirror's copy is not."""
    if not url:
        return False
    host = (urlsplit(url).hostname or "").lower()
    return host == "wikipedia.org" or host.endswith(".wikipedia.org")


def _source_problems(source: Source, file: str) -> Iterator[Problem]:
    if not source.read:
        return
    where = f"source[{source.id}]"
    if source.url is None and source.read_from is None:
        yield Problem(
            file,
            f"{where}.url",
            "a source read for this catalog needs the address it was read at (or, if that is not known, `read_from`"
            " saying what was read); if it was not read, say read = false",
            None,
            True,
        )
    if source.accessed is None:
        yield Problem(
            file,
            f"{where}.accessed",
            'a source read for this catalog needs the day it was read, e.g. accessed = "2026-12-07"',
            None,
            True,
        )
    if is_wikipedia(source.url) and source.revision is None and source.revision_date is None:
        yield Problem(
            file,
            f"{where}.revision",
            'a Wikipedia page changes under one address: give revision (the revision id or permalink, or "not'
            ' recorded" if the copy read showed none) or revision_date (the date of the revision read)',
            None,
            True,
        )


def _variant_problems(data: CatalogData, files: Mapping[tuple[str, str], str]) -> Iterator[Problem]:
    systems = {s.id: s for s in data.system}
    variants: dict[str, list[System]] = {}
    for s in data.system:
        if s.variant_of is not None and s.variant_of in systems:
            variants.setdefault(s.variant_of, []).append(s)
    weapons = {w.id: w for w in data.weapon}
    munitions = {m.id: m for m in data.munition}
    for base_id, its_variants in sorted(variants.items()):
        base = systems[base_id]
        yield from _shared_ranges(base, its_variants, munitions, files)
        base_names = _patterns((base.id, *base.names))
        named = [(v, _patterns((v.id, *v.names))) for v in its_variants]
        records: list[tuple[str, BaseModel]] = [("system", base)]
        for arm in base.armament:
            if arm.weapon in weapons:
                records.append(("weapon", weapons[arm.weapon]))
            records.extend(("munition", munitions[m]) for m in arm.munitions if m in munitions)
        seen: set[tuple[str, str]] = set()
        for section, record in records:
            record_id: str = record.id  # type: ignore[attr-defined]
            if (section, record_id) in seen:
                continue
            seen.add((section, record_id))
            file = files.get((section, record_id), "?")
            for path, claim in claims_in(record, f"{section}[{record_id}]"):
                if not claim.qualifier or not claim.is_direct(base_id) or base_id in claim.stated_for:
                    continue
                for variant, patterns in named:
                    rest = _blank(claim.qualifier, patterns)
                    if rest != claim.qualifier and _blank(rest, base_names) == rest:
                        where = "" if section == "system" else f", which {base_id!r} mounts,"
                        yield Problem(
                            file,
                            f"{path}.qualifier",
                            f"names the variant {variant.id!r} and not its base {base_id!r}: a figure on this"
                            f" record{where} reaches {base_id!r} as its own; put it on {variant.id!r}'s record, or"
                            f" say whom the source gives it for with stated_for",
                            claim.qualifier,
                            True,
                        )
                        break


def _shared_ranges(
    base: System, variants: list[System], munitions: Mapping[str, Munition], files: Mapping[tuple[str, str], str]
) -> Iterator[Problem]:
    fired = {m for arm in base.armament for m in arm.munitions}
    for variant in variants:
        for munition_id in sorted(fired & {m for arm in variant.armament for m in arm.munitions}):
            munition = munitions.get(munition_id)
            if munition is None:
                continue
            for field in ("max_range", "min_range"):
                for i, claim in enumerate(getattr(munition, field)):
                    if not claim.stated_for and claim.fired_from is None:
                        yield Problem(
                            files.get(("munition", munition_id), "?"),
                            f"munition[{munition_id}].{field}[{i}].stated_for",
                            f"{base.id!r} and its variant {variant.id!r} both fire this munition, so this range reaches"
                            " each as its own; say whom the source gives it for (stated_for) or the gun it was fired"
                            " from (fired_from)",
                            str(claim.value),
                            True,
                        )


def _patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    """A pattern per name that finds it as whole words, with any spaces, dashes or none between its parts."""
    found = []
    for name in dict.fromkeys(names):
        words = _WORD.findall(name)
        if words:
            found.append(re.compile(r"(?<!\w)" + r"[\s_\-]*".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE))
    return found


def _blank(text: str, patterns: Iterable[re.Pattern[str]]) -> str:
    for pattern in patterns:
        text = pattern.sub(" ", text)
    return text


def claims_in(model: BaseModel, where: str) -> Iterator[tuple[str, Claim[Any]]]:
    """(field path, claim) for every claim in an entry, at any depth."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, tuple) else (value,)
        for i, item in enumerate(items):
            path = f"{where}.{name}[{i}]" if isinstance(value, tuple) else f"{where}.{name}"
            if isinstance(item, Claim):
                yield path, item
            elif isinstance(item, BaseModel):
                yield from claims_in(item, path)

"""Loading, validating and querying catalogs.

A catalog is a folder of human-edited TOML files (JSON exports are read too). Any file may hold any of the
sections ``[[source]]``, ``[[family]]``, ``[[evidence]]``, ``[[weapon]]``, ``[[munition]]`` and ``[[system]]``;
the built-in catalog keeps one system per file. Every entry is validated by the pydantic models in
`equipref.model`, then the whole catalog is checked for integrity (unknown references, duplicate ids and
names). Every problem is collected and reported at once, each with its file and field path, and a catalog
with problems never half-loads.

Catalogs stack: a later folder may replace entries of an earlier one by id (that is how a user's folder sits
on top of the built-in catalog); inside one folder a repeated id is an error that names both files.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from equipref.errors import CatalogError, Problem, QuantityError, UnknownNameError, check_type
from equipref.lineage import lineage_problems
from equipref.locations import (
    MAX_FOLDER_BYTES,
    NotReadable,
    builtin_catalog_path,
    catalog_files,
    read_bounded,
    shown_path,
)
from equipref.model import (
    AmmunitionFamily,
    CatalogData,
    Claim,
    Counterpart,
    Evidence,
    Munition,
    Source,
    System,
    Weapon,
)
from equipref.names import close_matches, country_code, normalize_name, suggest
from equipref.rules import claims_in

__all__ = ["Catalog", "builtin_catalog_path", "catalog_or_default", "default_catalog", "load_catalog", "normalize_name"]

#: Section name in a file -> the model that validates its entries.
SECTIONS: Final[dict[str, type[BaseModel]]] = {
    "source": Source,
    "family": AmmunitionFamily,
    "evidence": Evidence,
    "weapon": Weapon,
    "munition": Munition,
    "system": System,
}
#: Files larger than this are refused before parsing: a catalog file is a few kilobytes.
MAX_FILE_BYTES: Final = 2 * 1024 * 1024

_M = TypeVar("_M", bound=BaseModel)
_T = TypeVar("_T")


class _Entry:
    """A validated entry and the file it came from."""

    __slots__ = ("file", "model")

    def __init__(self, model: BaseModel, file: str) -> None:
        self.model = model
        self.file = file


class Catalog:
    """A validated catalog: look-ups by id and name, filters, and the data for export.

    Build one with `load_catalog`. Lists are returned sorted by id, so output built from them is stable.
    """

    def __init__(
        self,
        data: CatalogData,
        files: dict[tuple[str, str], str] | None = None,
        roots: tuple[str, ...] = (),
    ) -> None:
        self._data = data
        self._files = dict(files or {})
        self.roots = roots
        self._sources = {s.id: s for s in data.source}
        self._families = {f.id: f for f in data.family}
        self._weapons = {w.id: w for w in data.weapon}
        self._munitions = {m.id: m for m in data.munition}
        self._systems = {s.id: s for s in data.system}
        self._names: dict[str, str] = {}
        self._mounted_on: dict[str, tuple[System, ...]] | None = None
        self._paired_by: dict[str, list[tuple[str, Counterpart]]] = {}
        self._variants: dict[str, list[str]] = {}
        self._derived: dict[Callable[[Catalog], Any], Any] = {}
        for system in data.system:
            if system.variant_of is not None:
                self._variants.setdefault(system.variant_of, []).append(system.id)
            for name in (system.id, *system.names):
                self._names.setdefault(normalize_name(name), system.id)
            for cp in system.counterparts:
                self._paired_by.setdefault(cp.system, []).append((system.id, cp))

    def derived(self, build: Callable[[Catalog], _T]) -> _T:
        """What ``build`` makes of this catalog, made on first use and kept as long as the catalog: a catalog
        never changes, so the indexes other modules build from it (grading knowledge, the caliber index, the
        name index, origins, headlines) are built once each."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return self._derived[build]  # type: ignore[no-any-return]

    # -- whole collections ---------------------------------------------------------------------------
    @property
    def data(self) -> CatalogData:
        """Everything in the catalog, as one `CatalogData` (what ``equipref export --format json`` writes)."""
        return self._data

    @property
    def sources(self) -> tuple[Source, ...]:
        return self._data.source

    @property
    def families(self) -> tuple[AmmunitionFamily, ...]:
        return self._data.family

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self._data.evidence

    @property
    def weapons(self) -> tuple[Weapon, ...]:
        return self._data.weapon

    @property
    def munitions(self) -> tuple[Munition, ...]:
        return self._data.munition

    def systems(self, country: str | None = None, role: str | None = None) -> tuple[System, ...]:
        """Systems, optionally only those of one country (ISO alpha-2, any case) and/or one role."""
        wanted_country = country_code(country)
        if role is not None:
            check_type(role, str, "role", "a role such as 'MBT', or None")
        wanted_role = role.upper() if role else None
        return tuple(
            s
            for s in self._data.system
            if (wanted_country is None or s.country == wanted_country)
            and (wanted_role is None or s.role.upper() == wanted_role)
        )

    # -- look-ups ------------------------------------------------------------------------------------
    def get(self, name: str) -> System | None:
        """The system with this id, name or alias (compared forgivingly), or None."""
        system_id = self._names.get(normalize_name(name))
        return None if system_id is None else self._systems[system_id]

    def system(self, name: str | System) -> System:
        """The system with this id, name or alias; `UnknownNameError` with suggestions if there is none.

        ``"Type 99"``, ``"type99"``, ``"TYPE-99"`` and ``"ZTZ-99"`` all find the same system.
        """
        if isinstance(name, System):
            return name
        found = self.get(name)
        if found is None:
            raise UnknownNameError("system", name, self.suggest(name))
        return found

    def __getitem__(self, name: str) -> System:
        return self.system(name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __iter__(self) -> Iterator[System]:
        return iter(self._data.system)

    def __len__(self) -> int:
        return len(self._data.system)

    def suggest(self, name: str, limit: int = 3) -> tuple[str, ...]:
        """The system names nearest to ``name``, best first."""
        return suggest(name, self.display_names(), limit)

    def name_index(self) -> dict[str, str]:
        """Every normalized id, name and alias, mapped to the id of the system it finds."""
        return dict(self._names)

    def display_names(self) -> dict[str, str]:
        """Every normalized id, name and alias, mapped to the name of the system it finds."""
        return {key: self._systems[system_id].name for key, system_id in self._names.items()}

    def source(self, source_id: str) -> Source:
        return _lookup(self._sources, "source", source_id)

    def family(self, family_id: str) -> AmmunitionFamily:
        return _lookup(self._families, "ammunition family", family_id)

    def weapon(self, weapon_id: str) -> Weapon:
        return _lookup(self._weapons, "weapon", weapon_id)

    def munition(self, munition_id: str) -> Munition:
        return _lookup(self._munitions, "munition", munition_id)

    @property
    def files(self) -> dict[tuple[str, str], str]:
        """The file each entry was read from, by (section, id); evidence by its index (a copy)."""
        return dict(self._files)

    def file_of(self, section: str, entry_id: str) -> str | None:
        """The file an entry was read from (``section`` is ``"system"``, ``"weapon"``...)."""
        return self._files.get((section, entry_id))

    def counterparts_naming(self, system_id: str) -> tuple[tuple[str, Counterpart], ...]:
        """(system id, entry) for every other system whose ``counterparts`` name ``system_id``, by system id."""
        return tuple(self._paired_by.get(system_id, ()))

    def base_of(self, system: System | str) -> System | None:
        """The system ``system`` is a variant of, or None for a base system."""
        me = self.system(system)
        return None if me.variant_of is None else self._systems[me.variant_of]

    def root_of(self, system: System | str) -> System:
        """The base at the top of ``system``'s variant chain (``system`` itself for a base)."""
        current = self.system(system)
        while current.variant_of is not None:
            current = self._systems[current.variant_of]
        return current

    def kin_of(self, system: System | str) -> frozenset[str]:
        """The ids of ``system``'s whole variant tree: its root base and every variant below it, itself included."""
        stack = [self.root_of(system).id]
        found: set[str] = set()
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(self._variants.get(current, ()))
        return frozenset(found)

    def variants_of(self, system: System | str) -> tuple[System, ...]:
        """The systems recorded as variants of ``system`` (direct ones only), sorted by id."""
        return tuple(self._systems[v] for v in self._variants.get(self.system(system).id, ()))

    def systems_with_weapon(self, weapon_id: str) -> tuple[System, ...]:
        """The systems that mount ``weapon_id``, sorted by id."""
        if self._mounted_on is None:  # indexed once: scanning every system per weapon made docs quadratic
            mounted: dict[str, list[System]] = {}
            for s in self._data.system:
                for w in dict.fromkeys(a.weapon for a in s.armament):
                    mounted.setdefault(w, []).append(s)
            self._mounted_on = {w: tuple(found) for w, found in mounted.items()}
        return self._mounted_on.get(weapon_id, ())

    def citations(self) -> dict[str, int]:
        """How many claims and records cite each source id (every source appears, with 0 if uncited)."""
        counts = dict.fromkeys(self._sources, 0)
        for source_id in _cited_sources(self._data):
            if source_id in counts:
                counts[source_id] += 1
        return counts


def _lookup(table: dict[str, _M], kind: str, key: str) -> _M:
    check_type(key, str, f"a {kind} id", "text")
    try:
        return table[key]
    except KeyError:
        near = tuple(close_matches(key, list(table), n=3, cutoff=0.6))
        raise UnknownNameError(kind, key, near) from None


# -- reading files --------------------------------------------------------------------------------------


def _display(path: Path, root: Path) -> str:
    """A file's name as problems show it: relative to the folder holding the catalog (``catalog/x.toml``).

    The built-in catalog is always shown as ``catalog/...``, the name it has in the repository, wherever the
    package is installed.
    """
    if root == builtin_catalog_path():
        return (Path("catalog") / path.relative_to(root)).as_posix()
    try:
        return shown_path(path.relative_to(root.parent).as_posix())
    except ValueError:
        return shown_path(path.as_posix())


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0  # the read says what is wrong with it


def _too_big(root: Path, files: list[Path], total: int, problems: list[Problem]) -> bool:
    if total <= MAX_FOLDER_BYTES or len(files) == 1 and not root.is_dir():
        return False  # a single file has a cap of its own
    problems.append(
        Problem(
            shown_path(root.as_posix()),
            "",
            f"its catalog files hold {total:,} bytes, more than the {MAX_FOLDER_BYTES:,} a catalog folder may"
            " hold; split it into folders given one by one, or move what is not catalog data out of it",
        )
    )
    return True


def _read_file(
    path: Path, shown: str, problems: list[Problem], budget: list[int] | None = None
) -> dict[str, Any] | None:
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except NotReadable as exc:
        problems.append(Problem(shown, "", f"not read: {exc}"))
        return None
    except OSError as exc:
        problems.append(Problem(shown, "", f"cannot read the file: {exc.strerror or exc}"))
        return None
    if budget is not None:
        budget[0] -= len(raw)
        if budget[0] < 0:
            return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(shown, "", "the file starts with a byte-order mark (BOM); save it as UTF-8 without a BOM")
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, "", f"not UTF-8 text (byte {exc.start}); save the file as UTF-8"))
        return None
    import tomllib  # here: a catalog read from its snapshot never parses TOML

    try:
        doc: Any = json.loads(text, object_pairs_hook=_no_duplicates) if path.suffix == ".json" else tomllib.loads(text)
    except _DuplicateKey as exc:
        problems.append(Problem(shown, "", f"duplicate key {exc.key!r}; JSON would silently keep the last one"))
        return None
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(shown, "", f"not valid TOML: {exc}"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(Problem(shown, "", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"))
        return None
    except RecursionError:
        problems.append(Problem(shown, "", "nested too deeply to be a catalog file"))
        return None
    except ValueError:
        # Python refuses to convert integers of more than 4300 digits (a denial-of-service guard).
        problems.append(_huge_number(text, shown))
        return None
    if not isinstance(doc, dict):
        problems.append(Problem(shown, "", "expected a table of sections at the top level"))
        return None
    return doc


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key given twice (TOML refuses it by itself)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key[:80])
            seen.add(key)
    return found


_HUGE_NUMBER = re.compile(r"[0-9][0-9_]{4299,}")
_KEY_BEFORE = re.compile(r'"?([A-Za-z0-9_-]+)"?\s*[=:]\s*[-+]?$')


def _huge_number(text: str, shown: str) -> Problem:
    """The problem of a number too long to convert, naming the key and line where it stands."""
    message = "a number of more than 4300 digits; expected a count, a year or a quantity such as '125 mm'"
    found = _HUGE_NUMBER.search(text)
    if found is None:
        return Problem(shown, "", message)
    line = text.count("\n", 0, found.start()) + 1
    before = text[text.rfind("\n", 0, found.start()) + 1 : found.start()]
    key = _KEY_BEFORE.search(before.rstrip())
    field = f"{key[1]} (line {line})" if key else f"line {line}"
    return Problem(shown, field, message, found[0], True)


def _loc_to_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _problems_from_validation(exc: ValidationError, shown: str, prefix: str) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "Claim["))))
        field = f"{prefix}.{_loc_to_path(loc)}" if loc else prefix
        cause = err.get("ctx", {}).get("error")
        if isinstance(cause, QuantityError):
            message = f"{cause.reason}; expected {cause.expected}"
        elif err["type"] == "extra_forbidden":
            message = "unknown field; check its spelling (`equipref schema` lists every field)"
        elif err["type"] == "missing":
            message = "required field is missing"
        else:
            message = err["msg"].removeprefix("Value error, ")
        has_value = err["type"] != "missing"
        problems.append(Problem(shown, field, message, err.get("input") if has_value else None, has_value))
    return problems


def _kept_layer(
    root: Path, problems: list[Problem], rejected: list[tuple[str, str, Any]]
) -> tuple[list[tuple[str, _Entry]], bool]:
    """`_read_layer`, validated entries read back from the layer's snapshot when its files are unchanged:
    after an edit of a user's folder, only that folder is parsed and validated again, not the built-in one.
    Also whether the entries were read back (the folder is as it was when last loaded)."""
    from equipref import snapshot

    key = snapshot.layer_key(root)
    kept = snapshot.load_layer(key) if key is not None else None
    if kept is not None:
        return [(section, _Entry(model, file)) for section, file, model in kept], True
    shipped = snapshot.load_shipped(root) if root == builtin_catalog_path() else None
    if shipped is not None:  # a catalog stacked on the built-in one, first loaded since the install
        return _entries(*shipped), True
    mine: list[Problem] = []
    refused: list[tuple[str, str, Any]] = []
    entries = _read_layer(root, mine, refused)
    problems.extend(mine)
    rejected.extend(refused)
    if key is not None and not mine and not refused:
        snapshot.save_layer(key, [(section, e.file, e.model) for section, e in entries])
    return entries, False


def _entries(data: CatalogData, files: dict[tuple[str, str], str]) -> list[tuple[str, _Entry]]:
    """A loaded catalog's entries as one folder's, each with the file it came from (what `_merge` undoes)."""
    found = []
    for section in SECTIONS:
        for i, model in enumerate(getattr(data, section)):
            entry_id = str(i) if section == "evidence" else model.id
            found.append((section, _Entry(model, files[(section, entry_id)])))
    return found


def _read_layer(root: Path, problems: list[Problem], rejected: list[tuple[str, str, Any]]) -> list[tuple[str, _Entry]]:
    """Every entry of one catalog folder (or file) that validates, in file order, as (section, entry).

    Entries that fail validation go to ``rejected`` as (file, field path, raw value), so that their source
    references can still be checked and reported along with everything else.
    """
    try:
        os.stat(root)
    except FileNotFoundError:
        problems.append(Problem(shown_path(root.as_posix()), "", "no such file or folder"))
        return []
    except OSError as exc:  # a symlink loop, a folder we may not enter
        problems.append(Problem(shown_path(root.as_posix()), "", f"cannot open: {exc.strerror or exc}"))
        return []
    files = catalog_files(root)
    if not files:
        problems.append(Problem(shown_path(root.as_posix()), "", "no .toml or .json catalog files found"))
    if _too_big(root, files, sum(_size(path) for path in files), problems):
        return []
    entries: list[tuple[str, _Entry]] = []
    budget = [MAX_FOLDER_BYTES]  # what is read, as well: a file may grow after it was measured
    for path in files:
        shown = _display(path, root)
        doc = _read_file(path, shown, problems, budget)
        if budget[0] < 0:
            _too_big(root, files, MAX_FOLDER_BYTES - budget[0], problems)
            return []
        if doc is None:
            continue
        for section, items in doc.items():
            model = SECTIONS.get(section)
            if model is None:
                problems.append(
                    Problem(
                        shown, section, f"unknown section; expected one of {', '.join(f'[[{s}]]' for s in SECTIONS)}"
                    )
                )
                continue
            if not isinstance(items, list):
                problems.append(
                    Problem(shown, section, f"expected an array of tables, written [[{section}]]", items, True)
                )
                continue
            for index, item in enumerate(items):
                label = item.get("id") if isinstance(item, dict) else None
                prefix = f"{section}[{label}]" if isinstance(label, str) and label else f"{section}[{index}]"
                try:
                    entries.append((section, _Entry(model.model_validate(item), shown)))
                except ValidationError as exc:
                    problems.extend(_problems_from_validation(exc, shown, prefix))
                    rejected.append((shown, prefix, item))
                except RecursionError:
                    problems.append(Problem(shown, prefix, "nested too deeply"))
    return entries


# -- integrity ------------------------------------------------------------------------------------------


def _cited_sources(data: CatalogData) -> Iterator[str]:
    for section in (data.family, data.evidence, data.weapon, data.munition, data.system):
        for entry in section:
            yield from _sources_in(entry)


def _sources_in(model: BaseModel) -> Iterator[str]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name == "sources" and isinstance(value, tuple):
            yield from value
        elif isinstance(value, BaseModel):
            yield from _sources_in(value)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, BaseModel):
                    yield from _sources_in(item)


def _raw_source_refs(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(field path, id) for every entry of a ``sources`` list in raw, unvalidated data."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list):
                yield from ((f"{path}.sources[{i}]", v) for i, v in enumerate(item))
            else:
                yield from _raw_source_refs(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _raw_source_refs(item, f"{path}[{i}]")


def _check_sources(model: BaseModel, where: str, file: str, known: set[str], problems: list[Problem]) -> None:
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{where}.{name}"
        if name == "sources" and isinstance(value, tuple):
            for i, source_id in enumerate(value):
                if source_id not in known:
                    problems.append(
                        Problem(
                            file, f"{path}[{i}]", "unknown source id; add it as a [[source]] entry", source_id, True
                        )
                    )
        elif isinstance(value, BaseModel):
            _check_sources(value, path, file, known, problems)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _check_sources(item, f"{path}[{i}]", file, known, problems)


def _check_integrity(data: CatalogData, files: dict[tuple[str, str], str], problems: list[Problem]) -> None:
    sources = {s.id for s in data.source}
    families = {f.id for f in data.family}
    weapons = {w.id: w for w in data.weapon}
    munitions = {m.id: m for m in data.munition}
    by_id = {s.id: s for s in data.system}
    systems = set(by_id)

    def ref(section: str, entry_id: str, field: str, value: str, known: Iterable[str], what: str) -> None:
        if value not in known:
            near = close_matches(value, list(known), n=1, cutoff=0.6)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            problems.append(
                Problem(
                    files.get((section, entry_id), "?"),
                    f"{section}[{entry_id}].{field}",
                    f"unknown {what}{hint}",
                    value,
                    True,
                )
            )

    for section, entries in (
        ("family", data.family),
        ("weapon", data.weapon),
        ("munition", data.munition),
        ("system", data.system),
    ):
        for entry in entries:
            entry_id = entry.id
            _check_sources(entry, f"{section}[{entry_id}]", files.get((section, entry_id), "?"), sources, problems)
    for i, ev in enumerate(data.evidence):
        file = files.get(("evidence", str(i)), "?")
        _check_sources(ev, f"evidence[{i}]", file, sources, problems)
        for field in ("ammunition", "fired_from"):
            if getattr(ev, field) not in families:
                problems.append(
                    Problem(file, f"evidence[{i}].{field}", "unknown ammunition family", getattr(ev, field), True)
                )
    for f in data.family:
        _check_designation(f, files.get(("family", f.id), "?"), problems)
    for w in data.weapon:
        if w.family is not None:
            ref("weapon", w.id, "family", w.family, families, "ammunition family")
        for i, claim in enumerate(w.derived_from):
            ref("weapon", w.id, f"derived_from[{i}].value", claim.value, weapons, "weapon")
    for m in data.munition:
        ref("munition", m.id, "family", m.family, families, "ammunition family")
        for field in ("max_range", "min_range"):
            for i, claim in enumerate(getattr(m, field)):
                if claim.fired_from is not None:
                    ref("munition", m.id, f"{field}[{i}].fired_from", claim.fired_from, weapons, "weapon")
    for s in data.system:
        for i, arm in enumerate(s.armament):
            ref("system", s.id, f"armament[{i}].weapon", arm.weapon, weapons, "weapon")
            weapon = weapons.get(arm.weapon)
            for j, munition_id in enumerate(arm.munitions):
                ref("system", s.id, f"armament[{i}].munitions[{j}]", munition_id, munitions, "munition")
                munition = munitions.get(munition_id)
                if weapon is not None and munition is not None and weapon.family and munition.family != weapon.family:
                    problems.append(
                        Problem(
                            files.get(("system", s.id), "?"),
                            f"system[{s.id}].armament[{i}].munitions[{j}]",
                            f"munition of family {munition.family!r} on weapon {weapon.id!r} of family {weapon.family!r};"
                            " record the fit as [[evidence]] instead",
                            munition_id,
                            True,
                        )
                    )
        _check_variant(s, by_id, files, problems)
        for i, cp in enumerate(s.counterparts):
            ref("system", s.id, f"counterparts[{i}].system", cp.system, systems, "system")
            if cp.system == s.id:
                problems.append(
                    Problem(
                        files.get(("system", s.id), "?"),
                        f"system[{s.id}].counterparts[{i}].system",
                        "a system cannot be its own counterpart",
                        cp.system,
                        True,
                    )
                )

    _check_stated_for(data, files, problems)
    problems.extend(lineage_problems(data, files))

    # Names: two systems must not answer to the same name once case and punctuation are ignored.
    seen: dict[str, str] = {}
    for s in data.system:
        for name in dict.fromkeys(normalize_name(n) for n in (s.id, *s.names)):
            if not name:
                continue
            other = seen.get(name)
            if other is not None and other != s.id:
                problems.append(
                    Problem(
                        files.get(("system", s.id), "?"),
                        f"system[{s.id}].aliases",
                        f"name {name!r} is also a name of system {other!r} ({files.get(('system', other), '?')})",
                        name,
                        True,
                    )
                )
            else:
                seen[name] = s.id


def _check_stated_for(data: CatalogData, files: dict[tuple[str, str], str], problems: list[Problem]) -> None:
    """``stated_for`` names known systems, and a system's own claims are stated for it: a figure a source gives
    for another system belongs on that system's record (a variant's on the variant, not on its base)."""
    systems = {s.id for s in data.system}
    for section in ("weapon", "munition", "system"):
        for entry in getattr(data, section):
            file = files.get((section, entry.id), "?")
            for path, claim in claims_in(entry, f"{section}[{entry.id}]"):
                for i, named in enumerate(claim.stated_for):
                    if named not in systems:
                        near = close_matches(named, list(systems), n=1, cutoff=0.6)
                        hint = f" (did you mean {near[0]!r}?)" if near else ""
                        problems.append(Problem(file, f"{path}.stated_for[{i}]", f"unknown system{hint}", named, True))
                if section == "system" and claim.stated_for and entry.id not in claim.stated_for:
                    problems.append(
                        Problem(
                            file,
                            f"{path}.stated_for",
                            "the source gives this figure for another system: put the claim on that system's record",
                            list(claim.stated_for),
                            True,
                        )
                    )


def _check_designation(family: AmmunitionFamily, file: str, problems: list[Problem]) -> None:
    """A ``standard`` written as a cartridge designation agrees with the family's caliber and case length."""
    from equipref.cartridge import SAME_CASE_MM, read_cartridge

    named = read_cartridge(family.standard) if family.standard else None
    if named is None:
        return
    where = f"family[{family.id}]"
    if family.caliber is not None and abs(family.caliber.m_as("mm") - named.bore.m_as("mm")) > SAME_CASE_MM:
        problems.append(
            Problem(
                file,
                f"{where}.standard",
                f"designates a {named.bore} bore but the caliber is {family.caliber}",
                family.standard,
                True,
            )
        )
    if family.case_length is not None and (
        abs(family.case_length.m_as("mm") - named.case_length.m_as("mm")) > SAME_CASE_MM
    ):
        problems.append(
            Problem(
                file,
                f"{where}.case_length",
                f"the standard {family.standard!r} designates a {named.case_length} case",
                family.case_length,
                True,
            )
        )


def _check_variant(
    system: System, by_id: dict[str, System], files: dict[tuple[str, str], str], problems: list[Problem]
) -> None:
    """``variant_of`` names another system of the same country, and following it never comes back."""
    if system.variant_of is None:
        return
    file = files.get(("system", system.id), "?")
    field = f"system[{system.id}].variant_of"
    base = by_id.get(system.variant_of)
    if base is None:
        near = close_matches(system.variant_of, list(by_id), n=1, cutoff=0.6)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        problems.append(Problem(file, field, f"unknown system{hint}", system.variant_of, True))
        return
    if base.country != system.country:
        problems.append(
            Problem(
                file,
                field,
                f"a variant belongs to its base's country; {base.id!r} is {base.country}, this system {system.country}",
                system.variant_of,
                True,
            )
        )
    seen = {system.id}
    current: System | None = base
    while current is not None:
        if current.id in seen:
            problems.append(
                Problem(file, field, "variants form a cycle; a base system has no variant_of", system.variant_of, True)
            )
            return
        seen.add(current.id)
        current = by_id.get(current.variant_of) if current.variant_of else None


def _merge(
    layers: list[list[tuple[str, _Entry]]], problems: list[Problem]
) -> tuple[CatalogData, dict[tuple[str, str], str]]:
    merged: dict[str, dict[str, _Entry]] = {section: {} for section in SECTIONS}
    for layer in layers:
        in_layer: dict[tuple[str, str], str] = {}
        for section, entry in layer:
            # Evidence is identified by its id, or else by what it says (`Evidence.key`).
            entry_id = entry.model.key if section == "evidence" else entry.model.id  # type: ignore[attr-defined]
            first = in_layer.get((section, entry_id))
            if first is not None:
                problems.append(
                    Problem(
                        entry.file,
                        f"{section}[{entry_id}].id",
                        f"duplicate id; first defined in {first}"
                        if section != "evidence"
                        else f"the same record (families, stance and sources) is already in {first}; give each an id"
                        " if both are meant",
                        entry_id,
                        True,
                    )
                )
                continue
            in_layer[(section, entry_id)] = entry.file
            merged[section][entry_id] = entry  # a later layer replaces an earlier one
    evidence = list(merged.pop("evidence").values())
    files: dict[tuple[str, str], str] = {}
    content: dict[str, list[BaseModel]] = {}
    for section, table in merged.items():
        ordered = sorted(table.items())
        content[section] = [e.model for _, e in ordered]
        files.update({(section, k): e.file for k, e in ordered})
    evidence_sorted = sorted(evidence, key=lambda e: (e.model.ammunition, e.model.fired_from, e.file))  # type: ignore[attr-defined]
    content["evidence"] = [e.model for e in evidence_sorted]
    files.update({("evidence", str(i)): e.file for i, e in enumerate(evidence_sorted)})
    return CatalogData.model_construct(**{k: tuple(v) for k, v in content.items()}), files  # type: ignore[arg-type]


def load_catalog(*paths: str | Path, builtin: bool | None = None) -> Catalog:
    """Load and validate a catalog; `CatalogError` lists every problem if it does not validate.

    With no path, the built-in catalog. With paths, those folders (or single files) in order, each able to
    replace entries of the ones before it by id; ``builtin=True`` puts the built-in catalog underneath.
    """
    for path in paths:
        check_type(path, (str, os.PathLike), "a catalog path", "a folder or file path (str or pathlib.Path)")
    if builtin is not None:
        check_type(builtin, bool, "builtin", "True, False or None")
    use_builtin = (not paths) if builtin is None else builtin
    roots = ([builtin_catalog_path()] if use_builtin else []) + [Path(p) for p in paths]
    with paused_collector():
        return _load(roots)


@contextlib.contextmanager
def paused_collector() -> Iterator[None]:
    """No cyclic garbage collection in the block; the collector as it was after it.

    Building a catalog (or a diff of two) allocates hundreds of thousands of objects that all live on: the
    collector, triggered again and again meanwhile, would walk the growing heap each time (half of a 100x
    load), and find nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:  # nobody else's frozen objects to thaw with ours
                # What was built lives on: straight into the oldest generation (a freeze and a thaw move it
                # there as it is), not walked whole by the first collection after the pause, which at 100x
                # the catalog took 45 % of a load and grew faster than the catalog (memory, not work).
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _load(roots: list[Path]) -> Catalog:
    from equipref import snapshot

    shown = tuple(r.as_posix() for r in roots)
    if roots == [builtin_catalog_path()]:
        shipped = snapshot.load_shipped(roots[0])
        if shipped is not None:
            return Catalog(*shipped, shown)  # compiled when the wheel was built, from these very files and this code
    key = snapshot.snapshot_key(roots)
    kept = snapshot.load(key) if key is not None else None
    if kept is not None:
        return Catalog(*kept, shown)  # validated when it was kept: the same models, read back without validating
    problems: list[Problem] = []
    rejected: list[tuple[str, str, Any]] = []
    read = [_kept_layer(root, problems, rejected) for root in roots]
    layers = [entries for entries, _ in read]
    data, files = _merge(layers, problems)
    _check_integrity(data, files, problems)
    known = {s.id for s in data.source}
    for file, prefix, raw in rejected:
        for path, source_id in _raw_source_refs(raw, prefix):
            if isinstance(source_id, str) and source_id not in known:
                problems.append(Problem(file, path, "unknown source id; add it as a [[source]] entry", source_id, True))
    if problems:
        raise CatalogError(problems)
    catalog = Catalog(data, files, shown)
    if key is not None and all(seen for _, seen in read):
        # Kept whole from its second load on: the first load after an edit (of a catalog being worked on,
        # which may never be loaded in that state again) keeps only the edited folder, not the whole again.
        snapshot.save(key, data, files)
    return catalog


def ship_builtin(out: Path) -> None:
    """Validate the built-in catalog and write its compiled form to ``out`` (the wheel's build hook calls this)."""
    from equipref import snapshot

    catalog = load_catalog()
    snapshot.ship(out, builtin_catalog_path(), catalog.data, catalog.files)


@functools.cache
def default_catalog() -> Catalog:
    """The built-in catalog, loaded once per process."""
    return load_catalog()


def catalog_or_default(catalog: Catalog | None) -> Catalog:
    """``catalog``, or the built-in one when None (an empty catalog is still a catalog, so no ``or``)."""
    if catalog is None:
        return default_catalog()
    check_type(catalog, Catalog, "catalog", "a Catalog from load_catalog(), or None for the built-in one")
    return catalog

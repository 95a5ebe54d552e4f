"""The compiled catalog: a validated catalog kept as JSON, read back into the same pydantic models unvalidated.

`load_catalog` validates every file with pydantic once per catalog state; the result is written here by
`encode`, one generic walk over the models (each model as its class's place in the schema and its set
fields, each `Measure` as magnitude and unit), and read back by `decode` with ``model_construct``: the
same classes, equal values, the same set fields, without TOML parsing or validation. Snapshots live in the
answer cache's store (`equipref.cache`), keyed by the content of the catalog files, the roots as given, and
equipref's code, Python and the installed libraries; a damaged or foreign snapshot is a miss. Each folder's
validated entries are kept too, so that after an edit only the edited folder is validated again (the
checks across folders, which are cheap, always run again). A wheel also ships the built-in catalog's
snapshot, made by `ship` when it is built, so that the first command after an install validates nothing.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel

from equipref.model import CatalogData
from equipref.units import Measure

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

#: A catalog as it is kept: its validated data, and the file each entry came from, by (section, id). The
#: `Catalog` is built from it by `equipref.catalog`, which sits above this module (snapshots know no catalog).
Kept = tuple[CatalogData, dict[tuple[str, str], str]]

__all__ = [
    "SHIPPED",
    "construct",
    "decode",
    "encode",
    "layer_key",
    "load",
    "load_layer",
    "load_shipped",
    "save",
    "save_layer",
    "ship",
    "shipped_file",
    "shipped_key",
    "snapshot_key",
]

_FORMAT = "equipref snapshot 1"


def _model_classes() -> list[type[BaseModel]]:
    """Every model class a catalog can hold, in a fixed order (a class's place is its name in a snapshot)."""
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in found:
                return
            found.append(annotation)
            for field in annotation.model_fields.values():
                visit(field.annotation)
            return
        for arg in get_args(annotation):
            visit(arg)

    visit(CatalogData)
    return found


_CLASSES = _model_classes()
_INDEX = {cls: i for i, cls in enumerate(_CLASSES)}


_REQUIRED = object()


def _defaults(cls: type[BaseModel]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, field in cls.model_fields.items():
        if field.is_required():
            found[name] = _REQUIRED
        elif field.default_factory is not None or not isinstance(field.default, tuple | str | int | float | None):
            raise TypeError(f"{cls.__name__}.{name}: only immutable defaults can be shared between instances")
        found[name] = field.default
    return found


#: Each class's fields in order, with their defaults (required fields are always in a snapshot).
_DEFAULTS = [_defaults(cls) for cls in _CLASSES]
#: Each class's defaults, the names it requires, and how many fields it has.
_SHAPES = {
    cls: (defaults, frozenset(n for n, v in defaults.items() if v is _REQUIRED), len(defaults))
    for cls, defaults in zip(_CLASSES, _DEFAULTS, strict=True)
}
_set = object.__setattr__


def construct(cls: type[BaseModel], fields: dict[str, Any]) -> BaseModel:
    """What ``cls.model_construct(**fields)`` makes, at a fifth of its cost: the values in field order, the
    defaults (immutable, so shared) for the rest, and ``fields`` as the set fields. A test holds the two equal."""
    defaults, required, count = _SHAPES[cls]
    values = {**defaults, **fields}  # the defaults' order; a name that is no field would come last, and is refused
    if len(values) != count or not required <= fields.keys():
        raise ValueError(f"not the fields of a {cls.__name__}")
    obj = object.__new__(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(fields))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


def _encode(value: Any) -> Any:
    if isinstance(value, BaseModel):
        fields = {name: _encode(getattr(value, name)) for name in sorted(value.model_fields_set)}
        return {"$": _INDEX[type(value)], **fields}
    if isinstance(value, Measure):
        return {"$m": [value.magnitude, value.unit]}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__} in a snapshot")


def _tuple(values: list[Any]) -> tuple[Any, ...]:
    return tuple(_tuple(v) if type(v) is list else v for v in values)


def _object(value: dict[str, Any]) -> Any:
    """One JSON object of a snapshot, read back (``json.loads`` calls it innermost first, as its object hook):
    a model from its class's place and its fields (lists as the tuples they were), a `Measure`, or the
    document itself."""
    if "$" in value:
        cls = _CLASSES[value.pop("$")]
        for name, field in value.items():
            if type(field) is list:
                value[name] = _tuple(field)
        return construct(cls, value)
    if "$m" in value:
        magnitude, unit = value["$m"]
        return Measure(magnitude, unit)
    return value


def _decode(value: Any) -> Any:
    """`encode`'s JSON values (not text) read back, as `_object` reads them from text."""
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if isinstance(value, dict):
        return _object({k: _decode(v) for k, v in value.items()})
    return value


def encode(data: CatalogData, files: Mapping[tuple[str, str], str]) -> dict[str, Any]:
    """A catalog's validated data and file names as plain JSON values."""
    return {
        "data": _encode(data),
        "files": [[section, entry, file] for (section, entry), file in sorted(files.items())],
    }


def decode(document: dict[str, Any]) -> Kept:
    """The data and file names `encode` was given, rebuilt without validation; any damage raises."""
    data = document["data"]
    if isinstance(data, dict):  # not read from text (`_parse` reads the models as it parses)
        data = _decode(data)
    if not isinstance(data, CatalogData):
        raise ValueError("not a catalog")
    files = {(str(section), str(entry)): str(file) for section, entry, file in document["files"]}
    return data, files


def snapshot_key(roots: Sequence[Path]) -> str | None:
    """The hash of everything a loaded catalog depends on; None if a file cannot be read."""
    from equipref.cache import content_digest, environment_digest

    digest = content_digest([str(r) for r in roots])
    if digest is None:
        return None
    digest.update(f"snapshot\0{_FORMAT}\0{[r.as_posix() for r in roots]!r}\0".encode("utf-8", "surrogateescape"))
    return str(environment_digest(digest, terminal=False).hexdigest())


def layer_key(root: Path) -> str | None:
    """The hash of everything one catalog folder's validated entries depend on; None if unreadable."""
    from equipref.cache import content_digest, environment_digest

    digest = content_digest([str(root)])
    if digest is None:
        return None
    digest.update(f"layer\0{_FORMAT}\0{root.as_posix()!r}\0".encode("utf-8", "surrogateescape"))
    return str(environment_digest(digest, terminal=False).hexdigest())


#: What a damaged or foreign document raises while it is read back: each is a miss, never an error.
_DAMAGED = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


def _read(key: str) -> dict[str, Any] | None:
    """The kept document for ``key``, or None when nothing is kept, it is damaged, or it is for another key."""
    from equipref.cache import store

    where = store()
    raw = where.get("snapshot", key) if where is not None else None
    return _parse(raw, key) if raw is not None else None


def _parse(raw: bytes, key: str) -> dict[str, Any] | None:
    """A kept document for ``key``, its models read back as the text is parsed (a third faster than parsing
    first and walking the result after); None when it is for another key, or damaged."""
    # The document opens with its format and key (`_write`, `ship`): one for another key is not read at all.
    if not raw.startswith(f'{{"format":"{_FORMAT}","key":"{key}"'.encode()):
        return None
    try:
        document = json.loads(raw.decode("utf-8"), object_hook=_object)
        if document.get("format") != _FORMAT or document.get("key") != key:
            return None
    except _DAMAGED:
        return None
    return document if isinstance(document, dict) else None


def _write(key: str, content: dict[str, Any]) -> None:
    """Keep ``content`` under ``key`` (quietly nothing when the cache cannot be written)."""
    from equipref.cache import store

    where = store()
    if where is None:
        return
    document = {"format": _FORMAT, "key": key, **content}
    where.put("snapshot", key, json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def load_layer(key: str) -> list[tuple[str, str, BaseModel]] | None:
    """The kept (section, file, model) entries of one folder, or None."""
    document = _read(key)
    if document is None:
        return None
    try:
        entries = [(str(section), str(file), model) for section, file, model in document["entries"]]
    except _DAMAGED:
        return None
    if not all(isinstance(model, BaseModel) for _, _, model in entries):
        return None
    return entries


def save_layer(key: str, entries: list[tuple[str, str, BaseModel]]) -> None:
    """Keep one folder's validated entries under ``key``."""
    _write(key, {"entries": [[s, f, _encode(m)] for s, f, m in entries]})


def load(key: str) -> Kept | None:
    """The kept catalog for ``key``, or None (nothing kept, or damaged: then it is validated again)."""
    document = _read(key)
    if document is None:
        return None
    try:
        return decode(document)
    except _DAMAGED:
        return None


def save(key: str, data: CatalogData, files: Mapping[tuple[str, str], str]) -> None:
    """Keep a validated catalog's data and file names under ``key``."""
    _write(key, encode(data, files))


# -- the built-in catalog, compiled when the wheel is built ----------------------------------------------

#: The built-in catalog's compiled form, beside this module in a wheel (``hatch_build.py`` writes it with
#: `ship`), so that the first command after an install reads it instead of parsing and validating every file.
#: A source checkout has none: its snapshots are kept in the cache only.
SHIPPED = "compiled_catalog.json"


def shipped_key(root: Path) -> str | None:
    """The key of the built-in catalog's compiled form: the content of its files and of equipref's code, and
    not where they are or when they were written, which every install changes. None if a file is unreadable."""
    from equipref.cache import PACKAGE, content_digest

    digest = content_digest([root], anywhere=True)
    if digest is not None:
        digest = content_digest([PACKAGE], digest, True, (".py",), ("builtin_catalog", "__pycache__"))
    if digest is None:
        return None
    digest.update(f"shipped\0{_FORMAT}\0".encode())
    return str(digest.hexdigest())


def shipped_file() -> str:
    """Where a wheel has the built-in catalog's compiled form."""
    import os

    from equipref.cache import PACKAGE

    return os.path.join(PACKAGE, SHIPPED)


def load_shipped(root: Path) -> Kept | None:
    """The built-in catalog from its compiled form when one was shipped and its files and code are the ones it
    was made from; None otherwise (a source checkout, an edited install, a damaged file)."""
    from equipref.cache import read_regular

    raw = read_regular(shipped_file())
    key = shipped_key(root) if raw is not None else None
    document = _parse(raw, key) if raw is not None and key is not None else None
    if document is None:
        return None
    try:
        return decode(document)
    except _DAMAGED:
        return None


def ship(out: Path, root: Path, data: CatalogData, files: Mapping[tuple[str, str], str]) -> None:
    """Write the compiled form of the catalog validated from ``root`` to ``out``, for `load_shipped` to read.

    `equipref.catalog.ship_builtin` gives it the built-in catalog, validated."""
    key = shipped_key(root)
    if key is None:
        raise OSError(f"cannot read the built-in catalog in {root}")
    document = {"format": _FORMAT, "key": key, **encode(data, files)}
    out.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

"""The compiled catalog: every system's resolved record as JSON on disk, rebuilt whenever a file changes.

``equipref show`` reads one record from here, which needs neither TOML parsing, pydantic, nor pint, and
keeps what it printed, so that asking again needs not even tabulate. Everything lives in one folder per
fingerprint: a hash of every catalog file's path, size and modification time and of equipref's own source
files, so editing, adding or removing any of them starts a fresh folder (and the stale one is removed).

The cache holds plain JSON and text, never pickle: whoever can write a pickle cache can run code in the
reader. It lives in ``$EQUIPREF_CACHE_DIR``, else ``$XDG_CACHE_HOME/equipref``, else ``~/.cache/equipref``;
if that cannot be written, records are built in memory and nothing is kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from equipref.locations import cache_dir, catalog_files

__all__ = ["Compiled", "compiled", "fingerprint"]

_PACKAGE = Path(__file__).resolve().parent


def fingerprint(roots: Sequence[Path]) -> str:
    """A hash that changes whenever a catalog file under ``roots``, or equipref's own code, changes."""
    digest = hashlib.sha256()
    code = sorted(_PACKAGE.glob("*.py"))
    # realpath, not resolve(): it does not raise on a symlink loop; surrogateescape: file names need not be UTF-8.
    for root, files in [(_PACKAGE, code), *((Path(os.path.realpath(r)), catalog_files(r)) for r in roots)]:
        digest.update(f"root {root}\n".encode("utf-8", "surrogateescape"))
        for path in files:
            try:
                st = path.stat()
            except OSError:
                continue
            digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:32]


class Compiled:
    """The compiled records of one catalog state, on disk (or only in memory if the cache cannot be written)."""

    def __init__(self, folder: Path | None, index: dict[str, Any], records: dict[str, Any] | None = None) -> None:
        self.folder = folder
        self.ids: dict[str, str] = index["ids"]
        self.names: dict[str, str] = index["names"]
        self._records = records or {}

    def record(self, system_id: str) -> dict[str, Any]:
        """The resolved record (``SystemRecord`` as JSON) of a system id."""
        if system_id not in self._records:
            assert self.folder is not None
            with (self.folder / "records" / f"{system_id}.json").open(encoding="utf-8") as fh:
                self._records[system_id] = json.load(fh)
        record: dict[str, Any] = self._records[system_id]
        return record

    def output(self, key: str, produce: Callable[[], str]) -> str:
        """The text ``produce()`` returns for ``key``, kept on disk for the next identical request."""
        if self.folder is None:
            return produce()
        path = self.folder / "out" / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.txt"
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            pass
        text = produce()
        _try_write(path, text)
        return text


def _try_write(path: Path, text: str) -> None:
    from equipref.atomic import write_atomically

    try:
        write_atomically(path, text, parents=True)
    except OSError:
        pass  # nothing kept: the next call produces it again, slower but right


def compiled(roots: Sequence[Path], build: Callable[[], dict[str, Any]]) -> Compiled:
    """The compiled records for ``roots``: read from the cache when fresh, else built by ``build()`` and kept.

    ``build`` returns ``{"ids": {normalized name: id}, "names": {normalized name: display name},
    "records": {id: record}}``.
    """
    base = cache_dir()
    folder = base / f"catalog-{fingerprint(roots)}"
    try:
        with (folder / "index.json").open(encoding="utf-8") as fh:
            return Compiled(folder, json.load(fh))
    except OSError:
        pass
    except ValueError:
        shutil.rmtree(folder, ignore_errors=True)  # damaged: build it again from the catalog
    data = build()
    index = {"ids": data["ids"], "names": data["names"]}
    try:
        _store(base, folder, index, data["records"])
    except OSError:
        return Compiled(None, index, data["records"])
    return Compiled(folder, index, data["records"])


def _store(base: Path, folder: Path, index: dict[str, Any], records: dict[str, Any]) -> None:
    """Write the folder beside its final name, then rename it into place, so readers never see half of it."""
    base.mkdir(parents=True, exist_ok=True)
    staging = base / f".{folder.name}.{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "records").mkdir(parents=True)
    for system_id, record in records.items():
        (staging / "records" / f"{system_id}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    # index.json last: its presence is what marks a complete folder.
    (staging / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    try:
        os.rename(staging, folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # another process got there first: its folder is as good
        if not (folder / "index.json").exists():
            raise
    for stale in base.glob("catalog-*"):
        if stale != folder:
            shutil.rmtree(stale, ignore_errors=True)

"""The compiled catalog: every system's resolved record as JSON, cached on disk, rebuilt when a file changes.

``equipref show`` reads a record from here, which needs neither TOML parsing, pydantic, nor pint. The cache
key is a hash of equipref's version and every catalog file's path, size and modification time, so editing,
adding or removing a file rebuilds it. The cache holds plain JSON (never pickle: whoever can write a pickle
cache can run code in the reader). It lives in ``$EQUIPREF_CACHE_DIR``, else ``$XDG_CACHE_HOME/equipref``,
else ``~/.cache/equipref``; if that cannot be written, records are built in memory and nothing is cached.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from equipref.locations import cache_dir

__all__ = ["fingerprint", "records"]

Records = dict[str, Any]


def fingerprint(roots: Sequence[Path]) -> str:
    """A hash that changes whenever any catalog file under ``roots`` is added, removed or edited."""
    from equipref import __version__

    digest = hashlib.sha256(f"equipref {__version__}\n".encode())
    for root in roots:
        digest.update(f"root {root.resolve()}\n".encode())
        if root.is_file():
            files = [root]
        else:
            files = sorted(Path(d, f) for d, _, names in os.walk(root) for f in names if f.endswith((".toml", ".json")))
        for path in files:
            try:
                st = path.stat()
            except OSError:
                continue
            digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def records(roots: Sequence[Path], build: Callable[[], Records]) -> Records:
    """The compiled records for ``roots``: from the cache when it is fresh, else from ``build()`` (then cached)."""
    path = cache_dir() / f"records-{fingerprint(roots)}.json"
    try:
        with path.open(encoding="utf-8") as fh:
            data: Records = json.load(fh)
        if isinstance(data, dict) and {"ids", "names", "records"} <= data.keys():
            return data
    except (OSError, ValueError):
        pass
    data = build()
    _write_atomically(path, data)
    return data


def _write_atomically(path: Path, data: Records) -> None:
    from equipref.atomic import write_atomically

    try:
        if path.parent.is_dir():
            for stale in path.parent.glob("records-*.json"):
                stale.unlink(missing_ok=True)
        write_atomically(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    except OSError:
        pass  # no cache today: the next call builds again, which is slower but right

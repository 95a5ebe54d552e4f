"""Where equipref's files live: the built-in catalog and the cache. Free of heavy imports (the CLI's fast path)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["builtin_catalog_path", "cache_dir", "catalog_files"]


def builtin_catalog_path() -> Path:
    """The folder of the built-in catalog: inside the installed package, or at the repository root.

    The wheel ships ``catalog/`` as ``equipref/builtin_catalog`` (not ``equipref/catalog``, which would sit
    beside the ``catalog`` module under the same name).
    """
    here = Path(__file__).resolve().parent
    packaged = here / "builtin_catalog"
    return packaged if packaged.is_dir() else here.parent / "catalog"


def cache_dir() -> Path:
    """``$EQUIPREF_CACHE_DIR``, else ``$XDG_CACHE_HOME/equipref``, else ``~/.cache/equipref``."""
    explicit = os.environ.get("EQUIPREF_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "equipref"


def catalog_files(root: Path) -> list[Path]:
    """The catalog files under ``root`` (``.toml`` and ``.json``, at any depth), sorted; ``root`` itself if a file."""
    if root.is_file():
        return [root]
    return sorted(Path(d, f) for d, _, names in os.walk(root) for f in names if f.endswith((".toml", ".json")))

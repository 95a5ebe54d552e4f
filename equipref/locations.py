"""Where equipref's files live: the built-in catalog and the cache. Free of heavy imports (the CLI's fast path)."""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # pathlib and typing stay unimported on the cached path (milliseconds at start)
if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "MAX_FOLDER_BYTES",
    "NotReadable",
    "builtin_catalog_dir",
    "builtin_catalog_path",
    "cache_dir",
    "cache_folder",
    "catalog_files",
    "read_bounded",
    "shown_path",
]


def builtin_catalog_dir() -> str:
    """The folder of the built-in catalog: inside the installed package, or at the repository root.

    The wheel ships ``catalog/`` as ``equipref/builtin_catalog`` (not ``equipref/catalog``, which would sit
    beside the ``catalog`` module under the same name).
    """
    here = os.path.dirname(os.path.realpath(__file__))
    packaged = os.path.join(here, "builtin_catalog")
    return packaged if os.path.isdir(packaged) else os.path.join(os.path.dirname(here), "catalog")


def builtin_catalog_path() -> Path:
    """`builtin_catalog_dir` as a Path."""
    from pathlib import Path

    return Path(builtin_catalog_dir())


def cache_folder() -> str:
    """``$EQUIPREF_CACHE_DIR``, else ``$XDG_CACHE_HOME/equipref``, else ``~/.cache/equipref``."""
    explicit = os.environ.get("EQUIPREF_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "equipref")


def cache_dir() -> Path:
    """`cache_folder` as a Path."""
    from pathlib import Path

    return Path(cache_folder())


#: The folder, at any depth of a catalog, that is never read as catalog data.
RELEASES = "releases"
#: The most catalog data one folder may hold, all files together: the built-in catalog's hundred and fifty
#: times over. Past it, the folder is refused before it is read (a folder of many big files had ``diff`` read
#: and validate gigabytes).
MAX_FOLDER_BYTES = 64 * 1024 * 1024


def catalog_files(root: Path) -> list[Path]:
    """The catalog files under ``root`` (``.toml`` and ``.json``, at any depth, outside any ``releases/`` folder),
    sorted; ``root`` itself if it is not a folder (so that a FIFO or a device named on purpose is refused as such
    by the reader)."""
    if not root.is_dir():
        return [root]
    from pathlib import Path

    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        # ``releases/`` holds frozen exports of past releases (the data changelog's baseline), not catalog data.
        subfolders[:] = [d for d in subfolders if d != RELEASES]
        found.extend(Path(folder, f) for f in names if f.endswith((".toml", ".json")))
    return sorted(found)


class NotReadable(Exception):
    """A file that is not read: not a regular file, or larger than allowed. The message says which."""


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit`` of them.

    Anything else is refused at once with `NotReadable`, without blocking and without reading it: a FIFO
    would hang the reader and ``/dev/zero`` never ends. The cap applies to what is read, not to ``st_size``
    (which a growing file or a special file under ``/proc`` does not honour). `OSError` when it cannot be
    opened at all (no permission, a symlink loop).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise NotReadable(f"{kind}, not a regular file; a catalog file must be a regular file")
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(1 << 16, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise NotReadable(f"larger than {limit} bytes; a catalog file may be at most {limit}")
        return b"".join(chunks)
    finally:
        os.close(fd)


def shown_path(path: str | Path) -> str:
    """A path as text that can always be printed and stored: bytes that are not UTF-8 shown as ``\\xff``,
    and control and bidi characters (which a file name may hold too) escaped, so none reaches a terminal."""
    from equipref.text_safety import escape_unsafe

    return escape_unsafe(os.fspath(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))

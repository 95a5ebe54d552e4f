"""Writing the generated site into a folder, and finding which files in it are stale.

`equipref.pages` renders the site as a dict of files (relative posix path -> bytes); this module is the only
place that touches the output folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from equipref.atomic import write_atomically
from equipref.charts import MARKER

__all__ = ["stale_files", "write_site"]

#: Only files with these suffixes are ever reported as extra, or deleted.
GENERATED_SUFFIXES = (".md", ".svg")


def _is_generated(path: Path) -> bool:
    """Whether a file carries the generated-file marker (in its first lines)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError:
        return False
    return MARKER.encode("utf-8") in head


def _extra_files(pages: dict[str, bytes], out: Path) -> list[str]:
    """Generated ``.md``/``.svg`` files under ``out`` that ``pages`` does not contain."""
    extra: list[str] = []
    if not out.is_dir():
        return extra
    for folder, dirs, files in os.walk(out):  # does not follow symlinked folders
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            rel = path.relative_to(out).as_posix()
            if path.suffix in GENERATED_SUFFIXES and rel not in pages and not path.is_symlink() and _is_generated(path):
                extra.append(rel)
    return extra


def _target(out: Path, rel: str) -> Path:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"not a relative page path: {rel!r}")
    return out.joinpath(*pure.parts)


def stale_files(pages: dict[str, bytes], out: Path) -> list[str]:
    """Sorted relative paths under ``out`` that are missing, differ from ``pages``, or are extra generated files."""
    out = Path(out)
    stale = []
    for rel, content in pages.items():
        path = _target(out, rel)
        try:
            if path.read_bytes() != content:
                stale.append(rel)
        except OSError:
            stale.append(rel)
    stale += _extra_files(pages, out)
    return sorted(stale)


def write_site(pages: dict[str, bytes], out: Path, progress: Callable[[int, int, str], None] | None = None) -> int:
    """Write the files of ``pages`` that are missing or changed (each atomically), delete extra generated
    ``.md``/``.svg`` files, and return how many files were written. ``progress(done, total, path)`` is called
    after each page."""
    out = Path(out)
    written = 0
    total = len(pages)
    for done, rel in enumerate(sorted(pages), 1):
        path = _target(out, rel)
        content = pages[rel]
        try:
            same = path.read_bytes() == content
        except OSError:
            same = False
        if not same:
            write_atomically(path, content, parents=True)
            written += 1
        if progress is not None:
            progress(done, total, rel)
    for rel in _extra_files(pages, out):
        _target(out, rel).unlink()
    return written

"""Writing the generated site into a folder, and finding which files in it are stale.

`equipref.pages` renders the site as a dict of files (relative posix path -> bytes); this module is the only
place that touches the output folder, and it never destroys what equipref did not write:

* **Only our files are replaced or removed.** The folder keeps a manifest, ``.equipref-manifest.json``, of
  every file equipref wrote there with its SHA-256. A file in the way is replaced only if it is unchanged
  since equipref wrote it (its hash matches), or it still opens with the generated-file marker line (a page
  from another version of the catalog, as a ``git merge`` leaves it). A file that is removed from the site is
  deleted only if the manifest lists it and it passes the same test. Anything else in the way stops the run
  before a single file is touched (`SiteConflict`, exit 2), naming the file.
* **Links are not followed.** A symlinked subfolder, or a symlink, FIFO or device where a page goes, is a
  conflict: writing through it would write outside the folder. (``--out`` itself may be a link: the user
  named it.)
* **The site changes as a whole.** Every new page is written into a staging folder first; only then are
  they renamed into place (pages first, index pages last), with Ctrl-C held back until the renames are
  done, and the manifest written. An interrupted run leaves the old site, or the new one, never a new
  index that links to pages not yet written. (A run killed outright may leave its hidden staging folder; the
  next run removes it.)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from equipref.atomic import new_file_mode, write_atomically
from equipref.charts import MARKER
from equipref.errors import SiteConflict, UsageError
from equipref.locations import NotReadable, read_bounded

__all__ = ["MANIFEST", "SiteConflict", "check_out", "stale_files", "write_site"]

#: The list of files equipref wrote into an output folder, with their hashes.
MANIFEST = ".equipref-manifest.json"
_MANIFEST_LIMIT = 4 * 1024 * 1024
_MARKER_LINE = MARKER.encode("utf-8")


# -- the manifest ---------------------------------------------------------------------------------------


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _manifest_bytes(files: dict[str, str]) -> bytes:
    """The manifest, one file per line (so that a merge of two versions of it conflicts only where they differ)."""
    body = {"generator": "equipref docs", "files": dict(sorted(files.items()))}
    return (json.dumps(body, indent=1, sort_keys=True, ensure_ascii=True) + "\n").encode("ascii")


def _read_manifest(out: Path) -> dict[str, str]:
    """The files the manifest in ``out`` lists, with their hashes; empty when there is none (nothing is ours)."""
    try:
        data: Any = json.loads(read_bounded(out / MANIFEST, _MANIFEST_LIMIT))
    except FileNotFoundError:
        return {}
    except (OSError, NotReadable, ValueError) as exc:
        raise SiteConflict(
            f"{out / MANIFEST} cannot be read ({exc}); equipref cannot tell which files it wrote. Move the "
            "folder's hand-written files elsewhere, delete it, and run again"
        ) from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


# -- paths ----------------------------------------------------------------------------------------------


def _parts(rel: str) -> tuple[str, ...]:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or rel.startswith("./"):
        raise ValueError(f"not a relative page path: {rel!r}")
    return pure.parts


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _check_folders(out: Path, rel: str) -> None:
    """Refuse a page whose folders under ``out`` are symlinks or not folders at all."""
    here = out
    for part in _parts(rel)[:-1]:
        here = here / part
        st = _lstat(here)
        if st is None:
            return  # created when the site is swapped in
        if stat.S_ISLNK(st.st_mode):
            raise SiteConflict(f"{here} is a symbolic link; equipref does not write through links. Remove it")
        if not stat.S_ISDIR(st.st_mode):
            raise SiteConflict(f"{here} is in the way: the site needs a folder there. Move it away")


def _starts_with_marker(path: Path) -> bool:
    """Whether the file's first line (its second in an SVG, after the XML declaration) is the marker."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_MARKER_LINE) + 128).splitlines()
    except OSError:
        return False
    return _MARKER_LINE in head[:2]


def _ours(path: Path, rel: str, manifest: dict[str, str]) -> bool:
    """Whether equipref may replace or remove this regular file."""
    expected = manifest.get(rel)
    if expected is not None:
        try:
            if _digest(path.read_bytes()) == expected:
                return True
        except OSError:
            return False
    return _starts_with_marker(path)


# -- the plan -------------------------------------------------------------------------------------------


class _Plan:
    """What a run would do: the pages to write, the files to remove, and the manifest afterwards."""

    def __init__(self, pages: dict[str, bytes], out: Path) -> None:
        self.out = out
        self.manifest = _read_manifest(out) if out.is_dir() else {}
        self.write: list[str] = []
        self.remove: list[str] = []
        self.conflicts: list[tuple[str, str]] = []  # (relative path, what is wrong)
        for rel in sorted(pages):
            _check_folders(out, rel)
            path = out.joinpath(*_parts(rel))
            st = _lstat(path)
            if st is None:
                self.write.append(rel)
            elif not stat.S_ISREG(st.st_mode):
                self.conflicts.append((rel, f"{path} is not a regular file (a link, folder or device)"))
            elif _same(path, pages[rel]):
                continue
            elif _ours(path, rel, self.manifest):
                self.write.append(rel)
            else:
                self.conflicts.append((rel, f"{path} was not written by equipref, or was edited since"))
        for rel in sorted(set(self.manifest) - set(pages)):
            try:
                _check_folders(out, rel)
                path = out.joinpath(*_parts(rel))
            except (ValueError, SiteConflict):
                continue  # a manifest entry we would not have written: never act on it
            st = _lstat(path)
            if st is not None and stat.S_ISREG(st.st_mode) and _ours(path, rel, self.manifest):
                self.remove.append(rel)
        self.files = {rel: _digest(content) for rel, content in pages.items()}

    def manifest_stale(self) -> bool:
        try:
            return (self.out / MANIFEST).read_bytes() != _manifest_bytes(self.files)
        except OSError:
            return True


def _same(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def check_out(out: Path, check: bool) -> None:
    """`UsageError` unless ``out`` can be checked (an existing folder) or written (a folder, or a new name in
    an existing folder)."""
    if check and not out.is_dir():
        raise UsageError(
            f"there is no folder {out} here; run from the repository root (where docs/ is), or give --out DIR"
        )
    if _lstat(out) is not None and not out.is_dir():
        raise UsageError(f"{out} is not a folder; --out needs a folder (it is created if missing)")
    if not out.exists() and not out.parent.is_dir():
        raise UsageError(f"cannot create {out}: the folder {out.parent} does not exist")


def stale_files(pages: dict[str, bytes], out: Path) -> list[str]:
    """Sorted relative paths under ``out`` that are missing, differ from ``pages``, were generated but are no
    longer part of the site, or are in the way; and the manifest, when it does not list ``pages`` exactly."""
    out = Path(out)
    check_out(out, check=True)
    plan = _Plan(pages, out)
    stale = plan.write + plan.remove + [rel for rel, _ in plan.conflicts]
    if plan.manifest_stale():
        stale.append(MANIFEST)
    return sorted(set(stale))


# -- writing --------------------------------------------------------------------------------------------


def write_site(pages: dict[str, bytes], out: Path, progress: Callable[[int, int, str], None] | None = None) -> int:
    """Bring ``out`` to exactly ``pages`` (plus whatever else the user keeps there) and return how many files
    were written. `SiteConflict` names the first file in the way, and then nothing has been touched.
    ``progress(done, total, path)`` is called as each page is staged."""
    out = Path(out)
    check_out(out, check=False)
    if not out.is_dir():
        out.mkdir()
    plan = _Plan(pages, out)
    if plan.conflicts:
        more = f" (and {len(plan.conflicts) - 1} more)" if len(plan.conflicts) > 1 else ""
        raise SiteConflict(f"{plan.conflicts[0][1]}{more}; move it away and run again, nothing was changed")
    _remove_abandoned_staging(out)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING, dir=out))
    try:
        staged: list[tuple[str, Path]] = []
        total = len(pages)
        mode = new_file_mode()
        for done, rel in enumerate(sorted(pages), 1):
            if rel in plan.write:
                tmp = staging / f"{len(staged)}.tmp"
                target = out.joinpath(*_parts(rel))
                try:
                    tmp.write_bytes(pages[rel])
                except OSError as exc:  # name the page, not the staging file nobody asked for
                    raise type(exc)(exc.errno, exc.strerror or str(exc), str(target)) from None
                tmp.chmod(stat.S_IMODE(target.stat().st_mode) if target.exists() else mode)
                staged.append((rel, tmp))
            if progress is not None:
                progress(done, total, rel)
        if not staged and not plan.remove and not plan.manifest_stale():
            return 0
        with _uninterrupted():
            # List old and new files while the swap is under way, so an interrupted run's files stay ours.
            write_atomically(out / MANIFEST, _manifest_bytes({**plan.manifest, **plan.files}))
            for rel, tmp in sorted(staged, key=lambda item: _swap_order(item[0])):
                target = out.joinpath(*_parts(rel))
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, target)
            for rel in plan.remove:
                out.joinpath(*_parts(rel)).unlink(missing_ok=True)
            write_atomically(out / MANIFEST, _manifest_bytes(plan.files))
        return len(staged)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


_STAGING = ".equipref-staging-"
_STAGED_NAME = re.compile(r"[0-9]+\.tmp")


def _remove_abandoned_staging(out: Path) -> None:
    """Remove staging folders a killed run left behind: only real folders by our name holding only our files."""
    for entry in out.iterdir():
        if not entry.name.startswith(_STAGING) or entry.is_symlink() or not entry.is_dir():
            continue
        inside = list(entry.iterdir())
        if all(_STAGED_NAME.fullmatch(f.name) and not f.is_symlink() and f.is_file() for f in inside):
            shutil.rmtree(entry, ignore_errors=True)


def _swap_order(rel: str) -> tuple[int, int, bool, str]:
    """Pages first, then section indexes and the sources, then the site index: what links to a page arrives
    after it."""
    parts = _parts(rel)
    is_index = parts[-1] in ("index.md", "sources.md")
    return (int(is_index), -len(parts) if is_index else 0, rel == "index.md", rel)


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C (and SIGTERM) back until the block is done, then deliver it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def hold(signum: int, frame: object) -> None:
        received.append(signum)

    saved = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        if received:
            signal.raise_signal(received[0])

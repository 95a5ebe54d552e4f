"""Writing the generated site into a folder, and finding which files in it are stale.

`equipref.pages` renders the site as a dict of files (relative posix path -> bytes); this module is the only
place that touches the output folder, and it never destroys what equipref did not write:

* **Only our files are replaced or removed.** The folder keeps a manifest, ``.equipref-manifest.json``, of
  every file equipref wrote there with its SHA-256. A file in the way is replaced, and a file no longer part
  of the site is removed, only if the manifest lists it, its content still has that hash, it is not empty
  and it opens with the generated-file marker line: a manifest is only text, and a crafted one must not make
  a hand-written file (or any empty file, which all share one hash) ours. Anything else in the way, a
  generated page edited by hand included, stops the run before a single file is touched (`SiteConflict`,
  exit 2), naming the file. A manifest that lists what equipref never writes (a NUL, a name too long for
  any file system) or cannot be read is refused the same way.
* **Links are not followed.** The output folder is opened once, and every path below it is walked one
  component at a time from that folder's descriptor with ``O_NOFOLLOW``: a symlinked subfolder, a symlink,
  FIFO or device where a page goes, and a symlinked manifest are conflicts, and so is a folder swapped for a
  link while the run is under way (``--out`` itself may be a link: the user named it).
* **The site changes as a whole.** Every new page is written into a staging folder first; only then are
  they renamed into place (pages first, index pages last), with Ctrl-C and SIGTERM held back until the
  renames are done, and the manifest written. An interrupted run leaves the old site, or the new one, never
  a new index that links to pages not yet written. (A run killed outright may leave its hidden staging
  folder; the next run removes it.)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from equipref.atomic import new_file_mode, sync_folder
from equipref.charts import MARKER
from equipref.errors import SiteConflict, UsageError
from equipref.locations import shown_path

__all__ = ["MANIFEST", "SiteConflict", "check_out", "stale_files", "write_site"]

#: The list of files equipref wrote into an output folder, with their hashes.
MANIFEST = ".equipref-manifest.json"
_MANIFEST_LIMIT = 4 * 1024 * 1024
_MARKER_LINE = MARKER.encode("utf-8")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | _CLOEXEC | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
_NEW_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
#: What a page path may be: what `equipref.pages` writes, and so what a manifest written by equipref lists.
_NAME_BYTES = 255
_PATH_CHARS = 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# -- paths ----------------------------------------------------------------------------------------------


def _parts(rel: str) -> tuple[str, ...]:
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or rel.startswith("./"):
        raise ValueError(f"not a relative page path: {rel!r}")
    return pure.parts


def _page_path(rel: object) -> bool:
    """Whether ``rel`` is a path equipref could have written: relative, no NUL, names a file system takes."""
    if not isinstance(rel, str) or not rel or len(rel) > _PATH_CHARS or "\0" in rel or "\\" in rel:
        return False
    try:
        parts = _parts(rel)
        return all(0 < len(p.encode("utf-8")) <= _NAME_BYTES and p not in (".", "..") for p in parts)
    except (ValueError, UnicodeEncodeError):
        return False


class _Folder:
    """The output folder, held open: every path below it is reached one component at a time from its
    descriptor, never through a link, so a folder swapped for a link mid-run is refused, not followed."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.fd = os.open(out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)  # --out: the user named it
        self._open: dict[tuple[str, ...], int] = {(): self.fd}

    def close(self) -> None:
        for fd in self._open.values():
            os.close(fd)
        self._open.clear()

    def forget(self) -> None:
        """Close every subfolder: they are opened again, and checked again, when next asked for."""
        for parts, fd in list(self._open.items()):
            if parts:
                os.close(fd)
                del self._open[parts]

    def shown(self, parts: tuple[str, ...]) -> str:
        return shown_path(self.out.joinpath(*parts))

    def folder(self, parts: tuple[str, ...], create: bool = False) -> int | None:
        """The descriptor of the folder ``parts`` below the output folder; None if it does not exist (and is
        not to be created); `SiteConflict` if it, or a folder above it, is a link or not a folder."""
        if parts in self._open:
            return self._open[parts]
        parent = self.folder(parts[:-1], create)
        if parent is None:
            return None
        name = parts[-1]
        try:
            fd = os.open(name, _FOLDER_FLAGS, dir_fd=parent)
        except FileNotFoundError:
            if not create:
                return None
            try:
                os.mkdir(name, 0o777, dir_fd=parent)
            except FileExistsError:
                pass  # made meanwhile: opened, and checked, below
            fd = self._open_again(parent, parts)
        except OSError as exc:
            raise self._refusal(parent, parts, exc) from None
        self._open[parts] = fd
        return fd

    def _open_again(self, parent: int, parts: tuple[str, ...]) -> int:
        try:
            return os.open(parts[-1], _FOLDER_FLAGS, dir_fd=parent)
        except OSError as exc:
            raise self._refusal(parent, parts, exc) from None

    def _refusal(self, parent: int, parts: tuple[str, ...], exc: OSError) -> OSError | SiteConflict:
        try:
            st = os.stat(parts[-1], dir_fd=parent, follow_symlinks=False)
        except OSError:
            return type(exc)(exc.errno, exc.strerror, str(self.out.joinpath(*parts)))
        if stat.S_ISLNK(st.st_mode):
            return SiteConflict(
                f"{self.shown(parts)} is a symbolic link; equipref does not write through links. Remove it"
            )
        if not stat.S_ISDIR(st.st_mode):
            return SiteConflict(f"{self.shown(parts)} is in the way: the site needs a folder there. Move it away")
        return type(exc)(exc.errno, exc.strerror, str(self.out.joinpath(*parts)))

    def lstat(self, rel: str) -> os.stat_result | None:
        parts = _parts(rel)
        where = self.folder(parts[:-1])
        if where is None:
            return None
        try:
            return os.stat(parts[-1], dir_fd=where, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def read(self, rel: str, limit: int | None = None) -> bytes | None:
        """The bytes of the regular file ``rel`` (at most ``limit + 1`` of them); None if it is missing, not
        a regular file, or a link (`O_NOFOLLOW`: never the file a link points to)."""
        parts = _parts(rel)
        where = self.folder(parts[:-1])
        if where is None:
            return None
        try:
            fd = os.open(parts[-1], _READ_FLAGS, dir_fd=where)
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            chunks: list[bytes] = []
            total = 0
            while chunk := os.read(fd, 1 << 16):
                chunks.append(chunk)
                total += len(chunk)
                if limit is not None and total > limit:
                    break
            return b"".join(chunks)
        finally:
            os.close(fd)


# -- the manifest ---------------------------------------------------------------------------------------


def _manifest_bytes(files: dict[str, str]) -> bytes:
    """The manifest, one file per line (so that a merge of two versions of it conflicts only where they differ)."""
    body = {"generator": "equipref docs", "files": dict(sorted(files.items()))}
    return (json.dumps(body, indent=1, sort_keys=True, ensure_ascii=True) + "\n").encode("ascii")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise ValueError("a key is listed twice")
    return found


def _read_manifest(folder: _Folder) -> dict[str, str]:
    """The files the manifest lists, with their hashes; empty when there is none (nothing is ours)."""
    where = folder.shown((MANIFEST,))
    advice = "equipref cannot tell which files it wrote. Move the folder's hand-written files elsewhere, delete it, and run again"
    st = folder.lstat(MANIFEST)
    if st is None:
        return {}
    if stat.S_ISLNK(st.st_mode):
        raise SiteConflict(
            f"{where} is a symbolic link; equipref neither reads nor writes through it. Remove it and run again"
        )
    raw = folder.read(MANIFEST, _MANIFEST_LIMIT) if stat.S_ISREG(st.st_mode) else None
    if raw is None or len(raw) > _MANIFEST_LIMIT:
        problem = "not a regular file" if raw is None else f"larger than {_MANIFEST_LIMIT} bytes"
        raise SiteConflict(f"{where} cannot be read ({problem}); {advice}")
    try:
        data: Any = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:100]
        raise SiteConflict(f"{where} cannot be read ({reason}); {advice}") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise SiteConflict(f"{where} lists no files; {advice}")
    for rel, digest in files.items():
        if not _page_path(rel) or not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            shown = shown_path(str(rel))
            shown = shown if len(shown) <= 80 else shown[:76] + " ..."
            raise SiteConflict(f"{where} lists {shown!r}, which equipref never writes; {advice}")
    return dict(files)


def _ours(folder: _Folder, rel: str, manifest: dict[str, str]) -> bool:
    """Whether equipref may replace or remove this file: listed, unchanged since, not empty, and generated."""
    expected = manifest.get(rel)
    if expected is None:
        return False
    content = folder.read(rel)
    if not content or _digest(content) != expected:
        return False
    return _MARKER_LINE in content[: len(_MARKER_LINE) + 128].splitlines()[:2]


# -- the plan -------------------------------------------------------------------------------------------


class _Plan:
    """What a run would do: the pages to write, the files to remove, and the manifest afterwards."""

    def __init__(self, pages: dict[str, bytes], folder: _Folder) -> None:
        self.folder = folder
        self.manifest = _read_manifest(folder)
        self.write: list[str] = []
        self.remove: list[str] = []
        self.conflicts: list[tuple[str, str]] = []  # (relative path, what is wrong)
        for rel in sorted(pages):
            shown = folder.shown(_parts(rel))
            st = folder.lstat(rel)
            if st is None:
                self.write.append(rel)
            elif not stat.S_ISREG(st.st_mode):
                self.conflicts.append((rel, f"{shown} is not a regular file (a link, folder or device)"))
            elif st.st_size == len(pages[rel]) and folder.read(rel) == pages[rel]:
                continue
            elif _ours(folder, rel, self.manifest):
                self.write.append(rel)
            elif rel in self.manifest:
                self.conflicts.append((rel, f"{shown} was written by equipref but edited since"))
            else:
                self.conflicts.append((rel, f"{shown} was not written by equipref"))
        for rel in sorted(set(self.manifest) - set(pages)):
            try:
                st = folder.lstat(rel)
            except SiteConflict:
                continue  # under a link or a file: never ours to act on
            if st is not None and stat.S_ISREG(st.st_mode) and _ours(folder, rel, self.manifest):
                self.remove.append(rel)
        self.files = {rel: _digest(content) for rel, content in pages.items()}

    def manifest_stale(self) -> bool:
        return self.folder.read(MANIFEST, _MANIFEST_LIMIT) != _manifest_bytes(self.files)


def check_out(out: Path, check: bool) -> None:
    """`UsageError` unless ``out`` can be checked (an existing folder) or written (a folder, or a new name in
    an existing folder)."""
    if check and not out.is_dir():
        raise UsageError(
            f"there is no folder {out} here; run from the repository root (where docs/ is), or give --out DIR"
        )
    try:
        exists = os.lstat(out) is not None
    except FileNotFoundError:
        exists = False
    if exists and not out.is_dir():
        raise UsageError(f"{out} is not a folder; --out needs a folder (it is created if missing)")
    if not out.exists() and not out.parent.is_dir():
        raise UsageError(f"cannot create {out}: the folder {out.parent} does not exist")


@contextmanager
def _opened(out: Path) -> Iterator[_Folder]:
    folder = _Folder(out)
    try:
        yield folder
    finally:
        folder.close()


def stale_files(pages: dict[str, bytes], out: Path) -> list[str]:
    """Sorted relative paths under ``out`` that are missing, differ from ``pages``, were generated but are no
    longer part of the site, or are in the way; and the manifest, when it does not list ``pages`` exactly."""
    out = Path(out)
    check_out(out, check=True)
    with _opened(out) as folder:
        plan = _Plan(pages, folder)
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
    with _opened(out) as folder:
        return _write(pages, folder, progress)


def _write(pages: dict[str, bytes], folder: _Folder, progress: Callable[[int, int, str], None] | None) -> int:
    plan = _Plan(pages, folder)
    if plan.conflicts:
        more = f" (and {len(plan.conflicts) - 1} more)" if len(plan.conflicts) > 1 else ""
        raise SiteConflict(f"{plan.conflicts[0][1]}{more}; move it away and run again, nothing was changed")
    _remove_abandoned_staging(folder.fd)
    staging_name = f"{_STAGING}{os.urandom(6).hex()}"
    os.mkdir(staging_name, 0o700, dir_fd=folder.fd)
    try:
        staging = os.open(staging_name, _FOLDER_FLAGS, dir_fd=folder.fd)
        try:
            return _stage_and_swap(pages, plan, folder, staging, progress)
        finally:
            os.close(staging)
    finally:
        shutil.rmtree(staging_name, ignore_errors=True, dir_fd=folder.fd)


def _stage_and_swap(
    pages: dict[str, bytes],
    plan: _Plan,
    folder: _Folder,
    staging: int,
    progress: Callable[[int, int, str], None] | None,
) -> int:
    staged: list[tuple[str, str]] = []  # (page, its staged name)
    total = len(pages)
    mode = new_file_mode()
    for done, rel in enumerate(sorted(pages), 1):
        if rel in plan.write:
            st = folder.lstat(rel)
            name = f"{len(staged)}.tmp"
            try:
                _new_file(staging, name, pages[rel], stat.S_IMODE(st.st_mode) if st is not None else mode)
            except OSError as exc:  # name the page, not the staging file nobody asked for
                raise OSError(exc.errno, exc.strerror or str(exc), str(folder.out / rel)) from None
            staged.append((rel, name))
        if progress is not None:
            progress(done, total, rel)
    if not staged and not plan.remove and not plan.manifest_stale():
        return 0
    # Every folder the swap writes into, opened again now, one component at a time: one swapped for a link
    # since the plan was made is refused here, before a single file is renamed.
    folder.forget()
    targets = {rel: (folder.folder(_parts(rel)[:-1], create=True), _parts(rel)[-1]) for rel, _ in staged}
    removals = [(rel, folder.folder(_parts(rel)[:-1]), _parts(rel)[-1]) for rel in plan.remove]
    with _uninterrupted():
        # List old and new files while the swap is under way, so an interrupted run's files stay ours.
        _put_manifest(folder, staging, _manifest_bytes({**plan.manifest, **plan.files}), "m0.tmp")
        for rel, name in sorted(staged, key=lambda item: _swap_order(item[0])):
            where, leaf = targets[rel]
            os.replace(name, leaf, src_dir_fd=staging, dst_dir_fd=where)
        for rel, where, leaf in removals:
            if where is not None and _ours(folder, rel, plan.manifest):  # still ours at the last moment
                try:
                    os.unlink(leaf, dir_fd=where)
                except FileNotFoundError:
                    pass
        # The renames survive a power cut before the manifest says they are done.
        for where in sorted(
            {w for w, _ in targets.values() if w is not None} | {w for _, w, _ in removals if w is not None}
        ):
            sync_folder(where)
        _put_manifest(folder, staging, _manifest_bytes(plan.files), "m1.tmp")
        sync_folder(folder.fd)
    return len(staged)


def _new_file(folder: int, name: str, content: bytes, mode: int) -> None:
    fd = os.open(name, _NEW_FLAGS, 0o600, dir_fd=folder)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fchmod(fh.fileno(), mode)
        os.fsync(fh.fileno())  # whole under its final name after a power cut, never empty


def _put_manifest(folder: _Folder, staging: int, content: bytes, name: str) -> None:
    """Write the manifest whole: made in the staging folder, renamed over the old one (a link in its place
    is replaced, never written through)."""
    try:
        mode = stat.S_IMODE(os.stat(MANIFEST, dir_fd=folder.fd, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        mode = new_file_mode()
    _new_file(staging, name, content, mode)
    os.replace(name, MANIFEST, src_dir_fd=staging, dst_dir_fd=folder.fd)


_STAGING = ".equipref-staging-"
_STAGED_NAME = re.compile(r"m?[0-9]+\.tmp")


def _remove_abandoned_staging(out: int) -> None:
    """Remove staging folders a killed run left behind: only real folders by our name holding only our files."""
    for name in os.listdir(out):
        if not name.startswith(_STAGING):
            continue
        try:
            fd = os.open(name, _FOLDER_FLAGS, dir_fd=out)
        except OSError:
            continue  # a link or a file by that name: not ours
        try:
            inside = os.listdir(fd)
            ours = all(
                _STAGED_NAME.fullmatch(f) and stat.S_ISREG(os.stat(f, dir_fd=fd, follow_symlinks=False).st_mode)
                for f in inside
            )
        finally:
            os.close(fd)
        if ours:
            shutil.rmtree(name, ignore_errors=True, dir_fd=out)


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

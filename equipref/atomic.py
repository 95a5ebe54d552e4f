"""Writing files without destroying anything: whole or not at all, and never in place of what is not a file.

A regular file (or a path that does not exist yet) is written beside its final name and renamed over it, so
a reader never sees half of it and an interruption leaves the old file as it was: the temporary file is
removed on Ctrl-C or SIGTERM (which the command line turns into the same exception), and one left by a run
killed outright (its name holds its process id) is removed by the next write of the same file. Anything else is a
device, a FIFO or a socket the user named on purpose (``-o /dev/null``, ``-o >(gzip > x.gz)``): it is
written *through*, never replaced by a file (replacing ``/dev/null`` with a regular file breaks a machine).
A symlink is followed, so the file it points to is written and the link stays a link.

New files get the usual ``0o666`` less the umask, like any shell redirection; a replaced file keeps its mode.
Every refusal is a `UsageError` (the CLI's exit 2) naming the path and saying what was expected.

After a power cut the file is the old one or the new one, whole, and once the write has returned it is the
new one: the data is fsynced before the rename (else a filesystem may commit the rename before the data,
leaving an empty file under the final name) and the folder after it (else the rename itself may be lost).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from equipref.errors import UsageError

__all__ = ["new_file_mode", "sync_folder", "write_atomically"]


def new_file_mode() -> int:
    """The mode a new file gets from ``open()``: ``0o666`` less the process umask."""
    mask = os.umask(0o022)  # the only way to read the umask is to set it; put it straight back
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: str | Path, data: str | bytes, *, parents: bool = False) -> None:
    """Write ``data`` to ``path``: atomically for a regular file, through a device or FIFO as it is.

    Refuses (with `UsageError`) an empty path, a folder, and a path whose folder does not exist (unless
    ``parents``: equipref's own cache creates its folders; a user's ``-o`` naming a missing folder is a typo).
    An `OSError` from the write itself (a full disk, no permission) propagates with nothing left behind.
    """
    if not str(path):
        raise UsageError("the output path is empty; give a file name, or - for standard output")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    # Follow symlinks to the file they name: the link stays, its target gets the new content.
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UsageError(f"cannot write {_shown(path)}: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{_shown(path)} is a folder; expected a file name inside it")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            _write_through(target, payload)
        except OSError as exc:
            raise _naming(exc, path) from None
        return
    folder = target.parent
    if parents:
        folder.mkdir(parents=True, exist_ok=True)
    if not folder.is_dir():
        raise UsageError(f"cannot write {_shown(path)}: the folder {_shown(folder)} does not exist")
    mode = stat.S_IMODE(st.st_mode) if st is not None else new_file_mode()
    _remove_leftovers(folder, target.name)
    # The name is known before the file exists, so that whatever interrupts (Ctrl-C, SIGTERM, a full disk)
    # the moment it is created, the handler below can remove it.
    tmp = folder / f"{_temporary_prefix(target.name)}{os.getpid()}.{os.urandom(6).hex()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        sync_folder(folder)
    except BaseException as exc:
        if not isinstance(exc, FileExistsError):  # else the name was someone else's: never remove it
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _naming(exc, path) from None
        raise


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _temporary_prefix(name: str) -> str:
    """The start of a temporary file's name for ``name``: hidden, and short enough for any file system."""
    return f".{name[:180]}."


def _remove_leftovers(folder: Path, name: str) -> None:
    """Remove the temporary files that runs killed outright (SIGKILL, a power cut) left beside ``name``: only
    regular files of this user, named as this module names them, whose process no longer exists."""
    pattern = re.compile(re.escape(_temporary_prefix(name)) + r"([0-9]+)\.[0-9a-f]{12}\.tmp")
    try:
        with os.scandir(folder) as entries:
            found = [(e, m) for e in entries if (m := pattern.fullmatch(e.name))]
    except OSError:
        return
    for entry, match in found:
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or _alive(int(match[1])):
                continue
            os.unlink(entry.path)
        except OSError:
            continue


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process, or cannot tell: leave its file alone
    return True


def sync_folder(folder: str | Path | int) -> None:
    """Make the renames and creations in ``folder`` (a path or an open folder's descriptor) survive a power cut.
    Best effort: some filesystems cannot fsync a folder, and the rename stays atomic without it."""
    if isinstance(folder, int):
        try:
            os.fsync(folder)
        except OSError:
            pass
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        sync_folder(fd)
    finally:
        os.close(fd)


def _naming(exc: OSError, path: str | Path) -> OSError:
    """The error with the file the user named (a full disk is reported by ``write()``, which names no file)."""
    if exc.filename is not None and exc.filename != "":
        return exc
    return type(exc)(exc.errno, exc.strerror or str(exc), os.fspath(path))


def _write_through(target: Path, payload: bytes) -> None:
    """Write to a device, FIFO or socket as it is: no temporary file, no rename, no truncation of a device."""
    fd = os.open(target, os.O_WRONLY | os.O_NOCTTY)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _shown(path: str | Path, limit: int = 200) -> str:
    """A path as messages show it: quoted, undecodable bytes and control characters escaped, length capped."""
    text = repr(os.fspath(path))
    return text if len(text) <= limit else text[: limit - 4] + " ..."

"""What a power cut leaves: exports and the site are old or new, whole, once fsynced (the cache need not be).

A power cut cannot be simulated in a test; what can be checked is the order of the calls that make a write
durable: the data of a file is fsynced before it is renamed into place, and its folder after the rename.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from equipref.atomic import write_atomically
from equipref.charts import MARKER
from equipref.site_writer import MANIFEST, write_site


class Journal:
    """Records every fsync (of a file, by inode, or of a folder, by path) and every rename, in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, refuse_folders: bool = False) -> None:
        self.events: list[tuple[str, object]] = []
        real_fsync, real_replace = os.fsync, os.replace

        def fsync(fd: int) -> None:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                self.events.append(("fsync folder", st.st_ino))
                if refuse_folders:  # what some filesystems answer for a folder
                    raise OSError(errno.EINVAL, "Invalid argument")
            else:
                self.events.append(("fsync file", st.st_ino))
            real_fsync(fd)

        def replace(src: str, dst: str, *, src_dir_fd: int | None = None, dst_dir_fd: int | None = None) -> None:
            # A rename is recorded as (the inode renamed, the name it gets): a full path, or the bare name
            # in a folder given by descriptor.
            inode = os.stat(src, dir_fd=src_dir_fd, follow_symlinks=False).st_ino
            self.events.append(("rename", (inode, os.path.realpath(dst) if dst_dir_fd is None else str(dst))))
            real_replace(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)

    def index(self, event: tuple[str, object]) -> int:
        return self.events.index(event)

    def renames(self) -> list[tuple[int, str]]:
        return [what for kind, what in self.events if kind == "rename"]  # type: ignore[misc]


def test_an_export_is_fsynced_before_its_rename_and_its_folder_after(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    journal = Journal(monkeypatch)
    out = tmp_path / "export.json"
    out.write_text("old")
    write_atomically(out, "new content")
    assert out.read_text() == "new content"
    [(inode, target)] = journal.renames()
    assert target == str(out.resolve())
    rename = journal.index(("rename", (inode, target)))
    assert journal.index(("fsync file", inode)) < rename
    assert journal.index(("fsync folder", tmp_path.stat().st_ino)) > rename


def test_a_folder_that_cannot_be_fsynced_still_gets_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    Journal(monkeypatch, refuse_folders=True)
    out = tmp_path / "table.csv"
    write_atomically(out, "a,b\n")
    assert out.read_text() == "a,b\n"


def test_the_cli_export_goes_through_the_durable_write(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from equipref.cli import main

    journal = Journal(monkeypatch)
    out = tmp_path / "catalog.json"
    assert main(["export", "--format", "json", "-o", str(out)]) == 0
    capsys.readouterr()
    [(inode, _)] = [r for r in journal.renames() if r[1] == str(out.resolve())]
    assert journal.index(("fsync file", inode)) < journal.index(("rename", (inode, str(out.resolve()))))


def test_every_site_page_is_fsynced_before_its_rename_and_folders_before_the_manifest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    marker = MARKER.encode("utf-8") + b"\n"  # generated pages open with it, or the next run will not replace them
    pages = {
        rel: marker + f"# {rel}\n".encode() for rel in ("index.md", "systems/a.md", "systems/b.md", "families/x.md")
    }
    out = tmp_path / "site"
    write_site({rel: content + b"old\n" for rel, content in pages.items()}, out)
    journal = Journal(monkeypatch)
    assert write_site(pages, out) == len(pages)
    renames = journal.renames()
    page_renames = [(inode, name) for inode, name in renames if name != MANIFEST]
    assert sorted(name for _, name in page_renames) == sorted(rel.rsplit("/", 1)[-1] for rel in pages)
    for inode, name in renames:  # the pages and the manifest, each whole before it takes its name
        assert journal.index(("fsync file", inode)) < journal.index(("rename", (inode, name))), name
    last_page = max(journal.index(("rename", r)) for r in page_renames)
    final_manifest = max(journal.index(("rename", r)) for r in renames if r[1] == MANIFEST)
    for folder in (out, out / "systems", out / "families"):
        assert ("fsync folder", folder.stat().st_ino) in journal.events[last_page:final_manifest], folder
    assert ("fsync folder", out.stat().st_ino) in journal.events[final_manifest:]

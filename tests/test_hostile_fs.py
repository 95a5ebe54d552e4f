"""A hostile filesystem: special files, FIFOs, symlinks in and out, non-UTF-8 names, read-only folders, full disks.

What equipref writes must never destroy what is not its own, and what it reads must stay bounded. These
cases need Linux (``/dev/full``, FIFOs, bytes file names); elsewhere the whole module skips, visibly.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from equipref.cli import main

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="hostile-filesystem cases need Linux (/dev/full, FIFOs, bytes names)"
)

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> bool:
    """A clean failure: exactly one line on stderr, starting with the program name, and no traceback."""
    return err.count("\n") == 1 and err.startswith("equipref: ") and "Traceback" not in err


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EQUIPREF_CACHE_DIR", str(tmp_path / "cache"))


def read_fifo_in_background(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    got: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread, got


# -- item 1: writes go through special files, never replace them ---------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "sqlite"])
def test_export_to_dev_null_leaves_it_a_device(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, err = run(capsys, "export", "-f", fmt, "-o", "/dev/null")
    assert (code, err) == (0, "")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_through_a_symlink_to_dev_null_keeps_both(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to("/dev/null")
    assert run(capsys, "export", "-f", "json", "-o", str(link))[0] == 0
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_to_dev_full_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "-f", "json", "-o", "/dev/full")
    assert code == 2 and one_line_error(err) and "No space left on device" in err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_export_writes_through_a_fifo(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, got = read_fifo_in_background(fifo)
    assert run(capsys, "export", "-f", "csv", "-o", str(fifo))[0] == 0
    thread.join(10)
    assert got and got[0].startswith(b"entity,entity_id,field")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_export_to_a_symlink_writes_the_file_it_points_to(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run(capsys, "export", "-f", "json", "-o", str(link))[0] == 0
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["system"]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_dash_means_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "export", "-f", fmt, "-o", "-")
    assert code == 0 and out and not (tmp_path / "-").exists()


def test_sqlite_to_stdout_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "-f", "sqlite", "-o", "-")
    assert (code, out) == (2, "") and one_line_error(err)


def test_a_missing_folder_is_an_error_not_created(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "-f", "json", "-o", str(tmp_path / "no" / "such" / "x.json"))
    assert code == 2 and one_line_error(err) and "does not exist" in err
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_a_folder_as_output_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    code, _, err = run(capsys, "export", "-f", fmt, "-o", str(tmp_path))
    assert code == 2 and one_line_error(err) and "is a folder" in err
    assert tmp_path.is_dir()


def test_an_empty_output_name_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "-f", "json", "-o", "")
    assert code == 2 and one_line_error(err)


def test_a_read_only_folder_is_a_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    if IS_ROOT:
        folder = Path("/sys/kernel")  # root ignores permission bits, but not a read-only filesystem
        if not folder.is_dir():
            pytest.skip("running as root without /sys/kernel: no folder root cannot write")
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
    code, _, err = run(capsys, "export", "-f", "json", "-o", str(folder / "x.json"))
    assert code == 2 and one_line_error(err)


# -- item 4: umask and modes ---------------------------------------------------------------------------


def test_new_files_follow_the_umask(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert run(capsys, "export", "-f", "json", "-o", str(tmp_path / "a.json"))[0] == 0
        os.umask(0o027)
        assert run(capsys, "export", "-f", "sqlite", "-o", str(tmp_path / "b.db"))[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.json").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b.db").stat().st_mode) == 0o640
    assert sqlite3.connect(tmp_path / "b.db").execute("SELECT count(*) FROM systems").fetchone()[0] > 0


def test_a_replaced_file_keeps_its_mode(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o604)
    assert run(capsys, "export", "-f", "csv", "-o", str(target))[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o604 and target.read_text(encoding="utf-8") != "old\n"


# -- item 13: interruptions and full disks end cleanly -------------------------------------------------


def test_an_interrupted_export_leaves_the_old_file_and_no_debris(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.json"
    target.write_text("old", encoding="utf-8")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    code, _, err = run(capsys, "export", "-f", "json", "-o", str(target))
    assert code == 130 and one_line_error(err)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["x.json"]
    assert target.read_text(encoding="utf-8") == "old"


def test_ctrl_c_inside_json_serialisation_is_exit_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from equipref.units import Measure

    def interrupted(self: Measure) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(Measure, "__str__", interrupted)  # pydantic wraps it in PydanticSerializationError
    code, _, err = run(capsys, "list", "-f", "json")
    assert code == 130 and one_line_error(err)


@pytest.mark.parametrize("argv", [["list"], ["show", "Type 99"], ["export", "-f", "csv"], ["table", "-f", "json"]])
def test_stdout_on_a_full_disk_is_one_line_and_exit_2(tmp_path: Path, argv: list[str]) -> None:
    env = {**os.environ, "EQUIPREF_CACHE_DIR": str(tmp_path / "cache")}
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "equipref", *argv], stdout=full, stderr=subprocess.PIPE, text=True, env=env
        )
    assert proc.returncode == 2 and one_line_error(proc.stderr) and "No space left" in proc.stderr

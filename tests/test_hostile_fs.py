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
from cli_run import run

pytestmark = [
    pytest.mark.usefixtures("private_cache"),
    pytest.mark.skipif(
        not sys.platform.startswith("linux"),
        reason="hostile-filesystem cases need Linux (/dev/full, FIFOs, bytes names)",
    ),
]

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def one_line_error(err: str) -> bool:
    """A clean failure: exactly one line on stderr, starting with the program name, and no traceback."""
    return err.count("\n") == 1 and err.startswith("equipref: ") and "Traceback" not in err


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
    for fmt in ("json", "sqlite"):
        code, _, err = run(capsys, "export", "-f", fmt, "-o", "/dev/full")
        assert code == 2 and one_line_error(err) and "'/dev/full': No space left on device" in err
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


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "-f", "json", "-o", "{}/x.json"],
        ["export", "-f", "sqlite", "-o", "{}/x.db"],
        ["docs", "--out", "{}/site"],
    ],
)
def test_a_read_only_folder_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    if IS_ROOT:
        folder = Path("/sys/kernel")  # root ignores permission bits, but not a read-only filesystem
        if not folder.is_dir():
            pytest.skip("running as root without /sys/kernel: no folder root cannot write")
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
    code, _, err = run(capsys, *(a.format(folder) for a in argv))
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


# -- items 5 to 8: reads stay bounded; odd names and files are catalog problems ------------------------

SYSTEM = """\
[[source]]
id = "s1"
title = "A page"
publisher = "A publisher"
url = "https://example.org/a-page"
kind = "news"
accessed = "2026-12-07"

[[system]]
id = "zz-1"
name = "ZZ 1"
country = "CN"
role = "MBT"
crew = [{ value = 3, sources = ["s1"] }]
"""


def catalog_with(tmp_path: Path, **files: str | bytes) -> Path:
    folder = tmp_path / "cat"
    folder.mkdir(exist_ok=True)
    (folder / "ok.toml").write_text(SYSTEM, encoding="utf-8")
    for name, content in files.items():
        path = folder / name.replace("__", ".")
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return folder


def run_subprocess(tmp_path: Path, *argv: str | bytes) -> subprocess.CompletedProcess[str]:
    """In a child with a timeout, so that a reader that blocks fails the test instead of hanging the suite."""
    env = {**os.environ, "EQUIPREF_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "equipref", *argv], capture_output=True, text=True, timeout=60, env=env, check=False
    )


@pytest.mark.parametrize("command", [["validate"], ["list", "--catalog"], ["show", "ZZ 1", "--catalog"]])
def test_a_fifo_named_like_a_catalog_file_is_refused_not_waited_on(tmp_path: Path, command: list[str]) -> None:
    folder = catalog_with(tmp_path)
    os.mkfifo(folder / "x.toml")
    proc = run_subprocess(tmp_path, *command, str(folder))
    assert proc.returncode in (1, 2) and "cat/x.toml" in proc.stderr and "FIFO" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_an_endless_device_is_refused(tmp_path: Path, device: str) -> None:
    folder = catalog_with(tmp_path)
    (folder / "zero.toml").symlink_to(device)
    proc = run_subprocess(tmp_path, "validate", str(folder))
    assert proc.returncode == 1 and "cat/zero.toml" in proc.stderr and "character device" in proc.stderr


def test_the_read_is_capped_whatever_st_size_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from equipref.locations import NotReadable, read_bounded

    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * 5000)
    with pytest.raises(NotReadable, match="larger than 4096 bytes"):
        read_bounded(path, 4096)
    assert read_bounded(path, 5000) == b"#" * 5000


@pytest.mark.parametrize("name", ["x.toml", "x.json"])
def test_a_5000_digit_integer_is_a_problem_with_file_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    digits = "9" * 5000
    if name.endswith(".toml"):
        content = SYSTEM.replace('id = "zz-1"', 'id = "zz-2"').replace("value = 3", f"value = {digits}")
    else:
        content = json.dumps({"system": [{"id": "zz-2"}]}).replace(
            '"zz-2"', '"zz-2", "crew": [{"value": ' + digits + "}]"
        )
    folder = catalog_with(tmp_path, **{name.replace(".", "__"): content})
    code, _, err = run(capsys, "validate", str(folder))
    assert code == 1 and f"cat/{name}: value (line " in err and "more than 4300 digits" in err
    assert len(err) < 1000  # the number itself is not echoed whole


def test_a_byte_order_mark_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = catalog_with(tmp_path, bom__toml=b"\xef\xbb\xbf" + SYSTEM.replace("zz-1", "zz-3").encode())
    code, _, err = run(capsys, "validate", str(folder))
    assert code == 1 and "cat/bom.toml" in err and "byte-order mark" in err


def test_non_utf8_file_and_folder_names_work_everywhere(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path) + b"/d\xff"
    os.mkdir(folder)
    with open(folder + b"/\xff.toml", "w", encoding="utf-8") as fh:
        fh.write(SYSTEM)
    name = os.fsdecode(folder)
    for argv in (["show", "ZZ 1", "--catalog", name], ["list", "--catalog", name], ["validate", name]):
        code, out, err = run(capsys, *argv)
        assert code == 0 and "Traceback" not in err, argv
    assert run(capsys, "export", "-f", "sqlite", "-o", str(tmp_path / "x.db"), "--catalog", name)[0] == 0
    files = sqlite3.connect(tmp_path / "x.db").execute("SELECT file FROM systems WHERE id = 'zz-1'").fetchall()
    assert files == [("d\\xff/\\xff.toml",)]
    with open(folder + b"/bad.toml", "w", encoding="utf-8") as fh:
        fh.write("[[nothing]]\n")
    code, _, err = run(capsys, "show", "ZZ 1", "--catalog", name)
    assert code == 2 and "d\\xff/bad.toml" in err


def test_self_referencing_symlinks_are_problems_not_crashes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    for argv in (["show", "ZZ 1", "--catalog", str(loop)], ["list", "--catalog", str(loop)], ["validate", str(loop)]):
        code, _, err = run(capsys, *argv)
        assert code in (1, 2) and "symbolic links" in err and "Traceback" not in err, argv
    folder = catalog_with(tmp_path)
    (folder / "me.toml").symlink_to(folder / "me.toml")
    code, _, err = run(capsys, "show", "ZZ 1", "--catalog", str(folder))
    assert code == 2 and "cat/me.toml" in err and "symbolic links" in err


def test_control_characters_in_file_names_are_escaped_in_messages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = catalog_with(tmp_path)
    (folder / "x\x1b]0;pwned\x07\u202e.toml").write_text("[[nothing]]\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(folder))
    assert code == 1 and "x\\x1b]0;pwned\\x07\\u202e.toml" in err
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err


# -- a disk that fills up while a regular file is written ----------------------------------------------


def test_a_disk_full_during_export_leaves_the_old_file_and_no_debris(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import equipref.atomic

    target = tmp_path / "x.json"
    target.write_text("old", encoding="utf-8")
    real_fdopen = os.fdopen

    def full_disk(fd: int, *args: object, **kwargs: object) -> object:
        os.close(fd)
        return real_fdopen(os.open("/dev/full", os.O_WRONLY), "wb")  # every write fails with ENOSPC

    monkeypatch.setattr(equipref.atomic.os, "fdopen", full_disk)
    code, _, err = run(capsys, "export", "-f", "json", "-o", str(target))
    assert code == 2 and one_line_error(err) and f"{str(target)!r}: No space left on device" in err
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["x.json"]


def test_a_disk_full_during_docs_leaves_the_old_site(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    from equipref import load_catalog
    from equipref.pages import render_site
    from equipref.site_writer import write_site

    out = tmp_path / "site"
    pages = render_site(load_catalog())
    write_site({**pages, "systems/type-99.md": pages["systems/type-99.md"] + b"\nan older version\n"}, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real_fdopen = os.fdopen

    def full_disk(fd: int, *args: object, **kwargs: object) -> object:
        os.close(fd)
        return real_fdopen(os.open("/dev/full", os.O_WRONLY), "wb")  # every write fails with ENOSPC

    monkeypatch.setattr(os, "fdopen", full_disk)
    code, _, err = run(capsys, "docs", "--out", str(out))
    assert code == 2 and one_line_error(err) and "type-99.md': No space left on device" in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".equipref-staging")]

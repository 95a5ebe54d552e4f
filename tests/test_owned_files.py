"""equipref changes only files it wrote: not through a symlinked manifest, not on a crafted manifest's word, not
through a folder swapped for a link mid-run, not in a planted cache link, and not with leftovers after a kill.

These cases need Linux (dir fds, ``O_NOFOLLOW``, POSIX signals); elsewhere the whole module skips, visibly.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run

from equipref.site_writer import MANIFEST, SiteConflict, stale_files, write_site

pytestmark = [
    pytest.mark.usefixtures("private_cache"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux (dir fds, O_NOFOLLOW, signals)"),
]


@pytest.fixture(scope="module")
def pages() -> dict[str, bytes]:
    from equipref import load_catalog
    from equipref.pages import render_site

    return render_site(load_catalog())


def old_version(pages: dict[str, bytes]) -> dict[str, bytes]:
    """The same site from an older catalog: every page differs."""
    return {rel: content + b"\nold\n" for rel, content in pages.items()}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line_error(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("equipref: ") and "Traceback" not in err


# -- a symlinked manifest is never followed ------------------------------------------------------------


@pytest.mark.parametrize("check", [False, True])
def test_a_symlinked_manifest_is_refused_and_its_target_untouched(
    capsys: pytest.CaptureFixture[str], pages: dict[str, bytes], tmp_path: Path, check: bool
) -> None:
    out = tmp_path / "site"
    write_site(pages, out)  # up to date: nothing would need writing
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (out / MANIFEST).unlink()
    (out / MANIFEST).symlink_to(victim)
    code, _, err = run(capsys, "docs", "--out", str(out), *(["--check"] if check else []))
    assert code == 2 and one_line_error(err) and MANIFEST in err and "symbolic link" in err
    assert victim.read_text(encoding="utf-8") == "precious\n" and (out / MANIFEST).is_symlink()


def test_a_dangling_manifest_link_is_refused_and_its_target_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / MANIFEST).symlink_to(tmp_path / "created-by-equipref")
    code, _, err = run(capsys, "docs", "--out", str(out))
    assert code == 2 and one_line_error(err) and "symbolic link" in err
    assert not (tmp_path / "created-by-equipref").exists() and [p.name for p in out.iterdir()] == [MANIFEST]


# -- a crafted manifest cannot make equipref delete or overwrite -----------------------------------------


def crafted_manifest(out: Path, files: dict[str, bytes]) -> None:
    listed = {rel: hashlib.sha256(content).hexdigest() for rel, content in files.items()}
    (out / MANIFEST).write_text(json.dumps({"generator": "equipref docs", "files": listed}), encoding="utf-8")


def test_a_manifest_listing_hand_written_and_empty_files_removes_neither(
    pages: dict[str, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.md").write_bytes(b"# My own notes\n")
    (out / "empty.md").write_bytes(b"")
    (out / "keep").mkdir()
    (out / "keep" / "blank.txt").write_bytes(b"")
    crafted_manifest(out, {"notes.md": b"# My own notes\n", "empty.md": b"", "keep/blank.txt": b""})
    write_site(pages, out)
    assert (out / "notes.md").read_bytes() == b"# My own notes\n"
    assert (out / "empty.md").exists() and (out / "keep" / "blank.txt").exists()


def test_a_crafted_manifest_cannot_make_a_hand_written_page_replaceable(
    pages: dict[str, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.md").write_bytes(b"# My own index\n")
    crafted_manifest(out, {"index.md": b"# My own index\n"})
    with pytest.raises(SiteConflict, match="index.md"):
        write_site(pages, out)
    assert (out / "index.md").read_bytes() == b"# My own index\n"


def test_an_edited_page_that_kept_its_marker_stops_the_run_naming_it(
    capsys: pytest.CaptureFixture[str], pages: dict[str, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    write_site(old_version(pages), out)
    page = out / "systems" / "type-99.md"
    edited = page.read_bytes() + b"\nMy own remark on this tank.\n"
    page.write_bytes(edited)
    before = tree(out)
    code, _, err = run(capsys, "docs", "--out", str(out))
    assert code == 2 and one_line_error(err) and "type-99.md" in err and "edited" in err
    assert page.read_bytes() == edited and tree(out) == before


def test_an_edited_page_that_is_no_longer_generated_is_not_removed(pages: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "site"
    retired = pages["systems/type-99.md"]
    write_site({**pages, "systems/retired.md": retired}, out)
    (out / "systems" / "retired.md").write_bytes(retired + b"\nkept by hand\n")
    write_site(pages, out)
    assert (out / "systems" / "retired.md").read_bytes().endswith(b"kept by hand\n")


# -- a folder swapped for a link between planning and writing ------------------------------------------


@pytest.mark.parametrize("existing", [True, False])
def test_a_folder_swapped_for_a_link_while_staging_is_not_followed(
    pages: dict[str, bytes], tmp_path: Path, existing: bool
) -> None:
    out = tmp_path / "site"
    if existing:
        write_site(old_version(pages), out)
    else:
        out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def swap(done: int, total: int, name: str) -> None:
        if done == 1:  # planned, not yet swapped in: replace the folder with a link out of the site
            if existing:
                (out / "systems").rename(out / "systems-moved")
            (out / "systems").symlink_to(elsewhere, target_is_directory=True)

    with pytest.raises(SiteConflict, match="symbolic link"):
        write_site(pages, out, swap)
    assert list(elsewhere.iterdir()) == []
    assert not [p for p in out.iterdir() if p.name.startswith(".equipref-staging")]


# -- a manifest no run of equipref could have written ------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"files": {"a\u0000b.md": "0" * 64}}),
        json.dumps({"files": {"x" * 300 + ".md": "0" * 64}}),
        json.dumps({"files": {"systems/" + "y" * 300 + ".md": "0" * 64}}),
        '{"files": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"files": {"index.md": "' + "0" * 64 + '", "index.md": "' + "1" * 64 + '"}}',
    ],
    ids=["nul", "long-name", "long-name-in-folder", "deep", "duplicate-key"],
)
@pytest.mark.parametrize("check", [False, True])
def test_a_manifest_with_impossible_entries_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, body: str, check: bool
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / MANIFEST).write_text(body, encoding="utf-8")
    code, _, err = run(capsys, "docs", "--out", str(out), *(["--check"] if check else []))
    assert code == 2 and one_line_error(err) and MANIFEST in err, err[:500]
    assert len(err) < 1000 and "\x00" not in err


def test_the_swap_still_brings_the_site_up_to_date(pages: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(old_version(pages), out)
    (out / "mine.txt").write_text("mine\n", encoding="utf-8")
    assert write_site(pages, out) == len(pages)
    assert stale_files(pages, out) == [] and (out / "mine.txt").read_text(encoding="utf-8") == "mine\n"
    assert sorted(os.listdir(out)) == sorted({MANIFEST, "mine.txt", *(rel.split("/")[0] for rel in pages)})


# -- the cache folder ----------------------------------------------------------------------------------


def test_a_symlink_as_the_cache_folder_is_not_followed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "planted").symlink_to(real, target_is_directory=True)
    monkeypatch.setenv("EQUIPREF_CACHE_DIR", str(tmp_path / "planted"))
    first = run(capsys, "list")
    assert first[0] == 0 and run(capsys, "list") == first  # answered, just not kept
    assert list(real.iterdir()) == [] and (tmp_path / "planted").is_symlink()


def test_a_same_length_bit_flip_in_a_kept_answer_is_a_miss(
    capsys: pytest.CaptureFixture[str], private_cache: Path
) -> None:
    code, out, _ = run(capsys, "show", "Type 99")
    assert code == 0 and "Type 99" in out
    (entry,) = [p for p in private_cache.rglob("a-*.bin")]
    data = entry.read_bytes()
    at = data.rindex(b"Type 99") + len("Type 9")
    entry.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :])  # '9' -> '8': one bit
    assert run(capsys, "show", "Type 99") == (code, out, "")


# -- killed mid-write: the old file intact, no leftovers ------------------------------------------------

PAUSED = """\
import os, sys, time
real_replace = os.replace
def paused(src, dst, **fds):
    if str(src).endswith(".tmp") and not str(dst).endswith(".bin"):
        print("ready", flush=True)
        time.sleep(60)
    real_replace(src, dst, **fds)
os.replace = paused
from equipref.cli import main
sys.exit(main(sys.argv[1:]))
"""


def child_env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "tmpdir").mkdir(exist_ok=True)
    return {**os.environ, "EQUIPREF_CACHE_DIR": str(tmp_path / "cache"), "TMPDIR": str(tmp_path / "tmpdir")}


def paused_child(tmp_path: Path, *argv: str) -> subprocess.Popen[str]:
    """equipref in a child that stops just before its first rename into place, having said so."""
    script = tmp_path / "paused.py"
    script.write_text(PAUSED, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(tmp_path),
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 120)
    if not ready or proc.stdout.readline() != "ready\n":
        proc.kill()
        pytest.fail(f"the child never reached the rename: {proc.communicate(timeout=30)}")
    return proc


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
@pytest.mark.parametrize("fmt", ["sqlite", "json"])
def test_a_signal_mid_export_leaves_the_old_file_and_nothing_else(
    tmp_path: Path, sig: signal.Signals, code: int, fmt: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.db").write_bytes(b"old")
    proc = paused_child(tmp_path, "export", "-f", fmt, "-o", str(out / "x.db"))
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code and one_line_error(err), err
    assert (out / "x.db").read_bytes() == b"old" and leftovers(out, {"x.db"}) == []
    assert list((tmp_path / "tmpdir").iterdir()) == []


def test_after_a_kill_the_next_export_cleans_up(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.db").write_bytes(b"old")
    mine = out / ".x.db.12345.notmine.tmp"  # a user's own file, merely named alike
    mine.write_bytes(b"mine")
    proc = paused_child(tmp_path, "export", "-f", "sqlite", "-o", str(out / "x.db"))
    proc.kill()
    proc.communicate(timeout=60)
    assert (out / "x.db").read_bytes() == b"old"
    subprocess.run(
        [sys.executable, "-m", "equipref", "export", "-f", "sqlite", "-o", str(out / "x.db")],
        env=child_env(tmp_path),
        check=True,
        timeout=120,
        capture_output=True,
    )
    assert (out / "x.db").read_bytes().startswith(b"SQLite format 3")
    assert leftovers(out, {"x.db"}) == [mine.name] and list((tmp_path / "tmpdir").iterdir()) == []


def test_sigterm_while_docs_stages_leaves_the_old_site(pages: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(old_version(pages), out)
    before = tree(out)
    script = tmp_path / "docs_paused.py"
    script.write_text(
        PAUSED.replace('if str(src).endswith(".tmp") and not str(dst).endswith(".bin"):', "if False:").replace(
            "from equipref.cli import main",
            "import equipref.site_writer as w\nreal_new = w._new_file\n"
            "def new_file(*a):\n    real_new(*a)\n    print('ready', flush=True)\n    time.sleep(60)\n"
            "w._new_file = new_file\nfrom equipref.cli import main",
        ),
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, str(script), "docs", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(tmp_path),
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 120)
    assert ready and proc.stdout.readline() == "ready\n"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and one_line_error(err), err
    assert tree(out) == before and not [p for p in out.iterdir() if p.name.startswith(".equipref-staging")]


def test_an_interrupt_right_after_the_temporary_file_is_made_does_not_leak_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.json"
    target.write_text("old", encoding="utf-8")
    real_open = os.open

    def open_then_interrupted(path: object, *args: object, **kwargs: object) -> int:
        fd = real_open(path, *args, **kwargs)  # type: ignore[arg-type]
        if str(path).endswith(".tmp"):
            raise KeyboardInterrupt  # Ctrl-C the moment the file exists, before anyone holds its name
        return fd

    monkeypatch.setattr(os, "open", open_then_interrupted)
    code, _, err = run(capsys, "export", "-f", "json", "-o", str(target))
    assert code == 130 and one_line_error(err)
    monkeypatch.undo()
    assert leftovers(tmp_path, {"x.json", "cache"}) == [] and target.read_text(encoding="utf-8") == "old"

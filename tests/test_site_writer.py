"""``equipref docs --out DIR`` never destroys what it did not write, does not follow links, and swaps the site as a whole."""

from __future__ import annotations

import os
import signal
import stat
import sys
from pathlib import Path

import pytest

from equipref.cli import main
from equipref.site_writer import MANIFEST, SiteConflict, stale_files, write_site


@pytest.fixture(scope="module")
def pages() -> dict[str, bytes]:
    from equipref.pages import render_site

    return render_site(__import__("equipref").load_catalog())


def old_version(pages: dict[str, bytes]) -> dict[str, bytes]:
    """The same site from an older catalog: every page differs, and one page is gone since."""
    return {**{rel: content + b"\nold\n" for rel, content in pages.items()}, "systems/retired.md": pages["index.md"]}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("rel", ["index.md", "sources.md", "systems/type-99.md"])
def test_a_hand_written_file_stops_the_run_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rel: str
) -> None:
    out = tmp_path / "site"
    (out / "systems").mkdir(parents=True)
    (out / rel).write_text("# My own notes\n", encoding="utf-8")
    before = snapshot(out)
    code = main(["docs", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and rel.split("/")[-1] in err and "Traceback" not in err
    assert snapshot(out) == before and not (out / MANIFEST).exists()  # nothing at all was written


def test_files_quoting_the_marker_are_never_deleted(pages: dict[str, bytes], tmp_path: Path) -> None:
    from equipref.charts import MARKER

    write_site(old_version(pages), tmp_path)
    (tmp_path / "notes.md").write_text(f"Pages starting with {MARKER} are generated.\n", encoding="utf-8")
    (tmp_path / "systems" / "mine.md").write_text(f"{MARKER}\n\n# Copied, then mine\n", encoding="utf-8")
    write_site(pages, tmp_path)
    assert (tmp_path / "notes.md").exists() and (tmp_path / "systems" / "mine.md").exists()
    assert not (tmp_path / "systems" / "retired.md").exists()  # it was ours: the manifest lists it
    assert stale_files(pages, tmp_path) == []


def test_an_edited_generated_page_that_lost_the_marker_is_a_conflict(pages: dict[str, bytes], tmp_path: Path) -> None:
    write_site(old_version(pages), tmp_path)
    (tmp_path / "systems" / "retired.md").write_text("# Rewritten by hand\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("# Rewritten by hand\n", encoding="utf-8")
    with pytest.raises(SiteConflict, match="index.md"):
        write_site(pages, tmp_path)
    assert (tmp_path / "index.md").read_text(encoding="utf-8") == "# Rewritten by hand\n"


def test_a_symlinked_subfolder_is_not_followed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "site"
    out.mkdir()
    (out / "systems").symlink_to(elsewhere, target_is_directory=True)
    code = main(["docs", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "systems" in err and "symbolic link" in err
    assert list(elsewhere.iterdir()) == [] and sorted(p.name for p in out.iterdir()) == ["systems"]


def test_a_symlink_where_a_page_goes_is_not_written_through(pages: dict[str, bytes], tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.md").symlink_to(victim)
    with pytest.raises(SiteConflict, match="not a regular file"):
        write_site(pages, out)
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_interrupted_while_staging_leaves_the_old_site_whole(pages: dict[str, bytes], tmp_path: Path) -> None:
    old = old_version(pages)
    write_site(old, tmp_path)
    before = snapshot(tmp_path)

    def interrupt(done: int, total: int, name: str) -> None:
        if done == total // 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_site(pages, tmp_path, interrupt)
    assert snapshot(tmp_path) == before and stale_files(old, tmp_path) == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".equipref-staging")]


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")
def test_ctrl_c_during_the_swap_is_held_until_the_new_site_is_whole(
    pages: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(old_version(pages), tmp_path)
    real_replace = os.replace
    calls: list[object] = []

    def replace_then_interrupt(src: str, dst: str, **fds: int) -> None:
        calls.append(dst)
        if len(calls) == 3:
            signal.raise_signal(signal.SIGINT)  # what Ctrl-C does, in the middle of the swap
        real_replace(src, dst, **fds)

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    # Python's own Ctrl-C handler, whatever an earlier test (or a browser driver) left installed.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            write_site(pages, tmp_path)
    finally:
        signal.signal(signal.SIGINT, previous)
    monkeypatch.undo()
    assert len(calls) > 3 and stale_files(pages, tmp_path) == []  # delivered only once the site was whole


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads where a descriptor points in /proc")
def test_the_index_is_swapped_in_after_the_pages_it_links_to(
    pages: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(old_version(pages), tmp_path)
    order: list[str] = []
    real_replace = os.replace

    def record(src: str, dst: str, **fds: int) -> None:
        # The writer renames within folders it holds open: where a page went is its folder's path and its name.
        folder = Path(os.readlink(f"/proc/self/fd/{fds['dst_dir_fd']}")) if "dst_dir_fd" in fds else Path()
        order.append((folder / dst).relative_to(tmp_path.resolve()).as_posix())
        real_replace(src, dst, **fds)

    monkeypatch.setattr(os, "replace", record)
    write_site(pages, tmp_path)
    swapped = [rel for rel in order if not rel.startswith(".")]
    assert swapped[-1] == "index.md" and swapped.index("systems/index.md") > swapped.index("systems/type-99.md")


def test_pages_follow_the_umask_and_keep_their_mode(pages: dict[str, bytes], tmp_path: Path) -> None:
    old_mask = os.umask(0o022)
    try:
        write_site(old_version(pages), tmp_path)
        (tmp_path / "sources.md").chmod(0o664)
        write_site(pages, tmp_path)
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((tmp_path / "index.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "systems" / "type-99.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "sources.md").stat().st_mode) == 0o664


def test_docs_out_a_file_is_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("mine\n", encoding="utf-8")
    assert main(["docs", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert "not a folder" in err and err.count("\n") == 1 and target.read_text(encoding="utf-8") == "mine\n"


def test_docs_check_outside_a_checkout_says_there_is_no_docs_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["docs", "--check"]) == 2
    err = capsys.readouterr().err
    assert "there is no folder docs here" in err and err.count("\n") == 1


def test_a_damaged_manifest_stops_the_run(pages: dict[str, bytes], tmp_path: Path) -> None:
    write_site(old_version(pages), tmp_path)
    (tmp_path / MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(SiteConflict, match="cannot be read"):
        write_site(pages, tmp_path)


def test_staging_left_by_a_killed_run_is_removed_but_nothing_like_it(pages: dict[str, bytes], tmp_path: Path) -> None:
    abandoned = tmp_path / ".equipref-staging-abc123"
    abandoned.mkdir()
    (abandoned / "0.tmp").write_bytes(b"half a page")
    lookalike = tmp_path / ".equipref-staging-mine"
    lookalike.mkdir()
    (lookalike / "notes.txt").write_text("mine\n", encoding="utf-8")
    write_site(pages, tmp_path)
    assert not abandoned.exists() and (lookalike / "notes.txt").exists()

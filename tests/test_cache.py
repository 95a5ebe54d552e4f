"""The answer cache: a replayed answer is the computed one, it is never stale, and it is safe to share."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cli_run import run

from equipref import cache

# A read command of every kind, each with an argument that changes its answer.
COMMANDS = [
    ["table"],
    ["list", "--country", "RU"],
    ["show", "Type 99"],
    ["compare", "PHL-03", "Tornado-S"],
    ["counterparts", "Type 99", "--country", "RU"],
    ["match", "4.921 in"],
    ["sources"],
]
#: Commands that print several tables, and one of them (CSV holds one table).
ONE_OF_SEVERAL = {"show": "armament", "compare": "pairs"}
FORMATS = [[], ["--format", "json"], ["--format", "csv"], ["--format", "github"], ["--units", "imperial"]]


@pytest.fixture
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("EQUIPREF_CACHE_DIR", str(folder))
    return folder


def entries(base: Path) -> list[Path]:
    return sorted(base.glob("store-*/a-*.bin"))


def no_computing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, any command that computes its answer instead of replaying it fails the test."""

    def refuse(args: object) -> object:
        raise AssertionError("computed, not replayed from the cache")

    monkeypatch.setattr("equipref.cli.load_for", refuse)


def write_catalog(folder: Path, n: int, name: str = "Synth") -> Path:
    """A small catalog of ``n`` systems on top of the built-in one, shaped like the real files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "shared.toml").write_text(
        '[[source]]\nid = "synth"\ntitle = "Synthetic"\npublisher = "tests"\nkind = "reference"\n', encoding="utf-8"
    )
    for i in range(n):
        (folder / f"s{i}.toml").write_text(
            f'[[weapon]]\nid = "synth-gun-{i}"\nname = "{name} gun {i}"\nkind = "tank-gun"\n'
            f'caliber = [{{ value = "{100 + i} mm", sources = ["synth"] }}]\n\n'
            f'[[system]]\nid = "synth-{i}"\nname = "{name} {i}"\ncountry = "{"CN" if i % 2 else "RU"}"\nrole = "MBT"\n'
            f'combat_weight = [{{ value = "{40 + i} t", sources = ["synth"] }}]\n'
            f'[[system.armament]]\nweapon = "synth-gun-{i}"\n',
            encoding="utf-8",
        )
    return folder


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: " ".join(f) or "default")
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_replayed_answer_is_the_computed_one(
    capsys: pytest.CaptureFixture[str], base: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], fmt: list[str]
) -> None:
    argv = [*command, *fmt]
    if "csv" in fmt and command[0] in ONE_OF_SEVERAL:
        argv += ["--table", ONE_OF_SEVERAL[command[0]]]  # CSV is one table
    monkeypatch.setenv("EQUIPREF_CACHE_DIR", str(base / "unused"))
    monkeypatch.setattr(cache, "store", lambda base=None: None)  # no cache at all: the full path
    full = run(capsys, *argv)
    monkeypatch.undo()
    monkeypatch.setenv("EQUIPREF_CACHE_DIR", str(base))
    assert full[0] == 0 and full[1]
    assert run(capsys, *argv) == full  # computed, then kept
    no_computing(monkeypatch)
    assert run(capsys, *argv) == full  # replayed


@pytest.mark.parametrize("command", COMMANDS[:3] + [["show", "Synth 3"], ["compare", "Synth 2", "Synth 3"]])
def test_a_replayed_answer_is_the_computed_one_on_a_synthetic_catalog(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    argv = [*command, "--catalog", str(write_catalog(tmp_path / "synth", 8))]
    with monkeypatch.context() as m:
        m.setattr(cache, "store", lambda base=None: None)
        full = run(capsys, *argv)
    assert full[0] == 0 and full[1]
    assert run(capsys, *argv) == full
    no_computing(monkeypatch)
    assert run(capsys, *argv) == full


def test_an_edit_that_keeps_size_and_time_is_seen(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:
    mine = write_catalog(tmp_path / "mine", 2, name="Alpha")
    edited = mine / "s1.toml"
    before = os.stat(edited)
    assert run(capsys, "show", "Alpha 1", "--catalog", str(mine))[0] == 0
    edited.write_text(edited.read_text(encoding="utf-8").replace("Alpha", "Omega"), encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(edited)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    code, out, _ = run(capsys, "show", "Omega 1", "--catalog", str(mine))
    assert code == 0 and "Omega 1" in out
    assert run(capsys, "show", "Alpha 1", "--catalog", str(mine))[0] == 2


def test_two_catalog_states_do_not_evict_each_other(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = str(write_catalog(tmp_path / "mine", 3))
    builtin = run(capsys, "show", "Type 99")
    with_mine = run(capsys, "show", "Type 99", "--catalog", mine)
    assert len(entries(base)) == 2
    no_computing(monkeypatch)
    for _ in range(3):
        assert run(capsys, "show", "Type 99") == builtin
        assert run(capsys, "show", "Type 99", "--catalog", mine) == with_mine


@pytest.mark.parametrize(
    "damage",
    [b"", b"[]", b"\xff\xfe\x00garbage", b"equipref answer 1\n", None, "wrong key", "truncated", "not utf-8"],
    ids=["empty", "json list", "binary", "header only", "a folder", "wrong key", "truncated", "not utf-8"],
)
def test_a_damaged_entry_is_a_miss_that_rebuilds(
    capsys: pytest.CaptureFixture[str], base: Path, damage: bytes | str | None
) -> None:
    first = run(capsys, "list", "--country", "CN")
    (entry,) = entries(base)
    good = entry.read_bytes()
    if damage is None:
        entry.unlink()
        entry.mkdir()
    elif damage == "wrong key":
        entry.write_bytes(good.replace(entry.name[2:66].encode(), b"0" * 64))
    elif damage == "truncated":
        entry.write_bytes(good[:-10])
    elif damage == "not utf-8":
        entry.write_bytes(good.replace(b"Type 99", b"Type \xff9"))
    else:
        entry.write_bytes(damage)
    assert run(capsys, "list", "--country", "CN") == first
    if damage is not None:
        assert entry.read_bytes() == good  # replaced by the rebuilt answer


def test_only_our_own_files_are_ever_deleted(
    capsys: pytest.CaptureFixture[str], base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = [base / "catalog-mine" / "index.json", base / "notes.txt", base / "a-" / "x"]
    for path in theirs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("mine", encoding="utf-8")
    monkeypatch.setattr(cache, "MAX_ANSWERS", 2)
    for option, value in (
        ("--country", "CN"),
        ("--country", "RU"),
        ("--role", "MBT"),
        ("--role", "IFV"),
        ("--country", "cn"),
    ):
        assert run(capsys, "list", option, value)[0] == 0
    store_dir = entries(base)[0].parent
    (store_dir / "a-my-own-file.bin").write_text("mine", encoding="utf-8")
    assert run(capsys, "list", "--role", "SPH")[0] == 0
    assert len(entries(base)) == 3  # two of ours and the one we did not make
    assert all(path.read_text(encoding="utf-8") == "mine" for path in theirs)
    assert (store_dir / "a-my-own-file.bin").exists()


def test_least_recently_used_answers_go_first(
    capsys: pytest.CaptureFixture[str], base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ANSWERS", 2)
    old = run(capsys, "list", "--country", "CN")
    run(capsys, "list", "--country", "RU")
    for age, entry in enumerate(entries(base)):
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))  # both long ago
    cn = next(e for e in entries(base) if b"Type 99" in e.read_bytes())
    assert run(capsys, "list", "--country", "CN") == old  # a hit makes it the most recent
    run(capsys, "sources")
    assert cn.exists() and len(entries(base)) == 2


def test_a_planted_store_link_is_not_followed(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    honest = run(capsys, "show", "Type 99")
    (entry,) = entries(base)
    store_name = entry.parent.name
    evil = tmp_path / "evil"
    evil.mkdir(mode=0o700)
    (evil / ".equipref-cache").write_bytes((entry.parent / ".equipref-cache").read_bytes())
    forged = entry.read_bytes().replace(b"Type 99", b"PWNED 1")
    (evil / entry.name).write_bytes(forged)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / store_name).symlink_to(evil)
    monkeypatch.setenv("EQUIPREF_CACHE_DIR", str(shared))
    assert run(capsys, "show", "Type 99") == honest
    assert sorted(p.name for p in evil.iterdir()) == sorted([".equipref-cache", entry.name])
    assert (evil / entry.name).read_bytes() == forged


def test_a_planted_entry_link_is_not_followed(capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path) -> None:
    honest = run(capsys, "show", "Type 99")
    (entry,) = entries(base)
    forged = tmp_path / "forged.bin"
    forged.write_bytes(entry.read_bytes().replace(b"Type 99", b"PWNED 1"))
    entry.unlink()
    entry.symlink_to(forged)
    assert run(capsys, "show", "Type 99") == honest
    assert not entry.is_symlink() and b"PWNED" not in entry.read_bytes()
    assert b"PWNED" in forged.read_bytes()


def test_a_directory_others_can_write_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert cache.store(shared) is None
    monkeypatch.setenv("EQUIPREF_CACHE_DIR", str(shared))
    code, out, _ = run(capsys, "show", "Type 99")
    assert code == 0 and "Type 99" in out
    assert list(shared.iterdir()) == []
    shared.chmod(0o777 | stat.S_ISVTX)  # like /tmp: others cannot remove or rename what is ours
    assert cache.store(shared) is not None


def test_a_folder_we_did_not_make_is_left_alone(capsys: pytest.CaptureFixture[str], base: Path) -> None:
    assert run(capsys, "sources")[0] == 0
    (entry,) = entries(base)
    (entry.parent / ".equipref-cache").unlink()  # now nothing proves the folder is ours
    before = sorted(p.name for p in entry.parent.iterdir())
    assert run(capsys, "list")[0] == 0
    assert sorted(p.name for p in entry.parent.iterdir()) == before


def test_an_evicted_entry_stays_readable_to_whoever_opened_it(base: Path) -> None:
    where = cache.store()
    assert where is not None
    key = "ab" * 32
    where.put("answer", key, b"first")
    path = os.path.join(where.folder, f"a-{key}.bin")
    with open(path, "rb") as reader:
        os.unlink(path)  # another process evicts it
        where.put("answer", key, b"second")  # and another writes it anew
        assert reader.read().endswith(b"first")  # after the entry's checksum
    assert where.get("answer", key) == b"second"


def test_check_is_answered_by_the_content_of_its_file(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "article.txt"
    article.write_text("The PHL-03 fires rockets up to 130 km.\n", encoding="utf-8")
    first = run(capsys, "check", str(article))
    assert first[0] == 0 and "130 km" in first[1]
    assert run(capsys, "check", str(article)) == first
    article.write_text("The PHL-03 fires rockets up to 150 km.\n", encoding="utf-8")  # same size
    second = run(capsys, "check", str(article))
    assert "150 km" in second[1] and second != first
    no_computing(monkeypatch)
    assert run(capsys, "check", str(article)) == second


def test_an_argument_naming_a_huge_folder_is_not_walked_to_key_the_answer(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`show .` in a home folder must not hash the whole home folder: past a bound, the answer is not kept."""
    big = tmp_path / "big"
    for i in range(300):
        (big / f"d{i}").mkdir(parents=True)
    monkeypatch.setattr(cache, "_MAX_ENTRIES", 200)  # the built-in catalog holds fewer
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "show", "big")
    assert code == 2 and "no system named 'big'" in err
    assert run(capsys, "list")[0] == 0 and len(entries(base)) == 1  # small inputs are still kept

"""The compiled catalog: read back, it is the validated catalog, model for model; never stale or trusted damaged."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from equipref import CatalogError, load_catalog, snapshot
from equipref.catalog import Catalog


def same(a: Any, b: Any, where: str = "catalog") -> None:
    """Equal, of the same types all the way down, with the same set fields (what exclude_unset dumps)."""
    assert type(a) is type(b), where
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set, where
        assert list(a.__dict__) == list(b.__dict__), where
        for name in type(a).model_fields:
            same(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif isinstance(a, tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def write_catalog(folder: Path, name: str = "Alpha") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.toml").write_text(
        '[[source]]\nid = "mine"\ntitle = "Mine"\npublisher = "me"\nkind = "analysis"\n\n'
        f'[[system]]\nid = "my-tank"\nname = "{name} tank"\ncountry = "CN"\nrole = "MBT"\n'
        'combat_weight = [{ value = "41.5 t", sources = ["mine"], hedge = "about" }]\n',
        encoding="utf-8",
    )
    return folder


pytestmark = pytest.mark.usefixtures("private_cache")


def no_validating(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> object:
        raise AssertionError("validated again instead of read from the snapshot")

    monkeypatch.setattr("equipref.catalog._read_layer", refuse)


def test_a_snapshot_reads_back_as_the_validated_catalog(tmp_path: Path) -> None:
    for paths in [(), (write_catalog(tmp_path / "mine"),)]:
        validated = load_catalog(*paths, builtin=True)
        data, files = snapshot.decode(snapshot.encode(validated.data, validated.files))
        same(validated.data, data)
        assert data.model_dump_json() == validated.data.model_dump_json()
        assert data.model_dump_json(exclude_unset=True) == validated.data.model_dump_json(exclude_unset=True)
        assert repr(data) == repr(validated.data)
        assert files == validated.files


def test_construct_is_model_construct(catalog: Catalog) -> None:
    seen = set()
    stack: list[Any] = [catalog.data]
    while stack:
        model = stack.pop()
        if isinstance(model, tuple):
            stack.extend(model)
        if not isinstance(model, BaseModel):
            continue
        fields = {name: getattr(model, name) for name in model.model_fields_set}
        a, b = type(model).model_construct(**fields), snapshot.construct(type(model), fields)
        same(a, b, type(model).__name__)
        assert repr(a) == repr(b) and a == b == model
        seen.add(type(model))
        stack.extend(getattr(model, name) for name in type(model).model_fields)
    assert len(seen) >= 8


def test_the_second_load_reads_the_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = write_catalog(tmp_path / "mine")
    first = load_catalog(mine, builtin=True)
    no_validating(monkeypatch)
    same(load_catalog(mine, builtin=True).data, first.data)


def test_an_edit_that_keeps_size_and_time_is_validated_again(tmp_path: Path) -> None:
    mine = write_catalog(tmp_path / "mine", "Alpha")
    before = os.stat(mine / "mine.toml")
    assert load_catalog(mine, builtin=True).get("Alpha tank") is not None
    write_catalog(mine, "Omega")
    os.utime(mine / "mine.toml", ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(mine / "mine.toml").st_size == before.st_size
    again = load_catalog(mine, builtin=True)
    assert again.get("Omega tank") is not None and again.get("Alpha tank") is None


@pytest.mark.parametrize("damage", [b"", b"[]", b"{}", b"\xff", b'{"format": "equipref snapshot 1"}'])
def test_a_damaged_snapshot_is_validated_again(tmp_path: Path, damage: bytes) -> None:
    mine = write_catalog(tmp_path / "mine")
    first = load_catalog(mine, builtin=True)
    load_catalog(mine, builtin=True)  # the second load of a state keeps it whole too
    kept = sorted((tmp_path / "cache").glob("store-*/s-*.bin"))
    assert len(kept) == 3  # the catalog, and each of its two folders
    for path in kept:
        path.write_bytes(damage)
    same(load_catalog(mine, builtin=True).data, first.data)
    same(load_catalog(mine, builtin=True).data, first.data)
    assert all(path.read_bytes() != damage for path in kept)  # replaced (the whole on the second load)


def test_a_snapshot_with_a_forged_field_is_refused(tmp_path: Path) -> None:
    mine = write_catalog(tmp_path / "mine")
    load_catalog(mine, builtin=True)
    for kept in (tmp_path / "cache").glob("store-*/s-*.bin"):
        kept.write_bytes(kept.read_bytes().replace(b'"name":"Alpha tank"', b'"nmae":"Alpha tank"'))
    assert load_catalog(mine, builtin=True).get("Alpha tank") is not None


def test_a_catalog_with_problems_is_never_kept(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.toml").write_text('[[system]]\nid = "x"\nname = "X"\ncountry = "CN"\nrole = "TANK"\n', encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogError):
            load_catalog(bad, builtin=True)
    kept = list((tmp_path / "cache").glob("store-*/s-*.bin"))
    assert len(kept) == 1 and b'"name":"X"' not in kept[0].read_bytes()  # the built-in folder's entries only


def test_after_an_edit_only_the_edited_folder_is_validated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = write_catalog(tmp_path / "mine", "Alpha")
    load_catalog(mine, builtin=True)
    write_catalog(mine, "Omega")
    from equipref import catalog as catalog_module

    read = catalog_module._read_layer
    validated: list[Path] = []

    def recording(root: Path, *args: Any) -> Any:
        validated.append(root)
        return read(root, *args)

    monkeypatch.setattr(catalog_module, "_read_layer", recording)
    edited = load_catalog(mine, builtin=True)
    assert validated == [mine]
    assert edited.get("Omega tank") is not None and edited.get("Alpha tank") is None
    monkeypatch.undo()
    same(edited.data, snapshot.decode(snapshot.encode(edited.data, edited.files))[0])
    again = load_catalog(mine, builtin=True)
    assert snapshot.encode(edited.data, edited.files) == snapshot.encode(again.data, again.files)


# -- the built-in catalog as a wheel ships it ----------------------------------------------------------


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A compiled built-in catalog where a wheel has it (the build hook writes it with `ship_builtin`)."""
    from equipref.catalog import ship_builtin

    out = tmp_path / "wheel" / snapshot.SHIPPED
    out.parent.mkdir()
    ship_builtin(out)
    monkeypatch.setattr(snapshot, "shipped_file", lambda: str(out))
    return out


def test_the_shipped_catalog_is_the_validated_one(shipped: Path) -> None:
    from equipref.locations import builtin_catalog_path

    root = builtin_catalog_path()
    kept = snapshot.load_shipped(root)
    assert kept is not None
    validated = load_catalog(root, builtin=False)
    same(validated.data, kept[0])
    assert kept[1] == validated.files
    assert load_catalog().roots == validated.roots
    assert str(root).encode() not in shipped.read_bytes()  # nothing of the machine it was built on


def test_the_first_load_after_an_install_reads_the_shipped_catalog(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    shutil.rmtree(tmp_path / "cache")  # what ship() kept while it validated: an install has no cache yet
    no_validating(monkeypatch)
    catalog = load_catalog()
    assert catalog.get("Type 99") is not None
    assert not list((tmp_path / "cache").glob("store-*/s-*.bin"))  # nothing validated, so nothing kept


def test_the_shipped_catalog_is_not_used_for_other_files(shipped: Path, tmp_path: Path) -> None:
    from equipref.locations import builtin_catalog_path

    edited = tmp_path / "edited"
    import shutil

    shutil.copytree(builtin_catalog_path(), edited)
    assert snapshot.load_shipped(edited) is not None  # the same content anywhere: the same catalog
    first = sorted(edited.rglob("*.toml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert snapshot.load_shipped(edited) is None


@pytest.mark.parametrize("damage", [b"", b"[]", b"\xff", b'{"format": "equipref snapshot 1"}'])
def test_a_damaged_shipped_catalog_is_validated_instead(shipped: Path, damage: bytes) -> None:
    shipped.write_bytes(damage)
    assert load_catalog().get("Type 99") is not None


def test_a_shipped_catalog_made_by_other_code_is_not_used(shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from equipref.locations import builtin_catalog_path

    root = builtin_catalog_path()
    real = snapshot.shipped_key(root)
    import equipref.cache

    code = shipped.parent / "code"
    code.mkdir()
    (code / "model.py").write_text("# another version of equipref\n", encoding="utf-8")
    monkeypatch.setattr(equipref.cache, "PACKAGE", str(code))
    assert snapshot.shipped_key(root) != real
    assert snapshot.load_shipped(root) is None


def test_the_first_load_after_an_edit_keeps_the_folders_and_the_second_the_whole(tmp_path: Path) -> None:
    mine = write_catalog(tmp_path / "mine")
    load_catalog(mine, builtin=True)
    assert len(list((tmp_path / "cache").glob("store-*/s-*.bin"))) == 2  # each folder
    load_catalog(mine, builtin=True)
    assert len(list((tmp_path / "cache").glob("store-*/s-*.bin"))) == 3  # and now the catalog whole
    write_catalog(mine, "Omega")
    assert load_catalog(mine, builtin=True).get("Omega tank") is not None
    assert len(list((tmp_path / "cache").glob("store-*/s-*.bin"))) == 4  # the edited folder alone


@pytest.mark.parametrize(
    "argv",
    [
        ["table"],
        ["list", "-f", "json"],
        ["show", "Type 99"],
        ["compare", "PHL-03", "Tornado-S", "-f", "github"],
        ["counterparts", "Type 99", "--country", "RU"],
        ["sources", "-f", "csv"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_every_command_answers_the_same_from_the_shipped_catalog(
    shipped: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    from cli_run import run

    from equipref import cache
    from equipref.catalog import default_catalog

    monkeypatch.setattr(cache, "store", lambda base=None: None)  # nothing kept: every answer is computed
    monkeypatch.setattr(snapshot, "shipped_file", lambda: str(shipped) + ".none")
    default_catalog.cache_clear()
    validated = run(capsys, *argv)
    monkeypatch.setattr(snapshot, "shipped_file", lambda: str(shipped))
    default_catalog.cache_clear()
    no_validating(monkeypatch)  # so the shipped form is what answers
    try:
        assert validated[0] == 0 and validated[1]
        assert run(capsys, *argv) == validated
    finally:
        default_catalog.cache_clear()


def test_a_catalog_on_top_of_the_built_in_one_takes_it_from_the_shipped_form(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from equipref import catalog as catalog_module
    from equipref.locations import builtin_catalog_path

    mine = write_catalog(tmp_path / "mine")
    validated = load_catalog(mine, builtin=True)
    shutil.rmtree(tmp_path / "cache")  # as after an install: nothing kept yet
    real = catalog_module._read_layer

    def only_mine(root: Path, *args: Any) -> Any:
        assert root != builtin_catalog_path(), "the built-in folder was validated again"
        return real(root, *args)

    monkeypatch.setattr(catalog_module, "_read_layer", only_mine)
    kept = load_catalog(mine, builtin=True)
    same(validated.data, kept.data)
    assert kept._files == validated._files and kept.roots == validated.roots

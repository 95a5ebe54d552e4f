"""`validate PATH` checks a user's folder the way every other command reads it: on top of the built-in catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from equipref.cli import main


def _folder(tmp_path: Path) -> Path:
    """A user catalog whose weapon belongs to a built-in ammunition family and cites a built-in source."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "tank.toml").write_text(
        '[[weapon]]\nid = "my-gun"\nname = "My gun"\nkind = "tank-gun"\nfamily = "ru-125-2a46"\n'
        'caliber = [{ value = "125 mm", sources = ["piglix-ztz99"] }]\n\n'
        '[[system]]\nid = "my-tank"\nname = "My tank"\ncountry = "RU"\nrole = "MBT"\n'
        '[[system.armament]]\nweapon = "my-gun"\n',
        encoding="utf-8",
    )
    return folder


def test_a_folder_using_built_in_entries_validates_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EQUIPREF_CACHE_DIR", str(tmp_path / "cache"))
    folder = _folder(tmp_path)
    assert main(["validate", str(folder)]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
    assert main(["show", "My tank", "--catalog", str(folder)]) == 0  # as every other command reads it
    capsys.readouterr()
    assert main(["validate", "--alone", str(folder)]) == 1  # by itself, the family and source are unknown
    assert "ru-125-2a46" in capsys.readouterr().err

"""`equipref diff`: what changed between two catalogs, claim by claim, with sources; and the data changelog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from equipref import load_catalog
from equipref.cli import main
from equipref.diffing import diff
from equipref.export import export_json
from equipref.locations import builtin_catalog_path, catalog_files
from equipref.pages.changelog import changelog_page, latest_release
from tests.test_catalog import BASE, write_catalog
from tests.test_determinism import LENGTH, _rewrite_lengths

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "catalog" / "releases" / "0.1.0.json"


def _edit(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    return write_catalog(tmp_path / name, files)


def test_an_identical_catalog_has_no_changes(tmp_path: Path) -> None:
    root = _edit(tmp_path, "a", {})
    assert diff(root, root).changes == ()


def test_added_removed_and_changed_claims_are_told_apart_with_their_sources(tmp_path: Path) -> None:
    old = _edit(tmp_path, "old", {})
    tank = BASE["systems/tank-a.toml"]
    new = _edit(
        tmp_path,
        "new",
        {
            "sources.toml": BASE["sources.toml"]
            + '\n[[source]]\nid = "src-b"\ntitle = "B"\npublisher = "P"\nkind = "news"\n',
            "systems/tank-a.toml": tank.replace(
                'crew = [{ value = 3, sources = ["src-a"] }]',
                'crew = [{ value = 4, sources = ["src-a"] }]\ncombat_weight = [{ value = "46 t", sources = ["src-b"] }]',
            ),
            "systems/tank-b.toml": None,
        },
    )
    (new / "systems" / "tank-b.toml").unlink(missing_ok=True)
    changes = diff(old, new)
    by = {(c.change, c.entry, c.field): c for c in changes.changes}
    assert by[("changed", "tank-a", "crew")].old == "3" and by[("changed", "tank-a", "crew")].new == "4"
    added = by[("added", "tank-a", "combat_weight")]
    assert added.new == "46 t" and added.sources == ("src-b",)
    assert ("removed", "tank-b", "name") in by
    assert ("system", "tank-b") in changes.removed_entries
    assert ("source", "src-b") in changes.added_entries


def test_a_claim_that_changed_only_its_sources_is_one_change(tmp_path: Path) -> None:
    old = _edit(tmp_path, "old", {})
    sources = BASE["sources.toml"] + '\n[[source]]\nid = "src-b"\ntitle = "B"\npublisher = "P"\nkind = "news"\n'
    new = _edit(
        tmp_path,
        "new",
        {
            "sources.toml": sources,
            "systems/tank-a.toml": BASE["systems/tank-a.toml"].replace(
                'value = 3, sources = ["src-a"]', 'value = 3, sources = ["src-b"]'
            ),
        },
    )
    crew = [c for c in diff(old, new).changes if c.field == "crew"]
    assert len(crew) == 1
    assert (crew[0].change, crew[0].sources, crew[0].old_sources) == ("changed", ("src-b",), ("src-a",))


def test_diff_runs_both_ways(tmp_path: Path) -> None:
    old, new = RELEASE, builtin_catalog_path()
    forward, backward = diff(old, new), diff(new, old)
    assert forward.count("added") == backward.count("removed")
    assert forward.count("removed") == backward.count("added")
    assert forward.count("changed") == backward.count("changed")
    assert set(forward.added_entries) == set(backward.removed_entries)


@pytest.mark.parametrize("unit", ["in", "cm"])
def test_a_folder_and_its_json_export_even_in_other_units_have_no_changes(tmp_path: Path, catalog, unit: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(_rewrite_lengths(json.loads(export_json(catalog)), unit)), encoding="utf-8")
    changes = diff(builtin_catalog_path(), path).changes
    # The rewriter also rewrites qualifier text that reads as a length ("12.7 mm"): those claims are renamed.
    assert [c for c in changes if not LENGTH.match(c.qualifier)] == []


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(crew=st.integers(min_value=0, max_value=20), qualifier=st.text(alphabet="abc xyz", max_size=8))
def test_changing_one_claim_reports_exactly_that_claim(tmp_path: Path, crew: int, qualifier: str) -> None:
    old = _edit(tmp_path, "old", {})
    line = f'crew = [{{ value = {crew}, sources = ["src-a"], qualifier = "{qualifier.strip()}" }}]'
    new = _edit(
        tmp_path,
        "new",
        {
            "systems/tank-a.toml": BASE["systems/tank-a.toml"].replace(
                'crew = [{ value = 3, sources = ["src-a"] }]', line
            )
        },
    )
    changes = diff(old, new).changes
    if crew == 3 and not qualifier.strip():
        assert changes == ()
    else:
        assert {c.field for c in changes} == {"crew"}
        assert all(c.entry == "tank-a" for c in changes)


@pytest.mark.parametrize("fmt", ["json", "csv", "github", "simple", "html"])
def test_the_cli_prints_every_format_and_exits_1_on_changes(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    assert main(["diff", str(RELEASE), str(builtin_catalog_path()), "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert "t-90m" in out and "soha-2017-t90m" in out
    if fmt == "json":
        data = json.loads(out)
        assert {"changes", "added_entries", "removed_entries"} <= set(data)


def test_the_cli_exits_0_without_changes_and_2_on_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["diff", str(RELEASE), str(RELEASE)]) == 0
    assert capsys.readouterr().out == f"no changes from {RELEASE} to {RELEASE}\n"  # said, not an empty table
    assert main(["diff", str(RELEASE), str(RELEASE), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["changes"] == []
    assert main(["diff", str(RELEASE), str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert "missing" in err and "Traceback" not in err


def test_a_long_diff_opens_with_its_counts_by_kind(capsys: pytest.CaptureFixture[str]) -> None:
    """The summary's counts are the changes listed below it, counted by section and kind."""
    assert main(["diff", str(RELEASE), str(builtin_catalog_path()), "--format", "github"]) == 1
    out = capsys.readouterr().out
    summary, listed = out.split("Changes from", 1)
    assert summary.startswith("Summary by kind")
    rows = [line.split("|")[1:-1] for line in listed.splitlines() if line.startswith("| ") and "Change " not in line]
    for line in summary.splitlines():
        cells = [c.strip() for c in line.split("|")[1:-1]]
        if len(cells) != 6 or cells[0] in ("Section", "") or set(cells[0]) <= set("-:"):
            continue
        for kind, shown in zip(("added", "removed", "changed"), cells[1:4], strict=True):
            found = sum(1 for r in rows if r[0].strip() == kind and r[1].strip() == cells[0])
            assert int(shown.replace(",", "")) == found, (cells[0], kind)


def test_release_exports_are_never_loaded_as_catalog_data() -> None:
    files = catalog_files(builtin_catalog_path())
    assert RELEASE.exists()
    assert not [f for f in files if "releases" in f.parts]
    assert load_catalog().system("T-90M").id == "t-90m"  # no duplicate-id clash with the frozen 0.1.0 T-90


entries_attr = {"weapon": "weapons", "munition": "munitions", "family": "families"}


def test_the_changelog_names_every_new_system_and_every_moved_claim(catalog) -> None:  # type: ignore[no-untyped-def]
    assert latest_release(builtin_catalog_path()) == builtin_catalog_path() / "releases" / "0.1.0.json"
    page = changelog_page(catalog, RELEASE)
    old = load_catalog(RELEASE, builtin=False)
    for system in catalog.systems():
        if system.id not in old:
            assert f"({system.id}) (new)" in page.replace("\\", ""), system.id
    assert "soha-2017-t90m" in page  # the T-90M weight, moved off the T-90
    plain = page.replace("\\", "")
    for section, entries in (
        ("weapon", catalog.weapons),
        ("munition", catalog.munitions),
        ("family", catalog.families),
    ):
        known = {e.id for e in getattr(old, entries_attr[section])}
        for entry in entries:
            if entry.id not in known:
                assert f"({entry.id}) (new)" in plain, (section, entry.id)
    for source in catalog.sources:
        if source.id not in {s.id for s in old.sources}:
            assert f"[{source.id}](sources.md#{source.id})" in plain, source.id


def test_the_committed_changelog_is_current(catalog) -> None:  # type: ignore[no-untyped-def]
    committed = (ROOT / "docs" / "changelog.md").read_text(encoding="utf-8")
    assert committed == changelog_page(catalog, RELEASE), "docs/changelog.md is stale; run `equipref docs`"

"""Robustness: hostile quantities, arbitrary catalog files, and catalogs that must never half-load."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equipref import CatalogError, QuantityError, load_catalog
from equipref.cli import main
from equipref.units import parse_measure

CORPUS = Path(__file__).resolve().parent / "corpus"


def corpus_lines() -> list[str]:
    raw = (CORPUS / "quantities.txt").read_text(encoding="utf-8").splitlines()
    return [
        line.encode("ascii", "backslashreplace").decode("unicode_escape") for line in raw if not line.startswith("#")
    ]


@pytest.mark.parametrize("text", corpus_lines())
def test_every_nasty_quantity_is_refused_at_once(text: str) -> None:
    start = time.perf_counter()
    with pytest.raises(QuantityError):
        parse_measure(text, "[length]")
    assert time.perf_counter() - start < 1


def _load_single(tmp_path: Path, name: str, content: str | bytes) -> None:
    folder = tmp_path / "cat"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    try:
        load_catalog(folder)
    except CatalogError as exc:
        assert exc.problems and all(p.file.startswith("cat/") for p in exc.problems)


@given(text=st.text(max_size=400))
def test_arbitrary_toml_text_only_ever_raises_catalog_error(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    _load_single(tmp_path_factory.mktemp("fuzz"), "x.toml", text)


SECTION = st.sampled_from(["source", "family", "evidence", "weapon", "munition", "system", "other"])
FIELD = st.sampled_from(
    [
        "id",
        "name",
        "title",
        "publisher",
        "kind",
        "caliber",
        "value",
        "sources",
        "country",
        "role",
        "armament",
        "weapon",
        "munitions",
        "max_range",
        "crew",
        "family",
        "bore",
        "loading",
        "aliases",
        "counterparts",
        "system",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["125 mm", "9**9**9 m", "nan mm", "1e400 km", "CN", "MBT", "src", "tank-gun", "smoothbore"]),
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(FIELD, inner, max_size=5), max_leaves=25
)


@given(doc=st.dictionaries(SECTION, st.lists(st.dictionaries(FIELD, VALUES, max_size=8), max_size=3), max_size=4))
def test_arbitrary_structured_files_only_ever_raise_catalog_error(
    tmp_path_factory: pytest.TempPathFactory, doc: dict[str, Any]
) -> None:
    text = json.dumps(doc, allow_nan=True)
    _load_single(tmp_path_factory.mktemp("fuzz"), "x.json", text)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deep.toml", "x = " + "[" * 50_000 + "]" * 50_000, "nested too deeply"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("huge.toml", "# " + "x" * (3 * 1024 * 1024), "may be at most"),
        (
            "nan.toml",
            '[[family]]\nid="f"\nname="F"\ncaliber={value=nan, unit="mm"}\nbore="rifled"\nloading="fixed"\nsources=["s"]\n',
            "NaN",
        ),
        (
            "inf.toml",
            '[[family]]\nid="f"\nname="F"\ncaliber={value=inf, unit="mm"}\nbore="rifled"\nloading="fixed"\nsources=["s"]\n',
            "infinite",
        ),
        ("bom.toml", b"\xff\xfe[\x00[\x00", "not UTF-8"),
        ("top.json", "[1, 2, 3]", "expected a table of sections"),
    ],
)
def test_nasty_files_are_refused_with_a_reason(tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(CatalogError) as info:
        load_catalog(folder)
    assert any(message in str(p) for p in info.value.problems), [str(p) for p in info.value.problems]


def test_ids_that_collide_after_normalisation_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / "a.toml").write_text(
        '[[source]]\nid="s"\ntitle="t"\npublisher="p"\nkind="reference"\n'
        '[[system]]\nid="t-90"\nname="T-90"\ncountry="RU"\nrole="MBT"\n'
        '[[system]]\nid="t90"\nname="T 90"\ncountry="RU"\nrole="MBT"\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match="also a name of system 't-90'"):
        load_catalog(folder)


def test_a_broken_user_catalog_never_half_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "good.toml").write_text(
        '[[source]]\nid="mine"\ntitle="t"\npublisher="p"\nkind="reference"\n'
        '[[system]]\nid="my-tank"\nname="My Tank"\ncountry="CN"\nrole="MBT"\n',
        encoding="utf-8",
    )
    (folder / "bad.toml").write_text(
        '[[system]]\nid="my-apc"\nname="My APC"\ncountry="CN"\nrole="TANKETTE"\n', encoding="utf-8"
    )
    with pytest.raises(CatalogError) as info:
        load_catalog(folder, builtin=True)
    assert [p.file for p in info.value.problems] == ["mine/bad.toml"]
    assert main(["list", "--catalog", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "mine/bad.toml: system[my-apc].role = 'TANKETTE'" in err


def test_docs_and_table_account_for_every_system(catalog) -> None:  # type: ignore[no-untyped-def]
    from equipref.comparison import overview

    shown = {c.a for c in overview(catalog)} | {c.b for c in overview(catalog)}
    chinese = {s.id for s in catalog.systems(country="CN")}
    assert chinese <= shown
    try:
        from equipref.pages import render_site
    except ImportError:
        pytest.skip("docs generator not built")
    pages = render_site(catalog)
    assert {f"systems/{s.id}.md" for s in catalog.systems()} <= set(pages)


# -- issue 23: cost linear in any input ------------------------------------------------------------------


def repeated_claims(n: int, source: str) -> Any:
    from equipref import Catalog, CatalogData

    data = CatalogData.model_validate(
        {
            "source": [{"id": s, "title": s, "publisher": "p", "kind": "news"} for s in ("s1", "s2")],
            "system": [
                {
                    "id": "many",
                    "name": "Many",
                    "country": "CN",
                    "role": "MBT",
                    "notes": [{"value": "the same remark", "sources": [source]}] * n,
                    "crew": [{"value": 3, "sources": [source]}] * n,
                }
            ],
        }
    )
    return Catalog(data)


def test_diff_is_linear_in_repeated_claims() -> None:
    from equipref import diff

    n = 8000
    old, new = repeated_claims(n, "s1"), repeated_claims(n, "s2")
    start = time.perf_counter()
    changes = diff(old, new)
    elapsed = time.perf_counter() - start
    assert changes.count("changed", "system") == 2 * n and changes.count("added") == changes.count("removed") == 0
    assert diff(old, repeated_claims(n, "s1")).changes == ()
    # A guard against counting up for a free key (quadratic: half a minute here), not a timing test.
    assert elapsed < 10, elapsed


def test_a_catalog_folder_past_the_size_cap_is_refused_naming_folder_and_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from equipref.catalog import MAX_FILE_BYTES
    from equipref.locations import MAX_FOLDER_BYTES

    folder = tmp_path / "huge"
    folder.mkdir()
    size = MAX_FILE_BYTES - 4096  # every file under the cap of one file
    for i in range(MAX_FOLDER_BYTES // size + 1):
        with open(folder / f"f{i:03d}.toml", "wb") as fh:
            fh.truncate(size)  # sparse: nothing written to disk
    start = time.perf_counter()
    code = main(["diff", str(folder), str(folder)])
    _, err = capsys.readouterr()
    assert code == 2 and "huge" in err and f"{MAX_FOLDER_BYTES:,}" in err and len(err) < 2000, err[:500]
    assert time.perf_counter() - start < 30  # refused before reading it all, twice


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('{"source": [{"id": "s", "title": "T", "title": "U", "publisher": "p", "kind": "news"}]}', "title"),
        ('{"source": [], "source": [{"id": "s", "title": "T", "publisher": "p", "kind": "news"}]}', "source"),
    ],
)
def test_a_json_catalog_with_a_duplicate_key_is_refused(tmp_path: Path, body: str, key: str) -> None:
    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / "dup.json").write_text(body, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(folder)
    (problem,) = info.value.problems
    assert problem.file == "cat/dup.json" and f"duplicate key {key!r}" in problem.message


@pytest.mark.parametrize("broken", [False, True])
def test_the_collector_is_paused_while_a_catalog_is_built_and_restored_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: bool
) -> None:
    import gc

    import equipref.catalog

    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / "a.toml").write_text(
        '[[source]]\nid="s"\ntitle="t"\npublisher="p"\nkind="reference"\n'
        + ('[[system]]\nid="x"\nname="X"\ncountry="CN"\nrole="NOPE"\n' if broken else ""),
        encoding="utf-8",
    )
    seen: list[bool] = []
    real_merge = equipref.catalog._merge

    def merge(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return real_merge(*args)

    monkeypatch.setattr(equipref.catalog, "_merge", merge)
    monkeypatch.setenv("EQUIPREF_CACHE_DIR", str(tmp_path / "cache"))
    assert gc.isenabled()
    try:
        load_catalog(folder)
    except CatalogError:
        assert broken
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        load_catalog(folder, builtin=True) if not broken else None
        assert not gc.isenabled()  # a caller's own choice is left as it was
    finally:
        gc.enable()

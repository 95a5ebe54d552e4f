"""What `validate` promises about records beyond loading: read sources say where and when they were read, a
Wikipedia page says which revision, and a variant's figure does not sit on its base."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from equipref import load_catalog
from tests.cli_run import run

READ = """
    [[source]]
    id = "page"
    title = "A page"
    publisher = "A site"
    url = "https://example.org/page"
    kind = "news"
    accessed = "2026-12-07"
"""

SYSTEMS = """
    [[system]]
    id = "tank-a"
    name = "Tank A"
    aliases = ["TA"]
    country = "CN"
    role = "MBT"
    crew = [{ value = 3, sources = ["page"], qualifier = "QUALIFIER" }]

    [[system]]
    id = "tank-a2"
    name = "Tank A2"
    aliases = ["TA-2M"]
    variant_of = "tank-a"
    country = "CN"
    role = "MBT"
"""


def folder(tmp_path: Path, sources: str = READ, qualifier: str = "") -> Path:
    root = tmp_path / "cat"
    root.mkdir()
    (root / "sources.toml").write_text(textwrap.dedent(sources), encoding="utf-8")
    (root / "systems.toml").write_text(textwrap.dedent(SYSTEMS).replace("QUALIFIER", qualifier), encoding="utf-8")
    return root


def validate(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, str]:
    code, _, err = run(capsys, "validate", "--alone", str(root))
    return code, err


def test_the_example_catalog_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = validate(capsys, folder(tmp_path))
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("line", "field"),
    [('url = "https://example.org/page"\n', "url"), ('accessed = "2026-12-07"\n', "accessed")],
)
def test_a_read_source_needs_its_address_and_the_day_it_was_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, field: str
) -> None:
    root = folder(tmp_path, textwrap.dedent(READ).replace(line, ""))
    code, err = validate(capsys, root)
    assert code == 1
    assert f"sources.toml: source[page].{field} = None:" in err
    assert "Traceback" not in err
    load_catalog(root)  # loading stays lenient, so old catalogs and releases still load and diff


def test_an_unread_source_needs_neither(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = READ + """
    [[source]]
    id = "unread"
    title = "What the page retells"
    publisher = "An agency"
    kind = "news"
    read = false
    """
    sources = sources.replace('accessed = "2026-12-07"\n', 'accessed = "2026-12-07"\nretells = ["unread"]\nrelation = "relays"\n', 1)
    assert validate(capsys, folder(tmp_path, sources))[0] == 0


def test_a_copy_of_unknown_address_says_what_was_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = READ.replace('url = "https://example.org/page"', 'read_from = "a copy given to the project"')
    assert validate(capsys, folder(tmp_path, sources))[0] == 0


@pytest.mark.parametrize(
    ("url", "extra", "refused"),
    [
        ("https://en.wikipedia.org/wiki/X", "", True),
        ("https://simple.m.wikipedia.org/wiki/X", "", True),
        ("https://en.wikipedia.org/wiki/X", 'revision = "1171812890"', False),
        ("https://en.wikipedia.org/wiki/X", 'revision = "not recorded"', False),
        ("https://en.wikipedia.org/wiki/X", 'revision_date = "2026-11-30"', False),
        ("https://wikipedia.example.org/wiki/X", "", False),  # not a Wikipedia
        ("https://www.wikiwand.com/en/articles/X", "", False),  # a mirror: graded as a copy instead
    ],
)
def test_a_wikipedia_page_says_which_revision_was_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, extra: str, refused: bool
) -> None:
    sources = READ.replace("https://example.org/page", url) + f"    {extra}\n"
    code, err = validate(capsys, folder(tmp_path, sources))
    assert (code == 1) is refused
    assert ("source[page].revision = None" in err) is refused


@pytest.mark.parametrize(
    ("qualifier", "refused"),
    [
        ("Tank A2", True),
        ("said of the TA-2M", True),
        ("tank a2 only", True),  # the way the name is written does not matter
        ("Tank A and Tank A2 together", False),  # a figure for the whole series stays on the base
        ("Tank A", False),
        ("Tank A20 prototype", False),  # another name that only starts like the variant's
        ("", False),
    ],
)
def test_a_variants_figure_cannot_sit_on_its_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], qualifier: str, refused: bool
) -> None:
    code, err = validate(capsys, folder(tmp_path, qualifier=qualifier))
    assert (code == 1) is refused
    if refused:
        assert f"systems.toml: system[tank-a].crew[0].qualifier = {qualifier!r}: names the variant 'tank-a2'" in err


def test_saying_whom_the_source_gives_it_for_settles_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = folder(tmp_path, qualifier='upgraded to Tank A2 later", stated_for = ["tank-a"], note = "as the page says')
    assert validate(capsys, root)[0] == 0


def test_a_variants_figure_on_a_munition_the_base_fires(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = folder(tmp_path)
    _arm_with_round(root, systems=1)
    extra = _round_with_range(', qualifier = "fired by the Tank A2" STATED')
    (root / "munitions.toml").write_text(extra.replace(" STATED", ""), encoding="utf-8")
    code, err = validate(capsys, root)
    assert code == 1
    assert "munitions.toml: munition[round].max_range[0].qualifier" in err
    assert "which 'tank-a' mounts" in err
    # Stated for the variant, it reaches the base as an inference, which is what it is.
    stated = extra.replace(" STATED", ', stated_for = ["tank-a2"]')
    (root / "munitions.toml").write_text(stated, encoding="utf-8")
    assert validate(capsys, root)[0] == 0


def test_the_built_in_catalog_keeps_the_promises(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate")
    assert (code, err) == (0, "")


def test_a_range_on_a_round_base_and_variant_both_fire_says_whose_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = folder(tmp_path)
    _arm_with_round(root)
    munition = _round_with_range("STATED")
    (root / "munitions.toml").write_text(munition.replace("STATED", ""), encoding="utf-8")
    code, err = validate(capsys, root)
    assert code == 1
    assert "munition[round].max_range[0].stated_for = '5 km': 'tank-a' and its variant 'tank-a2' both fire" in err
    for settled in (', stated_for = ["tank-a"]', ', fired_from = "gun"'):
        (root / "munitions.toml").write_text(munition.replace("STATED", settled), encoding="utf-8")
        assert validate(capsys, root)[0] == 0, settled


#: A family, a gun and a round for the test catalog's tanks; CLAIM is where a range claim's own fields go.
_ROUND = """
        [[family]]
        id = "f"
        name = "F"
        sources = ["page"]

        [[weapon]]
        id = "gun"
        name = "Gun"
        kind = "tank-gun"
        family = "f"

        [[munition]]
        id = "round"
        name = "Round"
        family = "f"
        kind = "he"
        max_range = [{ value = "5 km", sources = ["page"]CLAIM }]
"""


def _round_with_range(claim: str) -> str:
    """munitions.toml text with the round's one range claim ending in ``claim`` (its extra fields)."""
    return textwrap.dedent(_ROUND).replace("CLAIM", claim)


def _arm_with_round(root: Path, systems: int = -1) -> None:
    """Arm the first ``systems`` tanks of systems.toml (every one by default) with the gun and its round."""
    path = root / "systems.toml"
    arm = 'role = "MBT"\narmament = [{ weapon = "gun", munitions = ["round"] }]\n'
    path.write_text(path.read_text(encoding="utf-8").replace('role = "MBT"\n', arm, systems), encoding="utf-8")

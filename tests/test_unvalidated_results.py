"""Results are built with ``model_construct`` (equipref makes them from validated models, so validating them
again only cost time): each one must be exactly what validation would have made of the same values."""

from __future__ import annotations

from typing import Any

import pytest
from cli_run import run
from pydantic import BaseModel

pytestmark = pytest.mark.usefixtures("private_cache")

RESULT_MODULES = {
    "equipref.check.mentions",
    "equipref.check.model",
    "equipref.check.quantities",
    "equipref.comparison",
    "equipref.compat",
    "equipref.diffing",
    "equipref.matching",
    "equipref.provenance",
    "equipref.ranges",
    "equipref.record",
}


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (a list where a tuple belongs is not the same)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, BaseModel):
        return all(same(getattr(a, name), getattr(b, name)) for name in type(a).model_fields)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Check every result made while the test runs against its validated twin; counts them by class."""
    real = BaseModel.model_construct.__func__  # type: ignore[attr-defined]
    counts: dict[str, int] = {}

    def checked(cls: type[BaseModel], /, _fields_set: set[str] | None = None, **values: Any) -> BaseModel:
        made: BaseModel = real(cls, _fields_set, **values)
        if cls.__module__ in RESULT_MODULES:
            validated = cls.model_validate({name: getattr(made, name) for name in cls.model_fields})
            assert same(made, validated), f"{cls.__name__} built unvalidated differs: {made!r} vs {validated!r}"
            counts[cls.__name__] = counts.get(cls.__name__, 0) + 1
        return made

    monkeypatch.setattr(BaseModel, "model_construct", classmethod(checked))
    return counts


ARTICLE = (
    "China's PHL-03 fires 300 mm rockets up to 150 km, while Russia's Tornado-S reaches 120 km. "
    "The Type 99 tank weighs about 54 tonnes and mounts a 125 mm gun."
)


def test_every_result_a_command_builds_is_what_validation_would_build(
    built: dict[str, int], capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    for argv in (
        ["table"],
        ["show", "Type 99"],
        ["compare", "PHL-03", "Tornado-S", "-f", "json"],
        ["counterparts", "Type 99", "--country", "RU"],
        ["match", "125 mm"],
        ["check", str(article), "-f", "json"],
    ):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and out, argv
    # the classes a change would most likely build wrongly were all exercised
    assert {"Reason", "Grade", "RangeFigure", "UsedClaim", "ArmamentPair", "Comparison"} <= set(built)
    assert {"SystemRecord", "WeaponMatch", "ProseQuantity", "Finding", "CheckReport"} <= set(built)

"""The checker's language rules by example: ``tests/spec/{en,ru,zh}/*.toml``, one file per stage.

Each file holds ``[[case]]`` tables, positive and negative, written for the project in the forms articles use:

* ``quantities.toml``: ``text`` and ``expect``, every quantity the scanner reads, in order, as shown
  (``"up to 500 km"`` for a hedged one); ``[]`` for text holding no figure.
* ``names.toml``: ``text`` and ``expect``, every name found, as a catalog id or ``?Name`` for a name the
  catalog does not hold.
* ``check.toml``: ``text`` and ``expect``, every finding against the built-in catalog as ``"system field value
  verdict"`` (``-`` for no system: ``"?Leopard 2 caliber 120 mm not in the catalog"``); ``[]`` for none.

A case may carry a ``why``: what a reader would get wrong, said once, where the case is written.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from equipref import check_text
from equipref.check.mentions import find_mentions
from equipref.check.quantities import scan

SPEC = Path(__file__).resolve().parent / "spec"


def _cases(stage: str) -> list[Any]:
    out = []
    for path in sorted(SPEC.glob(f"*/{stage}.toml")):
        with open(path, "rb") as handle:
            for i, case in enumerate(tomllib.load(handle)["case"]):
                out.append(pytest.param(case, id=f"{path.parent.name}-{i}-{case['text'][:30]}"))
    return out


def _shown(q: Any) -> str:
    return f"{q.hedge} {q.shown}" if q.hedge else q.shown


@pytest.mark.parametrize("case", _cases("quantities"))
def test_quantities(case: dict[str, Any]) -> None:
    assert [_shown(q) for q in scan(case["text"])] == case["expect"], case.get("why", "")


@pytest.mark.parametrize("case", _cases("names"))
def test_names(case: dict[str, Any], catalog: Any) -> None:
    found = [m.id if m.known else f"?{m.name}" for m in find_mentions(case["text"], catalog)]
    assert found == case["expect"], case.get("why", "")


def _finding(f: Any) -> str:
    who = f.system or f.about or (f"?{f.unknown}" if f.unknown else "-")
    value = f"{f.hedge} {f.value}" if f.hedge else f.value
    return f"{who} {f.field} {value} {f.verdict}"


@pytest.mark.parametrize("case", _cases("check"))
def test_check(case: dict[str, Any], catalog: Any) -> None:
    assert [_finding(f) for f in check_text(case["text"], catalog).findings] == case["expect"], case.get("why", "")


def test_every_language_has_cases_for_every_stage() -> None:
    for lang in ("en", "ru", "zh"):
        for stage in ("quantities", "names", "check"):
            assert (SPEC / lang / f"{stage}.toml").is_file(), (lang, stage)

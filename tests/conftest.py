from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", deadline=None, max_examples=20_000, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def catalog():  # type: ignore[no-untyped-def]
    from equipref import load_catalog

    return load_catalog()


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Answers and compiled catalogs go to a folder of the test run's own, never to the user's cache."""
    if "EQUIPREF_CACHE_DIR" not in os.environ:
        os.environ["EQUIPREF_CACHE_DIR"] = str(tmp_path_factory.mktemp("equipref-cache"))


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of the test's own: its answers are computed, never replayed from another test's."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("EQUIPREF_CACHE_DIR", str(folder))
    return folder

"""The wheel's build hook: ship the built-in catalog compiled, so that the first command after an install
reads one JSON file instead of parsing and validating every catalog file (`equipref.catalog.ship_builtin`).

The build environment holds hatchling and pydantic only (``[build-system] requires``): validating the catalog
must keep needing nothing else, or that list must grow with it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompiledCatalogHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"
    work: Path | None = None

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install runs the checkout, whose snapshots the cache keeps
        self.work = Path(tempfile.mkdtemp(prefix="equipref-build-"))
        # A cache folder of the build's own: building must neither read nor fill the user's cache.
        saved = os.environ.get("EQUIPREF_CACHE_DIR")
        os.environ["EQUIPREF_CACHE_DIR"] = str(self.work / "cache")
        sys.path.insert(0, self.root)
        try:
            from equipref.catalog import ship_builtin
            from equipref.snapshot import SHIPPED

            out = self.work / SHIPPED
            ship_builtin(out)
        finally:
            sys.path.remove(self.root)
            if saved is None:
                del os.environ["EQUIPREF_CACHE_DIR"]
            else:
                os.environ["EQUIPREF_CACHE_DIR"] = saved
        build_data["force_include"][str(out)] = f"equipref/{SHIPPED}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)

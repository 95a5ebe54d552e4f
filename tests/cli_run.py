"""Running the command line inside a test: exit code, stdout and stderr, as a user of the shell sees them."""

from __future__ import annotations

import pytest

from equipref.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err

"""Lint and types are part of the test command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "coach", "tests", "benchmarks"],
        ["ruff", "format", "--check", "coach", "tests", "benchmarks"],
        ["mypy", "coach"],
    ],
    ids=["ruff", "ruff-format", "mypy"],
)
def test_quality_gate(command: list[str]) -> None:
    tool = shutil.which(command[0]) or str(Path(sys.executable).parent / command[0])
    result = subprocess.run([tool, *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

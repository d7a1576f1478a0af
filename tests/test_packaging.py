"""A real (non-editable) wheel carries the packs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("coach-*.whl")
    return built


def test_wheel_contains_the_bundled_packs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "coach/_data/packs/sales-manager/pack.yaml" in names
    for source in (ROOT / "data").rglob("*.yaml"):
        assert f"coach/_data/{source.relative_to(ROOT / 'data').as_posix()}" in names


def test_version_is_single_sourced_and_printed_by_coach_version(wheel: Path) -> None:
    from coach import __version__

    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        lines = archive.read(metadata).decode().splitlines()
    assert f"Version: {__version__}" in lines
    assert f"-{__version__}-" in wheel.name
    result = subprocess.run(
        [sys.executable, "-m", "coach", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0 and result.stdout == f"coach {__version__}\n"

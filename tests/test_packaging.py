"""A real (non-editable) wheel carries the packs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_the_bundled_packs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("coach-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "coach/_data/packs/sales-manager/pack.yaml" in names
    for source in (ROOT / "data").rglob("*.yaml"):
        assert f"coach/_data/{source.relative_to(ROOT / 'data').as_posix()}" in names

"""A real (non-editable) wheel carries the packs."""

from __future__ import annotations

import re
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
    (built,) = out.glob("coach_interview-*.whl")
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


def _floor(spec: str | None) -> tuple[int, ...]:
    """The lowest Python a `Requires-Python` allows: ">=3.11" -> (3, 11); none -> (3,)."""
    found = re.search(r">=\s*(\d+(?:\.\d+)*)", spec or "")
    return tuple(int(n) for n in found.group(1).split(".")) if found else (3,)


def test_built_metadata_names_the_free_distribution_and_an_honest_python(
    wheel: Path, tmp_path: Path
) -> None:
    from importlib.metadata import distributions, version

    from coach import __version__

    zipfile.ZipFile(wheel).extractall(tmp_path)
    (dist,) = distributions(path=[str(tmp_path)])
    meta = dist.metadata
    assert meta["Name"] == "coach-interview"  # `coach` on the index is someone else's project
    assert dist.version == __version__
    scripts = {e.name: e.value for e in dist.entry_points if e.group == "console_scripts"}
    assert scripts == {"coach": "coach.cli.main:main"}  # the command keeps its name
    classifiers = meta.get_all("Classifier") or []
    assert "Programming Language :: Python :: 3 :: Only" in classifiers
    assert not [u for u in meta.get_all("Project-URL") or [] if "example" in u or "TODO" in u]
    ours = _floor(meta["Requires-Python"])
    assert ours >= (3, 11)
    # Every dependency as installed here (what the tests ran with) runs on our floor.
    for requirement in dist.requires or []:
        if "extra ==" in requirement:
            continue
        name = re.split(r"[ <>=!~;\[]", requirement, maxsplit=1)[0]
        needs = _floor(_requires_python(name))
        assert ours >= needs, f"{name} {version(name)} needs Python {needs}, we claim {ours}"
    # typer._click (the vendored Click that coach.cli.clicktext speaks to) came with typer 0.26.
    (typer,) = [r for r in dist.requires or [] if r.startswith("typer")]
    assert _floor(typer) >= (0, 26), typer
    # Listed for Python versions it claims, none below its floor.

    listed = [c.rsplit(" ", 1)[-1] for c in classifiers if re.search(r":: 3\.\d+$", c)]
    assert listed and all(tuple(map(int, v.split("."))) >= ours for v in listed)


def _requires_python(name: str) -> str | None:
    """The installed distribution's own Requires-Python."""
    from importlib.metadata import metadata

    return metadata(name).get("Requires-Python")

"""Where coach keeps things (coach/paths.py): COACH_HOME, else the platform's folders."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from coach import paths


def test_coach_home_holds_config_history_and_user_packs(coach_home: Path) -> None:
    assert paths.config_dir() == coach_home and paths.data_dir() == coach_home
    assert paths.user_packs_dir() == coach_home / "packs"


@pytest.mark.parametrize(
    ("platform", "env", "config", "data"),
    [
        ("linux", {}, "home/.config/coach", "home/.local/share/coach"),
        ("linux", {"XDG_CONFIG_HOME": "xc", "XDG_DATA_HOME": "xd"}, "xc/coach", "xd/coach"),
        ("darwin", {"XDG_CONFIG_HOME": "xc"}, "home/Library/Application Support/coach",
         "home/Library/Application Support/coach"),
        ("win32", {"APPDATA": "roam", "LOCALAPPDATA": "local"}, "roam/coach", "local/coach"),
        ("win32", {}, "home/AppData/Roaming/coach", "home/AppData/Roaming/coach"),
    ],
)  # fmt: skip
def test_without_coach_home_the_platform_s_folders_are_used(
    platform: str,
    env: dict[str, str],
    config: str,
    data: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("COACH_HOME")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "APPDATA", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, str(tmp_path / value))
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    assert paths.config_dir() == tmp_path / config
    assert paths.data_dir() == tmp_path / data


def test_bundled_packs_are_found_beside_the_package() -> None:
    assert (paths.bundled_packs_dir() / "sales-manager" / "pack.yaml").is_file()
    assert paths.bundled_packs_dir().parent == paths.bundled_data_dir()

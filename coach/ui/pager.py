"""Rich output shown in a pager on a terminal: `coach report` (Markdown), `coach packs show`."""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import sys

from rich.console import Console, RenderableType
from rich.markdown import Markdown

from coach.ui.render import THEME

DEFAULT_PAGER = ("less", "-FRX")  # quit if one screen, keep colours, leave the text on screen


def render_markdown(text: str, width: int | None = None) -> str:
    """The Markdown as a terminal shows it: headings, tables, quotes, with colour codes."""
    return render(Markdown(text), width)


def render(renderable: RenderableType, width: int | None = None) -> str:
    """What rich would draw on this terminal, colour codes included (NO_COLOR is honoured)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="standard",
        width=width or shutil.get_terminal_size().columns,
        highlight=False,
        soft_wrap=False,
        theme=THEME,
    )
    console.print(renderable)
    return buffer.getvalue()


def pager_command() -> list[str]:
    """$PAGER (split as a shell would), else `less -FRX`."""
    configured = os.environ.get("PAGER", "").strip()
    if configured:
        try:
            words = shlex.split(configured)
        except ValueError:
            words = []
        if words:
            return words
    return list(DEFAULT_PAGER)


def page_markdown(text: str) -> None:
    """Show the rendered Markdown in the pager; without a pager that runs, print it instead."""
    page(render_markdown(text))


def page(rendered: str) -> None:
    """Show text already rendered for the terminal in the pager, else print it."""
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git does: a plain PAGER=less still shows colours
    try:
        subprocess.run(pager_command(), input=rendered.encode("utf-8"), env=env, check=False)
    except OSError:  # no such pager: the text is not lost
        sys.stdout.write(rendered)
        sys.stdout.flush()
    except KeyboardInterrupt:  # Ctrl-C inside the pager ends paging, not with a traceback
        pass

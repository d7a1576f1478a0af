"""`coach backends` as a table: where each backend sends answers."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console

from coach.ui.render import THEME
from coach.ui.views.backends import backends_view


def test_a_backend_that_scores_here_is_called_local_whatever_its_name() -> None:
    """Told by the row (ready, no endpoint), not by the name "offline": an embedded plugin is
    local too, a plugin whose readiness is unknown is not."""
    given: list[dict[str, Any]] = [
        {"name": "embedded", "state": "ready", "endpoint": None},
        {"name": "remote", "state": "ready", "endpoint": "https://api.example.com"},
        {"name": "someplugin", "state": "plugin", "endpoint": None},
    ]
    rows = [{**row, "active": False, "detail": "-", "model": None} for row in given]
    screen = io.StringIO()
    console = Console(theme=THEME, file=screen, width=120, color_system=None)
    console.print(backends_view(rows, "en"))
    lines = screen.getvalue().splitlines()
    cells = {
        line.split("│")[1].strip(): line.split("│")[3].strip() for line in lines if "│" in line
    }
    assert cells["embedded"] == "this machine (no network)"
    assert cells["remote"] == "https://api.example.com"
    assert cells["someplugin"] == "-"

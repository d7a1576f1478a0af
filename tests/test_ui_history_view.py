"""The history table keeps ids, dates, scores and words whole at 60, 80 and 120 columns."""

from __future__ import annotations

import pytest
from rich.console import Console

from coach.ui.render import THEME
from coach.ui.views.history import AREAS, WIDE, HistoryLine, history_view

AREAS_EN = [("gtm", "Revenue strategy and GTM execution"), ("forecast", "Forecasting and cadence")]
LINES = [
    HistoryLine(
        "2026-11-27 14:44",
        "20261127-144431-62a0",
        "practice",
        "sales-manager",
        "offline",
        1,
        1.6,
        True,
        {"gtm": 1.6},
    ),
    HistoryLine(
        "2026-11-26 09:02",
        "20261126-090210-1b2c",
        "practice",
        "sales-manager",
        "openai",
        4,
        3.8,
        False,
        {"gtm": 3.5, "forecast": 4.1},
    ),
    HistoryLine(
        "2026-11-25 18:30",
        "20261125-183000-77aa",
        "drill",
        "acme-cs",
        "offline",
        1,
        2.1,
        False,
        {},
    ),
]


def _render(width: int, ui: str = "en") -> str:
    console = Console(theme=THEME, width=width, record=True, color_system=None)
    console.print(history_view(LINES, AREAS_EN, ui, width))
    return console.export_text()


@pytest.mark.parametrize("width", [60, 80, 120])
def test_ids_dates_scores_and_words_stay_whole(width: int) -> None:
    out = _render(width)
    assert max(len(line) for line in out.splitlines()) <= width
    for line in LINES:
        assert line.id in out
        assert (line.date if width >= WIDE else line.date[5:]) in out
    assert "1.6*" in out and "unfinished (continue it with coach practice --resume)" in out
    assert "3.8" in out and "2.1" in out


def test_narrow_tables_give_the_area_scores_with_a_legend_and_wide_ones_the_names() -> None:
    narrow, wide = _render(80), _render(120)
    assert "3.5 · 4.1" in narrow and "1.6 · -" in narrow
    assert "in this order: Revenue strategy and GTM execution · Forecasting and cadence" in (
        " ".join(narrow.split())
    )
    assert "sales-manager" in wide and "openai" in wide
    flat = " ".join(wide.replace("│", " ").split())
    assert "Forecasting and cadence 4.1" in flat or "cadence 4.1" in flat
    assert "in this order" not in wide
    assert "3.5 · 4.1" not in _render(AREAS - 1)  # no room: coach report has them


def test_japanese_history_has_no_english_labels() -> None:
    out = _render(80, "ja")
    for english in ("date", "session", "overall", "per area", "unfinished"):
        assert english not in out

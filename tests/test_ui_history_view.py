"""The history table keeps ids, dates, scores and words whole at 60, 80 and 120 columns."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rich.console import Console

from coach.report.speech import SessionSpeech
from coach.ui.render import THEME
from coach.ui.views.history import AREAS, WIDE, HistoryLine, history_view, speech_view

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


SPOKEN = [
    replace(LINES[0], speech=SessionSpeech(2, 160.4, "wpm", 4, 120.0, (120, 170))),
    LINES[1],  # typed: not in the speech table
    replace(LINES[2], speech=SessionSpeech(1, 190.0, "wpm", 4, 60.0, (120, 170))),
]


def _speech(width: int, ui: str) -> str:
    console = Console(theme=THEME, width=width, record=True, color_system=None)
    view = speech_view(SPOKEN, ui)
    assert view is not None
    console.print(view)
    return console.export_text()


@pytest.mark.parametrize("width", [60, 80, 120])
def test_spoken_sessions_show_pace_fillers_and_their_trend(width: int) -> None:
    en, ja = _speech(width, "en"), _speech(width, "ja")
    for out in (en, ja):
        assert max(len(line) for line in out.splitlines()) <= width
        assert LINES[0].id in out and LINES[2].id in out and LINES[1].id not in out
    rows = [" ".join(line.replace("│", " ").split()) for line in en.splitlines()]
    heads = [" ".join(line.replace("┃", " ").split()) for line in en.splitlines()]
    assert f"{LINES[0].id} 160 words/min 4 (2.0/min)" in rows
    assert f"{LINES[2].id} 190 words/min 4 (4.0/min)" in rows
    flat = " ".join(en.split())
    assert "Delivery (speech)" in flat and "session pace fillers" in heads
    assert (
        "Speech trend: pace 190 → 160 words/min, within the usual 120–170; "
        "fillers per minute 4.0 → 2.0, fewer" in flat
    )  # the oldest first, whatever the order of the rows
    flat_ja = "".join(ja.split())
    assert f"{LINES[0].id}160語/分4回(毎分2.0回)" in "".join(ja.replace("│", "").split())
    assert "話し方(音声)" in flat_ja and "話す速さ" in flat_ja and "つなぎ言葉" in flat_ja
    assert (
        "話し方の推移:話す速さ190→160語/分(目安120〜170の範囲内)、"
        "1分あたりのつなぎ言葉4.0→2.0回(減っています)" in flat_ja
    )
    for english in ("session", "pace", "fillers", "words", "min"):
        assert english not in ja


def test_one_spoken_session_has_no_trend_line_and_none_has_no_speech_view() -> None:
    assert speech_view(LINES, "en") is None  # never spoke: nothing is added
    console = Console(theme=THEME, width=80, record=True, color_system=None)
    view = speech_view(SPOKEN[:2], "en")
    assert view is not None
    console.print(view)
    out = console.export_text()
    assert "160 words/min" in out and "Speech trend" not in out

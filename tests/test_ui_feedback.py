"""The feedback view speaks the UI language down to its units."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from coach.scoring.evaluation import Delivery, Evaluation, PointScore, SpeechDelivery, Structure
from coach.ui.render import THEME
from coach.ui.views.feedback import feedback_view


def _evaluation(delivery: Delivery) -> Evaluation:
    return Evaluation(
        question="pipeline-forecast",
        lang="ja",
        overall=3.2,
        points=[PointScore("cadence", "毎週の見直し", 3.5)],
        pitfalls=[],
        structure=Structure(),
        delivery=delivery,
        strengths=[],
        improvements=[],
        follow_up=None,
        backend="offline",
        model="use-multilingual-v3+sudachi",
        fallback=None,
        versions={"scorer": "offline-2.0", "prompt": "-", "pack": "1.0.0"},
    )


def _render(ev: Evaluation, ui: str) -> str:
    console = Console(theme=THEME, file=io.StringIO(), width=120, color_system=None)
    console.print(feedback_view(ev, ui))
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize(
    ("ui", "expected", "absent"),
    [
        ("ja", ["6 秒 / 180 秒", "684 字/分", "採点器 offline-2.0"], ["6s", "cpm", "scorer"]),
        ("en", ["6s / 180s", "684 cpm", "scorer offline-2.0"], ["秒"]),
    ],
)
def test_delivery_line_units_in_the_ui_language(
    ui: str, expected: list[str], absent: list[str]
) -> None:
    delivery = Delivery(characters=68, seconds=6, budget_seconds=180, rate=684, rate_unit="cpm")
    out = _render(_evaluation(delivery), ui)
    for text in expected:
        assert text in out, text
    for text in absent:
        assert text not in out, text


def test_delivery_line_without_a_budget() -> None:
    out = _render(_evaluation(Delivery(characters=68, seconds=42)), "ja")
    assert "42 秒" in out and "42s" not in out


@pytest.mark.parametrize(
    ("ui", "shown", "hidden"),
    [
        ("ja", ["1 分あたり 150 字(目安 250〜350 字)", "えーと ×2", "長い間 1 回(2.5 秒)"], "388"),
        ("en", ["Pace: 150 characters/min (usual 250–350)", "えーと ×2"], "388"),
    ],
)
def test_a_spoken_answer_shows_its_pace_and_fillers_as_heard(
    ui: str, shown: list[str], hidden: str
) -> None:
    """The typed measures (characters over the whole answer time) would say 388 a minute; a
    spoken answer shows the pace, fillers and pauses the recogniser timed, and only those."""
    speech = SpeechDelivery(40.0, 150.0, "cpm", (250, 350), {"えーと": 2}, 1, 2.5)
    delivery = Delivery(
        characters=100, seconds=45, budget_seconds=180, rate=388.0, fillers={"x": 9}, speech=speech
    )
    text = _render(_evaluation(delivery), ui)
    assert all(s in text for s in shown), text
    assert hidden not in text and "x×9" not in text

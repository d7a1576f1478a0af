"""Question views at 60/80/120 columns: data tables keep cells whole, text wraps with kinsoku."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.errors import MissingStyle
from rich.style import Style

from coach.packs.model import Pack
from coach.session.batch import BatchResult
from coach.ui.render import THEME, bar_text, score_markup, score_text
from coach.ui.views.pack import data_table, question_view
from coach.ui.wrap import NO_START


def _render(renderable: object, width: int) -> list[str]:
    console = Console(theme=THEME, file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    return console.file.getvalue().rstrip("\n").split("\n")  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("width", [60, 80, 120])
def test_data_table_keeps_cells_whole_and_folds_notes_under_the_row(
    sales_pack: Pack, lang: str, width: int
) -> None:
    question = sales_pack.find("case-at-risk-pipeline")
    lines = _render(data_table(question.data, lang), width)
    deals = [row["deal"] for row in question.data.rows]
    for line in lines:
        assert cell_len(line) <= width, line
    table_rows = [line for line in lines if line.startswith("│")]
    for deal in deals:  # "Globex Manufacturing", never "Manufacturin" / "g"
        assert sum(deal in row for row in table_rows) == 1, "\n".join(lines)
    notes = lines[next(i for i, line in enumerate(lines) if line.startswith("└")) + 1 :]
    assert notes, "\n".join(lines)
    for line in notes:  # a row's key at column 0, its notes (and their wrapped lines) indented
        assert line in deals or line.startswith("  "), "\n".join(lines)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_question_panel_keeps_unit_pairs_and_kinsoku(sales_pack: Pack, width: int) -> None:
    question = sales_pack.find("case-new-segment")
    lines = _render(question_view(sales_pack, question, "ja", model_answer=True), width)
    text = "\n".join(lines)
    assert "AE 3名" in text and "SDR 2名" in text, text
    for line in lines:
        assert cell_len(line) <= width, line
        body = re.sub(r"^[!?] ", "", line.strip("│ "))  # the pitfall and follow-up marks
        assert body[:1] not in NO_START, line


class _Strict(Console):
    """A console that keeps every style name it cannot resolve (rich would draw such text
    plainly, without a word)."""

    missing: list[str]

    def get_style(self, name: str | Style, *, default: Style | str | None = None) -> Style:
        if isinstance(name, str) and name:
            try:
                return super().get_style(name)
            except MissingStyle:
                self.missing.append(name)
        return super().get_style(name, default=default)


def _every_view(sales_pack: Pack) -> list[object]:
    from coach.packs import PackRef
    from coach.scoring.evaluation import (
        Delivery,
        Evaluation,
        FollowUpQuestion,
        PitfallHit,
        PointScore,
        Structure,
    )
    from coach.session.calibrate import CalibrationResult, FellFor
    from coach.ui.views.backends import backends_view
    from coach.ui.views.batch import score_table
    from coach.ui.views.calibration import calibration_view
    from coach.ui.views.feedback import feedback_view
    from coach.ui.views.pack import pack_view, packs_table, questions_table, role_view

    def evaluation(overall: float) -> Evaluation:
        return Evaluation(
            question="build-team",
            lang="en",
            overall=overall,
            points=[PointScore("a", "A", overall, ["quote"]), PointScore("b", "B", 1.0)],
            pitfalls=[PitfallHit("p", "P", ["q"])],
            structure=Structure(),
            delivery=Delivery(characters=10, words=2, seconds=200, budget_seconds=120),
            strengths=["s"],
            improvements=["i"],
            follow_up=FollowUpQuestion("Why?"),
            backend="offline",
            model=None,
            fallback="timeout",
            versions={"scorer": "1"},
            flags=["off-topic"],
            confidence=0.5,
        )

    fit = {"spearman": 0.6, "pairwise": 0.7, "mae": 0.8, "spread": 0.5}
    calibration = CalibrationResult("offline", 10, 1, 0.7, 0.8, 0.1, 0.2, [FellFor("x", "k", 4.0)])
    backends = [
        {"name": "offline", "active": True, "state": "ready", "detail": "ok", "endpoint": None},
        {"name": "x", "active": False, "state": "missing", "detail": "key", "endpoint": "u"},
    ]
    ref = PackRef(Path("packs/broken"), "user")
    question = sales_pack.find("build-team")
    assert question is not None
    return [
        feedback_view(evaluation(4.0), "en", previous=evaluation(2.0)),
        feedback_view(evaluation(3.0), "ja"),
        question_view(sales_pack, question, "en", model_answer=True),
        questions_table(sales_pack, "en"),
        role_view(sales_pack, "en"),
        pack_view(sales_pack, "en"),
        packs_table([(ref, sales_pack, ""), (ref, None, "bad")], "en"),
        score_table([BatchResult(1, 1, evaluation(1.0)), BatchResult(2, 2, error="e")], "en"),
        calibration_view(calibration, fit, "en"),
        backends_view([{**row, "model": None} for row in backends], "en"),
    ]


def test_every_style_a_view_names_is_in_the_theme(sales_pack: Pack) -> None:
    console = _Strict(theme=THEME, file=io.StringIO(), width=100, color_system="standard")
    console.missing = []
    for view in _every_view(sales_pack):
        console.print(view)
    assert console.missing == []


@pytest.mark.parametrize(("score", "colour"), [(4.0, "32"), (3.0, "33"), (1.0, "31")])
def test_a_score_is_coloured_by_its_band_through_the_theme(score: float, colour: str) -> None:
    screen = io.StringIO()
    console = Console(
        theme=THEME, file=screen, color_system="standard", force_terminal=True, highlight=False
    )
    console.print(score_text(score), bar_text(score), score_markup(score))
    out = screen.getvalue()
    assert out.count(f"\x1b[{colour}m") == 3, repr(out)

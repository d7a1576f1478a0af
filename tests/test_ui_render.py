"""Question views at 60/80/120 columns: data tables keep cells whole, text wraps with kinsoku."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from coach.packs.model import Pack
from coach.ui.render import data_table, question_view
from coach.ui.wrap import NO_START


def _render(renderable: object, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None)
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

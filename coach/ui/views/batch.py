"""`coach score --format table`: the batch's results, one row per input line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from coach.i18n import t
from coach.scoring.evaluation import COVERED
from coach.ui.render import score_markup
from coach.ui.safe import plain

if TYPE_CHECKING:
    from coach.session.batch import BatchResult


def score_table(results: list[BatchResult], lang: str) -> Table:
    """`coach score --format table`: one row per input line."""
    table = Table()
    for key in ("id", "question", "overall", "points", "flags"):
        table.add_column(
            t(f"score.col.{key}", lang),
            overflow="fold",
            justify="right" if key == "overall" else "left",
        )
    for r in results:
        ev = r.evaluation
        if ev is None:
            table.add_row(plain(str(r.id)), plain(str(r.error), "bad"), "-", "-", "")
            continue
        covered = sum(1 for p in ev.points if p.score >= COVERED)
        table.add_row(
            plain(str(r.id)),
            plain(ev.question),
            score_markup(ev.overall),
            f"{covered}/{len(ev.points)}",
            plain(", ".join(str(f) for f in ev.flags)),
        )
    return table

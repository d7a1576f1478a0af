"""`coach score --format table`: the batch's results, one row per input line."""

from __future__ import annotations

from rich.table import Table

from coach.i18n import t
from coach.scoring.evaluation import COVERED
from coach.ui.render import score_markup
from coach.ui.safe import plain


def score_table(results: list[dict[str, object]], lang: str) -> Table:
    """`coach score --format table`: one row per input line."""
    table = Table()
    for key in ("id", "question", "overall", "points", "flags"):
        table.add_column(
            t(f"score.col.{key}", lang),
            overflow="fold",
            justify="right" if key == "overall" else "left",
        )
    for r in results:
        if "error" in r:
            table.add_row(plain(str(r.get("id"))), plain(str(r["error"]), "bad"), "-", "-", "")
            continue
        points = r.get("points") or []
        assert isinstance(points, list)
        covered = sum(1 for p in points if p["score"] >= COVERED)
        overall = float(r["overall"])  # type: ignore[arg-type]
        flags = r.get("flags") or []
        assert isinstance(flags, list)
        table.add_row(
            plain(str(r.get("id"))),
            plain(str(r["question"])),
            score_markup(overall),
            f"{covered}/{len(points)}",
            plain(", ".join(str(f) for f in flags)),
        )
    return table

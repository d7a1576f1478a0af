"""`coach calibrate`: how well a backend's scores agree with the graded answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

from coach.i18n import t
from coach.ui.render import section
from coach.ui.safe import esc

if TYPE_CHECKING:
    from coach.session.calibrate import CalibrationResult


def calibration_view(result: CalibrationResult, fit: Mapping[str, float], lang: str) -> Group:
    table = Table(
        title=t(
            "calibrate.title", lang, backend=result.backend, n=result.answers, k=result.repeats
        ),
        title_justify="left",
    )
    table.add_column(t("calibrate.col.measure", lang))
    table.add_column(t("calibrate.col.value", lang), justify="right")
    table.add_column(t("calibrate.col.target", lang), justify="right")

    def mark(ok: bool) -> str:
        return "[good]✔[/]" if ok else "[bad]✘[/]"

    table.add_row(
        t("calibrate.spearman", lang),
        f"{result.spearman:.2f}",
        f"≥ {fit['spearman']} {mark(result.spearman >= fit['spearman'])}",
    )
    table.add_row(
        t("calibrate.pairwise", lang),
        f"{result.pairwise:.0%}",
        f"≥ {fit['pairwise']:.0%} {mark(result.pairwise >= fit['pairwise'])}",
    )
    table.add_row(
        t("calibrate.mae", lang),
        f"{result.mae:.2f}",
        f"≤ {fit['mae']} {mark(result.mae <= fit['mae'])}",
    )
    table.add_row(
        t("calibrate.spread", lang),
        f"{result.spread_mean:.2f} / {result.spread_max:.2f}",
        f"≤ {fit['spread']} {mark(result.spread_max <= fit['spread'])}",
    )
    table.add_row(
        t("calibrate.fallbacks", lang), str(result.fallbacks), f"0 {mark(result.fallbacks == 0)}"
    )
    parts: list[RenderableType] = [table]
    if result.fell_for:
        lines = [f"[bad]✘[/] {esc(f.id)} ({f.kind}): {f.score:.1f}" for f in result.fell_for]
        parts.append(section(t("calibrate.fell_for", lang), lines))
    else:
        parts.append(RichText(t("calibrate.resisted", lang), style="good"))
    verdict = "calibrate.fit" if result.fit else "calibrate.unfit"
    parts.append(RichText(t(verdict, lang), style="verdict.fit" if result.fit else "flag"))
    return Group(*parts)

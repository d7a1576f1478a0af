"""Rich rendering of an evaluation: overall, point checklist, pitfalls, structure, delivery."""

from __future__ import annotations

from types import MappingProxyType

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from coach.i18n import MESSAGES, t
from coach.safetext import safe_text
from coach.scoring.advice import confidence_text, flag_text
from coach.scoring.evaluation import COVERED, Evaluation, band
from coach.ui.safe import esc, plain
from coach.ui.wrap import Wrapped, section

BAND_STYLE = MappingProxyType({"good": "green", "fair": "yellow", "weak": "red"})


def score_style(score: float, top: float = 5.0) -> str:
    """The colour of a score's band (the same bands as coverage and advice)."""
    return BAND_STYLE[band(score * 5.0 / top)]


def bar(score: float, top: float = 5.0, width: int = 10) -> str:
    filled = round(width * max(0.0, min(score, top)) / top)
    return "█" * filled + "░" * (width - filled)


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def feedback_view(ev: Evaluation, ui: str, previous: Evaluation | None = None) -> Group:
    parts: list[RenderableType] = []
    head = Text.assemble(
        (f"{t('fb.overall', ui)} ", "bold"),
        (f"{ev.overall:.1f}", f"bold {score_style(ev.overall)}"),
        " / 5.0  ",
        (bar(ev.overall), score_style(ev.overall)),
    )
    if previous is not None:
        delta = ev.overall - previous.overall
        head.append(
            f"  ({delta:+.1f})", style="green" if delta > 0 else "red" if delta < 0 else "dim"
        )
    head.append(f"  {t('fb.confidence', ui)} {ev.confidence:.0%}", style="dim")
    parts.append(head)
    for flag in ev.flags:
        line = plain(f"⚠ {flag_text(flag, ui)}", style="bold red")
        for quote in ev.flag_evidence.get(flag, [])[:2]:
            line.append(f"\n    “{safe_text(_clip(quote))}”", style="dim")
        parts.append(line)
    if ev.low_confidence:
        parts.append(plain(confidence_text(ev, ui), style="yellow"))
    if ev.fallback:
        parts.append(plain(t("fb.fallback", ui, reason=ev.fallback), style="yellow"))

    table = Table(title=t("fb.points", ui), title_justify="left", show_lines=True, expand=True)
    table.add_column("", width=2, no_wrap=True)
    table.add_column(t("fb.point", ui), ratio=2, overflow="fold")
    table.add_column(t("fb.score", ui), no_wrap=True, justify="right")
    table.add_column(t("fb.evidence", ui), ratio=3, overflow="fold")
    before = {p.id: p.score for p in previous.points} if previous else {}
    for point in ev.points:
        covered = point.score >= COVERED
        mark = Text("✔", style="green") if covered else Text("✘", style="red")
        score = Text(f"{point.score:.1f}", style=score_style(point.score))
        if point.id in before:
            delta = point.score - before[point.id]
            score.append(
                f" ({delta:+.1f})", style="green" if delta > 0 else "red" if delta < 0 else "dim"
            )
        quote = (
            "\n".join(f"“{esc(e)}”" for e in point.evidence)
            if point.evidence
            else f"[dim]{t('fb.missing', ui)}[/]"
        )
        table.add_row(mark, Wrapped(point.text), score, Wrapped(Text.from_markup(quote)))
    parts.append(table)

    if ev.pitfalls:
        lines = [
            f"[red]![/] {esc(p.text)}"
            + (f"\n    [dim]“{esc(p.evidence[0])}”[/]" if p.evidence else "")
            for p in ev.pitfalls
        ]
        parts.append(_section(t("fb.pitfalls", ui), lines))

    s = ev.structure
    yes, no = t("fb.yes", ui), t("fb.no", ui)
    structure = [
        f"{t('fb.example', ui)}: {yes if s.example else no}",
        f"{t('fb.numbers', ui)}: {yes if s.numbers else no}",
        f"{t('fb.frameworks', ui)}: {esc(', '.join(s.frameworks)) if s.frameworks else no}",
        f"{t('fb.plan', ui)}: {yes if s.plan else no}",
    ]
    d = ev.delivery
    delivery = [
        t("fb.length", ui, chars=d.characters, words=d.words)
        if d.words
        else t("fb.length_ja", ui, chars=d.characters)
    ]
    if d.seconds is not None:
        seconds = f"{d.seconds:.0f}"
        spent = (
            t("fb.seconds_of", ui, seconds=seconds, budget=d.budget_seconds)
            if d.budget_seconds
            else t("fb.seconds", ui, seconds=seconds)
        )
        over = f" [red]{t('fb.over', ui)}[/]" if d.over_budget else ""
        delivery.append(f"{t('fb.time', ui)}: {spent}{over}")
    if d.rate is not None:
        unit = f"fb.rate_unit.{d.rate_unit}"
        delivery.append(
            f"{t('fb.rate', ui)}: {d.rate:.0f} {t(unit, ui) if unit in MESSAGES else d.rate_unit}"
        )
    if d.fillers:
        delivery.append(
            f"{t('fb.fillers', ui)}: " + ", ".join(f"{esc(k)}×{v}" for k, v in d.fillers.items())
        )
    grid = Table.grid(expand=True, padding=(0, 2))
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
    grid.add_row(
        _section(t("fb.structure", ui), structure), _section(t("fb.delivery", ui), delivery)
    )
    parts.append(grid)

    if ev.strengths:
        parts.append(_bullets(t("fb.strengths", ui), "[green]+[/]", ev.strengths))
    if ev.improvements:
        parts.append(_bullets(t("fb.improvements", ui), "[yellow]→[/]", ev.improvements))
    if ev.follow_up:
        parts.append(
            Panel(
                Wrapped(ev.follow_up.text),
                title=t("fb.follow_up", ui),
                title_align="left",
                border_style="yellow",
            )
        )
    parts.append(
        plain(
            f"{ev.backend} · {ev.model or '-'} · "
            + " · ".join(
                f"{t(f'fb.version.{k}', ui) if f'fb.version.{k}' in MESSAGES else k} {v}"
                for k, v in ev.versions.items()
            ),
            style="dim",
        )
    )
    return Group(*parts)


def _bullets(title: str, mark: str, items: list[str]) -> Group:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row(Text.from_markup(mark), Wrapped(item))
    return Group(Text.from_markup(f"\n[bold underline]{esc(title)}[/]"), grid)


def _section(title: str, lines: list[str]) -> Group:
    return section(title, lines, hang="  ")


def evaluation_text(ev: Evaluation, ui: str) -> str:
    """Plain text of an evaluation (for `--format text` into a pipe or a file)."""
    import io

    from rich.console import Console

    console = Console(width=100, no_color=True, force_terminal=False, file=io.StringIO())
    console.print(feedback_view(ev, ui))
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]

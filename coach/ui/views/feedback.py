"""An evaluation in the terminal: overall, point checklist, pitfalls, structure, delivery."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from coach.i18n import MESSAGES, t
from coach.safetext import safe_text
from coach.scoring.advice import confidence_text, flag_text
from coach.scoring.evaluation import COVERED, Evaluation
from coach.ui.render import (
    THEME,
    bar_text,
    box,
    delta_style,
    heading,
    score_text,
    section,
)
from coach.ui.safe import esc, plain
from coach.ui.wrap import Wrapped


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def feedback_view(ev: Evaluation, ui: str, previous: Evaluation | None = None) -> Group:
    """An evaluation in the terminal; with `previous`, each score shows its change."""
    parts: list[RenderableType] = [*_overall(ev, ui, previous)]
    parts.append(_points_table(ev, ui, previous))
    if ev.pitfalls:
        lines = [
            f"[bad]![/] {esc(p.text)}"
            + (f"\n    [dim]“{esc(p.evidence[0])}”[/]" if p.evidence else "")
            for p in ev.pitfalls
        ]
        parts.append(section(t("fb.pitfalls", ui), lines, hang="  "))
    grid = Table.grid(expand=True, padding=(0, 2))
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
    grid.add_row(
        section(t("fb.structure", ui), _structure(ev, ui), hang="  "),
        section(t("fb.delivery", ui), _delivery(ev, ui), hang="  "),
    )
    parts.append(grid)
    if ev.strengths:
        parts.append(_bullets(t("fb.strengths", ui), "[good]+[/]", ev.strengths))
    if ev.improvements:
        parts.append(_bullets(t("fb.improvements", ui), "[warn]→[/]", ev.improvements))
    if ev.follow_up:
        parts.append(box(ev.follow_up.text, t("fb.follow_up", ui), "box.follow_up"))
    parts.append(_versions(ev, ui))
    return Group(*parts)


def _overall(ev: Evaluation, ui: str, previous: Evaluation | None) -> list[RenderableType]:
    """The overall score with its bar and confidence, then the flags and the warnings."""
    head = Text.assemble(
        (f"{t('fb.overall', ui)} ", "bold"),
        score_text(ev.overall, bold=True),
        " / 5.0  ",
        bar_text(ev.overall),
    )
    if previous is not None:
        delta = ev.overall - previous.overall
        head.append(f"  ({delta:+.1f})", style=delta_style(delta))
    head.append(f"  {t('fb.confidence', ui)} {ev.confidence:.0%}", style="dim")
    parts: list[RenderableType] = [head]
    for flag in ev.flags:
        line = plain(f"⚠ {flag_text(flag, ui)}", style="flag")
        for quote in ev.flag_evidence.get(flag, [])[:2]:
            line.append(f"\n    “{safe_text(_clip(quote))}”", style="dim")
        parts.append(line)
    if ev.low_confidence:
        parts.append(plain(confidence_text(ev, ui), style="warn"))
    if ev.fallback:
        parts.append(plain(t("fb.fallback", ui, reason=ev.fallback), style="warn"))
    return parts


def _points_table(ev: Evaluation, ui: str, previous: Evaluation | None) -> Table:
    """Each evaluation point: covered or not, its score (and change), the answer's evidence."""
    table = Table(title=t("fb.points", ui), title_justify="left", show_lines=True, expand=True)
    table.add_column("", width=2, no_wrap=True)
    table.add_column(t("fb.point", ui), ratio=2, overflow="fold")
    table.add_column(t("fb.score", ui), no_wrap=True, justify="right")
    table.add_column(t("fb.evidence", ui), ratio=3, overflow="fold")
    before = {p.id: p.score for p in previous.points} if previous else {}
    for point in ev.points:
        covered = point.score >= COVERED
        mark = Text("✔", style="good") if covered else Text("✘", style="bad")
        score = score_text(point.score)
        if point.id in before:
            delta = point.score - before[point.id]
            score.append(f" ({delta:+.1f})", style=delta_style(delta))
        quote = (
            "\n".join(f"“{esc(e)}”" for e in point.evidence)
            if point.evidence
            else f"[dim]{t('fb.missing', ui)}[/]"
        )
        table.add_row(mark, Wrapped(point.text), score, Wrapped(Text.from_markup(quote)))
    return table


def _structure(ev: Evaluation, ui: str) -> list[str]:
    s = ev.structure
    yes, no = t("fb.yes", ui), t("fb.no", ui)
    return [
        f"{t('fb.example', ui)}: {yes if s.example else no}",
        f"{t('fb.numbers', ui)}: {yes if s.numbers else no}",
        f"{t('fb.frameworks', ui)}: {esc(', '.join(s.frameworks)) if s.frameworks else no}",
        f"{t('fb.plan', ui)}: {yes if s.plan else no}",
    ]


def _delivery(ev: Evaluation, ui: str) -> list[str]:
    """Length, time used against the budget, speaking rate and fillers (for a spoken answer, as
    the recogniser timed them)."""
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
        over = f" [bad]{t('fb.over', ui)}[/]" if d.over_budget else ""
        delivery.append(f"{t('fb.time', ui)}: {spent}{over}")
    if d.speech is not None:  # spoken: pace, fillers and pauses as heard, not as typed
        from coach.report.speech import speech_lines

        return delivery + [esc(line) for line in speech_lines(d.speech, ui)]
    if d.rate is not None:
        unit = f"fb.rate_unit.{d.rate_unit}"
        delivery.append(
            f"{t('fb.rate', ui)}: {d.rate:.0f} {t(unit, ui) if unit in MESSAGES else d.rate_unit}"
        )
    if d.fillers:
        delivery.append(
            f"{t('fb.fillers', ui)}: " + ", ".join(f"{esc(k)}×{v}" for k, v in d.fillers.items())
        )
    return delivery


def _versions(ev: Evaluation, ui: str) -> Text:
    """Who scored the answer, with which model and versions."""
    return plain(
        f"{ev.backend} · {ev.model or '-'} · "
        + " · ".join(
            f"{t(f'fb.version.{k}', ui) if f'fb.version.{k}' in MESSAGES else k} {v}"
            for k, v in ev.versions.items()
        ),
        style="dim",
    )


def _bullets(title: str, mark: str, items: list[str]) -> Group:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row(Text.from_markup(mark), Wrapped(item))
    return Group(heading(title), grid)


def evaluation_text(ev: Evaluation, ui: str) -> str:
    """Plain text of an evaluation (for `--format text` into a pipe or a file)."""
    import io

    from rich.console import Console

    console = Console(
        width=100, no_color=True, force_terminal=False, file=io.StringIO(), theme=THEME
    )
    console.print(feedback_view(ev, ui))
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]

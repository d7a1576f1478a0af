"""The end-of-session summary of `coach practice`: each answer's score and time, the areas and
skills with their bars, strengths and what to improve."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from coach.i18n import t, tn
from coach.packs.model import Pack
from coach.report.speech import session_speech, trend_text
from coach.report.summary import QuestionResult, SessionSummary, SummaryAdvice, over_budget
from coach.safetext import safe_text
from coach.store import AnswerRow
from coach.timefmt import mmss
from coach.ui.render import bar_text, heading, score_markup, score_style
from coach.ui.safe import plain
from coach.ui.wrap import Wrapped, WrappedTable


def print_summary(console: Console, summary: SessionSummary, pack: Pack | None, ui: str) -> None:
    """The summary at the end of a session; a line instead when nothing was answered (no
    empty table, no report to export)."""
    if not any(not r.answer.skipped and r.answer.text.strip() for r in summary.results):
        console.print(t("summary.nothing_answered", ui))
        return
    console.print(summary_view(summary, pack, ui))


def summary_view(summary: SessionSummary, pack: Pack | None, ui: str) -> Group:
    head = Text(t("summary.title", ui), style="bold")
    if summary.overall is not None:
        overall = Text(f"  {summary.overall:.1f} / 5.0 ", style="bold")
        overall.stylize(score_style(summary.overall))
        head.append(overall)
        head.append(bar_text(summary.overall))
    parts: list[RenderableType] = [head, *_results(summary, ui)]
    parts += _score_bars(summary, pack, ui)
    parts += _advice(summary, ui)
    parts.append(Text(f"\n{t('summary.total_time', ui, time=mmss(summary.seconds_used))}"))
    spoken = session_speech([r.answer for r in summary.results])
    if spoken is not None:  # the spoken answers' pace and fillers, taken together
        parts.append(Wrapped(f"{t('speech.title', ui)}: {trend_text(spoken, ui)}"))
    if summary.pending:
        pending = tn("summary.pending_note", ui, summary.pending, count=summary.pending)
        parts.append(Text(pending, style="warn"))
    parts.append(Text(t("summary.export", ui, id=summary.session.id), style="next"))
    return Group(*parts)


def _results(summary: SessionSummary, ui: str) -> list[RenderableType]:
    """One row per question, then a note on the scores the scorer was unsure of."""
    keys = ("n", "question", "score", "time", "points", "pitfalls")
    rows: list[list[Text | str]] = []
    unsure = 0
    for index, r in enumerate(summary.results, 1):
        score = _score_cell(r, ui)
        unsure += r.answer.evaluation is not None and r.answer.evaluation.low_confidence
        rows.append(_row(index, r, score, ui))
    headers = [t(f"summary.col.{key}", ui) for key in keys]
    parts: list[RenderableType] = [WrappedTable(headers, rows, right=(0, 2))]
    if unsure:
        parts.append(Wrapped(tn("summary.low_confidence", ui, unsure, n=unsure), style="warn"))
    return parts


def _score_cell(r: QuestionResult, ui: str) -> Text:
    ev = r.answer.evaluation
    if r.answer.skipped:
        return Text.from_markup(f"[dim]{t('summary.skipped', ui)}[/]")
    if ev is None:
        return Text.from_markup(f"[dim]{t('summary.pending', ui)}[/]")
    score = score_markup(ev.overall)
    if ev.low_confidence:  # explained under the table
        score += "[warn]?[/]"
    return Text.from_markup(score)


def _row(index: int, r: QuestionResult, score: Text, ui: str) -> list[Text | str]:
    ev = r.answer.evaluation
    used = "\n".join([_time_used(r.answer, ui), *(f"↳ {_time_used(f, ui)}" for f in r.follow_ups)])
    covered, total = r.covered()
    follow = f" +{len(r.follow_ups)}" if r.follow_ups else ""
    return [
        str(index),
        plain(f"{r.question_id}{follow}"),
        score,
        Text.from_markup(used),
        f"{covered}/{total}" if ev else "-",
        str(len(ev.pitfalls)) if ev else "-",
    ]


def _time_used(answer: AnswerRow, ui: str) -> str:
    """Time used / budget as markup, overtime marked: main answers and follow-ups alike."""
    used = f"{mmss(answer.answer_seconds or 0)} / {mmss(answer.budget_seconds or 0)}"
    return f"[bad]{used} {t('fb.over', ui)}[/]" if over_budget(answer) else used


def _score_bars(summary: SessionSummary, pack: Pack | None, ui: str) -> list[RenderableType]:
    """The mean score of each area and each skill, best first, with its bar."""
    lang = pack.ui_lang(ui) if pack else ui
    parts: list[RenderableType] = []
    for title, scores, names in (
        (
            t("summary.by_area", ui),
            summary.by_area,
            {a.id: a.name.get(lang) for a in pack.areas} if pack else {},
        ),
        (
            t("summary.by_skill", ui),
            summary.by_skill,
            {s.id: s.name.get(lang) for s in pack.skills} if pack else {},
        ),
    ):
        if not scores:
            continue
        grid = Table.grid(padding=(0, 1))
        grid.add_column()
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, justify="right")
        for key, value in sorted(scores.items(), key=lambda kv: -kv[1]):
            grid.add_row(Wrapped(names.get(key, key)), bar_text(value), f"{value:.1f}")
        parts += [heading(title), grid]
    return parts


def advice_line(item: SummaryAdvice) -> Text:
    """A strength or improvement of the summary, after the question it is about."""
    return Text.assemble((f"[{safe_text(item.question_id)}]", "id"), " ", safe_text(item.text))


def _advice(summary: SessionSummary, ui: str) -> list[RenderableType]:
    """Strengths and improvements (or why there are none to show here)."""
    improvements = [advice_line(item) for item in summary.improvements]
    if summary.all_strong and not improvements:
        improvements = [Text(t("summary.all_strong", ui))]
    elif summary.advice_in_report:
        improvements = [Text(t("summary.advice_in_report", ui, id=summary.session.id))]
    parts: list[RenderableType] = []
    for title, lines, mark in (
        (t("fb.strengths", ui), [advice_line(item) for item in summary.strengths], "[good]+[/]"),
        (t("fb.improvements", ui), improvements, "[warn]→[/]"),
    ):
        if lines:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            for line in lines:
                grid.add_row(Text.from_markup(mark), Wrapped(line))
            parts += [heading(title), grid]
    return parts

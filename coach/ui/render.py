"""Rich rendering of packs and questions."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from coach.i18n import t
from coach.packs import PackRef
from coach.packs.model import Pack, Question
from coach.packs.model import Table as DataTable
from coach.safetext import safe_text
from coach.scoring.evaluation import COVERED
from coach.ui.feedback import score_style
from coach.ui.safe import esc, plain
from coach.ui.wrap import Wrapped, WrappedTable, section

if TYPE_CHECKING:
    from coach.report.summary import RequirementProgress
    from coach.session.batch import BatchResult
    from coach.session.calibrate import CalibrationResult


def console(stderr: bool = False) -> Console:
    return Console(
        stderr=stderr, highlight=False, soft_wrap=False, file=sys.stderr if stderr else sys.stdout
    )


def data_table(data: DataTable, lang: str) -> DataTableView:
    return DataTableView(data, lang)


class DataTableView:
    """A question's data: short columns as a table whose cells stay whole, the others (and,
    when the terminal is narrow, the widest ones) as notes wrapped under each row's key."""

    def __init__(self, data: DataTable, lang: str) -> None:
        self.data, self.lang = data, lang
        self.cells = [
            [safe_text(_format_cell(data.cell(row, c.id, lang))) for c in data.columns]
            for row in data.rows
        ]
        self.labels = [safe_text(c.label.get(lang)) for c in data.columns]

    def split(self, width: int) -> tuple[list[int], list[int]]:
        """Which columns go in the table and which into the notes, for `width` columns."""
        widths = [
            max([cell_len(label), *(cell_len(r[i]) for r in self.cells)])
            for i, label in enumerate(self.labels)
        ]
        text = [i for i, w in enumerate(widths) if w > 24 and i != 0]
        short = [i for i in range(len(widths)) if i not in text]
        while len(short) > 1 and sum(widths[i] + 3 for i in short) + 1 > width:
            text.append(max(short[1:], key=lambda i: widths[i]))  # the widest gives way
            short.remove(text[-1])
        return short, sorted(text)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        short, long = self.split(options.max_width)
        data, lang, cells = self.data, self.lang, self.cells
        table = Table(
            title=plain(data.title.get(lang)) if data.title else None, title_justify="left"
        )
        for i in short:
            numeric = all(c[i].replace(",", "").isdigit() for c in cells if c[i])
            table.add_column(
                plain(self.labels[i]),
                justify="right" if numeric else "left",
                no_wrap=i != 0,  # the key column alone may fold, when nothing else fits
                overflow="fold",
            )
        for row in cells:
            table.add_row(*(plain(row[i]) for i in short))
        yield table
        if not long:
            return
        for row in cells:
            yield RichText(row[0], style="bold")
            for i in long:
                if row[i]:
                    note = RichText.assemble((f"{self.labels[i]}:", "dim"), " ", row[i])
                    yield Wrapped(note, indent="  ", hang="    ")


def _format_cell(value: str) -> str:
    return f"{int(value):,}" if value.isdigit() and len(value) > 4 else value


def questions_table(pack: Pack, lang: str) -> Group:
    lang = pack.ui_lang(lang)
    parts: list[RenderableType] = []
    for title, group in (
        (t("questions.title", lang, pack=safe_text(pack.title.get(lang))), pack.questions),
        (t("questions.cases", lang), pack.cases()),
    ):
        if not group:
            continue
        table = Table(title=RichText(title), title_justify="left", expand=False)
        table.add_column(t("questions.col.id", lang), no_wrap=True, style="bold cyan")
        table.add_column(t("questions.col.area", lang))
        table.add_column(t("questions.col.question", lang))
        for q in group:
            area = pack.area_of(q)
            table.add_row(
                plain(q.id),
                Wrapped(area.name.get(lang)) if area else "-",
                Wrapped(q.text.get(lang)),
            )
        parts.append(table)
    parts.append(RichText(t("questions.hint", lang), style="dim"))
    return Group(*parts)


def question_head(
    pack: Pack, q: Question, lang: str, more: tuple[str, ...] = ()
) -> list[RenderableType]:
    """A question's box, its areas and skills (then the `more` lines) dimmed below it, and its
    data table: how `coach show` and `coach packs show` both open a question."""
    label = t("show.case", lang) + ": " if q.is_case else ""
    parts: list[RenderableType] = [
        Panel(
            Wrapped(q.text.get(lang)),
            title=plain(f"{label}{q.id}"),
            title_align="left",
            border_style="cyan",
        )
    ]
    meta = []
    areas = [pack.area(a) for a in q.areas] if q.areas else [pack.area_of(q)]
    names = [a.name.get(lang) for a in areas if a]
    if names:
        meta.append(f"{t('show.areas', lang)}: " + ", ".join(names))
    skills = [s.name.get(lang) for s in (pack.skill(i) for i in q.skills) if s]
    if skills:
        meta.append(f"{t('show.skills', lang)}: " + ", ".join(skills))
    meta += more
    if meta:
        parts.append(Wrapped("\n".join(meta), style="dim", hang="  "))
    if q.data:
        parts.append(data_table(q.data, lang))
    return parts


def question_view(pack: Pack, q: Question, lang: str, model_answer: bool) -> Group:
    lang = pack.ui_lang(lang)
    parts = question_head(pack, q, lang)
    parts.append(
        _section(
            t("show.points", lang),
            [
                f"[bold]{i}.[/] {esc(p.text.get(lang))} [dim]({p.id})[/]"
                for i, p in enumerate(q.points, 1)
            ],
        )
    )
    if q.pitfalls:
        parts.append(
            _section(
                t("show.pitfalls", lang),
                [f"[red]![/] {esc(p.text.get(lang))} [dim]({p.id})[/]" for p in q.pitfalls],
            )
        )
    if q.follow_ups:
        parts.append(
            _section(
                t("show.follow_ups", lang),
                [f"[yellow]?[/] {esc(f.text.get(lang))}" for f in q.follow_ups],
            )
        )
    if model_answer:
        body = q.model_answer.get(lang) if q.model_answer else t("show.no_model_answer", lang)
        parts.append(
            Panel(
                Wrapped(body),
                title=t("show.model_answer", lang),
                title_align="left",
                border_style="green",
            )
        )
    elif q.model_answer:
        parts.append(RichText(t("show.model_hint", lang, id=q.id), style="dim"))
    return Group(*parts)


def _section(title: str, lines: list[str]) -> Group:
    return section(title, lines)


def role_view(pack: Pack, lang: str) -> Group:
    lang = pack.ui_lang(lang)
    parts: list[RenderableType] = [plain(pack.title.get(lang), style="bold")]
    if pack.responsibilities:
        parts.append(
            Panel(
                Wrapped(pack.responsibilities.get(lang)),
                title=t("role.responsibilities", lang),
                title_align="left",
            )
        )
    for title, items in (
        (t("role.skills", lang), pack.skills),
        (t("role.differentiators", lang), pack.differentiators),
    ):
        if not items:
            continue
        table = Table(title=title, title_justify="left", show_lines=True)
        table.add_column("", style="bold", ratio=1)
        table.add_column("", ratio=3)
        for skill in items:
            desc = skill.description.get(lang) if skill.description else ""
            table.add_row(Wrapped(skill.name.get(lang)), Wrapped(desc))
        parts.append(table)
    if pack.areas:
        lines = []
        for area in pack.areas:
            who = ""
            if area.interviewer:
                who = (
                    f" — {esc(area.interviewer.name.get(lang))}, "
                    f"{esc(area.interviewer.title.get(lang))}"
                )
            lines.append(f"[bold]{esc(area.name.get(lang))}[/] [dim]({area.id})[/]{who}")
            if area.probes:
                lines.append(esc(area.probes.get(lang)))
            lines.append("")
        parts.append(_section(t("role.areas", lang), lines))
    if not (pack.responsibilities or pack.skills or pack.areas):
        parts.append(RichText(t("role.empty", lang), style="dim"))
    parts.append(
        RichText(
            t(
                "role.session",
                lang,
                minutes=pack.session.minutes,
                seconds=pack.session.answer_seconds,
            ),
            style="dim",
        )
    )
    return Group(*parts)


def packs_table(rows: list[tuple[PackRef, Pack | None, str]], lang: str) -> Group:
    """The packs as a table; where each lives goes under it, so ids and titles never fold."""
    table = Table()
    table.add_column(t("packs.col.id", lang), no_wrap=True)
    table.add_column(t("packs.col.title", lang), overflow="fold", min_width=12)
    table.add_column(t("packs.col.questions", lang), justify="right")
    table.add_column(
        " · ".join(t(f"packs.col.{k}", lang) for k in ("version", "languages", "origin")),
        overflow="fold",
    )
    places = []
    for ref, pack, reason in rows:
        origin = t(f"packs.origin.{ref.origin}", lang)
        name = ref.name if pack is None else pack.id
        places.append(f"  [bold]{esc(name)}[/] {esc(str(ref.path))}")
        if pack is None:
            broken = esc(t("packs.broken", lang, reason=reason))
            table.add_row(plain(name), f"[red]{broken}[/]", "-", origin)
            continue
        table.add_row(
            plain(pack.id),
            esc(pack.title.get(pack.ui_lang(lang))),
            str(len(pack.all_questions())),
            f"{pack.version} · {', '.join(pack.languages)} · {origin}",
        )
    heading = f"[dim]{esc(t('packs.col.source', lang))}:[/]"
    return Group(table, RichText.from_markup("\n".join([heading, *places])))


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
            table.add_row(plain(str(r.id)), plain(str(r.error), "red"), "-", "-", "")
            continue
        covered = sum(1 for p in ev.points if p.score >= COVERED)
        style = score_style(ev.overall)
        table.add_row(
            plain(str(r.id)),
            plain(ev.question),
            f"[{style}]{ev.overall:.1f}[/]",
            f"{covered}/{len(ev.points)}",
            plain(", ".join(str(f) for f in ev.flags)),
        )
    return table


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
        return "[green]✔[/]" if ok else "[red]✘[/]"

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
        lines = [f"[red]✘[/] {esc(f.id)} ({f.kind}): {f.score:.1f}" for f in result.fell_for]
        parts.append(_section(t("calibrate.fell_for", lang), lines))
    else:
        parts.append(RichText(t("calibrate.resisted", lang), style="green"))
    verdict = "calibrate.fit" if result.fit else "calibrate.unfit"
    parts.append(RichText(t(verdict, lang), style="bold green" if result.fit else "bold red"))
    return Group(*parts)


def _gist(text: str, limit: int = 90) -> str:
    """The start of a long text (a case prompt runs to a page), cut at a character."""
    first = " ".join(text.split())
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def tailored_view(pack: Pack, covers: dict[str, list[str]], lang: str) -> Group:
    """`coach packs new`: each question with its area and the JD requirements it covers, then
    the requirements no question covers."""
    ui = pack.ui_lang(lang)
    texts = {r.id: r.text.get(ui) for r in pack.requirements}
    questions = pack.all_questions()
    rows: list[list[RichText | str]] = []
    for index, question in enumerate(questions, 1):
        area = pack.area_of(question)
        area_name = area.name.get(ui) if area else "-"
        if question.is_case:
            area_name = f"{area_name} ({t('tailor.case', lang)})"
        ids = covers.get(question.id, list(question.requirements))
        covered = "\n".join(f"{rid}: {texts.get(rid, '')}" for rid in ids) or "-"
        rows.append(
            [
                str(index),
                plain(f"{question.id}\n{_gist(question.text.get(ui))}"),
                plain(area_name),
                plain(covered),
            ]
        )
    headers = [
        "#",
        t("tailor.col.question", lang),
        t("tailor.col.area", lang),
        t("tailor.col.covers", lang),
    ]
    title = t("tailor.title.questions", lang, count=len(questions))
    # a question's id and the requirement ids are copied into commands: never cut
    table = WrappedTable(headers, rows, title=title, right=(0,), whole=(1,))
    used = {rid for q in questions for rid in covers.get(q.id, list(q.requirements))}
    uncovered = [r for r in pack.requirements if r.id not in used]
    parts: list[RenderableType] = [table]
    if uncovered:
        missing = WrappedTable(
            ["id", t("tailor.col.requirement", lang)],
            [[plain(r.id), plain(r.text.get(ui), "yellow")] for r in uncovered],
            title=t("tailor.title.uncovered", lang, count=len(uncovered)),
            whole=(0,),
        )
        parts.append(missing)
    elif pack.requirements:
        parts.append(RichText(t("tailor.all_covered", lang), style="green"))
    return Group(*parts)


def requirements_view(requirements: list[RequirementProgress], lang: str) -> Table:
    """`coach history` for a tailored pack: each job requirement, its questions answered and
    their mean score."""
    table = Table(title=t("progress.requirements.title", lang), title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column(t("tailor.col.requirement", lang), overflow="fold")
    table.add_column(t("progress.requirements.answered", lang), justify="right")
    table.add_column(t("progress.requirements.mean", lang), justify="right")
    for r in requirements:
        mean = f"[{score_style(r.mean)}]{r.mean:.1f}[/]" if r.mean is not None else "-"
        table.add_row(plain(r.id), plain(r.text), f"{r.answered}/{r.questions}", mean)
    return table


STATE_STYLES = MappingProxyType({"ready": "green", "unreachable": "red", "plugin": ""})


def backends_view(rows: list[dict[str, Any]], ui: str) -> Table:
    """`coach backends`: each backend, whether it can run, where it sends answers, its model."""
    table = Table()
    for key in ("name", "ready", "endpoint", "model"):
        table.add_column(t(f"backends.col.{key}", ui), overflow="fold")
    for row in rows:
        active = f" [bold green]← {t('backends.active', ui)}[/]" if row["active"] else ""
        style = STATE_STYLES.get(row["state"], "yellow")
        detail = f"[{style}]{esc(row['detail'])}[/]" if style else esc(row["detail"])
        endpoint = row["endpoint"] or (t("backends.local", ui) if row["name"] == "offline" else "-")
        table.add_row(esc(row["name"]) + active, detail, esc(endpoint), esc(row["model"] or "-"))
    return table

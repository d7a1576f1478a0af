"""A pack in the terminal: `coach questions`, `coach show`, `coach role`, `coach packs list`,
`coach packs show` (the whole pack) and `coach packs new` (a tailored pack's coverage)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.rule import Rule
from rich.table import Table
from rich.text import Text as RichText

from coach.i18n import t
from coach.packs import PackRef
from coach.packs.model import Area, Cues, Pack, Question, Skill
from coach.packs.model import Table as DataTable
from coach.safetext import safe_text
from coach.ui.render import box, heading, section
from coach.ui.safe import esc, plain
from coach.ui.wrap import Wrapped, WrappedTable

Line = tuple[str, int]  # (markup, level: 0 an item, 1 a note under it)
_INDENT = "   "


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
        table.add_column(t("questions.col.id", lang), no_wrap=True, style="id.column")
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
    parts: list[RenderableType] = [box(q.text.get(lang), plain(f"{label}{q.id}"))]
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
        section(
            t("show.points", lang),
            [
                f"[bold]{i}.[/] {esc(p.text.get(lang))} [dim]({p.id})[/]"
                for i, p in enumerate(q.points, 1)
            ],
        )
    )
    if q.pitfalls:
        parts.append(
            section(
                t("show.pitfalls", lang),
                [f"[bad]![/] {esc(p.text.get(lang))} [dim]({p.id})[/]" for p in q.pitfalls],
            )
        )
    if q.follow_ups:
        parts.append(
            section(
                t("show.follow_ups", lang),
                [f"[warn]?[/] {esc(f.text.get(lang))}" for f in q.follow_ups],
            )
        )
    if model_answer:
        body = q.model_answer.get(lang) if q.model_answer else t("show.no_model_answer", lang)
        parts.append(box(body, t("show.model_answer", lang), "box.model_answer"))
    elif q.model_answer:
        parts.append(RichText(t("show.model_hint", lang, id=q.id), style="dim"))
    return Group(*parts)


def role_view(pack: Pack, lang: str) -> Group:
    lang = pack.ui_lang(lang)
    parts: list[RenderableType] = [plain(pack.title.get(lang), style="bold")]
    if pack.responsibilities:
        parts.append(box(pack.responsibilities.get(lang), t("role.responsibilities", lang), ""))
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
        parts.append(section(t("role.areas", lang), lines))
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
            table.add_row(plain(name), f"[bad]{broken}[/]", "-", origin)
            continue
        table.add_row(
            plain(pack.id),
            esc(pack.title.get(pack.ui_lang(lang))),
            str(len(pack.all_questions())),
            f"{pack.version} · {', '.join(pack.languages)} · {origin}",
        )
    heading = f"[dim]{esc(t('packs.col.source', lang))}:[/]"
    return Group(table, RichText.from_markup("\n".join([heading, *places])))


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
            [[plain(r.id), plain(r.text.get(ui), "warn")] for r in uncovered],
            title=t("tailor.title.uncovered", lang, count=len(uncovered)),
            whole=(0,),
        )
        parts.append(missing)
    elif pack.requirements:
        parts.append(RichText(t("tailor.all_covered", lang), style="good"))
    return Group(*parts)


def pack_view(pack: Pack, lang: str) -> Group:
    """Role, skills, areas with their interviewers, then every question and case prompt with
    its points and cues, model answer, pitfalls and their signs, and follow-ups."""
    lang = pack.ui_lang(lang)
    parts: list[RenderableType] = [
        plain(pack.title.get(lang), style="bold"),
        Wrapped(  # by display width, a number kept with its unit ("180 秒")
            t(
                "packs.show.meta",
                lang,
                id=pack.id,
                version=pack.version,
                languages=", ".join(pack.languages),
                minutes=pack.session.minutes,
                seconds=pack.session.answer_seconds,
                follow=pack.session.follow_up_seconds,
            ),
            style="dim",
        ),
    ]
    if pack.description:
        parts.append(Wrapped(pack.description.get(lang)))
    if pack.mock_interview:
        parts.append(_panel(t("packs.show.mock_interview", lang), pack.mock_interview.get(lang)))
    if pack.responsibilities:
        parts.append(_panel(t("role.responsibilities", lang), pack.responsibilities.get(lang)))
    for title, skills in (
        (t("role.skills", lang), pack.skills),
        (t("role.differentiators", lang), pack.differentiators),
    ):
        if skills:
            parts.append(_skills(title, skills, lang))
    terms = pack.terms.get(lang)
    if terms:
        parts.append(_list(t("packs.show.terms", lang), [(esc(", ".join(terms)), 0)]))
    if pack.areas:
        parts.append(_areas(pack.areas, lang))
    for title, group in (
        (t("packs.show.questions", lang, count=len(pack.questions)), pack.questions),
        (t("packs.show.cases", lang, count=len(pack.cases())), pack.cases()),
    ):
        if not group:
            continue
        parts.append(RichText(""))
        parts.append(Rule(RichText(title, style="bold"), align="left"))
        parts.extend(question_full(pack, q, lang) for q in group)
    return Group(*parts)


def question_full(pack: Pack, q: Question, lang: str) -> Group:
    """One question with everything the pack says about it."""
    more = (
        (t("packs.show.length", lang, length=t(f"packs.show.length.{q.answer_length}", lang)),)
        if q.answer_length
        else ()
    )
    parts: list[RenderableType] = [RichText(""), *question_head(pack, q, lang, more)]
    points: list[Line] = []
    for i, p in enumerate(q.points, 1):
        points.append((f"[bold]{i}.[/] {esc(p.text.get(lang))} [dim]({esc(p.id)})[/]", 0))
        points.extend(_cues(t("packs.show.cues", lang), p.cues, lang))
    parts.append(_list(t("show.points", lang), points))
    if q.pitfalls:
        lines: list[Line] = []
        for pitfall in q.pitfalls:
            text = f"[bad]![/] {esc(pitfall.text.get(lang))} [dim]({esc(pitfall.id)})[/]"
            lines.append((text, 0))
            lines.extend(_cues(t("packs.show.signs", lang), pitfall.signs, lang))
        parts.append(_list(t("show.pitfalls", lang), lines))
    if q.follow_ups:
        lines = []
        for follow in q.follow_ups:
            text = f"[warn]?[/] {esc(follow.text.get(lang))} [dim]({esc(follow.id)})[/]"
            lines.append((text, 0))
            if follow.targets:
                targets = esc(", ".join(follow.targets))
                lines.append((f"[dim]{esc(t('packs.show.targets', lang))}: {targets}[/]", 1))
        parts.append(_list(t("show.follow_ups", lang), lines))
    if q.model_answer:
        parts.append(RichText(""))
        parts.append(
            _panel(
                t("show.model_answer", lang), q.model_answer.get(lang), border="box.model_answer"
            )
        )
    return Group(*parts)


def _cues(label: str, cues: Cues, lang: str) -> list[Line]:
    phrases = cues.get(lang)
    if not phrases:
        return []
    return [(f"[dim]{esc(label)}: {esc(', '.join(phrases))}[/]", 1)]


def _list(title: str, lines: list[Line]) -> Group:
    """A titled list of markup lines; a line of level 1 stands under the item before it, and
    every line's continuation is aligned under its text."""
    return Group(
        heading(title),
        *(
            Wrapped(RichText.from_markup(markup), indent=_INDENT * level, hang=_INDENT)
            for markup, level in lines
        ),
    )


def _panel(title: str, body: str, border: str = "") -> RenderableType:
    return box(body, plain(title), border)


def _skills(title: str, skills: tuple[Skill, ...], lang: str) -> Table:
    table = Table(title=plain(title), title_justify="left", show_lines=True, show_header=False)
    table.add_column("", style="bold", ratio=1)
    table.add_column("", ratio=3)
    for skill in skills:
        desc = skill.description.get(lang) if skill.description else ""
        table.add_row(Wrapped(skill.name.get(lang)), Wrapped(desc))
    return table


def _areas(areas: tuple[Area, ...], lang: str) -> Group:
    lines: list[Line] = []
    for area in areas:
        lines.append((f"[bold]{esc(area.name.get(lang))}[/] [dim]({esc(area.id)})[/]", 0))
        if area.interviewer:
            who = area.interviewer
            label = esc(t("packs.show.interviewer", lang))
            name = f"{esc(who.name.get(lang))}, {esc(who.title.get(lang))}"
            lines.append((f"{label}: {name}", 1))
            if who.intro:
                lines.append((f"[italic]{esc(who.intro.get(lang))}[/]", 1))
        if area.probes:
            lines.append((esc(area.probes.get(lang)), 1))
        if area.case:
            lines.append((f"[dim]{esc(t('show.case', lang))}: {esc(area.case.id)}[/]", 1))
        lines.append(("", 0))
    return _list(t("role.areas", lang), lines)

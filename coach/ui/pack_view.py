"""`coach packs show`: a whole pack, readable in the terminal, in the UI language."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text as RichText

from coach.i18n import t
from coach.packs.model import Area, Cues, Pack, Question, Skill
from coach.ui.render import question_head
from coach.ui.safe import esc, plain
from coach.ui.wrap import Wrapped

Line = tuple[str, int]  # (markup, level: 0 an item, 1 a note under it)
_INDENT = "   "


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
            text = f"[red]![/] {esc(pitfall.text.get(lang))} [dim]({esc(pitfall.id)})[/]"
            lines.append((text, 0))
            lines.extend(_cues(t("packs.show.signs", lang), pitfall.signs, lang))
        parts.append(_list(t("show.pitfalls", lang), lines))
    if q.follow_ups:
        lines = []
        for follow in q.follow_ups:
            text = f"[yellow]?[/] {esc(follow.text.get(lang))} [dim]({esc(follow.id)})[/]"
            lines.append((text, 0))
            if follow.targets:
                targets = esc(", ".join(follow.targets))
                lines.append((f"[dim]{esc(t('packs.show.targets', lang))}: {targets}[/]", 1))
        parts.append(_list(t("show.follow_ups", lang), lines))
    if q.model_answer:
        parts.append(RichText(""))
        parts.append(_panel(t("show.model_answer", lang), q.model_answer.get(lang), border="green"))
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
        RichText.from_markup(f"\n[bold underline]{escape(title)}[/]"),
        *(
            Wrapped(RichText.from_markup(markup), indent=_INDENT * level, hang=_INDENT)
            for markup, level in lines
        ),
    )


def _panel(title: str, body: str, border: str = "") -> Panel:
    return Panel(Wrapped(body), title=plain(title), title_align="left", border_style=border)


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

"""The terminal and plain-text faces of `coach practice` (its summary: `views.summary`)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.text import Text

from coach.i18n import t, tn
from coach.notices import Notices
from coach.packs.model import Area, Pack, Question
from coach.safetext import safe_text
from coach.scoring.evaluation import Evaluation
from coach.session.choices import MenuChoice
from coach.session.drill import Answer
from coach.session.plan import Plan, PlanItem
from coach.session.types import SessionClock
from coach.timefmt import mmss
from coach.ui.editor import Clock, choose
from coach.ui.render import box
from coach.ui.terminal import read_typed_or_spoken, scoring_status
from coach.ui.views.feedback import evaluation_text, feedback_view
from coach.ui.views.pack import data_table
from coach.ui.voice_io import Keeper, Voice, interviewer_index, read_follow_ups_ahead
from coach.ui.wrap import Wrapped, WrappedTable


def session_clock(clock: SessionClock, ui: str) -> str:
    """The toolbar's session clock: time used of the panel's total."""
    return t("practice.session_clock", ui, elapsed=mmss(clock.elapsed), total=mmss(clock.total))


def plan_view(pack: Pack, plan: Plan, ui: str) -> Group:
    """The panel: who asks about which area, how many questions, how long. The cells wrap by
    `wrap` at widths fitted to their words, so "GTM", a katakana word or "180 秒" stays whole."""
    lang = pack.ui_lang(ui)
    rows: list[list[Text | str]] = []
    areas: dict[str | None, list[PlanItem]] = {}
    for item in plan.items:
        areas.setdefault(item.area, []).append(item)
    for area_id, items in areas.items():
        area = pack.area(area_id) if area_id else None
        who = Text("-")
        if area and area.interviewer:
            who = Text.assemble(
                safe_text(area.interviewer.name.get(lang)),
                "\n",
                (safe_text(area.interviewer.title.get(lang)), "dim"),
            )
        follow = items[0].follow_ups
        time_text = (
            t("practice.per_answer", ui, answer=items[0].budget, follow=items[0].follow_up_budget)
            if follow
            else t("fb.seconds", ui, seconds=items[0].budget)
        )
        count = tn(
            "practice.count", ui, len(items) * follow, main=len(items), follow=len(items) * follow
        )
        rows.append([who, area.name.get(lang) if area else "-", count, time_text])
    headers = [t(f"practice.col.{key}", ui) for key in ("interviewer", "area", "questions", "time")]
    parts: list[RenderableType] = [
        WrappedTable(headers, rows, title=t("practice.plan", ui, minutes=plan.minutes)),
        Text(t("practice.total", ui, minutes=round(plan.seconds() / 60)), style="dim"),
    ]
    return Group(*parts, *dropped_lines(pack, plan, ui))


def dropped_lines(pack: Pack, plan: Plan, ui: str) -> list[Wrapped]:
    """What the plan left out (interviewers, case prompts), and the length that fits them."""
    lang = pack.ui_lang(ui)
    lines: list[Wrapped] = []
    if plan.dropped_areas:
        names = []
        for area_id in plan.dropped_areas:
            area = pack.area(area_id)
            if area is None:
                continue
            who = area.interviewer
            name = area.name.get(lang)
            names.append(
                t("plan.interviewer_of", ui, who=who.name.get(lang), area=name) if who else name
            )
        lines.append(
            Wrapped(t("plan.dropped_areas", ui, names=t("plan.list_sep", ui).join(names)), "warn")
        )
    if plan.dropped_cases:
        ids = t("plan.list_sep", ui).join(plan.dropped_cases)
        lines.append(Wrapped(t("plan.dropped_cases", ui, ids=ids), style="warn"))
    if plan.minutes_for_all:
        lines.append(Wrapped(t("plan.minutes_for_all", ui, minutes=plan.minutes_for_all), "dim"))
    return lines


def introduction(area: Area, lang: str) -> Text | None:
    """The interviewer's one-line self-introduction."""
    who = area.interviewer
    if who is None:
        return None
    intro = who.intro.get(lang) if who.intro else ""
    return Text.assemble(
        ("\n" + safe_text(who.name.get(lang)), "interviewer.name"),
        (f" ({safe_text(who.title.get(lang))})", "interviewer"),
        f": {safe_text(intro)}",
    )


class _Panel:
    """What the terminal and the pipe faces share."""

    def __init__(self, pack: Pack, ui: str, console: Console) -> None:
        self.pack, self.ui, self.console = pack, ui, console
        self.lang = pack.ui_lang(ui)

    def introduce(self, area: Area) -> None:
        line = introduction(area, self.lang)
        if line is not None:
            self.console.print(Wrapped(line))

    def label(self, number: int, total: int, follow_up: bool) -> str:
        key = "practice.follow_up" if follow_up else "practice.question"
        return t(key, self.ui, number=number, total=total)

    def scoring(self) -> AbstractContextManager[object]:
        """Shown while the candidate waits on the scorer (a terminal's spinner; a pipe: nothing)."""
        return scoring_status(self.console, self.ui)


PRACTICE_MENU = (
    ("r", MenuChoice.RESUME, "menu.resume"),
    ("s", MenuChoice.SKIP, "practice.skip"),
    ("e", MenuChoice.END, "practice.end"),
    ("q", MenuChoice.QUIT, "practice.quit"),
)


class TerminalPractice(_Panel):
    """PracticeIO on a real terminal: rich panels, the prompt_toolkit editor with its clock."""

    def __init__(
        self,
        pack: Pack,
        ui: str,
        console: Console,
        *,
        show_timer: bool = True,
        hard_stop: bool = False,
        clock: Clock = time.monotonic,
        notices: Notices | None = None,
        voice: Voice | None = None,
    ) -> None:
        super().__init__(pack, ui, console)
        self.show_timer, self.hard_stop, self.clock = show_timer, hard_stop, clock
        # the run's notices (AppContext.notices): held while the editor owns the screen
        self.notices = notices if notices is not None else Notices(ui)
        self.shown: list[RenderableType] = []  # the question, printed again after a resize
        self.voice = voice or Voice()
        self.shown_at = 0.0  # when the question appeared (a spoken answer's wait counts from it)
        self.plan: Plan | None = None  # to read the next question ahead

    def introduce(self, area: Area) -> None:
        super().introduce(area)
        if self.voice.narrator is not None:
            self.voice.narrator.say(self._intro(area), interviewer_index(self.pack, area.id))

    def _intro(self, area: Area) -> str:
        who = area.interviewer
        return who.intro.get(self.lang) if who is not None and who.intro else ""

    def _read_ahead(self, index: int, area: str | None) -> None:
        """Synthesize plan item `index` (0-based) while the candidate answers the one before:
        its interviewer's introduction when the area changes, then its question."""
        narrator = self.voice.narrator
        if narrator is None or self.plan is None or index >= len(self.plan.items):
            return
        item = self.plan.items[index]
        voice = interviewer_index(self.pack, item.area)
        found = self.pack.area(item.area) if item.area else None
        if found is not None and item.area != area:
            narrator.prefetch(self._intro(found), voice)
        question = self.pack.find(item.question)
        if question is not None:
            narrator.prefetch(question.text.get(self.lang), voice)

    def show_plan(self, pack: Pack, plan: Plan) -> bool:
        self.plan = plan
        self._read_ahead(0, None)
        self.console.print(plan_view(pack, plan, self.ui))
        options = {"s": t("practice.start", self.ui), "q": t("menu.quit", self.ui)}
        return choose(t("practice.begin", self.ui), options, lang=self.ui, default="s") == "s"

    def show_question(
        self, question: Question, item: PlanItem, number: int, total: int, follow_up: bool
    ) -> None:
        label = self.label(number, total, follow_up)
        style = "box.follow_up" if follow_up else "box.question"
        self.shown = [box(question.text.get(self.lang), label, style)]
        if question.data:
            self.shown.append(data_table(question.data, self.lang))
        self.console.print(*self.shown)
        self.shown_at = self.clock()
        if self.voice.narrator is not None:
            voice = interviewer_index(self.pack, item.area)
            self.voice.narrator.say(question.text.get(self.lang), voice)
            if not follow_up:  # what may be asked next: its follow-ups, then the next question
                read_follow_ups_ahead(self.voice.narrator, question, self.lang, voice)
                self._read_ahead(number, item.area)

    def read_answer(
        self,
        question: Question,
        budget: int,
        session_status: Callable[[], SessionClock],
        *,
        draft: str = "",
        audio_to: Path | None = None,
        keep: Keeper | None = None,
    ) -> Answer:
        """The answer, typed (from `draft`); spoken into `audio_to` when the session listens
        (a draft kept from a quit goes back to the editor instead; `keep` hears of a recording
        before it is transcribed)."""
        return read_typed_or_spoken(
            self,
            budget,
            None if draft else audio_to,
            PRACTICE_MENU,
            draft=draft,
            session_status=lambda: session_clock(session_status(), self.ui),
            keep=keep,
        )

    def show_feedback(self, evaluation: Evaluation) -> None:
        self.console.print(feedback_view(evaluation, self.ui))

    def scoring_wait(self, pending: int) -> None:
        self.notices.flush()
        waiting = tn("practice.scoring_wait", self.ui, pending, count=pending)
        self.console.print(waiting, style="dim")


class PlainPractice(_Panel):
    """PracticeIO for a pipe: starts at once, answers end at a line holding only "."."""

    def __init__(
        self,
        pack: Pack,
        ui: str,
        console: Console,
        stream: TextIO | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__(pack, ui, console)
        self.stream = stream or sys.stdin
        self.clock = clock

    def show_plan(self, pack: Pack, plan: Plan) -> bool:
        self.console.print(plan_view(pack, plan, self.ui))
        self.console.print(t("practice.plain_hint", self.ui))
        return True

    def show_question(
        self, question: Question, item: PlanItem, number: int, total: int, follow_up: bool
    ) -> None:
        label = self.label(number, total, follow_up)
        self.console.print(
            f"\n[{label}] {safe_text(question.text.get(self.lang))}",
            markup=False,
            soft_wrap=self.lang == "ja",
        )
        if question.data:
            self.console.print(data_table(question.data, self.lang))

    def read_answer(
        self,
        question: Question,
        budget: int,
        session_status: Callable[[], SessionClock],
        *,
        draft: str = "",
    ) -> Answer:
        """A pipe cannot edit a draft: the answer is what the lines say."""
        start = self.clock()
        lines: list[str] = []
        for line in self.stream:
            if line.rstrip("\r\n") == ".":
                text = "\n".join(lines)
                elapsed = round(self.clock() - start, 1)
                if not text.strip():
                    return Answer("", 0.0, elapsed, menu_choice=MenuChoice.SKIP)
                return Answer(text, 0.0, elapsed)
            lines.append(line.rstrip("\r\n"))
        return Answer(None, menu_choice=MenuChoice.END)  # end of input: score what was answered

    def show_feedback(self, evaluation: Evaluation) -> None:
        self.console.print(evaluation_text(evaluation, self.ui), markup=False)

    def scoring_wait(self, pending: int) -> None:
        self.console.print(tn("practice.scoring_wait", self.ui, pending, count=pending))


def practice_face(
    pack: Pack,
    ui: str,
    console: Console,
    interactive: bool,
    *,
    show_timer: bool = True,
    hard_stop: bool = False,
    clock: Clock = time.monotonic,
    notices: Notices | None = None,
    voice: Voice | None = None,
) -> TerminalPractice | PlainPractice:
    """The editor with its clock on a terminal; lines ending at "." from a pipe."""
    if interactive:
        return TerminalPractice(
            pack,
            ui,
            console,
            show_timer=show_timer,
            hard_stop=hard_stop,
            clock=clock,
            notices=notices,
            voice=voice,
        )
    return PlainPractice(pack, ui, console)

"""The terminal side of drill and practice: rich output, prompt_toolkit input."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Protocol, TypeVar

from rich.console import Console, RenderableType
from rich.panel import Panel

from coach.i18n import t
from coach.notices import Notices
from coach.packs.model import Pack, Question
from coach.scoring.evaluation import Evaluation
from coach.session.choices import MenuChoice, NextStep
from coach.session.drill import Answer
from coach.ui.editor import Clock, ask_answer, choose
from coach.ui.render import box
from coach.ui.safe import plain
from coach.ui.views.feedback import feedback_view
from coach.ui.views.pack import data_table
from coach.ui.voice_io import Keeper, Voice, interviewer_index, read_follow_ups_ahead
from coach.ui.wrap import Wrapped


def question_panel(pack: Pack, question: Question, ui: str, title: str = "") -> Panel:
    label = title or (t("show.case", ui) if question.is_case else question.id)
    return box(question.text.get(pack.ui_lang(ui)), plain(label))


def scoring_status(console: Console, ui: str) -> AbstractContextManager[object]:
    """A spinner with 採点中… / Scoring… while an answer is scored: on a terminal only, never
    into a pipe (it is transient, so it leaves nothing behind on the screen either)."""
    if not console.is_terminal:
        return nullcontext()
    return console.status(t("drill.scoring", ui), spinner="dots")


class TerminalDrill:
    """DrillIO on a real terminal."""

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
        self.pack, self.ui, self.console = pack, ui, console
        self.show_timer, self.hard_stop, self.clock = show_timer, hard_stop, clock
        # the run's notices (AppContext.notices): held while the editor owns the screen
        self.notices = notices if notices is not None else Notices(ui)
        self.shown: list[RenderableType] = []  # the question, printed again after a resize
        self.voice = voice or Voice()
        self.shown_at = 0.0  # when the question appeared (a spoken answer's wait counts from it)

    def show_question(self, question: Question, budget: int) -> None:
        self.notices.flush()
        title = t("drill.follow_up", self.ui) if question.parent else ""
        self.shown = [question_panel(self.pack, question, self.ui, title)]
        if question.data:
            self.shown.append(data_table(question.data, self.pack.ui_lang(self.ui)))
        self.shown.append(Wrapped(t("drill.budget", self.ui, seconds=budget), style="dim"))
        self.console.print(*self.shown)
        self.shown_at = self.clock()
        if self.voice.narrator is not None:
            self.read_ahead(question, say=True)

    def read_ahead(self, question: Question, *, say: bool = False) -> None:
        """With a voice: make the question's speech (and its follow-ups') ahead of time, so the
        interviewer starts at once when it appears (`say`: read it now)."""
        narrator = self.voice.narrator
        if narrator is None:
            return
        area = question.areas[0] if question.areas else None
        voice, lang = interviewer_index(self.pack, area), self.pack.ui_lang(self.ui)
        if say:
            narrator.say(question.text.get(lang), voice)
        else:
            narrator.prefetch(question.text.get(lang), voice)
        if not question.parent:
            read_follow_ups_ahead(narrator, question, lang, voice)

    def read_answer(
        self,
        question: Question,
        budget: int,
        *,
        audio_to: Path | None = None,
        keep: Keeper | None = None,
    ) -> Answer:
        """The answer, typed; spoken into `audio_to` when the session listens (`keep` hears of
        the recording before it is transcribed)."""
        return read_typed_or_spoken(self, budget, audio_to, DRILL_MENU, keep=keep)

    def scoring(self) -> AbstractContextManager[object]:
        return scoring_status(self.console, self.ui)

    def show_feedback(self, evaluation: Evaluation, previous: Evaluation | None) -> None:
        self.notices.flush()
        self.console.print(feedback_view(evaluation, self.ui, previous))

    def next_step(self, can_follow_up: bool) -> NextStep:
        options = {
            "r": (NextStep.RETRY, t("drill.retry", self.ui)),
            "m": (NextStep.MODEL, t("drill.model", self.ui)),
        }
        if can_follow_up:
            options["f"] = (NextStep.FOLLOW, t("drill.answer_follow_up", self.ui))
        options["q"] = (NextStep.QUIT, t("menu.quit", self.ui))
        return pick(t("drill.next", self.ui), options, self.ui)

    def show_model_answer(self, question: Question) -> None:
        body = (
            question.model_answer.get(self.pack.ui_lang(self.ui))
            if question.model_answer
            else t("show.no_model_answer", self.ui)
        )
        self.console.print(box(body, t("show.model_answer", self.ui), "box.model_answer"))


Choice = TypeVar("Choice", MenuChoice, NextStep)


def pick(prompt: str, options: dict[str, tuple[Choice, str]], ui: str) -> Choice:
    """A one-key menu whose keys stand for choices: `options` maps a key to (choice, label)."""
    key = choose(prompt, {k: label for k, (_, label) in options.items()}, lang=ui)
    return options[key][0]


DRILL_MENU = (("r", MenuChoice.RESUME, "menu.resume"), ("q", MenuChoice.QUIT, "menu.quit"))


class Face(Protocol):
    """What a terminal face (drill or practice) holds to read an answer."""

    ui: str
    console: Console
    clock: Clock
    show_timer: bool
    hard_stop: bool
    shown: list[RenderableType]  # the question, printed again after a resize
    shown_at: float
    voice: Voice


def read_typed_or_spoken(
    face: Face,
    budget: int,
    audio_to: Path | None,
    choices: tuple[tuple[str, MenuChoice, str], ...],
    *,
    draft: str = "",
    session_status: Callable[[], str] | None = None,
    keep: Keeper | None = None,
) -> Answer:
    """The answer, spoken into `audio_to` when the session listens (then corrected in the
    editor; with --hard-stop, submitted as heard when time runs out), else typed from `draft`;
    Ctrl-C offers `choices` (key, choice, message key). `keep`: see `SpokenAnswers.read`."""

    def menu() -> MenuChoice:
        options = {key: (choice, t(message, face.ui)) for key, choice, message in choices}
        return pick(t("drill.menu", face.ui), options, face.ui)

    def typed(text: str, started: float | None) -> Answer:
        return read_with_menu(
            face.ui,
            budget,
            face.console,
            clock=face.clock,
            show_timer=face.show_timer,
            hard_stop=face.hard_stop,
            menu=menu,
            session_status=session_status,
            header=lambda: face.console.print(*face.shown),
            draft=text or draft,
            started=started,
            on_key=face.voice.quiet,
        )

    return face.voice.read(
        audio_to,
        budget,
        clock=face.clock,
        shown_at=face.shown_at,
        show_timer=face.show_timer,
        menu=menu,
        typed=typed,
        keep=keep,
        hard_stop=face.hard_stop,
    )


def read_with_menu(
    ui: str,
    budget: int | None,
    console: Console,
    *,
    clock: Clock,
    show_timer: bool,
    hard_stop: bool,
    menu: Callable[[], MenuChoice],
    session_status: Callable[[], str] | None = None,
    header: Callable[[], None] | None = None,
    draft: str = "",
    started: float | None = None,
    on_key: Callable[[], None] | None = None,
) -> Answer:
    """Read an answer, starting from `draft`. Ctrl-C opens `menu`: RESUME goes on with the text
    and clock kept, any other choice comes back as `Answer(text or None, menu_choice=choice)`.
    An empty submission asks whether to skip. `started`: when the clock began (default: now)."""
    started = clock() if started is None else started
    text = draft
    while True:
        got = ask_answer(
            ui,
            budget,
            clock=clock,
            show_timer=show_timer,
            hard_stop=hard_stop,
            default=text,
            started=started,
            session_status=session_status,
            header=header,
            on_key=on_key,
        )
        text = got.text
        if got.interrupted:
            choice = menu()
            if choice is MenuChoice.RESUME:
                continue
            kept = text if text.strip() else None  # END scores it, QUIT keeps it as a draft
            return Answer(kept, got.thinking_seconds, got.answer_seconds, menu_choice=choice)
        if not text.strip() and not got.auto_submitted:
            key = choose(
                t("drill.empty", ui),
                {"y": t("menu.skip", ui), "n": t("menu.keep_answering", ui)},
                lang=ui,
            )
            if key == "n":
                continue
            return Answer("", got.thinking_seconds, got.answer_seconds, menu_choice=MenuChoice.SKIP)
        return Answer(text, got.thinking_seconds, got.answer_seconds)

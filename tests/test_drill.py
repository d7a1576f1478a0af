"""The drill loop with a scripted candidate, and the editor driven through a pipe."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from coach.packs.model import Pack, Question
from coach.scoring.evaluation import Evaluation
from coach.scoring.offline import OfflineScorer
from coach.session.choices import MenuChoice, NextStep
from coach.session.drill import Answer, run_drill
from coach.store import Store
from coach.ui.editor import ask_answer, choose, clock_markup
from coach.ui.render import THEME
from tests.helpers.answers import STRONG_JA


class Script:
    """A candidate who answers from a list and picks menu items from another."""

    def __init__(self, answers: list[str | None], steps: list[str]) -> None:
        self.answers, self.steps = answers, steps
        self.shown: list[str] = []
        self.feedback: list[tuple[Evaluation, Evaluation | None]] = []
        self.model_answers = 0

    def show_question(self, question: Question, budget: int) -> None:
        self.shown.append(question.id)

    def read_answer(self, question: Question, budget: int) -> Answer:
        return Answer(self.answers.pop(0), thinking_seconds=3, answer_seconds=60)

    def show_feedback(self, evaluation: Evaluation, previous: Evaluation | None) -> None:
        self.feedback.append((evaluation, previous))

    def next_step(self, can_follow_up: bool) -> str:
        return self.steps.pop(0)

    def show_model_answer(self, question: Question) -> None:
        self.model_answers += 1


def test_drill_retry_model_answer_follow_up_and_history(sales_pack: Pack) -> None:
    store = Store()
    script = Script(
        [
            "頑張ります。毎日努力します。チームを大切にします。",
            STRONG_JA,
            "カバー率は3倍を目標にし、セグメントごとに過去の勝率から逆算します。",
        ],
        ["retry", "model", "follow", "quit"],
    )
    question = sales_pack.find("pipeline-forecast")
    result = run_drill(sales_pack, question, OfflineScorer(sales_pack), script, "ja", store=store)
    first, second, follow = result.evaluations
    assert second.overall > first.overall
    assert script.feedback[1][1] is first  # the retry is compared with the first attempt
    assert script.model_answers == 1
    assert script.shown[2].startswith("pipeline-forecast#")
    rows = store.answers(result.session_id or "")
    assert [r.kind for r in rows] == ["main", "main", "follow_up"]
    assert rows[2].parent_id == rows[1].id and all(r.evaluation for r in rows)
    assert store.session(result.session_id or "").status == "finished"  # type: ignore[union-attr]
    assert not result.interrupted  # "quit" after feedback is the normal end of a drill


def test_a_sign_of_work_is_shown_while_the_answer_is_scored(sales_pack: Pack) -> None:
    import io
    from contextlib import contextmanager

    from rich.console import Console

    from coach.ui.terminal import TerminalDrill

    events: list[str] = []

    class Watching(Script):
        @contextmanager
        def scoring(self) -> Iterator[None]:
            events.append("spinner on")
            yield
            events.append("spinner off")

        def show_feedback(self, evaluation: Evaluation, previous: Evaluation | None) -> None:
            events.append("feedback")

    class Scorer(OfflineScorer):
        def score(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            events.append("scoring")
            return super().score(*args, **kwargs)

    run_drill(
        sales_pack,
        sales_pack.find("build-team"),
        Scorer(sales_pack),
        Watching([STRONG_JA], ["quit"]),
        "ja",
    )
    assert events == ["spinner on", "scoring", "spinner off", "feedback"]
    screen = io.StringIO()
    on_terminal = TerminalDrill(
        sales_pack, "ja", Console(theme=THEME, file=screen, force_terminal=True)
    )
    with on_terminal.scoring():
        pass
    assert "採点中" in screen.getvalue()
    piped = io.StringIO()
    with TerminalDrill(
        sales_pack, "ja", Console(theme=THEME, file=piped, force_terminal=False)
    ).scoring():
        pass
    assert piped.getvalue() == ""  # nothing animated into a pipe


def test_drill_quit_before_answering_saves_nothing(sales_pack: Pack) -> None:
    store = Store()
    result = run_drill(
        sales_pack,
        sales_pack.find("build-team"),
        OfflineScorer(sales_pack),
        Script([None], []),
        "en",
        store=store,
    )
    assert result.evaluations == [] and store.answers(result.session_id or "") == []
    assert result.interrupted  # the CLI exits 130


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def pipe() -> Iterator[object]:
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        yield inp


def test_editor_submits_multiline_with_escape_enter(pipe) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    pipe.send_text("first line\nsecond line")
    pipe.send_text("\x1b\r")
    got = ask_answer("en", 180, clock=clock)
    assert got.text == "first line\nsecond line" and not got.interrupted


def test_editor_ctrl_c_keeps_the_text(pipe) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text("half an answer")
    pipe.send_text("\x03")
    got = ask_answer("ja", 180, clock=FakeClock())
    assert got.interrupted and got.text == "half an answer"


def test_choose_returns_the_key(pipe) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text("m")
    assert choose("Next?", {"r": "retry", "m": "model", "q": "quit"}, lang="en") == "m"


@pytest.mark.parametrize(
    ("elapsed", "style", "text"),
    [
        (10, "clock.ok", "02:50 / 03:00"),
        (140, "clock.amber", "00:40"),
        (180, "clock.red", "00:00"),
        (200, "clock.red", "+00:20"),
    ],
)
def test_clock_turns_amber_then_red_then_counts_overtime(
    elapsed: float, style: str, text: str
) -> None:
    markup = clock_markup(elapsed, 180, "en")
    assert style in markup and text in markup


def test_editor_hard_stop_submits_when_time_runs_out(pipe) -> None:  # type: ignore[no-untyped-def]
    times = iter([1000.0])

    def clock() -> float:
        return next(times, 1200.0)  # the question appears at 1000 s, then time has run out

    pipe.send_text("what I had typed")
    got = ask_answer("en", 180, clock=clock, hard_stop=True)
    assert got.auto_submitted and got.text == "what I had typed"
    assert got.answer_seconds == 200


def test_picker_accepts_a_number_or_an_id_and_retries_unknown(pipe, sales_pack: Pack) -> None:  # type: ignore[no-untyped-def]
    from coach.cli.scoring import _pick_interactively

    pipe.send_text("99\nzzz\n2\n")
    assert _pick_interactively(sales_pack, "en").id == "pipeline-forecast"
    pipe.send_text("gtm-plan\n")
    assert _pick_interactively(sales_pack, "ja").id == "gtm-plan"


def test_drill_warms_the_scorer_up_before_the_question_is_shown(sales_pack: Pack) -> None:
    """The models load while the candidate reads the question, so the first score is quick."""
    events: list[str] = []

    class Watching(Script):
        def show_question(self, question: Question, budget: int) -> None:
            events.append("question")

        def read_answer(self, question: Question, budget: int) -> Answer:
            events.append("read")
            return super().read_answer(question, budget)

    class Scorer(OfflineScorer):
        def warm_up(self) -> None:
            events.append("warm_up")
            super().warm_up()

    question = sales_pack.find("pipeline-forecast")
    run_drill(sales_pack, question, Scorer(sales_pack), Watching([STRONG_JA], ["quit"]), "ja")
    assert events == ["warm_up", "question", "read"]


def test_next_step_menu_asks_again_after_an_unknown_key(pipe, sales_pack: Pack) -> None:  # type: ignore[no-untyped-def]
    """'x' then Enter after the feedback used to come back as the key 'x' and end the drill
    with a KeyError; now the menu says which keys it takes and waits for one."""
    import io

    from rich.console import Console

    from coach.ui.terminal import TerminalDrill

    face = TerminalDrill(sales_pack, "ja", Console(theme=THEME, file=io.StringIO()))
    pipe.send_text("x\rＭ")
    assert face.next_step(can_follow_up=True) == "model"


def test_terminal_drill_flushes_the_notices_it_was_handed(
    sales_pack, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    import io

    from rich.console import Console

    from coach.notices import Notices
    from coach.ui.terminal import TerminalDrill

    notices = Notices("en", hold=True)  # held while the editor owns the screen
    notices.emit("notice.plugin_failed", detail="waiting-line")
    assert "waiting-line" not in capsys.readouterr().err
    face = TerminalDrill(
        sales_pack, "en", Console(file=io.StringIO(), theme=THEME), notices=notices
    )
    face.show_question(sales_pack.find("build-team"), 90)
    assert "waiting-line" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("keys", "choice"), [("答え\x03q", MenuChoice.QUIT), ("\r\ry", MenuChoice.SKIP)]
)
def test_drill_terminal_hands_back_a_menu_choice_not_a_key(  # type: ignore[no-untyped-def]
    pipe, sales_pack, keys: str, choice: MenuChoice
) -> None:
    """Ctrl-C then "q", or an empty answer then "y": the session gets the choice itself (it
    used to get the letter "q" on one path and the word "skip" on the other)."""
    import io

    from rich.console import Console

    from coach.ui.terminal import TerminalDrill

    face = TerminalDrill(sales_pack, "en", Console(file=io.StringIO()), show_timer=False)
    pipe.send_text(keys.replace("\r\r", "\x1b\r"))
    answer = face.read_answer(sales_pack.find("pipeline-forecast"), 60)
    assert answer.menu_choice is choice


def test_drill_next_step_is_a_next_step(pipe, sales_pack) -> None:  # type: ignore[no-untyped-def]
    import io

    from rich.console import Console

    from coach.ui.terminal import TerminalDrill

    face = TerminalDrill(sales_pack, "en", Console(file=io.StringIO()))
    pipe.send_text("f")
    assert face.next_step(can_follow_up=True) is NextStep.FOLLOW

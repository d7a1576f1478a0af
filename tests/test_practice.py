"""A whole practice session through scripted input and a fake clock; menus; resume."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from coach.packs.model import FollowUpRef, Pack, Question
from coach.paths import session_audio_dir
from coach.report.markdown import progress, to_json, to_markdown
from coach.report.summary import load_summary
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import Evaluation
from coach.scoring.offline import OfflineScorer
from coach.session.choices import MenuChoice
from coach.session.drill import Answer
from coach.session.plan import Plan, PlanItem, make_plan
from coach.session.practice import Practice
from coach.session.recorder import SessionRecorder
from coach.session.types import SessionClock
from coach.store import AnswerKind, DraftRow, SessionKind, SessionStatus, Store
from coach.ui.render import THEME
from coach.voice.transcript import Transcript, Word
from tests.helpers.answers import STRONG_JA
from tests.helpers.practice import FakeClock, ScriptedPanel, make_practice

WEAK = "頑張ります。チームワークを大切にして、毎日努力します。お客様第一で取り組みます。"


def test_whole_session_saves_rows_summary_and_report(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=3, seed=3)
    script: list[str | tuple[str, str]] = [
        STRONG_JA,
        "カバー率は3倍を目標にします。",
        WEAK,
        "わかりません。",
        STRONG_JA,
        "予測の誤差を見ます。",
    ]
    panel = ScriptedPanel(script, clock)
    outcome = make_practice(sales_pack, store, panel, clock).start(plan)
    assert outcome is not None and outcome.status == "finished"
    rows = store.answers(outcome.session_id)
    assert [r.kind for r in rows] == ["main", "follow_up"] * 3
    assert all(r.evaluation is not None for r in rows)
    assert [r.question_id for r in rows if r.kind == "main"] == [i.question for i in plan.items]
    for main, follow in zip(rows[::2], rows[1::2], strict=True):
        assert follow.parent_id == main.id and follow.question_id.startswith(main.question_id)
        assert main.thinking_seconds == 12 and main.answer_seconds == 60
        assert follow.budget_seconds == sales_pack.session.follow_up_seconds
    assert panel.introduced == [i.area for i in plan.items]  # one interviewer per area

    summary = load_summary(store, sales_pack, outcome.session_id)
    assert summary is not None and summary.pending == 0
    assert summary.seconds_used == 6 * 60
    assert set(summary.by_area) == {i.area for i in plan.items}
    assert summary.by_skill and len(summary.improvements) <= 3
    assert summary.overall is not None

    history = progress(store, summary)
    report = to_markdown(summary, sales_pack, "ja", history)
    for item in plan.items:
        assert f"`{item.question}`" in report
    assert STRONG_JA.split("。")[0] in report  # the answer as given
    assert "<details>" in report and "模範解答" in report
    assert "カバー率は3倍を目標にします。" in report  # follow-up answer
    data = to_json(summary, sales_pack, history)
    assert [q["question"] for q in data["questions"]] == [i.question for i in plan.items]


def test_follow_up_aims_at_the_weakest_point(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = Plan((PlanItem("leadership-change", "build-team", 180, 1, 90),), 30, 1)
    answer = (
        "採用では採用スコアカードを作り、構造化面接で評価します。"
        "オンボーディングは30-60-90日プランです。"
    )
    panel = ScriptedPanel([answer, "はい。"], clock)
    outcome = make_practice(sales_pack, store, panel, clock).start(plan)
    assert outcome is not None
    main = store.answers(outcome.session_id)[0]
    assert main.evaluation is not None
    weakest = min(main.evaluation.points, key=lambda p: (p.score, p.id)).id
    follow_id = panel.asked[1][0].split("#")[1]
    question = sales_pack.find("build-team")
    assert weakest in next(f for f in question.follow_ups if f.id == follow_id).targets


def test_feedback_each_shows_every_answer(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=1, seed=2)
    panel = ScriptedPanel([STRONG_JA, "はい、そうです。"], clock)
    make_practice(sales_pack, store, panel, clock, feedback_each=True).start(plan)
    assert len(panel.feedback) == 2


@pytest.mark.parametrize("key", ["skip", "end"])
def test_menu_skip_and_end(sales_pack: Pack, key: str) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=3, seed=3, follow_ups=0)
    panel = ScriptedPanel([STRONG_JA, ("menu", key), STRONG_JA], clock)
    outcome = make_practice(sales_pack, store, panel, clock).start(plan)
    assert outcome is not None and outcome.status == "finished"
    rows = store.answers(outcome.session_id)
    if key == "skip":
        assert [r.skipped for r in rows] == [False, True, False]
    else:
        assert len(rows) == 1 and rows[0].evaluation is not None


def test_quit_then_resume_continues_where_it_stopped(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=3, seed=3, follow_ups=0)
    panel = ScriptedPanel([STRONG_JA, ("menu", "quit")], clock)
    outcome = make_practice(sales_pack, store, panel, clock).start(plan)
    assert outcome is not None and outcome.status == "active"
    assert store.latest_session("practice", status="active").id == outcome.session_id  # type: ignore[union-attr]
    # An answer whose evaluation never arrived (as after kill -9):
    lost = store.save_answer(
        outcome.session_id, plan.items[1].question, "q", "ja", STRONG_JA, budget_seconds=180
    )
    panel2 = ScriptedPanel([WEAK], clock)
    resumed = make_practice(sales_pack, Store(), panel2, clock).resume(outcome.session_id)
    assert resumed.status == "finished"
    assert [q for q, _ in panel2.asked] == [plan.items[2].question]
    rows = store.answers(outcome.session_id)
    assert len(rows) == 3 and all(r.evaluation for r in rows)
    assert next(r for r in rows if r.id == lost).evaluation is not None


def test_generated_follow_up_from_an_llm_backend_is_asked(sales_pack: Pack) -> None:
    from coach.scoring.evaluation import FollowUpQuestion

    class WritesFollowUps(OfflineScorer):
        name = "llm-like"

        def score(self, attempt: Attempt, feedback_lang: str | None = None) -> Evaluation:
            ev = super().score(attempt, feedback_lang)
            question = attempt.question
            if not question.parent:
                ev.follow_up = FollowUpQuestion(
                    "What was your win rate before and after?", None, [question.points[0].id]
                )
            return ev

    store, clock = Store(), FakeClock()
    plan = Plan((PlanItem("forecasting-cadence", "pipeline-forecast", 180, 1, 90),), 30, 1)
    panel = ScriptedPanel([STRONG_JA, "18%から24%になりました。"], clock)
    outcome = Practice(
        sales_pack, WritesFollowUps(sales_pack), store, panel, "ja", clock=clock
    ).start(plan)
    assert outcome is not None
    rows = store.answers(outcome.session_id)
    assert rows[1].question_id == "pipeline-forecast#generated"
    assert rows[1].question_text == "What was your win rate before and after?"
    assert rows[1].evaluation is not None


def test_text_typed_before_end_is_submitted_and_scored(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=2, seed=3, follow_ups=0)
    panel = ScriptedPanel([STRONG_JA, ("menu", "end", "途中まで書いた回答です。")], clock)
    outcome = make_practice(sales_pack, store, panel, clock).start(plan)
    assert outcome is not None and outcome.status == "finished"
    rows = store.answers(outcome.session_id)
    assert [r.text for r in rows] == [STRONG_JA, "途中まで書いた回答です。"]
    assert rows[1].evaluation is not None


def test_text_typed_before_quit_is_a_draft_offered_back_on_resume(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=2, seed=3, follow_ups=0)
    fragment = "途中まで書いた回答です。"
    panel = ScriptedPanel([STRONG_JA, ("menu", "quit", fragment)], clock)
    outcome = make_practice(sales_pack, store, panel, clock).start(plan)
    assert outcome is not None and outcome.status == "active"
    assert [r.text for r in store.answers(outcome.session_id)] == [STRONG_JA]  # not an answer
    assert store.drafts(outcome.session_id)[plan.items[1].question].text == fragment

    panel2 = ScriptedPanel([fragment + "続きを書きました。"], clock)
    resumed = make_practice(sales_pack, Store(), panel2, clock).resume(outcome.session_id)
    assert resumed.status == "finished"
    assert [q for q, _ in panel2.asked] == [plan.items[1].question]  # asked again
    assert panel2.drafts == [fragment]  # with the draft as the editor's text
    rows = store.answers(outcome.session_id)
    assert [r.text for r in rows] == [STRONG_JA, fragment + "続きを書きました。"]
    assert all(r.evaluation is not None for r in rows)
    assert store.drafts(outcome.session_id) == {}  # submitted: no longer a draft


def test_quit_during_a_follow_up_keeps_it_a_draft_and_asks_it_again(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = Plan(
        (
            PlanItem("leadership-change", "build-team", 180, 1, 90),
            PlanItem("forecasting-cadence", "pipeline-forecast", 180, 0, 90),
        ),
        30,
        1,
    )
    panel = ScriptedPanel([STRONG_JA, ("menu", "quit", "フォローアップの途中")], clock)
    outcome = make_practice(sales_pack, store, panel, clock).start(plan)
    assert outcome is not None and outcome.status == "active"
    rows = store.answers(outcome.session_id)
    assert [r.kind for r in rows] == ["main"]  # the fragment is not the follow-up answer
    follow_id = panel.asked[1][0]

    panel2 = ScriptedPanel(["フォローアップの途中、最後まで。", STRONG_JA], clock)
    resumed = make_practice(sales_pack, Store(), panel2, clock).resume(outcome.session_id)
    assert resumed.status == "finished"
    assert panel2.asked == [(follow_id, True), ("pipeline-forecast", False)]
    assert panel2.drafts == ["フォローアップの途中", ""]
    rows = store.answers(outcome.session_id)
    assert [(r.kind, r.question_id) for r in rows] == [
        ("main", "build-team"),
        ("follow_up", follow_id),
        ("main", "pipeline-forecast"),
    ]
    assert rows[1].parent_id == rows[0].id and rows[1].evaluation is not None


def test_resume_continues_the_session_clock(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=3, seed=3, follow_ups=0)
    panel = ScriptedPanel([STRONG_JA, ("menu", "quit")], clock)
    outcome = make_practice(sales_pack, store, panel, clock).start(plan)
    assert outcome is not None
    clock.now += 3600  # a break between the quit and the resume does not count
    panel2 = ScriptedPanel([WEAK, WEAK], clock)
    make_practice(sales_pack, Store(), panel2, clock).resume(outcome.session_id)
    # two answers of 60 s each were on the clock before the quit
    assert panel2.statuses[0].elapsed == 120, panel2.statuses


def test_resume_of_a_session_saved_before_the_clock_counts_its_answers(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=3, seed=3, follow_ups=0)
    outcome = make_practice(
        sales_pack, store, ScriptedPanel([STRONG_JA, ("menu", "quit")], clock), clock
    ).start(plan)
    assert outcome is not None
    store.set_seconds_used(outcome.session_id, 0)  # as a database from before migration 3
    panel = ScriptedPanel([WEAK, WEAK], clock)
    make_practice(sales_pack, Store(), panel, clock).resume(outcome.session_id)
    assert panel.statuses[0].elapsed == 60, panel.statuses  # the one 60 s answer


def test_session_strengths_and_improvements_come_from_several_answers() -> None:
    from coach.report.summary import SummaryAdvice, _spread

    def of(question: str, *texts: str) -> list[SummaryAdvice]:
        return [SummaryAdvice(question, text) for text in texts]

    got = _spread([of("a", "a1", "a2", "a3"), of("b", "b1", "b2"), of("c", "c1")])
    assert [(i.question_id, i.text) for i in got] == [("a", "a1"), ("b", "b1"), ("c", "c1")]
    assert [i.text for i in _spread([of("a", "a1", "a2", "a3"), of("b", "a1")])] == [
        "a1",
        "a2",
        "a3",
    ]
    assert _spread([]) == []


def test_follow_up_overtime_is_marked_in_the_summary_and_the_report(sales_pack: Pack) -> None:
    from rich.console import Console

    from coach.ui.views.summary import summary_view

    store, clock = Store(), FakeClock()
    # Every scripted answer takes 60 s: within the main budget, over the follow-up's 45 s.
    plan = Plan((PlanItem("leadership-change", "build-team", 180, 1, 45),), 30, 1)
    panel = ScriptedPanel([STRONG_JA, "はい、採用スコアカードを使いました。"], clock)
    outcome = make_practice(sales_pack, store, panel, clock).start(plan)
    assert outcome is not None
    summary = load_summary(store, sales_pack, outcome.session_id)
    assert summary is not None and len(summary.results[0].follow_ups) == 1

    console = Console(theme=THEME, width=120, record=True, color_system=None)
    console.print(summary_view(summary, sales_pack, "ja"))
    shown = console.export_text()
    assert "01:00 / 00:45 時間超過" in shown and shown.count("時間超過") == 1

    report = to_markdown(summary, sales_pack, "ja", [])
    assert "01:00 / 00:45 **時間超過**" in report
    assert "01:00 / 03:00 **時間超過**" not in report
    data = to_json(summary, sales_pack, [])
    question = data["questions"][0]
    assert question["over_budget"] is False
    assert question["follow_ups"][0]["over_budget"] is True
    assert question["follow_ups"][0]["budget_seconds"] == 45


class SlowScorer(OfflineScorer):
    """The offline scorer, half a second slower: the candidate has to wait for it."""

    def __init__(self, pack: Pack, events: list[str] | None = None) -> None:
        super().__init__(pack)
        self.events = events if events is not None else []

    def warm_up(self) -> None:
        self.events.append("warm_up")
        super().warm_up()

    def score(self, *args: Any, **kwargs: Any) -> Evaluation:
        self.events.append("score")
        time.sleep(0.5)
        return super().score(*args, **kwargs)


def _one_question_plan(follow_ups: int = 0) -> Plan:
    return Plan((PlanItem("forecasting-cadence", "pipeline-forecast", 180, follow_ups, 90),), 30, 0)


@pytest.mark.parametrize("terminal", [True, False])
def test_feedback_each_shows_scoring_while_the_candidate_waits(
    sales_pack: Pack, terminal: bool
) -> None:
    """Answers piped in, output on a terminal: 採点中… shows while the slow scorer works; output
    piped on: nothing animated gets into it."""
    from coach.ui.practice_io import PlainPractice

    screen = io.StringIO()
    out = Console(theme=THEME, file=screen, force_terminal=terminal, width=100)
    face = PlainPractice(sales_pack, "ja", out, stream=io.StringIO(f"{STRONG_JA}\n.\n"))
    practice = Practice(sales_pack, SlowScorer(sales_pack), Store(), face, "ja", feedback_each=True)
    outcome = practice.start(_one_question_plan())
    assert outcome is not None and outcome.status == "finished"
    assert ("採点中" in screen.getvalue()) is terminal
    assert "\x1b" not in screen.getvalue() or terminal


def test_scoring_status_shows_whenever_the_session_waits_on_the_scorer(sales_pack: Pack) -> None:
    """Feedback at the end: the wait before the follow-up is chosen and the final wait for the
    last scores both show the status (a scorer that is already done shows none)."""
    waits: list[str] = []

    class Watching(ScriptedPanel):
        def scoring(self) -> AbstractContextManager[object]:
            @contextmanager
            def status() -> Any:
                waits.append("on")
                yield
                waits.append("off")

            return status()

    clock = FakeClock()
    panel = Watching([STRONG_JA, "ボトムアップで積み上げます。"], clock)
    Practice(sales_pack, SlowScorer(sales_pack), Store(), panel, "ja", clock=clock).start(
        _one_question_plan(follow_ups=1)
    )
    assert waits == ["on", "off", "on", "off"]  # before the follow-up; the last score
    assert panel.waited == 1


def test_warm_up_starts_before_the_plan_and_the_first_answer(sales_pack: Pack) -> None:
    """The models load while the candidate reads the plan and the first question."""
    events: list[str] = []

    class Recording(ScriptedPanel):
        def show_plan(self, pack: Pack, plan: Plan) -> bool:
            events.append("plan")
            return True

        def read_answer(self, *args: Any, **kwargs: Any) -> Answer:
            events.append("read")
            return super().read_answer(*args, **kwargs)

    clock = FakeClock()
    scorer = SlowScorer(sales_pack, events)
    panel = Recording([STRONG_JA], clock)
    Practice(sales_pack, scorer, Store(), panel, "ja", clock=clock).start(_one_question_plan())
    assert events == ["warm_up", "plan", "read", "score"]  # once, and first


def test_warm_up_starts_before_a_resumed_session_rescores(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=2, seed=3, follow_ups=0)
    first = make_practice(sales_pack, store, ScriptedPanel([("menu", "quit")], clock), clock).start(
        plan
    )
    assert first is not None
    events: list[str] = []
    store.save_answer(first.session_id, plan.items[0].question, "q", "ja", STRONG_JA)
    scorer = SlowScorer(sales_pack, events)
    Practice(
        sales_pack, scorer, Store(), ScriptedPanel([WEAK, WEAK], clock), "ja", clock=clock
    ).resume(first.session_id)
    assert events == ["warm_up", "score", "score"]  # then the lost answer, then the new one


def _terminal_session(sales_pack: Pack, keys: list[str], follow_ups: int = 0) -> tuple[Store, str]:
    """A whole panel on the terminal face, keys from a pipe: the store and the session id."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from coach.ui.practice_io import TerminalPractice

    store = Store()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("s" + "".join(keys))  # "s": start
        pipe.close()  # the keys end here: a session that waits for more fails, never hangs
        console = Console(theme=THEME, file=io.StringIO(), width=100)
        face = TerminalPractice(sales_pack, "ja", console, show_timer=False, clock=FakeClock())
        practice = Practice(sales_pack, OfflineScorer(sales_pack), store, face, "ja")
        outcome = practice.start(_one_question_plan(follow_ups))
    assert outcome is not None
    return store, outcome.session_id


CTRL_C, SUBMIT = "\x03", "\x1b\r"


@pytest.mark.parametrize(
    ("junk", "resume"),
    [
        ("x\r", "r"),  # what the tester typed: it submitted the half answer
        ("x", "r"),
        ("\r", "r"),  # Enter alone picks nothing: the pause menu has no default
        ("xyz\r\r", "R"),  # upper case is the letter
        ("ｘ\r", "ｒ"),  # full width, as a Japanese IME types it
    ],
)
def test_pause_menu_unknown_key_asks_again_and_keeps_the_answer(
    sales_pack: Pack, junk: str, resume: str
) -> None:
    keys = ["途中の答え", CTRL_C, junk, resume, "、続きです。", SUBMIT]
    store, session_id = _terminal_session(sales_pack, keys)
    rows = store.answers(session_id)
    assert [(r.text, r.skipped) for r in rows] == [("途中の答え、続きです。", False)]


@pytest.mark.parametrize(("key", "skipped"), [("ｓ", True), ("S", True), ("ｅ", False)])
def test_pause_menu_takes_full_width_and_upper_case_keys(
    sales_pack: Pack, key: str, skipped: bool
) -> None:
    store, session_id = _terminal_session(sales_pack, ["答えの途中", CTRL_C, "x", key])
    rows = store.answers(session_id)
    assert [(r.text, r.skipped) for r in rows] == [("答えの途中", skipped)]


def test_pause_menu_during_a_follow_up_asks_again_and_keeps_the_reply(sales_pack: Pack) -> None:
    keys = [STRONG_JA, SUBMIT, "追加の途中", CTRL_C, "x\r", "\r", "r", "、最後まで。", SUBMIT]
    store, session_id = _terminal_session(sales_pack, keys, follow_ups=1)
    rows = store.answers(session_id)
    assert [(r.kind, r.text) for r in rows] == [
        ("main", STRONG_JA),
        ("follow_up", "追加の途中、最後まで。"),
    ]


@pytest.mark.parametrize(
    ("key", "choice"), [("s", MenuChoice.SKIP), ("e", MenuChoice.END), ("q", MenuChoice.QUIT)]
)
def test_pause_menu_hands_back_a_menu_choice_not_a_key(
    sales_pack: Pack, key: str, choice: MenuChoice
) -> None:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from coach.ui.practice_io import TerminalPractice

    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("答えの途中" + CTRL_C + key)
        face = TerminalPractice(sales_pack, "ja", Console(file=io.StringIO()), show_timer=False)
        answer = face.read_answer(question, 60, lambda: SessionClock(0, 1800))
    assert answer.menu_choice is choice and answer.text == "答えの途中"


@pytest.mark.parametrize(("lines", "choice"), [(".\n", MenuChoice.SKIP), ("", MenuChoice.END)])
def test_plain_practice_hands_back_a_menu_choice(
    sales_pack: Pack, lines: str, choice: MenuChoice
) -> None:
    from coach.ui.practice_io import PlainPractice

    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    face = PlainPractice(sales_pack, "en", Console(file=io.StringIO()), io.StringIO(lines))
    assert face.read_answer(question, 60, lambda: SessionClock(0, 0)).menu_choice is choice


def test_outcome_and_rows_carry_session_types(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=1, seed=3, follow_ups=1)
    panel = ScriptedPanel([WEAK, ("menu", "quit", "途中")], clock)
    outcome = make_practice(sales_pack, store, panel, clock).start(plan)
    assert outcome is not None and outcome.status is SessionStatus.ACTIVE
    row = store.session(outcome.session_id)
    assert row is not None and (row.kind, row.status) == (SessionKind.PRACTICE, "active")
    assert row.kind is SessionKind.PRACTICE and row.status is SessionStatus.ACTIVE
    assert [a.kind for a in outcome.answers] == [AnswerKind.MAIN]
    drafted = next(iter(store.drafts(outcome.session_id)))
    ref = FollowUpRef.parse(drafted)
    assert ref is not None and ref.question_id == plan.items[0].question
    assert ref.encode() == drafted


def test_one_practice_runs_twice(sales_pack: Pack) -> None:
    """Its scoring pool is made per run: a second start scores as the first did."""
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=1, seed=3, follow_ups=0)
    panel = ScriptedPanel([STRONG_JA, WEAK], clock)
    practice = make_practice(sales_pack, store, panel, clock)
    first, second = practice.start(plan), practice.start(plan)
    assert first is not None and second is not None and first.session_id != second.session_id
    for outcome in (first, second):
        assert outcome.status == SessionStatus.FINISHED
        assert [r.evaluation is not None for r in store.answers(outcome.session_id)] == [True]


class SpokenPanel(ScriptedPanel):
    """Speaks each answer: "records" it where the session says, then hands back the correction."""

    def __init__(self, script: list[str | tuple[str, ...]], clock: FakeClock) -> None:
        super().__init__(script, clock)
        self.audio_to: list[Path] = []

    def read_answer(  # type: ignore[override]
        self,
        question: Question,
        budget: int,
        session_status: Callable[[], SessionClock],
        *,
        draft: str = "",
        audio_to: Path,
        keep: Callable[[Transcript | None], None],
    ) -> Answer:
        self.audio_to.append(audio_to)
        audio_to.write_bytes(b"RIFF....WAVE")
        keep(None)  # the take has ended: before transcription
        typed = super().read_answer(question, budget, session_status, draft=draft)
        heard = Transcript(f"えーと、{typed.text}", "ja", 60.0, (Word("えーと", 0.3, 0.8),))
        keep(heard)  # heard: before correction
        return Answer(typed.text, 12.0, 60.0, audio=str(audio_to), transcript=heard)


def test_spoken_answers_are_saved_with_their_recording_and_scored_as_speech(
    sales_pack: Pack,
) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=2, seed=3, follow_ups=0)
    panel = SpokenPanel([STRONG_JA, WEAK], clock)
    outcome = make_practice(sales_pack, store, panel, clock, listen=True).start(plan)
    assert outcome is not None and outcome.status == SessionStatus.FINISHED
    rows = store.answers(outcome.session_id)
    assert [r.audio_path for r in rows] == [str(p) for p in panel.audio_to]
    assert all(p.parent == session_audio_dir(outcome.session_id) for p in panel.audio_to)
    for row in rows:
        assert row.transcript is not None and row.transcript["text"] == f"えーと、{row.text}"
        assert row.evaluation is not None and row.evaluation.transcript == f"えーと、{row.text}"
        speech = row.evaluation.to_dict()["delivery"]["speech"]
        assert speech["fillers"] == {"えーと": 1}


class _Transcriber:
    def __init__(self) -> None:
        self.files: list[str] = []

    def transcribe(self, audio: str, lang: str) -> Transcript:
        self.files.append(audio)
        return Transcript(STRONG_JA, lang, 40.0, (Word("週次", 0.5, 1.0),))


@pytest.mark.parametrize("keep_audio", [True, False], ids=["keep", "no-keep-audio"])
def test_resume_transcribes_recordings_left_without_a_transcript(
    sales_pack: Pack, tmp_path: Path, keep_audio: bool
) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=2, seed=3, follow_ups=0)
    panel = ScriptedPanel([("menu", "quit")], clock)
    outcome = make_practice(sales_pack, store, panel, clock).start(plan)
    assert outcome is not None and outcome.status == SessionStatus.ACTIVE
    # a recording saved as the answer, then a crash before it was transcribed
    question = sales_pack.find(plan.items[0].question)
    assert question is not None
    recorder = SessionRecorder(store, sales_pack, "ja", session_id=outcome.session_id)
    source = tmp_path / "spoken.wav"
    source.write_bytes(b"RIFF....WAVE")
    _, copy = recorder.record_audio(question, source, plan.items[0].budget, 40.0)
    assert store.drafts(outcome.session_id) == {}
    heard = _Transcriber()
    panel2 = ScriptedPanel([WEAK], clock)
    practice = make_practice(
        sales_pack, Store(), panel2, clock, transcriber=heard, keep_audio=keep_audio
    )
    resumed = practice.resume(outcome.session_id)
    assert resumed.status == SessionStatus.FINISHED
    assert heard.files == [str(copy)]
    first = store.answers(outcome.session_id)[0]
    assert first.text == STRONG_JA and first.transcript is not None
    assert first.evaluation is not None and first.evaluation.transcript == STRONG_JA
    assert first.evaluation.delivery.speech is not None
    assert copy.exists() is keep_audio
    assert first.audio_path == (str(copy) if keep_audio else None)
    assert store.untranscribed(outcome.session_id) == []


@pytest.mark.parametrize("keep_audio", [True, False], ids=["kept", "deleted"])
def test_the_report_links_the_recordings_of_spoken_answers(
    sales_pack: Pack, keep_audio: bool
) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=2, seed=3, follow_ups=0)
    panel = SpokenPanel([STRONG_JA, WEAK], clock)
    practice = make_practice(sales_pack, store, panel, clock, listen=True, keep_audio=keep_audio)
    outcome = practice.start(plan)
    assert outcome is not None
    summary = load_summary(store, sales_pack, outcome.session_id)
    assert summary is not None
    report = to_markdown(summary, sales_pack, "en", [])
    links = [line for line in report.splitlines() if line.startswith("🎧 [Recording")]
    if keep_audio:
        assert links == [f"🎧 [Recording: {p.name}]({p.as_uri()})" for p in panel.audio_to]
    else:
        assert links == []  # nothing to link to once deleted


class Crash(Exception):
    """The process dying (a kill, a fault in the recogniser) at some step of a spoken answer."""


class CrashingSpokenPanel(SpokenPanel):
    """Records the first answer, then dies: before it is transcribed, or once it was heard
    (while the candidate corrects it)."""

    def __init__(self, clock: FakeClock, *, heard: Transcript | None) -> None:
        super().__init__([], clock)
        self.heard = heard

    def read_answer(  # type: ignore[override]
        self,
        question: Question,
        budget: int,
        session_status: Callable[[], SessionClock],
        *,
        draft: str = "",
        audio_to: Path,
        keep: Callable[[Transcript | None], None],
    ) -> Answer:
        self.audio_to.append(audio_to)
        audio_to.write_bytes(b"RIFF....WAVE")
        keep(None)
        if self.heard is not None:
            keep(self.heard)
        raise Crash


@pytest.mark.parametrize("heard", [False, True], ids=["while-transcribing", "while-correcting"])
def test_a_crash_after_a_spoken_take_keeps_it_and_resume_asks_it_again_with_the_transcript(
    sales_pack: Pack, heard: bool
) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=2, seed=3, follow_ups=0)
    first_id = plan.items[0].question
    said = Transcript(STRONG_JA, "ja", 40.0, (Word("週次", 0.5, 1.0),))
    panel = CrashingSpokenPanel(clock, heard=said if heard else None)
    with pytest.raises(Crash):
        make_practice(sales_pack, store, panel, clock, listen=True).start(plan)
    session = store.latest_session(SessionKind.PRACTICE)
    assert session is not None and session.status == SessionStatus.ACTIVE
    (recording,) = panel.audio_to
    assert recording.is_file() and store.answers(session.id) == []
    draft = store.drafts(session.id)[first_id]  # findable: the question's draft
    assert draft.audio_path == str(recording)
    assert (draft.transcript is not None) is heard

    transcriber = _Transcriber()
    panel2 = ScriptedPanel([f"{STRONG_JA}（訂正）", WEAK], clock)
    resumed = make_practice(sales_pack, Store(), panel2, clock, transcriber=transcriber)
    outcome = resumed.resume(session.id)
    assert outcome.status == SessionStatus.FINISHED
    assert transcriber.files == ([] if heard else [str(recording)])
    assert panel2.drafts == [STRONG_JA, ""]  # the transcript, in the editor to correct
    first, second = store.answers(session.id)
    assert first.question_id == first_id and first.text == f"{STRONG_JA}（訂正）"
    assert first.audio_path == str(recording) and recording.is_file()
    assert first.transcript is not None and first.transcript["text"] == STRONG_JA
    assert first.evaluation is not None and first.evaluation.transcript == STRONG_JA
    assert second.audio_path is None and second.transcript is None
    assert store.drafts(session.id) == {}


def test_a_spoken_answer_is_a_draft_until_it_is_submitted(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=1, seed=3, follow_ups=0)
    seen: list[DraftRow] = []  # the question's draft right after each step

    class Watching(SpokenPanel):
        def read_answer(  # type: ignore[override]
            self, *args: Any, keep: Callable[[Transcript | None], None], **kw: Any
        ) -> Answer:
            def watched(transcript: Transcript | None) -> None:
                keep(transcript)
                seen.append(store.drafts(practice.recorder.session_id or "")[question])

            return super().read_answer(*args, keep=watched, **kw)

    question = plan.items[0].question
    panel = Watching([STRONG_JA], clock)
    practice = make_practice(sales_pack, store, panel, clock, listen=True)
    outcome = practice.start(plan)
    assert outcome is not None and outcome.status == SessionStatus.FINISHED
    recorded, heard = seen
    assert recorded.text == "" and recorded.transcript is None  # before transcription
    assert recorded.audio_path == heard.audio_path == str(panel.audio_to[0])
    assert heard.transcript is not None and heard.text == f"えーと、{STRONG_JA}"
    assert store.drafts(outcome.session_id) == {}  # submitted: the draft went
    (row,) = store.answers(outcome.session_id)
    assert row.audio_path == str(panel.audio_to[0]) and row.text == STRONG_JA


def test_quit_while_correcting_a_spoken_answer_keeps_its_recording_in_the_draft(
    sales_pack: Pack,
) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=1, seed=3, follow_ups=0)

    class Quits(SpokenPanel):
        def read_answer(self, *args: Any, **kw: Any) -> Answer:  # type: ignore[override]
            answer = super().read_answer(*args, **kw)
            return Answer(answer.text, audio=answer.audio, transcript=answer.transcript,
                          menu_choice=MenuChoice.QUIT)  # fmt: skip

    panel = Quits(["半分まで"], clock)
    outcome = make_practice(sales_pack, store, panel, clock, listen=True).start(plan)
    assert outcome is not None and outcome.status == SessionStatus.ACTIVE
    draft = store.drafts(outcome.session_id)[plan.items[0].question]
    assert draft.text == "半分まで" and draft.audio_path == str(panel.audio_to[0])
    assert draft.transcript is not None and draft.transcript["text"] == "えーと、半分まで"
    panel2 = ScriptedPanel(["半分まで、そして最後まで"], clock)
    make_practice(sales_pack, Store(), panel2, clock).resume(outcome.session_id)
    assert panel2.drafts == ["半分まで"]
    (row,) = store.answers(outcome.session_id)
    assert row.audio_path == str(panel.audio_to[0]) and row.transcript is not None


def test_resume_skips_a_spoken_draft_whose_recording_was_deleted(sales_pack: Pack) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=1, seed=3, follow_ups=0)
    panel = ScriptedPanel([("menu", "quit")], clock)
    outcome = make_practice(sales_pack, store, panel, clock).start(plan)
    assert outcome is not None
    question = plan.items[0].question
    store.save_draft(outcome.session_id, question, "Q", "", audio_path="/nowhere/q-1.wav")
    heard = _Transcriber()
    panel2 = ScriptedPanel([WEAK], clock)
    resumed = make_practice(sales_pack, Store(), panel2, clock, transcriber=heard)
    assert resumed.resume(outcome.session_id).status == SessionStatus.FINISHED
    assert heard.files == [] and panel2.drafts == [""]

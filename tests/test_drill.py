"""The drill loop with a scripted candidate, and the editor driven through a pipe."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from coach.errors import CoachError
from coach.packs.model import Pack, Question
from coach.paths import session_audio_dir
from coach.scoring.evaluation import Evaluation
from coach.scoring.offline import OfflineScorer
from coach.session.choices import MenuChoice, NextStep
from coach.session.drill import Answer, drill_to_resume, run_drill, score_given_audio
from coach.store import Store
from coach.ui.editor import ask_answer, choose, clock_markup
from coach.ui.render import THEME
from coach.voice.stt import TranscriptionTimeout
from coach.voice.transcript import Transcript, Word
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


class SpokenScript(Script):
    """A candidate who speaks: each answer is "recorded" where the drill says, then corrected."""

    def __init__(self, answers: list[str | None], steps: list[str]) -> None:
        super().__init__(answers, steps)
        self.audio_to: list[Path] = []

    def read_answer(  # type: ignore[override]
        self,
        question: Question,
        budget: int,
        *,
        audio_to: Path,
        keep: Callable[[Transcript | None], None],
    ) -> Answer:
        self.audio_to.append(audio_to)
        audio_to.write_bytes(b"RIFF....WAVE")
        keep(None)  # the take has ended: before transcription
        text = self.answers.pop(0)
        heard = Transcript(f"えーと、{text}", "ja", 30.0, (Word("えーと", 0.4, 0.9),))
        keep(heard)
        return Answer(text, 3, 30, audio=str(audio_to), transcript=heard, before_recording=2.0)


def test_a_spoken_drill_keeps_the_recording_and_transcript_with_the_row(
    sales_pack: Pack,
) -> None:
    store = Store()
    script = SpokenScript([STRONG_JA], ["quit"])
    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    result = run_drill(
        sales_pack, question, OfflineScorer(sales_pack), script, "ja", store=store, listen=True
    )
    assert result.session_id is not None
    (row,) = store.answers(result.session_id)
    assert script.audio_to[0].parent == session_audio_dir(result.session_id)
    assert row.audio_path == str(script.audio_to[0]) and script.audio_to[0].is_file()
    assert row.transcript is not None and row.transcript["text"] == f"えーと、{STRONG_JA}"
    assert row.text == STRONG_JA
    data = result.evaluations[0].to_dict()
    assert data["transcript"] == f"えーと、{STRONG_JA}"
    assert data["delivery"]["speech"]["fillers"] == {"えーと": 1}
    assert row.evaluation is not None and row.evaluation.to_dict() == data


def test_a_spoken_drill_without_keep_audio_deletes_the_recording(sales_pack: Pack) -> None:
    store = Store()
    script = SpokenScript([STRONG_JA], ["quit"])
    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    result = run_drill(
        sales_pack,
        question,
        OfflineScorer(sales_pack),
        script,
        "ja",
        store=store,
        listen=True,
        keep_audio=False,
    )
    (row,) = store.answers(result.session_id or "")
    assert row.audio_path is None and row.transcript is not None
    assert not script.audio_to[0].exists()


class _Transcriber:
    """Stands in for Whisper: hears `heard`, or raises `fails`."""

    def __init__(self, heard: str = "", fails: Exception | None = None) -> None:
        self.heard, self.fails = heard, fails
        self.files: list[str] = []

    def transcribe(self, audio: str, lang: str) -> Transcript:
        self.files.append(audio)
        if self.fails is not None:
            raise self.fails
        return Transcript(self.heard, lang, 5.0, (Word(self.heard[:3], 0.2, 1.0),))


def _recording(tmp_path: Path) -> Path:
    source = tmp_path / "spoken.wav"
    source.write_bytes(b"RIFF....WAVE")
    return source


def test_a_given_recording_is_saved_before_it_is_transcribed(
    sales_pack: Pack, tmp_path: Path
) -> None:
    store = Store()
    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    crash = _Transcriber(fails=RuntimeError("the decoder died"))
    with pytest.raises(RuntimeError):
        score_given_audio(
            sales_pack,
            question,
            OfflineScorer(sales_pack),
            _recording(tmp_path),
            crash,
            "ja",
            store,
        )
    session = store.latest_session()
    assert session is not None
    (row,) = store.untranscribed(session.id)  # kept, to transcribe again
    assert row.audio_path == crash.files[0] and Path(row.audio_path).is_file()
    assert Path(row.audio_path).parent == session_audio_dir(session.id)
    assert session.status == "active"  # a crash is not an end: `coach drill --resume` finds it
    assert drill_to_resume(store) == (session, row)


@pytest.mark.parametrize(
    ("transcriber", "key"),
    [
        (_Transcriber(heard="  "), "drill.audio_silent"),
        (
            _Transcriber(fails=TranscriptionTimeout(Transcript("", "ja", 2.0), 20.0)),
            "drill.audio_timeout",
        ),
    ],
    ids=["silence", "timeout"],
)
def test_a_given_recording_heard_as_nothing_says_so_and_is_kept(
    sales_pack: Pack, tmp_path: Path, transcriber: _Transcriber, key: str
) -> None:
    store = Store()
    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    with pytest.raises(CoachError) as caught:
        score_given_audio(
            sales_pack,
            question,
            OfflineScorer(sales_pack),
            _recording(tmp_path),
            transcriber,
            "en",
            store,
        )
    assert caught.value.key == key
    kept = transcriber.files[-1]
    assert kept in caught.value.render("en") and Path(kept).is_file()
    session = store.latest_session()
    assert session is not None and store.answers(session.id)[0].audio_path == kept


def test_a_given_recording_is_transcribed_and_scored_as_spoken(
    sales_pack: Pack, tmp_path: Path
) -> None:
    store = Store()
    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    heard = _Transcriber(heard=STRONG_JA)
    evaluation = score_given_audio(
        sales_pack,
        question,
        OfflineScorer(sales_pack),
        _recording(tmp_path),
        heard,
        "ja",
        store,
        seconds=5.0,
        keep_audio=False,
    )
    assert evaluation.transcript == STRONG_JA and evaluation.delivery.speech is not None
    session = store.latest_session()
    assert session is not None
    (row,) = store.answers(session.id)
    assert row.text == STRONG_JA and row.transcript is not None and row.evaluation is not None
    assert row.audio_path is None and not Path(heard.files[0]).exists()


def test_a_voice_reads_the_question_ahead_while_the_scorer_warms_up(sales_pack: Pack) -> None:
    """The scorer's warm-up takes seconds: a terminal that can read ahead (`read_ahead`) is asked
    to before it, so the interviewer's voice is ready when the question appears."""
    events: list[str] = []

    class Ahead(Script):
        def read_ahead(self, question: Question) -> None:
            events.append(f"ahead {question.id}")

    class Warm(OfflineScorer):
        def warm_up(self) -> None:
            events.append("warm up")

    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    script = Ahead([None], [])
    run_drill(sales_pack, question, Warm(sales_pack), script, "en")
    assert events == ["ahead pipeline-forecast", "warm up"]


class Crash(Exception):
    """The process dying (a kill, a fault in the recogniser) before the take was transcribed."""


class CrashingSpokenScript(SpokenScript):
    """Records its answer, then dies before it is transcribed."""

    def read_answer(  # type: ignore[override]
        self,
        question: Question,
        budget: int,
        *,
        audio_to: Path,
        keep: Callable[[Transcript | None], None],
    ) -> Answer:
        self.audio_to.append(audio_to)
        audio_to.write_bytes(b"RIFF....WAVE")
        keep(None)
        raise Crash


def test_a_crash_before_transcription_keeps_the_recording_as_the_answer_and_resume_scores_it(
    sales_pack: Pack,
) -> None:
    from coach.session.drill import resume_drill
    from coach.store import SessionStatus

    store = Store()
    script = CrashingSpokenScript([], [])
    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    with pytest.raises(Crash):
        run_drill(
            sales_pack, question, OfflineScorer(sales_pack), script, "ja", store=store, listen=True
        )
    found = drill_to_resume(store)
    assert found is not None
    session, waiting = found
    assert session.status == SessionStatus.ACTIVE  # a crash is not an end
    (row,) = store.answers(session.id)
    assert row == waiting and row.audio_path == str(script.audio_to[0])
    assert row.text == "" and row.transcript is None and row.evaluation is None
    assert store.untranscribed(session.id) == [row]

    heard = _Transcriber(STRONG_JA)
    evaluation = resume_drill(
        sales_pack, session, row, OfflineScorer(sales_pack), heard, "ja", store
    )
    assert heard.files == [str(script.audio_to[0])]
    assert evaluation.transcript == STRONG_JA
    (done,) = store.answers(session.id)  # the same row, not a second one
    assert done.id == row.id and done.text == STRONG_JA and done.transcript is not None
    assert done.evaluation is not None and done.evaluation.to_dict() == evaluation.to_dict()
    ended = store.session(session.id)
    assert ended is not None and ended.status == SessionStatus.FINISHED
    assert drill_to_resume(store) is None


def test_a_spoken_drill_commits_the_recording_before_transcription_then_completes_that_row(
    sales_pack: Pack,
) -> None:
    store = Store()
    rows_when_recorded: list[list[tuple[str, str | None, bool]]] = []

    class Watching(SpokenScript):
        def read_answer(  # type: ignore[override]
            self, question: Question, budget: int, *, audio_to: Path,
            keep: Callable[[Transcript | None], None],
        ) -> Answer:  # fmt: skip
            def watched(transcript: Transcript | None) -> None:
                keep(transcript)
                if transcript is None:
                    session = store.latest_session()
                    assert session is not None
                    rows_when_recorded.append(
                        [(r.text, r.audio_path, r.transcript is None)
                         for r in store.answers(session.id)]
                    )  # fmt: skip

            return super().read_answer(question, budget, audio_to=audio_to, keep=watched)

    script = Watching([STRONG_JA, "二回目の回答です。"], ["retry", "quit"])
    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    result = run_drill(
        sales_pack, question, OfflineScorer(sales_pack), script, "ja", store=store, listen=True
    )
    first, second = script.audio_to
    assert rows_when_recorded == [
        [("", str(first), True)],
        [(STRONG_JA, str(first), False), ("", str(second), True)],
    ]
    rows = store.answers(result.session_id or "")
    assert [(r.text, r.audio_path) for r in rows] == [
        (STRONG_JA, str(first)),
        ("二回目の回答です。", str(second)),
    ]
    assert all(r.transcript is not None and r.evaluation is not None for r in rows)
    assert [r.thinking_seconds for r in rows] == [3, 3]


def test_quitting_a_spoken_drill_while_correcting_takes_the_recording_back(
    sales_pack: Pack,
) -> None:
    store = Store()

    class Quits(SpokenScript):
        def read_answer(self, *args: Any, **kw: Any) -> Answer:  # type: ignore[override]
            super().read_answer(*args, **kw)
            return Answer(None, menu_choice=MenuChoice.QUIT)

    script = Quits([STRONG_JA], [])
    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    result = run_drill(
        sales_pack, question, OfflineScorer(sales_pack), script, "ja", store=store, listen=True
    )
    assert result.interrupted and store.answers(result.session_id or "") == []
    assert not script.audio_to[0].exists()

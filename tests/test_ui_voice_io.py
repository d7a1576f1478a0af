"""The spoken terminal: the recording screen, the transcript in the editor, typing instead, the
panel read aloud in each interviewer's voice. Fakes stand in for the microphone, the recogniser
and the speaker (no models, no devices); prompt_toolkit reads scripted keys from a pipe."""

from __future__ import annotations

import io
import threading
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from coach.errors import CoachError
from coach.i18n import t
from coach.packs.model import Pack
from coach.session.choices import MenuChoice
from coach.session.plan import Plan, PlanItem
from coach.session.types import Answer
from coach.ui.editor import fragment_width
from coach.ui.practice_io import TerminalPractice
from coach.ui.render import THEME
from coach.ui.terminal import TerminalDrill
from coach.ui.voice_io import (
    Narrator,
    SpokenAnswers,
    TakeEnd,
    Voice,
    interviewer_index,
    record_screen,
    record_toolbar,
)
from coach.voice.audio import BLOCK, RATE, Frames
from coach.voice.transcript import Transcript, Word
from coach.voice.tts import Audio

LOUD = np.full(BLOCK, 0.3, dtype=np.float32)  # about -10 dBFS: speech
QUIET = np.zeros(BLOCK, dtype=np.float32)
HEARD = Transcript(
    "I review the pipeline weekly",
    "en",
    1.0,
    (Word("I", 0.4, 0.5), Word("review", 0.5, 0.8)),
)


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        yield inp


class FakeMic:
    """Blocks of `pattern` (then `after` forever, until the recorder stops); `on_block(n)` after
    the n-th block is yielded, to press keys while it records."""

    def __init__(
        self,
        pattern: list[Frames],
        after: Frames | None = QUIET,
        on_block: Callable[[int], None] | None = None,
    ) -> None:
        self.pattern, self.after, self.on_block = pattern, after, on_block

    def frames(self) -> Iterator[Frames]:
        count = 0
        while True:
            if count < len(self.pattern):
                block = self.pattern[count]
            elif self.after is not None:
                block = self.after
            else:
                return
            count += 1
            yield block
            if self.on_block is not None:
                self.on_block(count)
            time.sleep(0.005)


class BrokenMic:
    def frames(self) -> Iterator[Frames]:
        raise CoachError("voice.no_input_device")
        yield QUIET  # pragma: no cover - a generator that fails on its first step


class FakeTranscriber:
    def __init__(self, heard: Transcript = HEARD, then: Callable[[], None] | None = None) -> None:
        self.heard, self.then = heard, then
        self.samples_on_disk: list[int] = []

    def transcribe(self, audio: str, lang: str) -> Transcript:
        with wave.open(audio, "rb") as recorded:  # written before transcription starts
            self.samples_on_disk.append(recorded.getnframes())
        if self.then is not None:
            self.then()
        return self.heard


class FakeSpeaker:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, int]] = []
        self.lock = threading.Lock()

    def synthesize(self, text: str, lang: str, interviewer: int = 0) -> Audio:
        with self.lock:
            self.calls.append((text, lang, interviewer))
        return Audio(np.zeros(160, dtype=np.float32), RATE)


def _console() -> Console:
    return Console(file=io.StringIO(), width=80, theme=THEME)


def test_spoken_answer_goes_through_the_editor_and_comes_back_with_its_recording(
    pipe: PipeInput, sales_pack: Pack, tmp_path: Path
) -> None:
    def after(count: int) -> None:
        if count == 5:
            pipe.send_text("\r")  # Enter: stop recording

    # the corrections are typed once the editor holds the transcript
    transcriber = FakeTranscriber(then=lambda: pipe.send_text(" and coach reps\x1b\r"))
    listener = SpokenAnswers(
        "en", "en", _console(), lambda: FakeMic([LOUD] * 3, QUIET, after), transcriber
    )
    drill = TerminalDrill(sales_pack, "en", _console(), voice=Voice(listener=listener))
    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    target = tmp_path / "answers" / "1.wav"
    drill.show_question(question, 180)
    answer = drill.read_answer(question, 180, audio_to=target)

    assert answer.text == "I review the pipeline weekly and coach reps"
    assert answer.audio == str(target) and target.is_file()
    assert answer.transcript == HEARD
    assert answer.menu_choice is None
    assert answer.before_recording is not None and 0 <= answer.before_recording < 5
    assert answer.thinking_seconds == pytest.approx(answer.before_recording + 0.4, abs=0.11)
    assert transcriber.samples_on_disk and transcriber.samples_on_disk[0] >= 5 * BLOCK
    assert t("voice.transcript_ready", "en") in listener.said


def test_tab_switches_to_typing_and_drops_the_take(pipe: PipeInput, tmp_path: Path) -> None:
    typed: list[tuple[str, float | None]] = []

    def reader(draft: str, started: float | None) -> Answer:
        typed.append((draft, started))
        return Answer("typed instead", 1.0, 2.0)

    transcriber = FakeTranscriber()

    def mic() -> FakeMic:
        return FakeMic([LOUD] * 50, QUIET, lambda n: n == 3 and pipe.send_text("\t"))

    listener = SpokenAnswers("en", "en", _console(), mic, transcriber)
    target = tmp_path / "a.wav"
    answer = listener.read(
        target, 180, clock=time.monotonic, shown_at=12.5, show_timer=True, narrator=None,
        menu=lambda: MenuChoice.RESUME, typed=reader,
    )  # fmt: skip
    assert answer == Answer("typed instead", 1.0, 2.0)
    assert typed == [("", 12.5)]  # the editor's clock counts from the question
    assert not target.exists() and not transcriber.samples_on_disk


@pytest.mark.parametrize("key", ["t", "T"])
def test_the_t_key_also_switches_to_typing(pipe: PipeInput, tmp_path: Path, key: str) -> None:
    mic = FakeMic([LOUD] * 50, QUIET, lambda n: n == 2 and pipe.send_text(key))
    take = record_screen(mic, tmp_path / "a.wav", "en", 180, clock=time.monotonic, started=0.0)
    assert take.end is TakeEnd.TYPE


def test_silence_after_speech_stops_the_recording(pipe: PipeInput, tmp_path: Path) -> None:
    mic = FakeMic([QUIET] * 3 + [LOUD] * 4)  # thinking first: quiet before speech never stops it
    take = record_screen(
        mic, tmp_path / "a.wav", "en", 180, clock=time.monotonic, started=0.0, silence=0.5
    )
    assert take.end is TakeEnd.STOPPED and take.recording is not None
    assert take.recording.stopped_by_silence
    assert take.recording.seconds == pytest.approx(1.2, abs=0.01)  # 0.3 + 0.4 + 0.5 s


def test_enter_stops_the_recording_and_silence_zero_never_does(
    pipe: PipeInput, tmp_path: Path
) -> None:
    mic = FakeMic([LOUD] * 2, QUIET, lambda n: n == 30 and pipe.send_text("\r"))
    take = record_screen(
        mic, tmp_path / "a.wav", "en", 180, clock=time.monotonic, started=0.0, silence=0.0
    )
    assert take.end is TakeEnd.STOPPED and take.recording is not None
    assert not take.recording.stopped_by_silence
    assert take.recording.seconds >= 3.0  # 28 quiet blocks went by without stopping it


def test_ctrl_c_opens_the_menu_and_resume_records_again(pipe: PipeInput, tmp_path: Path) -> None:
    takes: list[int] = []

    def mic() -> FakeMic:
        takes.append(1)
        key = "\x03" if len(takes) == 1 else "\r"  # Ctrl-C the first take, Enter the second
        return FakeMic([LOUD] * 2, QUIET, lambda n: n == 3 and pipe.send_text(key))

    menus: list[int] = []

    def menu() -> MenuChoice:
        menus.append(1)
        return MenuChoice.RESUME

    listener = SpokenAnswers("en", "en", _console(), mic, FakeTranscriber())
    answer = listener.read(
        tmp_path / "a.wav", 180, clock=time.monotonic, shown_at=0.0, show_timer=True,
        narrator=None, menu=menu, typed=lambda draft, started: Answer(draft),
    )  # fmt: skip
    assert menus == [1] and len(takes) == 2
    assert answer.text == HEARD.text and answer.audio == str(tmp_path / "a.wav")


def test_quit_from_the_menu_keeps_no_recording(pipe: PipeInput, tmp_path: Path) -> None:
    listener = SpokenAnswers(
        "en", "en", _console(),
        lambda: FakeMic([LOUD] * 2, QUIET, lambda n: n == 3 and pipe.send_text("\x03")),
        FakeTranscriber(),
    )  # fmt: skip
    answer = listener.read(
        tmp_path / "a.wav", 180, clock=time.monotonic, shown_at=0.0, show_timer=True,
        narrator=None, menu=lambda: MenuChoice.QUIT, typed=lambda d, s: Answer(d),
    )  # fmt: skip
    assert answer == Answer(None, menu_choice=MenuChoice.QUIT)
    assert not (tmp_path / "a.wav").exists()


def test_no_microphone_says_so_and_offers_typing(pipe: PipeInput, tmp_path: Path) -> None:
    listener = SpokenAnswers("ja", "ja", _console(), BrokenMic, FakeTranscriber())
    answer = listener.read(
        tmp_path / "a.wav", 180, clock=time.monotonic, shown_at=0.0, show_timer=True,
        narrator=None, menu=lambda: MenuChoice.RESUME, typed=lambda d, s: Answer("入力した回答"),
    )  # fmt: skip
    assert answer.text == "入力した回答" and answer.audio is None
    assert listener.said == [t("voice.no_input_device", "ja")]


def test_nothing_heard_opens_an_empty_editor_and_says_so(pipe: PipeInput, tmp_path: Path) -> None:
    silent = Transcript("", "en", 1.0)
    listener = SpokenAnswers(
        "en", "en", _console(),
        lambda: FakeMic([QUIET] * 10, None), FakeTranscriber(silent),
    )  # fmt: skip
    answer = listener.read(
        tmp_path / "a.wav", 180, clock=time.monotonic, shown_at=0.0, show_timer=True,
        narrator=None, menu=lambda: MenuChoice.RESUME, typed=lambda d, s: Answer(d or "typed"),
    )  # fmt: skip
    assert answer.text == "typed" and answer.transcript == silent
    assert t("voice.nothing_heard", "en") in listener.said


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("width", [120, 80, 60, 40])
def test_recording_toolbar_fits_and_keeps_its_keys(lang: str, width: int) -> None:
    fragments = record_toolbar(width, ("", "⏱ 02:50 / 03:00"), ("", "⏱ 02:50"), -20.0, lang)
    text = "".join(part for _, part in fragments)
    assert fragment_width(fragments) < width, text
    assert t("voice.record.keys", lang) in text or t("voice.record.keys_short", lang) in text
    if width >= 80:
        assert "█" in text and "⏱" in text  # the meter and the clock


def _narrator(
    speaker: FakeSpeaker,
    play: Callable[[Audio], None],
    stop: Callable[[], None] = lambda: None,
) -> Narrator:
    return Narrator(speaker, "en", play=play, stop=stop, on_error=lambda exc: None)


def test_speak_reads_in_each_interviewers_voice_and_prefetches_the_next(
    pipe: PipeInput, sales_pack: Pack
) -> None:
    speaker, played = FakeSpeaker(), list[Audio]()
    narrator = _narrator(speaker, played.append)
    plan = Plan(
        (
            PlanItem("forecasting-cadence", "pipeline-forecast", 180, 0, 90),
            PlanItem("leadership-change", "build-team", 180, 0, 90),
        ),
        30,
        0,
    )
    practice = TerminalPractice(sales_pack, "en", _console(), voice=Voice(narrator=narrator))
    pipe.send_text("\r")  # Enter: start
    assert practice.show_plan(sales_pack, plan)
    first, second = (sales_pack.find(item.question) for item in plan.items)
    assert first is not None and second is not None
    area = sales_pack.area("forecasting-cadence")
    assert area is not None and area.interviewer is not None and area.interviewer.intro
    practice.introduce(area)
    practice.show_question(first, plan.items[0], 1, 2, follow_up=False)
    assert narrator.wait(5)

    forecasting = interviewer_index(sales_pack, "forecasting-cadence")
    leadership = interviewer_index(sales_pack, "leadership-change")
    assert (forecasting, leadership) == (1, 2)
    intro = area.interviewer.intro.get("en")
    asked = first.text.get("en")
    assert (intro, "en", forecasting) in speaker.calls
    assert (asked, "en", forecasting) in speaker.calls
    assert speaker.calls.count((asked, "en", forecasting)) == 1  # prefetched, not made again
    ahead = (second.text.get("en"), "en", leadership)
    deadline = time.monotonic() + 10  # read ahead in the background: it may come after playback
    while ahead not in speaker.calls and time.monotonic() < deadline:
        time.sleep(0.02)
    assert ahead in speaker.calls  # read ahead
    assert len(played) == 2  # the introduction, then the question; the next one waits its turn
    narrator.close()


def test_speak_never_blocks_typing_and_stops_when_the_candidate_types(
    pipe: PipeInput, sales_pack: Pack
) -> None:
    finished = threading.Event()
    stops: list[int] = []

    def stop() -> None:
        stops.append(1)
        finished.set()

    def play(audio: Audio) -> None:  # a long question: plays until stopped
        finished.wait(10)

    narrator = _narrator(FakeSpeaker(), play, stop)
    drill = TerminalDrill(sales_pack, "en", _console(), voice=Voice(narrator=narrator))
    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    drill.show_question(question, 180)
    pipe.send_text("Weekly reviews\x1b\r")
    answer = drill.read_answer(question, 180)
    assert answer.text == "Weekly reviews" and answer.audio is None
    assert stops == [1] and narrator.wait(5)
    narrator.close()


def test_a_failing_voice_is_reported_once_and_the_text_stays(sales_pack: Pack) -> None:
    class Broken:
        def synthesize(self, text: str, lang: str, interviewer: int = 0) -> Audio:
            raise RuntimeError("no voice")

    errors: list[CoachError] = []
    narrator = Narrator(
        Broken(), "en", play=lambda a: None, stop=lambda: None, on_error=errors.append
    )
    narrator.say("one", 0)
    narrator.say("two", 1)
    assert narrator.wait(5)
    assert [e.key for e in errors] == ["voice.tts_failed"]
    narrator.close()


def test_a_listening_practice_stores_the_spoken_answer_the_terminal_gave(
    pipe: PipeInput, sales_pack: Pack
) -> None:
    """The terminal and the session together: the practice asks the terminal to record into the
    session's folder, and the corrected text, the recording and the transcript are stored."""
    from coach.scoring.offline import OfflineScorer
    from coach.session.practice import Practice
    from coach.store import SessionStatus, Store

    def after(count: int) -> None:
        if count == 5:
            pipe.send_text("\r")

    transcriber = FakeTranscriber(then=lambda: pipe.send_text(" and coach reps\x1b\r"))
    listener = SpokenAnswers(
        "en", "en", _console(), lambda: FakeMic([LOUD] * 3, QUIET, after), transcriber
    )
    store = Store()
    terminal = TerminalPractice(sales_pack, "en", _console(), voice=Voice(listener=listener))
    practice = Practice(sales_pack, OfflineScorer(sales_pack), store, terminal, "en", listen=True)
    pipe.send_text("\r")  # Enter: start the panel
    plan = Plan((PlanItem("forecasting-cadence", "pipeline-forecast", 180, 0, 90),), 30, 0)
    outcome = practice.start(plan)
    assert outcome is not None and outcome.status is SessionStatus.FINISHED
    (answer,) = store.answers(outcome.session_id)
    assert answer.text == "I review the pipeline weekly and coach reps"
    assert answer.audio_path is not None and Path(answer.audio_path).is_file()
    assert answer.transcript is not None and answer.transcript["text"] == HEARD.text


def test_a_text_plays_piece_by_piece_the_first_before_the_rest_is_made() -> None:
    """Japanese is read clause by clause: the interviewer starts once the first clause is made,
    and each piece is followed by its pause."""
    second_made = threading.Event()
    played: list[tuple[str, float]] = []
    first_heard = threading.Event()

    class Slow(FakeSpeaker):
        def synthesize(self, text: str, lang: str, interviewer: int = 0) -> Audio:
            if self.calls:  # the second piece: made only once the first has been heard
                assert first_heard.wait(5)
                second_made.set()
            super().synthesize(text, lang, interviewer)
            return Audio(np.full(100, 0.5, dtype=np.float32), 1000)

    def play(audio: Audio) -> None:
        played.append(("made" if second_made.is_set() else "alone", audio.seconds))
        first_heard.set()

    speaker = Slow()
    narrator = Narrator(speaker, "ja", play=play, stop=lambda: None, on_error=lambda e: None)
    narrator.say("マーケティング、製品、カスタマーサクセスとどう協力しますか？", 0)
    assert narrator.wait(5)
    assert [text for text, _, _ in speaker.calls] == [
        "マーケティング、",
        "製品、カスタマーサクセスとどう協力しますか？",
    ]
    # 0.1 s of speech each, then 0.12 s after the clause and 0.35 s after the sentence
    assert played == [("alone", pytest.approx(0.22)), ("made", pytest.approx(0.45))]
    narrator.close()


def test_the_voice_gets_ready_ahead_and_is_let_go_at_the_end() -> None:
    class Kept(FakeSpeaker):
        def __init__(self) -> None:
            super().__init__()
            self.loaded: list[str] = []
            self.closed = threading.Event()

        def load(self, lang: str) -> None:
            self.loaded.append(lang)

        def close(self) -> None:
            self.closed.set()

    speaker = Kept()
    narrator = _narrator(speaker, lambda audio: None)
    narrator.warm_up()
    narrator.say("Hello.", 0)
    assert narrator.wait(5)
    narrator.close()
    assert speaker.closed.wait(5) and speaker.loaded == ["en"]


def test_a_drill_reads_its_question_and_follow_ups_ahead(sales_pack: Pack) -> None:
    """The drill's terminal makes the question's speech and its follow-ups' before the question
    appears; showing it then reads what was made (`run_drill` calls `read_ahead` before warming
    the scorer up, tested in tests/test_drill.py)."""
    speaker = FakeSpeaker()
    narrator = _narrator(speaker, lambda audio: None)
    question = sales_pack.find("pipeline-forecast")
    assert question is not None and question.follow_ups
    drill = TerminalDrill(sales_pack, "en", _console(), voice=Voice(narrator=narrator))
    drill.read_ahead(question)
    expected = [question.text.get("en"), *(f.text.get("en") for f in question.follow_ups)]
    deadline = time.monotonic() + 10
    while len(speaker.calls) < len(expected) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [text for text, _, _ in speaker.calls] == expected
    drill.show_question(question, 180)
    assert narrator.wait(5)
    assert len(speaker.calls) == len(expected)  # read from what was made
    narrator.close()


def test_a_practice_question_makes_its_follow_ups_then_the_next_question(
    pipe: PipeInput, sales_pack: Pack
) -> None:
    speaker = FakeSpeaker()
    narrator = _narrator(speaker, lambda audio: None)
    plan = Plan(
        (
            PlanItem("forecasting-cadence", "pipeline-forecast", 180, 0, 90),
            PlanItem("forecasting-cadence", "kpi-coaching", 180, 0, 90),
        ),
        30,
        0,
    )
    practice = TerminalPractice(sales_pack, "en", _console(), voice=Voice(narrator=narrator))
    first, second = (sales_pack.find(item.question) for item in plan.items)
    assert first is not None and second is not None
    practice.plan = plan
    practice.show_question(first, plan.items[0], 1, 2, follow_up=False)
    assert narrator.wait(5)
    expected = [
        first.text.get("en"),
        *(f.text.get("en") for f in first.follow_ups),
        second.text.get("en"),
    ]
    deadline = time.monotonic() + 10
    while len(speaker.calls) < len(expected) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [text for text, _, _ in speaker.calls] == expected
    narrator.close()


class CrashingTranscriber(FakeTranscriber):
    """The recogniser dies (or the process is killed) while it transcribes."""

    def transcribe(self, audio: str, lang: str) -> Transcript:
        super().transcribe(audio, lang)
        raise RuntimeError("killed while transcribing")


def test_a_crash_while_transcribing_leaves_the_recording_for_resume_to_finish(
    pipe: PipeInput, sales_pack: Pack
) -> None:
    """Terminal and session together: the recording ends, the recogniser dies; the recording is
    the question's draft, and `--resume` transcribes it and asks again with the transcript in the
    editor, keeping the recording as that answer's audio."""
    from coach.scoring.offline import OfflineScorer
    from coach.session.practice import Practice
    from coach.store import SessionKind, SessionStatus, Store

    def after(count: int) -> None:
        if count == 5:
            pipe.send_text("\r")

    crashing = CrashingTranscriber()
    listener = SpokenAnswers(
        "en", "en", _console(), lambda: FakeMic([LOUD] * 3, QUIET, after), crashing
    )
    store = Store()
    terminal = TerminalPractice(sales_pack, "en", _console(), voice=Voice(listener=listener))
    practice = Practice(sales_pack, OfflineScorer(sales_pack), store, terminal, "en", listen=True)
    pipe.send_text("\r")  # Enter: start the panel
    plan = Plan((PlanItem("forecasting-cadence", "pipeline-forecast", 180, 0, 90),), 30, 0)
    with pytest.raises(RuntimeError, match="killed"):
        practice.start(plan)
    session = store.latest_session(SessionKind.PRACTICE)
    assert session is not None and session.status is SessionStatus.ACTIVE
    assert store.answers(session.id) == []
    draft = store.drafts(session.id)["pipeline-forecast"]
    assert draft.audio_path is not None and draft.transcript is None
    recording = Path(draft.audio_path)
    with wave.open(str(recording), "rb") as kept:
        assert kept.getnframes() >= 5 * BLOCK  # all of it, on disk

    # --resume (typed: the transcript goes into the editor to correct)
    heard = FakeTranscriber(then=lambda: pipe.send_text(" and coach reps\x1b\r"))
    again = TerminalPractice(sales_pack, "en", _console())
    resumed = Practice(
        sales_pack, OfflineScorer(sales_pack), Store(), again, "en", transcriber=heard
    )
    outcome = resumed.resume(session.id)
    assert outcome.status is SessionStatus.FINISHED
    (answer,) = store.answers(session.id)
    assert answer.text == "I review the pipeline weekly and coach reps"
    assert answer.audio_path == str(recording) and recording.is_file()
    assert answer.transcript is not None and answer.transcript["text"] == HEARD.text
    assert answer.evaluation is not None and answer.evaluation.transcript == HEARD.text
    assert store.drafts(session.id) == {}


class JumpClock:
    """A clock that stands still until the test moves it."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_hard_stop_ends_the_recording_when_the_budget_runs_out(
    pipe: PipeInput, tmp_path: Path
) -> None:
    clock = JumpClock()

    def after(count: int) -> None:
        if count == 4:
            clock.now = 181.0  # the budget (180 s) has run out

    take = record_screen(
        FakeMic([LOUD] * 500, LOUD, after), tmp_path / "a.wav", "en", 180,
        clock=clock, started=0.0, hard_stop=True,
    )  # fmt: skip
    assert take.end is TakeEnd.STOPPED and take.time_up
    assert take.recording is not None and take.recording.seconds == pytest.approx(0.4, abs=0.11)


def test_without_hard_stop_the_budget_never_ends_a_recording(
    pipe: PipeInput, tmp_path: Path
) -> None:
    clock = JumpClock()

    def after(count: int) -> None:
        if count == 4:
            clock.now = 181.0
        if count == 20:
            pipe.send_text("\r")

    take = record_screen(
        FakeMic([LOUD] * 500, LOUD, after), tmp_path / "a.wav", "en", 180,
        clock=clock, started=0.0,
    )  # fmt: skip
    assert take.end is TakeEnd.STOPPED and not take.time_up
    assert take.recording is not None and take.recording.seconds >= 2.0


def test_hard_stop_submits_the_transcript_as_heard_without_the_editor(
    pipe: PipeInput, tmp_path: Path
) -> None:
    clock = JumpClock()

    def after(count: int) -> None:
        if count == 5:
            clock.now = 190.0

    def no_editor(draft: str, started: float | None) -> Answer:
        raise AssertionError("the correction editor must not open")

    kept: list[Transcript | None] = []
    transcriber = FakeTranscriber()
    listener = SpokenAnswers(
        "en", "en", _console(), lambda: FakeMic([LOUD] * 500, LOUD, after), transcriber
    )
    target = tmp_path / "a.wav"
    answer = listener.read(
        target, 180, clock=clock, shown_at=0.0, show_timer=True, narrator=None,
        menu=lambda: MenuChoice.RESUME, typed=no_editor, keep=kept.append, hard_stop=True,
    )  # fmt: skip
    assert answer.text == HEARD.text and answer.menu_choice is None
    assert answer.audio == str(target) and answer.transcript == HEARD
    assert answer.answer_seconds == 190.0 and answer.before_recording == 0.0
    assert kept == [None]  # committed before it was transcribed
    assert transcriber.samples_on_disk and transcriber.samples_on_disk[0] >= 5 * BLOCK
    assert t("voice.time_up", "en") in listener.said


def test_hard_stop_in_a_spoken_drill_scores_what_was_heard(
    pipe: PipeInput, sales_pack: Pack
) -> None:
    """`coach drill --voice --hard-stop`: the take stops at the budget and is scored as heard."""
    from coach.scoring.offline import OfflineScorer
    from coach.session.drill import run_drill
    from coach.store import Store

    clock = JumpClock()

    def after(count: int) -> None:
        if count == 5:
            clock.now = 200.0

    transcriber = FakeTranscriber(then=lambda: pipe.send_text("q"))  # then: quit the drill
    listener = SpokenAnswers(
        "en", "en", _console(), lambda: FakeMic([LOUD] * 500, LOUD, after), transcriber
    )
    store = Store()
    drill = TerminalDrill(
        sales_pack, "en", _console(), hard_stop=True, clock=clock, voice=Voice(listener=listener)
    )
    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    result = run_drill(
        sales_pack, question, OfflineScorer(sales_pack), drill, "en", store=store, listen=True
    )
    (row,) = store.answers(result.session_id or "")
    assert row.text == HEARD.text and row.transcript is not None
    assert row.audio_path is not None and Path(row.audio_path).is_file()
    assert result.evaluations and result.evaluations[0].transcript == HEARD.text


@pytest.mark.parametrize("kept", [True, False], ids=["session-keeps-it", "no-keeper"])
def test_quit_while_correcting_keeps_the_recording_only_for_a_session_that_keeps_it(
    pipe: PipeInput, tmp_path: Path, kept: bool
) -> None:
    calls: list[Transcript | None] = []
    listener = SpokenAnswers(
        "en", "en", _console(),
        lambda: FakeMic([LOUD] * 3, QUIET, lambda n: n == 5 and pipe.send_text("\r")),
        FakeTranscriber(),
    )  # fmt: skip
    target = tmp_path / "a.wav"
    answer = listener.read(
        target, 180, clock=time.monotonic, shown_at=0.0, show_timer=True, narrator=None,
        menu=lambda: MenuChoice.RESUME,
        typed=lambda draft, started: Answer(draft + " (half)", menu_choice=MenuChoice.QUIT),
        keep=calls.append if kept else None,
    )  # fmt: skip
    assert answer.text == f"{HEARD.text} (half)" and answer.menu_choice is MenuChoice.QUIT
    if kept:
        assert calls == [None, HEARD]
        assert answer.audio == str(target) and target.is_file() and answer.transcript == HEARD
    else:
        assert answer.audio is None and not target.exists()

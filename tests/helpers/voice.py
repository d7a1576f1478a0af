"""What the voice tests share: skip (or, in CI, fail) without the extra, the models loaded once."""

from __future__ import annotations

import os
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

from coach.voice.stt import WhisperTranscriber
from coach.voice.tts import PanelSpeaker

REQUIRED = os.environ.get("COACH_REQUIRE_VOICE") == "1"
DATA = Path(__file__).resolve().parents[1] / "data" / "voice"
JA_WAV = DATA / "ja-forecast.wav"  # Kokoro jm_kumo, 16 kHz
JA_TEXT = "えーと、毎週パイプラインを見直して、予測の精度を高めています。"
EN_FLAC = DATA / "en-forecast.flac"  # piper joe, 22.05 kHz FLAC: resampled on reading
EN_TEXT = "Um, I review the pipeline every week to improve forecast accuracy."


def require_extra() -> None:
    """Skip the test when coach[voice] is not installed; fail instead when CI says it must be."""
    from coach.voice import components

    missing = [c.distribution for c in components() if c.version is None]
    if missing:
        message = f"coach[voice] is not installed (missing {', '.join(missing)}; see .ci/run)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class VoiceModels:
    home: Path  # a COACH_HOME whose voice/ folder holds the assembled models
    transcriber: WhisperTranscriber
    speaker: PanelSpeaker


def load_voice_models(home: Path) -> VoiceModels:
    require_extra()
    from coach.voice.models import KOKORO_FILES, WHISPER_FILES, ensure_files
    from coach.voice.tts import KokoroSpeaker

    whisper = ensure_files(home / "voice" / "whisper-base", WHISPER_FILES)
    kokoro = ensure_files(home / "voice" / "kokoro", KOKORO_FILES)
    # a generous time budget: CI machines are busy; the bound itself is tested with a fake clock
    transcriber = WhisperTranscriber(whisper, budget=lambda seconds: 600.0)
    transcriber.load()
    return VoiceModels(home, transcriber, PanelSpeaker(ja=KokoroSpeaker(kokoro)))


# the real capture path: PortAudio → ALSA → a `file` device that replays a recording
ASOUNDRC = """\
pcm.!default {{
    type asym
    playback.pcm "coach_out"
    capture.pcm "coach_in"
}}
pcm.coach_out {{
    type plug
    slave.pcm "null"
}}
pcm.coach_in {{
    type plug
    slave {{
        pcm "coach_file"
        format S16_LE
        rate 16000
        channels 1
    }}
}}
pcm.coach_file {{
    type file
    slave.pcm "null"
    file "/dev/null"
    infile "{infile}"
    format "raw"
}}
"""


def alsa_home(tmp_path: Path, recording: Path) -> Path:
    """A HOME whose microphone replays `recording` (a 16 kHz mono 16-bit WAV), then silence."""
    with wave.open(str(recording), "rb") as stream:
        assert (stream.getframerate(), stream.getnchannels()) == (16000, 1)
        raw = stream.readframes(stream.getnframes())
    home = tmp_path / "alsa-home"
    home.mkdir()
    infile = home / "mic.raw"
    infile.write_bytes(raw + bytes(2 * 16000 * 5))
    (home / ".asoundrc").write_text(ASOUNDRC.format(infile=infile), encoding="utf-8")
    return home


def require_portaudio() -> None:
    from coach.errors import CoachError
    from coach.voice.audio import sounddevice

    try:
        sounddevice()
    except CoachError as exc:
        if REQUIRED:
            pytest.fail(f"PortAudio is needed (.ci/run installs libportaudio2): {exc.key}")
        pytest.skip("PortAudio (libportaudio2) is not installed")

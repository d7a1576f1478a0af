"""The real capture path: PortAudio → ALSA → a `file` device that replays a recording.

A test HOME holds an `~/.asoundrc` whose default capture device is ALSA's `file` plugin reading
raw 16 kHz samples (`infile`), its playback the `null` device; each check runs in a fresh process
so that ALSA and PortAudio read that HOME.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from coach.voice.audio import read_audio
from tests.helpers.voice import JA_WAV, VoiceModels, alsa_home, require_portaudio

ROOT = Path(__file__).resolve().parents[1]


def _run(home: Path, coach_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HOME": str(home),
        "COACH_HOME": str(coach_home),
        "PYTHONPATH": str(ROOT),
        "LANG": "C.UTF-8",
        "COLUMNS": "120",
    }
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_microphone_records_through_alsa_to_disk(voice_models: VoiceModels, tmp_path: Path) -> None:
    """The samples arrive unchanged and land on disk at 16 kHz. (ALSA's file plugin, read the
    way PortAudio reads, drops periods further in, so only the start is compared sample by
    sample; the recogniser is tested on the files themselves in test_voice_stt.)"""
    require_portaudio()
    home = alsa_home(tmp_path, JA_WAV)
    target = tmp_path / "answer.wav"
    script = (
        "import sys\n"
        "from coach.voice.audio import MicSource, input_devices, record\n"
        "assert any(d.name == 'default' for d in input_devices())\n"
        "taken = record(MicSource(seconds=2.0), sys.argv[1])\n"
        "print(taken.seconds, taken.peak_dbfs)\n"
    )
    done = _run(home, voice_models.home, "-c", script, str(target))
    assert done.returncode == 0, done.stderr
    seconds, peak = (float(x) for x in done.stdout.split())
    assert seconds == pytest.approx(2.0) and peak > -30
    recorded, source = read_audio(target), read_audio(JA_WAV)
    assert len(recorded) == 32000
    assert np.abs(recorded[:3200] - source[:3200]).max() < 1e-4  # bit for bit


def test_voice_check_plays_and_records_through_alsa(
    voice_models: VoiceModels, tmp_path: Path
) -> None:
    require_portaudio()
    home = alsa_home(tmp_path, JA_WAV)
    done = _run(home, voice_models.home, "-m", "coach", "voice", "check", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "Playing a spoken test" in done.stdout
    assert "Recorded level: peak" in done.stdout and "(3.0 s)" in done.stdout
    assert "almost silent" not in done.stdout
    assert done.stdout.rstrip().endswith("Speech is ready.")

"""coach.voice.audio through the AudioSource interface: no device needed."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from coach.voice.audio import (
    RATE,
    FileSource,
    Frames,
    SilenceDetector,
    level_dbfs,
    read_audio,
    record,
)
from tests.helpers.voice import EN_FLAC, JA_WAV, require_extra


def _tone(seconds: float, amplitude: float = 0.5) -> Frames:
    t = np.arange(round(seconds * RATE)) / RATE
    return (amplitude * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


@dataclass
class ListSource:
    """Blocks given in advance; `fail_after` blocks then an error, like a crash mid-answer."""

    blocks: list[Frames]
    fail_after: int | None = None
    given: int = field(default=0)

    def frames(self) -> Iterator[Frames]:
        for block in self.blocks:
            if self.fail_after is not None and self.given == self.fail_after:
                raise RuntimeError("the device went away")
            self.given += 1
            yield block


def _blocks(samples: Frames, size: int = 1600) -> list[Frames]:
    return [samples[i : i + size] for i in range(0, len(samples), size)]


def _read_wav(path: Path) -> tuple[int, int, Frames]:
    with wave.open(str(path), "rb") as stream:
        data = np.frombuffer(stream.readframes(stream.getnframes()), dtype="<i2")
        return stream.getframerate(), stream.getnchannels(), data.astype(np.float32) / 32768


@pytest.mark.parametrize(
    ("amplitude", "expected"),
    [(1.0, -3.0), (0.5, -9.0), (0.01, -43.0), (0.0, -100.0)],
)
def test_level_dbfs_of_a_sine(amplitude: float, expected: float) -> None:
    assert level_dbfs(_tone(0.1, amplitude)) == pytest.approx(expected, abs=0.1)


def test_recorder_writes_16khz_wav_with_levels(tmp_path: Path) -> None:
    levels: list[tuple[float, float]] = []
    taken = record(
        ListSource(_blocks(_tone(1.0))),
        tmp_path / "a" / "answer.wav",
        on_block=lambda d, s: levels.append((d, s)),
    )
    rate, channels, data = _read_wav(taken.path)
    assert (rate, channels, len(data)) == (16000, 1, 16000)
    assert taken.seconds == pytest.approx(1.0)
    assert len(levels) == 10 and levels[-1][1] == pytest.approx(1.0)
    assert taken.peak_dbfs == pytest.approx(-9.0, abs=0.1)
    assert np.allclose(data, _tone(1.0), atol=1e-3)


def test_recorder_leaves_a_readable_file_after_every_block(tmp_path: Path) -> None:
    """Read back while recording (the process could die at any block): the header is always
    right and every block so far is in the file."""
    path = tmp_path / "answer.wav"
    lengths: list[int] = []
    record(
        ListSource(_blocks(_tone(0.5))),
        path,
        on_block=lambda d, s: lengths.append(len(_read_wav(path)[2])),
    )
    assert lengths == [1600 * n for n in range(1, 6)]


def test_recorder_keeps_what_was_heard_when_the_source_fails(tmp_path: Path) -> None:
    path = tmp_path / "answer.wav"
    with pytest.raises(RuntimeError):
        record(ListSource(_blocks(_tone(1.0)), fail_after=3), path)
    assert len(_read_wav(path)[2]) == 3 * 1600


def test_silence_after_speech_stops_the_recording(tmp_path: Path) -> None:
    quiet = np.zeros(RATE * 3, dtype=np.float32)
    source = ListSource(_blocks(np.concatenate([quiet, _tone(1.0), quiet])))
    taken = record(source, tmp_path / "a.wav", silence=SilenceDetector(seconds=1.5))
    assert taken.stopped_by_silence
    assert taken.seconds == pytest.approx(3 + 1 + 1.5)  # the silence before speaking is allowed


def test_recorder_stops_at_max_seconds_or_when_asked(tmp_path: Path) -> None:
    taken = record(ListSource(_blocks(_tone(2.0))), tmp_path / "a.wav", max_seconds=0.5)
    assert taken.seconds == pytest.approx(0.5) and not taken.stopped_by_silence
    asked = iter([False, True])
    taken = record(
        ListSource(_blocks(_tone(2.0))), tmp_path / "b.wav", should_stop=lambda: next(asked)
    )
    assert taken.seconds == pytest.approx(0.2)


@pytest.mark.parametrize(("path", "seconds"), [(JA_WAV, 4.8), (EN_FLAC, 4.13)])
def test_file_source_reads_wav_and_flac_at_16khz(path: Path, seconds: float) -> None:
    require_extra()
    blocks = list(FileSource(path).frames())
    assert all(len(b) == 1600 for b in blocks[:-1]) and blocks[0].dtype == np.float32
    total = sum(len(b) for b in blocks)
    assert total / RATE == pytest.approx(seconds, abs=0.01)
    assert max(level_dbfs(b) for b in blocks) > -20


def test_file_source_refuses_a_missing_or_unreadable_file(tmp_path: Path) -> None:
    require_extra()
    from coach.errors import CoachError

    with pytest.raises(CoachError) as raised:
        read_audio(tmp_path / "none.wav")
    assert raised.value.key == "voice.audio_missing"
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF nonsense")
    with pytest.raises(CoachError) as raised:
        read_audio(bad)
    assert raised.value.key == "voice.audio_unreadable"

"""Audio in and out: sources of 16 kHz mono frames (a file, the microphone), a recorder that puts
each block on disk as it arrives, a level per block, a silence detector, and playback.

Everything the sessions and tests handle is a stream of float32 blocks at 16 kHz; only `MicSource`
and `play` touch a device (sounddevice, imported inside them).
"""

from __future__ import annotations

import math
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from coach.errors import CoachError

RATE = 16_000  # what Whisper hears and what recordings are stored at
BLOCK = 1_600  # 0.1 s
SILENCE_DBFS = -45.0  # quieter than this counts as silence (room noise sits around -60)
FLOOR_DBFS = -100.0

Frames = npt.NDArray[np.float32]


class AudioSource(Protocol):
    """Anything that yields 16 kHz mono float32 blocks in [-1, 1] until it ends (or is closed)."""

    def frames(self) -> Iterator[Frames]: ...


def read_audio(path: str | Path, rate: int = RATE) -> Frames:
    """A WAV or FLAC file (any sample rate, any channels) as mono float32 at `rate`."""
    from faster_whisper.audio import decode_audio

    if not Path(path).is_file():
        raise CoachError("voice.audio_missing", path=path)
    try:
        samples = decode_audio(str(path), sampling_rate=rate)
    except Exception as exc:  # PyAV raises its own error types for unreadable files
        raise CoachError("voice.audio_unreadable", path=path, problem=type(exc).__name__) from None
    return np.asarray(samples, dtype=np.float32)


@dataclass
class FileSource:
    """A recorded answer (WAV/FLAC, any rate), resampled to 16 kHz and cut into blocks."""

    path: str | Path
    block: int = BLOCK

    def frames(self) -> Iterator[Frames]:
        samples = read_audio(self.path)
        for start in range(0, len(samples), self.block):
            yield samples[start : start + self.block]


@dataclass
class MicSource:
    """The microphone (or the named input device) through sounddevice, until `seconds` or the
    consumer stops iterating."""

    device: int | str | None = None
    block: int = BLOCK
    seconds: float | None = None

    def frames(self) -> Iterator[Frames]:
        import queue

        sd = sounddevice()
        if not input_devices():
            raise CoachError("voice.no_input_device")
        blocks: queue.Queue[Frames] = queue.Queue()

        def collect(
            data: npt.NDArray[np.float32], count: int, time: object, status: object
        ) -> None:
            blocks.put(data[:, 0].copy())

        wanted = None if self.seconds is None else round(self.seconds * RATE)
        got = 0
        try:
            stream = sd.InputStream(
                samplerate=RATE,
                channels=1,
                dtype="float32",
                blocksize=self.block,
                device=self.device,
                callback=collect,
            )
        except sd.PortAudioError as exc:
            raise CoachError("voice.device_error", problem=str(exc)) from None
        with stream:
            while wanted is None or got < wanted:
                try:
                    block = blocks.get(timeout=5)
                except queue.Empty:
                    raise CoachError("voice.device_error", problem="no audio") from None
                if wanted is not None:
                    block = block[: wanted - got]
                got += len(block)
                yield block


def sounddevice() -> Any:
    """The sounddevice module; a one-line CoachError when it or PortAudio is missing."""
    try:
        import sounddevice as sd
    except ImportError:
        from coach.voice import INSTALL

        raise CoachError("voice.missing_extra", command=INSTALL, missing="sounddevice") from None
    except OSError:  # the Linux wheel needs the system's PortAudio
        raise CoachError("voice.no_portaudio") from None
    return sd


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    inputs: int
    outputs: int
    default_rate: float


def devices() -> list[Device]:
    """Every audio device PortAudio sees (empty in most containers)."""
    sd = sounddevice()
    found = sd.query_devices()
    return [
        Device(
            i,
            str(d["name"]),
            int(d["max_input_channels"]),
            int(d["max_output_channels"]),
            float(d["default_samplerate"]),
        )
        for i, d in enumerate(found)
    ]


def input_devices() -> list[Device]:
    return [d for d in devices() if d.inputs > 0]


def output_devices() -> list[Device]:
    return [d for d in devices() if d.outputs > 0]


def level_dbfs(block: Frames) -> float:
    """The block's loudness: RMS in dB below full scale (floored at -100)."""
    if len(block) == 0:
        return FLOOR_DBFS
    rms = math.sqrt(float(np.mean(np.square(block, dtype=np.float64))))
    return max(FLOOR_DBFS, 20 * math.log10(rms)) if rms > 0 else FLOOR_DBFS


@dataclass
class SilenceDetector:
    """Says when `seconds` of silence have followed speech (silence before the first word does not
    count: thinking before answering is allowed)."""

    seconds: float
    threshold_dbfs: float = SILENCE_DBFS
    heard_speech: bool = False
    quiet: float = 0.0

    def feed(self, block: Frames) -> bool:
        """True once the answer is over."""
        if level_dbfs(block) > self.threshold_dbfs:
            self.heard_speech, self.quiet = True, 0.0
        elif self.heard_speech:
            self.quiet += len(block) / RATE
        return self.heard_speech and self.quiet >= self.seconds


@dataclass(frozen=True)
class Recording:
    path: Path
    seconds: float
    peak_dbfs: float  # the loudest block's level
    stopped_by_silence: bool


def record(
    source: AudioSource,
    path: str | Path,
    *,
    on_block: Callable[[float, float], None] | None = None,
    silence: SilenceDetector | None = None,
    max_seconds: float | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Recording:
    """Write the source's blocks to a 16 kHz 16-bit mono WAV, flushing the file (header included)
    after every block so that a crash keeps everything heard so far. `on_block(dbfs, seconds)`
    after each block: the level meter and the clock."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    samples = 0
    peak = FLOOR_DBFS
    by_silence = False
    with target.open("wb") as raw, wave.open(raw, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"")  # a valid (empty) file from the start
        raw.flush()
        for block in source.frames():
            pcm = (np.clip(block, -1.0, 1.0) * 32767).astype("<i2")
            out.writeframes(pcm.tobytes())  # also rewrites the header's lengths
            raw.flush()
            samples += len(block)
            level = level_dbfs(block)
            peak = max(peak, level)
            if on_block is not None:
                on_block(level, samples / RATE)
            if silence is not None and silence.feed(block):
                by_silence = True
                break
            if max_seconds is not None and samples >= max_seconds * RATE:
                break
            if should_stop is not None and should_stop():
                break
    return Recording(target, samples / RATE, peak, by_silence)


def write_wav(path: str | Path, samples: Frames, rate: int) -> Path:
    """Mono float32 audio as a 16-bit WAV file."""
    target = Path(path)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return target


def play(samples: Frames, rate: int, device: int | str | None = None) -> None:
    """Play mono float32 audio on the output device and wait until it has been heard."""
    sd = sounddevice()
    if not output_devices():
        raise CoachError("voice.no_output_device")
    sd.play(samples, rate, device=device)
    sd.wait()


def stop_playback() -> None:
    """Cut off whatever `play` is playing (its wait then returns at once)."""
    sounddevice().stop()

"""coach.voice.stt: Whisper reads the committed recordings; decoding time is bounded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from coach.voice.stt import FILLER_PROMPTS, TranscriptionTimeout, WhisperTranscriber
from coach.voice.transcript import error_rate
from tests.helpers.voice import EN_FLAC, EN_TEXT, JA_TEXT, JA_WAV, VoiceModels


@pytest.mark.parametrize(
    ("path", "lang", "text", "tolerance", "filler"),
    [(JA_WAV, "ja", JA_TEXT, 0.15, None), (EN_FLAC, "en", EN_TEXT, 0.1, "um")],
    ids=["ja-wav", "en-flac"],
)
def test_whisper_transcribes_the_recordings(
    voice_models: VoiceModels,
    path: Path,
    lang: str,
    text: str,
    tolerance: float,
    filler: str | None,
) -> None:
    heard = voice_models.transcriber.transcribe(str(path), lang)
    assert heard.lang == lang
    assert error_rate(text, heard.text, lang) <= tolerance, heard.text
    assert heard.duration == pytest.approx(4.8 if lang == "ja" else 4.13, abs=0.01)
    starts = [w.start for w in heard.words]
    assert len(heard.words) >= 8 and starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= heard.duration + 0.1 for w in heard.words)
    if filler:  # primed with fillers, Whisper keeps them: the delivery measures count them
        assert heard.words[0].text.lower().strip(",") == filler


@pytest.mark.parametrize(
    ("question", "invented"), [("turnaround", "さようなら"), ("pricing-discipline", "はい")]
)
def test_whisper_does_not_invent_a_closing_word(
    voice_models: VoiceModels, sales_pack: Any, question: str, invented: str
) -> None:
    """Kokoro's reading of these questions made Whisper add a last word in the final 0.2 s."""
    text = sales_pack.find(question).text.get("ja")
    spoken = voice_models.speaker.synthesize(text, "ja", 0)
    heard = voice_models.transcriber.transcribe_samples(_to_16k(spoken.samples, spoken.rate), "ja")
    assert not heard.text.endswith(invented), heard.text
    assert heard.text.endswith("ください。"), heard.text


class _ScriptedModel:
    def __init__(self, segments: list[_Segment]) -> None:
        self.segments = segments

    def transcribe(self, samples: Any, **options: Any) -> tuple[Iterator[_Segment], None]:
        return iter(self.segments), None


def test_whisper_drops_segments_it_made_up() -> None:
    transcriber = WhisperTranscriber(Path("unused"))
    transcriber._model = _ScriptedModel(
        [
            _Segment(" 経験について教えてください。", 4.98, 0.0),
            _Segment(" さぁ、さぁ、さぁ、さぁ、さぁ", 3.0, 2.0, compression_ratio=9.0),
            _Segment(" さようなら", 5.16, 5.0),  # within the last 0.3 s of 5.2 s
        ]
    )
    heard = transcriber.transcribe_samples(np.zeros(16000 * 52 // 10, dtype=np.float32), "ja")
    assert heard.text == "経験について教えてください。"


def _to_16k(samples: Any, rate: int) -> Any:
    count = round(len(samples) * 16000 / rate)
    return np.interp(np.linspace(0, len(samples) - 1, count), np.arange(len(samples)), samples)


@dataclass
class _Segment:
    text: str
    end: float
    start: float = 0.0
    compression_ratio: float = 1.2
    words: tuple[Any, ...] = ()


class _LoopingModel:
    """Stands in for a Whisper model stuck on garbage audio: a segment per step, forever."""

    def __init__(self) -> None:
        self.options: dict[str, Any] = {}

    def transcribe(self, samples: Any, **options: Any) -> tuple[Iterator[_Segment], None]:
        self.options = options

        def forever() -> Iterator[_Segment]:
            n = 0
            while True:
                n += 1
                yield _Segment(" ありがとうございました", n * 0.5, (n - 1) * 0.5)

        return forever(), None


def test_whisper_decode_time_is_bounded() -> None:
    now = [0.0]

    def clock() -> float:
        now[0] += 3.0  # each segment costs 3 s of wall clock
        return now[0]

    transcriber = WhisperTranscriber(Path("unused"), clock=clock)
    model = _LoopingModel()
    transcriber._model = model
    with pytest.raises(TranscriptionTimeout) as raised:
        transcriber.transcribe_samples(np.zeros(16000 * 4, dtype=np.float32), "ja")
    # budget max(20, 2 x 4 s) = 20 s: stopped after the seventh segment (21 s)
    assert raised.value.partial.text == "ありがとうございました" * 7
    assert raised.value.partial.duration == 3.5  # as far as the segments got
    assert "20" in raised.value.render("en") and "20" in raised.value.render("ja")
    assert model.options["initial_prompt"] == FILLER_PROMPTS["ja"]
    assert model.options["condition_on_previous_text"] is False
    assert model.options["word_timestamps"] is True
    assert model.options["language"] == "ja" and model.options["vad_filter"] is True
    assert model.options["no_speech_threshold"] == 0.5

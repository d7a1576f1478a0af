"""coach.voice.stt: Whisper reads the committed recordings; decoding time is bounded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from coach.voice.stt import FILLER_PROMPTS, TranscriptionTimeout, WhisperTranscriber
from tests.voice_support import EN_FLAC, EN_TEXT, JA_TEXT, JA_WAV, VoiceModels, error_rate


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


@dataclass
class _Segment:
    text: str
    end: float
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
                yield _Segment(" ありがとうございました", n * 2.0)

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
    # budget max(20, 2 x 4 s) = 20 s: stopped after the seventh segment (21 s); the partial
    # transcript ends with the audio (4 s), not with the looping segments' made-up times
    assert raised.value.partial.text == "ありがとうございました" * 7
    assert raised.value.partial.duration == 4.0
    assert "20" in raised.value.render("en") and "20" in raised.value.render("ja")
    assert model.options["initial_prompt"] == FILLER_PROMPTS["ja"]
    assert model.options["condition_on_previous_text"] is False
    assert model.options["word_timestamps"] is True
    assert model.options["language"] == "ja" and model.options["vad_filter"] is True

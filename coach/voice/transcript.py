"""What a transcription returns: the text and, per word, when it was spoken.

This is the one shape shared by the recogniser (`coach.voice.stt`), the speech-delivery measures
(`coach.voice.delivery`) and the sessions that store a spoken answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Word:
    """One recognised word (en) or token (ja); times in seconds from the start of the audio."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Transcript:
    """The recogniser's reading of one answer's audio."""

    text: str
    lang: str  # "ja" | "en"
    duration: float  # length of the audio, seconds
    words: tuple[Word, ...] = field(default_factory=tuple)


class Transcriber(Protocol):
    """Anything that turns an audio file into a `Transcript` (the real one, or a test's fake)."""

    def transcribe(self, audio: str, lang: str) -> Transcript: ...


def error_rate(expected: str, heard: str, lang: str) -> float:
    """CER (ja, punctuation and spaces ignored) or WER (en, case and punctuation ignored)."""
    import re

    from rapidfuzz.distance import Levenshtein

    if lang == "ja":
        a, b = (re.sub(r"[\s、。,.!?！？]", "", s) for s in (expected, heard))
        return Levenshtein.distance(a, b) / max(1, len(a))
    x, y = (re.sub(r"[^\w\s']", "", s.lower()).split() for s in (expected, heard))
    return Levenshtein.distance(x, y) / max(1, len(x))

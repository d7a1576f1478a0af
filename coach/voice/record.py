"""A spoken answer's record: its transcript as the store keeps it, and its evaluation."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from coach.scoring.advice import speech_advice
from coach.scoring.evaluation import Evaluation
from coach.voice.delivery import measure
from coach.voice.transcript import Transcript, Word

MAX_IMPROVEMENTS = 3  # as the scorer gives: speech advice takes the last places, never all


def transcript_to_dict(transcript: Transcript) -> dict[str, Any]:
    """The transcript as JSON data (`Store.save_answer`/`set_transcript` keep it)."""
    return {
        "text": transcript.text,
        "lang": transcript.lang,
        "duration": transcript.duration,
        "words": [[w.text, w.start, w.end] for w in transcript.words],
    }


def transcript_from_dict(data: dict[str, Any]) -> Transcript:
    """The transcript back from `transcript_to_dict`'s data; ValueError when it is not one."""
    try:
        words = tuple(
            Word(str(text), float(start), float(end)) for text, start, end in data["words"]
        )
        transcript = Transcript(
            str(data["text"]), str(data["lang"]), float(data["duration"]), words
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError("not a stored transcript") from exc
    times = [transcript.duration, *(t for w in words for t in (w.start, w.end))]
    if not all(math.isfinite(t) for t in times):
        raise ValueError("not a stored transcript")
    return transcript


def spoken(
    evaluation: Evaluation,
    transcript: Transcript,
    ui: str,
    before_recording: float | None = None,
) -> Evaluation:
    """`evaluation` of an answer given by voice: with what was heard, how it was delivered, and
    advice on pace and fillers when they call for it."""
    speech = measure(transcript, before_recording)
    extra = speech_advice(speech, ui)[: MAX_IMPROVEMENTS - 1]
    improvements = evaluation.improvements[: MAX_IMPROVEMENTS - len(extra)] + extra
    return replace(
        evaluation,
        transcript=transcript.text,
        delivery=replace(evaluation.delivery, speech=speech),
        improvements=improvements,
    )

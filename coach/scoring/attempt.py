"""What a scorer judges: one answer to one question, and how it was given."""

from __future__ import annotations

from dataclasses import dataclass

from coach.packs.model import Question


@dataclass(frozen=True)
class Attempt:
    """The input of every backend's `score`, built in and plugged in alike."""

    question: Question
    text: str  # as typed
    lang: str | None = None  # the language it is written in; None: read from the text
    seconds: float | None = None  # how long the answer took; None: not measured
    budget: int | None = None  # the seconds it was given

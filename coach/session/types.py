"""What the sessions and their terminals (or test scripts) hand each other."""

from __future__ import annotations

from dataclasses import dataclass

from coach.session.choices import MenuChoice
from coach.voice.transcript import Transcript


@dataclass
class Answer:
    """What the candidate submitted, with timings. `text is None` means they quit."""

    text: str | None
    thinking_seconds: float | None = None  # None: not measured (an answer from a file)
    answer_seconds: float | None = None
    menu_choice: MenuChoice | None = None  # what the candidate picked instead of answering
    # a spoken answer: the recording (already on disk), what the recogniser heard before the
    # candidate corrected it into `text`, and the seconds between the question and recording
    audio: str | None = None
    transcript: Transcript | None = None
    before_recording: float | None = None


@dataclass(frozen=True)
class SessionClock:
    """The panel's clock for the toolbar, in seconds: the UI formats it."""

    elapsed: float
    total: float

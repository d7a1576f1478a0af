"""What the candidate can choose instead of answering, and after feedback.

The terminal reads a key and hands back one of these; the sessions never see a key or a label."""

from __future__ import annotations

from enum import StrEnum


class MenuChoice(StrEnum):
    """The pause menu (Ctrl-C while answering) and the empty-answer question."""

    RESUME = "resume"  # back to the answer, text and clock kept (never leaves the terminal)
    SKIP = "skip"  # no answer to this question
    END = "end"  # end the session now: what was typed is submitted and scored
    QUIT = "quit"  # stop; practice keeps the text as a draft for --resume


class NextStep(StrEnum):
    """The drill's menu after feedback."""

    RETRY = "retry"
    MODEL = "model"  # show the model answer, then ask again
    FOLLOW = "follow"  # answer the follow-up question
    QUIT = "quit"

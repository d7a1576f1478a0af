"""What the store hands out: sessions, answers and drafts as dataclasses, built from rows."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from coach.scoring.evaluation import Evaluation


class SessionKind(StrEnum):
    PRACTICE = "practice"
    DRILL = "drill"


class SessionStatus(StrEnum):
    ACTIVE = "active"  # running, or stopped and resumable
    FINISHED = "finished"
    ABANDONED = "abandoned"  # allowed by the schema; no command writes it today


class AnswerKind(StrEnum):
    MAIN = "main"
    FOLLOW_UP = "follow_up"


@dataclass
class SessionRow:
    id: str
    kind: SessionKind
    pack_id: str
    pack_version: str
    pack_source: str
    lang: str
    backend: str
    model: str | None
    started_at: str
    ended_at: str | None
    status: SessionStatus
    plan: dict[str, Any]
    seconds_used: float = 0.0  # session clock at the last save: a resume continues from it


@dataclass
class DraftRow:
    """Text typed for a question before "quit": offered back on --resume, never scored. A
    spoken answer is a draft from the moment its recording ends until it is submitted: then it
    holds the recording and, once heard, what the recogniser heard (JSON data)."""

    question_id: str
    question_text: str
    parent_id: int | None
    text: str
    audio_path: str | None = None
    transcript: dict[str, Any] | None = None


@dataclass
class AnswerRow:
    id: int
    session_id: str
    position: int
    question_id: str
    parent_id: int | None
    kind: AnswerKind
    question_text: str
    lang: str
    text: str
    thinking_seconds: float | None
    answer_seconds: float | None
    budget_seconds: int | None
    skipped: bool
    submitted_at: str
    evaluation: Evaluation | None = None
    audio_path: str | None = None  # a spoken answer's recording
    transcript: dict[str, Any] | None = None  # what the recogniser heard, as JSON data


def _session(row: sqlite3.Row) -> SessionRow:
    data = dict(row)
    try:
        data["plan"] = json.loads(data["plan"] or "{}")
        data["kind"], data["status"] = SessionKind(data["kind"]), SessionStatus(data["status"])
        return SessionRow(**data)
    except (ValueError, KeyError, TypeError) as exc:
        raise sqlite3.DatabaseError("malformed session row") from exc


def _draft(row: sqlite3.Row) -> DraftRow:
    data = dict(row)
    try:
        if data.get("transcript") is not None:
            data["transcript"] = json.loads(data["transcript"])
            if not isinstance(data["transcript"], dict):
                raise ValueError("a transcript is an object")
        return DraftRow(**data)
    except (ValueError, KeyError, TypeError) as exc:
        raise sqlite3.DatabaseError("malformed draft row") from exc


def _answer(row: sqlite3.Row) -> AnswerRow:
    data = dict(row)
    raw = data.pop("evaluation", None)
    data["skipped"] = bool(data["skipped"])
    try:
        data["kind"] = AnswerKind(data["kind"])
        if data.get("transcript") is not None:
            data["transcript"] = json.loads(data["transcript"])
            if not isinstance(data["transcript"], dict):
                raise ValueError("a transcript is an object")
        answer = AnswerRow(**data)
        if raw:
            answer.evaluation = Evaluation.from_dict(json.loads(raw))
    except (ValueError, KeyError, TypeError) as exc:
        raise sqlite3.DatabaseError("malformed answer row") from exc
    return answer

"""The schema as an append-only list of small named migrations.

`PRAGMA user_version` records how many have run; a new schema change is a new function at the end
of `MIGRATIONS`, never an edit of an old one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Statements one by one: executescript() would commit the migration's transaction.

    A statement ends where sqlite3 says it is complete, not at every ";": a ";" inside a string
    literal, a comment or a trigger body belongs to its statement."""
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):  # this ";" ends it (not one in a literal)
            if not _blank(statement):
                db.execute(statement)
            statement = ""
    if not _blank(statement[:-1]):  # unfinished (an open literal or trigger): sqlite3 says so
        db.execute(statement[:-1])


def _blank(sql: str) -> bool:
    """Only whitespace, ";" and `--` comments: nothing to execute."""
    lines = (line.strip().lstrip(";").strip() for line in sql.splitlines())
    return all(not line or line.startswith("--") for line in lines)


def _m1_initial(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,              -- practice | drill
            pack_id TEXT NOT NULL,
            pack_version TEXT NOT NULL,
            pack_source TEXT NOT NULL,
            lang TEXT NOT NULL,
            backend TEXT NOT NULL,
            model TEXT,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL DEFAULT 'active',  -- active | finished | abandoned
            plan TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            position INTEGER NOT NULL,
            question_id TEXT NOT NULL,
            parent_id INTEGER REFERENCES answers(id),
            kind TEXT NOT NULL,              -- main | follow_up
            question_text TEXT NOT NULL,
            lang TEXT NOT NULL,
            text TEXT NOT NULL,
            thinking_seconds REAL,
            answer_seconds REAL,
            budget_seconds INTEGER,
            skipped INTEGER NOT NULL DEFAULT 0,
            submitted_at TEXT NOT NULL
        );
        CREATE INDEX answers_session ON answers(session_id, position);
        CREATE TABLE evaluations (
            answer_id INTEGER PRIMARY KEY REFERENCES answers(id),
            overall REAL NOT NULL,
            backend TEXT NOT NULL,
            data TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """,
    )


def _m2_question_index(db: sqlite3.Connection) -> None:
    db.execute("CREATE INDEX answers_question ON answers(question_id)")


def _m3_drafts_and_clock(db: sqlite3.Connection) -> None:
    """Text typed before "quit" is a draft, not an answer; the session clock survives a quit."""
    _run_script(
        db,
        """
        ALTER TABLE sessions ADD COLUMN seconds_used REAL NOT NULL DEFAULT 0;
        CREATE TABLE drafts (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            question_id TEXT NOT NULL,
            question_text TEXT NOT NULL,
            parent_id INTEGER REFERENCES answers(id),
            text TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (session_id, question_id)
        );
        """,
    )


def _m4_spoken_answers(db: sqlite3.Connection) -> None:
    """A spoken answer keeps its audio file's path and what the recogniser heard (JSON)."""
    _run_script(
        db,
        """
        ALTER TABLE answers ADD COLUMN audio_path TEXT;
        ALTER TABLE answers ADD COLUMN transcript TEXT;
        """,
    )


def _m5_draft_recordings(db: sqlite3.Connection) -> None:
    """A spoken answer is kept as its question's draft the moment its recording ends: the draft
    holds the recording's path and, once heard, the transcript (JSON), until it is submitted."""
    _run_script(
        db,
        """
        ALTER TABLE drafts ADD COLUMN audio_path TEXT;
        ALTER TABLE drafts ADD COLUMN transcript TEXT;
        """,
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _m1_initial,
    _m2_question_index,
    _m3_drafts_and_clock,
    _m4_spoken_answers,
    _m5_draft_recordings,
)

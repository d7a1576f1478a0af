"""History in SQLite: sessions, answers (committed before scoring) and their evaluations.

The schema is built by the migrations in `migrations.py`; the rows come back as the dataclasses of
`rows.py`. WAL and a busy timeout let a report run while a practice session writes.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from coach.errors import CoachError
from coach.paths import data_dir
from coach.scoring.evaluation import Evaluation
from coach.store.migrations import MIGRATIONS, _run_script
from coach.store.rows import (
    AnswerKind,
    AnswerRow,
    DraftRow,
    SessionKind,
    SessionRow,
    SessionStatus,
    _answer,
    _draft,
    _session,
)
from coach.unicode import valid_unicode

__all__ = [
    "DB_NAME",
    "MIGRATIONS",
    "AnswerKind",
    "AnswerRow",
    "DraftRow",
    "SessionKind",
    "SessionRow",
    "SessionStatus",
    "Store",
    "_run_script",  # the migration tests import it from here
    "failure",
    "now",
]

DB_NAME = "coach.db"
# the fewest "?" one statement may hold (SQLite before 3.32): more ids take another query
MAX_SQL_VARIABLES = 999


def _json_or_null(data: dict[str, Any] | None) -> str | None:
    return None if data is None else valid_unicode(json.dumps(data, ensure_ascii=False))


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def failure(exc: Exception, path: Path) -> CoachError:
    """One clear error for a database problem: damaged, read-only, full, or cannot open."""
    if isinstance(exc, OSError):
        return CoachError("store.unavailable", path=str(path), error=exc)
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    message = str(exc).lower()
    cannot_write = "unable to open" in message and path.is_file()
    if cannot_write and not os.access(path.parent, os.W_OK):
        return CoachError("store.read_only", path=str(path))  # a WAL file beside it is needed
    if name.startswith("SQLITE_READONLY") or "readonly" in message:
        return CoachError("store.read_only", path=str(path))
    if name == "SQLITE_FULL" or "is full" in message:
        return CoachError("store.full", path=str(path))
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or any(
        s in message for s in ("malformed", "not a database", "could not decode")
    ):
        return CoachError("store.damaged", path=str(path))
    return CoachError("store.unavailable", path=str(path), error=str(exc))


F = TypeVar("F", bound=Callable[..., Any])


def _guarded(method: F) -> F:
    """A database error inside `method` becomes one CoachError naming the file."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, OSError) as exc:
            raise failure(exc, self.path) from None

    return wrapper  # type: ignore[return-value]


class Store:
    """One connection per thread; every write is its own committed transaction.

    With `read_only_ok`, a database that cannot be written (a read-only home) is opened for
    reading instead and `read_only` is set, so history and reports still work."""

    def __init__(self, path: Path | None = None, *, read_only_ok: bool = False) -> None:
        self.path = path or data_dir() / DB_NAME
        self.read_only = False
        self._empty = False  # read-only with no file yet: an empty history in memory
        self._local = threading.local()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.check()
            self.migrate()
        except CoachError:
            self.close()
            raise
        except (OSError, sqlite3.Error) as exc:
            error = failure(exc, self.path)
            self.close()
            if not read_only_ok or error.key == "store.damaged":
                raise error from None
            self.read_only, self._empty = True, not self.path.is_file()
            try:
                self.check()
                self.db.execute("SELECT count(*) FROM sessions").fetchone()
            except (OSError, sqlite3.Error) as again:
                raise failure(again, self.path) from None

    def check(self) -> None:
        """Refuse a damaged database before anything is written to it (`coach doctor` mends)."""
        found = self.db.execute("PRAGMA quick_check").fetchone()[0]
        if found != "ok":
            raise CoachError("store.damaged", path=str(self.path))

    @property
    def db(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            if self.read_only:
                # immutable: no -shm or -wal is needed (or made) beside a file we cannot write
                uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
                conn = sqlite3.connect(":memory:" if self._empty else uri, uri=not self._empty)
                conn.row_factory = sqlite3.Row
                self._local.conn = conn
                for migration in MIGRATIONS if self._empty else ():
                    migration(conn)
                return conn
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            self._local.conn = conn
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")  # an answer on disk means on disk
            conn.execute("PRAGMA foreign_keys = ON")
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if db.in_transaction:  # SQLite may have rolled back already (a full disk)
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def migrate(self) -> None:
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for index, migration in enumerate(MIGRATIONS[version:], start=version + 1):
                migration(db)
                db.execute(f"PRAGMA user_version = {index}")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- sessions ------------------------------------------------------------------------
    @_guarded
    def start_session(
        self,
        kind: SessionKind,
        pack_id: str,
        pack_version: str,
        pack_source: str,
        lang: str,
        backend: str,
        model: str | None,
        plan: dict[str, Any] | None = None,
    ) -> str:
        # a short id to type: the second it started and 4 hex digits; two sessions started in
        # the same second can draw the same digits, so a clash draws again (unique in SQL)
        for _ in range(20):
            session_id = datetime.now().strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:4]
            try:
                with self.transaction() as db:
                    db.execute(
                        "INSERT INTO sessions (id, kind, pack_id, pack_version, pack_source, "
                        "lang, backend, model, started_at, plan) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (
                            session_id,
                            kind,
                            pack_id,
                            pack_version,
                            pack_source,
                            lang,
                            backend,
                            model,
                            now(),
                            json.dumps(plan or {}, ensure_ascii=False),
                        ),
                    )
                return session_id
            except sqlite3.IntegrityError:
                if self.session(session_id) is None:
                    raise  # not a clash of ids: let the guard report it
        raise sqlite3.IntegrityError("no free session id")

    @_guarded
    def end_session(self, session_id: str, status: SessionStatus = SessionStatus.FINISHED) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?",
                (status, now(), session_id),
            )

    @_guarded
    def set_seconds_used(self, session_id: str, seconds: float) -> None:
        with self.transaction() as db:
            db.execute("UPDATE sessions SET seconds_used = ? WHERE id = ?", (seconds, session_id))

    @_guarded
    def session(self, session_id: str) -> SessionRow | None:
        row = self.db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return _session(row) if row else None

    @_guarded
    def sessions(
        self,
        kind: SessionKind | None = None,
        limit: int = 1000,
        *,
        answered: bool = False,
        status: SessionStatus | None = None,
    ) -> list[SessionRow]:
        """Newest first; with `answered`, only sessions holding at least one answer that was
        neither skipped nor blank (a drill quit or a panel ended at once leaves none)."""
        where: list[str] = []
        args: tuple[Any, ...] = ()
        if kind:
            where.append("kind = ?")
            args += (kind,)
        if status is not None:
            where.append("status = ?")
            args += (status,)
        if answered:
            where.append(
                "EXISTS (SELECT 1 FROM answers a WHERE a.session_id = sessions.id "
                "AND a.skipped = 0 AND trim(a.text, ' \t\r\n') <> '')"
            )
        sql = "SELECT * FROM sessions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY started_at DESC, rowid DESC LIMIT ?"
        return [_session(r) for r in self.db.execute(sql, (*args, limit))]

    def latest_session(
        self,
        kind: SessionKind | None = None,
        status: SessionStatus | None = None,
        *,
        answered: bool = False,
    ) -> SessionRow | None:
        """The newest session that matches, chosen by SQLite: one row is read, not the history."""
        found = self.sessions(kind, limit=1, answered=answered, status=status)
        return found[0] if found else None

    # -- forgetting ----------------------------------------------------------------------
    @_guarded
    def delete_sessions(
        self, *, ids: list[str] | None = None, before: str | None = None
    ) -> tuple[int, int]:
        """Delete sessions (by id, or every one started before the ISO time `before`, or all
        when neither is given) with their answers and evaluations; returns (sessions, answers).
        The file is then vacuumed so what was deleted does not linger in free pages or the WAL."""
        if ids is not None:
            where, args = f"id IN ({','.join('?' * len(ids))})", tuple(ids)
        elif before is not None:
            where, args = "started_at < ?", (before,)
        else:
            where, args = "1", ()
        chosen = f"SELECT id FROM sessions WHERE {where}"
        self.db.execute("PRAGMA secure_delete = ON")  # off in some SQLite builds
        with self.transaction() as db:
            answers = db.execute(
                f"SELECT count(*) FROM answers WHERE session_id IN ({chosen})", args
            ).fetchone()[0]
            db.execute(
                "DELETE FROM evaluations WHERE answer_id IN (SELECT id FROM answers "
                f"WHERE session_id IN ({chosen}))",
                args,
            )
            # follow-ups point at their main answer: remove them first
            db.execute(
                f"DELETE FROM answers WHERE session_id IN ({chosen}) AND parent_id IS NOT NULL",
                args,
            )
            db.execute(f"DELETE FROM drafts WHERE session_id IN ({chosen})", args)
            db.execute(f"DELETE FROM answers WHERE session_id IN ({chosen})", args)
            sessions = db.execute(f"DELETE FROM sessions WHERE {where}", args).rowcount
        if sessions:
            self.db.execute("VACUUM")
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(sessions), int(answers)

    # -- answers -------------------------------------------------------------------------
    @_guarded
    def save_answer(
        self,
        session_id: str,
        question_id: str,
        question_text: str,
        lang: str,
        text: str,
        *,
        kind: AnswerKind = AnswerKind.MAIN,
        parent_id: int | None = None,
        thinking_seconds: float | None = None,
        answer_seconds: float | None = None,
        budget_seconds: int | None = None,
        skipped: bool = False,
        audio_path: str | None = None,
        transcript: dict[str, Any] | None = None,
    ) -> int:
        """Commit the answer (before anything else happens to it); returns its id. A spoken
        answer gives its audio file (`transcript` may follow with `set_transcript`)."""
        text, question_text = valid_unicode(text), valid_unicode(question_text)
        with self.transaction() as db:
            position = db.execute(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM answers WHERE session_id = ?",
                (session_id,),
            ).fetchone()[0]
            cursor = db.execute(
                "INSERT INTO answers (session_id, position, question_id, parent_id, kind, "
                "question_text, lang, text, thinking_seconds, answer_seconds, budget_seconds, "
                "skipped, submitted_at, audio_path, transcript) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    session_id,
                    position,
                    question_id,
                    parent_id,
                    kind,
                    question_text,
                    lang,
                    text,
                    thinking_seconds,
                    answer_seconds,
                    budget_seconds,
                    int(skipped),
                    now(),
                    audio_path,
                    _json_or_null(transcript),
                ),
            )
            return int(cursor.lastrowid or 0)

    @_guarded
    def set_transcript(
        self, answer_id: int, transcript: dict[str, Any], text: str | None = None
    ) -> None:
        """Keep what the recogniser heard for an answer's audio (and, given `text`, make it the
        answer's text: an answer saved as audio alone before transcription)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE answers SET transcript = ?, text = COALESCE(?, text) WHERE id = ?",
                (
                    _json_or_null(transcript),
                    None if text is None else valid_unicode(text),
                    answer_id,
                ),
            )

    @_guarded
    def complete_answer(
        self,
        answer_id: int,
        text: str,
        *,
        thinking_seconds: float | None,
        answer_seconds: float | None,
        audio_path: str | None,
        transcript: dict[str, Any] | None,
    ) -> None:
        """Finish an answer committed as its recording alone (before it was transcribed): the
        same row gains the corrected text, the timings and what was heard; no second row."""
        with self.transaction() as db:
            db.execute(
                "UPDATE answers SET text = ?, thinking_seconds = ?, answer_seconds = ?, "
                "audio_path = ?, transcript = ? WHERE id = ?",
                (
                    valid_unicode(text),
                    thinking_seconds,
                    answer_seconds,
                    audio_path,
                    _json_or_null(transcript),
                    answer_id,
                ),
            )

    @_guarded
    def drop_answer(self, answer_id: int) -> None:
        """Take back an answer nothing was made of yet (a spoken one the candidate quit while
        correcting): the row and any evaluation go."""
        with self.transaction() as db:
            db.execute("DELETE FROM evaluations WHERE answer_id = ?", (answer_id,))
            db.execute("DELETE FROM answers WHERE id = ?", (answer_id,))

    @_guarded
    def forget_audio(self, answer_id: int) -> None:
        """The recording was deleted (`--no-keep-audio`): the row no longer points at it."""
        with self.transaction() as db:
            db.execute("UPDATE answers SET audio_path = NULL WHERE id = ?", (answer_id,))

    @_guarded
    def untranscribed(self, session_id: str) -> list[AnswerRow]:
        """The session's answers whose audio has no transcript yet (a crash or a quit came
        between recording and transcription), in their order."""
        rows = self.db.execute(
            "SELECT a.*, e.data AS evaluation FROM answers a LEFT JOIN evaluations e "
            "ON e.answer_id = a.id WHERE a.session_id = ? AND a.audio_path IS NOT NULL "
            "AND a.transcript IS NULL ORDER BY a.position",
            (session_id,),
        )
        return [_answer(r) for r in rows]

    @_guarded
    def save_evaluation(self, answer_id: int, evaluation: Evaluation) -> None:
        data = json.dumps(evaluation.to_dict(), ensure_ascii=False)
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO evaluations (answer_id, overall, backend, data, "
                "created_at) VALUES (?,?,?,?,?)",
                (answer_id, evaluation.overall, evaluation.backend, data, now()),
            )

    @_guarded
    def answers(self, session_id: str) -> list[AnswerRow]:
        rows = self.db.execute(
            "SELECT a.*, e.data AS evaluation FROM answers a LEFT JOIN evaluations e "
            "ON e.answer_id = a.id WHERE a.session_id = ? ORDER BY a.position",
            (session_id,),
        )
        return [_answer(r) for r in rows]

    @_guarded
    def answers_of(self, session_ids: list[str]) -> dict[str, list[AnswerRow]]:
        """The answers of many sessions in one query: every id asked for is a key (in the order
        given; an unknown id or a session without answers maps to []), answers in their order."""
        out: dict[str, list[AnswerRow]] = {session_id: [] for session_id in session_ids}
        ids = list(out)
        for start in range(0, len(ids), MAX_SQL_VARIABLES):
            chunk = ids[start : start + MAX_SQL_VARIABLES]
            rows = self.db.execute(
                "SELECT a.*, e.data AS evaluation FROM answers a LEFT JOIN evaluations e "
                f"ON e.answer_id = a.id WHERE a.session_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY a.session_id, a.position",
                chunk,
            )
            for row in rows:
                out[row["session_id"]].append(_answer(row))
        return out

    @_guarded
    def save_draft(
        self,
        session_id: str,
        question_id: str,
        question_text: str,
        text: str,
        parent_id: int | None = None,
        *,
        audio_path: str | None = None,
        transcript: dict[str, Any] | None = None,
    ) -> None:
        """Keep (or replace) the draft of one question of a session (a spoken one with its
        recording, and what was heard in it once transcribed)."""
        text, question_text = valid_unicode(text), valid_unicode(question_text)
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO drafts (session_id, question_id, question_text, "
                "parent_id, text, saved_at, audio_path, transcript) VALUES (?,?,?,?,?,?,?,?)",
                (
                    session_id,
                    question_id,
                    question_text,
                    parent_id,
                    text,
                    now(),
                    audio_path,
                    _json_or_null(transcript),
                ),
            )

    @_guarded
    def drafts(self, session_id: str) -> dict[str, DraftRow]:
        """The session's drafts by question id."""
        rows = self.db.execute(
            "SELECT question_id, question_text, parent_id, text, audio_path, transcript "
            "FROM drafts WHERE session_id = ?",
            (session_id,),
        )
        return {r["question_id"]: _draft(r) for r in rows}

    @_guarded
    def drop_draft(self, session_id: str, question_id: str) -> None:
        with self.transaction() as db:
            db.execute(
                "DELETE FROM drafts WHERE session_id = ? AND question_id = ?",
                (session_id, question_id),
            )

    def unscored(self, session_id: str) -> list[AnswerRow]:
        return [a for a in self.answers(session_id) if a.evaluation is None and not a.skipped]

    @_guarded
    def question_scores(self, pack_id: str) -> dict[str, list[tuple[str, float]]]:
        """Per question id: (submitted_at, overall) of every scored main answer, oldest first."""
        rows = self.db.execute(
            "SELECT a.question_id, a.submitted_at, e.overall FROM answers a "
            "JOIN evaluations e ON e.answer_id = a.id JOIN sessions s ON s.id = a.session_id "
            "WHERE s.pack_id = ? AND a.kind = ? ORDER BY a.submitted_at, a.id",
            (pack_id, AnswerKind.MAIN),
        )
        out: dict[str, list[tuple[str, float]]] = {}
        for r in rows:
            out.setdefault(r["question_id"], []).append((r["submitted_at"], r["overall"]))
        return out

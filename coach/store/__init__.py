"""History in SQLite: sessions, answers (committed before scoring) and their evaluations.

The schema is built by an append-only list of migrations; `PRAGMA user_version` records how many
have run. WAL and a busy timeout let a report run while a practice session writes.
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
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from coach.errors import CoachError
from coach.paths import data_dir
from coach.scoring.evaluation import Evaluation
from coach.unicode import valid_unicode

DB_NAME = "coach.db"


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


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m1_initial,
    _m2_question_index,
    _m3_drafts_and_clock,
]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class SessionRow:
    id: str
    kind: str
    pack_id: str
    pack_version: str
    pack_source: str
    lang: str
    backend: str
    model: str | None
    started_at: str
    ended_at: str | None
    status: str
    plan: dict[str, Any]
    seconds_used: float = 0.0  # session clock at the last save: a resume continues from it


@dataclass
class DraftRow:
    """Text typed for a question before "quit": offered back on --resume, never scored."""

    question_id: str
    question_text: str
    parent_id: int | None
    text: str


@dataclass
class AnswerRow:
    id: int
    session_id: str
    position: int
    question_id: str
    parent_id: int | None
    kind: str
    question_text: str
    lang: str
    text: str
    thinking_seconds: float | None
    answer_seconds: float | None
    budget_seconds: int | None
    skipped: bool
    submitted_at: str
    evaluation: Evaluation | None = None


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
        kind: str,
        pack_id: str,
        pack_version: str,
        pack_source: str,
        lang: str,
        backend: str,
        model: str | None,
        plan: dict[str, Any] | None = None,
    ) -> str:
        session_id = datetime.now().strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:4]
        with self.transaction() as db:
            db.execute(
                "INSERT INTO sessions (id, kind, pack_id, pack_version, pack_source, lang, "
                "backend, model, started_at, plan) VALUES (?,?,?,?,?,?,?,?,?,?)",
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

    @_guarded
    def update_plan(self, session_id: str, plan: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE sessions SET plan = ? WHERE id = ?",
                (json.dumps(plan, ensure_ascii=False), session_id),
            )

    @_guarded
    def end_session(self, session_id: str, status: str = "finished") -> None:
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
        self, kind: str | None = None, limit: int = 1000, *, answered: bool = False
    ) -> list[SessionRow]:
        """Newest first; with `answered`, only sessions holding at least one answer that was
        neither skipped nor blank (a drill quit or a panel ended at once leaves none)."""
        where: list[str] = []
        args: tuple[Any, ...] = ()
        if kind:
            where.append("kind = ?")
            args = (kind,)
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
        self, kind: str | None = None, status: str | None = None, *, answered: bool = False
    ) -> SessionRow | None:
        for row in self.sessions(kind, answered=answered):
            if status is None or row.status == status:
                return row
        return None

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
        kind: str = "main",
        parent_id: int | None = None,
        thinking_seconds: float | None = None,
        answer_seconds: float | None = None,
        budget_seconds: int | None = None,
        skipped: bool = False,
    ) -> int:
        """Commit the answer (before anything else happens to it); returns its id."""
        text, question_text = valid_unicode(text), valid_unicode(question_text)
        with self.transaction() as db:
            position = db.execute(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM answers WHERE session_id = ?",
                (session_id,),
            ).fetchone()[0]
            cursor = db.execute(
                "INSERT INTO answers (session_id, position, question_id, parent_id, kind, "
                "question_text, lang, text, thinking_seconds, answer_seconds, budget_seconds, "
                "skipped, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                ),
            )
            return int(cursor.lastrowid or 0)

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
    def save_draft(
        self,
        session_id: str,
        question_id: str,
        question_text: str,
        text: str,
        parent_id: int | None = None,
    ) -> None:
        """Keep (or replace) the draft of one question of a session."""
        text, question_text = valid_unicode(text), valid_unicode(question_text)
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO drafts (session_id, question_id, question_text, "
                "parent_id, text, saved_at) VALUES (?,?,?,?,?,?)",
                (session_id, question_id, question_text, parent_id, text, now()),
            )

    @_guarded
    def drafts(self, session_id: str) -> dict[str, DraftRow]:
        """The session's drafts by question id."""
        rows = self.db.execute(
            "SELECT question_id, question_text, parent_id, text FROM drafts WHERE session_id = ?",
            (session_id,),
        )
        return {r["question_id"]: DraftRow(**dict(r)) for r in rows}

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
            "WHERE s.pack_id = ? AND a.kind = 'main' ORDER BY a.submitted_at, a.id",
            (pack_id,),
        )
        out: dict[str, list[tuple[str, float]]] = {}
        for r in rows:
            out.setdefault(r["question_id"], []).append((r["submitted_at"], r["overall"]))
        return out


def _session(row: sqlite3.Row) -> SessionRow:
    data = dict(row)
    try:
        data["plan"] = json.loads(data["plan"] or "{}")
        return SessionRow(**data)
    except (ValueError, KeyError, TypeError) as exc:
        raise sqlite3.DatabaseError("malformed session row") from exc


def _answer(row: sqlite3.Row) -> AnswerRow:
    data = dict(row)
    raw = data.pop("evaluation", None)
    data["skipped"] = bool(data["skipped"])
    try:
        answer = AnswerRow(**data)
        if raw:
            answer.evaluation = Evaluation.from_dict(json.loads(raw))
    except (ValueError, KeyError, TypeError) as exc:
        raise sqlite3.DatabaseError("malformed answer row") from exc
    return answer

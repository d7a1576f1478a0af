"""The schema's migrations (coach/store/migrations.py): an empty database and an old one reach the
same final schema; a migration's script runs statement by statement."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coach.store import MIGRATIONS, Store
from coach.store.migrations import _run_script

EXPECTED = {
    "sessions": [
        "id",
        "kind",
        "pack_id",
        "pack_version",
        "pack_source",
        "lang",
        "backend",
        "model",
        "started_at",
        "ended_at",
        "status",
        "plan",
        "seconds_used",
    ],
    "answers": [
        "id",
        "session_id",
        "position",
        "question_id",
        "parent_id",
        "kind",
        "question_text",
        "lang",
        "text",
        "thinking_seconds",
        "answer_seconds",
        "budget_seconds",
        "skipped",
        "submitted_at",
        "audio_path",
        "transcript",
    ],
    "evaluations": ["answer_id", "overall", "backend", "data", "created_at"],
    "drafts": [
        "session_id",
        "question_id",
        "question_text",
        "parent_id",
        "text",
        "saved_at",
        "audio_path",
        "transcript",
    ],
}


def test_migrations_build_the_final_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "coach.db")
    db = sqlite3.connect(tmp_path / "coach.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    for table, columns in EXPECTED.items():
        assert [r[1] for r in db.execute(f"PRAGMA table_info({table})")] == columns
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"answers_session", "answers_question"} <= indexes
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    Store(tmp_path / "coach.db")  # running again changes nothing
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    store.close()


def test_a_database_of_the_previous_version_gains_drafts_and_the_clock(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    old = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:2]:
        migration(old)
    old.execute("PRAGMA user_version = 2")
    old.execute(
        "INSERT INTO sessions (id, kind, pack_id, pack_version, pack_source, lang, backend, "
        "started_at) VALUES ('s1', 'practice', 'p', '1', 'p', 'ja', 'offline', 'now')"
    )
    old.close()
    store = Store(path)
    row = store.session("s1")
    assert row is not None and row.seconds_used == 0.0
    store.save_draft("s1", "q1", "Q?", "half")
    store.save_draft("s1", "q1", "Q?", "half, then more")  # one draft per question
    assert store.drafts("s1")["q1"].text == "half, then more"
    store.drop_draft("s1", "q1")
    assert store.drafts("s1") == {}
    store.close()


def test_a_database_before_spoken_drafts_keeps_its_drafts_and_gains_their_recording(
    tmp_path: Path,
) -> None:
    path = tmp_path / "coach.db"
    old = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:4]:
        migration(old)
    old.execute("PRAGMA user_version = 4")
    old.execute(
        "INSERT INTO sessions (id, kind, pack_id, pack_version, pack_source, lang, backend, "
        "started_at) VALUES ('s1', 'practice', 'p', '1', 'p', 'ja', 'offline', 'now')"
    )
    old.execute(
        "INSERT INTO drafts (session_id, question_id, question_text, text, saved_at) "
        "VALUES ('s1', 'q1', 'Q?', 'typed before quit', 'now')"
    )
    old.close()
    store = Store(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    (kept,) = store.drafts("s1").values()
    assert kept.text == "typed before quit"
    assert kept.audio_path is None and kept.transcript is None
    heard = {"text": "heard", "lang": "ja", "seconds": 2.0, "words": []}
    store.save_draft("s1", "q2", "Q2?", "", audio_path="/a/q2-1.wav")
    assert store.drafts("s1")["q2"].audio_path == "/a/q2-1.wav"
    assert store.drafts("s1")["q2"].transcript is None
    store.save_draft("s1", "q2", "Q2?", "heard", audio_path="/a/q2-1.wav", transcript=heard)
    assert store.drafts("s1")["q2"].transcript == heard
    store.close()


def test_migration_script_keeps_semicolons_inside_literals_comments_and_triggers() -> None:
    db = sqlite3.connect(":memory:")
    _run_script(
        db,
        """
        CREATE TABLE t (x TEXT DEFAULT 'a;b');  -- a note; with a semicolon
        CREATE TABLE log (y TEXT);
        CREATE TRIGGER t_log AFTER INSERT ON t BEGIN
            INSERT INTO log VALUES ('seen;');
            INSERT INTO log VALUES (new.x);
        END;
        INSERT INTO t DEFAULT VALUES
        """,
    )
    assert db.execute("SELECT x FROM t").fetchall() == [("a;b",)]
    assert db.execute("SELECT y FROM log").fetchall() == [("seen;",), ("a;b",)]

"""Session ids for shell completion (coach/store/listing.py): read-only, never creating anything."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coach.store import Store
from coach.store.listing import session_listing

EARLIER = "2026-01-01T00:00:00"


def test_no_database_lists_nothing_and_creates_none(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    assert session_listing(path) == []
    assert not path.exists()


def test_sessions_are_listed_newest_first_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    store = Store(path)
    older = store.start_session("drill", "p1", "1", "src", "en", "offline", None)
    newer = store.start_session("practice", "p2", "1", "src", "en", "offline", None)
    store.db.execute(
        "UPDATE sessions SET started_at = '2026-01-01T00:00:00' WHERE id = ?", (older,)
    )
    store.close()
    before = path.read_bytes()
    listed = session_listing(path)
    assert [(row[0], row[1], row[2]) for row in listed] == [
        (newer, "practice", "p2"),
        (older, "drill", "p1"),
    ]
    assert listed[1][3] == EARLIER
    assert path.read_bytes() == before


def test_an_old_database_is_read_as_it_is(tmp_path: Path) -> None:
    """A database no migration has touched still lists: a completion never migrates."""
    path = tmp_path / "coach.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE sessions (id TEXT, kind TEXT, pack_id TEXT, started_at TEXT)")
    db.execute("INSERT INTO sessions VALUES ('s1', 'drill', 'p', 'then')")
    db.commit()
    db.close()
    assert session_listing(path) == [("s1", "drill", "p", "then")]
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == 0

"""Session ids for shell completion: read-only and quick, never creating or migrating the
database (a completion must not write anything)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def session_listing(path: Path) -> list[tuple[str, str, str, str]]:
    """(id, kind, pack id, started at) of every session, newest first; empty without a database."""
    if not path.is_file():
        return []
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=1)) as db:
        rows = db.execute(
            "SELECT id, kind, pack_id, started_at FROM sessions "
            "ORDER BY started_at DESC, rowid DESC"
        ).fetchall()
    return [(str(a), str(b), str(c), str(d)) for a, b, c, d in rows]

"""`coach doctor`: check the history database; when it is damaged, set it aside untouched and
copy every session that still reads into a fresh one."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.scoring.evaluation import Evaluation
from coach.store import Store, failure

TABLES = ("sessions", "answers", "evaluations")
SCAN_LIMIT = 1_000_000  # rowids tried one by one when a table no longer reads in one pass


@dataclass
class Checkup:
    path: Path
    problem: str | None = None  # None: healthy (or no database yet)
    aside: Path | None = None  # where the damaged file was kept
    sessions: int = 0  # in the healthy database, or recovered
    answers: int = 0
    exists: bool = True


def problem_of(path: Path) -> str | None:
    """What is wrong with the database at `path`, or None when it reads whole.

    A database that cannot be opened for another reason (permissions) raises its own error:
    that is not damage, and nothing is moved."""
    try:
        store = Store(path, read_only_ok=True)
        try:
            found = [row[0] for row in store.db.execute("PRAGMA integrity_check")]
            if found != ["ok"]:
                return _one_line(found)
            for row in store.sessions(limit=SCAN_LIMIT):
                store.answers(row.id)  # every stored evaluation still parses
        finally:
            store.close()
    except sqlite3.Error as exc:
        error = failure(exc, path)
        if error.key != "store.damaged":
            raise error from None
        return _one_line([str(exc)])
    except CoachError as exc:
        if exc.key != "store.damaged":
            raise
        return _details(path)
    return None


def _details(path: Path) -> str:
    """SQLite's own account of the damage, on one line."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return _one_line([row[0] for row in conn.execute("PRAGMA integrity_check")])
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return _one_line([str(exc)])


def _one_line(found: list[str]) -> str:
    return " ".join(" ".join(found[:3]).split())[:300]


def checkup(path: Path) -> Checkup:
    """Check `path`; when damaged, move it (and its -wal/-shm) aside and recover into a new one."""
    if not path.is_file():
        return Checkup(path, exists=False)
    problem = problem_of(path)
    if problem is None:
        store = Store(path, read_only_ok=True)
        try:
            result = Checkup(path, sessions=len(store.sessions(limit=SCAN_LIMIT)))
            result.answers = store.db.execute("SELECT count(*) FROM answers").fetchone()[0]
        finally:
            store.close()
        return result
    return _recover(path, problem)


def _recover(path: Path, problem: str) -> Checkup:
    salvaged = _salvage(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    fresh = path.with_name(f"{path.name}.recovering")
    try:
        for leftover in _with_journals(fresh):
            leftover.unlink(missing_ok=True)
        sessions, answers = _write(fresh, salvaged)
        for src, dst in zip(_with_journals(path), _with_journals(aside), strict=True):
            if src.exists():
                os.replace(src, dst)  # a rename: the damaged bytes are kept, never rewritten
        os.replace(fresh, path)
    except OSError as exc:
        raise failure(exc, path) from None
    return Checkup(path, problem, aside, sessions, answers)


def _with_journals(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _salvage(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row that still reads, table by table (nothing when even the schema is gone)."""
    out: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
    except sqlite3.Error:
        return out
    try:
        for table in TABLES:
            out[table] = _rows(conn, table)
    finally:
        conn.close()
    return out


def _rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    try:
        return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    except sqlite3.Error:
        pass
    try:  # one row at a time: a damaged page costs only the rows on it
        top = conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    except sqlite3.Error:
        return []
    rows = []
    for rowid in range(1, min(int(top), SCAN_LIMIT) + 1):
        try:
            row = conn.execute(f"SELECT * FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
        except sqlite3.Error:
            continue
        if row is not None:
            rows.append(dict(row))
    return rows


def _readable(row: dict[str, Any], column: str) -> bool:
    try:
        value = json.loads(row[column] or "{}")
        if column == "data":
            Evaluation.from_dict(value)
        return isinstance(value, dict)
    except (ValueError, KeyError, TypeError):
        return False


def _write(fresh: Path, rows: dict[str, list[dict[str, Any]]]) -> tuple[int, int]:
    """The readable sessions, their answers and evaluations, into a new database at `fresh`."""
    store = Store(fresh)
    sessions = [r for r in rows["sessions"] if _readable(r, "plan")]
    kept = {r["id"] for r in sessions}
    answers = [r for r in rows["answers"] if r.get("session_id") in kept]
    answer_ids = {r["id"] for r in answers}
    evaluations = [
        r for r in rows["evaluations"] if r.get("answer_id") in answer_ids and _readable(r, "data")
    ]
    for answer in answers:
        if answer.get("parent_id") not in answer_ids:
            answer["parent_id"] = None
        if answer.get("transcript") is not None and not _readable(answer, "transcript"):
            answer["transcript"] = None  # the audio stays: it can be transcribed again
    written = dict.fromkeys(TABLES, 0)
    try:
        with store.transaction() as db:
            for table, table_rows in zip(TABLES, (sessions, answers, evaluations), strict=True):
                for row in table_rows:
                    columns = ", ".join(row)
                    marks = ", ".join("?" for _ in row)
                    try:
                        db.execute(
                            f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                            tuple(row.values()),
                        )
                    except sqlite3.IntegrityError:  # a row the damage left incomplete
                        continue
                    written[table] += 1
    except sqlite3.Error as exc:
        raise failure(exc, fresh) from None
    finally:
        store.close()
    return written["sessions"], written["answers"]

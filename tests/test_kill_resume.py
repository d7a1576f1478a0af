"""kill -9 in the middle of a session loses at most the answer being typed; --resume continues."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from coach.store import Store
from tests.helpers.answers import STRONG_EN

FIRST = "I hire against a scorecard tied to our ICP, and every new rep gets a 30-60-90 day plan."
SECOND = "Weekly one-to-ones and pipeline inspection; I publish leading indicators every Monday."


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        return int(sqlite3.connect(db).execute("SELECT COUNT(*) FROM answers").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _wait_for(db: Path, count: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while _count(db) < count:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, f"answer {count} never reached the database"
        time.sleep(0.05)


def test_kill_9_keeps_submitted_answers_and_resume_finishes(coach_home: Path) -> None:
    db = coach_home / "coach.db"
    env = {**os.environ, "COACH_HOME": str(coach_home)}
    command = [
        sys.executable,
        "-m",
        "coach",
        "practice",
        "--questions",
        "3",
        "--follow-ups",
        "0",
        "--seed",
        "3",
        "--lang",
        "en",
    ]
    proc = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdin is not None
    proc.stdin.write(FIRST + "\n.\n")
    proc.stdin.flush()
    _wait_for(db, 1, proc)
    proc.stdin.write(SECOND + "\n.\n")
    proc.stdin.flush()
    _wait_for(db, 2, proc)
    proc.stdin.write("half of a third answer that was never submit")
    proc.stdin.flush()
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    texts = [r[0] for r in conn.execute("SELECT text FROM answers ORDER BY position")]
    assert texts == [FIRST, SECOND]
    session = Store(db).latest_session("practice")
    assert session is not None and session.status == "active"

    resumed = subprocess.run(
        [sys.executable, "-m", "coach", "practice", "--resume", "--lang", "en"],
        input=STRONG_EN + "\n.\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "Session summary" in resumed.stdout
    store = Store(db)
    rows = store.answers(session.id)
    assert [r.text for r in rows] == [FIRST, SECOND, STRONG_EN]
    assert all(r.evaluation is not None for r in rows)
    assert store.session(session.id).status == "finished"  # type: ignore[union-attr]


def test_resume_with_nothing_unfinished_is_a_clear_error(coach_home: Path) -> None:
    env = {**os.environ, "COACH_HOME": str(coach_home)}
    result = subprocess.run(
        [sys.executable, "-m", "coach", "practice", "--resume"],
        capture_output=True,
        text=True,
        env=env,
        input="",
    )
    assert result.returncode == 1
    assert "no unfinished session" in result.stderr and "Traceback" not in result.stderr

"""`coach doctor`'s work (coach/store/doctor.py): a healthy database is left alone; a damaged one
is set aside byte for byte and what still reads is copied into a fresh one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coach.store import Store
from coach.store.doctor import checkup, problem_of
from tests.helpers.reports import evaluation


def _history(path: Path) -> tuple[str, str, int, int]:
    """Two sessions: one with a scored and a second scored answer, one with an answer."""
    store = Store(path)
    kept = store.start_session("practice", "p", "1", "src", "en", "offline", None)
    other = store.start_session("practice", "p", "1", "src", "en", "offline", None)
    first = store.save_answer(kept, "q1", "Q1?", "en", "one")
    store.save_evaluation(first, evaluation("q1", 3.0))
    second = store.save_answer(kept, "q2", "Q2?", "en", "two")
    store.save_evaluation(second, evaluation("q2", 4.0))
    store.save_answer(other, "q1", "Q1?", "en", "three")
    store.close()
    return kept, other, first, second


def test_checkup_without_a_database_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "history"
    folder.mkdir()
    result = checkup(folder / "coach.db")
    assert not result.exists and result.problem is None
    assert list(folder.iterdir()) == []


def test_checkup_of_a_healthy_database_counts_it_and_moves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    _history(path)
    assert problem_of(path) is None
    result = checkup(path)
    assert (result.problem, result.aside, result.sessions, result.answers) == (None, None, 2, 3)
    assert not list(tmp_path.glob("*damaged*"))


def test_rows_that_no_longer_parse_are_left_behind_and_the_rest_recovered(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    kept, other, first, second = _history(path)
    db = sqlite3.connect(path)
    db.execute("UPDATE evaluations SET data = '{broken' WHERE answer_id = ?", (second,))
    db.execute("UPDATE sessions SET plan = '[1]' WHERE id = ?", (other,))  # not a mapping
    db.commit()
    db.close()
    damaged = path.read_bytes()
    assert problem_of(path) is not None
    result = checkup(path)
    assert result.aside is not None and result.aside.read_bytes() == damaged  # kept as it was
    assert (result.sessions, result.answers) == (1, 2)
    store = Store(path)
    assert [s.id for s in store.sessions()] == [kept]
    answers = store.answers(kept)
    assert [(a.id, a.evaluation is not None) for a in answers] == [(first, True), (second, False)]
    store.close()
    assert checkup(path).problem is None  # the fresh database is healthy

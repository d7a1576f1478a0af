"""Rows read back from the store (coach/store/rows.py): typed, and a malformed one is damage."""

from __future__ import annotations

import pytest

from coach.errors import CoachError
from coach.store import Store
from tests.helpers.reports import evaluation


def _stored() -> tuple[Store, str, int]:
    store = Store()
    session = store.start_session("practice", "p", "1", "src", "en", "offline", None, {"a": 1})
    answer = store.save_answer(session, "q", "Q?", "en", "text", skipped=True)
    store.save_evaluation(answer, evaluation("q", 3.0))
    return store, session, answer


def test_rows_come_back_typed() -> None:
    store, session, answer = _stored()
    row = store.session(session)
    assert row is not None and row.plan == {"a": 1}
    (read,) = store.answers(session)
    assert read.id == answer and read.skipped is True
    assert read.evaluation is not None and read.evaluation.overall == 3.0


@pytest.mark.parametrize(
    ("sql", "read"),
    [
        ("UPDATE sessions SET plan = '{not json'", "session"),
        ("UPDATE evaluations SET data = '{\"overall\": 3}'", "answers"),  # not an evaluation
    ],
)
def test_a_row_that_does_not_parse_is_reported_as_damage(sql: str, read: str) -> None:
    store, session, _ = _stored()
    store.db.execute(sql)
    with pytest.raises(CoachError) as caught:
        getattr(store, read)(session)
    assert caught.value.key == "store.damaged"

"""History database: durability settings, two processes at once, sessions and answers."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from coach.errors import CoachError
from coach.scoring.evaluation import Delivery, Evaluation, Structure
from coach.store import MIGRATIONS, AnswerKind, SessionKind, SessionStatus, Store


def _evaluation(overall: float) -> Evaluation:
    return Evaluation(
        "q", "en", overall, [], [], Structure(), Delivery(), [], [], None, "offline", None, None, {}
    )


def test_a_database_before_spoken_answers_keeps_its_answers(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    old = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:3]:
        migration(old)
    old.execute("PRAGMA user_version = 3")
    old.execute(
        "INSERT INTO sessions (id, kind, pack_id, pack_version, pack_source, lang, backend, "
        "started_at) VALUES ('s1', 'practice', 'p', '1', 'p', 'ja', 'offline', 'now')"
    )
    old.execute(
        "INSERT INTO answers (session_id, position, question_id, kind, question_text, lang, "
        "text, answer_seconds, submitted_at) VALUES ('s1', 1, 'q1', 'main', 'Q?', 'ja', "
        "'書いた答え', 42.0, 'now')"
    )
    old.close()
    store = Store(path)
    (answer,) = store.answers("s1")
    assert (answer.text, answer.answer_seconds) == ("書いた答え", 42.0)
    assert answer.audio_path is None and answer.transcript is None
    assert store.untranscribed("s1") == []  # a typed answer has nothing to transcribe
    store.close()


def test_spoken_answer_keeps_audio_then_transcript(tmp_path: Path) -> None:
    store = Store(tmp_path / "coach.db")
    session = store.start_session("practice", "p", "1", "src", "ja", "offline", None)
    typed = store.save_answer(session, "q0", "Q0?", "ja", "タイプした答え")
    audio = str(tmp_path / "a1.flac")
    first = store.save_answer(session, "q1", "Q1?", "ja", "", audio_path=audio)
    heard = {"text": "えーと、答えです。", "lang": "ja", "duration": 3.0, "words": []}
    second = store.save_answer(
        session, "q2", "Q2?", "ja", "答え", audio_path=audio, transcript=heard
    )
    assert [a.id for a in store.untranscribed(session)] == [first]  # for --resume
    store.set_transcript(first, heard, text="えーと、答えです。")
    assert store.untranscribed(session) == []
    rows = {a.id: a for a in store.answers(session)}
    assert rows[typed].audio_path is None and rows[typed].transcript is None
    assert (rows[first].audio_path, rows[first].transcript) == (audio, heard)
    assert rows[first].text == "えーと、答えです。"
    assert rows[second].transcript == heard and rows[second].text == "答え"
    store.set_transcript(second, {**heard, "text": "再"})  # without text: the answer stays
    assert store.answers(session)[2].text == "答え"
    store.close()


def test_a_damaged_transcript_is_reported_as_damage(tmp_path: Path) -> None:
    store = Store(tmp_path / "coach.db")
    session = store.start_session("practice", "p", "1", "src", "en", "offline", None)
    answer = store.save_answer(session, "q", "Q?", "en", "", audio_path="a.wav")
    store.db.execute("UPDATE answers SET transcript = '[1, 2]' WHERE id = ?", (answer,))
    with pytest.raises(CoachError) as caught:
        store.answers(session)
    assert caught.value.key == "store.damaged"
    store.close()


def test_answer_is_on_disk_before_scoring(tmp_path: Path) -> None:
    store = Store(tmp_path / "coach.db")
    session = store.start_session("practice", "p", "1", "src", "ja", "offline", None)
    answer = store.save_answer(session, "q", "Q?", "ja", "答え")
    other = sqlite3.connect(tmp_path / "coach.db")  # another reader sees it at once
    assert other.execute("SELECT text FROM answers WHERE id = ?", (answer,)).fetchone() == ("答え",)
    assert store.unscored(session)[0].id == answer
    store.save_evaluation(answer, _evaluation(3.2))
    assert store.unscored(session) == []


def test_two_processes_write_and_read_at_once(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    store = Store(path)
    session = store.start_session("practice", "p", "1", "src", "en", "offline", None)
    script = (
        "import sys; from pathlib import Path; from coach.store import Store\n"
        "s = Store(Path(sys.argv[1]))\n"
        "for i in range(200): s.save_answer(sys.argv[2], 'q', 'Q', 'en', f'a{i}')\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", script, str(path), session])
    errors: list[Exception] = []

    def read() -> None:
        reader = Store(path)
        try:
            for _ in range(200):
                reader.answers(session)
                reader.sessions()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for i in range(100):
        store.save_answer(session, "q", "Q", "en", f"b{i}")
    for thread in threads:
        thread.join()
    assert writer.wait(timeout=60) == 0 and not errors
    assert len(store.answers(session)) == 300
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _session_with(store: Store, texts: list[str], started: str | None = None) -> str:
    session = store.start_session("practice", "p", "1", "src", "en", "offline", None)
    for text in texts:
        main = store.save_answer(session, "q", "Q?", "en", text)
        store.save_evaluation(main, _evaluation(3.0))
        store.save_answer(
            session, "q", "Why?", "en", text + " again", kind="follow_up", parent_id=main
        )
    if started:
        store.db.execute("UPDATE sessions SET started_at = ? WHERE id = ?", (started, session))
    return session


def test_sessions_without_an_answer_are_left_out_when_asked(tmp_path: Path) -> None:
    store = Store(tmp_path / "coach.db")
    answered = _session_with(store, ["a"])
    empty = _session_with(store, [])
    skipped = store.start_session("drill", "p", "1", "src", "en", "offline", None)
    store.save_answer(skipped, "q", "Q?", "en", "", skipped=True)
    store.save_answer(skipped, "q", "Q?", "en", " \n ")  # blank: nothing was answered
    assert {s.id for s in store.sessions()} == {answered, empty, skipped}
    assert [s.id for s in store.sessions(answered=True)] == [answered]
    assert store.latest_session(answered=True).id == answered  # type: ignore[union-attr]
    assert store.latest_session().id in (empty, skipped)  # type: ignore[union-attr]


def test_delete_sessions_removes_answers_and_scores_and_leaves_no_trace(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    store = Store(path)
    _session_with(store, ["SECRET-OLD-1", "SECRET-OLD-2"], started="2020-01-01T00:00:00+00:00")
    kept = _session_with(store, ["kept answer"])
    gone = _session_with(store, ["SECRET-GONE"])
    assert store.delete_sessions(ids=[gone]) == (1, 2)  # the main answer and its follow-up
    assert store.session(gone) is None and store.answers(gone) == []
    assert store.delete_sessions(ids=["nope"]) == (0, 0)
    assert store.delete_sessions(before="2021-01-01T00:00:00+00:00") == (1, 4)
    assert [s.id for s in store.sessions()] == [kept]
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM evaluations").fetchone()[0] == 1
    store.close()
    db.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("coach.db"))
    assert b"SECRET" not in raw  # vacuumed: no deleted text left in free pages or the WAL
    assert b"kept answer" in raw
    store = Store(path)
    _session_with(store, ["x" * 4000] * 50)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    full = path.stat().st_size
    assert store.delete_sessions() == (2, 102)
    assert store.sessions() == []
    assert path.stat().st_size < full / 4  # the file was compacted (VACUUM)


def _rows_read(store: Store) -> list[int]:
    """Count every row SQLite hands back from now on (one list item per row)."""
    read: list[int] = []

    def factory(cursor: sqlite3.Cursor, row: tuple[object, ...]) -> sqlite3.Row:
        read.append(1)
        return sqlite3.Row(cursor, row)

    store.db.row_factory = factory
    return read


def test_latest_session_reads_one_row_among_many(tmp_path: Path) -> None:
    store = Store(tmp_path / "coach.db")
    active = _session_with(store, ["left open"], started="2020-01-01T00:00:00+00:00")
    answered = []
    for day in range(1, 31):
        session = _session_with(
            store, [f"answer {day}"], started=f"2021-01-{day:02}T00:00:00+00:00"
        )
        store.end_session(session)
        answered.append(session)
    drill = store.start_session("drill", "p", "1", "src", "en", "offline", None)
    newest_empty = _session_with(store, [])
    read = _rows_read(store)
    assert store.latest_session(answered=True).id == answered[-1]  # type: ignore[union-attr]
    assert len(read) == 1  # SQLite chose it: the other 31 sessions were never loaded
    assert store.latest_session("practice", "active").id == newest_empty  # type: ignore[union-attr]
    assert store.latest_session("practice", "active", answered=True).id == active  # type: ignore[union-attr]
    assert store.latest_session("drill").id == drill  # type: ignore[union-attr]
    assert store.latest_session("drill", "finished") is None
    assert len(read) == 4


def test_answers_of_many_sessions_is_one_query_with_answers_in_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "coach.db")
    first = _session_with(store, ["one", "two"])
    second = _session_with(store, ["three"])
    store.save_answer(first, "q", "Q?", "en", "late in the first")  # ids interleave sessions
    empty = _session_with(store, [])
    statements: list[str] = []
    store.db.set_trace_callback(statements.append)
    found = store.answers_of([second, empty, first])
    store.db.set_trace_callback(None)
    assert len(statements) == 1
    assert list(found) == [second, empty, first]  # the order asked for
    assert found[empty] == []
    assert found == {s: store.answers(s) for s in (second, empty, first)}
    texts = [a.text for a in found[first]]
    assert texts == ["one", "one again", "two", "two again", "late in the first"]
    assert [a.position for a in found[first]] == [1, 2, 3, 4, 5]
    assert found[first][0].evaluation is not None and found[first][1].evaluation is None


def test_answers_of_no_sessions_or_unknown_ones_is_empty(tmp_path: Path) -> None:
    store = Store(tmp_path / "coach.db")
    known = _session_with(store, ["a"])
    statements: list[str] = []
    store.db.set_trace_callback(statements.append)
    assert store.answers_of([]) == {}
    assert statements == []  # nothing to ask SQLite
    found = store.answers_of(["nope", known, "nope"])
    assert list(found) == ["nope", known] and found["nope"] == []
    assert [a.text for a in found[known]] == ["a", "a again"]


def test_answers_of_more_sessions_than_one_statement_may_name(tmp_path: Path) -> None:
    store = Store(tmp_path / "coach.db")
    last = _session_with(store, ["last"])
    ids = [f"unknown-{i}" for i in range(1500)] + [last]
    found = store.answers_of(ids)
    assert len(found) == 1501 and [a.text for a in found[last]] == ["last", "last again"]


def test_two_sessions_in_the_same_second_never_share_an_id(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uuid
    from datetime import datetime

    import coach.store as store_module

    fixed = datetime(2026, 11, 27, 14, 44, 31)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Frozen:  # type: ignore[override]
            return cls.fromtimestamp(fixed.timestamp())

    draws = iter([uuid.UUID(int=0xABCD << 112), uuid.UUID(int=0xABCD << 112), uuid.uuid4()])
    monkeypatch.setattr(store_module, "datetime", Frozen)
    monkeypatch.setattr(store_module.uuid, "uuid4", lambda: next(draws))
    store = Store()
    first = store.start_session(
        "drill", "sales-manager", "1.0.0", "sales-manager", "en", "offline", None
    )
    second = store.start_session(
        "drill", "sales-manager", "1.0.0", "sales-manager", "en", "offline", None
    )
    assert (
        first == "20261127-144431-abcd"
        and second != first
        and second.startswith("20261127-144431-")
    )
    assert {r.id for r in store.sessions()} == {first, second}


def test_rows_come_back_typed_and_are_stored_as_before(tmp_path: Path) -> None:
    store = Store(tmp_path / "coach.db")
    session = store.start_session(SessionKind.DRILL, "p", "1", "src", "en", "offline", None)
    main = store.save_answer(session, "q", "Q?", "en", "an answer")
    store.save_answer(session, "q#f", "F?", "en", "more", kind=AnswerKind.FOLLOW_UP, parent_id=main)
    store.end_session(session)
    row = store.session(session)
    assert row is not None
    assert row.kind is SessionKind.DRILL and row.status is SessionStatus.FINISHED
    assert [a.kind for a in store.answers(session)] == [AnswerKind.MAIN, AnswerKind.FOLLOW_UP]
    raw = store.db.execute("SELECT kind, status FROM sessions").fetchone()
    assert tuple(raw) == ("drill", "finished") and type(raw[0]) is str
    kinds = [r[0] for r in store.db.execute("SELECT kind FROM answers ORDER BY id")]
    assert kinds == ["main", "follow_up"]


def test_deleting_a_session_takes_its_drafts_too(tmp_path: Path) -> None:
    """A session stopped mid-answer holds a draft (a spoken one as soon as its recording ends):
    deleting the session must not be refused for it."""
    store = Store(tmp_path / "coach.db")
    kept = store.start_session(SessionKind.PRACTICE, "p", "1", "p", "ja", "offline", None)
    gone = store.start_session(SessionKind.PRACTICE, "p", "1", "p", "ja", "offline", None)
    store.save_draft(gone, "q1", "Q?", "", audio_path="/a/q1-1.wav")
    store.save_draft(kept, "q1", "Q?", "half")
    assert store.delete_sessions(ids=[gone]) == (1, 0)
    assert store.session(gone) is None and store.drafts(gone) == {}
    assert store.drafts(kept)["q1"].text == "half"
    store.close()

"""SessionRecorder: the one writer of practice and drill sessions, spoken answers included."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.packs.model import Pack, Question
from coach.paths import session_audio_dir
from coach.scoring.attempt import Attempt
from coach.scoring.offline import OfflineScorer
from coach.session.recorder import SessionRecorder
from coach.session.types import Answer
from coach.store import AnswerKind, SessionKind, SessionStatus, Store
from coach.voice.transcript import Transcript, Word
from tests.helpers.answers import STRONG_JA

HEARD = Transcript(
    "えーと、週次でパイプラインを見直します。",
    "ja",
    6.0,
    (Word("えーと", 0.5, 1.0), Word("週次で", 1.2, 2.0), Word("見直します", 4.5, 5.5)),
)


def _recorder(pack: Pack, store: Store | None, keep_audio: bool = True) -> SessionRecorder:
    recorder = SessionRecorder(store, pack, "ja", keep_audio=keep_audio)
    recorder.start(SessionKind.DRILL, "offline", None, {"question": "pipeline-forecast"})
    return recorder


def _question(pack: Pack) -> Question:
    question = pack.find("pipeline-forecast")
    assert question is not None
    return question


def _spoken(recorder: SessionRecorder, question: Question, text: str) -> Answer:
    """A recording on disk where the UI would have put it, and the answer that names it."""
    audio = recorder.audio_path(question)
    audio.write_bytes(b"RIFF....WAVE")
    return Answer(text, 2.0, 6.0, audio=str(audio), transcript=HEARD, before_recording=1.5)


def test_recorder_writes_a_typed_answer_as_before(sales_pack: Pack) -> None:
    store = Store()
    recorder = _recorder(sales_pack, store)
    answer_id = recorder.record(_question(sales_pack), Answer("週次で見直します。", 3.0, 60.0), 180)
    recorder.end()
    assert recorder.session_id is not None
    row = store.answers(recorder.session_id)[0]
    assert (row.id, row.text, row.kind, row.budget_seconds) == (
        answer_id,
        "週次で見直します。",
        AnswerKind.MAIN,
        180,
    )
    assert row.audio_path is None and row.transcript is None
    session = store.session(recorder.session_id)
    assert session is not None and session.status == SessionStatus.FINISHED


def test_recorder_keeps_a_spoken_answers_recording_and_transcript(sales_pack: Pack) -> None:
    store = Store()
    recorder = _recorder(sales_pack, store)
    question = _question(sales_pack)
    answer = _spoken(recorder, question, "週次でパイプラインを見直します。")
    recorder.record(question, answer, 180)
    assert recorder.session_id is not None
    row = store.answers(recorder.session_id)[0]
    assert row.audio_path == answer.audio and Path(row.audio_path or "").is_file()
    assert Path(row.audio_path or "").parent == session_audio_dir(recorder.session_id)
    assert row.transcript is not None and row.transcript["text"] == HEARD.text
    assert row.text == "週次でパイプラインを見直します。"  # the corrected text is the answer


def test_recorder_without_keep_audio_deletes_the_recording_once_transcribed(
    sales_pack: Pack,
) -> None:
    store = Store()
    recorder = _recorder(sales_pack, store, keep_audio=False)
    question = _question(sales_pack)
    answer = _spoken(recorder, question, "週次で見直します。")
    recorder.record(question, answer, 180)
    assert recorder.session_id is not None
    row = store.answers(recorder.session_id)[0]
    assert not Path(answer.audio or "").exists()
    assert row.audio_path is None and row.transcript is not None


def test_recorder_commits_a_recording_before_it_is_transcribed(
    sales_pack: Pack, tmp_path: Path
) -> None:
    store = Store()
    recorder = _recorder(sales_pack, store)
    source = tmp_path / "answer.FLAC"
    source.write_bytes(b"fLaC-bytes")
    answer_id, copy = recorder.record_audio(_question(sales_pack), source, 180, 6.0)
    assert recorder.session_id is not None
    assert copy.parent == session_audio_dir(recorder.session_id) and copy.suffix == ".flac"
    assert copy.read_bytes() == b"fLaC-bytes" and source.exists()
    (row,) = store.untranscribed(recorder.session_id)
    assert (row.id, row.audio_path, row.text, row.answer_seconds) == (answer_id, str(copy), "", 6.0)
    recorder.transcribed(answer_id, HEARD, str(copy), text=True)
    row = store.answers(recorder.session_id)[0]
    assert row.text == HEARD.text and row.transcript is not None
    assert store.untranscribed(recorder.session_id) == []


def test_recorder_numbers_the_recordings_of_one_question(sales_pack: Pack) -> None:
    recorder = _recorder(sales_pack, Store())
    question = _question(sales_pack)
    first = recorder.audio_path(question)
    first.write_bytes(b"x")
    assert recorder.audio_path(question) != first


@pytest.mark.parametrize("with_store", [True, False], ids=["history", "no-history"])
def test_recorder_turns_a_spoken_answers_evaluation_into_a_spoken_one(
    sales_pack: Pack, with_store: bool
) -> None:
    store = Store() if with_store else None
    recorder = _recorder(sales_pack, store)
    question = _question(sales_pack)
    answer_id = recorder.record(question, Answer(STRONG_JA, 3.0, 60.0), 180)
    typed = OfflineScorer(sales_pack).score(Attempt(question, STRONG_JA, None, 60.0, 180))
    evaluation = recorder.evaluate(answer_id, typed, HEARD, before_recording=1.5)
    data = evaluation.to_dict()
    assert data["transcript"] == HEARD.text
    speech = data["delivery"]["speech"]
    assert speech["fillers"] == {"えーと": 1} and speech["before_recording"] == 1.5
    assert speech["latency"] == 2.0  # 1.5 s before recording + 0.5 s before the first word
    assert "transcript" not in typed.to_dict()  # a typed answer's evaluation keeps its shape
    if store is not None:
        assert recorder.session_id is not None
        row = store.answers(recorder.session_id)[0]
        assert row.evaluation is not None and row.evaluation.transcript == HEARD.text
    else:
        assert answer_id is None and recorder.session_id is None

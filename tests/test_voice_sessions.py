"""Spoken answers without a terminal: `coach drill --answer-audio`, audio lines in `coach score`,
`--no-keep-audio`, and `coach practice --resume` transcribing what a crash left.

The real Whisper hears the committed recordings (skipped without coach[voice] unless
COACH_REQUIRE_VOICE=1); the model is loaded once and handed to the commands."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.paths import session_audio_dir
from coach.store import SessionKind, SessionStatus, Store
from tests.helpers.voice import EN_FLAC, JA_WAV, VoiceModels

runner = CliRunner()


@pytest.fixture
def whisper(voice_models: VoiceModels, monkeypatch: pytest.MonkeyPatch) -> VoiceModels:
    """The commands get the Whisper already loaded (the same class, with its real model)."""
    from coach.voice import stt

    monkeypatch.setattr(stt, "WhisperTranscriber", lambda: voice_models.transcriber)
    return voice_models


def coach(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    env = {"COLUMNS": "120", "LANG": "C.UTF-8"}
    result = runner.invoke(app, list(args), input=stdin, env=env)
    return result.exit_code, result.stdout, result.stderr


def _only_answer(store: Store) -> tuple[str, Path | None]:
    session = store.latest_session()
    assert session is not None
    (row,) = store.answers(session.id)
    return session.id, None if row.audio_path is None else Path(row.audio_path)


def test_drill_answer_audio_transcribes_scores_and_keeps_the_recording(
    whisper: VoiceModels,
) -> None:
    code, out, err = coach(
        "drill", "pipeline-forecast", "--answer-audio", str(JA_WAV), "--format", "json",
        "--lang", "ja",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert "パイプライン" in data["transcript"]
    speech = data["delivery"]["speech"]
    assert speech["rate_unit"] == "cpm" and speech["speaking_seconds"] > 2
    assert isinstance(speech["fillers"], dict) and speech["long_pauses"] == 0
    store = Store()
    session_id, audio = _only_answer(store)
    assert audio is not None and audio.parent == session_audio_dir(session_id)
    assert audio.read_bytes() == JA_WAV.read_bytes()  # a copy; the given file stays
    row = store.answers(session_id)[0]
    assert row.transcript is not None and row.text == data["transcript"]
    assert row.evaluation is not None and row.evaluation.to_dict() == data


def test_drill_answer_audio_without_keep_audio_deletes_the_copy(whisper: VoiceModels) -> None:
    code, out, err = coach(
        "drill", "pipeline-forecast", "--answer-audio", str(EN_FLAC), "--format", "json",
        "--lang", "en", "--no-keep-audio",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert "pipeline" in data["transcript"].lower()
    assert data["delivery"]["speech"]["fillers"] == {"um": 1}  # primed Whisper keeps it
    store = Store()
    session_id, audio = _only_answer(store)
    assert audio is None and not any(session_audio_dir(session_id).iterdir())
    assert EN_FLAC.is_file()


def test_drill_answer_audio_keeps_the_answer_when_transcription_crashes(
    whisper: VoiceModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(audio: str, lang: str) -> None:
        raise RuntimeError("the decoder died")

    monkeypatch.setattr(whisper.transcriber, "transcribe", crash)
    code, out, _ = coach("drill", "pipeline-forecast", "--answer-audio", str(JA_WAV))
    assert code != 0 and out == ""
    store = Store()
    session_id, audio = _only_answer(store)
    assert audio is not None and audio.read_bytes() == JA_WAV.read_bytes()
    (row,) = store.untranscribed(session_id)  # --resume (or a rerun) transcribes it later
    assert row.evaluation is None


@pytest.mark.parametrize(
    ("name", "key"),
    [("missing.wav", "does not exist"), ("broken.wav", "cannot be read")],
)
def test_drill_answer_audio_refuses_a_bad_file_in_one_line(
    whisper: VoiceModels, tmp_path: Path, name: str, key: str
) -> None:
    if name == "broken.wav":
        (tmp_path / name).write_bytes(b"not audio at all")
    code, out, err = coach(
        "drill", "pipeline-forecast", "--answer-audio", str(tmp_path / name), "--lang", "en"
    )
    assert code == 1 and out == "" and err.count("\n") == 1 and key in err
    assert Store().sessions() == []  # nothing half-written


def test_score_takes_a_recording_instead_of_an_answer(whisper: VoiceModels, tmp_path: Path) -> None:
    lines = [
        {"id": "spoken", "question": "pipeline-forecast", "audio": str(EN_FLAC), "lang": "en"},
        {"id": "typed", "question": "pipeline-forecast", "answer": "I review it weekly."},
        {"id": "lost", "question": "pipeline-forecast", "audio": str(tmp_path / "gone.wav")},
    ]
    source = tmp_path / "answers.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    code, out, err = coach("score", str(source), "--lang", "en")
    assert code == 1  # one line failed
    spoken, typed, lost = (json.loads(line) for line in out.splitlines())
    assert "pipeline" in spoken["transcript"].lower()
    assert spoken["delivery"]["speech"]["rate_unit"] == "wpm"
    assert "transcript" not in typed and "speech" not in typed["delivery"]
    assert lost["id"] == "lost" and "does not exist" in lost["error"]
    assert "1 failed" in err or "failed" in err


def test_resume_transcribes_recordings_a_crash_left(
    whisper: VoiceModels, sales_pack: object
) -> None:
    from coach.packs.model import Pack
    from coach.session.plan import make_plan
    from coach.session.recorder import SessionRecorder

    assert isinstance(sales_pack, Pack)
    store = Store()
    plan = make_plan(sales_pack, questions=1, seed=3, follow_ups=0)
    recorder = SessionRecorder(store, sales_pack, "ja")
    session_id = recorder.start(SessionKind.PRACTICE, "offline", None, plan.to_dict())
    assert session_id is not None
    question = sales_pack.find(plan.items[0].question)
    assert question is not None
    _, copy = recorder.record_audio(question, JA_WAV, plan.items[0].budget, 4.8)
    code, _, err = coach("practice", "--resume", "--lang", "ja", "--no-keep-audio", stdin="")
    assert code == 0, err
    (row,) = store.answers(session_id)
    assert "パイプライン" in row.text and row.transcript is not None
    assert row.evaluation is not None and row.evaluation.delivery.speech is not None
    assert row.audio_path is None and not copy.exists()
    session = store.session(session_id)
    assert session is not None and session.status == SessionStatus.FINISHED


# -- without the extra (the import fails as it would without coach[voice]) -------------------
@pytest.fixture
def no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "faster_whisper", None)
    monkeypatch.setitem(sys.modules, "sounddevice", None)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Speech needs the voice extra"), ("ja", "音声機能には追加パッケージが必要です")],
)
def test_drill_answer_audio_without_the_extra_says_what_to_install(
    no_extra: None, tmp_path: Path, lang: str, expected: str
) -> None:
    audio = tmp_path / "answer.wav"
    shutil.copyfile(JA_WAV, audio)
    code, out, err = coach(
        "drill", "pipeline-forecast", "--answer-audio", str(audio), "--lang", lang
    )
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and expected in err and "coach-interview[voice]" in err
    assert Store().sessions() == []  # nothing half-written
    assert not (session_audio_dir("x").parent).exists()


def test_score_with_an_audio_line_without_the_extra_says_what_to_install(
    no_extra: None, tmp_path: Path
) -> None:
    source = tmp_path / "answers.jsonl"
    lines = [
        {"id": 1, "question": "pipeline-forecast", "answer": "I review it weekly."},
        {"id": 2, "question": "pipeline-forecast", "audio": str(EN_FLAC)},
    ]
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    code, out, err = coach("score", str(source), "--lang", "en")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Speech needs the voice extra" in err

"""`coach practice` from a pipe, `coach report` and `coach history` through Typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from tests.helpers.answers import STRONG_EN, STRONG_JA

runner = CliRunner()


def _practice(*args: str, answers: list[str]) -> str:
    stdin = "".join(a + "\n.\n" for a in answers)
    result = runner.invoke(
        app,
        ["practice", "--questions", "2", "--seed", "5", "--follow-ups", "0", *args],
        input=stdin,
        env={"COLUMNS": "120"},
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_practice_from_a_pipe_starts_at_once_and_ends_with_the_summary() -> None:
    out = _practice("--lang", "en", answers=[STRONG_EN, STRONG_EN])
    assert "Your panel" in out and "Question 1/2" in out and "Question 2/2" in out
    assert "Session summary" in out and "coach report" in out


def test_practice_end_of_input_scores_what_was_answered() -> None:
    out = _practice("--lang", "ja", answers=[STRONG_JA])
    assert "セッションの結果" in out
    report = runner.invoke(app, ["report", "latest", "--format", "json"])
    data = json.loads(report.stdout)
    assert len(data["questions"]) == 1 and data["status"] == "finished"


def test_practice_bad_options() -> None:
    result = runner.invoke(app, ["practice", "--area", "nope"], input="")
    assert result.exit_code == 1 and "no area 'nope'" in result.stderr
    result = runner.invoke(app, ["practice", "--follow-ups", "5"], input="")
    assert result.exit_code == 2


def test_report_markdown_to_file_refuses_overwrite(tmp_path: Path) -> None:
    _practice("--lang", "en", answers=[STRONG_EN, "I would ask the team."])
    target = tmp_path / "report.md"
    result = runner.invoke(app, ["report", "latest", "-o", str(target), "--lang", "en"])
    assert result.exit_code == 0 and target.exists()
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Interview practice report")
    assert "## Session summary" in text and "<details>" in text and "## Progress" in text
    result = runner.invoke(app, ["report", "latest", "-o", str(target)])
    assert result.exit_code == 1 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == text
    result = runner.invoke(app, ["report", "latest", "-o", str(target), "--force"])
    assert result.exit_code == 0


def test_report_unknown_session_and_empty_history() -> None:
    result = runner.invoke(app, ["report", "latest"])
    assert result.exit_code == 1 and "no sessions yet" in result.stderr
    _practice(answers=[STRONG_EN])
    result = runner.invoke(app, ["report", "20990101-000000-dead"])
    assert result.exit_code == 1 and "no session" in result.stderr


def test_history_shows_sessions_trend_and_weakest() -> None:
    result = runner.invoke(app, ["history", "--lang", "en"])
    assert result.exit_code == 0 and "No history yet" in result.stdout
    _practice("--lang", "en", answers=[STRONG_EN, "I don't know."])
    _practice("--lang", "en", answers=[STRONG_EN, STRONG_EN])
    result = runner.invoke(app, ["history", "--lang", "en"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert result.stdout.count("practice") >= 2
    assert "Trend:" in result.stdout and "Drill next:" in result.stdout


def test_empty_sessions_are_not_listed_nor_latest_and_end_in_one_line() -> None:
    _practice("--lang", "en", answers=[STRONG_EN])
    answered = json.loads(runner.invoke(app, ["report", "latest", "--format", "json"]).stdout)
    out = _practice("--lang", "en", answers=[])  # ended before answering anything
    assert out.rstrip().endswith(
        "Ended with no answers; this session is not listed in the history."
    )
    assert "Session summary" not in out and "coach report" not in out  # no empty table, no hint
    drill = runner.invoke(app, ["drill", "turnaround", "--lang", "en"], input="")  # blank answer
    assert drill.exit_code == 0
    report = runner.invoke(app, ["report", "latest", "--format", "json"])
    assert json.loads(report.stdout)["session"] == answered["session"]
    result = runner.invoke(app, ["history", "--lang", "en"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert result.stdout.count(" practice ") == 1 and " 0 " not in result.stdout


def test_history_ids_stay_whole_at_120_and_80_columns() -> None:
    from coach.store import Store

    _practice("--lang", "en", answers=[STRONG_EN, STRONG_EN])
    _practice("--lang", "ja", answers=[STRONG_JA])
    ids = [s.id for s in Store().sessions()]
    for columns in ("120", "80"):
        for lang in ("en", "ja"):
            result = runner.invoke(app, ["history", "--lang", lang], env={"COLUMNS": columns})
            assert result.exit_code == 0
            for session_id in ids:
                assert session_id in result.stdout, (columns, lang, result.stdout)
            widest = max(len(line) for line in result.stdout.splitlines())
            assert widest <= int(columns)
    limited = runner.invoke(app, ["history", "--limit", "1"], env={"COLUMNS": "120"})
    assert limited.exit_code == 0 and ids[0] in limited.stdout and ids[1] not in limited.stdout


def test_history_and_report_read_every_sessions_answers_in_one_call(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from coach.store import Store

    for _ in range(3):
        _practice("--lang", "en", answers=[STRONG_EN, STRONG_EN])
    calls: list[str] = []
    one, many = Store.answers, Store.answers_of

    def answers(self, session_id):  # type: ignore[no-untyped-def]
        calls.append("answers")
        return one(self, session_id)

    def answers_of(self, session_ids):  # type: ignore[no-untyped-def]
        calls.append("answers_of")
        return many(self, session_ids)

    monkeypatch.setattr(Store, "answers", answers)
    monkeypatch.setattr(Store, "answers_of", answers_of)
    table = runner.invoke(app, ["history", "--lang", "en"], env={"COLUMNS": "120"})
    assert table.exit_code == 0 and table.stdout.count(" practice ") == 3
    as_json = runner.invoke(app, ["history", "--format", "json"])
    assert len(json.loads(as_json.stdout)["sessions"]) == 3
    assert calls == ["answers_of", "answers_of"]  # not one query per session
    calls.clear()
    report = runner.invoke(app, ["report", "latest", "--format", "json"])
    assert report.exit_code == 0 and len(json.loads(report.stdout)["progress"]) == 3
    assert calls == ["answers", "answers_of"]  # this session's answers, then the progress


def test_history_delete_asks_first_and_removes_the_session() -> None:
    from coach.store import Store

    _practice("--lang", "en", answers=[STRONG_EN])
    _practice("--lang", "en", answers=[STRONG_EN, STRONG_EN])
    older, newer = reversed([s.id for s in Store().sessions()])
    result = runner.invoke(app, ["history", "delete", older, "--lang", "en"], input="n\n")
    assert result.exit_code == 0 and "Nothing was deleted" in result.stderr
    assert Store().session(older) is not None
    result = runner.invoke(app, ["history", "delete", older, "--lang", "en"], input="")
    assert result.exit_code == 1 and "--yes" in result.stderr
    result = runner.invoke(app, ["history", "delete", older, "--lang", "ja"], input="y\n")
    assert result.exit_code == 0 and "セッション 1 件、回答 1 件" in result.stdout
    assert Store().session(older) is None and Store().answers(older) == []
    result = runner.invoke(app, ["history", "delete", older, "--yes"])
    assert result.exit_code == 1 and "no session" in result.stderr
    result = runner.invoke(app, ["history", "--lang", "en"], env={"COLUMNS": "120"})
    assert older not in result.stdout and newer in result.stdout


def test_history_purge_before_a_date_or_all() -> None:
    from coach.store import Store

    _practice("--lang", "en", answers=[STRONG_EN])
    _practice("--lang", "en", answers=[STRONG_EN, STRONG_EN])
    store = Store()
    old = store.sessions()[-1].id
    store.db.execute(
        "UPDATE sessions SET started_at = '2020-06-01T00:00:00+00:00' WHERE id = ?", (old,)
    )
    assert runner.invoke(app, ["history", "purge"]).exit_code == 1
    both = runner.invoke(app, ["history", "purge", "--all", "--before", "2021-01-01"])
    assert both.exit_code == 1 and "--before" in both.stderr
    bad = runner.invoke(app, ["history", "purge", "--before", "2021-13-01", "--yes"])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.stderr
    result = runner.invoke(
        app, ["history", "purge", "--before", "2021-01-01", "--lang", "en"], input="y\n"
    )
    assert result.exit_code == 0 and "sessions 1, answers 1" in result.stdout
    assert [s.id for s in Store().sessions()] != [] and Store().session(old) is None
    result = runner.invoke(app, ["history", "purge", "--all", "--yes", "--lang", "en"])
    assert result.exit_code == 0 and "sessions 1, answers 2" in result.stdout
    assert Store().sessions() == []
    assert "No history yet" in runner.invoke(app, ["history", "--lang", "en"]).stdout


def test_practice_quit_exits_130_and_resume_finishes_with_0(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from coach.errors import ExitStatus
    from coach.session.drill import Answer
    from coach.ui.practice_io import PlainPractice

    real = PlainPractice.read_answer
    calls: list[str] = []

    def quits_on_the_second(self, question, budget, session_status, *, draft=""):  # type: ignore[no-untyped-def]
        calls.append(draft)
        if len(calls) == 2:
            return Answer("途中まで", 1.0, 5.0, menu_choice="quit")  # Ctrl-C twice
        return real(self, question, budget, session_status, draft=draft)

    monkeypatch.setattr(PlainPractice, "read_answer", quits_on_the_second)
    args = ["practice", "--questions", "2", "--seed", "5", "--follow-ups", "0", "--lang", "ja"]
    quit_ = runner.invoke(app, args, input=STRONG_JA + "\n.\n")
    assert quit_.exit_code == ExitStatus.INTERRUPTED == 130, quit_.stderr
    assert "--resume" in quit_.stdout
    resumed = runner.invoke(app, [*args, "--resume"], input=STRONG_JA + "\n.\n")
    assert resumed.exit_code == ExitStatus.OK, resumed.stderr
    assert calls[-1] == "途中まで"  # the draft is offered back
    assert "セッションの結果" in resumed.stdout


def test_exit_status_names_the_codes_the_readme_lists() -> None:
    from coach.errors import CoachError, ExitStatus

    assert [int(s) for s in ExitStatus] == [0, 1, 2, 129, 130, 143]
    assert CoachError("x").exit_code is ExitStatus.ERROR
    assert ExitStatus.after_signal(15) == ExitStatus.TERMINATED
    assert ExitStatus.after_signal(1) == ExitStatus.HANGUP
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    line = readme[readme.index("Exit codes:") :][:400]
    for status in ExitStatus:
        assert str(int(status)) in line, status


def test_practice_minutes_6_says_what_the_plan_dropped() -> None:
    result = runner.invoke(
        app,
        ["practice", "--minutes", "6", "--seed", "1", "--lang", "ja"],
        input=STRONG_JA + "\n.\n" + "はい。\n.\n",
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.stderr
    assert "この計画に入らなかった面接官:" in result.stdout
    assert "入らなかったケース課題:" in result.stdout
    assert "--minutes" in result.stdout and "以上にしてください" in result.stdout


def _spoken_history() -> tuple[str, str, str]:
    """A typed practice session, then two spoken ones (slower, fewer fillers a minute)."""
    from coach.scoring.evaluation import SpeechDelivery
    from coach.store import Store
    from tests.helpers.speech import spoken_session

    store = Store()
    typed = spoken_session(store, [None])
    first = spoken_session(store, [SpeechDelivery(60.0, 190.0, "wpm", (120, 170), {"um": 4})])
    calm = SpeechDelivery(120.0, 160.0, "wpm", (120, 170), {"um": 3, "like": 1})
    last = spoken_session(store, [calm, None])
    store.close()
    return typed, first, last


def test_history_shows_the_pace_and_fillers_of_spoken_sessions_and_their_trend() -> None:
    typed, first, last = _spoken_history()
    for columns in ("80", "120"):
        en = runner.invoke(app, ["history", "--lang", "en"], env={"COLUMNS": columns}).stdout
        assert max(len(line) for line in en.splitlines()) <= int(columns)
        rows = [" ".join(line.replace("│", " ").split()) for line in en.splitlines()]
        assert f"{last} 160 words/min 4 (2.0/min)" in rows
        assert f"{first} 190 words/min 4 (4.0/min)" in rows
        assert not any(row.startswith(typed) for row in rows)
        assert "Speech trend: pace 190 → 160 words/min, within the usual 120–170; " in en
        assert en.index("Trend:") < en.index("Delivery (speech)") < en.index("Speech trend")
        ja = runner.invoke(app, ["history", "--lang", "ja"], env={"COLUMNS": columns}).stdout
        assert f"{last}160語/分4回(毎分2.0回)" in "".join(ja.replace("│", "").split())
        assert "話し方の推移:話す速さ190→160語/分(目安120〜170の範囲内)" in "".join(ja.split())
    data = json.loads(runner.invoke(app, ["history", "--format", "json"]).stdout)
    speech = {s["id"]: s["speech"] for s in data["sessions"]}
    assert speech == {
        last: {
            "answers": 1,
            "rate": 160.0,
            "rate_unit": "wpm",
            "fillers": 4,
            "speaking_seconds": 120.0,
        },
        first: {
            "answers": 1,
            "rate": 190.0,
            "rate_unit": "wpm",
            "fillers": 4,
            "speaking_seconds": 60.0,
        },
        typed: None,
    }


def test_history_without_spoken_answers_is_unchanged() -> None:
    _practice("--lang", "en", answers=[STRONG_EN, STRONG_EN])
    _practice("--lang", "en", answers=[STRONG_EN])
    for lang in ("en", "ja"):
        out = runner.invoke(app, ["history", "--lang", lang], env={"COLUMNS": "120"}).stdout
        for added in ("Delivery (speech)", "Speech trend", "話し方", "words/min", "語/分"):
            assert added not in out
        lines = out.splitlines()
        trend = next(i for i, line in enumerate(lines) if line.startswith(("Trend:", "推移:")))
        assert lines[trend + 1].startswith(("Drill next:", "次に練習する質問:"))
    data = json.loads(runner.invoke(app, ["history", "--format", "json"]).stdout)
    for session in data["sessions"]:
        assert list(session) == [
            "id",
            "kind",
            "status",
            "started_at",
            "ended_at",
            "pack",
            "pack_version",
            "lang",
            "backend",
            "model",
            "answered",
            "overall",
            "areas",
            "speech",
        ]
        assert session["speech"] is None


def test_report_shows_the_spoken_sessions_pace_and_fillers_in_its_progress() -> None:
    typed, first, last = _spoken_history()
    report = runner.invoke(app, ["report", last, "--lang", "en"])
    assert report.exit_code == 0
    progress = report.stdout[report.stdout.index("## Progress") :]
    assert "| Date | Session | Overall | Pace | Fillers |" in progress
    assert f"`{last}` ← | 3.0 | 160 words/min | 4 (2.0/min) |" in progress
    assert f"`{first}` | 3.0 | 190 words/min | 4 (4.0/min) |" in progress
    assert f"`{typed}` | 3.0 | - | - |" in progress
    assert "fillers per minute 4.0 → 2.0, fewer" in progress
    data = json.loads(runner.invoke(app, ["report", last, "--format", "json"]).stdout)
    assert data["speech"] == {
        "answers": 1,
        "rate": 160.0,
        "rate_unit": "wpm",
        "fillers": 4,
        "speaking_seconds": 120.0,
    }
    typed_json = json.loads(runner.invoke(app, ["report", typed, "--format", "json"]).stdout)
    assert typed_json["speech"] is None


def test_a_spoken_drill_has_its_speech_in_the_json_report() -> None:
    from coach.scoring.evaluation import SpeechDelivery
    from coach.store import SessionKind, Store
    from tests.helpers.speech import spoken_session

    store = Store()
    speech = SpeechDelivery(40.0, 312.0, "cpm", (250, 350), {"えーと": 1})
    drill = spoken_session(store, [speech], kind=SessionKind.DRILL)
    store.close()
    data = json.loads(runner.invoke(app, ["report", drill, "--format", "json"]).stdout)
    assert data["progress"] == [] and data["speech"] == {
        "answers": 1,
        "rate": 312.0,
        "rate_unit": "cpm",
        "fillers": 1,
        "speaking_seconds": 40.0,
    }


def _spoken_draft_left_by_a_crash(sales_pack: object) -> tuple[str, Path]:
    """A practice whose first answer was recorded (kept as its draft), then the process died."""
    from coach.packs.model import Pack
    from coach.session.plan import make_plan
    from coach.session.recorder import SessionRecorder
    from coach.store import SessionKind, Store

    assert isinstance(sales_pack, Pack)
    store = Store()
    plan = make_plan(sales_pack, questions=1, seed=3, follow_ups=0)
    recorder = SessionRecorder(store, sales_pack, "ja")
    session_id = recorder.start(SessionKind.PRACTICE, "offline", None, plan.to_dict())
    question = sales_pack.find(plan.items[0].question)
    assert session_id is not None and question is not None
    audio = recorder.audio_path(question)
    audio.write_bytes(b"RIFF....WAVE")
    store.save_draft(session_id, question.id, "Q", "", audio_path=str(audio))
    return session_id, audio


def test_practice_resume_transcribes_a_spoken_draft_and_keeps_its_recording(
    sales_pack: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach import voice
    from coach.store import Store
    from coach.voice import stt
    from coach.voice.transcript import Transcript

    files: list[str] = []

    class Heard:
        def transcribe(self, audio: str, lang: str) -> Transcript:
            files.append(audio)
            return Transcript(STRONG_JA, lang, 30.0, ())

    monkeypatch.setattr(voice, "require", lambda: None)
    monkeypatch.setattr(stt, "WhisperTranscriber", Heard)
    session_id, audio = _spoken_draft_left_by_a_crash(sales_pack)
    result = runner.invoke(app, ["practice", "--resume", "--lang", "ja"], input=f"{STRONG_JA}\n.\n")
    assert result.exit_code == 0, result.stderr
    assert files == [str(audio)]
    (row,) = Store().answers(session_id)
    assert row.text == STRONG_JA and row.audio_path == str(audio)
    assert row.transcript is not None and row.transcript["text"] == STRONG_JA


def test_practice_resume_of_a_spoken_draft_without_the_extra_says_what_to_install(
    sales_pack: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach import voice
    from coach.store import Store

    monkeypatch.setattr(voice, "components", lambda: [voice.Component("faster-whisper", "x", None)])
    session_id, audio = _spoken_draft_left_by_a_crash(sales_pack)
    result = runner.invoke(app, ["practice", "--resume", "--lang", "en"], input="")
    assert result.exit_code == 1 and "Speech needs the voice extra" in result.stderr
    assert result.stderr.count("\n") == 1
    assert Store().drafts(session_id)  # still there

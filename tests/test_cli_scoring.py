"""`coach score` and `coach drill --answer-file` through Typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.store import Store
from tests.helpers.answers import STRONG_EN, STRONG_JA

runner = CliRunner()


def test_score_jsonl_keeps_order_and_reports_bad_lines(coach_home: Path) -> None:
    lines = [
        json.dumps({"id": "a", "question": "pipeline-forecast", "answer": STRONG_JA}),
        "",
        "{not json",
        json.dumps({"id": "c", "question": "nope", "answer": "x"}),
        json.dumps({"id": "d", "question": "build-team"}),
        json.dumps({"id": "e", "question": "build-team", "answer": 5}),
        json.dumps({"id": "f", "question": "build-team", "answer": "x", "lang": "fr"}),
        json.dumps(["a list"]),
        json.dumps({"question": "pipeline-forecast", "answer": STRONG_EN, "seconds": 120}),
    ]
    result = runner.invoke(app, ["score", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", None, "c", "d", "e", "f", None, 9]
    assert out[0]["overall"] >= 3.0 and out[0]["question"] == "pipeline-forecast"
    assert out[1] == {"id": None, "line": 3, "error": out[1]["error"]}
    assert "invalid JSON" in out[1]["error"]
    assert "unknown question 'nope'" in out[2]["error"]
    assert "missing 'answer'" in out[3]["error"] and out[3]["line"] == 5
    assert "must be a string" in out[4]["error"] and "ja or en" in out[5]["error"]
    assert out[7]["delivery"]["seconds"] == 120 and out[7]["delivery"]["rate_unit"] == "wpm"
    assert "2 scored, 6 failed" in result.stderr


def test_score_all_good_exits_zero_and_table_format(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": 1, "question": "pipeline-forecast", "answer": STRONG_EN}) + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == 1
    table = runner.invoke(
        app, ["score", str(path), "--format", "table", "--lang", "en"], env={"COLUMNS": "120"}
    )
    assert table.exit_code == 0 and "pipeline-forecast" in table.stdout


def test_score_missing_file_is_one_line() -> None:
    result = runner.invoke(app, ["score", "/nonexistent/answers.jsonl"])
    assert result.exit_code == 1
    assert "cannot read the answer file" in result.stderr and "Traceback" not in result.stderr


def test_drill_answer_file_json_and_saved_in_history(tmp_path: Path, coach_home: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(STRONG_JA, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "drill",
            "pipeline-forecast",
            "--answer-file",
            str(answer),
            "--format",
            "json",
            "--lang",
            "ja",
        ],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["question"] == "pipeline-forecast" and data["overall"] >= 3.0
    store = Store()
    (session,) = store.sessions()
    (saved,) = store.answers(session.id)
    assert saved.text == STRONG_JA and saved.evaluation is not None
    assert saved.evaluation.overall == data["overall"]


def test_drill_text_from_stdin_in_english() -> None:
    result = runner.invoke(
        app,
        ["drill", "pipeline-forecast", "--answer-file", "-", "--lang", "en"],
        input=STRONG_EN,
        env={"COLUMNS": "120"},
    )
    assert result.exit_code == 0
    assert "Overall" in result.stdout and "Evaluation points" in result.stdout


def test_drill_non_interactive_reads_up_to_a_dot_line() -> None:
    result = runner.invoke(
        app, ["drill", "pipeline-forecast", "--format", "json"], input=STRONG_EN + "\n.\nignored\n"
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["delivery"]["words"] == len(STRONG_EN.split())


def test_drill_bad_input_is_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["drill", "pipline-forecast", "--answer-file", "-"], input="x")
    assert result.exit_code == 1 and "Did you mean: pipeline-forecast" in result.stderr
    result = runner.invoke(app, ["drill", "--answer-file", "-"], input="x")
    assert result.exit_code == 1 and "QUESTION_ID" in result.stderr
    result = runner.invoke(
        app, ["drill", "build-team", "--answer-file", str(tmp_path / "none.txt")]
    )
    assert result.exit_code == 1 and "cannot read the answer file" in result.stderr
    result = runner.invoke(
        app, ["drill", "build-team", "--backend", "nope", "--answer-file", "-"], input="x"
    )
    assert result.exit_code == 1 and "no backend 'nope'" in result.stderr


def test_drill_weakest_uses_history(tmp_path: Path) -> None:
    weak = runner.invoke(
        app, ["drill", "gtm-plan", "--answer-file", "-", "--format", "json"], input="頑張ります。"
    )
    strong = runner.invoke(
        app,
        ["drill", "pipeline-forecast", "--answer-file", "-", "--format", "json"],
        input=STRONG_JA,
    )
    assert weak.exit_code == strong.exit_code == 0
    result = runner.invoke(
        app, ["drill", "--weakest", "--answer-file", "-", "--format", "json"], input="x"
    )
    assert json.loads(result.stdout)["question"] == "gtm-plan"


def test_drill_weakest_says_why_it_picked_the_question() -> None:
    for question, answer in (("gtm-plan", "頑張ります。"), ("pipeline-forecast", STRONG_EN)):
        runner.invoke(
            app, ["drill", question, "--answer-file", "-", "--format", "json"], input=answer
        )
    runner.invoke(app, ["drill", "gtm-plan", "--answer-file", "-", "--format", "json"], input="x")
    latest = Store().question_scores("sales-manager")["gtm-plan"]
    result = runner.invoke(
        app,
        ["drill", "--weakest", "--answer-file", "-", "--format", "json", "--lang", "en"],
        input="x",
    )
    average = sum(score for _, score in latest) / 2
    assert json.loads(result.stdout)["question"] == "gtm-plan"  # stdout stays JSON
    why = result.stderr.strip().splitlines()[0]
    assert why.startswith("Picked because its latest score, ") and "(2 attempts" in why
    assert f"{latest[-1][1]:.1f}" in why and f"average {average:.1f}" in why


def test_drill_weakest_without_history_says_it_picked_at_random() -> None:
    result = runner.invoke(
        app, ["drill", "--weakest", "--answer-file", "-", "--lang", "ja"], input="x"
    )
    assert result.exit_code == 0
    assert "まだ履歴がないため、ランダムに選びました" in result.stderr


def test_drill_picker_through_the_cli(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    monkeypatch.setattr("coach.cli.scoring._stdin_is_terminal", lambda: True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        # a wrong id, then number 2; an answer (Esc Enter); then quit at "Next?"
        pipe.send_text("nope\n2\n" + STRONG_EN + "\x1b\r" + "q")
        result = runner.invoke(app, ["drill", "--offline", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert " 1  build-team" in result.stdout and " 2  pipeline-forecast" in result.stdout
    assert "No question is 'nope'" in result.stdout
    assert Store().question_scores("sales-manager").keys() == {"pipeline-forecast"}


@pytest.mark.parametrize(("in_process", "parallel"), [(True, 1), (False, 3), (None, 3)])
def test_score_runs_an_in_process_scorer_one_answer_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_process: bool | None, parallel: int
) -> None:
    """Whether answers are scored in parallel follows what the scorer says of itself, not its
    name: an embedded plugin runs one at a time; a plugin that does not say is remote."""
    from coach import backends
    from coach.session import batch

    class Embedded:
        name = "embedded"

        def warm_up(self) -> None:
            pass

    says = {} if in_process is None else {"in_process": in_process}
    plugin = type("Plugin", (Embedded,), says)
    real = backends.registry

    def with_plugin() -> backends.Registry:
        found = real()
        found.factories["embedded"] = lambda pack, model=None: plugin()
        return found

    seen: list[int] = []

    def run(
        jobs: object, pack: object, scorer: object, used: int, **kwargs: object
    ) -> list[object]:
        seen.append(used)
        return []

    monkeypatch.setattr(backends, "registry", with_plugin)
    monkeypatch.setattr(batch, "run", run)
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"question": "build-team", "answer": "x"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(path), "--backend", "embedded", "--concurrency", "3"])
    assert result.exit_code == 0, result.output
    assert seen == [parallel]


# -- a spoken drill a crash cut short: `coach drill --resume`, and `coach history` says so -----
class _Heard:
    """Stands in for Whisper."""

    def __init__(self) -> None:
        self.files: list[str] = []

    def transcribe(self, audio: str, lang: str) -> object:
        from coach.voice.transcript import Transcript, Word

        self.files.append(audio)
        return Transcript(STRONG_JA, lang, 30.0, (Word("えーと", 0.2, 0.6),))


def _crashed_drill(sales_pack: object) -> tuple[str, Path]:
    """A spoken drill whose recording was committed, then the process died."""
    from coach.packs.model import Pack
    from coach.session.recorder import SessionRecorder
    from coach.session.types import Answer
    from coach.store import SessionKind

    assert isinstance(sales_pack, Pack)
    recorder = SessionRecorder(Store(), sales_pack, "ja")
    session_id = recorder.start(SessionKind.DRILL, "offline", None, {"question": "x"})
    question = sales_pack.find("pipeline-forecast")
    assert session_id is not None and question is not None
    audio = recorder.audio_path(question)
    audio.write_bytes(b"RIFF....WAVE")
    recorder.record(question, Answer("", audio=str(audio)), 180)
    return session_id, audio


@pytest.fixture
def whisper_stand_in(monkeypatch: pytest.MonkeyPatch) -> _Heard:
    from coach import voice
    from coach.voice import stt

    heard = _Heard()
    monkeypatch.setattr(voice, "require", lambda: None)
    monkeypatch.setattr(stt, "WhisperTranscriber", lambda: heard)
    return heard


def test_drill_resume_transcribes_and_scores_the_recording_a_crash_left(
    sales_pack: object, whisper_stand_in: _Heard
) -> None:
    from coach.store import SessionStatus

    session_id, audio = _crashed_drill(sales_pack)
    practice = runner.invoke(app, ["practice", "--resume", "--lang", "en"], input="")
    assert practice.exit_code == 1 and "no unfinished session" in practice.stderr  # not a drill
    result = runner.invoke(app, ["drill", "--resume", "--format", "json", "--lang", "ja"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["transcript"] == STRONG_JA and data["question"] == "pipeline-forecast"
    assert whisper_stand_in.files == [str(audio)]
    store = Store()
    (row,) = store.answers(session_id)
    assert row.text == STRONG_JA and row.audio_path == str(audio) and row.evaluation is not None
    session = store.session(session_id)
    assert session is not None and session.status == SessionStatus.FINISHED
    again = runner.invoke(app, ["drill", "--resume", "--lang", "en"])
    assert again.exit_code == 1 and "no unfinished drill" in again.stderr


def test_drill_resume_without_the_extra_says_what_to_install(
    sales_pack: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach import voice

    monkeypatch.setattr(voice, "components", lambda: [voice.Component("faster-whisper", "x", None)])
    session_id, _ = _crashed_drill(sales_pack)
    result = runner.invoke(app, ["drill", "--resume", "--lang", "en"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Speech needs the voice extra" in result.stderr
    assert Store().untranscribed(session_id) != []  # still there, to try again


def test_history_names_the_command_for_a_drill_recording_never_transcribed(
    sales_pack: object,
) -> None:
    session_id, _ = _crashed_drill(sales_pack)
    out = runner.invoke(app, ["history", "--lang", "en"], env={"COLUMNS": "200"}).stdout
    assert f"The unfinished drill {session_id} holds a recording" in out
    assert "coach drill --resume" in out
    ja = runner.invoke(app, ["history", "--lang", "ja"], env={"COLUMNS": "200"}).stdout
    assert "coach drill --resume を実行" in ja
    listed = runner.invoke(app, ["history", "--format", "json"]).stdout
    assert "drill --resume" not in listed  # the JSON stays as it was

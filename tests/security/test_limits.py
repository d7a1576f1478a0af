"""Bounded input, one clear line per failure, and a damaged database never overwritten."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coach.backends import ANSWER_LIMIT, TRUNCATED, create_scorer
from coach.cli.main import app
from coach.errors import CoachError
from coach.packs.model import Pack
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import Evaluation
from coach.session.batch import LINE_LIMIT
from coach.store import Store
from tests.helpers.answers import STRONG_EN
from tests.helpers.process import run_coach_process

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
WORDS = "pipeline forecast coverage stage weekly review deals commit risk team reps quota".split()


def _varied_text(size: int) -> str:
    """Sentences that never repeat, so no shortcut (repeat, recital) ends the scoring early."""
    rng = random.Random(1)
    parts: list[str] = []
    total = 0
    while total < size:
        part = " ".join(rng.choice(WORDS) for _ in range(12)) + f" {rng.randint(1, 999)}%."
        parts.append(part)
        total += len(part) + 1
    return " ".join(parts)[:size]


def _coach(*args: str, memory: int | None = None, timeout: float = 120) -> Any:
    """`coach ...` in a child process (so a hang or a blow-up fails instead of stalling)."""

    def limit() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return run_coach_process(*args, env={"COLUMNS": "120"}, timeout=timeout, preexec_fn=limit)


# -- item 12: answer and line limits ------------------------------------------------------------


def test_long_answer_is_scored_on_its_first_characters_in_bounded_time_and_memory(
    coach_home: Path, tmp_path: Path
) -> None:
    answer = _varied_text(1_000_000)
    path = tmp_path / "answer.txt"
    path.write_text(answer, encoding="utf-8")
    done = _coach(
        "drill",
        "pipeline-forecast",
        "--answer-file",
        str(path),
        "--format",
        "json",
        memory=int(1.5 * 1024**3),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-500:]
    evaluation = json.loads(done.stdout)
    assert TRUNCATED in evaluation["flags"]
    assert f"{TRUNCATED}:{ANSWER_LIMIT}/{len(answer)}" in evaluation["notes"]
    store = Store()
    (session,) = store.sessions()
    assert store.answers(session.id)[0].text == answer  # saved as typed, nothing lost


def test_answer_limit_applies_to_every_backend(
    sales_pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    from coach.scoring.offline import OfflineScorer

    offline = OfflineScorer(sales_pack)

    class Plugin:
        name = "plugin"

        def warm_up(self) -> None:
            pass

        def score(self, attempt: Attempt, feedback_lang: str | None = None) -> Evaluation:
            seen.append(attempt.text)
            return offline.score(replace(attempt, text=attempt.text[:300]), feedback_lang)

    from coach import backends

    real = backends.registry

    def with_plugin() -> backends.Registry:
        found = real()
        found.factories["plugin"] = lambda pack, model=None: Plugin()
        return found

    monkeypatch.setattr(backends, "registry", with_plugin)
    scorer = create_scorer(sales_pack, "plugin")
    question = sales_pack.find("build-team")
    evaluation = scorer.score(Attempt(question, "x" * (ANSWER_LIMIT + 5)), feedback_lang="ja")
    assert len(seen[0]) == ANSWER_LIMIT and TRUNCATED in evaluation.flags
    short = scorer.score(Attempt(question, STRONG_EN))
    assert seen[1] == STRONG_EN and TRUNCATED not in short.flags


def test_japanese_answer_beyond_the_tokenizer_limit_is_scored(sales_pack: Pack) -> None:
    from coach.scoring import text as tx

    answer = "".join(f"私はチームを{n}人採用し、育成計画を作りました。" for n in range(1000))
    assert len(answer.encode("utf-8")) > 49_149  # more than Sudachi takes at once
    toks = tx.tokens(answer, "ja")
    assert "".join(t.surface for t in toks) == answer
    evaluation = create_scorer(sales_pack, "offline").score(
        Attempt(sales_pack.find("build-team"), answer)
    )
    assert 1.0 <= evaluation.overall <= 5.0


# -- items 15 and 16: one bad line is that line's error -----------------------------------------


def _reject_constant(name: str) -> float:
    raise AssertionError(f"invalid JSON out: {name}")


GOOD = json.dumps({"id": "good", "question": "pipeline-forecast", "answer": STRONG_EN})
BAD_LINES: list[tuple[bytes, str]] = [
    (b"[" * 100_000, "nested too deeply"),
    (b'{"id": "\\ud800", "question": "build-team", "answer": "hi"}', "lone surrogate"),
    (b'{"id": 3, "question": "build-team", "answer": "a \\udc80 b"}', "lone surrogate"),
    (b'{"id": 4, "question": "build-team", "answer": "caf\xe9"}', "not valid UTF-8"),
    (b'{"id": 5, "question": "build-team", "answer": "' + b"a" * LINE_LIMIT + b'"}', "256 KB"),
    (b'{"id": 6, "question": "build-team", "answer": "hi", "seconds": 1e400}', "1e400"),
    (b'{"id": 7, "question": "build-team", "answer": "hi", "seconds": NaN}', "NaN"),
    (b'{"id": 8, "question": "build-team", "answer": "hi", "seconds": -Infinity}', "Infinity"),
    (
        b'{"id": 9, "question": "build-team", "answer": "hi", "seconds": 1' + b"0" * 400 + b"}",
        "1e400",
    ),
    (
        b'{"id": 10, "question": "build-team", "answer": "hi", "seconds": ' + b"9" * 5000 + b"}",
        "1e400",
    ),
]


def test_score_keeps_going_past_every_kind_of_bad_line() -> None:
    data = b"\n".join([line for line, _ in BAD_LINES] + [GOOD.encode()]) + b"\n"
    result = runner.invoke(app, ["score", "-", "--lang", "en"], input=data)
    out = [json.loads(line, parse_constant=_reject_constant) for line in result.stdout.splitlines()]
    assert len(out) == len(BAD_LINES) + 1
    for number, ((_, expected), row) in enumerate(zip(BAD_LINES, out, strict=False), 1):
        assert row["line"] == number and expected in row["error"], (number, row)
    assert out[-1]["id"] == "good" and out[-1]["overall"] >= 1.0
    assert f"1 scored, {len(BAD_LINES)} failed" in result.stderr and result.exit_code == 1


def test_score_file_with_a_line_too_long_and_a_pace_beyond_floats(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    tiny = json.dumps(
        {"id": "tiny", "question": "build-team", "answer": STRONG_EN, "seconds": 1e-320}
    )
    path.write_bytes(b"x" * (LINE_LIMIT * 3) + b"\n" + tiny.encode() + b"\n")
    result = runner.invoke(app, ["score", str(path)])
    out = [json.loads(line, parse_constant=_reject_constant) for line in result.stdout.splitlines()]
    assert out[0]["line"] == 1 and "256 KB" in out[0]["error"]
    assert out[1]["id"] == "tiny" and out[1]["delivery"]["rate"] is None


def test_non_ascii_api_key_is_one_line_that_never_shows_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = "sk-tést-SECRET-1234"
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    result = runner.invoke(
        app,
        ["drill", "build-team", "--answer-file", "-", "--backend", "openai"],
        input="I hired five reps.\n",
    )
    assert result.exit_code == 1 and "non-ASCII" in result.stderr
    assert "UnicodeEncodeError" not in result.stderr and secret not in result.output
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # a local server: key optional
    line = json.dumps({"id": 1, "question": "build-team", "answer": "I hired."})
    result = runner.invoke(app, ["score", "-", "--backend", "openai"], input=line + "\n")
    assert result.exit_code == 1 and "non-ASCII" in result.stderr and secret not in result.output


def test_invalid_utf8_on_stdin_is_saved_and_scored_not_a_crash(coach_home: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "coach", "drill", "build-team", "--answer-file", "-"]
        + ["--format", "json"],
        input=b"I hired five reps \xff and coached them weekly.\n",
        capture_output=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["question"] == "build-team"
    store = Store()
    (session,) = store.sessions()
    assert store.answers(session.id)[0].text.startswith("I hired five reps \ufffd and coached")


def test_ctrl_c_prints_the_interrupted_line_and_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "sessions", interrupted)
    result = runner.invoke(app, ["history", "--lang", "ja"])
    assert result.exit_code == 130
    assert result.stderr.strip() == "coach: 中断しました"


# -- item 15: the database: damaged, full, read-only --------------------------------------------


def _make_history(sessions: int = 40) -> Path:
    store = Store()
    evaluation = Evaluation.from_dict(
        {"question": "build-team", "overall": 3.0, "backend": "offline"}
    )
    for n in range(sessions):
        session = store.start_session(
            "drill", "sales-manager", "1.0.0", "sales-manager", "en", "offline", None, {}
        )
        answer = store.save_answer(
            session, "build-team", "Q", "en", f"answer {n}: " + "I hired a team. " * 80
        )
        store.save_evaluation(answer, evaluation)
        store.end_session(session)
    store.close()
    return store.path


def _garble(path: Path, where: Callable[[int], int], size: int = 8192) -> bytes:
    with path.open("r+b") as f:
        f.seek(where(path.stat().st_size))
        f.write(random.Random(7).randbytes(size))
    return path.read_bytes()


@pytest.mark.parametrize(
    "command",
    [["history"], ["report", "latest"], ["practice", "--questions", "1"], ["drill", "build-team"]],
)
def test_damaged_database_is_one_line_naming_the_file_and_doctor(command: list[str]) -> None:
    path = _make_history()
    damaged = _garble(path, lambda size: size // 2)
    result = runner.invoke(app, [*command, "--lang", "en"], input="I hired.\n.\n")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(path) in result.stderr and "coach doctor" in result.stderr
    assert path.read_bytes() == damaged  # never written to


def test_doctor_keeps_the_damaged_file_aside_and_recovers_what_reads() -> None:
    path = _make_history()
    damaged = _garble(path, lambda size: size // 2)
    result = runner.invoke(app, ["doctor", "--lang", "en"])
    assert result.exit_code == 0, result.output
    (aside,) = path.parent.glob("coach.db.damaged-*[0-9]")
    assert aside.read_bytes() == damaged
    store = Store()
    recovered = store.sessions()
    answers = [a for row in recovered for a in store.answers(row.id)]
    scored = [a for a in answers if a.evaluation is not None]
    assert recovered and 0 < len(answers) + len(scored) < 80  # the damaged pages held some rows
    assert f"{len(recovered)} sessions and {len(answers)} answers" in result.stdout
    store.close()
    assert runner.invoke(app, ["history"]).exit_code == 0
    again = runner.invoke(app, ["doctor"])
    assert again.exit_code == 0 and "healthy" in again.stdout


def test_doctor_on_a_file_that_is_no_database_starts_afresh() -> None:
    path = _make_history(2)
    damaged = _garble(path, lambda size: 0, size=path.stat().st_size)
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0 and "0 sessions" in result.stdout
    (aside,) = path.parent.glob("coach.db.damaged-*[0-9]")
    assert aside.read_bytes() == damaged
    assert runner.invoke(app, ["history"]).exit_code == 0


def test_doctor_without_a_database_has_nothing_to_do(coach_home: Path) -> None:
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0 and "nothing to check" in result.stdout
    assert not (coach_home / "coach.db").exists()


def test_full_disk_is_one_clear_error(coach_home: Path) -> None:
    store = Store()
    session = store.start_session("drill", "p", "1", "p", "en", "offline", None)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # as if the disk were full
    with pytest.raises(CoachError) as caught:
        store.save_answer(session, "q", "Q", "en", "x" * 200_000)
    assert caught.value.key == "store.full" and str(store.path) in caught.value.render("en")
    store.db.execute("PRAGMA max_page_count = 1073741823")
    store.save_answer(session, "q", "Q", "en", "it fits again")  # nothing half-written stuck


def _read_only(
    home: Path, *args: str, program: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> Any:
    """`coach ...` with `home` read-only: by permissions, or (as root) by a read-only mount."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120", **(env or {})}
    argv = [*(program or (sys.executable, "-m", "coach")), *args]
    if os.geteuid() == 0:
        script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
        argv = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh"] + [
            str(home),
            *argv,
        ]
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=120, env=env, stdin=subprocess.DEVNULL
    )


def test_read_only_home_still_shows_history_and_reports(coach_home: Path) -> None:
    path = _make_history(3)
    (coach_home / "empty").mkdir()
    if os.geteuid() == 0:
        if shutil.which("unshare") is None or _read_only(coach_home, program=("true",)).returncode:
            pytest.skip("root without user namespaces cannot make a folder read-only")
    else:
        path.chmod(0o444)
        coach_home.chmod(0o555)
        (coach_home / "empty").chmod(0o555)
    try:
        before = path.read_bytes()
        for command in (["history"], ["report", "latest"], ["packs", "list"]):
            result = _read_only(coach_home, *command)
            assert result.returncode == 0, result.stderr
            if command[0] != "packs":
                assert result.stderr.count("changes cannot be saved") == 1
        assert "Practice history" in _read_only(coach_home, "history").stdout
        result = _read_only(coach_home, "practice", "--questions", "1")
        assert result.returncode == 1 and "cannot be written" in result.stderr
        assert result.stderr.count("\n") == 1 and path.read_bytes() == before
        empty = coach_home / "empty"  # a read-only home with no history yet
        result = _read_only(coach_home, "history", env={"COACH_HOME": str(empty)})
        assert result.returncode == 0 and "No history yet" in result.stdout
        assert not (empty / "coach.db").exists()
    finally:
        for folder in (coach_home, coach_home / "empty"):
            folder.chmod(0o755)
        path.chmod(0o644)

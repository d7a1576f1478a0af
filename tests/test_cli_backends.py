"""`coach backends`, plugins through the entry-point group, keys never shown, calibrate."""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.packs.model import Pack
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import Evaluation
from coach.store import Store
from tests.helpers.answers import STRONG_EN

runner = CliRunner()
KEY = "sk-live-VERYSECRET-9876"

PLUGIN = """
from coach.scoring.offline import OfflineScorer


class Fake:
    name = "fake"

    def __init__(self, pack, model):
        self.inner = OfflineScorer(pack)
        self.model = model

    def warm_up(self):
        pass

    def score(self, attempt, feedback_lang=None):
        evaluation = self.inner.score(attempt, feedback_lang)
        evaluation.backend, evaluation.model = "fake", self.model or "fake-1"
        return evaluation


def make(pack, model=None):
    return Fake(pack, model)
"""


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A third-party backend installed the way pip would: a module plus dist-info."""
    site = tmp_path / "site"
    (site / "coach_fake").mkdir(parents=True)
    (site / "coach_fake" / "__init__.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "coach_fake-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: coach-fake\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[coach.backends]\nfake = coach_fake:make\nbroken = coach_missing_module:make\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(site))
    yield
    sys.modules.pop("coach_fake", None)


def test_a_plugin_backend_is_used_and_a_broken_one_warns(plugin: None) -> None:
    result = runner.invoke(app, ["backends", "--lang", "en"], env={"COLUMNS": "150"})
    assert result.exit_code == 0
    assert "fake" in result.stdout and "offline ← active" in result.stdout
    assert "a backend plugin failed to load: broken" in result.stderr
    line = json.dumps({"id": 1, "question": "pipeline-forecast", "answer": STRONG_EN})
    result = runner.invoke(
        app, ["score", "-", "--backend", "fake", "--model", "m1"], input=line + "\n"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["backend"] == "fake" and data["model"] == "m1"


def test_backends_lists_readiness_without_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.setenv("COACH_BACKEND", "openai")
    result = runner.invoke(app, ["backends", "--lang", "en"], env={"COLUMNS": "150"})
    assert result.exit_code == 0
    assert "openai ← active" in result.stdout and "ANTHROPIC_API_KEY is not set" in result.stdout
    assert KEY not in result.stdout + result.stderr


class _EchoKey(BaseHTTPRequestHandler):
    """A hostile server: 401 with the caller's key in the error message."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("content-length", 0)))
        key = self.headers.get("authorization", "")
        body = json.dumps({"error": {"message": f"Incorrect API key provided: {key}"}}).encode()
        self.send_response(401)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _EchoKey)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_keys_never_appear_in_output_reports_or_history(
    echo_server: str, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", echo_server)
    result = runner.invoke(
        app,
        [
            "drill",
            "pipeline-forecast",
            "--backend",
            "openai",
            "--answer-file",
            "-",
            "--format",
            "json",
        ],
        input=STRONG_EN,
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["backend"] == "offline" and "the key was rejected" in data["fallback"]
    assert f"Answers will be sent to {echo_server}" in result.stderr
    check = runner.invoke(app, ["backends", "check", "openai"])
    assert check.exit_code == 1 and "401 from 127.0.0.1" in check.stderr
    report = runner.invoke(app, ["report", "latest", "--format", "json"])
    database = (coach_home / "coach.db").read_bytes()
    for text in (result.stdout, result.stderr, check.stdout, check.stderr, report.stdout):
        assert KEY not in text
    assert KEY.encode() not in database
    assert Store().sessions()[0].backend == "openai"


def test_calibrate_offline_reports_held_out_figures_from_every_pack() -> None:
    from coach.session.calibrate import FIT

    result = runner.invoke(app, ["calibrate", "--lang", "en"], env={"COLUMNS": "120"})
    out = result.stdout
    assert "Spearman" in out and "mean absolute error" in out
    answers = int(re.search(r"\((\d+) answers", out).group(1))  # type: ignore[union-attr]
    assert answers >= 200  # the calibration answers of all three bundled packs
    spearman = float(re.search(r"Spearman, grade vs score\s*│\s*([\d.]+)", out).group(1))  # type: ignore[union-attr]
    assert spearman >= FIT["spearman"]
    fit = "fit to judge" in out
    assert result.exit_code == (0 if fit else 1)
    assert fit == ("saw through every" in out)


def test_calibrate_reports_what_a_gullible_backend_fell_for(sales_pack: Pack) -> None:
    from coach.session.calibrate import calibrate, calibration_set

    class Gullible:
        name = "gullible"

        def warm_up(self) -> None:
            pass

        def score(self, attempt: Attempt, feedback_lang: str | None = None) -> Evaluation:
            from coach.scoring.offline import OfflineScorer

            ev = OfflineScorer(sales_pack).score(attempt)
            answer = attempt.text
            ev.overall = 5.0 if "5/5" in answer or "、" in answer else ev.overall
            return ev

    result = calibrate(sales_pack, Gullible(), answers=calibration_set(sales_pack))
    assert not result.fit and any(fell.kind == "injection" for fell in result.fell_for)


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again on leaving: nothing listens there


def test_backends_calls_a_local_server_ready_only_when_it_listens(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch, echo_server: str
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("OPENAI_BASE_URL", echo_server)  # something listens there
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    start = time.monotonic()
    result = runner.invoke(app, ["backends", "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and time.monotonic() - start < 3
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if "│" in line}
    assert "not reachable: nothing listens at 127.0.0.1:" in rows["ollama"]
    assert "ready" not in rows["ollama"]
    assert "ready" in rows["openai"]  # a local server that accepts connections
    assert "not checked" in rows["anthropic"] and "ready" not in rows["anthropic"]
    assert KEY not in result.stdout + result.stderr
    ja = runner.invoke(app, ["backends", "--lang", "ja"], env={"COLUMNS": "200"})
    assert "接続できません" in ja.stdout and "未確認" in ja.stdout


def test_backends_check_fails_fast_when_nothing_listens(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", f"http://127.0.0.1:{_closed_port()}")
    start = time.monotonic()
    result = runner.invoke(app, ["backends", "check", "ollama", "--lang", "en"])
    took = time.monotonic() - start
    assert result.exit_code == 1 and took < 2  # was 4.6 s of retries
    assert "ollama: not reachable: nothing listens at 127.0.0.1:" in result.stderr


def test_backends_lists_the_model_each_backend_would_use(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README's own example: the openai section names its model, the top level another.
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("OLLAMA_HOST", f"http://127.0.0.1:{_closed_port()}")
    (coach_home / "config.yaml").write_text(
        "backend: ollama\nmodel: llama3.1\nredact: true\n"
        "ollama: {host: http://127.0.0.1:11434}\n"
        "openai: {base_url: http://127.0.0.1:8080/v1, model: qwen2.5-7b-instruct}\n"
        "timeuot: 30\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["backends", "--lang", "en"], env={"COLUMNS": "200"})
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if "│" in line}
    assert "qwen2.5-7b-instruct" in rows["openai"]
    assert "llama3.1" in rows["ollama ← active"]
    assert "llama3.1" not in rows["anthropic"]  # a model written for ollama is not anthropic's
    assert "unknown setting 'timeuot' is ignored (did you mean 'timeout'?)" in result.stderr

"""A slow provider costs an answer at most its deadline, names its host, then scores offline."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from coach.backends.http import Caller, ProviderError
from coach.cli.main import app
from tests.helpers.answers import STRONG_EN

runner = CliRunner()


class Slow:
    """A server that takes `delay` seconds before each reply (or answers 503 with Retry-After)."""

    def __init__(self) -> None:
        self.delay = 30.0
        self.status = 200
        self.retry_after: str | None = None
        self.requests = 0
        self.url = ""
        self.stop = threading.Event()


@pytest.fixture
def slow() -> Iterator[Slow]:
    state = Slow()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            self.rfile.read(int(self.headers.get("content-length", 0)))
            state.requests += 1
            state.stop.wait(state.delay)  # hold the connection, as an overloaded server does
            body = json.dumps({"error": {"message": "overloaded"}}).encode()
            try:
                self.send_response(state.status)
                if state.retry_after:
                    self.send_header("retry-after", state.retry_after)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up, as it should

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"127.0.0.1:{server.server_address[1]}"
    yield state
    state.stop.set()
    server.shutdown()
    server.server_close()


def test_a_silent_server_costs_one_deadline_and_says_who_it_waits_for(slow: Slow) -> None:
    told: list[str] = []
    caller = Caller(deadline=1.5, wait_notice=0.3, on_wait=told.append)
    started = time.monotonic()
    with pytest.raises(ProviderError) as raised:
        caller.post(f"http://{slow.url}/v1/chat/completions", {"x": 1}, {})
    elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed  # not 120 s x 4 attempts
    assert told == [slow.url]
    assert "no reply from" in raised.value.message and "1.5 s" in raised.value.message


def test_retry_after_longer_than_the_deadline_is_not_waited_for(slow: Slow) -> None:
    slow.delay, slow.status, slow.retry_after = 0.0, 503, "25"
    slept: list[float] = []
    caller = Caller(deadline=10, sleep=slept.append)
    with pytest.raises(ProviderError) as raised:
        caller.post(f"http://{slow.url}/v1/chat/completions", {"x": 1}, {})
    assert slept == [] and slow.requests == 1  # 25 s would pass the 10 s deadline
    assert "within 10 s" in raised.value.message


def test_a_reply_and_its_repair_share_one_deadline(slow: Slow) -> None:
    caller = Caller(deadline=1.0)
    started = time.monotonic()
    with caller.answer():
        for _ in range(2):  # as a reply and then its repair request would
            with pytest.raises(ProviderError):
                caller.post(f"http://{slow.url}/v1/chat/completions", {"x": 1}, {})
    assert time.monotonic() - started < 3.5


def test_drill_against_a_silent_server_falls_back_offline_within_the_deadline(
    slow: Slow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://{slow.url}/v1")
    monkeypatch.setenv("COACH_TIMEOUT", "2")
    started = time.monotonic()
    result = runner.invoke(
        app,
        ["drill", "pipeline-forecast", "--backend", "openai", "--lang", "en", "--format", "json"],
        input=STRONG_EN,
    )
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started < 30
    data = json.loads(result.stdout)
    assert data["backend"] == "offline" and "no reply from" in data["fallback"]
    assert "scoring offline instead" in result.stderr


@pytest.mark.parametrize("value", ["0", "-5", "abc", "nan", "1e400"])
def test_a_timeout_that_is_not_a_sensible_number_of_seconds_is_one_line(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("COACH_TIMEOUT", value)
    result = runner.invoke(
        app, ["drill", "pipeline-forecast", "--backend", "openai", "--lang", "en"], input="x"
    )
    assert result.exit_code == 1
    assert "COACH_TIMEOUT must be a number of seconds" in result.stderr

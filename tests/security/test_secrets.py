"""Keys never shown or stored, offline means no request at all, yes/no settings, --redact forms.

A fake provider on 127.0.0.1 echoes the caller's key (Authorization / x-api-key) and the URL's
query into every reply, in 200 replies (OpenAI and Anthropic shapes) and in error bodies.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from tests.helpers.answers import STRONG_EN

runner = CliRunner()
KEY = "sk-live-ECHOED-KEY-4242"
URL_PASSWORD = "pw-IN-THE-URL-7777"
QUERY_KEY = "qk-IN-THE-QUERY-5555"
FILE_KEY = "sk-file-ONLY-IN-CONFIG-3131"


@dataclass
class Seen:
    path: str
    auth: str
    body: str


@dataclass
class FakeProvider:
    """What the fake server answers with, and every request it got."""

    mode: str = "openai"  # openai | anthropic | error
    requests: list[Seen] = field(default_factory=list)
    url: str = ""

    def echo(self, handler: BaseHTTPRequestHandler) -> str:
        auth = handler.headers.get("authorization") or handler.headers.get("x-api-key") or ""
        query = urlsplit(handler.path).query
        return f"auth=[{auth}] query=[{query}]"

    def reply(self, echo: str) -> tuple[int, dict[str, Any]]:
        evaluation = {
            "overall": 3.5,
            "points": [],
            "pitfalls": [],
            "strengths": [f"You sent {echo}"],
            "improvements": [f"Rotate {echo}"],
            "follow_up": f"Why did you send {echo}?",
        }
        usage = {"prompt_tokens": 10, "completion_tokens": 5}
        if self.mode == "openai":
            return 200, {
                "model": f"echo-model {echo}",
                "choices": [
                    {
                        "message": {"role": "assistant", "content": json.dumps(evaluation)},
                        "finish_reason": "stop",
                    }
                ],
                "usage": usage,
            }
        if self.mode == "anthropic":
            return 200, {
                "model": f"echo-model {echo}",
                "content": [{"type": "tool_use", "name": "record_evaluation", "input": evaluation}],
                "stop_reason": "tool_use",
                "usage": {"input_tokens": 10, "output_tokens": 5},
            }
        return 400, {"error": {"message": f"bad request; you sent {echo}"}}


def _handler(fake: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            auth = self.headers.get("authorization") or self.headers.get("x-api-key") or ""
            sent = json.loads(body)["messages"][-1]["content"] if body else ""
            fake.requests.append(Seen(self.path, auth, sent))
            status, data = fake.reply(fake.echo(self))
            reply = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    provider = FakeProvider()
    server = HTTPServer(("127.0.0.1", 0), _handler(provider))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    provider.url = f"127.0.0.1:{server.server_address[1]}"
    yield provider
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def no_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_BASE_URL",
        "COACH_OFFLINE",
        "COACH_REDACT",
        "COACH_DEBUG",
    ):
        monkeypatch.delenv(var, raising=False)


def _drill(*extra: str, answer: str = STRONG_EN) -> Any:
    return runner.invoke(
        app,
        ["drill", "pipeline-forecast", "--answer-file", "-", "--lang", "en", *extra],
        input=answer,
    )


def _score(*extra: str) -> Any:
    line = json.dumps({"id": 1, "question": "pipeline-forecast", "answer": STRONG_EN})
    return runner.invoke(app, ["score", "-", "--lang", "en", *extra], input=line + "\n")


def _everything(home: Path, *results: Any) -> str:
    """Every byte a user could see or find afterwards: outputs, the report, the database files."""
    report = runner.invoke(app, ["report", "latest", "--lang", "en"])
    assert report.exit_code == 0, report.stderr
    texts = [r.stdout + r.stderr for r in results] + [report.stdout]
    for path in sorted(home.glob("coach.db*")):  # with the WAL file: rows not yet checkpointed
        texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


def _assert_hidden(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text, f"{secret[:6]}... leaked"


# --- 2. a 200 reply that echoes the key ---


@pytest.mark.parametrize("mode", ["openai", "anthropic"])
def test_a_reply_echoing_the_key_is_masked_in_output_report_and_database(
    mode: str, fake: FakeProvider, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.mode = mode
    if mode == "openai":
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", f"http://{fake.url}/v1")
    else:
        monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
        monkeypatch.setenv("ANTHROPIC_BASE_URL", f"http://{fake.url}")
    as_json = _drill("--backend", mode, "--format", "json")
    assert as_json.exit_code == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["backend"] == mode and data["fallback"] is None  # the reply was used...
    assert "***" in data["strengths"][0] and "***" in data["follow_up"]["text"]  # ...masked
    as_text = _drill("--backend", mode)
    scored = _score("--backend", mode)
    assert scored.exit_code == 0, scored.stderr
    assert all(KEY in seen.auth for seen in fake.requests)  # the server did see (and echo) it
    _assert_hidden(_everything(coach_home, as_json, as_text, scored), KEY)


def test_an_error_body_echoing_the_key_is_masked(
    fake: FakeProvider, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.mode = "error"
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://{fake.url}/v1")
    drilled = _drill("--backend", "openai", "--format", "json")
    data = json.loads(drilled.stdout)
    assert data["backend"] == "offline" and "400 from" in data["fallback"]
    assert "***" in data["fallback"]
    check = runner.invoke(app, ["backends", "check", "openai", "--lang", "en"])
    assert check.exit_code == 1 and "400 from" in check.stderr
    _assert_hidden(_everything(coach_home, drilled, check), KEY)


# --- 1. a key in the base URL ---


def _url_with_secrets(fake: FakeProvider) -> str:
    return f"http://user:{URL_PASSWORD}@{fake.url}/v1?api_key={QUERY_KEY}&api-version=2024"


@pytest.mark.parametrize("mode", ["openai", "error"])
def test_a_key_in_the_base_url_is_never_shown_or_stored(
    mode: str, fake: FakeProvider, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.mode = mode
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", _url_with_secrets(fake))
    monkeypatch.setenv("COACH_BACKEND", "openai")
    drilled = _drill("--format", "json")
    assert drilled.exit_code == 0, drilled.stderr
    shown = f"http://***@{fake.url}/v1?api_key=***&api-version=2024"
    assert f"Answers will be sent to {shown}" in drilled.stderr
    data = json.loads(drilled.stdout)
    if mode == "error":
        assert data["fallback"].startswith(f"openai: 400 from {fake.url}:")
    else:
        assert data["backend"] == "openai"
    scored = _score()
    listed = runner.invoke(app, ["backends", "--lang", "en"], env={"COLUMNS": "250"})
    assert listed.exit_code == 0 and shown in listed.stdout
    check = runner.invoke(app, ["backends", "check", "--lang", "en"])
    # the query reached the server, and the server echoed it (and the Basic header) back
    assert fake.requests and f"api_key={QUERY_KEY}" in fake.requests[0].path
    basic = base64.b64encode(f"user:{URL_PASSWORD}".encode()).decode()
    everything = _everything(coach_home, drilled, scored, listed, check)
    _assert_hidden(everything, KEY, URL_PASSWORD, QUERY_KEY, basic)


def test_a_connection_error_names_the_host_only() -> None:
    from coach.backends.http import Caller, ProviderError
    from coach.backends.redaction import secrets_for

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    url = f"http://user:{URL_PASSWORD}@127.0.0.1:{port}/v1/chat/completions?key={QUERY_KEY}"
    caller = Caller(secrets=secrets_for(KEY, url), attempts=1, sleep=lambda _: None)
    with pytest.raises(ProviderError) as caught:
        caller.post(url, {}, {})
    assert (
        caught.value.message == f"cannot reach 127.0.0.1:{port} (ConnectError) (after 1 attempts)"
    )


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://api.openai.com/v1", "https://api.openai.com/v1"),
        ("http://user:pw-secret@host:8080/v1", "http://***@host:8080/v1"),
        ("http://sk-token-only@host/v1", "http://***@host/v1"),
        ("https://h/v1?key=abc&api-version=2024", "https://h/v1?key=***&api-version=2024"),
        (
            "https://h/v1?API_KEY=a&apikey=b&Token=c",
            "https://h/v1?API_KEY=***&apikey=***&Token=***",
        ),
        ("https://h/v1?access_token=a&secret=b", "https://h/v1?access_token=***&secret=***"),
        (
            "https://h/?password=a&sig=b&signature=c",
            "https://h/?password=***&sig=***&signature=***",
        ),
        (
            "https://h/?auth=a&Authorization=b&x-api-key=c",
            "https://h/?auth=***&Authorization=***&x-api-key=***",
        ),
        ("https://h/?model=gpt&stream=1", "https://h/?model=gpt&stream=1"),
        ("https://h/cb#access_token=a", "https://h/cb#access_token=***"),
        (
            "https://h/?max_tokens=9&X-Amz-Signature=a",
            "https://h/?max_tokens=9&X-Amz-Signature=***",
        ),
        ("user:pw-secret@ollama-box:11434", "***@ollama-box:11434"),
        ("127.0.0.1:8080", "127.0.0.1:8080"),
    ],
)
def test_safe_url_hides_userinfo_and_secret_values(url: str, shown: str) -> None:
    from coach.backends.redaction import safe_url

    assert safe_url(url) == shown


# --- 3. offline forbids every request ---

OFFLINE_WAYS = {
    "env-1": ({"COACH_OFFLINE": "1"}, "", (), "COACH_OFFLINE=1"),
    "env-y": ({"COACH_OFFLINE": "y"}, "", (), "COACH_OFFLINE=y"),
    "env-TRUE": ({"COACH_OFFLINE": "TRUE"}, "", (), "COACH_OFFLINE=TRUE"),
    "config": ({}, "offline: true\n", (), "offline: true"),
    "config-on": ({}, 'offline: "on"\n', (), "offline: true"),
    "flag": ({}, "", ("--offline",), "--offline"),
}
COMMANDS = {
    "check": (["backends", "check", "openai"], None),
    "drill": (
        ["drill", "pipeline-forecast", "--backend", "openai", "--answer-file", "-"],
        STRONG_EN,
    ),
    "score": (
        ["score", "-", "--backend", "openai"],
        json.dumps({"id": 1, "question": "pipeline-forecast", "answer": STRONG_EN}) + "\n",
    ),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("way", sorted(OFFLINE_WAYS))
def test_offline_makes_no_request_and_says_why(
    way: str,
    command: str,
    fake: FakeProvider,
    coach_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env, config, flags, why = OFFLINE_WAYS[way]
    args, given = COMMANDS[command]
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://{fake.url}/v1")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if config:
        (coach_home / "config.yaml").write_text(config, encoding="utf-8")
    result = runner.invoke(app, [*args, "--lang", "en", *flags], input=given)
    assert fake.requests == []
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "offline mode is on" in line and why in line and "nothing was sent" in line
    _assert_hidden(result.stdout + result.stderr, KEY)


def test_without_offline_the_check_does_reach_the_fake_server(
    fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://{fake.url}/v1")
    monkeypatch.setenv("COACH_OFFLINE", "off")
    result = runner.invoke(app, ["backends", "check", "openai", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert len(fake.requests) == 1


def test_the_http_layer_refuses_in_offline_mode_too(
    fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever reaches a provider past the command's check, offline mode sends nothing."""
    from coach.backends import provider_for
    from coach.backends.config import resolve
    from coach.backends.http import ProviderError

    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://{fake.url}/v1")
    monkeypatch.setenv("COACH_OFFLINE", "on")
    provider = provider_for("openai", resolve())
    assert provider is not None
    with pytest.raises(ProviderError, match="offline mode is on: nothing was sent"):
        provider.complete("system", "user", {"type": "object"})
    assert fake.requests == []


def test_backends_list_marks_network_backends_blocked_offline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COACH_OFFLINE", "yes")
    result = runner.invoke(app, ["backends", "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert result.stdout.count("blocked: offline mode is on") == 3  # openai, anthropic, ollama


# --- 3. yes/no settings ---


@pytest.mark.parametrize("word", ["1", "true", "TRUE", "yes", "Yes", "on", "ON", "y", "Y", " y "])
def test_yes_words_turn_settings_on(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.backends.config import resolve

    monkeypatch.setenv("COACH_OFFLINE", word)
    monkeypatch.setenv("COACH_REDACT", word)
    settings = resolve()
    assert settings.offline and settings.redact


@pytest.mark.parametrize("word", ["0", "false", "False", "no", "NO", "off", "Off", "n", "N", ""])
def test_no_words_leave_settings_off(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.backends.config import resolve

    monkeypatch.setenv("COACH_OFFLINE", word)
    monkeypatch.setenv("COACH_REDACT", word)
    settings = resolve()
    assert not settings.offline and not settings.redact


@pytest.mark.parametrize("setting", ["COACH_OFFLINE", "COACH_REDACT"])
@pytest.mark.parametrize("word", ["maybe", "2", "tru", "enable", "-1"])
def test_other_words_are_a_one_line_error_naming_the_setting(
    setting: str, word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(setting, word)
    result = _drill()
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "\n" not in line and setting in line
    assert "1/true/yes/on/y" in line and "0/false/no/off/n" in line


@pytest.mark.parametrize(
    ("config", "setting"),
    [("offline: maybe\n", "offline"), ("redact: 2\n", "redact"), ("offline: [1]\n", "offline")],
)
def test_a_config_file_value_that_is_not_yes_or_no_is_an_error(
    config: str, setting: str, coach_home: Path
) -> None:
    (coach_home / "config.yaml").write_text(config, encoding="utf-8")
    result = _drill()
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert f"{setting} ({coach_home / 'config.yaml'})" in line and "1/true/yes/on/y" in line
    ja = runner.invoke(
        app, ["drill", "pipeline-forecast", "--answer-file", "-", "--lang", "ja"], input="x"
    )
    assert ja.exit_code == 1 and "指定してください" in ja.stderr


def test_coach_debug_is_a_yes_no_setting_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli import main as entry
    from coach.context import AppContext

    monkeypatch.setattr(sys, "argv", ["coach", "questions", "--lang", "en"])
    monkeypatch.setenv("COACH_DEBUG", "perhaps")
    with pytest.raises(SystemExit) as stopped:
        entry.main()
    assert stopped.value.code == 1
    assert "COACH_DEBUG" in capsys.readouterr().err
    monkeypatch.setenv("COACH_DEBUG", "Yes")
    run = AppContext()
    with pytest.raises(SystemExit) as stopped:
        entry.main(run)
    assert stopped.value.code == 0 and run.debug


# --- 5. a key written in config.yaml ---


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("mode", [0o644, 0o600], ids=["readable-by-others", "private"])
def test_a_key_in_the_config_file_is_ignored_and_said_once(
    mode: int, fake: FakeProvider, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = coach_home / "config.yaml"
    path.write_text(
        f"backend: openai\nopenai: {{base_url: 'http://{fake.url}/v1', api_key: {FILE_KEY}}}\n",
        encoding="utf-8",
    )
    path.chmod(mode)
    first = _drill("--format", "json")
    assert first.exit_code == 0, first.stderr
    assert f"{path} holds a key (openai.api_key) that coach ignores" in first.stderr
    assert ("chmod 600" in first.stderr) is (mode == 0o644)
    assert fake.requests and all(FILE_KEY not in seen.auth for seen in fake.requests)  # unused
    again = runner.invoke(app, ["backends", "--lang", "en"], env={"COLUMNS": "200"})
    assert "holds a key" not in again.stderr  # once
    _assert_hidden(first.stdout + first.stderr + again.stdout + again.stderr, FILE_KEY)


# --- 16. whitespace around a key, control characters inside it ---


def test_a_key_pasted_with_a_line_break_is_trimmed(
    fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", f"  {KEY}\r\n")
    monkeypatch.setenv("OPENAI_BASE_URL", f" http://{fake.url}/v1\n")
    result = runner.invoke(app, ["backends", "check", "openai", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert [seen.auth for seen in fake.requests] == [f"Bearer {KEY}"]


@pytest.mark.parametrize(
    "broken", ["sk-abcd\nefgh-1234", "sk-abcd\tefgh-1234", "sk-abcd\x1befgh-1234"]
)
def test_a_key_with_a_control_character_inside_is_a_clear_error(
    broken: str, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", broken)
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://{fake.url}/v1")
    check = runner.invoke(app, ["backends", "check", "openai", "--lang", "en"])
    assert check.exit_code == 1 and fake.requests == []
    assert "OPENAI_API_KEY has a control character" in check.stderr
    listed = runner.invoke(app, ["backends", "--lang", "en"], env={"COLUMNS": "250"})
    assert listed.exit_code == 0 and "OPENAI_API_KEY has a control character" in listed.stdout
    for text in (check.stdout, check.stderr, listed.stdout, listed.stderr):
        assert "sk-abcd" not in text and "efgh" not in text


# --- 4. --redact: full-width, scheme-less and ftp forms, in both languages ---

REDACTED = [
    ("ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "[email]"),
    ("連絡先はjane.doe@example.co.jpです", "連絡先は[email]です"),
    ("メール：ｔａｒｏ．ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ まで", "メール：[email] まで"),
    ("mail: Jane.Doe+jobs@Example.COM.", "mail: [email]."),
    ("０９０－１２３４－５６７８", "[phone]"),
    ("電話は090-1234-5678です", "電話は[phone]です"),
    ("携帯 090ー1234ー5678 まで", "携帯 [phone] まで"),
    ("（０３）１２３４－５６７８へ", "[phone]へ"),
    ("電話番号は０３ー１２３４ー５６７８です", "電話番号は[phone]です"),
    ("Call +81 90-1234-5678.", "Call [phone]."),
    ("call (555) 123-4567 today", "call [phone] today"),
    ("or +1 555 123 4567", "or [phone]"),
    ("番号は09012345678です", "番号は[phone]です"),
    ("TEL.03-1234-5678", "TEL.[phone]"),
    (
        "代表 03-1234-5678 携帯 090-1234-5678 045 123 4567 090 1234 5678",
        "代表 [phone] 携帯 [phone] [phone] [phone]",
    ),
    ("2026-11-16 090-1234-5678", "2026-11-16 [phone]"),
    ("see example.net/cv", "see [url]"),
    ("linkedin.com/in/jane-doe", "[url]"),
    ("ｌｉｎｋｅｄｉｎ．ｃｏｍ／ｉｎ／ｔａｒｏをご覧ください", "[url]をご覧ください"),
    ("github.com/janedoe を見てください", "[url] を見てください"),
    ("ftp://files.example.org/cv.pdf", "[url]"),
    ("ＦＴＰ：／／ｅｘａｍｐｌｅ．ｏｒｇ にあります", "[url] にあります"),
    ("https://example.com/p?x=1", "[url]"),
    ("ポートフォリオはhttps://jane.dev/workです", "ポートフォリオは[url]です"),
    ("ＨＴＴＰＳ：／／ｅｘａｍｐｌｅ．ｃｏｍ", "[url]"),
    ("www.example.com", "[url]"),
]
KEPT = [
    "3.5",
    "v1.2",
    "e.g.",
    "i.e. Node.js and ASP.NET",
    "We moved from Salesforce.com to HubSpot.",
    "We closed 2026-11-16 with 3.2x coverage.",
    "2024年4月1日に着任しました",
    "売上は前年比120%、粗利は3.2倍になりました。",
    "チームは8名、商談は120件、受注率は25%でした。",
    "第3四半期に１２０％達成、Ｑ４は９５％。",
    "Win rates were 10.5 11.2 12.3 by quarter",
    "version 2.0.1",
    "2020 2021 2022 の3年間で売上は2倍",
    "ARR reached 1200000000 yen",
    "HubSpot と Salesforce を比較し、ARR は 1.2 億円",
]


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_redact_removes_contact_details_in_every_form(text: str, expected: str) -> None:
    from coach.backends.redaction import redact

    assert redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_redact_keeps_figures_versions_and_abbreviations(text: str) -> None:
    from coach.backends.redaction import redact

    assert redact(text) == text


def test_redact_reaches_the_provider(fake: FakeProvider, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --redact the full-width forms never leave the machine (checked server-side)."""
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://{fake.url}/v1")
    contact = "連絡先：ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ、０９０－１２３４－５６７８、example.net/cv"
    result = _drill(
        "--backend", "openai", "--redact", "--format", "json", answer=STRONG_EN + contact
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["backend"] == "openai"
    sent = fake.requests[0].body
    assert "連絡先：[email]、[phone]、[url]" in sent and STRONG_EN[:40] in sent


HOSTILE = "\x1b]52;c;aGVsbG8=\x07\x1b]0;pwned\x07\x1b[2J\x1b[31m\x9b31m\u202e"


def test_a_reply_carrying_terminal_controls_reaches_no_output_raw(
    fake: FakeProvider, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://{fake.url}/v1")
    monkeypatch.setattr(FakeProvider, "echo", lambda self, handler: HOSTILE)
    outputs = [
        _drill("--backend", "openai"),
        _drill("--backend", "openai", "--format", "json"),
        _score("--backend", "openai"),
        runner.invoke(app, ["report", "latest", "--lang", "en"]),
    ]
    assert fake.requests  # the replies did come from the server
    for result in outputs:
        assert result.exit_code == 0, result.output
        for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert raw not in result.stdout and raw not in result.stderr, (raw, result.stdout)

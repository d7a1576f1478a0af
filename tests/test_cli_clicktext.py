"""The Japanese interface has no English left: help, usage errors and the errors users meet."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter with COACH_LANG=ja: help texts are chosen when the app is built.
SWEEP = r"""
import json, sys
from typer.main import get_command
from typer.testing import CliRunner
from coach.cli.main import app

runs = json.loads(sys.argv[1])
root = get_command(app)


def walk(command, path):
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, [*path, name])


for path in walk(root, []):
    runs.append([*path, "--help"])
runner = CliRunner()
out = {}
for args in runs:
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    out[" ".join(args)] = [result.exit_code, result.stdout + result.stderr]
names = {"commands": [], "params": []}
for path in walk(root, []):
    command = root
    for name in path:
        command = command.commands[name]
    names["commands"] += path
    for param in command.params:
        names["params"] += [param.name or "", *param.opts]
        choices = getattr(getattr(param, "type_descriptor", None), "choices", None) or ()
        names["params"] += [str(getattr(c, "value", c)) for c in choices]
print(json.dumps({"runs": out, "names": names}))
"""

PRODUCT_WORDS = {
    "coach", "json", "jsonl", "lines", "markdown", "yaml", "utf", "ascii", "ollama", "openai",
    "anthropic", "llama", "pull", "latest", "help", "llm", "url",
    # the fields of a `coach score` input line
    "question", "answer", "seconds", "lang",
}  # fmt: skip


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _english_words(text: str, allowed: set[str]) -> list[str]:
    text = re.sub(r"\S*[/.=]\S*|\S+:\d+", " ", text)  # paths, hosts, file names, NAME=value
    text = re.sub(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", " ", text)  # environment variables
    text = re.sub(r"[\w+-]*\d[\w+-]*-[\w+-]*|[\w+-]*-[\w+-]*\d[\w+-]*", " ", text)  # model ids
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in allowed]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    home = tmp_path_factory.mktemp("home")
    answer = home / "answer.txt"
    answer.write_text(
        "毎週、担当者ごとにパイプラインを見直し、過去の成約率と比べて予測を 2 割補正しました。",
        encoding="utf-8",
    )
    existing = home / "exists.md"
    existing.write_text("x", encoding="utf-8")
    missing = str(home / "nowhere" / "answers.jsonl")
    runs = [
        ["nosuch"],
        ["histroy"],
        ["--bogus"],
        ["history", "--limt", "3"],
        ["history", "--limit", "0"],
        ["history", "--limit", "many"],
        ["history", "--limit"],
        ["report", "--format", "pdf"],
        ["show"],
        ["show", "pipeline-forecast", "extra"],
        ["show", "zzz"],
        ["score", missing],
        ["drill", "pipeline-forecast", "--answer-file", missing],
        ["drill", "pipeline-forecast", "--answer-file", str(answer)],
        ["history"],
        ["report", "latest", "-o", str(existing)],
        ["report", "latest", "-o", str(home / "nowhere" / "report.md")],
        ["packs", "validate", missing],
        ["backends"],
        ["backends", "check", "anthropic"],
        ["backends", "check", "ollama"],
        ["--lang", "ja"],
    ]
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.endswith(("_API_KEY", "_BASE_URL")) and not key.startswith(("COACH_", "LC_"))
    }
    env.update(
        COACH_LANG="ja",
        COACH_HOME=str(home),
        OLLAMA_HOST=f"127.0.0.1:{_closed_port()}",
        PYTHONPATH=str(ROOT),
        LANG="C.UTF-8",
    )
    result = subprocess.run(
        [sys.executable, "-c", SWEEP, json.dumps(runs)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_japanese_interface_has_no_english_words(sweep: dict[str, object]) -> None:
    from coach.packs import find_pack_path
    from coach.packs.loader import load_pack

    names = sweep["names"]
    assert isinstance(names, dict)
    pack = load_pack(find_pack_path(None))
    ids = [pack.id, *(q.id for q in pack.all_questions()), *(a.id for a in pack.areas)]
    allowed = set(PRODUCT_WORDS)
    for name in [*names["commands"], *names["params"], *ids]:
        allowed.update(w.lower() for w in re.findall(r"[A-Za-z]+", name))
    runs = sweep["runs"]
    assert isinstance(runs, dict) and len(runs) > 30
    english = {}
    for args, (_, text) in runs.items():
        typed = {w.lower() for w in re.findall(r"[A-Za-z]+", args)}  # echoed back: the user's
        if words := _english_words(text, allowed | typed):
            english[args] = words
    assert not english, json.dumps(english, ensure_ascii=False, indent=1)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("--help", "このヘルプを表示して終了します。"),
        ("history --limit 0", "'--limit' の値が正しくありません: 1 以上の値を指定してください。"),
        ("histroy", "コマンド 'histroy' はありません。もしかして 'history' ですか?"),
        ("show", "'question_id' を指定してください。"),
        ("backends check anthropic", "ANTHROPIC_API_KEY が設定されていません"),
        ("report latest -o {home}/exists.md", "上書きするには --force を付けてください"),
        ("score {home}/nowhere/answers.jsonl", "ファイルまたはフォルダがありません"),
    ],
)
def test_japanese_messages_read_naturally(
    sweep: dict[str, object], args: str, expected: str
) -> None:
    runs = sweep["runs"]
    assert isinstance(runs, dict)
    (text,) = [out for key, (_, out) in runs.items() if _same_command(key, args)]
    assert expected in text


def _same_command(key: str, args: str) -> bool:
    pattern = re.escape(args).replace(re.escape("{home}"), r"\S+")
    return re.fullmatch(pattern, key) is not None


@pytest.mark.parametrize("group", [[], ["packs"], ["history"], ["backends"]])
def test_japanese_command_lists_fit_the_terminal_by_display_width(group: list[str]) -> None:
    from coach.unicode import display_width

    env = {**os.environ, "COACH_LANG": "ja", "COLUMNS": "80"}
    result = subprocess.run(
        [sys.executable, "-m", "coach", *group, "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    listed = result.stdout.split("コマンド:", 1)[1].splitlines()[1:]
    assert listed
    for line in listed:
        assert display_width(line) <= 80, line
        name, _, summary = line.strip().partition(" ")
        assert summary.strip() not in ("", "...", "…"), line  # every command says what it does


def test_the_language_of_one_run_does_not_outlive_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from coach.cli.clicktext import ui_lang
    from coach.cli.main import app
    from coach.context import AppContext

    monkeypatch.setenv("COACH_LANG", "en")
    monkeypatch.setattr(sys, "argv", ["coach"])
    context = AppContext()
    result = CliRunner().invoke(app, ["--lang", "ja", "--help"], obj=context)
    assert result.exit_code == 0 and "使い方" in result.stdout
    assert context.argv == ["--lang", "ja", "--help"]  # the run's arguments, kept on its context
    assert ui_lang() == "en"  # after the run: sys.argv and COACH_LANG again, not the last run's


@pytest.mark.parametrize(("lang", "said"), [("en", "Scoring backends"), ("ja", "採点バックエンド")])
def test_command_group_runs_alone_and_has_its_help(
    lang: str, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from coach.cli.clicktext import CoachGroup, command_group

    monkeypatch.setenv("COACH_LANG", lang)
    monkeypatch.setattr(sys, "argv", ["coach"])
    group = command_group("help.backends")
    ran: list[str] = []
    group.callback()(lambda: ran.append("alone"))
    group.command("sub")(lambda: ran.append("sub"))
    assert CliRunner().invoke(group, []).exit_code == 0
    assert CliRunner().invoke(group, ["sub"]).exit_code == 0
    assert ran == ["alone", "alone", "sub"]  # the callback runs with and without a subcommand
    shown = CliRunner().invoke(group, ["--help"])
    assert said in shown.stdout and "╭" not in shown.stdout  # plain help, no rich boxes
    from typer.main import get_group

    assert isinstance(get_group(group), CoachGroup)

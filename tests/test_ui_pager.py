"""`coach report` on a terminal: rendered Markdown in $PAGER; piped, raw Markdown as before."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.ui.pager import pager_command, render_markdown
from tests.helpers.answers import STRONG_EN

runner = CliRunner()


@pytest.fixture
def session(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(STRONG_EN, encoding="utf-8")
    drill = ["drill", "pipeline-forecast", "--answer-file", str(answer), "--offline"]
    assert runner.invoke(app, drill).exit_code == 0


@pytest.fixture
def fake_pager(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PAGER that records what it is given (and its arguments) instead of showing it."""
    record = tmp_path / "paged.txt"
    script = tmp_path / "fake-pager"
    script.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$*" > "{record}.args"\ncat > "{record}"\n', encoding="utf-8"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGER", f"{script} --flag")
    return record


def _on_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coach.cli.sessions._stdout_is_terminal", lambda: True)


def test_report_on_a_terminal_is_rendered_into_the_pager(
    session: None, fake_pager: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on_terminal(monkeypatch)
    result = runner.invoke(app, ["report", "latest", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # all of it went to the pager
    paged = fake_pager.read_text(encoding="utf-8")
    assert "Interview practice report" in paged and "\x1b[" in paged  # rendered, with colour
    assert not paged.startswith("# ") and "**" not in paged  # not the raw Markdown
    assert Path(f"{fake_pager}.args").read_text(encoding="utf-8").strip() == "--flag"


def test_no_pager_and_pipes_and_json_and_files_print_raw_as_before(
    session: None, fake_pager: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    piped = runner.invoke(app, ["report", "latest", "--lang", "en"])  # stdout is not a terminal
    assert piped.stdout.startswith("# Interview practice report") and not fake_pager.exists()
    _on_terminal(monkeypatch)
    raw = runner.invoke(app, ["report", "latest", "--lang", "en", "--no-pager"])
    assert raw.stdout == piped.stdout and not fake_pager.exists()
    as_json = runner.invoke(app, ["report", "latest", "--format", "json"])
    assert json.loads(as_json.stdout)["questions"] and not fake_pager.exists()
    target = tmp_path / "r.md"
    written = runner.invoke(app, ["report", "latest", "--lang", "en", "-o", str(target)])
    assert written.exit_code == 0 and target.read_text(encoding="utf-8") == piped.stdout
    assert not fake_pager.exists()


def test_a_pager_that_cannot_start_does_not_lose_the_report(
    session: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on_terminal(monkeypatch)
    monkeypatch.setenv("PAGER", "/nonexistent/pager")
    result = runner.invoke(app, ["report", "latest", "--lang", "en"])
    assert result.exit_code == 0 and "Interview practice report" in result.stdout


def test_pager_is_PAGER_split_as_a_shell_would_else_less_FRX(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PAGER", raising=False)
    assert pager_command() == ["less", "-FRX"]
    monkeypatch.setenv("PAGER", "   ")
    assert pager_command() == ["less", "-FRX"]
    monkeypatch.setenv("PAGER", "'/opt/my pager/more' -s")
    assert pager_command() == ["/opt/my pager/more", "-s"]


def test_render_markdown_draws_headings_and_tables() -> None:
    shown = render_markdown("# Title\n\n| a | b |\n| - | - |\n| 1 | 2 |\n", width=40)
    assert "\x1b[1;4mTitle" in shown and "# Title" not in shown  # a heading, styled
    assert "─" in shown and "| a |" not in shown  # a drawn table, not pipes

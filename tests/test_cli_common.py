"""The options shared by commands: `scorer_options` and the `ScorerChoice` it hands over."""

from __future__ import annotations

import typer
from typer import _click as click
from typer.core import TyperGroup
from typer.testing import CliRunner

from coach.cli.common import DEFAULT_SCORING, ScorerChoice, scorer_options
from coach.cli.main import app

SIX = ["--lang", "--pack", "--backend", "--model", "--offline", "--redact"]
runner = CliRunner()


def _options(command: click.Command) -> list[str]:
    return [p.opts[0] for p in command.params if p.opts[0].startswith("--")]


def test_scorer_options_hand_the_command_one_choice() -> None:
    seen: list[ScorerChoice] = []

    @scorer_options
    def command(first: int = 1, scoring: ScorerChoice = DEFAULT_SCORING, last: str = "x") -> None:
        seen.append(scoring)

    little = typer.Typer()
    little.command()(command)
    little.command("other")(lambda: None)
    args = ["command", "--first", "2", "--backend", "ollama", "--model", "m", "--offline"]
    result = runner.invoke(little, [*args, "--lang", "ja", "--pack", "p", "--last", "y"])
    assert result.exit_code == 0, result.output
    assert seen == [
        ScorerChoice(lang=seen[0].lang, pack="p", backend="ollama", model="m", offline=True)
    ]
    assert seen[0].lang is not None and seen[0].lang.value == "ja"
    group = typer.main.get_command(little)
    assert isinstance(group, TyperGroup)
    assert _options(group.commands["command"]) == ["--first", *SIX, "--last"]


def test_every_command_that_scores_has_the_six_options_in_one_place() -> None:
    """Walks the real command table: wherever --backend is, the other five stand with it."""
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    having = {}
    for name, command in group.commands.items():
        options = _options(command)
        if "--backend" in options and "--redact" in options:
            start = options.index("--lang")
            having[name] = options[start : start + len(SIX)]
    assert set(having) == {"practice", "drill", "score", "calibrate", "paths"}
    assert all(options == SIX for options in having.values())

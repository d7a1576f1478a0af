"""coach's real command table, walked from Typer's command group (as sqlite-utils' tests do)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer
from typer.core import TyperGroup

from coach.cli.main import app

Table = list[tuple[tuple[str, ...], Any]]


def _walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    if path:
        yield path, command
    if isinstance(command, TyperGroup):
        for name, sub in sorted(command.commands.items()):
            yield from _walk(sub, (*path, name))


def command_table() -> Table:
    """Every command and group under `coach`, by its path (("packs", "list"), ...)."""
    return list(_walk(typer.main.get_command(app), ()))


def runnable(command: Any) -> bool:
    """A command a user runs: not a group, or a group that also runs on its own (history)."""
    return not isinstance(command, TyperGroup) or bool(command.invoke_without_command)


def runnable_commands() -> Table:
    return [(path, command) for path, command in command_table() if runnable(command)]

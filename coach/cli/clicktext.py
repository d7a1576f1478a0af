"""Typer's own words (usage lines, section headings, the --help option, usage errors) in the UI
language: the vendored Click has no message catalogue, so the command classes render them."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer import _click
from typer._click.globals import get_current_context
from typer.core import TyperCommand, TyperGroup, TyperOption

from coach.context import AppContext
from coach.i18n import h, help_lang, t
from coach.unicode import clip


def ui_lang(ctx: _click.Context | None = None) -> str:
    """The language of the command line being run (--lang anywhere, else COACH_LANG, locale):
    the run's AppContext knows its arguments when they are not sys.argv (CliRunner's)."""
    if ctx is None:
        ctx = get_current_context(silent=True)
    app = ctx.find_object(AppContext) if ctx is not None else None
    argv = app.argv if app is not None else None
    return help_lang(argv if argv is not None else sys.argv[1:])


_NUMBER_TYPES = re.compile(r"<(?:int|float)(?: range)?>")
_VALUE_TYPES = re.compile(r" ?<(?:str|path|text|file)>")


# Typer's completion options (`coach --install-completion`), whose help Typer writes in English.
_TYPER_OPTIONS = ("install_completion", "show_completion")
# The shells Typer completes; Click's spelling of an instruction is `{shell}_{action}`.
_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _help_record(param: _click.Parameter, ctx: _click.Context, lang: str) -> tuple[str, str] | None:
    if param.name in _TYPER_OPTIONS and isinstance(param, TyperOption):
        param.help = t(f"cli.{param.name}", lang)
    record = param.get_help_record(ctx)
    if record is None or lang == "en":
        return record
    names, text = record
    names = _NUMBER_TYPES.sub("<N>", names)
    if param.param_type_name == "option":
        names = _VALUE_TYPES.sub(f" <{(param.name or '').upper()}>", names)
    else:  # an argument's name already says what it is
        names = _VALUE_TYPES.sub("", names)
    extras = re.search(r"\s{2}\[([^\[\]]*)\]$", text)
    if extras:
        inner = extras.group(1).replace("default: ", t("cli.default", lang) + ": ")
        inner = re.sub(r"\brequired\b", t("cli.required", lang), inner)
        text = f"{text[: extras.start(1)]}{inner}]"
    return names, text


class _Localized:
    """Overrides shared by commands and groups (mixed in before the Typer class)."""

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first sentence, also when it ends in 「。」, on one line of `limit` columns by
        display width (Click knows only ". " and counts a 日本語 character as one column)."""
        full = " ".join((getattr(self, "help", None) or "").split("\n\n")[0].split())
        first, stop, _ = full.partition("。")
        if not stop:
            return str(super().get_short_help_str(limit))  # type: ignore[misc]
        return clip(first + stop, limit)

    def get_help_option(self, ctx: _click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = t("cli.help_option", ui_lang(ctx))
        return option

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        lang = ui_lang(ctx)
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        if lang != "en":
            wording = {
                "[OPTIONS]": t("cli.options_metavar", lang),
                "COMMAND [ARGS]...": t("cli.command_metavar", lang),
            }
            pieces = [wording.get(piece, piece) for piece in pieces]
        formatter.write_usage(ctx.command_path, " ".join(pieces), t("cli.usage", lang) + " ")

    def format_options(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        lang = ui_lang(ctx)
        rows: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = _help_record(param, ctx, lang)
            if record is not None and param.param_type_name in rows:
                rows[param.param_type_name].append(record)
        for kind, heading in (("argument", "cli.arguments"), ("option", "cli.options")):
            if rows[kind]:
                with formatter.section(t(heading, lang)):
                    formatter.write_dl(rows[kind])
        if isinstance(self, TyperGroup):
            self.format_commands(ctx, formatter)


def _localize_error(error: _click.exceptions.UsageError, lang: str) -> None:
    """Replace the English message of a usage error with the UI language's (in place)."""
    exceptions = _click.exceptions
    message = error.message
    if isinstance(error, exceptions.NoSuchOption):
        text = t("cli.error.no_such_option", lang, option=error.option_name)
        if error.possibilities:
            text += t("cli.error.did_you_mean", lang, choices=", ".join(error.possibilities))
    elif isinstance(error, exceptions.MissingParameter):
        text = t("cli.error.missing", lang, param=_hint(error.param_hint, error.param))
    elif isinstance(error, exceptions.BadParameter):
        hint = _hint(error.param_hint, error.param)
        text = t("cli.error.bad_value", lang, param=hint, detail=_value_detail(message, lang))
    elif match := re.match(r"Option '(.+)' requires an argument", message):
        text = t("cli.error.needs_value", lang, option=match.group(1))
    elif match := re.match(r"Option '(.+)' does not take a value", message):
        text = t("cli.error.takes_no_value", lang, option=match.group(1))
    elif match := re.match(r"No such command '(.+?)'\.(?: Did you mean (.+)\?)?", message):
        text = t("cli.error.no_such_command", lang, command=match.group(1))
        if match.group(2):
            text += t("cli.error.did_you_mean", lang, choices=match.group(2))
    elif match := re.match(r"Got unexpected extra arguments? ?\(?s?\)? ?\((.*)\)", message):
        text = t("cli.error.extra_args", lang, args=match.group(1))
    elif message.startswith("Missing command"):
        text = t("cli.error.missing_command", lang)
    else:
        text = t("cli.error.usage", lang)
    error.message = text
    error.format_message = lambda: text  # type: ignore[method-assign]


def _hint(param_hint: Any, param: Any) -> str:
    if isinstance(param_hint, str):
        return param_hint
    if param_hint:
        return " / ".join(repr(name) for name in param_hint)
    return str(param.get_error_hint()) if param is not None else ""


def _value_detail(message: str, lang: str) -> str:
    if match := re.search(r"is not one of (.+?)\.?$", message):
        return t("cli.error.one_of", lang, choices=match.group(1))
    if match := re.search(r"greater than or equal to (\S+)", message):
        return t("cli.error.at_least", lang, low=match.group(1))
    if match := re.search(r"less than or equal to (\S+)", message):
        return t("cli.error.at_most", lang, high=match.group(1))
    if re.search(r"valid (integer|number)", message):
        return t("cli.error.integer", lang)
    return t("cli.error.invalid", lang)


def _show(self: _click.exceptions.UsageError, file: Any = None) -> None:
    """UsageError.show with the hint and the 'Error:' prefix in the UI language."""
    lang = ui_lang(self.ctx)
    out = file if file is not None else sys.stderr
    if self.ctx is not None:
        hint = ""
        if self.ctx.command.get_help_option(self.ctx) is not None:
            hint = t("cli.error.try_help", lang, command=f"{self.ctx.command_path} --help") + "\n"
        _click.echo(f"{self.ctx.get_usage()}\n{hint}", file=out, color=self.ctx.color)
    _click.echo(f"{t('cli.error', lang)}: {self.format_message()}", file=out, color=None)


def _translate(error: _click.exceptions.UsageError) -> None:
    """Put the error in the UI language once (nested groups see it again on the way up)."""
    lang = ui_lang(error.ctx)
    if lang == "en" or getattr(error, "coach_localized", False):
        return
    _localize_error(error, lang)
    error.show = _show.__get__(error)  # type: ignore[method-assign]
    error.coach_localized = True  # type: ignore[attr-defined]


class CoachCommand(_Localized, TyperCommand):
    """A command whose help speaks the UI language."""


class CoachGroup(_Localized, TyperGroup):
    """A group whose help, usage errors and command list speak the UI language."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """The boundary of a run: its AppContext (`main`'s, a test's `obj=`, else a new one)
        learns the arguments, which CliRunner passes here instead of in sys.argv."""
        if extra.get("obj") is None:
            extra["obj"] = AppContext()
        if isinstance(extra["obj"], AppContext):
            extra["obj"].argv = list(args) if args is not None else None
        return super().main(args, *rest, **extra)

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: str | None = None
    ) -> None:
        """Completion answers Click's spelling of the instruction (`_COACH_COMPLETE=bash_complete`,
        `bash_source`, as Click's documentation writes it) as well as Typer's (`complete_bash`)."""
        var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        shell, _, action = os.environ.get(var, "").partition("_")
        if shell in _SHELLS and action in ("complete", "source"):
            os.environ[var] = f"{action}_{shell}"
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def make_context(self, *args: Any, **kwargs: Any) -> _click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except _click.exceptions.UsageError as error:
            _translate(error)
            raise

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except _click.exceptions.UsageError as error:
            _translate(error)
            raise

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        commands = [
            (name, command)
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = [(name, command.get_short_help_str(limit)) for name, command in commands]
        with formatter.section(t("cli.commands", ui_lang(ctx))):
            formatter.write_dl(rows)


def command_group(help_key: str) -> typer.Typer:
    """A group that is a command too: its callback runs when no subcommand is named (`coach
    backends` lists, `coach backends check` checks)."""
    return typer.Typer(
        cls=CoachGroup, help=h(help_key), invoke_without_command=True, rich_markup_mode=None
    )

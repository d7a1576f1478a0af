"""The `coach` app and its error boundary."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from coach.cli import backends, browse, doctor, packs, scoring, sessions, voice, where
from coach.cli.clicktext import CoachCommand, CoachGroup
from coach.cli.common import LangOpt, boundary, use_lang
from coach.context import AppContext
from coach.i18n import h

app = typer.Typer(
    name="coach",
    cls=CoachGroup,
    help=h("help.app"),
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=True,  # --install-completion / --show-completion; ids via coach.cli.complete
    rich_markup_mode=None,  # plain help: keeps `coach --help` from importing rich (~40 ms)
)


def _add(group: typer.Typer, name: str, fn: Callable[..., Any], prefix: str = "") -> None:
    group.command(name, cls=CoachCommand, help=h(f"help.cmd.{prefix}{name}"))(boundary(fn))


def _show_version(value: bool) -> None:
    if value:
        from coach import __version__

        print(f"coach {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    lang: LangOpt = None,
    traceback: Annotated[
        bool, typer.Option("--traceback", help=h("help.opt.traceback"), show_default=False)
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help=h("help.opt.version"), is_eager=True, callback=_show_version
        ),
    ] = False,
) -> None:
    """--lang and --traceback before the command apply to it (its own --lang wins)."""
    app_context = ctx.ensure_object(AppContext)
    app_context.global_lang = lang.value if lang else None
    app_context.debug = app_context.debug or traceback
    use_lang(None)


_add(app, "practice", sessions.practice)
_add(app, "drill", scoring.drill)
_add(app, "score", scoring.score)
_add(app, "calibrate", scoring.calibrate)
_add(app, "report", sessions.report)
sessions.history_app.callback()(boundary(sessions.history))
_add(sessions.history_app, "delete", sessions.history_delete, "history.")
_add(sessions.history_app, "purge", sessions.history_purge, "history.")
app.add_typer(sessions.history_app, name="history")
_add(app, "questions", browse.questions)
_add(app, "show", browse.show)
_add(app, "role", browse.role)
_add(app, "doctor", doctor.doctor)
_add(app, "paths", where.paths)
_add(packs.app, "list", packs.list_packs, "packs.")
_add(packs.app, "validate", packs.validate, "packs.")
_add(packs.app, "schema", packs.schema, "packs.")
_add(packs.app, "show", packs.show, "packs.")
_add(packs.app, "edit", packs.edit, "packs.")
_add(packs.app, "new", packs.new, "packs.")
app.add_typer(packs.app, name="packs")
backends.app.callback()(boundary(backends.list_backends))
_add(backends.app, "check", backends.check, "backends.")
app.add_typer(backends.app, name="backends")
_add(voice.app, "check", voice.check, "voice.")
app.add_typer(voice.app, name="voice")


def _unwind_on_termination() -> None:
    """SIGTERM/SIGHUP unwind the stack (see `Terminated`) instead of stopping mid-write."""
    import signal

    from coach.errors import Terminated

    def raise_terminated(signum: int, frame: object) -> None:
        raise Terminated(signum)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), raise_terminated)


def _debug_from_env() -> bool:
    """COACH_DEBUG as a yes/no setting; a value that is neither is one line and exit 1."""
    if not os.environ.get("COACH_DEBUG", "").strip():
        return False
    from coach.backends.config import env_bool
    from coach.errors import CoachError
    from coach.i18n import resolve_lang

    try:
        return bool(env_bool("COACH_DEBUG"))
    except CoachError as exc:
        print(f"coach: {exc.render(resolve_lang())}", file=sys.stderr)
        sys.exit(exc.exit_code)


def main(context: AppContext | None = None) -> None:
    """Run the app. Unexpected errors become one line; `--traceback`/COACH_DEBUG=1 show all."""
    from coach.i18n import t

    if context is None:
        context = AppContext()
    context.debug = "--traceback" in sys.argv or _debug_from_env()
    if "--traceback" in sys.argv:
        sys.argv.remove("--traceback")
    from coach.errors import ExitStatus, Terminated

    _unwind_on_termination()
    try:
        app(obj=context)
    except Terminated as exc:
        sys.exit(ExitStatus.after_signal(exc.signum))
    except KeyboardInterrupt:
        print(f"coach: {t('error.interrupted', context.lang)}", file=sys.stderr)
        sys.exit(ExitStatus.INTERRUPTED)
    except Exception as exc:  # noqa: BLE001 - the boundary: one line, no locals, no secrets
        if context.debug:
            raise
        print(
            f"coach: {t('error.unexpected', context.lang, error=type(exc).__name__)}",
            file=sys.stderr,
        )
        sys.exit(ExitStatus.ERROR)

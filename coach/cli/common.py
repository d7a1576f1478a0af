"""Options shared by every command, the run's AppContext, and the error boundary."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer._click.globals import get_current_context

from coach.cli import complete
from coach.context import AppContext
from coach.errors import CoachError, ExitStatus
from coach.i18n import h, resolve_lang, t
from coach.lang import Lang

if TYPE_CHECKING:
    from coach.backends import Scorer
    from coach.packs.model import Pack
    from coach.store import Store


LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help=h("help.opt.lang"),
        show_default=False,
    ),
]
PackOpt = Annotated[
    str | None,
    typer.Option("--pack", help=h("help.opt.pack"), autocompletion=complete.pack_ids),
]
BackendOpt = Annotated[
    str | None,
    typer.Option("--backend", help=h("help.opt.backend")),
]
ModelOpt = Annotated[str | None, typer.Option("--model", help=h("help.opt.model"))]
OfflineOpt = Annotated[bool, typer.Option("--offline", help=h("help.opt.offline"))]
RedactOpt = Annotated[
    bool,
    typer.Option("--redact", help=h("help.opt.redact")),
]


@dataclass(frozen=True)
class ScorerChoice:
    """The options of every command that scores: `--lang --pack --backend --model --offline
    --redact`, given to the command as one value by `scorer_options`."""

    lang: Lang | None = None
    pack: str | None = None
    backend: str | None = None
    model: str | None = None
    offline: bool = False
    redact: bool = False


DEFAULT_SCORING = ScorerChoice()  # a command's `scoring` parameter, until scorer_options fills it
_SCORER_OPTIONS: tuple[tuple[str, Any, object], ...] = (
    ("lang", LangOpt, None),
    ("pack", PackOpt, None),
    ("backend", BackendOpt, None),
    ("model", ModelOpt, None),
    ("offline", OfflineOpt, False),
    ("redact", RedactOpt, False),
)


def scorer_options(fn: Callable[..., R]) -> Callable[..., R]:
    """Give a command the scoring options where its `scoring` parameter stands (so `--help`
    lists them in that place), and pass them to it as one `ScorerChoice`."""
    signature = inspect.signature(fn, eval_str=True)
    params: list[inspect.Parameter] = []
    for param in signature.parameters.values():
        if param.name != "scoring":
            params.append(param)
            continue
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        params += [
            inspect.Parameter(name, kind, default=default, annotation=annotation)
            for name, annotation, default in _SCORER_OPTIONS
        ]
    names = [name for name, _, _ in _SCORER_OPTIONS]

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> R:
        choice = ScorerChoice(**{name: kwargs.pop(name) for name in names if name in kwargs})
        return fn(**kwargs, scoring=choice)

    wrapper.__dict__["__signature__"] = signature.replace(parameters=params)
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


class Format(str, Enum):
    text = "text"
    json = "json"


class Listing(str, Enum):
    """`--format` of the commands that list or show things."""

    table = "table"
    json = "json"


FormatOpt = Annotated[Listing, typer.Option("--format", help=h("help.opt.format"))]


def print_json(data: object) -> None:
    """One JSON document on stdout, alone: no markup, no ANSI, controls escaped (notices go to
    stderr, so `coach … --format json | jq` always reads)."""
    import json

    from coach.safetext import safe_json

    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write(safe_json(text) + "\n")
    sys.stdout.flush()


def deprecated(old: str, new: str) -> None:
    """Say once a run, on stderr, that `old` still works but `new` is its name now."""
    from coach.cli.clicktext import ui_lang

    said = current_app().said_deprecated
    if old in said:
        return
    said.add(old)

    print(f"coach: {t('format.deprecated', ui_lang(), old=old, new=new)}", file=sys.stderr)


def current_app() -> AppContext:
    """The AppContext of the command being run: Click's context object, made by `main`, a test
    (`obj=`) or the command group; a function called outside any run gets a fresh default one."""
    ctx = get_current_context(silent=True)
    if ctx is None:
        return AppContext()
    return ctx.ensure_object(AppContext)


def use_lang(lang: Lang | None) -> str:
    app = current_app()
    app.lang = resolve_lang(lang or app.global_lang)
    return app.lang


def open_pack(spec: str | None) -> Pack:
    from coach.packs import find_pack_path
    from coach.packs.loader import load_pack

    return load_pack(find_pack_path(spec))


F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")


def boundary(fn: F) -> F:
    """Show a CoachError as one line on stderr and exit with its code (no traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        app = current_app()
        try:
            return fn(*args, **kwargs)
        except CoachError as exc:
            if app.debug:
                raise
            from coach.safetext import safe_text

            print(f"coach: {safe_text(exc.render(app.lang))}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:  # Typer would exit 130 without a word
            print(f"coach: {t('error.interrupted', app.lang)}", file=sys.stderr)
            raise typer.Exit(ExitStatus.INTERRUPTED) from None

    return wrapper  # type: ignore[return-value]


def open_store_for_reading(ui: str) -> Store:
    """The history database; read-only (said once, on stderr) when it cannot be written."""
    from coach.store import Store

    store = Store(read_only_ok=True)
    if store.read_only:
        print(f"coach: {t('store.read_only_notice', ui, path=store.path)}", file=sys.stderr)
    return store


def make_scorer(pack: Pack, choice: ScorerChoice, *, hold_notices: bool = False) -> Scorer:
    """The chosen backend, with notices (endpoint, fallback) shown in the UI language."""
    from coach.backends import create_scorer

    app = current_app()
    notices = app.notices
    notices.lang, notices.hold = app.lang, hold_notices
    return create_scorer(
        pack,
        choice.backend,
        choice.model,
        offline=choice.offline,
        redact=choice.redact,
        notify=notices.emit,
    )

"""Shell completion of pack, question and session ids.

Each Tab runs `coach` once, so these read only what they need (the pack files, one query on
the history database opened read-only) and never fail: a broken pack, a missing or damaged
database, anything unexpected completes nothing rather than printing into the shell.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

import typer

Candidates = list[tuple[str, str]]  # (value, help shown by zsh and fish)
F = TypeVar("F", bound=Callable[..., Candidates])

HELP_WIDTH = 60  # a description longer than this is cut (zsh puts it beside the value)


def _quietly(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Candidates:
        try:
            return fn(*args, **kwargs)
        except Exception:  # noqa: BLE001 - a completion must never print an error
            return []

    return wrapper  # type: ignore[return-value]


def _param(ctx: typer.Context | None, name: str) -> Any:
    """A value given on the command line so far (the command's own, else a parent's)."""
    while ctx is not None:
        value = ctx.params.get(name)
        if value is not None:
            return value
        ctx = ctx.parent  # type: ignore[assignment]
    return None


def _lang(ctx: typer.Context | None) -> str:
    from coach.i18n import resolve_lang

    lang = _param(ctx, "lang")
    return resolve_lang(getattr(lang, "value", lang))


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= HELP_WIDTH else line[: HELP_WIDTH - 1] + "…"


@_quietly
def pack_ids(ctx: typer.Context, incomplete: str) -> Candidates:
    """`--pack`: the name and id of every pack that loads, bundled and the user's."""
    if os.sep in incomplete or incomplete.startswith((".", "~")):
        return []  # a path: left to the shell's file completion
    from coach.packs import discover
    from coach.packs.loader import load_pack

    lang = _lang(ctx)
    found: dict[str, str] = {}
    for ref in discover():
        try:
            pack = load_pack(ref.path)
        except Exception:  # noqa: BLE001, S112 - a broken pack completes nothing
            continue
        title = _short(pack.title.get(pack.ui_lang(lang)))
        for value in (pack.id, ref.name):
            found.setdefault(value, title)
    return [(value, title) for value, title in found.items() if value.startswith(incomplete)]


@_quietly
def question_ids(ctx: typer.Context, incomplete: str) -> Candidates:
    """QUESTION: the ids of the chosen pack's questions and case prompts (--pack, COACH_PACK or
    the default pack)."""
    from coach.packs import find_pack_path
    from coach.packs.loader import load_pack

    pack = load_pack(find_pack_path(_param(ctx, "pack")))
    lang = pack.ui_lang(_lang(ctx))
    return [
        (question.id, _short(question.text.get(lang)))
        for question in pack.all_questions()
        if question.id.startswith(incomplete)
    ]


@_quietly
def session_ids(ctx: typer.Context, incomplete: str) -> Candidates:
    """SESSION: the ids in the history database, newest first (never creates the database)."""
    from datetime import datetime

    from coach.i18n import MESSAGES, t
    from coach.paths import data_dir
    from coach.store import DB_NAME
    from coach.store.listing import session_listing

    rows = session_listing(data_dir() / DB_NAME)
    if not rows:
        return []
    lang = _lang(ctx)
    found: Candidates = []
    for session_id, kind, pack_id, started_at in rows:
        if not str(session_id).startswith(incomplete):
            continue
        when = datetime.fromisoformat(started_at).astimezone().strftime("%Y-%m-%d %H:%M")
        key = f"history.kind.{kind}"
        found.append((session_id, f"{when} {t(key, lang) if key in MESSAGES else kind} {pack_id}"))
    return found


@_quietly
def report_sessions(ctx: typer.Context, incomplete: str) -> Candidates:
    """`coach report SESSION`: "latest", then the session ids."""
    from coach.i18n import t

    latest = (
        [("latest", t("complete.latest", _lang(ctx)))] if "latest".startswith(incomplete) else []
    )
    return latest + session_ids(ctx, incomplete)

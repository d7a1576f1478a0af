"""`coach doctor`."""

from __future__ import annotations

import typer

from coach.cli.common import LangOpt, use_lang
from coach.i18n import t


def doctor(lang: LangOpt = None) -> None:
    """Check the history database; if damaged, keep it aside and recover what still reads.

    Example: coach doctor
    """
    ui = use_lang(lang)
    from coach.paths import data_dir
    from coach.store import DB_NAME
    from coach.store.doctor import checkup

    result = checkup(data_dir() / DB_NAME)
    if not result.exists:
        typer.echo(t("doctor.missing", ui, path=result.path))
    elif result.problem is None:
        typer.echo(
            t("doctor.ok", ui, path=result.path, sessions=result.sessions, answers=result.answers)
        )
    else:
        typer.echo(t("doctor.damaged", ui, path=result.path, problem=result.problem))
        typer.echo(
            t(
                "doctor.recovered",
                ui,
                aside=result.aside,
                path=result.path,
                sessions=result.sessions,
                answers=result.answers,
            )
        )

"""`coach backends` and `coach backends check`."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from coach.cli.common import LangOpt, PackOpt, open_pack, use_lang
from coach.errors import CoachError
from coach.i18n import h, t

CHECK_ANSWER = (
    "Every week I review the pipeline with each rep: stage age, next steps and the gaps in "
    "qualification. I compare the commit with historical conversion rates before I call it."
)

app = typer.Typer(
    help=h("help.backends"),
    invoke_without_command=True,
    rich_markup_mode=None,
)


def list_backends(ctx: typer.Context, lang: LangOpt = None) -> None:
    """List the scoring backends, whether each is ready, and the active one (never a key).

    Example: coach backends
    """
    if ctx.invoked_subcommand is not None:
        return
    ui = use_lang(lang)
    from rich.table import Table

    from coach.backends import provider_for, registry
    from coach.backends.config import resolve
    from coach.ui.notices import NOTICES
    from coach.ui.render import console

    settings = resolve()
    found = registry()
    table = Table()
    for key in ("name", "ready", "endpoint", "model"):
        table.add_column(t(f"backends.col.{key}", ui), overflow="fold")
    for name in sorted(found.factories, key=lambda n: (n != "offline", n)):
        active = f" [bold green]← {t('backends.active', ui)}[/]" if name == settings.backend else ""
        provider = provider_for(
            name, settings, settings.model if name == settings.backend else None
        )
        if name == "offline":
            table.add_row(
                name + active,
                f"[green]{t('backends.ready', ui)}[/]",
                t("backends.local", ui),
                "use-multilingual-v3+sudachi",
            )
        elif provider is not None:
            missing = provider.missing()
            ready = f"[yellow]{missing}[/]" if missing else f"[green]{t('backends.ready', ui)}[/]"
            table.add_row(name + active, ready, provider.endpoint, provider.model)
        else:
            table.add_row(name + active, t("backends.plugin", ui), "-", "-")
    console().print(table)
    NOTICES.lang = ui
    for warning in found.warnings:
        NOTICES.emit("notice.plugin_failed", detail=warning)


def check(
    name: Annotated[str | None, typer.Argument(help=h("help.arg.backend"))] = None,
    lang: LangOpt = None,
    pack: PackOpt = None,
) -> None:
    """Send one tiny request and report the latency or the exact problem.

    Example: coach backends check openai
    """
    ui = use_lang(lang)
    from coach.backends import provider_for, registry
    from coach.backends.config import resolve
    from coach.backends.http import ProviderError

    settings = resolve(name)
    if settings.backend not in registry().factories:
        raise CoachError(
            "backends.unknown", name=settings.backend, known=", ".join(sorted(registry().factories))
        )
    start = time.perf_counter()
    if settings.backend == "offline":
        from coach.scoring.offline import OfflineScorer

        loaded = open_pack(pack)
        OfflineScorer(loaded).score(loaded.questions[0], CHECK_ANSWER)
        typer.echo(t("backends.check_offline", ui, ms=round((time.perf_counter() - start) * 1000)))
        return
    provider = provider_for(settings.backend, settings, settings.model)
    if provider is None:
        loaded = open_pack(pack)
        from coach.backends import create_scorer

        create_scorer(loaded, settings.backend).score(loaded.questions[0], CHECK_ANSWER)
        typer.echo(
            t(
                "backends.check_ok",
                ui,
                name=settings.backend,
                endpoint="-",
                model="-",
                ms=round((time.perf_counter() - start) * 1000),
            )
        )
        return
    missing = provider.missing()
    if missing:
        raise CoachError("backends.check_failed", name=settings.backend, problem=missing)
    ping = {
        "type": "object",
        "properties": {"ok": {"type": "boolean"}},
        "required": ["ok"],
        "additionalProperties": False,
    }
    try:
        provider.complete('Reply with the JSON object {"ok": true} and nothing else.', "ping", ping)
    except ProviderError as exc:
        raise CoachError(
            "backends.check_failed", name=settings.backend, problem=exc.message
        ) from None
    typer.echo(
        t(
            "backends.check_ok",
            ui,
            name=settings.backend,
            endpoint=provider.endpoint,
            model=provider.model,
            ms=round((time.perf_counter() - start) * 1000),
        )
    )

"""`coach backends` and `coach backends check`."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coach.cli.clicktext import command_group
from coach.cli.common import (
    FormatOpt,
    LangOpt,
    Listing,
    OfflineOpt,
    PackOpt,
    current_app,
    open_pack,
    print_json,
    use_lang,
)
from coach.errors import CoachError
from coach.i18n import h, provider_text, t

if TYPE_CHECKING:
    from coach.backends.remote import Provider

CHECK_ANSWER = (
    "Every week I review the pipeline with each rep: stage age, next steps and the gaps in "
    "qualification. I compare the commit with historical conversion rates before I call it."
)

app = command_group("help.backends")


def list_backends(
    ctx: typer.Context, lang: LangOpt = None, output_format: FormatOpt = Listing.table
) -> None:
    """Scoring backends: which are ready, which is active (never a key).

    Example: coach backends
    """
    if ctx.invoked_subcommand is not None:
        return
    ui = use_lang(lang)
    from coach.backends import provider_for, registry
    from coach.backends.config import resolve
    from coach.backends.redaction import safe_url

    notices = current_app().notices

    settings = resolve()
    notices.lang = ui
    for key, params in settings.notices:
        notices.emit(key, **params)
    found = registry()
    rows: list[dict[str, Any]] = []
    for name in sorted(found.factories, key=lambda n: (n != "offline", n)):
        row: dict[str, Any] = {"name": name, "active": name == settings.backend}
        try:
            provider = provider_for(name, settings, settings.model_for(name))
        except CoachError as exc:  # e.g. a key with a line break in it: say so in its row
            row.update(state="error", detail=exc.render(ui), endpoint=None, model=None)
        else:
            if name == "offline":
                row.update(state="ready", detail=t("backends.ready", ui), endpoint=None)
                row["model"] = "use-multilingual-v3+sudachi"
            elif provider is not None:
                state, detail = _readiness(provider, settings.offline, ui)
                row.update(state=state, detail=detail, endpoint=safe_url(provider.endpoint))
                row["model"] = provider.model
            else:
                row.update(state="plugin", detail=t("backends.plugin", ui), endpoint=None)
                row["model"] = None
        rows.append(row)
    if output_format is Listing.json:
        from coach.cli.shapes import SCHEMA_VERSION

        print_json({"version": SCHEMA_VERSION, "active": settings.backend, "backends": rows})
    else:
        _backends_table(rows, ui)
    for warning in found.warnings:
        notices.emit("notice.plugin_failed", detail=warning)


def _backends_table(rows: list[dict[str, Any]], ui: str) -> None:
    from coach.ui.render import console
    from coach.ui.views.backends import backends_view

    console().print(backends_view(rows, ui))


def _readiness(provider: Provider, offline: bool, ui: str) -> tuple[str, str]:
    """(state, what to show). Ready only when reachable: a server on this machine gets a short
    connection probe (nothing is sent); a remote one is "not checked" rather than called ready
    on the strength of a key."""
    from coach.backends.http import PROBE_TIMEOUT, host, is_local, listening

    if offline:  # offline mode opens no connection at all
        return "blocked_offline", t("backends.blocked_offline", ui)
    missing = provider.missing()
    if missing:
        return "missing", provider_text(missing, ui)
    base = str(getattr(provider, "base_url", provider.endpoint))
    if not is_local(base):
        return "not_checked", t("backends.not_checked", ui, name=provider.name)
    if not listening(base, PROBE_TIMEOUT):
        return "unreachable", t("backends.unreachable", ui, host=host(base))
    return "ready", t("backends.ready", ui)


def check(
    name: Annotated[str | None, typer.Argument(help=h("help.arg.backend"))] = None,
    lang: LangOpt = None,
    pack: PackOpt = None,
    offline: OfflineOpt = False,
) -> None:
    """Send one tiny request and report the latency or the exact problem.

    Example: coach backends check openai
    """
    ui = use_lang(lang)
    from coach.backends import provider_for, refuse_if_offline, registry
    from coach.backends.config import resolve
    from coach.backends.http import ProviderError
    from coach.backends.redaction import safe_url

    notices = current_app().notices

    settings = resolve(name, offline=offline)
    notices.lang = ui
    for key, params in settings.notices:
        notices.emit(key, **params)
    refuse_if_offline(settings)
    if settings.backend not in registry().factories:
        raise CoachError(
            "backends.unknown", name=settings.backend, known=", ".join(sorted(registry().factories))
        )
    start = time.perf_counter()
    if settings.backend == "offline":
        from coach.scoring.attempt import Attempt
        from coach.scoring.offline import OfflineScorer

        loaded = open_pack(pack)
        OfflineScorer(loaded).score(Attempt(loaded.questions[0], CHECK_ANSWER))
        typer.echo(t("backends.check_offline", ui, ms=round((time.perf_counter() - start) * 1000)))
        return
    provider = provider_for(settings.backend, settings, settings.model)
    if provider is None:
        loaded = open_pack(pack)
        from coach.backends import create_scorer
        from coach.scoring.attempt import Attempt

        create_scorer(loaded, settings.backend).score(Attempt(loaded.questions[0], CHECK_ANSWER))
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
    from coach.backends.http import CHECK_CONNECT_TIMEOUT, host, is_local, listening

    base = str(getattr(provider, "base_url", provider.endpoint))
    if is_local(base) and not listening(base, CHECK_CONNECT_TIMEOUT):  # fail fast, no retries
        raise CoachError(
            "backends.check_failed",
            name=settings.backend,
            problem=t("backends.unreachable", ui, host=host(base)),
        )
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
            endpoint=safe_url(provider.endpoint),
            model=provider.model,
            ms=round((time.perf_counter() - start) * 1000),
        )
    )

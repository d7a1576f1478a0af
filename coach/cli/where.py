"""`coach paths`: where coach keeps things, and the settings in effect with their source."""

from __future__ import annotations

import typer

from coach.cli.common import (
    DEFAULT_SCORING,
    FormatOpt,
    Listing,
    ScorerChoice,
    print_json,
    scorer_options,
    use_lang,
)
from coach.i18n import t


@scorer_options
def paths(
    scoring: ScorerChoice = DEFAULT_SCORING,
    output_format: FormatOpt = Listing.table,
) -> None:
    """Show where the config file, the history database and your packs folder are, and the
    settings in effect with where each came from (flag, environment, config file, default).

    Example: coach paths
    """
    ui = use_lang(scoring.lang)
    from coach.backends.config import config_path
    from coach.backends.sources import effective
    from coach.paths import bundled_packs_dir, data_dir, user_packs_dir
    from coach.safetext import safe_text
    from coach.store import DB_NAME
    from coach.ui.wrap import aligned

    def state(path_exists: bool) -> str:
        return t("paths.exists" if path_exists else "paths.missing", ui)

    config, database, packs = config_path(), data_dir() / DB_NAME, user_packs_dir()
    rows = effective(
        lang=scoring.lang.value if scoring.lang else None,
        pack=scoring.pack,
        backend=scoring.backend,
        model=scoring.model,
        offline=scoring.offline,
        redact=scoring.redact,
    )
    if output_format is Listing.json:
        from coach.cli.shapes import SCHEMA_VERSION

        print_json(
            {
                "version": SCHEMA_VERSION,
                "config": {"path": str(config), "exists": config.is_file()},
                "database": {"path": str(database), "exists": database.is_file()},
                "user_packs": {"path": str(packs), "exists": packs.is_dir()},
                "bundled_packs": {"path": str(bundled_packs_dir()), "exists": True},
                "settings": [
                    {"setting": r.setting, "value": r.value, "source": r.kind, "where": r.where}
                    for r in rows
                ],
            }
        )
        return
    lines = [
        (t("paths.config", ui), f"{config}  ({state(config.is_file())})"),
        (t("paths.database", ui), f"{database}  ({state(database.is_file())})"),
        (t("paths.user_packs", ui), f"{packs}  ({state(packs.is_dir())})"),
        (t("paths.bundled_packs", ui), str(bundled_packs_dir())),
    ]
    for line in aligned(lines):
        typer.echo(safe_text(line))
    typer.echo("")
    typer.echo(t("paths.settings", ui))
    name_width = max(len(r.setting) for r in rows)
    value_width = max(len(r.value) for r in rows)
    for r in rows:
        source = t(f"paths.source.{r.kind}", ui, where=r.where)
        typer.echo(
            safe_text(f"  {r.setting.ljust(name_width)}  {r.value.ljust(value_width)}  {source}")
        )

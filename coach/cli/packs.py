"""`coach packs list` and `coach packs validate`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coach.cli.clicktext import CoachGroup
from coach.cli.common import LangOpt, use_lang
from coach.i18n import h, t
from coach.safetext import safe_text

if TYPE_CHECKING:
    from coach.packs import PackRef
    from coach.packs.model import Pack

app = typer.Typer(
    cls=CoachGroup,
    help=h("help.packs"),
    no_args_is_help=True,
    rich_markup_mode=None,
)


def list_packs(lang: LangOpt = None) -> None:
    """List bundled packs and the packs in your packs folder.

    Example: coach packs list
    """
    ui = use_lang(lang)
    from coach.packs import discover, shadowed
    from coach.packs.loader import PackInvalid, load_pack
    from coach.paths import user_packs_dir
    from coach.ui.render import console, packs_table

    rows: list[tuple[PackRef, Pack | None, str]] = []
    for ref in discover():
        try:
            rows.append((ref, load_pack(ref.path), ""))
        except PackInvalid as exc:
            rows.append((ref, None, exc.summary(ui)))
    replaced = shadowed([(ref, pack.id if pack else None) for ref, pack, _ in rows])
    out = console()
    out.print(packs_table([row for i, row in enumerate(rows) if i not in replaced], ui))
    for loser, winner in replaced.items():
        ref, pack, _ = rows[winner]
        bundled_ref, bundled, _ = rows[loser]
        notice = t(
            "packs.shadows",
            ui,
            id=pack.id if pack else ref.name,
            path=ref.path,
            bundled=bundled.id if bundled else bundled_ref.name,
        )
        out.print(safe_text(notice), style="yellow", markup=False, soft_wrap=True)
    out.print(t("packs.user_dir", ui, path=user_packs_dir()), style="dim")


def validate(
    path: Annotated[Path, typer.Argument(help=h("help.arg.pack_path"))],
    lang: LangOpt = None,
) -> None:
    """Check a pack against the schema: one message per problem, exit 1 if any.

    Example: coach packs validate ./my-pack.yaml
    """
    ui = use_lang(lang)
    from coach.packs.loader import load_pack

    pack = load_pack(path)
    typer.echo(
        t(
            "packs.valid",
            ui,
            source=path,
            id=pack.id,
            version=pack.version,
            questions=len(pack.questions),
            cases=len(pack.cases()),
            languages=", ".join(pack.languages),
        )
    )

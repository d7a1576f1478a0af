"""`coach packs list` and `coach packs validate`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coach.cli.clicktext import CoachGroup
from coach.cli.common import FormatOpt, LangOpt, Listing, print_json, use_lang
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


def list_packs(lang: LangOpt = None, output_format: FormatOpt = Listing.table) -> None:
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
    if output_format is Listing.json:
        from coach.cli import shapes

        print_json(
            {
                "version": shapes.SCHEMA_VERSION,
                "packs": [
                    shapes.pack_row(ref, pack, error, ui)
                    for i, (ref, pack, error) in enumerate(rows)
                    if i not in replaced
                ],
                "shadowed": [
                    {"path": str(rows[loser][0].path), "by": str(rows[winner][0].path)}
                    for loser, winner in replaced.items()
                ],
                "user_dir": str(user_packs_dir()),
            }
        )
        return
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
    output_format: FormatOpt = Listing.table,
) -> None:
    """Check a pack against the schema: one message per problem, exit 1 if any.

    Example: coach packs validate ./my-pack.yaml
    """
    ui = use_lang(lang)
    from coach.packs.loader import load_pack

    if output_format is Listing.json:
        _validate_json(path, ui)
        return
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


class SchemaPart(str, Enum):
    pack = "pack"
    questions = "questions"


def schema(
    part: Annotated[
        SchemaPart, typer.Argument(help=h("help.opt.schema_part"), show_default=True)
    ] = SchemaPart.pack,
) -> None:
    """Print the JSON Schema of the pack format, for editors and other tools.

    Example: coach packs schema > pack.schema.json
    """
    from coach.packs.schema import pack_schema

    print_json(pack_schema(part.value))


def _validate_json(path: Path, ui: str) -> None:
    """{"valid": true, the pack's figures} or {"valid": false, "problems": [...]} and exit 1."""
    from coach.cli import shapes
    from coach.errors import ExitStatus
    from coach.packs.loader import PackInvalid, describe, load_pack

    base = {"version": shapes.SCHEMA_VERSION, "source": str(path)}
    try:
        pack = load_pack(path)
    except PackInvalid as exc:
        problems = [
            {
                "file": str(p.file),
                "line": p.line,
                "place": p.place,
                "code": p.key,
                "message": describe(p, ui),
            }
            for p in exc.problems
        ]
        print_json({**base, "valid": False, "problems": problems})
        raise typer.Exit(ExitStatus.ERROR) from None
    print_json(
        {
            **base,
            "valid": True,
            "id": pack.id,
            "pack_version": pack.version,
            "questions": len(pack.questions),
            "cases": len(pack.cases()),
            "languages": list(pack.languages),
            "problems": [],
        }
    )

"""`coach packs list`, `coach packs validate`, `coach packs schema` and `coach packs new`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coach.cli import complete
from coach.cli.clicktext import CoachGroup
from coach.cli.common import (
    FormatOpt,
    LangOpt,
    Listing,
    ModelOpt,
    RedactOpt,
    current_app,
    open_pack,
    print_json,
    use_lang,
)
from coach.i18n import h, t, tn
from coach.lang import Lang
from coach.safetext import safe_text

if TYPE_CHECKING:
    from coach.packs import PackRef
    from coach.packs.model import Pack
    from coach.session.tailor import Tailored

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
    from coach.ui.render import console
    from coach.ui.views.pack import packs_table

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
        out.print(safe_text(notice), style="warn", markup=False, soft_wrap=True)
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
    """Print the JSON Schema of the pack format (pack.yaml and questions/*.yaml).

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


def show(
    pack_id: Annotated[
        str, typer.Argument(help=h("help.arg.pack_id"), autocompletion=complete.pack_ids)
    ],
    lang: LangOpt = None,
    output_format: FormatOpt = Listing.table,
    no_pager: Annotated[bool, typer.Option("--no-pager", help=h("help.opt.no_pager_pack"))] = False,
) -> None:
    """Show a whole pack, readable. Role, skills, areas and interviewers, every question with
    its evaluation points and cues, model answer, pitfalls and their signs, follow-ups, and the
    case prompts with their data.

    Example: coach packs show sales-manager --lang en
    """
    ui = use_lang(lang)
    pack = open_pack(pack_id)
    if output_format is Listing.json:
        from coach.cli import shapes

        print_json(shapes.pack_full(pack, ui))
        return
    from coach.ui.views.pack import pack_view

    view = pack_view(pack, ui)
    if not no_pager and _stdout_is_terminal():
        from coach.ui.pager import page, render

        page(render(view))  # piped, it is printed as plain text
        return
    from coach.ui.render import console

    console().print(view)


def edit(
    pack_id: Annotated[
        str, typer.Argument(help=h("help.arg.pack_id"), autocompletion=complete.pack_ids)
    ],
    lang: LangOpt = None,
) -> None:
    """Edit a pack, saved only when valid. It opens in $VISUAL/$EDITOR and is checked on save
    (if not valid, the problems are shown and the editor can re-open). A bundled pack is edited
    as a copy saved to your packs folder.

    Example: EDITOR=nano coach packs edit sales-manager
    """
    ui = use_lang(lang)
    from coach.errors import CoachError, ExitStatus
    from coach.packs.edit import PackEdit
    from coach.packs.loader import describe
    from coach.ui.external_editor import editor_command, run_editor

    command = editor_command()
    if command is None:
        raise CoachError("packs.edit.no_editor")
    session = PackEdit.start(pack_id, ui)

    def say(text: str) -> None:
        typer.echo(safe_text(text), err=True)

    if session.bundled:
        say(t("packs.edit.bundled", ui, id=session.ref.name, path=session.target))
    say(t("packs.edit.opening", ui, editor=command[0], path=session.buffer))
    try:
        while True:
            status = run_editor(command, session.buffer)
            if status != 0:
                if session.read_buffer() != list(session.original):
                    say(t("packs.edit.kept", ui, path=session.buffer))
                else:
                    session.discard()
                raise CoachError("packs.edit.editor_status", editor=command[0], status=status)
            outcome = session.check()
            if outcome.unchanged:
                session.discard()
                say(t("packs.edit.unchanged", ui, path=session.ref.path))
                return
            if outcome.pack is not None:
                session.discard()
                pack = outcome.pack
                say(
                    t(
                        "packs.edit.saved",
                        ui,
                        id=pack.id,
                        path=session.target,
                        questions=len(pack.questions),
                        cases=len(pack.cases()),
                    )
                )
                if session.bundled:
                    say(t("packs.edit.now_yours", ui, path=session.target))
                return
            problems = list(outcome.problems)
            say(tn("packs.edit.invalid", ui, len(problems), count=len(problems)))
            for problem in problems:
                say(f"  {describe(problem, ui, file_name_only=True)}")
            if not (_stdin_is_terminal() and _confirm(t("packs.edit.reopen", ui))):
                say(t("packs.edit.kept", ui, path=session.buffer))
                raise typer.Exit(ExitStatus.ERROR)
            session.write_buffer(session.read_buffer(), problems, ui)
    except KeyboardInterrupt:
        say(t("packs.edit.kept", ui, path=session.buffer))
        raise


def _confirm(question: str) -> bool:
    """Yes or no on the terminal; Ctrl-C or the end of input is a no."""
    try:
        return typer.confirm(question, default=True, err=True)
    except typer.Abort:
        return False


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _stdin_is_terminal() -> bool:
    """Asking makes sense only on a terminal: piped or scripted, the answer is no."""
    return sys.stdin.isatty()


def new(
    from_jd: Annotated[
        Path, typer.Option("--from-jd", help=h("help.opt.from_jd"), show_default=False)
    ],
    resume: Annotated[
        Path | None, typer.Option("--resume", help=h("help.opt.resume_file"), show_default=False)
    ] = None,
    role: Annotated[str | None, typer.Option("--role", help=h("help.opt.role"))] = None,
    langs: Annotated[str | None, typer.Option("--lang", help=h("help.opt.pack_langs"))] = None,
    pack_id: Annotated[str | None, typer.Option("--id", help=h("help.opt.pack_id"))] = None,
    backend: Annotated[
        str | None, typer.Option("--backend", help=h("help.opt.pack_backend"))
    ] = None,
    model: ModelOpt = None,
    redact: RedactOpt = False,
    name: Annotated[str | None, typer.Option("--name", help=h("help.opt.candidate_name"))] = None,
    force: Annotated[bool, typer.Option("--force", help=h("help.opt.pack_force"))] = False,
    output_format: FormatOpt = Listing.table,
) -> None:
    """Make a pack tailored to a job description (and your résumé) and save it to your packs
    folder: an LLM backend writes new questions; without one, the best-matching bundled
    questions are chosen.

    Example: coach packs new --from-jd job.txt --resume cv.txt --id backend-jd
    """
    from coach.session import tailor

    pack_langs = tailor.parse_languages(langs)
    # Here --lang names the pack's languages; the UI speaks `coach --lang`, else the first of them.
    ui = use_lang(Lang(pack_langs[0]) if langs and not current_app().global_lang else None)
    from coach.backends import provider_for, refuse_if_offline
    from coach.backends.config import resolve
    from coach.errors import CoachError
    from coach.packs.loader import load_pack
    from coach.paths import user_packs_dir

    notices = current_app().notices

    notices.lang, notices.hold = ui, False
    jd = tailor.read_document(from_jd, "jd")
    cv = tailor.read_document(resume, "resume") if resume is not None else None
    title = " ".join(role.split()) if role and role.strip() else tailor.role_from(jd)
    pid = tailor.check_id(pack_id) if pack_id else tailor.pack_id_for(title, jd)
    target = user_packs_dir() / pid
    if target.exists() and not force:  # before any model is paid to write it
        raise CoachError("tailor.exists", path=str(target))
    settings = resolve(backend, model, False, redact)
    refuse_if_offline(settings)
    if settings.backend == "offline":
        if cv is not None:
            notices.emit("tailor.notice.resume_offline")
        result = tailor.assemble_offline(
            jd, role=title, langs=pack_langs, pack_id=pid, jd_name=from_jd.name
        )
    else:
        provider = provider_for(settings.backend, settings, settings.model)
        if provider is None:  # a plugin scores answers; it has no provider to write a pack
            from coach.backends import registry

            known = registry().factories
            if settings.backend not in known:
                raise CoachError(
                    "backends.unknown", name=settings.backend, known=", ".join(sorted(known))
                )
            raise CoachError("tailor.plugin", name=settings.backend)
        missing = provider.missing()
        if missing:
            raise CoachError("backends.not_ready", name=settings.backend, missing=missing)
        caller = getattr(provider, "caller", None)
        if caller is not None:  # a whole pack takes minutes, not the seconds of one answer
            caller.deadline = max(caller.deadline, tailor.GENERATION_SECONDS)
            caller.read_timeout = tailor.GENERATION_SECONDS
        from coach.backends.redaction import safe_url

        notices.emit(
            "tailor.notice.remote",
            endpoint=safe_url(provider.endpoint),
            name=provider.name,
            model=provider.model,
        )
        notices.emit("tailor.notice.writing", name=provider.name, model=provider.model)
        sent = tailor.redact_resume(cv, name) if cv is not None and settings.redact else cv
        result = tailor.generate(
            provider, jd, sent, pack_id=pid, role=title, langs=pack_langs, notify=notices.emit
        )
    path = tailor.save(result, user_packs_dir(), force=force)
    pack = load_pack(path)
    if output_format is Listing.json:
        _new_json(pack, result, path, ui)
        return
    from coach.ui.render import console
    from coach.ui.views.pack import tailored_view
    from coach.ui.wrap import Wrapped

    out = console()
    out.print(tailored_view(pack, result.covers, ui))
    if result.source == "offline":
        how = t("tailor.how.semantic" if result.semantic else "tailor.how.lexical", ui)
        note = t("tailor.offline_note", ui, source=result.based_on, how=how)
    else:
        note = t("tailor.llm_note", ui, name=result.source, rounds=result.rounds)
    out.print(Wrapped(safe_text(note)))  # a sentence wraps; a path or command below stays whole
    out.print(safe_text(t("tailor.saved", ui, id=pack.id, path=path)), markup=False, soft_wrap=True)
    out.print(safe_text(t("tailor.next", ui, id=pack.id)), markup=False, soft_wrap=True)


def _new_json(pack: Pack, result: Tailored, path: Path, ui: str) -> None:
    from coach.cli import shapes

    lang = pack.ui_lang(ui)
    questions = pack.all_questions()
    print_json(
        {
            "version": shapes.SCHEMA_VERSION,
            "id": pack.id,
            "path": str(path),
            "source": result.source,
            "based_on": result.based_on or None,
            "replies": result.rounds if result.source != "offline" else None,
            "questions": [
                {
                    "id": q.id,
                    "text": q.text.get(lang),
                    "area": (pack.area_of(q).id if pack.area_of(q) else None),  # type: ignore[union-attr]
                    "case": q.is_case,
                    "requirements": list(q.requirements),
                }
                for q in questions
            ],
            "requirements": [
                {
                    "id": r.id,
                    "text": r.text.get(lang),
                    "questions": [q.id for q in pack.requirement_questions(r.id)],
                }
                for r in pack.requirements
            ],
            "uncovered": [r.id for r in pack.requirements if not pack.requirement_questions(r.id)],
        }
    )

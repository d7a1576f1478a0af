"""`coach practice`, `coach history`, `coach report`."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coach.cli import complete
from coach.cli.clicktext import command_group
from coach.cli.common import (
    DEFAULT_SCORING,
    FormatOpt,
    LangOpt,
    Listing,
    PackOpt,
    ScorerChoice,
    current_app,
    deprecated,
    make_scorer,
    open_pack,
    open_store_for_reading,
    print_json,
    scorer_options,
    use_lang,
)
from coach.cli.voice import SILENCE_SECONDS, SilenceOpt, VoiceModeOpt, VoiceOpt, session_voice
from coach.errors import CoachError, ExitStatus
from coach.i18n import MESSAGES, h, t

if TYPE_CHECKING:
    from coach.packs.model import Pack
    from coach.report.summary import RequirementProgress
    from coach.session.practice import Outcome
    from coach.store import SessionRow, Store
    from coach.ui.render import Console
    from coach.voice.transcript import Transcriber


class FeedbackMode(str, Enum):
    end = "end"
    each = "each"


@scorer_options
def practice(
    minutes: Annotated[
        int | None,
        typer.Option("--minutes", min=1, max=240, help=h("help.opt.minutes")),
    ] = None,
    area: Annotated[str | None, typer.Option("--area", help=h("help.opt.area"))] = None,
    questions: Annotated[
        int | None, typer.Option("--questions", min=1, help=h("help.opt.questions"))
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help=h("help.opt.seed"))] = None,
    follow_ups: Annotated[
        int, typer.Option("--follow-ups", min=0, max=2, help=h("help.opt.follow_ups"))
    ] = 1,
    feedback: Annotated[
        FeedbackMode, typer.Option("--feedback", help=h("help.opt.feedback"))
    ] = FeedbackMode.end,
    hard_stop: Annotated[bool, typer.Option("--hard-stop", help=h("help.opt.hard_stop"))] = False,
    no_timer: Annotated[bool, typer.Option("--no-timer", help=h("help.opt.no_timer"))] = False,
    resume: Annotated[bool, typer.Option("--resume", help=h("help.opt.resume"))] = False,
    no_keep_audio: Annotated[
        bool, typer.Option("--no-keep-audio", help=h("help.opt.no_keep_audio"))
    ] = False,
    voice: VoiceOpt = False,
    voice_mode: VoiceModeOpt = None,
    silence: SilenceOpt = SILENCE_SECONDS,
    scoring: ScorerChoice = DEFAULT_SCORING,
) -> None:
    """Sit a timed interview panel; every answer is saved as you submit it.

    Example: coach practice --minutes 30 --lang ja
    """
    ui = use_lang(scoring.lang)
    from coach.session.plan import make_plan
    from coach.session.practice import Practice
    from coach.store import Store
    from coach.ui.practice_io import practice_face
    from coach.ui.render import console

    store = Store()
    resumed = _session_to_resume(store) if resume else None
    loaded = _session_pack(resumed) if resumed is not None else open_pack(scoring.pack)
    out = console()
    interactive = sys.stdin.isatty()
    app = current_app()
    speech = session_voice(
        voice,
        voice_mode,
        silence,
        ui=ui,
        lang=loaded.ui_lang(ui),
        out=out,
        notices=app.notices,
        interactive=interactive,
    )
    scorer = make_scorer(loaded, scoring, hold_notices=interactive)
    io = practice_face(
        loaded,
        ui,
        out,
        interactive,
        show_timer=not no_timer,
        hard_stop=hard_stop,
        clock=app.clock,
        notices=app.notices,
        voice=speech,
    )
    each = feedback is FeedbackMode.each
    listener = speech.listener if speech is not None else None
    runner = Practice(
        loaded,
        scorer,
        store,
        io,
        ui,
        feedback_each=each,
        model=scoring.model,
        clock=app.clock,
        listen=listener is not None,
        keep_audio=not no_keep_audio,
        transcriber=listener.transcriber if listener else _transcriber_for(store, resumed),
    )
    if resumed is not None:
        outcome = runner.resume(resumed.id)
    else:
        plan = make_plan(
            loaded,
            minutes=minutes,
            area=area,
            questions=questions,
            follow_ups=follow_ups,
            seed=seed,
        )
        started = runner.start(plan)
        if started is None:
            out.print(t("practice.cancelled", ui))
            raise typer.Exit(ExitStatus.INTERRUPTED)
        outcome = started
    notices = current_app().notices

    notices.hold = False
    notices.flush()
    _finish(outcome, store, loaded, ui, out)


def _transcriber_for(store: Store, resumed: SessionRow | None) -> Transcriber | None:
    """Whisper, when the session to resume has recordings never transcribed: answers' or
    drafts' (without the extra, the line saying what to install)."""
    if resumed is None:
        return None
    drafts = store.drafts(resumed.id).values()
    spoken = any(d.audio_path is not None and d.transcript is None for d in drafts)
    if not spoken and not store.untranscribed(resumed.id):
        return None
    from coach.voice import require

    require()
    from coach.voice.stt import WhisperTranscriber

    return WhisperTranscriber()


def _finish(outcome: Outcome, store: Store, pack: Pack, ui: str, out: Console) -> None:
    """A session left unfinished is kept to resume; a finished one ends with its summary."""
    from coach.store import SessionStatus

    if outcome.status != SessionStatus.FINISHED:
        out.print(t("practice.saved", ui), style="warn")
        raise typer.Exit(ExitStatus.INTERRUPTED)  # quit (or Ctrl-C twice): resumable
    from coach.report.summary import load_summary
    from coach.ui.views.summary import print_summary

    summary = load_summary(store, pack, outcome.session_id)
    if summary is not None:
        print_summary(out, summary, pack, ui)


def _session_to_resume(store: Store) -> SessionRow:
    """`--resume`: the latest unfinished practice session."""
    from coach.store import SessionKind, SessionStatus

    resumed = store.latest_session(SessionKind.PRACTICE, status=SessionStatus.ACTIVE)
    if resumed is None:
        raise CoachError("practice.nothing_to_resume")
    return resumed


def _session_for(store: Store, which: str) -> SessionRow:
    if which == "latest":
        row = store.latest_session(answered=True)  # an empty session has nothing to report
        if row is None:
            raise CoachError("report.no_sessions")
        return row
    row = store.session(which)
    if row is None:
        raise CoachError("report.no_session", id=which)
    return row


def _session_pack(row: SessionRow) -> Pack:
    """The pack a session used: from where it was loaded, else by id."""
    return open_pack(row.pack_source if Path(row.pack_source).exists() else row.pack_id)


def _pack_quietly(row: SessionRow) -> Pack | None:
    try:
        return _session_pack(row)
    except CoachError:
        return None  # the report still works from what the database holds


class ReportFormat(str, Enum):
    markdown = "markdown"
    json = "json"


def _report_format(value: str | ReportFormat) -> ReportFormat:
    """markdown or json; `md`, the old name, still works (said once on stderr)."""
    if isinstance(value, ReportFormat):
        return value
    if value == "md":
        deprecated("--format md", "--format markdown")
        return ReportFormat.markdown
    try:
        return ReportFormat(value)
    except ValueError:
        choices = ", ".join(repr(f.value) for f in ReportFormat)
        raise typer.BadParameter(f"{value!r} is not one of {choices}.") from None


def report(
    session: Annotated[
        str, typer.Argument(help=h("help.arg.session"), autocompletion=complete.report_sessions)
    ] = "latest",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=h("help.opt.output"))
    ] = None,
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            help=h("help.opt.report_format"),
            parser=_report_format,
            metavar="<markdown|json>",
        ),
    ] = ReportFormat.markdown,
    force: Annotated[bool, typer.Option("--force", help=h("help.opt.force"))] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help=h("help.opt.no_pager"))] = False,
    lang: LangOpt = None,
) -> None:
    """Export a session: Markdown (or JSON) with every answer, score, evidence and model answer.

    Example: coach report latest -o report.md
    """
    ui = use_lang(lang)
    from coach.report.markdown import progress_and_speech, to_json, to_markdown
    from coach.report.speech import session_speech
    from coach.report.summary import requirement_progress, summarize

    store = open_store_for_reading(ui)
    row = _session_for(store, session)
    loaded = _pack_quietly(row)
    answers = store.answers(row.id)
    summary = summarize(loaded, row, answers)
    history, speech = progress_and_speech(store, summary)
    own = session_speech(answers)  # also for a drill or a session not on the progress line
    if own is not None:
        speech[row.id] = own
    requirements = requirement_progress(loaded, answers, ui)
    if output_format is ReportFormat.json:
        from coach.safetext import safe_json

        data = to_json(summary, loaded, history, requirements, speech)
        text = safe_json(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)) + "\n"
    else:
        text = to_markdown(summary, loaded, ui, history, requirements, speech)
    if output is None:
        if output_format is ReportFormat.markdown and not no_pager and _stdout_is_terminal():
            from coach.ui.pager import page_markdown

            page_markdown(text)  # rendered, in $PAGER; piped, it stays raw Markdown
            return
        sys.stdout.write(text)
        return
    if output.exists() and not force:
        raise CoachError("report.exists", path=str(output))
    from coach.fileio import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise CoachError("report.unwritable", path=str(output), error=exc) from None
    typer.echo(t("report.written", ui, path=output), err=True)


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


history_app = command_group("help.cmd.history")


def history(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, help=h("help.opt.limit"))] = 20,
    lang: LangOpt = None,
    pack: PackOpt = None,
    output_format: FormatOpt = Listing.table,
) -> None:
    """Past sessions with scores, the trend, and the questions to drill next.

    Example: coach history --lang ja
    """
    if ctx.invoked_subcommand is not None:
        return
    ui = use_lang(lang)
    from coach.report.speech import session_speech
    from coach.report.summary import short_date, sparkline, summarize
    from coach.session.drill import weakest_questions
    from coach.store import SessionKind, SessionStatus
    from coach.ui.render import console
    from coach.ui.views.history import HistoryLine, history_view, speech_view

    store = open_store_for_reading(ui)
    rows = store.sessions(limit=limit, answered=True)
    if output_format is Listing.json:
        _history_json(store, rows, pack)
        return
    out = console()
    _untranscribed_drill(store, ui, out)
    if not rows:
        out.print(t("history.empty", ui))
        return
    loaded = open_pack(pack)
    lang_pack = loaded.ui_lang(ui)
    lines: list[HistoryLine] = []
    trend: list[float] = []
    answers = store.answers_of([row.id for row in rows])
    for row in rows:
        summary = summarize(loaded if row.pack_id == loaded.id else None, row, answers[row.id])
        kind = (
            t(f"history.kind.{row.kind}", ui)
            if f"history.kind.{row.kind}" in MESSAGES
            else row.kind
        )
        lines.append(
            HistoryLine(
                date=short_date(row.started_at),
                id=row.id,
                kind=kind,
                pack=row.pack_id,
                backend=row.backend,
                answered=sum(1 for r in summary.results if not r.answer.skipped),
                overall=summary.overall,
                unfinished=row.status == SessionStatus.ACTIVE,
                areas=dict(summary.by_area),
                speech=session_speech(answers[row.id]),
            )
        )
        if summary.overall is not None and row.kind == SessionKind.PRACTICE:
            trend.append(summary.overall)
    areas = [(a.id, a.name.get(lang_pack)) for a in loaded.areas]
    out.print(history_view(lines, areas, ui, out.width))
    if trend:
        out.print(t("history.trend", ui, line=sparkline(list(reversed(trend)))))
    spoken = speech_view(lines, ui)
    if spoken is not None:
        out.print(spoken)
    requirements = _requirement_progress(store, loaded, ui)
    if requirements:
        from coach.ui.views.history import requirements_view

        out.print(requirements_view(requirements, ui))
    weakest = weakest_questions(loaded, store)
    if weakest:
        out.print(t("history.weakest", ui, ids=", ".join(weakest)))


def _untranscribed_drill(store: Store, ui: str, out: Console) -> None:
    """One line when an unfinished drill holds a recording never transcribed (a crash came
    between recording and correction): what to run to score it."""
    from coach.session.drill import drill_to_resume

    found = drill_to_resume(store)
    if found is not None:
        out.print(t("history.untranscribed_drill", ui, id=found[0].id), style="warn")


def _history_json(store: Store, rows: list[SessionRow], pack: str | None) -> None:
    """`coach history --format json`: the sessions (newest first) and the questions to drill."""
    from coach.cli.shapes import SCHEMA_VERSION
    from coach.report.speech import session_speech
    from coach.report.summary import summarize
    from coach.session.drill import weakest_questions

    loaded = open_pack(pack)
    sessions = []
    answers = store.answers_of([row.id for row in rows])
    for row in rows:
        summary = summarize(loaded if row.pack_id == loaded.id else None, row, answers[row.id])
        speech = session_speech(answers[row.id])
        sessions.append(
            {
                "id": row.id,
                "kind": row.kind,
                "status": row.status,
                "started_at": row.started_at,
                "ended_at": row.ended_at,
                "pack": row.pack_id,
                "pack_version": row.pack_version,
                "lang": row.lang,
                "backend": row.backend,
                "model": row.model,
                "answered": sum(1 for r in summary.results if not r.answer.skipped),
                "overall": summary.overall,
                "areas": dict(summary.by_area),
                "speech": None if speech is None else speech.to_dict(),
            }
        )
    print_json(
        {
            "version": SCHEMA_VERSION,
            "pack": loaded.id,
            "sessions": sessions,
            "weakest": weakest_questions(loaded, store) if rows else [],
            "requirements": [r.to_dict() for r in _requirement_progress(store, loaded, "en")],
        }
    )


def _requirement_progress(store: Store, pack: Pack, ui: str) -> list[RequirementProgress]:
    """A tailored pack's requirements over every session of that pack."""
    from coach.report.summary import requirement_progress

    if not pack.requirements:
        return []
    by_session = store.answers_of([row.id for row in store.sessions() if row.pack_id == pack.id])
    answers = [answer for session in by_session.values() for answer in session]
    return requirement_progress(pack, answers, ui)


YesOpt = Annotated[bool, typer.Option("--yes", "-y", help=h("help.opt.yes"))]


def _confirm(question: str, yes: bool, ui: str) -> None:
    """Ask before deleting; without a terminal answer (end of input) nothing is deleted."""
    if yes:
        return
    try:
        agreed = typer.confirm(question, default=False, err=True)
    except typer.Abort:
        typer.echo("", err=True)
        raise CoachError("history.not_confirmed") from None
    if not agreed:
        typer.echo(t("history.kept", ui), err=True)
        raise typer.Exit(0)


def _forget(ui: str, *, ids: list[str] | None = None, before: str | None = None) -> None:
    from coach.store import Store

    sessions, answers = Store().delete_sessions(ids=ids, before=before)
    typer.echo(t("history.deleted", ui, sessions=sessions, answers=answers))


def history_delete(
    session: Annotated[
        str, typer.Argument(help=h("help.arg.session_id"), autocompletion=complete.session_ids)
    ],
    yes: YesOpt = False,
    lang: LangOpt = None,
) -> None:
    """Delete one session with its answers and scores, for good.

    Example: coach history delete 20250101-093000-ab12
    """
    ui = use_lang(lang)
    from coach.store import Store

    row = Store().session(session)
    if row is None:
        raise CoachError("report.no_session", id=session)
    _confirm(t("history.confirm_delete", ui, id=row.id), yes, ui)
    _forget(ui, ids=[row.id])


def _start_of(day: str) -> str:
    """`YYYY-MM-DD` (local midnight) as the UTC ISO time the database compares with."""
    from datetime import date, datetime, time, timezone

    try:
        parsed = date.fromisoformat(day.strip())
    except ValueError:
        raise CoachError("history.bad_date", value=day) from None
    local = datetime.combine(parsed, time()).astimezone()
    return local.astimezone(timezone.utc).isoformat(timespec="seconds")


def history_purge(
    before: Annotated[str | None, typer.Option("--before", help=h("help.opt.before"))] = None,
    everything: Annotated[bool, typer.Option("--all", help=h("help.opt.purge_all"))] = False,
    yes: YesOpt = False,
    lang: LangOpt = None,
) -> None:
    """Delete every session started before a date (or all of them), then compact the database.

    Example: coach history purge --before 2025-01-01
    """
    ui = use_lang(lang)
    if (before is None) == (not everything):
        raise CoachError("history.purge_what")
    cutoff = _start_of(before) if before is not None else None
    question = (
        t("history.confirm_purge_before", ui, date=before)
        if before is not None
        else t("history.confirm_purge_all", ui)
    )
    _confirm(question, yes, ui)
    _forget(ui, before=cutoff)

"""`coach drill` and `coach score`."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from coach.cli import complete
from coach.cli.common import (
    DEFAULT_SCORING,
    Format,
    FormatOpt,
    Listing,
    ScorerChoice,
    current_app,
    make_scorer,
    open_pack,
    print_json,
    scorer_options,
    use_lang,
)
from coach.cli.voice import SILENCE_SECONDS, SilenceOpt, VoiceModeOpt, VoiceOpt, session_voice
from coach.errors import CoachError, ExitStatus
from coach.i18n import h, t, tn

if TYPE_CHECKING:
    from coach.backends import Scorer
    from coach.packs.model import Pack, Question
    from coach.scoring.evaluation import Evaluation
    from coach.session.batch import Job
    from coach.store import Store
    from coach.voice.transcript import Transcriber


def read_text(source: str) -> str:
    """An answer from a file, or stdin for "-"."""
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CoachError("answer.unreadable", path=source, error=exc) from None


def read_until_dot(stream: TextIO) -> str | None:
    """Lines up to one holding only "." (or the end of input); None when input has ended."""
    lines: list[str] = []
    for line in stream:
        if line.rstrip("\r\n") == ".":
            return "\n".join(lines)
        lines.append(line.rstrip("\r\n"))
    return "\n".join(lines) if lines else None


@scorer_options
def drill(
    question_id: Annotated[
        str | None,
        typer.Argument(help=h("help.arg.drill_question"), autocompletion=complete.question_ids),
    ] = None,
    random_pick: Annotated[bool, typer.Option("--random", help=h("help.opt.random"))] = False,
    weakest: Annotated[bool, typer.Option("--weakest", help=h("help.opt.weakest"))] = False,
    answer_file: Annotated[
        str | None,
        typer.Option("--answer-file", help=h("help.opt.answer_file")),
    ] = None,
    answer_audio: Annotated[
        str | None,
        typer.Option("--answer-audio", help=h("help.opt.answer_audio")),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", help=h("help.opt.drill_format"))
    ] = Format.text,
    no_keep_audio: Annotated[
        bool, typer.Option("--no-keep-audio", help=h("help.opt.no_keep_audio"))
    ] = False,
    no_timer: Annotated[bool, typer.Option("--no-timer", help=h("help.opt.no_timer"))] = False,
    hard_stop: Annotated[bool, typer.Option("--hard-stop", help=h("help.opt.hard_stop"))] = False,
    resume: Annotated[bool, typer.Option("--resume", help=h("help.opt.drill_resume"))] = False,
    voice: VoiceOpt = False,
    voice_mode: VoiceModeOpt = None,
    silence: SilenceOpt = SILENCE_SECONDS,
    scoring: ScorerChoice = DEFAULT_SCORING,
) -> None:
    """Drill one question: answer against the clock, get detailed feedback, retry.

    Example: coach drill pipeline-forecast --lang ja
    """
    ui = use_lang(scoring.lang)
    if resume:
        _resume_drill(ui, scoring, output_format, keep_audio=not no_keep_audio)
        return
    loaded = open_pack(scoring.pack)
    from coach.session.drill import pick_question
    from coach.store import Store

    store = Store()
    question = pick_question(
        loaded, question_id, randomly=random_pick, weakest=weakest, store=store
    )
    if weakest and not question_id and question is not None:
        _say_why_weakest(loaded, question, store, ui)
    if question_id and question is None:
        from coach.cli.browse import find_question

        find_question(loaded, question_id)  # raises with the closest ids
    if answer_file is not None and answer_audio is not None:
        raise CoachError("drill.audio_and_file")
    interactive = answer_file is None and answer_audio is None and _stdin_is_terminal()
    app = current_app()
    speech = None
    if voice or voice_mode is not None:  # before anything starts: the extra, the devices
        from coach.ui.render import console

        speech = session_voice(
            voice, voice_mode, silence, ui=ui, lang=loaded.ui_lang(ui), out=console(),
            notices=app.notices, interactive=interactive,
        )  # fmt: skip
    if question is None:
        if not interactive:
            raise CoachError("drill.need_question")
        question = _pick_interactively(loaded, ui)
    # the extra and the file are checked before anything is written
    seconds = _audio_seconds(answer_audio) if answer_audio is not None else None
    scorer = make_scorer(loaded, scoring, hold_notices=interactive)

    if answer_audio is not None:
        from coach.session.drill import score_given_audio
        from coach.voice.stt import WhisperTranscriber

        evaluation = score_given_audio(
            loaded,
            question,
            scorer,
            answer_audio,
            WhisperTranscriber(),
            ui,
            store,
            model=scoring.model,
            seconds=seconds,
            keep_audio=not no_keep_audio,
        )
        _show_evaluation(evaluation, ui, output_format)
        return
    if not interactive:
        text = read_text(answer_file) if answer_file else read_until_dot(sys.stdin)
        _score_once(loaded, question, scorer, text or "", ui, store, scoring.model, output_format)
        return

    from coach.session.drill import run_drill
    from coach.ui.render import console
    from coach.ui.terminal import TerminalDrill

    io = TerminalDrill(
        loaded,
        ui,
        console(),
        show_timer=not no_timer,
        hard_stop=hard_stop,
        clock=app.clock,
        notices=app.notices,
        voice=speech,
    )
    result = run_drill(
        loaded,
        question,
        scorer,
        io,
        ui,
        store=store,
        model=scoring.model,
        listen=speech is not None and speech.listener is not None,
        keep_audio=not no_keep_audio,
    )
    if result.interrupted:
        raise typer.Exit(ExitStatus.INTERRUPTED)


def _resume_drill(
    ui: str, scoring: ScorerChoice, output_format: Format, *, keep_audio: bool
) -> None:
    """`--resume`: the recording the latest unfinished drill kept, transcribed and scored."""
    from coach.cli.sessions import _session_pack
    from coach.session.drill import drill_to_resume, resume_drill
    from coach.store import Store

    store = Store()
    found = drill_to_resume(store)
    if found is None:
        raise CoachError("drill.nothing_to_resume")
    session, answer = found
    loaded = _session_pack(session)
    from coach.voice import require

    require()
    from coach.voice.stt import WhisperTranscriber

    scorer = make_scorer(loaded, scoring)
    evaluation = resume_drill(
        loaded, session, answer, scorer, WhisperTranscriber(), ui, store, keep_audio=keep_audio
    )
    _show_evaluation(evaluation, ui, output_format)


def _score_once(
    pack: Pack,
    question: Question,
    scorer: Scorer,
    text: str,
    ui: str,
    store: Store,
    model: str | None,
    output_format: Format,
) -> None:
    from coach.session.drill import score_given

    evaluation = score_given(pack, question, scorer, text, ui, store=store, model=model)
    _show_evaluation(evaluation, ui, output_format)


def _show_evaluation(evaluation: Evaluation, ui: str, output_format: Format) -> None:
    if output_format is Format.json:
        print_json(evaluation.to_dict())
    else:
        from coach.ui.render import console
        from coach.ui.views.feedback import feedback_view

        console().print(feedback_view(evaluation, ui))


def _audio_seconds(path: str) -> float:
    """The length of a recorded answer; says what to install, or why the file cannot be read."""
    from coach.voice import require

    require()
    from coach.voice.audio import RATE, read_audio

    return round(len(read_audio(path)) / RATE, 2)


def _pick_interactively(pack: Pack, ui: str) -> Question:
    from coach.ui.picker import pick_question
    from coach.ui.render import console

    return pick_question(pack, ui, console())


def _say_why_weakest(pack: Pack, question: Question, store: Store, ui: str) -> None:
    """One line on stderr: the score that made `--weakest` pick this question, or that there
    is no history yet (then the pick was random)."""
    from coach.ui.render import console

    runs = [score for _, score in store.question_scores(pack.id).get(question.id, [])]
    if runs:
        average = sum(runs) / len(runs)
        why = tn(
            "drill.weakest_why",
            ui,
            len(runs),
            score=f"{runs[-1]:.1f}",
            attempts=len(runs),
            average=f"{average:.1f}",
        )
    else:
        why = t("drill.no_history", ui)
    console(stderr=True).print(why, style="dim", markup=False, soft_wrap=True)


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


class ScoreFormat(str, Enum):
    jsonl = "jsonl"  # one result a line, as each is scored (the default, for pipelines)
    json = "json"  # one document, {"version", "results": [...]}, at the end
    table = "table"


@scorer_options
def score(
    file: Annotated[str, typer.Argument(help=h("help.arg.jsonl"))],
    output_format: Annotated[
        ScoreFormat, typer.Option("--format", help=h("help.opt.score_format"))
    ] = ScoreFormat.jsonl,
    concurrency: Annotated[
        int,
        typer.Option("--concurrency", min=1, max=16, help=h("help.opt.concurrency")),
    ] = 4,
    scoring: ScorerChoice = DEFAULT_SCORING,
) -> None:
    """Score many answers: JSON Lines in (id, question, answer, lang, seconds on each line;
    audio, a recording's path, instead of answer), JSON Lines out.

    Example: coach score answers.jsonl > scored.jsonl
    """
    ui = use_lang(scoring.lang)
    loaded = open_pack(scoring.pack)
    from coach.safetext import safe_json
    from coach.session.batch import read_jobs_from, run

    if file == "-":
        jobs = read_jobs_from(sys.stdin.buffer, loaded, ui)
    else:
        try:
            with open(file, "rb") as stream:
                jobs = read_jobs_from(stream, loaded, ui)
        except OSError as exc:
            raise CoachError("answer.unreadable", path=file, error=exc) from None
    transcriber = _transcriber_for(jobs)
    scorer = make_scorer(loaded, scoring)
    parallel = 1 if scorer.in_process else concurrency
    failed = 0
    results = []

    from coach.ui.progress import progress_bar

    with progress_bar(t("drill.scoring", ui), len(jobs)) as advance:
        for result in run(
            jobs,
            loaded,
            scorer,
            parallel,
            on_done=advance,
            feedback_lang=scoring.lang.value if scoring.lang else None,
            ui=ui,
            transcriber=transcriber,
        ):
            failed += not result.ok
            if output_format is ScoreFormat.jsonl:
                line = json.dumps(result.to_dict(), ensure_ascii=False)
                sys.stdout.write(safe_json(line) + "\n")
                sys.stdout.flush()
            else:
                results.append(result)
    if output_format is ScoreFormat.table:
        from coach.ui.render import console
        from coach.ui.views.batch import score_table

        console().print(score_table(results, ui))
    elif output_format is ScoreFormat.json:
        from coach.cli.shapes import SCHEMA_VERSION

        print_json({"version": SCHEMA_VERSION, "results": [r.to_dict() for r in results]})
    if failed:
        from coach.ui.render import console

        console(stderr=True).print(t("score.summary", ui, ok=len(jobs) - failed, failed=failed))
        raise typer.Exit(ExitStatus.ERROR)


def _transcriber_for(jobs: list[Job]) -> Transcriber | None:
    """Whisper when a line gives a recording; without the extra, the line saying what to install
    (before anything is scored)."""
    if not any(job.audio is not None for job in jobs):
        return None
    from coach.voice import require

    require()
    from coach.voice.stt import WhisperTranscriber

    return WhisperTranscriber()


@scorer_options
def calibrate(
    repeats: Annotated[
        int,
        typer.Option("--repeats", min=1, max=20, help=h("help.opt.repeats")),
    ] = 1,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=16, help=h("help.opt.concurrency"))
    ] = 4,
    scoring: ScorerChoice = DEFAULT_SCORING,
    output_format: FormatOpt = Listing.table,
) -> None:
    """Check whether a backend is fit to judge, on graded answers shipped with coach (every
    bundled pack unless --pack is given).

    Example: coach calibrate --backend ollama --model llama3.1 --repeats 3
    """
    ui = use_lang(scoring.lang)
    from coach.session.calibrate import FIT, calibrate_sets, calibration_set
    from coach.ui.progress import progress_bar
    from coach.ui.render import console
    from coach.ui.views.calibration import calibration_view

    if scoring.pack is None:
        from coach.packs import discover

        packs = [open_pack(str(ref.path)) for ref in discover() if ref.origin == "bundled"]
    else:
        packs = [open_pack(scoring.pack)]
    sets = [(loaded, make_scorer(loaded, scoring), calibration_set(loaded)) for loaded in packs]
    total = sum(len(answers) for _, _, answers in sets)
    in_process = all(scorer.in_process for _, scorer, _ in sets)
    with progress_bar(t("drill.scoring", ui), total * repeats) as advance:
        result = calibrate_sets(sets, repeats, 1 if in_process else concurrency, on_done=advance)
    if output_format is Listing.json:
        from coach.cli import shapes

        print_json(shapes.calibration(result, FIT))
    else:
        console().print(calibration_view(result, FIT, ui))
    if not result.fit:
        raise typer.Exit(ExitStatus.ERROR)

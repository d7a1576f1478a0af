"""`coach score`: JSON Lines in, one result per line out, in order; a bad line stops nothing.

A line is at most `LINE_LIMIT` bytes of UTF-8; a longer one is read past in bounded pieces and
becomes that line's error, as does invalid UTF-8, nesting too deep to parse, text that cannot be
written back (lone surrogates) and numbers JSON cannot carry (NaN, Infinity, 1e400).
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

from coach.backends import Scorer
from coach.errors import CoachError
from coach.i18n import t
from coach.lang import known
from coach.packs.model import Pack
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import Evaluation
from coach.voice.transcript import Transcriber, Transcript


@dataclass
class Job:
    line: int
    id: Any
    question: str | None = None
    answer: str | None = None
    lang: str | None = None
    seconds: float | None = None
    error: str | None = None
    audio: str | None = None  # a recording's path, given instead of `answer`


@dataclass(frozen=True)
class BatchResult:
    """One output line: the line's evaluation, or the error that stopped it (never both)."""

    id: Any
    line: int
    evaluation: Evaluation | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """The JSON line: `{"id", **evaluation}`, or `{"id", "line", "error"}`."""
        if self.evaluation is None:
            return {"id": self.id, "line": self.line, "error": self.error}
        return {"id": self.id, **self.evaluation.to_dict()}


def parse_line(number: int, raw: str, pack: Pack, ui: str = "en") -> Job:
    """One input line as a job, or a job carrying the error (in `ui`) that says what is wrong."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return Job(number, None, error=t("batch.bad_json", ui, error=exc.msg, column=exc.colno))
    except RecursionError:
        return Job(number, None, error=t("batch.too_deep", ui))
    except ValueError:  # an integer of more than 4,300 digits
        return Job(number, None, error=t("batch.not_finite", ui))
    if not isinstance(data, dict):
        return Job(number, None, error=t("batch.not_object", ui))
    problem = unwritable(data)
    if problem is not None:
        line_id = data.get("id", number)
        return Job(number, None if unwritable(line_id) else line_id, error=t(problem, ui))
    job = Job(number, data.get("id", number))
    question = data.get("question")
    answer = data.get("answer")
    audio = data.get("audio")
    line_lang = data.get("lang")
    seconds = data.get("seconds")
    if not isinstance(question, str) or not question:
        job.error = t("batch.no_question", ui)
    elif pack.resolve(question) is None:
        job.error = t("batch.unknown_question", ui, id=question)
    elif answer is not None and audio is not None:
        job.error = t("batch.answer_and_audio", ui)
    elif answer is None and audio is None:
        job.error = t("batch.no_answer", ui)
    elif audio is not None and (not isinstance(audio, str) or not audio):
        job.error = t("batch.audio_type", ui)
    elif answer is not None and not isinstance(answer, str):
        job.error = t("batch.answer_type", ui)
    elif line_lang is not None and not known(line_lang):
        job.error = t("batch.bad_lang", ui, value=repr(line_lang))
    elif seconds is not None and (
        isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0
    ):
        job.error = t("batch.bad_seconds", ui)
    elif seconds is not None and not _finite(seconds):
        job.error = t("batch.not_finite", ui)
    else:
        job.question, job.answer, job.lang, job.audio = question, answer, line_lang, audio
        job.seconds = float(seconds) if seconds is not None else None
    return job


def _finite(number: float) -> bool:
    try:
        return math.isfinite(float(number))
    except OverflowError:  # an integer beyond what a float holds
        return False


def unwritable(data: Any) -> str | None:
    """The message key saying why `data` cannot be written as a JSON line, or None."""
    try:
        json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except UnicodeEncodeError:
        return "batch.surrogate"
    except ValueError:
        return "batch.not_finite"
    except RecursionError:
        return "batch.too_deep"
    return None


def read_jobs(lines: Iterable[str], pack: Pack, ui: str = "en") -> list[Job]:
    """Jobs for every non-blank line, numbered as in the file."""
    return [parse_line(n, raw, pack, ui) for n, raw in enumerate(lines, 1) if raw.strip()]


LINE_LIMIT = 256 * 1024  # bytes in one JSONL line (an answer is scored on its first 20,000 chars)


def read_lines(stream: IO[bytes], limit: int = LINE_LIMIT) -> Iterator[tuple[int, bytes | None]]:
    """(number, bytes) per line; None for a line over `limit` bytes, which is read past."""
    number = 0
    while chunk := stream.readline(limit + 1):
        number += 1
        if len(chunk) <= limit or chunk.endswith(b"\n"):
            yield number, chunk
            continue
        while chunk and not chunk.endswith(b"\n"):  # the rest of the long line, piece by piece
            chunk = stream.readline(limit)
        yield number, None


def read_jobs_from(
    stream: IO[bytes], pack: Pack, ui: str = "en", limit: int = LINE_LIMIT
) -> list[Job]:
    """Jobs for every non-blank line of a byte stream, each line bounded and decoded alone."""
    jobs = []
    for number, chunk in read_lines(stream, limit):
        if chunk is None:
            jobs.append(Job(number, None, error=t("batch.line_too_long", ui, limit=limit // 1024)))
            continue
        try:
            raw = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            jobs.append(Job(number, None, error=t("batch.not_utf8", ui, byte=exc.start + 1)))
            continue
        if raw.strip():
            jobs.append(parse_line(number, raw, pack, ui))
    return jobs


def run(
    jobs: list[Job],
    pack: Pack,
    scorer: Scorer,
    concurrency: int = 1,
    on_done: Callable[[], None] | None = None,
    feedback_lang: str | None = None,
    ui: str = "en",
    transcriber: Transcriber | None = None,
) -> Iterator[BatchResult]:
    """Results in input order. Remote backends score several lines at once (bounded). Lines
    with `audio` are transcribed by `transcriber` (one at a time) and scored as spoken."""
    hearing = threading.Lock()  # one model, one decode at a time

    def heard(job: Job) -> Transcript:
        assert transcriber is not None and job.audio is not None
        with hearing:
            return transcriber.transcribe(job.audio, job.lang or pack.ui_lang(ui))

    def one(job: Job) -> BatchResult:
        try:
            if job.error is not None:
                return BatchResult(job.id, job.line, error=job.error)
            question = pack.resolve(job.question or "")
            assert question is not None
            try:
                transcript = heard(job) if job.audio is not None else None
                if transcript is not None and not transcript.text.strip():
                    return BatchResult(job.id, job.line, error=t("batch.audio_silent", ui))
                text = transcript.text if transcript is not None else job.answer or ""
                seconds = job.seconds
                if seconds is None and transcript is not None:
                    seconds = transcript.duration
                budget = pack.session.answer_seconds
                attempt = Attempt(question, text, job.lang, seconds, budget)
                evaluation = scorer.score(attempt, feedback_lang=feedback_lang)
                if transcript is not None:
                    from coach.voice.record import spoken

                    evaluation = spoken(evaluation, transcript, feedback_lang or transcript.lang)
            except CoachError as exc:  # an audio file that is missing or cannot be read
                return BatchResult(job.id, job.line, error=exc.render(ui))
            except Exception as exc:  # noqa: BLE001 - one bad line never stops the rest
                failed = t("batch.scoring_failed", ui, error=type(exc).__name__)
                return BatchResult(job.id, job.line, error=failed)
            result = BatchResult(job.id, job.line, evaluation)
            problem = unwritable(result.to_dict())
            if problem is not None:
                return BatchResult(job.id, job.line, error=t(problem, ui))
            return result
        finally:
            if on_done:
                on_done()

    if concurrency <= 1:
        yield from map(one, jobs)
        return
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        yield from pool.map(one, jobs)

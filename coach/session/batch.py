"""`coach score`: JSON Lines in, one result per line out, in order; a bad line stops nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from coach.backends import Scorer
from coach.i18n import t
from coach.packs.model import Pack


@dataclass
class Job:
    line: int
    id: Any
    question: str | None = None
    answer: str | None = None
    lang: str | None = None
    seconds: float | None = None
    error: str | None = None


def parse_line(number: int, raw: str, pack: Pack, ui: str = "en") -> Job:
    """One input line as a job, or a job carrying the error (in `ui`) that says what is wrong."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return Job(number, None, error=t("batch.bad_json", ui, error=exc.msg, column=exc.colno))
    if not isinstance(data, dict):
        return Job(number, None, error=t("batch.not_object", ui))
    job = Job(number, data.get("id", number))
    question = data.get("question")
    answer = data.get("answer")
    line_lang = data.get("lang")
    seconds = data.get("seconds")
    if not isinstance(question, str) or not question:
        job.error = t("batch.no_question", ui)
    elif pack.resolve(question) is None:
        job.error = t("batch.unknown_question", ui, id=question)
    elif answer is None:
        job.error = t("batch.no_answer", ui)
    elif not isinstance(answer, str):
        job.error = t("batch.answer_type", ui)
    elif line_lang is not None and line_lang not in ("ja", "en"):
        job.error = t("batch.bad_lang", ui, value=repr(line_lang))
    elif seconds is not None and (
        isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0
    ):
        job.error = t("batch.bad_seconds", ui)
    else:
        job.question, job.answer, job.lang = question, answer, line_lang
        job.seconds = float(seconds) if seconds is not None else None
    return job


def read_jobs(lines: Iterable[str], pack: Pack, ui: str = "en") -> list[Job]:
    """Jobs for every non-blank line, numbered as in the file."""
    return [parse_line(n, raw, pack, ui) for n, raw in enumerate(lines, 1) if raw.strip()]


def run(
    jobs: list[Job],
    pack: Pack,
    scorer: Scorer,
    concurrency: int = 1,
    on_done: Callable[[], None] | None = None,
    feedback_lang: str | None = None,
    ui: str = "en",
) -> Iterator[dict[str, Any]]:
    """Results in input order. Remote backends score several lines at once (bounded)."""

    def one(job: Job) -> dict[str, Any]:
        try:
            if job.error is not None:
                return {"id": job.id, "line": job.line, "error": job.error}
            question = pack.resolve(job.question or "")
            assert question is not None
            try:
                evaluation = scorer.score(
                    question,
                    job.answer or "",
                    job.lang,
                    job.seconds,
                    pack.session.answer_seconds,
                    feedback_lang=feedback_lang,
                )
            except Exception as exc:  # noqa: BLE001 - one bad line never stops the rest
                return {
                    "id": job.id,
                    "line": job.line,
                    "error": t("batch.scoring_failed", ui, error=type(exc).__name__),
                }
            return {"id": job.id, **evaluation.to_dict()}
        finally:
            if on_done:
                on_done()

    if concurrency <= 1:
        yield from map(one, jobs)
        return
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        yield from pool.map(one, jobs)

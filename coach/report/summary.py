"""The numbers behind the end-of-session summary, `coach history` and `coach report`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from coach.packs.model import FollowUpRef, Pack
from coach.scoring.evaluation import COVERED, STRONG
from coach.store import AnswerKind, AnswerRow, SessionRow, Store
from coach.unicode import clip_quotes

QUOTE_WIDTH = 80  # columns a quotation in the summary's advice may take: a question, not a prompt


@dataclass
class QuestionResult:
    question_id: str
    question: str
    area: str | None
    answer: AnswerRow
    follow_ups: list[AnswerRow] = field(default_factory=list)
    skills: tuple[str, ...] = ()

    @property
    def overall(self) -> float | None:
        return self.answer.evaluation.overall if self.answer.evaluation else None

    def covered(self) -> tuple[int, int]:
        ev = self.answer.evaluation
        return (ev.covered(), len(ev.points)) if ev else (0, 0)


@dataclass(frozen=True)
class SummaryAdvice:
    """A strength or an improvement of the summary and the question it is about."""

    question_id: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question_id, "text": self.text}


@dataclass
class SessionSummary:
    session: SessionRow
    results: list[QuestionResult]
    by_area: dict[str, float]
    by_skill: dict[str, float]
    strengths: list[SummaryAdvice]
    improvements: list[SummaryAdvice]
    seconds_used: float
    overall: float | None
    pending: int  # answers still waiting for an evaluation

    @property
    def all_strong(self) -> bool:
        """Every scored answer is strong: the summary has nothing to improve but what comes next."""
        scores = self._scores()
        return bool(scores) and min(scores) >= STRONG

    @property
    def advice_in_report(self) -> bool:
        """Some answer is below strong, but all of them count toward an area or a skill shown as
        strong: their advice is in the report's question-by-question part, not the summary."""
        return not self.improvements and any(s < STRONG for s in self._scores())

    def _scores(self) -> list[float]:
        return [r.overall for r in self.results if r.overall is not None and not r.answer.skipped]

    def to_dict(self) -> dict[str, Any]:
        return {
            "session": self.session.id,
            "pack": self.session.pack_id,
            "pack_version": self.session.pack_version,
            "backend": self.session.backend,
            "model": self.session.model,
            "started_at": self.session.started_at,
            "ended_at": self.session.ended_at,
            "status": self.session.status,
            "overall": self.overall,
            "by_area": self.by_area,
            "by_skill": self.by_skill,
            "strengths": [item.to_dict() for item in self.strengths],
            "improvements": [item.to_dict() for item in self.improvements],
            "all_strong": self.all_strong,
            "seconds_used": self.seconds_used,
            "pending": self.pending,
        }


def over_budget(answer: AnswerRow) -> bool:
    """Answered past its time budget: main answers and follow-ups alike."""
    budget = answer.budget_seconds or 0
    return budget > 0 and (answer.answer_seconds or 0) > budget


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def summarize(pack: Pack | None, session: SessionRow, answers: list[AnswerRow]) -> SessionSummary:
    results: list[QuestionResult] = []
    by_id: dict[int, QuestionResult] = {}
    for answer in answers:
        if answer.kind == AnswerKind.MAIN:
            question = pack.find(answer.question_id) if pack else None
            area = pack.area_of(question) if pack and question else None
            result = QuestionResult(
                answer.question_id,
                answer.question_text,
                area.id if area else None,
                answer,
                skills=question.skills if question else (),
            )
            results.append(result)
            by_id[answer.id] = result
        elif answer.parent_id in by_id:
            by_id[answer.parent_id].follow_ups.append(answer)

    scored = [r for r in results if r.overall is not None and not r.answer.skipped]
    areas: dict[str, list[float]] = {}
    skills: dict[str, list[float]] = {}
    for r in scored:
        if r.area:
            areas.setdefault(r.area, []).append(r.overall or 0)
        for skill in r.skills:
            skills.setdefault(skill, []).append(r.overall or 0)
    by_area = {k: v for k, v in ((k, _mean(v)) for k, v in areas.items()) if v is not None}
    by_skill = {k: v for k, v in ((k, _mean(v)) for k, v in skills.items()) if v is not None}
    strengths, improvements = _advice(scored, by_area, by_skill)
    used = sum((a.answer_seconds or 0) for a in answers)
    pending = sum(1 for a in answers if a.evaluation is None and not a.skipped)
    return SessionSummary(
        session=session,
        results=results,
        by_area=by_area,
        by_skill=by_skill,
        strengths=strengths,
        improvements=improvements,
        seconds_used=used,
        overall=_mean([r.overall or 0 for r in scored]),
        pending=pending,
    )


def _advice(
    scored: list[QuestionResult], by_area: dict[str, float], by_skill: dict[str, float]
) -> tuple[list[SummaryAdvice], list[SummaryAdvice]]:
    """Strengths from the best answers, improvements from the weakest, each naming its question.

    The advice agrees with the scores beside it, by the one rule of `band`: strengths only from
    answers the summary shows as covered at least; improvements only from answers it shows as
    neither strong themselves nor in a strong area or skill (there "no evidence of ..." would
    stand next to a strong score: that advice stays in the report's question-by-question part).
    A quotation is cut to its start: never a whole case prompt."""
    best = sorted(scored, key=lambda r: -(r.overall or 0))

    def items(results: list[QuestionResult], kind: str) -> list[list[SummaryAdvice]]:
        return [
            [
                SummaryAdvice(r.question_id, clip_quotes(text, QUOTE_WIDTH))
                for text in getattr(r.answer.evaluation, kind)
            ]
            for r in results
            if r.answer.evaluation
        ]

    strengths = _spread(items([r for r in best if (r.overall or 0) >= COVERED], "strengths"))
    weakest = [
        r
        for r in reversed(best)
        if (r.overall or 0) < STRONG
        and (r.area is None or by_area.get(r.area, 0) < STRONG)
        and all(by_skill.get(skill, 0) < STRONG for skill in r.skills)
    ]
    return strengths, _spread(items(weakest, "improvements"))


def _spread(per_answer: list[list[SummaryAdvice]], limit: int = 3) -> list[SummaryAdvice]:
    """Up to `limit` items, taking each answer's first before any answer's second, no text twice."""
    out: list[SummaryAdvice] = []
    for rank in range(max((len(items) for items in per_answer), default=0)):
        for items in per_answer:
            if rank < len(items) and all(items[rank].text != o.text for o in out):
                out.append(items[rank])
                if len(out) == limit:
                    return out
    return out


def load_summary(store: Store, pack: Pack | None, session_id: str) -> SessionSummary | None:
    session = store.session(session_id)
    if session is None:
        return None
    return summarize(pack, session, store.answers(session_id))


def score_bar(score: float, top: float = 5.0, width: int = 10) -> str:
    """A score as `width` cells, filled in proportion (the same bar in the terminal and the
    report)."""
    filled = round(width * max(0.0, min(score, top)) / top)
    return "█" * filled + "░" * (width - filled)


def sparkline(values: list[float], low: float = 1.0, high: float = 5.0) -> str:
    ticks = "▁▂▃▄▅▆▇█"
    out = []
    for v in values:
        ratio = (min(max(v, low), high) - low) / (high - low)
        out.append(ticks[min(len(ticks) - 1, int(ratio * (len(ticks) - 1) + 0.5))])
    return "".join(out)


def short_date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


@dataclass(frozen=True)
class RequirementProgress:
    """A tailored pack's job requirement: its questions, how many were answered, the mean."""

    id: str
    text: str
    questions: int
    answered: int
    mean: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "questions": self.questions,
            "answered": self.answered,
            "mean": self.mean,
        }


def requirement_progress(
    pack: Pack | None, answers: list[AnswerRow], lang: str
) -> list[RequirementProgress]:
    """Per JD requirement of a tailored pack (none for other packs): of the questions that
    practise it, how many have a scored answer, and the mean score of those answers (a
    follow-up counts for the question it follows)."""
    if pack is None or not pack.requirements:
        return []
    ui = pack.ui_lang(lang)
    scores: dict[str, list[float]] = {}
    for answer in answers:
        if answer.skipped or answer.evaluation is None:
            continue
        base = FollowUpRef.root(answer.question_id)
        scores.setdefault(base, []).append(answer.evaluation.overall)
    out = []
    for requirement in pack.requirements:
        ids = [q.id for q in pack.requirement_questions(requirement.id)]
        values = [v for qid in ids for v in scores.get(qid, [])]
        out.append(
            RequirementProgress(
                requirement.id,
                requirement.text.get(ui),
                len(ids),
                sum(1 for qid in ids if qid in scores),
                _mean(values),
            )
        )
    return out

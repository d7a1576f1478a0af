"""Evaluations made by hand and the sessions stored from them: what reports are made of."""

from __future__ import annotations

from coach.packs.model import Pack
from coach.report.summary import SessionSummary, load_summary
from coach.scoring.evaluation import Delivery, Evaluation, PitfallHit, PointScore, Structure
from coach.store import Store


def evaluation(
    question: str,
    overall: float,
    strengths: list[str] | None = None,
    improvements: list[str] | None = None,
    pitfalls: list[PitfallHit] | None = None,
    points: list[PointScore] | None = None,
) -> Evaluation:
    """A Japanese evaluation of `question` by the offline backend, one point scored `overall`."""
    return Evaluation(
        question=question,
        lang="ja",
        overall=overall,
        points=points if points is not None else [PointScore("p", "ポイント", overall)],
        pitfalls=pitfalls or [],
        structure=Structure(),
        delivery=Delivery(),
        strengths=strengths or [],
        improvements=improvements or [],
        follow_up=None,
        backend="offline",
        model=None,
        fallback=None,
        versions={},
    )


def store_session(store: Store, pack: Pack, answers: list[Evaluation]) -> str:
    """A practice session of `pack` whose answers carry these evaluations; its id."""
    session = store.start_session("practice", pack.id, pack.version, "-", "ja", "offline", None)
    for ev in answers:
        question = pack.find(ev.question)
        assert question is not None
        answer_id = store.save_answer(
            session, ev.question, question.text.get("ja"), "ja", "回答", budget_seconds=180
        )
        store.save_evaluation(answer_id, ev)
    return session


def summary_of(pack: Pack, answers: list[Evaluation]) -> SessionSummary:
    """The summary of a new practice session with these evaluations."""
    store = Store()
    summary = load_summary(store, pack, store_session(store, pack, answers))
    assert summary is not None
    return summary

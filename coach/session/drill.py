"""`coach drill`: one question, answer, feedback; retry, model answer, follow-up.

Plain Python: the terminal comes in as a `DrillIO`."""

from __future__ import annotations

import random
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Protocol

from coach.backends import Scorer
from coach.packs.model import FollowUp, Pack, Question, Text
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import Evaluation, FollowUpQuestion
from coach.session.choices import MenuChoice, NextStep
from coach.store import AnswerKind, SessionKind, Store
from coach.voice.transcript import Transcript


@dataclass
class Answer:
    """What the candidate submitted, with timings. `text is None` means they quit."""

    text: str | None
    thinking_seconds: float | None = None  # None: not measured (an answer from a file)
    answer_seconds: float | None = None
    menu_choice: MenuChoice | None = None  # what the candidate picked instead of answering
    # a spoken answer: the recording (already on disk), what the recogniser heard before the
    # candidate corrected it into `text`, and the seconds between the question and recording
    audio: str | None = None
    transcript: Transcript | None = None
    before_recording: float | None = None


class DrillIO(Protocol):
    """The terminal (or a test script) the drill talks to."""

    def show_question(self, question: Question, budget: int) -> None: ...

    def read_answer(self, question: Question, budget: int) -> Answer: ...

    def show_feedback(self, evaluation: Evaluation, previous: Evaluation | None) -> None: ...

    def next_step(self, can_follow_up: bool) -> NextStep: ...

    def show_model_answer(self, question: Question) -> None: ...


@dataclass
class DrillResult:
    evaluations: list[Evaluation] = field(default_factory=list)
    session_id: str | None = None
    interrupted: bool = False  # quit while answering (Ctrl-C menu), not after feedback


GENERATED = "generated"


def follow_up_question(
    question: Question, follow: FollowUpQuestion, languages: tuple[str, ...]
) -> Question:
    """The follow-up to ask: the pack's own, or one an LLM backend wrote from what was missed."""
    own = next((f for f in question.follow_ups if f.id == follow.id), None)
    if own is None:
        own = FollowUp(
            GENERATED, Text(dict.fromkeys(languages, follow.text)), tuple(follow.targets)
        )
    return question.as_follow_up(own)


def pick_question(
    pack: Pack,
    question_id: str | None,
    *,
    randomly: bool = False,
    weakest: bool = False,
    store: Store | None = None,
    rng: random.Random | None = None,
) -> Question | None:
    """The question to drill: by id, at random, or the weakest from history."""
    if question_id:
        return pack.find(question_id)
    if weakest and store is not None:
        weakest_ids = weakest_questions(pack, store)
        if weakest_ids:
            return pack.find(weakest_ids[0])
    if randomly or weakest:
        return (rng or random.Random()).choice(pack.all_questions())
    return None


def weakest_questions(pack: Pack, store: Store, limit: int = 3) -> list[str]:
    """Question ids by their latest score, lowest first (only questions answered before)."""
    scores = store.question_scores(pack.id)
    latest = {qid: runs[-1][1] for qid, runs in scores.items() if pack.find(qid)}
    return sorted(latest, key=lambda qid: (latest[qid], qid))[:limit]


def run_drill(
    pack: Pack,
    question: Question,
    scorer: Scorer,
    io: DrillIO,
    lang: str,
    store: Store | None = None,
    model: str | None = None,
) -> DrillResult:
    """Ask, save, score, show; loop on the candidate's choice."""
    scorer.warm_up()
    result = DrillResult()
    if store is not None:
        result.session_id = store.start_session(
            SessionKind.DRILL,
            pack.id,
            pack.version,
            str(pack.source),
            lang,
            scorer.name,
            model,
            {"question": question.id},
        )
    current = question
    previous: Evaluation | None = None
    parent_answer: int | None = None
    try:
        while True:
            budget = (
                pack.session.follow_up_seconds if current.parent else pack.session.answer_seconds
            )
            io.show_question(current, budget)
            answer = io.read_answer(current, budget)
            if answer.text is None or answer.menu_choice is not None:  # quit (or skip)
                result.interrupted = answer.menu_choice != MenuChoice.SKIP
                return result
            answer_id = None
            if store is not None and result.session_id is not None:
                answer_id = store.save_answer(
                    result.session_id,
                    current.id,
                    current.text.get(pack.ui_lang(lang)),
                    lang,
                    answer.text,
                    kind=AnswerKind.FOLLOW_UP if current.parent else AnswerKind.MAIN,
                    parent_id=parent_answer if current.parent else None,
                    thinking_seconds=answer.thinking_seconds,
                    answer_seconds=answer.answer_seconds,
                    budget_seconds=budget,
                )
            scoring = getattr(io, "scoring", None)  # a sign of work while it scores, if any
            with scoring() if scoring is not None else nullcontext():
                attempt = Attempt(current, answer.text, None, answer.answer_seconds or None, budget)
                evaluation = scorer.score(attempt, feedback_lang=lang)
            if store is not None and answer_id is not None:
                store.save_evaluation(answer_id, evaluation)
            result.evaluations.append(evaluation)
            io.show_feedback(evaluation, previous)
            while True:
                step = io.next_step(
                    bool(evaluation.follow_up and evaluation.follow_up.id and not current.parent)
                )
                if step != NextStep.MODEL:
                    break
                io.show_model_answer(question)
            if step == NextStep.RETRY:
                previous = evaluation
            elif step == NextStep.FOLLOW and evaluation.follow_up:
                parent_answer = answer_id
                current = follow_up_question(question, evaluation.follow_up, pack.languages)
                previous = None
            else:
                return result
    finally:
        if store is not None and result.session_id is not None:
            store.end_session(result.session_id)


class _GivenAnswer:
    """DrillIO for an answer written beforehand (--answer-file): answer once, then quit."""

    def __init__(self, text: str) -> None:
        self.text = text

    def show_question(self, question: Question, budget: int) -> None:
        pass

    def read_answer(self, question: Question, budget: int) -> Answer:
        return Answer(self.text)

    def show_feedback(self, evaluation: Evaluation, previous: Evaluation | None) -> None:
        pass

    def next_step(self, can_follow_up: bool) -> NextStep:
        return NextStep.QUIT

    def show_model_answer(self, question: Question) -> None:
        pass


def score_given(
    pack: Pack,
    question: Question,
    scorer: Scorer,
    text: str,
    lang: str,
    store: Store | None = None,
    model: str | None = None,
) -> Evaluation:
    """Save and score one written answer the way a drill attempt is saved and scored."""
    result = run_drill(pack, question, scorer, _GivenAnswer(text), lang, store=store, model=model)
    return result.evaluations[0]

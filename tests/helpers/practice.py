"""A practice panel that answers from a script, a clock the test moves, and a Practice on both."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from coach.packs.model import Area, Pack, Question
from coach.scoring.evaluation import Evaluation
from coach.scoring.offline import OfflineScorer
from coach.session.drill import Answer
from coach.session.plan import Plan, PlanItem
from coach.session.practice import Practice
from coach.session.types import SessionClock
from coach.store import Store


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class ScriptedPanel:
    """Answers in order; a string answers, ("menu", key) picks from the Ctrl-C menu."""

    def __init__(self, script: list[str | tuple[str, ...]], clock: FakeClock) -> None:
        self.script, self.clock = script, clock
        self.asked: list[tuple[str, bool]] = []
        self.introduced: list[str] = []
        self.feedback: list[Evaluation] = []
        self.waited = 0
        self.drafts: list[str] = []  # the draft offered with each answer ("" when none)
        self.statuses: list[SessionClock] = []  # the session clock shown with each answer

    def show_plan(self, pack: Pack, plan: Plan) -> bool:
        return True

    def introduce(self, area: Area) -> None:
        self.introduced.append(area.id)

    def show_question(
        self, question: Question, item: PlanItem, number: int, total: int, follow_up: bool
    ) -> None:
        self.asked.append((question.id, follow_up))

    def read_answer(
        self,
        question: Question,
        budget: int,
        session_status: Callable[[], SessionClock],
        *,
        draft: str = "",
    ) -> Answer:
        self.drafts.append(draft)
        self.statuses.append(session_status())
        step = self.script.pop(0)
        self.clock.now += 12  # thinking
        self.clock.now += 48  # typing
        if isinstance(step, tuple):  # ("menu", key) or ("menu", key, text typed before Ctrl-C)
            return Answer(step[2] if len(step) > 2 else None, 12, 60, menu_choice=step[1])
        return Answer(step, 12.0, 60.0)

    def show_feedback(self, evaluation: Evaluation) -> None:
        self.feedback.append(evaluation)

    def scoring_wait(self, pending: int) -> None:
        self.waited += 1

    def scoring(self) -> AbstractContextManager[object]:
        return nullcontext()


def make_practice(
    pack: Pack, store: Store, panel: ScriptedPanel, clock: FakeClock, **kwargs: object
) -> Practice:
    return Practice(pack, OfflineScorer(pack), store, panel, "ja", clock=clock, **kwargs)  # type: ignore[arg-type]

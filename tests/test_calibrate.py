"""`coach calibrate`'s engine on a few graded answers and a scorer whose scores are known."""

from __future__ import annotations

from coach.packs.model import Pack
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import Delivery, Evaluation, Structure
from coach.session.calibrate import FellFor, GradedAnswer, calibrate, calibration_set


class Fixed:
    """Scores each answer text as told; remembers what it was asked."""

    name = "fixed"

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores
        self.attempts: list[Attempt] = []

    def warm_up(self) -> None:
        pass

    def score(self, attempt: Attempt, feedback_lang: str | None = None) -> Evaluation:
        self.attempts.append(attempt)
        overall = self.scores[attempt.text]
        return Evaluation(
            attempt.question.id, attempt.lang or "en", overall, [], [], Structure(), Delivery(),
            [], [], None, self.name, None, None, {},
        )  # fmt: skip


def test_calibration_set_is_graded_answers(sales_pack: Pack) -> None:
    answers = calibration_set(sales_pack)
    assert len(answers) > 50 and all(isinstance(a, GradedAnswer) for a in answers)
    assert all(sales_pack.resolve(a.question) is not None for a in answers)
    assert {a.lang for a in answers} == {"ja", "en"}


def test_calibrate_names_what_the_backend_fell_for(sales_pack: Pack) -> None:
    answers = [
        GradedAnswer("good", "build-team", "good", "en", 4.5, "strong"),
        GradedAnswer("fair", "build-team", "fair", "en", 3.0, "vague"),
        GradedAnswer("trick", "build-team", "trick", "ja", 1.0, "injection"),
    ]
    scorer = Fixed({"good": 4.4, "fair": 3.1, "trick": 4.0})
    result = calibrate(sales_pack, scorer, repeats=2, answers=answers)
    assert result.fell_for == [FellFor("trick", "injection", 4.0)]
    assert not result.fit and (result.answers, result.repeats) == (3, 2)
    assert scorer.attempts[0] == Attempt(sales_pack.find("build-team"), "good", "en")
    assert len(scorer.attempts) == 6

"""`coach score`'s engine: lines in, typed results out, each one a JSON line as before."""

from __future__ import annotations

import json
from dataclasses import replace

from coach.packs.model import Pack
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import Evaluation
from coach.scoring.offline import OfflineScorer
from coach.session.batch import BatchResult, read_jobs, run
from tests.test_offline_scorer import STRONG_EN


class Recording:
    """A plugin-like scorer: remembers every attempt it was given."""

    name = "recording"

    def __init__(self, pack: Pack) -> None:
        self.inner = OfflineScorer(pack)
        self.attempts: list[Attempt] = []

    def warm_up(self) -> None:
        pass

    def score(self, attempt: Attempt, feedback_lang: str | None = None) -> Evaluation:
        self.attempts.append(attempt)
        return self.inner.score(replace(attempt, text=attempt.text[:200]), feedback_lang)


def test_batch_results_are_typed_and_keep_their_json_shape(sales_pack: Pack) -> None:
    lines = [
        json.dumps(
            {"id": "a", "question": "pipeline-forecast", "answer": STRONG_EN, "seconds": 70}
        ),
        json.dumps({"id": "b", "question": "no-such-question", "answer": "x"}),
    ]
    scorer = Recording(sales_pack)
    results = list(run(read_jobs(lines, sales_pack), sales_pack, scorer))
    assert all(isinstance(r, BatchResult) for r in results)
    good, bad = results
    assert good.ok and good.evaluation is not None and good.error is None
    assert list(good.to_dict())[:3] == ["id", "question", "lang"]
    assert good.to_dict() == {"id": "a", **good.evaluation.to_dict()}
    assert not bad.ok and bad.evaluation is None
    assert list(bad.to_dict()) == ["id", "line", "error"] and bad.to_dict()["line"] == 2
    question = sales_pack.find("pipeline-forecast")
    assert scorer.attempts == [
        Attempt(question, STRONG_EN, None, 70.0, sales_pack.session.answer_seconds)
    ]


def test_batch_scorer_failure_is_that_line_s_error(sales_pack: Pack) -> None:
    class Broken(Recording):
        def score(self, attempt: Attempt, feedback_lang: str | None = None) -> Evaluation:
            raise RuntimeError("boom")

    lines = [json.dumps({"id": 1, "question": "build-team", "answer": "I hire."})]
    (result,) = run(read_jobs(lines, sales_pack), sales_pack, Broken(sales_pack))
    assert result.error is not None and "RuntimeError" in result.error
    assert result.to_dict() == {"id": 1, "line": 1, "error": result.error}

"""The offline scorer against our labelled answers (tests/data/labelled): the quality bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from coach.scoring.metrics import pairwise_agreement, spearman
from coach.scoring.offline import OfflineScorer

LABELLED = Path(__file__).parent / "data" / "labelled"
ADVERSARIAL = ("stuffed", "wrong-question", "injection")


@pytest.fixture(scope="module")
def scored(sales_pack) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    scorer = OfflineScorer(sales_pack)
    rows = []
    for path in sorted(LABELLED.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        question = sales_pack.find(data["question"])
        for answer in data["answers"]:
            evaluation = scorer.score(question, answer["text"], answer["lang"])
            rows.append({**answer, "question": data["question"], "eval": evaluation})
    return rows


def test_labelled_set_is_big_enough(scored) -> None:  # type: ignore[no-untyped-def]
    questions = {r["question"] for r in scored}
    assert len(questions) >= 10
    for q in questions:
        ja = [
            r for r in scored if r["question"] == q and r["lang"] == "ja" and r["kind"] == "graded"
        ]
        assert sorted(r["grade"] for r in ja) == [1, 2, 3, 4, 5]
    kinds = {r["kind"] for r in scored}
    assert {"long-weak", "compact-strong", *ADVERSARIAL} <= kinds
    assert any(r["lang"] == "en" for r in scored)


def test_spearman_between_grade_and_overall(scored) -> None:  # type: ignore[no-untyped-def]
    rho = spearman([r["grade"] for r in scored], [r["eval"].overall for r in scored])
    assert rho >= 0.8, rho


def test_higher_grades_score_higher_within_each_question(scored) -> None:  # type: ignore[no-untyped-def]
    groups: dict[str, list[tuple[float, float]]] = {}
    for r in scored:
        groups.setdefault(r["question"], []).append((r["grade"], r["eval"].overall))
    agreement = pairwise_agreement(groups)
    assert agreement >= 0.9, agreement


@pytest.mark.parametrize("kind", ADVERSARIAL)
def test_adversarial_answers_stay_low(scored, kind: str) -> None:  # type: ignore[no-untyped-def]
    rows = [r for r in scored if r["kind"] == kind]
    assert len(rows) >= 10
    high = [(r["id"], r["eval"].overall) for r in rows if r["eval"].overall > 2.5]
    assert not high


def test_length_does_not_explain_scores(scored) -> None:  # type: ignore[no-untyped-def]
    long_weak = [r["eval"].overall for r in scored if r["kind"] == "long-weak"]
    compact = [r["eval"].overall for r in scored if r["kind"] == "compact-strong"]
    assert sum(compact) / len(compact) > sum(long_weak) / len(long_weak) + 1.0
    rho_len = spearman([len(r["text"]) for r in scored], [r["eval"].overall for r in scored])
    rho_grade = spearman([r["grade"] for r in scored], [r["eval"].overall for r in scored])
    assert rho_grade > rho_len + 0.2


def test_scoring_is_deterministic(sales_pack, scored) -> None:  # type: ignore[no-untyped-def]
    fresh = OfflineScorer(sales_pack)
    for row in scored[::7]:
        again = fresh.score(fresh.pack.find(row["question"]), row["text"], row["lang"])
        assert again.to_dict() == row["eval"].to_dict()


def test_points_of_strong_answers_show_as_covered(scored) -> None:  # type: ignore[no-untyped-def]
    def covered_share(grades: tuple[int, ...]) -> float:
        points = [
            p
            for r in scored
            if r["kind"] in ("graded", "compact-strong", "long-weak") and r["grade"] in grades
            for p in r["eval"].points
        ]
        return sum(p.score >= 2.5 and bool(p.evidence) for p in points) / len(points)

    assert covered_share((5,)) >= 0.8
    assert covered_share((4,)) >= 0.7
    assert covered_share((1, 2)) <= 0.25

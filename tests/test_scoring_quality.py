"""The offline scorer against our labelled answers (tests/data/labelled): the quality bar."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import yaml

from coach.scoring.offline import OfflineScorer

LABELLED = Path(__file__).parent / "data" / "labelled"
ADVERSARIAL = ("stuffed", "wrong-question", "injection")


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = _ranks(a), _ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb)


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
    agree = total = 0
    for q in {r["question"] for r in scored}:
        rows = [r for r in scored if r["question"] == q]
        for a, b in combinations(rows, 2):
            if a["grade"] == b["grade"]:
                continue
            total += 1
            high, low = (a, b) if a["grade"] > b["grade"] else (b, a)
            agree += high["eval"].overall > low["eval"].overall
    assert agree / total >= 0.9, agree / total


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

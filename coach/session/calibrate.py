"""`coach calibrate`: is a backend fit to judge? Scores the shipped graded set K times."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coach.backends import Scorer
from coach.errors import CoachError
from coach.packs.model import Pack
from coach.paths import bundled_data_dir
from coach.scoring.metrics import pairwise_agreement, spearman

ADVERSARIAL = ("stuffed", "wrong-question", "injection", "empty", "gibberish")
FELL_FOR = 2.5  # an adversarial answer scored above this fooled the backend
FIT = {"spearman": 0.7, "pairwise": 0.85, "spread": 0.5}


@dataclass
class CalibrationResult:
    backend: str
    answers: int
    repeats: int
    spearman: float
    pairwise: float
    spread_mean: float
    spread_max: float
    fell_for: list[tuple[str, str, float]] = field(default_factory=list)  # id, kind, score
    fallbacks: int = 0

    @property
    def fit(self) -> bool:
        return (
            self.spearman >= FIT["spearman"]
            and self.pairwise >= FIT["pairwise"]
            and self.spread_max <= FIT["spread"]
            and not self.fell_for
            and self.fallbacks == 0
        )


def calibration_set(pack: Pack, path: Path | None = None) -> list[dict[str, Any]]:
    path = path or bundled_data_dir() / "calibration" / f"{pack.id}.yaml"
    if not path.exists():
        raise CoachError("calibrate.no_set", pack=pack.id)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [a for a in data["answers"] if pack.find(a["question"]) is not None]


def calibrate(
    pack: Pack,
    scorer: Scorer,
    repeats: int = 1,
    concurrency: int = 1,
    on_done: Callable[[], None] | None = None,
    answers: list[dict[str, Any]] | None = None,
) -> CalibrationResult:
    items = answers if answers is not None else calibration_set(pack)
    jobs = [(i, a) for a in items for i in range(repeats)]

    def one(job: tuple[int, dict[str, Any]]) -> tuple[str, float, bool]:
        _, a = job
        question = pack.find(a["question"])
        assert question is not None
        evaluation = scorer.score(question, a["text"], a["lang"])
        if on_done:
            on_done()
        return a["id"], evaluation.overall, evaluation.fallback is not None

    if concurrency > 1:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            results = list(pool.map(one, jobs))
    else:
        results = [one(job) for job in jobs]
    runs: dict[str, list[float]] = {}
    fallbacks = 0
    for answer_id, score, fell_back in results:
        runs.setdefault(answer_id, []).append(score)
        fallbacks += fell_back
    mean = {k: sum(v) / len(v) for k, v in runs.items()}
    grades = [a["grade"] for a in items]
    scores = [mean[a["id"]] for a in items]
    groups: dict[str, list[tuple[float, float]]] = {}
    for a in items:
        groups.setdefault(a["question"], []).append((a["grade"], mean[a["id"]]))
    spreads = [max(v) - min(v) for v in runs.values()]
    fell = [
        (a["id"], a["kind"], round(mean[a["id"]], 2))
        for a in items
        if a["kind"] in ADVERSARIAL and mean[a["id"]] > FELL_FOR
    ]
    return CalibrationResult(
        backend=scorer.name,
        answers=len(items),
        repeats=repeats,
        spearman=round(spearman(grades, scores), 3),
        pairwise=round(pairwise_agreement(groups), 3),
        spread_mean=round(sum(spreads) / len(spreads), 3) if spreads else 0.0,
        spread_max=round(max(spreads), 2) if spreads else 0.0,
        fell_for=fell,
        fallbacks=fallbacks,
    )

"""`coach calibrate`: is a backend fit to judge? Scores the shipped graded set K times."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from coach.backends import Scorer
from coach.errors import CoachError
from coach.packs.model import Pack
from coach.paths import bundled_data_dir
from coach.scoring.attempt import Attempt
from coach.scoring.metrics import pairwise_agreement, spearman

# the kinds a backend must not fall for (the styles of tests/data/graded)
ADVERSARIAL = (
    "recited",
    "paraphrased-model",
    "points-pasted",
    "question-echo",
    "repeated",
    "nonsense",
    "keyword-list",
    "dismissal",
    "injection",
    "off-topic",
    "too-short",
)
FELL_FOR = 2.5  # an adversarial answer scored above this ...
FELL_BY = 1.0  # ... and this far above its grade fooled the backend
FIT = MappingProxyType({"spearman": 0.7, "pairwise": 0.85, "spread": 0.5, "mae": 0.8})


@dataclass(frozen=True)
class GradedAnswer:
    """One answer of the shipped graded set: what it answers, its grade, the style it is in."""

    id: str
    question: str
    text: str
    lang: str
    grade: float
    kind: str  # a style of tests/data/graded; those in ADVERSARIAL must not fool a backend

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GradedAnswer:
        return cls(
            str(data["id"]),
            str(data["question"]),
            str(data["text"]),
            str(data["lang"]),
            float(data["grade"]),
            str(data["kind"]),
        )


@dataclass(frozen=True)
class FellFor:
    """An adversarial answer the backend scored well above its grade."""

    id: str
    kind: str
    score: float  # the mean over the repeats


@dataclass
class CalibrationResult:
    backend: str
    answers: int
    repeats: int
    spearman: float
    pairwise: float
    spread_mean: float
    spread_max: float
    fell_for: list[FellFor] = field(default_factory=list)
    fallbacks: int = 0
    mae: float = 0.0  # mean absolute error against the grade
    packs: list[str] = field(default_factory=list)

    @property
    def fit(self) -> bool:
        return (
            self.spearman >= FIT["spearman"]
            and self.pairwise >= FIT["pairwise"]
            and self.spread_max <= FIT["spread"]
            and self.mae <= FIT["mae"]
            and not self.fell_for
            and self.fallbacks == 0
        )


def calibration_set(pack: Pack, path: Path | None = None) -> list[GradedAnswer]:
    path = path or bundled_data_dir() / "calibration" / f"{pack.id}.yaml"
    if not path.exists():
        raise CoachError("calibrate.no_set", pack=pack.id)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    answers = [GradedAnswer.from_dict(a) for a in data["answers"]]
    return [a for a in answers if pack.resolve(a.question) is not None]


def calibrate(
    pack: Pack,
    scorer: Scorer,
    repeats: int = 1,
    concurrency: int = 1,
    on_done: Callable[[], None] | None = None,
    answers: list[GradedAnswer] | None = None,
) -> CalibrationResult:
    """Calibrate `scorer` on one pack's graded answers."""
    items = answers if answers is not None else calibration_set(pack)
    return calibrate_sets([(pack, scorer, items)], repeats, concurrency, on_done)


CalibrationSet = tuple[Pack, Scorer, list[GradedAnswer]]


def calibrate_sets(
    sets: Sequence[CalibrationSet],
    repeats: int = 1,
    concurrency: int = 1,
    on_done: Callable[[], None] | None = None,
) -> CalibrationResult:
    """Score every set's answers `repeats` times with its pack's scorer; one verdict for all."""
    items = [(pack, scorer, a) for pack, scorer, answers in sets for a in answers]
    jobs = [item for item in items for _ in range(repeats)]

    def one(job: tuple[Pack, Scorer, GradedAnswer]) -> tuple[str, float, bool]:
        pack, scorer, a = job
        question = pack.resolve(a.question)
        assert question is not None
        evaluation = scorer.score(Attempt(question, a.text, a.lang))
        if on_done:
            on_done()
        return f"{pack.id}/{a.id}", evaluation.overall, evaluation.fallback is not None

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
    keys = [f"{pack.id}/{a.id}" for pack, _, a in items]
    grades = [a.grade for _, _, a in items]
    scores = [mean[k] for k in keys]
    groups: dict[str, list[tuple[float, float]]] = {}
    for (pack, _, a), key in zip(items, keys, strict=True):
        groups.setdefault(f"{pack.id}/{a.question}", []).append((a.grade, mean[key]))
    spreads = [max(v) - min(v) for v in runs.values()]
    fell = [
        FellFor(a.id, a.kind, round(mean[key], 2))
        for (_, _, a), key in zip(items, keys, strict=True)
        if a.kind in ADVERSARIAL and mean[key] > FELL_FOR and mean[key] > a.grade + FELL_BY
    ]
    names = sorted({scorer.name for _, scorer, _ in sets})
    return CalibrationResult(
        backend=", ".join(names),
        answers=len(items),
        repeats=repeats,
        spearman=round(spearman(grades, scores), 3),
        pairwise=round(pairwise_agreement(groups), 3),
        spread_mean=round(sum(spreads) / len(spreads), 3) if spreads else 0.0,
        spread_max=round(max(spreads), 2) if spreads else 0.0,
        fell_for=fell,
        fallbacks=fallbacks,
        mae=round(sum(abs(g - x) for g, x in zip(grades, scores, strict=True)) / len(grades), 3)
        if grades
        else 0.0,
        packs=[pack.id for pack, _, _ in sets],
    )

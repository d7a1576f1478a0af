"""The offline scorer against graded answers it was not fitted on (tests/data/graded).

Every figure here comes from grouped cross-validation: the model is refitted without the pack
(or the question) under test, exactly as `python -m coach.scoring.fit` does, and judged only on
what was held out. The grades were frozen (SHA256SUMS) before any fit.
"""

from __future__ import annotations

import statistics
from collections import Counter

import numpy as np
import pytest

from coach.scoring import fit
from coach.scoring.model import shipped_model

PACKS = ("sales-manager", "customer-success-manager", "software-engineer")
# adversarial kinds: the flag each must carry
ADVERSARIAL = {
    "recited": "recited",
    "paraphrased-model": "recited",
    "points-pasted": "recited",
    "question-echo": "question-echo",
    "repeated": "repeated",
    "nonsense": "nonsense",
    "keyword-list": "keyword-list",
    "dismissal": "dismissal",
    "injection": "grader-injection",
    "off-topic": "off-topic",
    "too-short": "too-short",
}
STRONG = ("plain-story", "compact", "spoken", "cross-language", "mixed-language")
# The bar for a held-out pack: Spearman, pairwise order within a question, MAE.
TARGET = {"spearman": 0.80, "pairwise": 0.88, "mae": 0.7}
# Where the scorer is not there yet, the figure it reaches is held as a floor so it cannot slip
# back unnoticed. (software-engineer held out reached the bar once the model became a blend of trees
# and ridge, 0.803/0.885; it moves by about 0.02 with changes that have nothing to do with it.)
BELOW_TARGET: dict[tuple[str, str], dict[str, float]] = {}
# Kinds whose flag the rules do not yet raise on every answer (share flagged, held as a floor).
FLAG_FLOOR = {"question-echo": 0.9, "nonsense": 0.85, "dismissal": 0.85, "off-topic": 0.85}
# Strong kinds scored further than 0.7 below their grade (held as a floor on the gap).
STRONG_GAP: dict[str, float] = {}


@pytest.fixture(scope="session")
def table() -> fit.Table:
    return fit.extract(fit.load_graded())


@pytest.fixture(scope="session")
def confirm() -> fit.Table:
    return fit.extract(fit.load_graded(fit.CONFIRM))


@pytest.fixture(scope="session")
def by_pack(table: fit.Table) -> tuple[np.ndarray, dict[str, fit.Figures]]:
    return fit.held_out(table, "pack")


@pytest.fixture(scope="session")
def flags_by_pack(table: fit.Table) -> list[set[str]]:
    """Each answer's flags: the rules' and those of detectors fitted without its pack."""
    return fit.held_out_flags(table, "pack")


@pytest.fixture(scope="session")
def by_question(table: fit.Table) -> tuple[np.ndarray, dict[str, fit.Figures]]:
    return fit.held_out(table, "question")


def test_grades_are_frozen_before_fitting() -> None:
    assert fit.check_frozen() == []


def test_graded_set_is_wide_and_double_graded(table: fit.Table) -> None:
    rows = table.rows
    assert len(rows) >= 1200
    assert {r.pack for r in rows} == set(PACKS)
    styles = Counter(r.style for r in rows)
    assert set(ADVERSARIAL) | set(STRONG) | {"genuine", "follow-up", "long-weak"} <= set(styles)
    for style in ("genuine", "plain-story", "compact", "spoken", "nonsense", "dismissal"):
        assert {r.asked_in for r in rows if r.style == style} == {"ja", "en"}, style
    for r in rows:  # two independent grades, a third where they were more than one apart
        assert len(r.grades) >= 2
        if abs(r.grades[0] - r.grades[1]) > 1:
            assert len(r.grades) == 3, r.id
    agreement = fit.grader_agreement(rows)
    assert agreement["spearman"] >= 0.7, agreement  # the ceiling any scorer is measured under


def _meets(figures: fit.Figures, pack: str, by: str) -> None:
    bar = {**TARGET, **BELOW_TARGET.get((pack, by), {})}
    assert figures.spearman >= bar["spearman"], figures
    assert figures.pairwise >= bar["pairwise"], figures
    assert figures.mae <= bar["mae"], figures


@pytest.mark.parametrize("pack", PACKS)
def test_each_pack_held_out_of_the_fit(
    by_pack: tuple[np.ndarray, dict[str, fit.Figures]], pack: str
) -> None:
    figures = by_pack[1][pack]
    _meets(figures, pack, "pack")
    assert figures.spearman >= figures.length_spearman + 0.15, figures
    assert figures.spearman >= figures.cosine_spearman + 0.15, figures


@pytest.mark.parametrize("pack", PACKS)
def test_each_question_held_out_of_the_fit(
    by_question: tuple[np.ndarray, dict[str, fit.Figures]], pack: str
) -> None:
    _meets(by_question[1][pack], pack, "question")


@pytest.mark.parametrize("style", sorted(ADVERSARIAL))
def test_adversarial_kind_scores_low_and_carries_its_flag(
    table: fit.Table,
    by_pack: tuple[np.ndarray, dict[str, fit.Figures]],
    flags_by_pack: list[set[str]],
    style: str,
) -> None:
    predicted = by_pack[0]
    rows = [i for i, r in enumerate(table.rows) if r.style == style]
    assert len(rows) >= 20
    assert statistics.mean(predicted[i] for i in rows) <= 2.5
    flagged = sum(1 for i in rows if ADVERSARIAL[style] in flags_by_pack[i]) / len(rows)
    assert flagged >= FLAG_FLOOR.get(style, 0.9), (style, flagged)


def test_flags_are_rare_on_good_answers(table: fit.Table, flags_by_pack: list[set[str]]) -> None:
    good = [i for i, r in enumerate(table.rows) if r.grade >= 4]
    for flag in set(ADVERSARIAL.values()):
        wrong = sum(1 for i in good if flag in flags_by_pack[i]) / len(good)
        assert wrong <= 0.05, (flag, wrong)


def test_detectors_add_to_the_rules_without_flagging_good_answers(
    table: fit.Table, flags_by_pack: list[set[str]]
) -> None:
    # held out of the detectors' fit, they flag more of each kind than the rules alone ...
    for name in fit.DETECTORS:
        kind = [i for i, r in enumerate(table.rows) if r.style == name]
        rules = sum(name in table.flags[i] for i in kind)
        assert sum(name in flags_by_pack[i] for i in kind) > rules, name
    # ... and never a flag on an answer graded 4 or 5 that the rules did not already raise
    # more than once in a hundred
    good = [i for i, r in enumerate(table.rows) if r.grade >= 4]
    extra = sum(1 for i in good if flags_by_pack[i] - table.flags[i]) / len(good)
    assert extra <= 0.01, extra


def test_text_for_the_grader_never_scores_above_two(
    table: fit.Table, by_pack: tuple[np.ndarray, dict[str, fit.Figures]]
) -> None:
    capped = [i for i, f in enumerate(table.flags) if "grader-injection" in f]
    assert capped and max(by_pack[0][i] for i in capped) <= 2.0


@pytest.mark.parametrize("style", STRONG)
def test_strong_kind_is_not_punished(
    table: fit.Table, by_pack: tuple[np.ndarray, dict[str, fit.Figures]], style: str
) -> None:
    rows = [i for i, r in enumerate(table.rows) if r.style == style]
    assert len(rows) >= 10
    grade = statistics.mean(table.rows[i].grade for i in rows)
    score = statistics.mean(by_pack[0][i] for i in rows)
    assert abs(score - grade) <= STRONG_GAP.get(style, 0.7), (style, grade, score)


def test_shipped_model_is_the_fit_on_every_pack_but_the_calibration_set(table: fit.Table) -> None:
    fitted = np.array([not fit.in_calibration_set(r) for r in table.rows])
    refit = fit.fit(table, fitted, shipped_model().kind)
    shipped = shipped_model()
    detectors = fit.fit_detectors(table, fitted)
    assert set(detectors) == set(shipped.detectors) == set(fit.DETECTORS)
    scored = np.isnan(table.fixed)
    for name, detector in detectors.items():
        same = [
            detector.fires(row) == shipped.detectors[name].fires(row) for row in table.x[scored]
        ]
        assert np.mean(same) > 0.995, name
    assert refit.features == shipped.features
    x = table.x[np.isnan(table.fixed)]
    a = np.array([refit.predict(row) for row in x])
    b = np.array([shipped.predict(row) for row in x])
    # Equal up to floating-point noise (a feature a hair either side of a split moves one answer)
    gap = np.abs(a - b)
    assert float(gap.mean()) < 0.02 and float(np.mean(gap > 0.1)) < 0.01, (gap.mean(), gap.max())


# -- the confirmation set: other writers, other graders, frozen before it was first scored; no
# fit and no choice of features, thresholds or model settings has seen it ----------------------
# What the shipped model reaches there (held as floors; the README gives the figures).
CONFIRM_FLOOR = {"spearman": 0.8, "pairwise": 0.85, "mae": 0.6}


def test_confirmation_set_is_frozen_and_apart_from_the_fit(confirm: fit.Table) -> None:
    assert fit.check_frozen(fit.CONFIRM) == []
    assert len(confirm.rows) >= 500 and {r.pack for r in confirm.rows} == set(PACKS)
    fitted = {r.text.strip() for r in fit.load_graded()}
    assert not [r.id for r in confirm.rows if r.text.strip() in fitted]
    assert fit.grader_agreement(confirm.rows)["spearman"] >= 0.7


@pytest.mark.parametrize("pack", PACKS)
def test_shipped_model_on_the_confirmation_set(confirm: fit.Table, pack: str) -> None:
    mask = np.array([r.pack == pack for r in confirm.rows])
    figures = fit.figures(confirm, mask, fit.predict(shipped_model(), confirm, mask))
    assert figures.spearman >= CONFIRM_FLOOR["spearman"], figures
    assert figures.pairwise >= CONFIRM_FLOOR["pairwise"], figures
    assert figures.mae <= CONFIRM_FLOOR["mae"], figures
    assert figures.spearman > figures.length_spearman, figures
    assert figures.spearman >= figures.cosine_spearman + 0.15, figures


# Share of each detected kind flagged on the confirmation set by the shipped rules and detectors
# (held as floors; the README gives the figures).
CONFIRM_FLAG_FLOOR = {"nonsense": 0.65, "question-echo": 0.9}


def test_shipped_flags_on_the_confirmation_set(confirm: fit.Table) -> None:
    everything = np.ones(len(confirm.rows), dtype=bool)
    rates = fit.flag_rates(confirm, fit.detected(shipped_model().detectors, confirm, everything))
    for name, floor in CONFIRM_FLAG_FLOOR.items():
        assert rates[name] >= floor, rates
    for name in fit.DETECTORS:
        assert rates[f"{name} on 4-5"] <= 0.05, rates

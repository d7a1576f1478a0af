from __future__ import annotations

import pytest

from coach.scoring.metrics import pairwise_agreement, ranks, spearman


def test_ranks_share_ties() -> None:
    assert ranks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2]


@pytest.mark.parametrize(
    ("a", "b", "rho"),
    [([1, 2, 3], [10, 20, 30], 1.0), ([1, 2, 3], [3, 2, 1], -1.0), ([1, 1, 1], [1, 2, 3], 0.0)],
)
def test_spearman(a: list[float], b: list[float], rho: float) -> None:
    assert spearman(a, b) == pytest.approx(rho)


def test_pairwise_counts_ties_in_score_as_misses() -> None:
    assert pairwise_agreement({"q": [(5, 4.0), (1, 1.0), (3, 4.0)]}) == pytest.approx(2 / 3)

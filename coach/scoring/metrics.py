"""Agreement between grades and scores: rank correlation and pairwise order."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else 0.0


def pairwise_agreement(groups: dict[str, list[tuple[float, float]]]) -> float:
    """Within each group of (grade, score): the share of differently graded pairs in order."""
    agree = total = 0
    for rows in groups.values():
        for (ga, sa), (gb, sb) in combinations(rows, 2):
            if ga == gb:
                continue
            total += 1
            agree += (sa > sb) == (ga > gb) and sa != sb
    return agree / total if total else 1.0

"""What is measured, not judged: structure signals and delivery. Shared by every backend."""

from __future__ import annotations

import math
import re

from coach.scoring import text as tx
from coach.scoring.evaluation import Delivery, Structure


def structure_of(sentences: list[str], terms: tuple[str, ...] = ()) -> Structure:
    """Example, numbers, named frameworks and a stepwise plan, with the sentences that show them."""
    evidence: dict[str, list[str]] = {}
    frameworks: list[str] = []
    plan_hits = 0
    for s in sentences:
        if tx.numbers_in(s):
            evidence.setdefault("numbers", []).append(s)
        if tx.has_example(s):
            evidence.setdefault("example", []).append(s)
        found = tx.frameworks_in(s, terms)
        if found:
            evidence.setdefault("frameworks", []).append(s)
            frameworks += [f for f in found if f.lower() not in map(str.lower, frameworks)]
        if tx.plan_markers(s):
            plan_hits += 1
            evidence.setdefault("plan", []).append(s)
    for key in evidence:
        evidence[key] = evidence[key][:2]
    return Structure(
        example="example" in evidence,
        numbers="numbers" in evidence,
        frameworks=frameworks,
        plan=plan_hits >= 2,
        evidence=evidence,
    )


def delivery_of(answer: str, lang: str, seconds: float | None, budget: int | None) -> Delivery:
    """Length, time against the budget, pace, filler words."""
    chars = len(re.sub(r"\s", "", answer))
    words = len(answer.split()) if lang == "en" else 0
    rate = None
    if seconds and seconds > 0:
        rate = round((chars if lang == "ja" else words) / (seconds / 60), 1)
        if not math.isfinite(rate):  # a few characters in a vanishing time has no pace
            rate = None
    return Delivery(
        characters=chars,
        words=words,
        seconds=seconds,
        budget_seconds=budget,
        rate=rate,
        rate_unit="cpm" if lang == "ja" else "wpm",
        fillers=tx.count_fillers(answer, lang),
        over_budget=bool(seconds and budget and seconds > budget),
    )

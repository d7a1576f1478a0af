"""The practice plan: which interviewer asks which questions, and the time for each answer."""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass
from typing import Any

from coach.errors import CoachError
from coach.packs.model import Pack, Question

TRANSITION_SECONDS = 20  # reading the question, introductions


@dataclass(frozen=True)
class PlanItem:
    area: str | None
    question: str
    budget: int
    follow_ups: int
    follow_up_budget: int


@dataclass(frozen=True)
class Plan:
    items: tuple[PlanItem, ...]
    minutes: int
    seed: int
    # What the session length (or --questions) left out, so the plan can say so:
    dropped_areas: tuple[str, ...] = ()  # areas (interviewers) with no question
    dropped_cases: tuple[str, ...] = ()  # case prompts of the chosen areas not asked
    minutes_for_all: int = 0  # when time dropped an interviewer: the length that meets them all

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [asdict(i) for i in self.items],
            "minutes": self.minutes,
            "seed": self.seed,
            "dropped_areas": list(self.dropped_areas),
            "dropped_cases": list(self.dropped_cases),
            "minutes_for_all": self.minutes_for_all,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        return cls(
            tuple(PlanItem(**i) for i in data["items"]),
            data["minutes"],
            data["seed"],
            tuple(data.get("dropped_areas", ())),
            tuple(data.get("dropped_cases", ())),
            int(data.get("minutes_for_all", 0)),
        )

    def seconds(self) -> int:
        return sum(i.budget + i.follow_ups * i.follow_up_budget for i in self.items)


def _area_questions(pack: Pack, area_id: str) -> tuple[list[Question], list[Question]]:
    """(questions whose primary area is this one, questions that list it second)."""
    primary = [q for q in pack.questions if q.areas and q.areas[0] == area_id]
    secondary = [q for q in pack.questions if area_id in q.areas[1:]]
    return primary, secondary


def make_plan(
    pack: Pack,
    *,
    minutes: int | None = None,
    area: str | None = None,
    questions: int | None = None,
    follow_ups: int = 1,
    seed: int | None = None,
) -> Plan:
    """Fit the pack's areas, questions and case prompts into the session length."""
    minutes = minutes or pack.session.minutes
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    rng = random.Random(seed)
    answer, follow = pack.session.answer_seconds, pack.session.follow_up_seconds
    per_item = answer + follow_ups * follow + TRANSITION_SECONDS
    fits = max(1, (minutes * 60) // per_item)
    count = min(fits, questions) if questions else fits

    if area is not None and pack.area(area) is None:
        raise CoachError(
            "practice.unknown_area", area=area, known=", ".join(a.id for a in pack.areas) or "-"
        )
    areas = [a for a in pack.areas if area is None or a.id == area]
    if not areas:  # a pack without areas: one anonymous panel over all questions
        pool = list(pack.questions)
        rng.shuffle(pool)
        anonymous = [PlanItem(None, q.id, answer, follow_ups, follow) for q in pool[:count]]
        return Plan(tuple(anonymous), minutes, seed)

    # Each area's queue: its questions drawn at random, its case prompt last (the centrepiece).
    queues: dict[str, list[Question]] = {}
    used: set[str] = set()
    for a in areas:
        primary, secondary = _area_questions(pack, a.id)
        rng.shuffle(primary)
        rng.shuffle(secondary)
        queue = [q for q in primary + secondary if q.id not in used]
        queues[a.id] = queue
    shares = {a.id: 0 for a in areas}
    for i in range(count):  # deal the slots round-robin across the areas
        shares[areas[i % len(areas)].id] += 1
    items: list[PlanItem] = []
    for a in areas:
        share = shares[a.id]
        if share == 0:
            continue
        # One slot goes to a question; the case prompt needs a second slot.
        case = [a.case] if a.case is not None and (share >= 2 or not queues[a.id]) else []
        picks: list[Question] = []
        for q in queues[a.id]:
            if len(picks) >= share - len(case):
                break
            if q.id not in used:
                picks.append(q)
                used.add(q.id)
        chosen = (picks + case)[:share] if share > len(case) else case[:share]
        items += [PlanItem(a.id, q.id, answer, follow_ups, follow) for q in chosen]
    asked = {i.question for i in items}
    dropped_areas = tuple(a.id for a in areas if shares[a.id] == 0)
    dropped_cases = tuple(a.case.id for a in areas if a.case is not None and a.case.id not in asked)
    by_time = bool(dropped_areas) and (questions is None or fits < questions)
    minutes_for_all = math.ceil(len(areas) * per_item / 60) if by_time else 0
    return Plan(tuple(items), minutes, seed, dropped_areas, dropped_cases, minutes_for_all)

"""The practice plan: what fits the session, which interviewer asks what, what is left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.errors import CoachError
from coach.packs.model import Pack
from coach.session.plan import TRANSITION_SECONDS, Plan, PlanItem, make_plan
from tests.helpers.packs import pack_from_yaml

NO_AREAS = """\
id: no-areas
version: 1
languages: en
title: No areas
session: {minutes: 10, answer_seconds: 60, follow_up_seconds: 30}
questions:
"""


def _pack_without_areas(tmp_path: Path, count: int) -> Pack:
    questions = "".join(
        f"  - {{id: q{i}, text: Question {i}, points: [{{id: p, text: Point}}]}}\n"
        for i in range(count)
    )
    return pack_from_yaml(tmp_path / "no-areas.yaml", NO_AREAS + questions)


def test_plan_fits_the_budget_and_is_repeatable(sales_pack: Pack) -> None:
    plan = make_plan(sales_pack, seed=7)
    assert plan.seconds() <= 30 * 60
    assert {i.area for i in plan.items} == {a.id for a in sales_pack.areas}
    assert {"case-new-segment", "case-at-risk-pipeline", "case-tool-resistance"} <= {
        i.question for i in plan.items
    }
    assert make_plan(sales_pack, seed=7) == plan
    only = make_plan(sales_pack, area="forecasting-cadence", seed=1)
    assert {i.area for i in only.items} == {"forecasting-cadence"}
    assert len(make_plan(sales_pack, questions=2, seed=1).items) == 2


def test_a_short_plan_says_which_interviewers_and_cases_it_dropped(sales_pack: Pack) -> None:
    plan = make_plan(sales_pack, minutes=6, seed=1)
    assert len(plan.items) == 1
    asked_area = plan.items[0].area
    assert set(plan.dropped_areas) == {a.id for a in sales_pack.areas} - {asked_area}
    assert {a.case.id for a in sales_pack.areas if a.case} - {plan.items[0].question} == set(
        plan.dropped_cases
    )
    assert plan.minutes_for_all > 6
    assert make_plan(sales_pack, minutes=plan.minutes_for_all, seed=1).dropped_areas == ()
    assert Plan.from_dict(plan.to_dict()) == plan  # kept with the session for --resume
    full = make_plan(sales_pack, seed=7)
    assert full.dropped_areas == () and full.dropped_cases == () and full.minutes_for_all == 0
    chosen = make_plan(sales_pack, questions=1, seed=1)  # fewer asked for: no time advice
    assert chosen.dropped_areas and chosen.minutes_for_all == 0


def test_plan_seconds_count_every_answer_and_follow_up() -> None:
    plan = Plan((PlanItem("a", "q1", 180, 2, 90), PlanItem(None, "q2", 120, 0, 90)), 30, 1)
    assert plan.seconds() == 180 + 2 * 90 + 120


def test_plan_read_back_from_a_session_saved_before_the_dropped_fields() -> None:
    saved = {"items": [{"area": "a", "question": "q1", "budget": 180, "follow_ups": 1,
                        "follow_up_budget": 90}], "minutes": 30, "seed": 4}  # fmt: skip
    plan = Plan.from_dict(saved)
    assert plan.items == (PlanItem("a", "q1", 180, 1, 90),) and plan.seed == 4
    assert plan.dropped_areas == () and plan.dropped_cases == () and plan.minutes_for_all == 0


def test_plan_for_an_unknown_area_names_the_known_ones(sales_pack: Pack) -> None:
    with pytest.raises(CoachError) as caught:
        make_plan(sales_pack, area="forecasting", seed=1)
    assert caught.value.key == "practice.unknown_area"
    assert caught.value.params["known"] == ", ".join(a.id for a in sales_pack.areas)


def test_plan_never_asks_a_question_twice(sales_pack: Pack) -> None:
    for seed in range(1, 30):
        asked = [i.question for i in make_plan(sales_pack, minutes=120, seed=seed).items]
        assert len(asked) == len(set(asked)), seed


def test_plan_asks_a_case_only_when_its_interviewer_has_a_second_slot(sales_pack: Pack) -> None:
    cases = {a.case.id for a in sales_pack.areas if a.case}
    one_each = make_plan(sales_pack, questions=len(sales_pack.areas), seed=5)
    assert [i.area for i in one_each.items] == [a.id for a in sales_pack.areas]
    assert not cases & {i.question for i in one_each.items}
    two_each = make_plan(sales_pack, questions=2 * len(sales_pack.areas), seed=5)
    for area in sales_pack.areas:
        own = [i.question for i in two_each.items if i.area == area.id]
        assert area.case is not None and own[-1] == area.case.id  # the case comes last


def test_plan_of_a_pack_without_areas_is_one_anonymous_panel(tmp_path: Path) -> None:
    pack = _pack_without_areas(tmp_path, count=12)
    plan = make_plan(pack, seed=3, follow_ups=0)
    per_item = pack.session.answer_seconds + TRANSITION_SECONDS
    assert len(plan.items) == (10 * 60) // per_item  # as many as fit in ten minutes
    assert {i.area for i in plan.items} == {None}
    assert len({i.question for i in plan.items}) == len(plan.items)
    assert all(i.budget == 60 and i.follow_up_budget == 30 for i in plan.items)
    assert len(make_plan(pack, questions=2, seed=3).items) == 2
    assert make_plan(pack, minutes=1, seed=3).items  # one question even when none fits

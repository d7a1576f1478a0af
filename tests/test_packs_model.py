"""The typed pack (coach/packs/model.py): texts per language, questions, areas and their cases,
follow-ups asked as questions and the one id form they are kept in."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.packs.model import (
    Column,
    Cues,
    FollowUp,
    FollowUpRef,
    Pack,
    Point,
    Question,
    Table,
    Text,
)
from tests.helpers.packs import pack_from_yaml


@pytest.mark.parametrize(
    ("stored", "ref", "root"),
    [
        ("pipeline-forecast#f1", FollowUpRef("pipeline-forecast", "f1"), "pipeline-forecast"),
        ("pipeline-forecast#generated", FollowUpRef("pipeline-forecast", "generated"), None),
        ("pipeline-forecast", None, "pipeline-forecast"),
    ],
)
def test_follow_up_ref_reads_back_what_it_wrote(
    stored: str, ref: FollowUpRef | None, root: str | None
) -> None:
    assert FollowUpRef.parse(stored) == ref
    assert FollowUpRef.root(stored) == (root or stored.partition("#")[0])
    if ref is not None:
        assert ref.encode() == stored


def test_follow_up_ref_is_the_id_of_a_follow_up_question(sales_pack: Pack) -> None:
    question = sales_pack.find("pipeline-forecast")
    assert question is not None and question.follow_ups
    follow = question.follow_ups[0]
    asked = question.as_follow_up(follow)
    assert FollowUpRef.parse(asked.id) == FollowUpRef(question.id, follow.id)
    assert sales_pack.resolve(asked.id) == asked


def _question(*point_ids: str) -> Question:
    points = tuple(Point(pid, Text({"en": pid.upper()}), Cues()) for pid in point_ids)
    return Question("q", Text({"en": "Q"}), points, areas=("a",), skills=("s",), is_case=True)


def test_text_falls_back_to_the_first_language_and_to_nothing() -> None:
    text = Text({"ja": "日本語", "en": "English"})
    assert (text.get("en"), text.get("ja"), text.get("fr")) == ("English", "日本語", "日本語")
    assert Text({}).get("en") == ""


def test_cues_per_language_and_all_of_them() -> None:
    cues = Cues({"ja": ("予測",), "en": ("forecast", "pipeline")})
    assert cues.get("en") == ("forecast", "pipeline") and cues.get("fr") == ()
    assert cues.every() == ("予測", "forecast", "pipeline")


def test_table_cell_is_text_in_the_language_or_the_plain_value() -> None:
    table = Table(None, (Column("deal", Text({"en": "Deal"})),), ())
    row: dict[str, Text | str] = {"deal": Text({"ja": "案件", "en": "Deal A"}), "amount": "100"}
    assert table.cell(row, "deal", "ja") == "案件"
    assert table.cell(row, "amount", "en") == "100" and table.cell(row, "missing", "en") == ""


def test_a_follow_up_is_judged_on_the_points_it_targets_else_on_all() -> None:
    question = _question("a", "b", "c")
    aimed = question.as_follow_up(FollowUp("f", Text({"en": "Why?"}), ("c", "a")))
    assert [p.id for p in aimed.points] == ["a", "c"]
    assert aimed.parent == "q" and aimed.text.get("en") == "Why?"
    assert aimed.model_answer is None and aimed.follow_ups == () and aimed.pitfalls == ()
    assert (aimed.areas, aimed.skills, aimed.is_case) == (("a",), ("s",), True)
    unaimed = question.as_follow_up(FollowUp("g", Text({"en": "And?"}), ("gone",)))
    assert unaimed.points == question.points
    assert question.point("b") is question.points[1] and question.point("z") is None


def test_pack_finds_questions_and_cases_and_the_area_of_each(sales_pack: Pack) -> None:
    cases = sales_pack.cases()
    assert cases and sales_pack.all_questions() == sales_pack.questions + cases
    case = cases[0]
    assert sales_pack.find(case.id) is case and sales_pack.find("nope") is None
    holder = sales_pack.area_of(case)
    assert holder is not None and holder.case is case  # a case belongs to the area holding it
    question = sales_pack.questions[0]
    area = sales_pack.area_of(question)
    assert area is not None and area.id == question.areas[0]  # its first area
    assert sales_pack.area("nope") is None and sales_pack.skill("nope") is None
    skill = sales_pack.skills[0]
    assert sales_pack.skill(skill.id) is skill


def test_pack_ui_language_falls_back_to_the_pack_s_first(tmp_path: Path) -> None:
    pack = pack_from_yaml(
        tmp_path / "ja-only.yaml",
        "id: ja-only\nversion: '1'\nlanguages: ja\ntitle: 日本語だけ\n"
        "questions:\n  - {id: q, text: 質問, points: [{id: p, text: 点}], requirements: [r]}\n"
        "requirements:\n  - {id: r, text: 要件}\n  - {id: unused, text: 未使用}\n",
    )
    assert pack.ui_lang("en") == "ja" and pack.ui_lang("ja") == "ja"
    assert [q.id for q in pack.requirement_questions("r")] == ["q"]
    assert pack.requirement_questions("unused") == ()

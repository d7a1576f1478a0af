"""The pack's data model: follow-ups asked as questions, and the one id form they are kept in."""

from __future__ import annotations

import pytest

from coach.packs.model import FollowUpRef, Pack


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

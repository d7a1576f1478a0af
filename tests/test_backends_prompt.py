"""backends/prompt.py: reading a reply out of the Markdown code fence a model may put around it."""

from __future__ import annotations

import re

import pytest

from coach.backends.prompt import JSON_FENCE, ReplyError, parse_json, unfence
from coach.session.tailor import PACK_FENCE, parse_reply


@pytest.mark.parametrize(
    ("reply", "fence", "inside"),
    [
        ('  {"a": 1}\n', JSON_FENCE, '{"a": 1}'),
        ('```json\n{"a": 1}\n```', JSON_FENCE, '{"a": 1}'),
        ('\n```\n{"a": 1}\n```  \n', JSON_FENCE, '{"a": 1}'),
        # the scorer's fence must wrap the whole reply: text around it is left for JSON to refuse
        ('Here:\n```json\n{"a": 1}\n```', JSON_FENCE, 'Here:\n```json\n{"a": 1}\n```'),
        # the pack's fence is found anywhere, in YAML too
        ("Here it is:\n```yaml\nid: x\n```\nDone.", PACK_FENCE, "id: x"),
        ("```yml\nid: x\n```", PACK_FENCE, "id: x"),
        ("id: x", PACK_FENCE, "id: x"),
        ("<<x>>", re.compile(r"<<(.*)>>"), "x"),
    ],
)
def test_unfence_keeps_what_the_fence_holds(
    reply: str, fence: re.Pattern[str], inside: str
) -> None:
    assert unfence(reply, fence) == inside


def test_unfence_uses_the_whole_reply_fence_by_default() -> None:
    assert unfence('```\n{"a": 1}\n```') == '{"a": 1}'


def test_both_readers_read_through_their_fences() -> None:
    assert parse_json('```json\n{"a": 1}\n```') == {"a": 1}
    assert parse_reply("Sure.\n```yaml\nid: x\nlanguages: [en]\n```") == {
        "id": "x",
        "languages": ["en"],
    }
    with pytest.raises(ReplyError, match="not valid JSON"):
        parse_json('Sure.\n```json\n{"a": 1}\n```')

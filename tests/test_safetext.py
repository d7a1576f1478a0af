"""Untrusted text made harmless (coach/safetext.py); the terminal side: security/test_display."""

from __future__ import annotations

import json

import pytest

from coach.safetext import safe_json, safe_text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("\x7f", "\\u007f"), ("\x9b", "\\u009b"), ("\u202e", "\\u202e"), ("\u2066", "\\u2066")],
)
def test_safe_json_escapes_what_json_dumps_leaves_raw(raw: str, escaped: str) -> None:
    dumped = json.dumps({"answer": f"a{raw}b"}, ensure_ascii=False)
    assert raw in dumped  # json.dumps leaves it as it is ...
    made_safe = safe_json(dumped)
    assert raw not in made_safe and escaped in made_safe  # ... safe_json does not
    assert json.loads(made_safe) == {"answer": f"a{raw}b"}  # the same text to a JSON reader


def test_safe_json_leaves_other_text_alone() -> None:
    dumped = json.dumps({"answer": "日本語 \u200f mark, tab\t"}, ensure_ascii=False)
    assert safe_json(dumped) == dumped


def test_safe_text_shows_a_lone_surrogate_as_a_replacement_character() -> None:
    assert safe_text("a\udc80b") == "a\ufffdb"
    assert safe_text("\x7f\x00") == "\u2421\u2400"

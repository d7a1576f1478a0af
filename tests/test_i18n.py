"""Every UI string exists in both languages, with the same placeholders."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from coach.i18n import LANGUAGES, MESSAGES, resolve_lang

PACKAGE = Path(__file__).resolve().parents[1] / "coach"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_message_exists_in_every_language(key: str) -> None:
    entry = MESSAGES[key]
    assert set(entry) == set(LANGUAGES), key
    assert all(entry[lang].strip() for lang in LANGUAGES), key
    assert _fields(entry["ja"]) == _fields(entry["en"]), key


def _used_keys() -> set[str]:
    """Every literal message key the package passes to t(), CoachError() or a pack Problem."""
    keys: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            if name in ("t", "h", "CoachError") and isinstance(first, ast.Constant):
                keys.add(str(first.value))
            if name == "problem" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                keys.add(f"pack.{node.args[1].value}")
            if name == "Problem" and len(node.args) > 3 and isinstance(node.args[3], ast.Constant):
                keys.add(f"pack.{node.args[3].value}")
    return keys


def test_every_used_message_key_exists() -> None:
    used = _used_keys()
    assert len(used) > 40
    missing = sorted(k for k in used if k not in MESSAGES and not re.search(r"\{", k))
    assert not missing


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        ("en", {"COACH_LANG": "ja"}, "en"),
        (None, {"COACH_LANG": "ja"}, "ja"),
        (None, {"LANG": "ja_JP.UTF-8"}, "ja"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),
        (None, {"COACH_LANG": "xx", "LANG": "ja_JP.UTF-8"}, "ja"),
        (None, {}, "en"),
    ],
)
def test_resolve_lang_order(
    monkeypatch: pytest.MonkeyPatch, explicit: str | None, env: dict[str, str], expected: str
) -> None:
    for var in ("COACH_LANG", "LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert resolve_lang(explicit) == expected


def test_every_scorer_flag_has_its_messages_in_both_languages() -> None:
    from coach.i18n import MESSAGES
    from coach.scoring.flags import Flag

    for flag in Flag:
        for prefix in ("fb.flag.", "advice.flag."):
            entry = MESSAGES[prefix + flag.value]
            assert entry["ja"] and entry["en"] and entry["ja"] != entry["en"], flag


def test_every_confidence_reason_has_its_message_in_both_languages() -> None:
    from coach.i18n import MESSAGES

    for reason in ("short", "few-cues", "conceptual", "language", "no-encoder"):
        entry = MESSAGES[f"confidence.{reason}"]
        assert entry["ja"] and entry["en"], reason

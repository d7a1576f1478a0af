"""Every UI string exists in both languages, with the same placeholders."""

from __future__ import annotations

import ast
import errno
import os
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


def test_every_flag_has_its_messages_in_both_languages() -> None:
    """Through the explicit flag -> key tables (a key made by an f-string hides from the
    test of used keys above): every flag is explained, and all but TRUNCATED advised on."""
    from coach.scoring.advice import FLAG_ADVICE, FLAG_ADVICE_UNSURE, FLAG_TEXT
    from coach.scoring.evaluation import Flag

    assert set(FLAG_TEXT) == set(Flag)
    assert set(FLAG_ADVICE) == set(Flag) - {Flag.TRUNCATED}
    assert set(FLAG_ADVICE_UNSURE) <= set(FLAG_ADVICE)
    for key in [*FLAG_TEXT.values(), *FLAG_ADVICE.values(), *FLAG_ADVICE_UNSURE.values()]:
        entry = MESSAGES[key]
        assert set(entry) == set(LANGUAGES), key
        assert entry["ja"].strip() and entry["en"].strip() and entry["ja"] != entry["en"], key


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_flag_text_of_every_flag_and_of_a_plugin_flag(lang: str) -> None:
    from coach.scoring.advice import FLAG_TEXT, flag_text
    from coach.scoring.evaluation import Flag

    assert flag_text("truncated", lang) == MESSAGES[FLAG_TEXT[Flag.TRUNCATED]][lang]
    assert flag_text("my-plugin-flag", lang) == "my-plugin-flag"


def test_every_confidence_reason_has_its_message_in_both_languages() -> None:
    from coach.i18n import MESSAGES

    for reason in ("short", "few-cues", "conceptual", "language", "no-encoder"):
        entry = MESSAGES[f"confidence.{reason}"]
        assert entry["ja"] and entry["en"], reason


@pytest.mark.parametrize(
    ("number", "ja", "en"),
    [
        (errno.ENOENT, "ファイルまたはフォルダがありません", "no such file or folder"),
        (errno.EACCES, "アクセス権がありません", "permission denied"),
        (errno.ENOSPC, "ディスクの空きがありません", "no space left on the disk"),
        (errno.ECHILD, "システムエラー(番号 {n})", "No child processes"),
    ],
)
def test_os_errors_in_both_languages(number: int, ja: str, en: str) -> None:
    from coach.i18n import describe_os_error, t

    error = OSError(number, os.strerror(number))
    assert describe_os_error(error, "ja") == ja.format(n=number)
    assert describe_os_error(error, "en") == en
    # passed as a message parameter, an OSError is described in the message's language
    assert t("report.unwritable", "ja", path="x.md", error=error).endswith(ja.format(n=number))


@pytest.mark.parametrize(
    ("english", "japanese"),
    [
        ("ANTHROPIC_API_KEY is not set", "ANTHROPIC_API_KEY が設定されていません"),
        (
            "cannot reach 127.0.0.1:9 (ConnectError) (after 3 attempts)",
            "127.0.0.1:9 に接続できません(3 回試みました)",
        ),
        (
            "no reply from api.openai.com within 30 s",
            "api.openai.com から 30 秒以内に応答がありません",
        ),
        (
            "401 from api.openai.com: the key was rejected; set OPENAI_API_KEY",
            "api.openai.com が 401 を返しました: キーが拒否されました。"
            "OPENAI_API_KEY を設定してください",
        ),
        (
            "reply the JSON is not an object",
            "応答を読み取れません: JSON がオブジェクトではありません",
        ),
        (
            "openai: cannot reach 127.0.0.1:9 (ConnectError)",  # Evaluation.fallback
            "openai: 127.0.0.1:9 に接続できません",
        ),
        ("something new", "something new"),  # unknown: shown as it is rather than lost
    ],
)
def test_backend_problems_are_translated_at_the_boundary(english: str, japanese: str) -> None:
    from coach.i18n import provider_text, t

    assert provider_text(english, "ja") == japanese
    assert provider_text(english, "en") == english
    assert t("backends.not_ready", "ja", name="x", missing=english).endswith(japanese)


@pytest.mark.parametrize(
    ("follow", "en"), [(1, "1 + 1 follow-up"), (2, "2 + 2 follow-ups"), (0, "3 + 0 follow-ups")]
)
def test_counts_are_singular_for_one(follow: int, en: str) -> None:
    from coach.i18n import tn

    main = 3 if follow == 0 else follow
    assert tn("practice.count", "en", follow, main=main, follow=follow) == en
    assert tn("practice.count", "ja", follow, main=main, follow=follow).endswith(
        f"追加 {follow} 問"
    )


@pytest.mark.parametrize(
    ("key", "one", "many"),
    [
        ("practice.scoring_wait", "the last 1 answer…", "the last 2 answers…"),
        ("summary.pending_note", "1 answer not scored yet", "2 answers not scored yet"),
        ("packs.invalid", "has 1 problem:", "has 2 problems:"),
    ],
)
def test_english_counts_agree_with_the_noun(key: str, one: str, many: str) -> None:
    from coach.i18n import tn

    params = {"source": "p.yaml"}
    assert one in tn(key, "en", 1, count=1, **params)
    assert many in tn(key, "en", 2, count=2, **params)
    assert "(s)" not in MESSAGES[key]["en"]

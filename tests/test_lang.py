"""One declaration of the languages: the CLI, the UI, the packs and the scorer share it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.lang import LANGUAGES, Lang, known

PACKAGE = Path(__file__).resolve().parents[1] / "coach"


def test_lang_is_declared_once_in_the_package() -> None:
    tuple_of_codes = re.compile(r"""\(\s*["'](ja|en)["']\s*,\s*["'](ja|en)["']\s*\)""")
    found = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "lang.py" and tuple_of_codes.search(path.read_text(encoding="utf-8"))
    ]
    assert not found


def test_lang_every_layer_reads_the_same_set() -> None:
    from coach.cli import common
    from coach.i18n import LANGUAGES as ui_languages
    from coach.packs.loader import KNOWN_LANGUAGES

    assert common.Lang is Lang
    assert ui_languages is LANGUAGES and KNOWN_LANGUAGES is LANGUAGES
    assert LANGUAGES == ("ja", "en") == tuple(Lang)  # Japanese first
    assert all(type(code) is str for code in LANGUAGES)  # pack YAML takes no enum member


@pytest.mark.parametrize(("explicit", "expected"), [("ja", Lang.JA), ("EN-us", Lang.EN)])
def test_lang_resolved_is_a_lang(
    monkeypatch: pytest.MonkeyPatch, explicit: str, expected: Lang
) -> None:
    from coach.i18n import resolve_lang

    monkeypatch.delenv("COACH_LANG", raising=False)
    resolved = resolve_lang(explicit)
    assert isinstance(resolved, Lang) and resolved is expected


@pytest.mark.parametrize(
    ("code", "expected"), [("ja", True), ("en", True), ("de", False), (5, False), (None, False)]
)
def test_lang_known_accepts_only_the_codes(code: object, expected: bool) -> None:
    assert known(code) is expected

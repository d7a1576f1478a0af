"""The answer editor's bottom toolbar at every terminal width, measured in display columns."""

from __future__ import annotations

import pytest
from prompt_toolkit.utils import get_cwidth

from coach.i18n import t
from coach.ui.editor import clock_fragment, toolbar_fragments

STATUS = {"ja": "セッション 00:12 / 20:00", "en": "session 00:12 / 20:00"}


def _toolbar(width: int, lang: str, elapsed: float = 3) -> str:
    fragments = toolbar_fragments(
        width,
        clock_fragment(elapsed, 180, lang),
        clock_fragment(elapsed, 180, lang, short=True),
        STATUS[lang],
        lang,
    )
    return "".join(text for _, text in fragments)


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("width", [120, 80, 60, 40])
@pytest.mark.parametrize("elapsed", [3, 200])
def test_toolbar_keeps_both_key_hints_whole_and_fits(lang: str, width: int, elapsed: float) -> None:
    text = _toolbar(width, lang, elapsed)
    assert get_cwidth(text) < width, text
    assert t("editor.keys", lang) in text or t("editor.keys_short", lang) in text, text
    assert "⏱" in text  # the clock stays too, down to 40 columns


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_toolbar_shows_everything_when_wide(lang: str) -> None:
    text = _toolbar(120, lang)
    assert STATUS[lang] in text and t("editor.keys", lang) in text and "03:00" in text

"""The answer editor's bottom toolbar at every terminal width, measured in display columns."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.utils import get_cwidth

from coach.i18n import t
from coach.ui.editor import ask_answer, clock_fragment, toolbar_fragments, word_wrap_padding


@pytest.fixture
def pipe() -> Iterator[object]:
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        yield inp


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


LONG_EN = (
    "Second line runs on well past eighty columns, so the terminal has to reflow it when the "
    "window narrows and joins it again when it widens."
)


def _rows(text: str, width: int) -> list[str]:
    padding = word_wrap_padding(text, width)
    shown = "".join(" " * padding.get(i, 0) + c for i, c in enumerate(text))
    return [shown[i : i + width] for i in range(0, len(shown), width)]


@pytest.mark.parametrize("width", [20, 38, 58, 78, 118])
def test_editor_rows_break_english_between_words(width: int) -> None:
    words = set(LONG_EN.split())
    for row in _rows(LONG_EN, width):
        for word in row.split():
            assert word in words, (width, row)  # never "ag" / "ain"


def test_editor_leaves_japanese_and_overlong_words_to_wrap_by_character() -> None:
    assert (
        word_wrap_padding("パイプラインの各段階で確度を見直し、週次で予測と実績の差を確認", 20)
        == {}
    )
    assert word_wrap_padding("x" * 50, 20) == {}


def test_editor_word_wrap_is_display_only(pipe) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text(LONG_EN + "\n" + LONG_EN + "\x1b\r")
    got = ask_answer("en", 180, clock=lambda: 1000.0)
    assert got.text == LONG_EN + "\n" + LONG_EN

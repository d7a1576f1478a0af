"""The answer editor: its bottom toolbar at every terminal width (display columns), word
wrapping, and the one-key menus."""

from __future__ import annotations

import contextvars
import io
import threading
import time
from collections.abc import Iterator

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output
from prompt_toolkit.utils import get_cwidth

from coach.i18n import t
from coach.ui.editor import (
    ask_answer,
    choose,
    clock_fragment,
    menu_key,
    toolbar_fragments,
    word_wrap_padding,
)


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


@pytest.mark.parametrize(
    ("typed", "options", "key"),
    [
        ("r", "rseq", "r"),
        ("R", "rseq", "r"),
        ("ｒ", "rseq", "r"),  # a Japanese IME's full-width letter
        ("Ｓ", "rseq", "s"),
        (" e ", "rseq", "e"),  # pasted with spaces
        ("x", "rseq", None),
        ("ｘ", "rseq", None),
        ("", "rseq", None),
        ("rs", "rseq", None),
        ("\r", "yn", None),
    ],
)
def test_menu_key_reads_upper_case_and_full_width_as_the_letter(
    typed: str, options: str, key: str | None
) -> None:
    assert menu_key(typed, list(options)) == key


@pytest.mark.parametrize(
    ("lang", "typed", "said"),
    [
        ("ja", "x", "「x」は選べません。r・s・e・q のどれかのキーを押してください。"),
        ("ja", "\r", "r・s・e・q のどれかのキーを押してください。"),
        ("en", "x", "“x” is not one of the choices: press r, s, e or q."),
        ("en", "\r", "Press r, s, e or q."),
    ],
)
def test_menu_says_which_keys_are_valid_and_asks_again(lang: str, typed: str, said: str) -> None:
    """An unknown key (or Enter, with no default) picks nothing: the menu says which keys it
    takes, in the UI language, and waits for one of them."""
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=200), term="xterm")
    result: dict[str, str] = {}
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):
        context = contextvars.copy_context()
        options = {"r": "resume", "s": "skip", "e": "end", "q": "quit"}

        def run() -> None:
            result["key"] = context.run(lambda: choose("Paused:", options, lang=lang))

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        pipe.send_text(typed)
        deadline = time.monotonic() + 20
        while said not in screen.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert said in screen.getvalue()
        assert thread.is_alive() and not result  # still asking
        pipe.send_text("ｅ")
        thread.join(20)
    assert result == {"key": "e"}


def test_menu_ignores_ctrl_d(pipe) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text("\x04x\rq")
    assert choose("Paused:", {"r": "resume", "q": "quit"}, lang="ja") == "q"


JA_ANSWER = (
    "パイプラインの予測は、毎週のレビューで確認します。過去のコンバージョン率と比べ、"
    "2四半期で誤差を20%から6%に下げ、カスタマーサクセスとも連携しました。"
)


def _screen_rows(text: str, width: int) -> list[str]:
    """The rows the editor shows: the padding, then characters wrapped by display width."""
    padding = word_wrap_padding(text, width)
    rows, row = [], ""
    for index, char in enumerate(text):
        for shown in " " * padding.get(index, 0) + char:
            if get_cwidth(row + shown) > width:
                rows.append(row)
                row = ""
            row += shown
    return [*rows, row]


@pytest.mark.parametrize("width", range(16, 81, 2))
def test_editor_rows_keep_kinsoku_katakana_words_and_units(width: int) -> None:
    from coach.ui.wrap import NO_START

    rows = _screen_rows(JA_ANSWER, width)
    assert "".join(rows).replace(" ", "") == JA_ANSWER  # display only: nothing added but padding
    for row in rows[1:]:
        assert row.lstrip(" ")[:1] not in NO_START, (width, rows)  # never "、2四半期"
    joined = "\n".join(r.strip() for r in rows)
    for word in ("パイプライン", "レビュー", "コンバージョン", "カスタマーサクセス", "20%", "6%"):
        if get_cwidth(word) <= width:  # a word wider than a row is cut where the row ends
            assert word in joined, (width, rows)


@pytest.mark.parametrize("width", [30, 40, 59, 79])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_menu_choices_move_whole_to_the_next_line(lang: str, width: int) -> None:
    from coach.ui.editor import menu_lines

    choices = [t("drill.menu", lang)] + [
        f"[{key}] {t(label, lang)}"
        for key, label in (
            ("r", "menu.resume"),
            ("s", "practice.skip"),
            ("e", "practice.end"),
            ("q", "practice.quit"),
        )
    ]
    lines = menu_lines(choices, width)
    assert all(get_cwidth(line) <= width for line in lines), lines
    for choice in choices:
        assert any(choice in line for line in lines), (choice, lines)  # never "end and sco/re"

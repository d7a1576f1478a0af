"""Wrapping mixed Japanese and English text by display width, with kinsoku."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from coach.ui.render import THEME
from coach.ui.wrap import NO_END, NO_START, Wrapped, wrap

JA = (
    "既存チームからAE 3名とSDR 2名が割り当てられますが、3名のAEは既存テリトリーのノルマも"
    "一部抱えており、マーケティング予算も限られています。四半期の目標（新規 ARR 1,200 万円）"
    "に対し、パイプラインは「カバレッジ 3 倍」を下回っています。担当は田中 愛子です。"
)
EN = (
    "Globex Manufacturing slipped its close date twice; the champion has not replied since "
    "October, and the economic buyer is still not identified in the opportunity record."
)
MIXED = (
    "Globex Manufacturingのクローズ日がまたスリップしたら、Yuiにどう対応し、案件をどう扱いますか?"
)
WIDTHS = [20, 40, 60, 76, 80, 120]


def _check_lines(lines: list[str], width: int) -> None:
    for line in lines:
        assert cell_len(line) <= width, (width, line)
    for line in lines[1:]:
        assert line.strip()[:1] not in NO_START, (width, lines)
    for line in lines[:-1]:
        assert line.rstrip()[-1:] not in NO_END, (width, lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", [JA, EN, MIXED], ids=["ja", "en", "mixed"])
def test_wrap_fits_the_width_and_keeps_kinsoku(text: str, width: int) -> None:
    lines = wrap(text, width)
    _check_lines(lines, width)
    # nothing lost: only the spaces where a line broke
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("width", WIDTHS)
def test_wrap_keeps_unit_pairs_and_names_whole(width: int) -> None:
    joined = "\n".join(wrap(JA, width))
    for pair in ("AE 3名", "SDR 2名", "ARR 1,200 万", "3 倍"):
        assert pair in joined, (width, joined)
    assert "\n愛子" not in joined  # a space inside Japanese is spacing: 田中 愛子 stays one line


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", [EN, MIXED], ids=["en", "mixed"])
def test_wrap_breaks_english_only_between_words(text: str, width: int) -> None:
    words = set(re.findall(r"[A-Za-z]+", text))
    for line in wrap(text, width):
        for word in re.findall(r"[A-Za-z]+", line):
            assert word in words, (width, line)  # never "Manufacturin" / "g"


def test_wrap_carries_the_character_before_a_comma_to_the_next_line() -> None:
    text = "あ" * 10 + "、" + "い" * 5 + "。"  # "、" would start the second line at 20 columns
    assert wrap(text, 20) == ["あ" * 9, "あ、" + "い" * 5 + "。"]


def test_wrap_hangs_continuation_lines_and_keeps_paragraphs() -> None:
    lines = wrap("Last activity: " + EN + "\n\nsecond paragraph", 60, indent="  ", hang="    ")
    assert lines[0].startswith("  Last activity:")
    assert all(line.startswith("    ") for line in lines[1 : lines.index("")])
    assert lines[-1] == "  second paragraph"


def test_wrap_folds_a_word_longer_than_the_line() -> None:
    assert wrap("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_wrapped_renderable_uses_the_width_it_is_given(width: int) -> None:
    console = Console(theme=THEME, file=io.StringIO(), width=width, color_system=None)
    console.print(Wrapped(JA))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    _check_lines(out.rstrip("\n").split("\n"), width)
    assert "AE 3名" in out


KATAKANA = (
    "四半期の目標は1,200万円で、パイプラインとカスタマーサクセスの連携を強化し、3名のAEで"
    "90日以内に失注率を15%改善し、3か月でマーケティングの施策を見直します。"
)


@pytest.mark.parametrize("width", range(12, 61, 2))
def test_wrap_keeps_katakana_words_and_numbers_with_units_whole(width: int) -> None:
    lines = wrap(KATAKANA, width)
    _check_lines(lines, width)
    joined = "\n".join(lines)
    for word in ("パイプライン", "カスタマーサクセス", "マーケティング"):
        if cell_len(word) <= width:  # a word wider than the line is cut where it ends
            assert word in joined, (width, lines)  # never "カスタマーサ/クセス"
    for pair in ("1,200万円", "3名", "90日", "15%", "3か月"):
        assert pair in joined, (width, lines)  # never "1,200万/円"


def test_wrap_cuts_a_katakana_word_only_when_wider_than_the_line() -> None:
    """A word wider than the line is cut where the line ends, but no piece starts with ー."""
    lines = wrap("レベニューオペレーション部長", 16)
    assert lines == ["レベニューオペ", "レーション部長"]
    for width in range(6, 24, 2):
        for line in wrap("レベニューオペレーション部長", width)[1:]:
            assert line[0] not in NO_START, (width, line)


@pytest.mark.parametrize(
    ("ranges", "room", "expected"),
    [
        ([["ab", "abcd"], ["x"]], 20, [4, 1]),  # everything fits: each its widest line
        # the title folds by two characters: it gets them before the other column widens
        ([["面接官", "レベニューオペレーション部長"], ["質問", "2 問 + 追加 2 問"]], 40, [28, 12]),
    ],
)
def test_fit_widths_gives_room_where_it_saves_rows(
    ranges: list[list[str]], room: int, expected: list[int]
) -> None:
    from coach.ui.wrap import fit_widths

    assert fit_widths(ranges, room) == expected


def _plan_screen(lang: str, width: int) -> list[str]:
    from coach.packs.loader import load_pack
    from coach.session.plan import make_plan
    from coach.ui.practice_io import plan_view
    from tests.helpers.packs import SALES_MANAGER

    pack = load_pack(SALES_MANAGER)
    console = Console(theme=THEME, file=io.StringIO(), width=width, color_system=None)
    console.print(plan_view(pack, make_plan(pack, seed=1), lang))
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_plan_table_keeps_short_latin_words_katakana_and_units_whole(lang: str, width: int) -> None:
    screen = _plan_screen(lang, width)
    cells = [c.strip() for line in screen for c in re.split(r"[│┃]", line)]
    for line in screen:
        assert cell_len(line) <= width
    assert any("GTM" in c for c in cells), screen  # never "GT" / "M"
    assert not any(c.startswith(("ー", "ン", "ッ", "M実行")) for c in cells), screen
    if lang == "ja":
        for word in ("リーダーシップ", "コーチング", "チェンジマネジメント", "180 秒"):
            assert any(word in c for c in cells), (word, screen)
    if width >= 80 and lang == "ja":
        assert any("レベニューオペレーション" in c for c in cells), screen

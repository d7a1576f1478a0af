"""Wrapping mixed Japanese and English text by display width, with kinsoku."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console

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
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(Wrapped(JA))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    _check_lines(out.rstrip("\n").split("\n"), width)
    assert "AE 3名" in out

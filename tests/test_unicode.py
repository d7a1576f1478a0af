"""Cutting text to a display width: at a sentence or a word, never inside a word or a number."""

from __future__ import annotations

import pytest

from coach.unicode import clip, clip_quotes, display_width

JA = "パイプラインとカスタマーサクセスの連携を強化するために、あなたは何をしますか"
NUMBERS = "前年の売上は1,200万円で、担当は3名、達成率は15%でした。"
EN = "You have been asked to open a new segment. The board expects 1,200 accounts within 90 days."


@pytest.mark.parametrize("text", [JA, NUMBERS, EN, "x" * 100])
@pytest.mark.parametrize("width", [10, 20, 30, 40, 60])
def test_clip_fits_the_width_and_keeps_the_start(text: str, width: int) -> None:
    cut = clip(text, width)
    assert display_width(cut) <= width
    assert cut == text or (cut.endswith("…") and text.startswith(cut[:-1]))


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("短い質問です。", 40, "短い質問です。"),
        (JA, 30, "パイプラインと…"),  # not "カスタマーサク…"
        (JA, 60, "パイプラインとカスタマーサクセスの連携を強化するために…"),
        (NUMBERS, 20, "前年の売上は…"),  # not "1,200万…" nor "1,2…"
        (NUMBERS, 40, "前年の売上は1,200万円で、担当は3名…"),
        (EN, 40, "You have been asked to open a new…"),
        (EN, 60, "You have been asked to open a new segment.…"),
        (
            "あなたは新しいセグメントの責任者に任命されました。最初の90日で何をしますか。",
            60,
            "あなたは新しいセグメントの責任者に任命されました。…",
        ),
    ],
)
def test_clip_cuts_at_a_sentence_or_a_word(text: str, width: int, expected: str) -> None:
    assert clip(text, width) == expected


def test_clip_quotes_cuts_the_outermost_quotation_only() -> None:
    advice = (
        f"別の質問に答えています。「{NUMBERS}何をもって「再現性がある」と判断しますか」に直接答える"
    )
    assert clip_quotes(advice, 20) == "別の質問に答えています。「前年の売上は…」に直接答える"
    assert clip_quotes('Answer this one: "short"', 20) == 'Answer this one: "short"'
    assert clip_quotes("「閉じていない", 4) == "「閉じていない"

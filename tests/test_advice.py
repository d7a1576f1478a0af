"""Advice agrees with the scores beside it: strengths only from what earned points."""

from __future__ import annotations

import pytest

from coach.i18n import t
from coach.packs.model import Cues, FollowUp, Pack, Point, Question, Text
from coach.scoring.advice import _snippet, advise, speech_advice, weakest_follow_up
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import COVERED, STRONG, PointScore, SpeechDelivery, Structure, band
from coach.scoring.offline import OfflineScorer
from tests.helpers.answers import STRONG_EN, STRONG_JA, STRONG_PLAIN_EN

CAMPING = {
    "en": "Last summer I took my family camping in Nagano for 5 days. We hiked 40 km, and I "
    "planned every meal in a spreadsheet, which cut our food waste by half. The kids loved the "
    "river, and next year we want to try a longer trip to Hokkaido.",
    "ja": "去年の夏、家族で長野に5日間キャンプに行きました。40kmを歩き、食事はすべて表計算で"
    "計画したので、食品ロスは半分になりました。子どもたちは川遊びが大好きで、来年は北海道で"
    "もっと長い旅に挑戦したいと思っています。",
}


@pytest.fixture(scope="module")
def scorer(sales_pack: Pack) -> OfflineScorer:
    return OfflineScorer(sales_pack)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_an_answer_to_something_else_is_not_praised_nor_given_pitfalls(
    scorer: OfflineScorer, lang: str
) -> None:
    ev = scorer.score(Attempt(scorer.pack.find("pipeline-forecast"), CAMPING[lang], lang))
    assert ev.overall <= 2.0
    assert ev.strengths == [] and ev.pitfalls == []


@pytest.mark.parametrize(
    ("answer", "lang"), [(STRONG_JA, "ja"), (STRONG_EN, "en"), (STRONG_PLAIN_EN, "en")]
)
def test_strengths_quote_earning_sentences_once_and_improvements_never_call_a_strong_point_thin(
    scorer: OfflineScorer, answer: str, lang: str
) -> None:
    for qid in ("pipeline-forecast", "build-team", "kpi-coaching"):
        ev = scorer.score(Attempt(scorer.pack.find(qid), answer, lang))
        earned = {e for p in ev.points if p.score >= COVERED for e in p.evidence}
        quotes = [s for s in ev.strengths if "“" in s or '"' in s]
        assert len(quotes) == len(set(quotes))
        for strength in ev.strengths:  # every quoted sentence earned a point
            quoted = [e for e in earned if _snippet(e).rstrip("…") in strength]
            assert quoted or "“" not in strength, strength
        for improvement in ev.improvements:
            for point in ev.points:
                if point.text.rstrip("。.") in improvement:
                    assert point.score < STRONG, (improvement, point.score)


def test_a_snippet_never_cuts_an_english_word() -> None:
    text = "We built the forecast bottom-up from rep commits and a risk-adjusted best case."
    cut = _snippet(text, 40)
    assert cut.endswith("…") and text.startswith(cut[:-1])
    assert text[len(cut) - 1] == " "  # the next character starts a new word


@pytest.mark.parametrize(
    ("score", "expected"),
    [(1.0, "weak"), (2.4, "weak"), (2.5, "fair"), (3.4, "fair"), (3.5, "good")],
)
def test_one_band_rule_for_every_view(score: float, expected: str) -> None:
    from rich.style import Style

    from coach.ui.render import THEME, score_style

    assert band(score) == expected
    style = {"weak": "score.bad", "fair": "score.ok", "good": "score.good"}[expected]
    assert score_style(score) == style
    colour = {"weak": "red", "fair": "yellow", "good": "green"}[expected]
    assert THEME.styles[style] == Style.parse(colour)


@pytest.mark.parametrize("ui", ["en", "ja"])
def test_a_flag_raised_on_thin_evidence_is_advised_as_a_maybe(sales_pack: Pack, ui: str) -> None:
    question = sales_pack.find("pipeline-forecast")
    sure = advise(question, ui, [], Structure(), [], ["off-topic"])[1]
    maybe = advise(question, ui, [], Structure(), [], ["off-topic"], unsure={"off-topic"})[1]
    asked = question.text.get(ui)
    assert sure[0] == t("advice.flag.off-topic", ui, question=asked)
    assert maybe[0] == t("advice.flag.off-topic.unsure", ui, question=asked)
    assert maybe[0] != sure[0]


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("flag", ["off-topic", "not-on-point"])
def test_advice_quotes_the_start_of_a_case_prompt_not_all_of_it(
    sales_pack: Pack, lang: str, flag: str
) -> None:
    from coach.scoring.advice import QUESTION_WIDTH, advise
    from coach.scoring.evaluation import Structure
    from coach.unicode import display_width

    case = sales_pack.find("case-new-segment")
    assert case is not None
    _, improvements = advise(case, lang, [], Structure(), [], [flag])
    prompt = " ".join(case.text.get(lang).split())
    assert not any(prompt in advice for advice in improvements)
    quoted = improvements[0].split("「", 1)[-1].split('"', 1)[-1].rsplit("」", 1)[0]
    quoted = quoted.rsplit('"', 1)[0]
    assert quoted.endswith("…") and prompt.startswith(quoted[:-1]), improvements[0]
    assert display_width(quoted) <= QUESTION_WIDTH


BRIEF = {  # question, answer: on point, and far shorter than the question's answers run
    "ja": (
        "pricing-discipline",
        "週次でパイプラインを見直し、ステージの終了基準で確認しています。値引きの前に必ず"
        "交換条件を付け、四半期末でも平均割引率を12%以内に抑えました。",
    ),
    "en": (
        "pipeline-forecast",
        "Every Monday I review all 40 open deals against stage exit criteria and commit only "
        "those that passed. Over the last four quarters my commit landed within 6% of actuals.",
    ),
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_brief_answer_is_told_why_its_overall_sits_below_its_points(
    scorer: OfflineScorer, lang: str
) -> None:
    question, answer = BRIEF[lang]
    ev = scorer.score(Attempt(scorer.pack.find(question), answer, lang))
    touched = [p.score for p in ev.points if p.evidence]
    assert touched and sum(touched) / len(touched) - ev.overall >= 1.0  # the disagreement ...
    assert ev.improvements[0].startswith(t("advice.brief", lang, size="")[:6])  # ... explained
    assert ("字" if lang == "ja" else "words") in ev.improvements[0]


@pytest.mark.parametrize(("answer", "lang"), [(STRONG_JA, "ja"), (STRONG_EN, "en")])
def test_a_full_answer_is_not_called_brief(scorer: OfflineScorer, answer: str, lang: str) -> None:
    ev = scorer.score(Attempt(scorer.pack.find("pipeline-forecast"), answer, lang))
    assert not any(i.startswith(t("advice.brief", lang, size="")[:6]) for i in ev.improvements)


def test_an_answer_too_short_to_judge_is_not_told_twice(scorer: OfflineScorer) -> None:
    short = "値引きの前に必ず交換条件を付け、四半期末でも平均割引率を12%以内に抑えました。"
    ev = scorer.score(Attempt(scorer.pack.find("pricing-discipline"), short, "ja"))
    assert "too-short" in ev.flags
    assert not any(i.startswith(t("advice.brief", "ja", size="")[:6]) for i in ev.improvements)


@pytest.mark.parametrize(
    ("rate", "fillers", "seconds", "expected"),
    [
        (152.0, {"um": 2}, 60.0, []),  # usual pace, two fillers
        (185.0, {}, 60.0, ["advice.speech.fast"]),
        (95.0, {}, 60.0, ["advice.speech.slow"]),
        (150.0, {"um": 3}, 60.0, []),  # three fillers in a minute: under four a minute
        (150.0, {"um": 3, "like": 1}, 60.0, ["advice.speech.fillers"]),
    ],
)
def test_speech_advice_on_pace_and_fillers(
    rate: float, fillers: dict[str, int], seconds: float, expected: list[str]
) -> None:
    from coach.i18n import MESSAGES

    speech = SpeechDelivery(seconds, rate, "wpm", (120, 170), fillers)
    advice = speech_advice(speech, "en")
    starts = [MESSAGES[key]["en"].split("(")[0] for key in expected]
    assert len(advice) == len(starts)
    assert all(a.startswith(s) for a, s in zip(advice, starts, strict=True))


def test_speech_advice_in_japanese_names_the_range_and_the_filler() -> None:
    speech = SpeechDelivery(30.0, 420.0, "cpm", (250, 350), {"あの": 3, "えーと": 1})
    assert speech_advice(speech, "ja") == [
        "話すのが速めです(420 字/分、目安 250〜350)。要点の前で一呼吸おき、数字はゆっくり"
        "区切って伝えましょう。",
        "つなぎ言葉が多めです(4 回、最も多いのは「あの」)。言葉を探すときは、つなぎ言葉の"
        "代わりに一拍黙りましょう。",
    ]


def test_the_follow_up_aims_at_the_weakest_point_not_yet_asked() -> None:
    question = Question(
        "q",
        Text({"en": "Q"}),
        tuple(Point(pid, Text({"en": pid}), Cues()) for pid in ("a", "b", "c")),
        follow_ups=(
            FollowUp("on-a", Text({"en": "A?"}), ("a",)),
            FollowUp("on-b-c", Text({"en": "B or C?"}), ("b", "c")),
            FollowUp("open", Text({"en": "Anything else?"}), ()),
        ),
    )
    scores = [PointScore("a", "a", 4.0), PointScore("c", "c", 1.0), PointScore("b", "b", 1.0)]

    def chosen(asked: tuple[str, ...] = ()) -> str | None:
        follow = weakest_follow_up(question, scores, asked)
        return follow.id if follow else None

    assert chosen() == "on-b-c"  # b and c tie at 1.0: b first by id, and on-b-c targets it
    assert chosen(("on-b-c",)) == "on-a"  # the next weakest with a follow-up of its own
    assert chosen(("on-b-c", "on-a")) == "open"  # none targets a point left: the first left
    assert chosen(("on-b-c", "on-a", "open")) is None

"""The end-of-session summary (terminal and `coach report`): advice that agrees with the numbers
beside it and says which question it is about."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from coach.packs.model import Pack
from coach.report.markdown import to_json, to_markdown
from coach.report.summary import QUOTE_WIDTH, SessionSummary, load_summary
from coach.scoring.evaluation import STRONG, Delivery, Evaluation, PitfallHit, PointScore, Structure
from coach.store import Store
from coach.ui.render import THEME
from coach.ui.views.summary import summary_view
from coach.unicode import display_width

CASE = "case-new-segment"  # a case prompt of more than 300 characters


def _evaluation(
    question: str,
    overall: float,
    strengths: list[str] | None = None,
    improvements: list[str] | None = None,
    pitfalls: list[PitfallHit] | None = None,
) -> Evaluation:
    return Evaluation(
        question=question,
        lang="ja",
        overall=overall,
        points=[PointScore("p", "ポイント", overall)],
        pitfalls=pitfalls or [],
        structure=Structure(),
        delivery=Delivery(),
        strengths=strengths or [],
        improvements=improvements or [],
        follow_up=None,
        backend="offline",
        model=None,
        fallback=None,
        versions={},
    )


def _summary(pack: Pack, answers: list[Evaluation]) -> SessionSummary:
    store = Store()
    session = store.start_session("practice", pack.id, pack.version, "-", "ja", "offline", None)
    for ev in answers:
        question = pack.find(ev.question)
        assert question is not None
        answer_id = store.save_answer(
            session, ev.question, question.text.get("ja"), "ja", "回答", budget_seconds=180
        )
        store.save_evaluation(answer_id, ev)
    summary = load_summary(store, pack, session)
    assert summary is not None
    return summary


def _views(summary: SessionSummary, pack: Pack) -> dict[str, str]:
    """What the summary shows: on the terminal (60 and 120 columns), in the report, as JSON."""
    shown = {}
    for width in (60, 120):
        console = Console(theme=THEME, file=io.StringIO(), width=width, color_system=None)
        console.print(summary_view(summary, pack, "ja"))
        shown[f"terminal-{width}"] = console.file.getvalue()  # type: ignore[attr-defined]
    shown["markdown"] = to_markdown(summary, pack, "ja", [])
    shown["json"] = str({k: v for k, v in to_json(summary, pack, []).items() if k != "questions"})
    return shown


def test_summary_advice_says_which_question_it_is_about(sales_pack: Pack) -> None:
    summary = _summary(
        sales_pack,
        [
            _evaluation("pipeline-forecast", 2.0, improvements=["数字を入れる"]),
            _evaluation("build-team", 3.0, ["「採用」をカバー"], ["実体験を1つ入れる"]),
        ],
    )
    assert [(i.question_id, i.text) for i in summary.improvements] == [
        ("pipeline-forecast", "数字を入れる"),
        ("build-team", "実体験を1つ入れる"),
    ]
    assert [(i.question_id, i.text) for i in summary.strengths] == [
        ("build-team", "「採用」をカバー")
    ]
    views = _views(summary, sales_pack)
    assert "[pipeline-forecast] 数字を入れる" in views["terminal-120"]
    assert "[build-team] 実体験を1つ入れる" in views["terminal-120"]
    assert "- [`pipeline-forecast`](#q1) 数字を入れる" in views["markdown"]
    assert "- [`build-team`](#q2) 「採用」をカバー" in views["markdown"]
    assert "'question': 'build-team', 'text': '実体験を1つ入れる'" in views["json"]


NO_EVIDENCE = "部門横断的な連携が見られない。"


@pytest.mark.parametrize(
    "scores",
    [
        [4.5],  # a strong answer with a pitfall: its area shows 4.5
        [5.0, 2.2],  # a weak answer in an area a strong one makes strong (3.6)
    ],
)
def test_summary_never_shows_a_strong_area_beside_advice_that_says_it_is_missing(
    sales_pack: Pack, scores: list[float]
) -> None:
    questions = ["cross-functional", "gtm-plan"]  # both in the area revenue-strategy
    pitfall = PitfallHit("silo", NO_EVIDENCE)
    answers = [
        _evaluation(q, score, [], [f"落とし穴を避ける: {NO_EVIDENCE}"], [pitfall])
        for q, score in zip(questions, scores, strict=False)
    ]
    # ... and a weak answer in a weak area, whose advice is listed
    answers.append(_evaluation("pipeline-forecast", 2.0, improvements=["数字を入れる"]))
    summary = _summary(sales_pack, answers)
    assert summary.by_area["revenue-strategy"] >= STRONG
    assert [(i.question_id, i.text) for i in summary.improvements] == [
        ("pipeline-forecast", "数字を入れる")
    ]
    for shown in _views(summary, sales_pack).values():
        summary_part = shown.split("## 質問ごとの詳細")[0]  # the report's per-question detail aside
        assert NO_EVIDENCE not in summary_part.replace("\n", "")


def test_summary_praises_only_answers_it_shows_as_covered(sales_pack: Pack) -> None:
    """A capped answer (recited, 2.0) keeps the strengths of its points in its own feedback;
    the summary does not list them beside its red score."""
    summary = _summary(
        sales_pack,
        [
            _evaluation("pipeline-forecast", 2.0, ["「予測手法」をカバー"], ["自分の言葉で語る"]),
            _evaluation("build-team", 3.0, ["「採用」をカバー"], ["数字を入れる"]),
        ],
    )
    assert [i.text for i in summary.strengths] == ["「採用」をカバー"]


def test_summary_of_strong_answers_says_what_comes_next(sales_pack: Pack) -> None:
    summary = _summary(
        sales_pack,
        [_evaluation("pipeline-forecast", 4.2, ["「予測手法」をカバー"], ["直感に頼らない"])],
    )
    assert summary.improvements == [] and summary.all_strong
    views = _views(summary, sales_pack)
    assert "どの回答も高い評価です" in views["terminal-60"].replace("\n", "")
    assert "直感に頼らない" not in views["markdown"].split("## 質問ごとの詳細")[0]
    assert "'all_strong': True" in views["json"]


def test_summary_never_quotes_a_whole_case_prompt(sales_pack: Pack) -> None:
    """Advice stored by an older version (or written by an LLM backend) that quotes the whole
    case prompt shows its start only, cut at a boundary, with …"""
    case = sales_pack.find(CASE)
    assert case is not None
    prompt = case.text.get("ja")
    advice = f"別の質問に答えています。「{prompt}」に直接答える"
    summary = _summary(sales_pack, [_evaluation(CASE, 1.5, improvements=[advice])])
    (item,) = summary.improvements
    quoted = item.text.split("「", 1)[1].rsplit("」", 1)[0]
    assert item.text.startswith("別の質問に答えています。「") and item.text.endswith(
        "」に直接答える"
    )
    assert quoted.endswith("…") and prompt.startswith(quoted[:-1])
    assert display_width(quoted) <= QUOTE_WIDTH
    for name, shown in _views(summary, sales_pack).items():
        before_details = shown.split("## 質問ごとの詳細")[0]
        assert " ".join(prompt.split()) not in " ".join(before_details.split()), name


def test_summary_never_shows_a_strong_skill_beside_advice_that_says_it_is_missing(
    sales_pack: Pack,
) -> None:
    """build-team (5.0) and kpi-coaching (2.2) share the skill team-leadership (3.6): the
    weak answer's "coaching not covered" is not put beside it, and the summary says where it is."""
    missing = "「先行指標に基づいたコーチング戦術」に触れていません"
    summary = _summary(
        sales_pack,
        [
            _evaluation("build-team", 5.0, ["「採用」をカバー"]),
            _evaluation("kpi-coaching", 2.2, improvements=[missing]),
        ],
    )
    assert summary.by_skill["team-leadership"] >= STRONG
    assert summary.improvements == [] and summary.advice_in_report and not summary.all_strong
    views = _views(summary, sales_pack)
    for name, shown in views.items():
        assert missing not in shown.split("## 質問ごとの詳細")[0].replace("\n", ""), name
    assert missing in views["markdown"]  # in kpi-coaching's own section
    assert "レポートの質問ごとの詳細にあります" in views["terminal-120"]
    assert (
        "[評価の高い領域・スキルに含まれる回答の改善点は、下の質問ごとの詳細にあります](#questions)"
        in views["markdown"]
    )


def test_summary_quotes_a_short_question_whole(sales_pack: Pack) -> None:
    question = sales_pack.find("enterprise-negotiation")
    assert question is not None
    asked = question.text.get("en")  # 63 characters: a question, not a case prompt
    advice = f'This answers a different question. Answer this one: "{asked}"'
    summary = _summary(
        sales_pack, [_evaluation("enterprise-negotiation", 1.5, improvements=[advice])]
    )
    (item,) = summary.improvements
    assert f'"{asked}"' in item.text


def test_terminal_and_report_draw_the_same_bar_for_each_area(sales_pack: Pack) -> None:
    from coach.report.summary import score_bar

    summary = _summary(
        sales_pack,
        [_evaluation("build-team", 4.3), _evaluation("pipeline-forecast", 1.2)],
    )
    shown = _views(summary, sales_pack)
    assert summary.by_area
    for value in summary.by_area.values():
        bar = score_bar(value)
        assert bar.count("█") == round(value * 2) and len(bar) == 10
        assert f"`{bar}`" in shown["markdown"] and bar in shown["terminal-120"]

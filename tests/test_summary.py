"""The end-of-session summary (terminal and `coach report`): advice that agrees with the numbers
beside it and says which question it is about."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from coach.packs.model import Pack
from coach.report.markdown import to_json, to_markdown
from coach.report.summary import (
    QUOTE_WIDTH,
    SessionSummary,
    load_summary,
    over_budget,
    requirement_progress,
    short_date,
    sparkline,
)
from coach.scoring.evaluation import STRONG, PitfallHit
from coach.store import Store
from coach.ui.render import THEME
from coach.ui.views.summary import summary_view
from coach.unicode import display_width
from tests.helpers.packs import pack_from_yaml
from tests.helpers.reports import evaluation, store_session, summary_of

CASE = "case-new-segment"  # a case prompt of more than 300 characters


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
    summary = summary_of(
        sales_pack,
        [
            evaluation("pipeline-forecast", 2.0, improvements=["数字を入れる"]),
            evaluation("build-team", 3.0, ["「採用」をカバー"], ["実体験を1つ入れる"]),
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
        evaluation(q, score, [], [f"落とし穴を避ける: {NO_EVIDENCE}"], [pitfall])
        for q, score in zip(questions, scores, strict=False)
    ]
    # ... and a weak answer in a weak area, whose advice is listed
    answers.append(evaluation("pipeline-forecast", 2.0, improvements=["数字を入れる"]))
    summary = summary_of(sales_pack, answers)
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
    summary = summary_of(
        sales_pack,
        [
            evaluation("pipeline-forecast", 2.0, ["「予測手法」をカバー"], ["自分の言葉で語る"]),
            evaluation("build-team", 3.0, ["「採用」をカバー"], ["数字を入れる"]),
        ],
    )
    assert [i.text for i in summary.strengths] == ["「採用」をカバー"]


def test_summary_of_strong_answers_says_what_comes_next(sales_pack: Pack) -> None:
    summary = summary_of(
        sales_pack,
        [evaluation("pipeline-forecast", 4.2, ["「予測手法」をカバー"], ["直感に頼らない"])],
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
    summary = summary_of(sales_pack, [evaluation(CASE, 1.5, improvements=[advice])])
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
    summary = summary_of(
        sales_pack,
        [
            evaluation("build-team", 5.0, ["「採用」をカバー"]),
            evaluation("kpi-coaching", 2.2, improvements=[missing]),
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
    summary = summary_of(
        sales_pack, [evaluation("enterprise-negotiation", 1.5, improvements=[advice])]
    )
    (item,) = summary.improvements
    assert f'"{asked}"' in item.text


def test_terminal_and_report_draw_the_same_bar_for_each_area(sales_pack: Pack) -> None:
    from coach.report.summary import score_bar

    summary = summary_of(
        sales_pack, [evaluation("build-team", 4.3), evaluation("pipeline-forecast", 1.2)]
    )
    shown = _views(summary, sales_pack)
    assert summary.by_area
    for value in summary.by_area.values():
        bar = score_bar(value)
        assert bar.count("█") == round(value * 2) and len(bar) == 10
        assert f"`{bar}`" in shown["markdown"] and bar in shown["terminal-120"]


def test_sparkline_maps_one_to_five_onto_eight_ticks_and_clamps() -> None:
    assert sparkline([1.0, 3.0, 5.0]) == "▁▅█"
    assert sparkline([0.0, 9.0]) == "▁█"
    assert sparkline([]) == ""


def test_short_date_is_local_minutes_and_leaves_what_it_cannot_read() -> None:
    assert short_date("2026-03-04T05:06:07+00:00").count(":") == 1
    assert len(short_date("2026-03-04T05:06:07")) == len("2026-03-04 05:06")
    assert short_date("yesterday") == "yesterday"


def test_over_budget_is_strictly_past_a_budget_that_exists(sales_pack: Pack) -> None:
    store = Store()
    session = store_session(store, sales_pack, [])
    for seconds, budget in ((181, 180), (180, 180), (500, None), (None, 180)):
        store.save_answer(
            session, "build-team", "q", "en", "x", answer_seconds=seconds, budget_seconds=budget
        )
    assert [over_budget(a) for a in store.answers(session)] == [True, False, False, False]


def test_summary_counts_follow_ups_with_their_question_and_skips_out_of_the_mean(
    sales_pack: Pack,
) -> None:
    store = Store()
    session = store_session(
        store, sales_pack, [evaluation("build-team", 2.0), evaluation("turnaround", 4.0)]
    )
    main = store.answers(session)[0].id
    follow = store.save_answer(
        session, "build-team#f", "f", "ja", "y", kind="follow_up", parent_id=main, answer_seconds=30
    )
    store.save_evaluation(follow, evaluation("build-team#f", 5.0))
    store.save_answer(session, "gtm-plan", "g", "ja", "", skipped=True, answer_seconds=5)
    store.save_answer(session, "kpi-coaching", "k", "ja", "waiting", answer_seconds=60)
    summary = load_summary(store, sales_pack, session)
    assert summary is not None
    assert [r.question_id for r in summary.results] == [
        "build-team", "turnaround", "gtm-plan", "kpi-coaching"
    ]  # fmt: skip
    assert [f.id for f in summary.results[0].follow_ups] == [follow]
    assert summary.overall == 3.0  # the follow-up, the skipped and the pending do not count
    assert summary.pending == 1 and summary.seconds_used == 95
    assert load_summary(store, sales_pack, "no-such-session") is None


def test_summary_advice_takes_each_answer_s_first_before_any_second_and_stops_at_three(
    sales_pack: Pack,
) -> None:
    summary = summary_of(
        sales_pack,
        [
            evaluation("pipeline-forecast", 1.5, improvements=["a1", "a2", "same"]),
            evaluation("turnaround", 2.0, improvements=["same", "b2"]),
        ],
    )
    assert [i.text for i in summary.improvements] == ["a1", "same", "a2"]


TAILORED = """\
id: tailored
version: 1
languages: en
title: Tailored
requirements:
  - {id: go, text: Go services}
  - {id: sql, text: SQL}
  - {id: k8s, text: Kubernetes}
questions:
  - {id: q1, text: One, points: [{id: p, text: P}], requirements: [go]}
  - {id: q2, text: Two, points: [{id: p, text: P}], requirements: [go, sql]}
"""


def test_requirement_progress_counts_questions_answered_and_their_mean(tmp_path: Path) -> None:
    pack = pack_from_yaml(tmp_path / "tailored.yaml", TAILORED)
    store = Store()
    session = store.start_session("practice", pack.id, pack.version, "-", "en", "offline", None)
    for qid, score in (("q1", 2.0), ("q1#f", 4.0), ("q2", 5.0)):
        answer = store.save_answer(session, qid, qid, "en", "x")
        store.save_evaluation(answer, evaluation(qid, score))
    store.save_answer(session, "q2", "q2", "en", "", skipped=True)
    progress = requirement_progress(pack, store.answers(session), "en")
    assert [(r.id, r.text, r.questions, r.answered, r.mean) for r in progress] == [
        ("go", "Go services", 2, 2, round((2.0 + 4.0 + 5.0) / 3, 2)),
        ("sql", "SQL", 1, 1, 5.0),
        ("k8s", "Kubernetes", 0, 0, None),
    ]
    assert requirement_progress(None, store.answers(session), "en") == []

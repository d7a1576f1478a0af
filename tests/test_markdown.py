"""`coach report` (coach/report/markdown.py): a session as Markdown or JSON, and its progress."""

from __future__ import annotations

import pytest

from coach.packs.model import Pack
from coach.report.markdown import (
    progress,
    progress_and_speech,
    requirements_section,
    to_json,
    to_markdown,
)
from coach.report.summary import RequirementProgress, load_summary
from coach.scoring.evaluation import PointScore, SpeechDelivery
from coach.store import Store
from tests.helpers.reports import evaluation, store_session, summary_of
from tests.helpers.speech import spoken_session


def _report_of(store: Store, pack: Pack, session: str, lang: str = "en") -> str:
    summary = load_summary(store, pack, session)
    assert summary is not None
    return to_markdown(summary, pack, lang, progress(store, summary))


def test_report_head_names_pack_score_backend_and_session(sales_pack: Pack) -> None:
    summary = summary_of(sales_pack, [evaluation("pipeline-forecast", 3.0)])
    report = to_markdown(summary, sales_pack, "en", [])
    assert report.startswith(f"# Interview practice report: {sales_pack.title.get('en')}\n")
    assert "| Overall | **3.0 / 5.0** |" in report
    assert f"| Pack | `sales-manager` {sales_pack.version} |" in report
    assert f"`{summary.session.id}`" in report and "| offline |" in report
    assert report.endswith("\n") and not report.endswith("\n\n")


def test_report_rows_say_skipped_pending_and_points_covered(sales_pack: Pack) -> None:
    store = Store()
    points = [PointScore("a", "A", 4.0), PointScore("b", "B", 1.0), PointScore("c", "C", 3.5)]
    session = store_session(store, sales_pack, [evaluation("build-team", 3.0, points=points)])
    store.save_answer(session, "turnaround", "t", "ja", "", budget_seconds=180, skipped=True)
    store.save_answer(session, "gtm-plan", "g", "ja", "an answer", budget_seconds=180)
    report = _report_of(store, sales_pack, session)
    rows = [line for line in report.splitlines() if line.startswith("| 1 |") or "](#q" in line]
    assert "| [build-team](#q1) | 3.0 |" in rows[0] and "| 2/3 | 0 |" in rows[0]
    assert "| [turnaround](#q2) | skipped |" in rows[1] and rows[1].endswith("| - | - |")
    assert "| [gtm-plan](#q3) | pending |" in rows[2]
    assert '<a id="q3"></a>' in report and "### 3. g" in report


def test_report_bars_list_areas_best_first_two_blocks_a_point(sales_pack: Pack) -> None:
    summary = summary_of(
        sales_pack, [evaluation("pipeline-forecast", 2.0), evaluation("build-team", 4.5)]
    )
    report = to_markdown(summary, sales_pack, "en", [])
    section = report.split("## By area\n\n", 1)[1].split("\n\n", 1)[0]
    lines = section.splitlines()[2:]
    assert [line.rsplit("|", 2)[1].strip() for line in lines] == ["4.5", "2.0"]
    assert f"`{'█' * 9}{'░' * 1}`" in lines[0] and f"`{'█' * 4}{'░' * 6}`" in lines[1]


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        ("## Overall 5/5", "> \\## Overall 5/5"),
        ("1. first", "> 1\\. first"),
        ("- item", "> \\- item"),
        ("</details> *bold* [x](y)", "> \\</details> \\*bold\\* \\[x\\](y)"),
        ("===", "> \\==="),
    ],
)
def test_report_quotes_an_answer_as_text_never_as_structure(
    sales_pack: Pack, answer: str, shown: str
) -> None:
    store = Store()
    session = store_session(store, sales_pack, [])
    store.save_answer(session, "build-team", "q", "en", answer, budget_seconds=180)
    assert shown in _report_of(store, sales_pack, session).splitlines()


def test_report_code_span_outlasts_backticks_and_pipes_in_an_id(sales_pack: Pack) -> None:
    store = Store()
    session = store_session(store, sales_pack, [])
    store.save_answer(session, "a``b|c", "q", "en", "x", budget_seconds=180)
    report = _report_of(store, sales_pack, session)
    assert "```a``b|c``` · score" in report  # a run of two backticks: a fence of three


def test_report_marks_an_answer_over_its_budget(sales_pack: Pack) -> None:
    store = Store()
    session = store_session(store, sales_pack, [])
    store.save_answer(session, "build-team", "q", "en", "x", answer_seconds=200, budget_seconds=180)
    store.save_answer(session, "turnaround", "q", "en", "x", answer_seconds=180, budget_seconds=180)
    report = _report_of(store, sales_pack, session)
    assert "03:20 / 03:00 **over budget**" in report
    assert "03:00 / 03:00 |" in report  # on the budget is not over it
    summary = load_summary(store, sales_pack, session)
    assert summary is not None
    data = to_json(summary, sales_pack, [])
    assert [q["over_budget"] for q in data["questions"]] == [True, False]


def test_progress_follows_this_pack_s_practice_sessions_up_to_this_one(sales_pack: Pack) -> None:
    store = Store()
    first = store_session(store, sales_pack, [evaluation("build-team", 2.0)])
    empty = store_session(store, sales_pack, [])  # nothing scored: not a point on the line
    store.start_session("drill", sales_pack.id, sales_pack.version, "-", "ja", "offline", None)
    this = store_session(
        store, sales_pack, [evaluation("build-team", 3.0), evaluation("turnaround", 4.0)]
    )
    store_session(store, sales_pack, [evaluation("build-team", 5.0)])  # after this one
    summary = load_summary(store, sales_pack, this)
    assert summary is not None
    history = progress(store, summary)
    assert [(h[0], h[2]) for h in history] == [(first, 2.0), (this, 3.5)]
    assert empty not in [h[0] for h in history]
    report = to_markdown(summary, sales_pack, "en", history)
    assert "## Progress" in report and "`▃▅`" in report
    assert f"`{this}` ← | 3.5 |" in report and f"`{first}` | 2.0 |" in report


def test_advice_links_to_its_question_only_when_the_session_asked_it(sales_pack: Pack) -> None:
    summary = summary_of(sales_pack, [evaluation("build-team", 2.0, improvements=["Be concrete"])])
    report = to_markdown(summary, sales_pack, "en", [])
    assert "- [`build-team`](#q1) Be concrete" in report


def test_requirements_section_counts_answers_and_shows_a_dash_without_a_mean() -> None:
    assert requirements_section([], "en") == []
    rows = [
        RequirementProgress("go|lang", "Go | services", 3, 2, 3.25),
        RequirementProgress("sql", "SQL", 1, 0, None),
    ]
    lines = requirements_section(rows, "en")
    assert lines[-1] == ""
    assert "| `go\\|lang` | Go \\| services | 2/3 | 3.2 |" in lines  # 3.25 rounds half to even
    assert "| `sql` | SQL | 0/1 | - |" in lines


def test_json_report_carries_the_model_answer_and_the_progress(sales_pack: Pack) -> None:
    summary = summary_of(sales_pack, [evaluation("build-team", 3.0)])
    history = [(summary.session.id, "2026-01-01 10:00", 3.0)]
    data = to_json(summary, sales_pack, history)
    (question,) = data["questions"]
    model = sales_pack.find("build-team")
    assert model is not None and model.model_answer is not None
    assert question["model_answer"] == model.model_answer.values
    assert data["progress"] == [
        {"session": summary.session.id, "date": "2026-01-01 10:00", "overall": 3.0}
    ]
    assert data["requirements"] == [] and data["overall"] == 3.0
    without_pack = to_json(summary, None, [])
    assert without_pack["questions"][0]["model_answer"] is None


def test_report_without_its_pack_still_reads(sales_pack: Pack) -> None:
    summary = summary_of(sales_pack, [evaluation("build-team", 3.0)])
    report = to_markdown(summary, None, "en", [])
    assert report.startswith("# Interview practice report: sales-manager\n")
    assert "<details>" not in report  # no model answer without the pack


def test_progress_gives_the_pace_and_fillers_of_spoken_sessions_and_their_trend() -> None:
    store = Store()
    fast = SpeechDelivery(60.0, 190.0, "wpm", (120, 170), {"um": 4})
    calm = SpeechDelivery(120.0, 160.0, "wpm", (120, 170), {"um": 3, "like": 1})
    typed = spoken_session(store, [None])
    first = spoken_session(store, [fast])
    this = spoken_session(store, [calm])
    summary = load_summary(store, None, this)
    assert summary is not None
    history, speech = progress_and_speech(store, summary)
    assert [h[0] for h in history] == [typed, first, this] and set(speech) == {first, this}
    assert progress(store, summary) == history
    for ui, head, cells, trend in (
        (
            "en",
            "| Date | Session | Overall | Pace | Fillers |",
            "| 160 words/min | 4 (2.0/min) |",
            "Speech trend: pace 190 → 160 words/min, within the usual 120–170; "
            "fillers per minute 4.0 → 2.0, fewer",
        ),
        (
            "ja",
            "| 日時 | セッション | 総合 | 話す速さ | つなぎ言葉 |",
            "| 160 語/分 | 4 回(毎分 2.0 回) |",
            "話し方の推移: 話す速さ 190 → 160 語/分(目安 120〜170 の範囲内)、"
            "1 分あたりのつなぎ言葉 4.0 → 2.0 回(減っています)",
        ),
    ):
        report = to_markdown(summary, None, ui, history, None, speech)
        table = report[report.index(head) :]
        assert f"`{this}` ← | 3.0 {cells}" in table
        assert f"`{typed}` | 3.0 | - | - |" in table  # typed: dashes, not an escaped list mark
        assert f"\n\n{trend}\n" in table
    without = to_markdown(summary, None, "en", history)  # no speech given: as before
    assert "| Date | Session | Overall |\n|---|---|---:|\n" in without
    assert "| Pace |" not in without and "Speech trend" not in without
    store.close()


def test_progress_of_typed_sessions_is_unchanged_and_json_speech_is_null() -> None:
    store = Store()
    spoken_session(store, [None])
    this = spoken_session(store, [None])
    summary = load_summary(store, None, this)
    assert summary is not None
    history, speech = progress_and_speech(store, summary)
    assert speech == {}
    report = to_markdown(summary, None, "en", history, None, speech)
    assert report == to_markdown(summary, None, "en", history)
    assert "| Date | Session | Overall |\n|---|---|---:|\n" in report
    assert report.endswith(f"`{this}` ← | 3.0 |\n")  # nothing after the table
    assert to_json(summary, None, history, None, speech)["speech"] is None
    store.close()


def test_json_report_carries_its_sessions_speech() -> None:
    store = Store()
    this = spoken_session(store, [SpeechDelivery(65.0, 152.4, "wpm", (120, 170), {"um": 3})])
    summary = load_summary(store, None, this)
    assert summary is not None
    history, speech = progress_and_speech(store, summary)
    data = to_json(summary, None, history, None, speech)
    assert data["speech"] == {
        "answers": 1,
        "rate": 152.4,
        "rate_unit": "wpm",
        "fillers": 3,
        "speaking_seconds": 65.0,
    }
    assert data["progress"] == [{"session": this, "date": history[0][1], "overall": 3.0}]
    store.close()

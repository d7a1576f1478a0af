"""A spoken answer's delivery in words (both languages), in the report, and across sessions."""

from __future__ import annotations

from pathlib import Path

from coach.report.markdown import to_markdown
from coach.report.speech import (
    SessionSpeech,
    cell_lines,
    change_text,
    session_speech,
    speech_lines,
    speech_trend,
    trend_text,
)
from coach.report.summary import load_summary
from coach.scoring.evaluation import Delivery, Evaluation, SpeechDelivery, Structure
from coach.store import Store

SPEECH = SpeechDelivery(
    speaking_seconds=65.0,
    rate=152.4,
    rate_unit="wpm",
    usual_rate=(120, 170),
    fillers={"um": 2, "like": 1},
    long_pauses=2,
    longest_pause=3.42,
    latency=3.2,
    before_recording=2.0,
)


def test_speech_lines_in_english() -> None:
    assert speech_lines(SPEECH, "en") == [
        "Speaking time: 01:05",
        "Pace: 152 words/min (usual 120–170)",
        "3 fillers: um ×2, like ×1",
        "2 long pauses, longest 3.4 s",
        "Started after 3.2 s (2.0 s before recording)",
    ]


def test_speech_lines_in_japanese_for_a_japanese_answer() -> None:
    speech = SpeechDelivery(
        speaking_seconds=40.0,
        rate=312.0,
        rate_unit="cpm",
        usual_rate=(250, 350),
        fillers={"えーと": 1},
        long_pauses=1,
        longest_pause=2.5,
        latency=1.2,
    )
    assert speech_lines(speech, "ja") == [
        "話した時間: 00:40",
        "話す速さ: 1 分あたり 312 字(目安 250〜350 字)",
        "つなぎ言葉 1 回: えーと ×1",
        "長い間 1 回(2.5 秒)",
        "話し始めまで 1.2 秒",
    ]
    assert speech_lines(speech, "en")[1:4] == [
        "Pace: 312 characters/min (usual 250–350)",
        "1 filler: えーと ×1",
        "1 long pause, 2.5 s",
    ]


def test_speech_lines_without_fillers_pauses_or_words() -> None:
    silent = SpeechDelivery(rate_unit="wpm", usual_rate=(120, 170))
    assert speech_lines(silent, "en") == [
        "Speaking time: 00:00",
        "No fillers",
        "No pauses of 2 s or more",
    ]
    assert speech_lines(silent, "ja")[1:] == ["つなぎ言葉なし", "2 秒以上の間なし"]


def _evaluation(speech: SpeechDelivery | None) -> Evaluation:
    ev = Evaluation(
        "q", "en", 3.0, [], [], Structure(), Delivery(), [], [], None, "offline", None, None, {}
    )
    ev.delivery.speech = speech
    ev.transcript = None if speech is None else "um, heard"
    return ev


def _session(store: Store, speeches: list[SpeechDelivery | None]) -> str:
    session = store.start_session("practice", "p", "1", "src", "en", "offline", None)
    for i, speech in enumerate(speeches):
        answer = store.save_answer(session, f"q{i}", "Q?", "en", "answer", audio_path="a.wav")
        store.save_evaluation(answer, _evaluation(speech))
    return session


def test_report_shows_the_speech_of_spoken_answers_only(tmp_path: Path) -> None:
    store = Store(tmp_path / "coach.db")
    spoken = load_summary(store, None, _session(store, [SPEECH]))
    typed = load_summary(store, None, _session(store, [None]))
    assert spoken is not None and typed is not None
    report = to_markdown(spoken, None, "en", [])
    assert "**Delivery (speech)**\n\n- Speaking time: 01:05\n" in report
    assert "- 3 fillers: um ×2, like ×1\n" in report
    assert "Delivery (speech)" not in to_markdown(typed, None, "en", [])
    store.close()


def test_session_speech_weighs_pace_by_speaking_time(tmp_path: Path) -> None:
    slow = SpeechDelivery(30.0, 100.0, "wpm", (120, 170), {"um": 1})
    fast = SpeechDelivery(90.0, 180.0, "wpm", (120, 170), {"like": 2, "uh": 1})
    store = Store(tmp_path / "coach.db")
    spoken = _session(store, [slow, None, fast])
    typed = _session(store, [None])
    trend = speech_trend(store, [spoken, typed])
    assert trend == {
        spoken: SessionSpeech(2, 160.0, "wpm", 4, 120.0, (120, 170))
    }  # (100*30+180*90)/120
    assert session_speech(store.answers(typed)) is None
    assert trend_text(trend[spoken], "en") == "pace 160 words/min, 4 fillers"
    assert trend_text(trend[spoken], "ja") == "速さ 160 語/分・つなぎ言葉 4 回"
    one = SessionSpeech(1, None, "cpm", 1, 0.0)
    assert trend_text(one, "en") == "pace - characters/min, 1 filler"
    store.close()


def test_session_speech_keeps_the_usual_range_and_gives_fillers_per_minute(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "coach.db")
    found = session_speech(store.answers(_session(store, [SPEECH])))
    assert found is not None and found.usual_rate == (120, 170)
    assert found.fillers_per_minute is not None and round(found.fillers_per_minute, 2) == 2.77
    assert found.to_dict() == {
        "answers": 1,
        "rate": 152.4,
        "rate_unit": "wpm",
        "fillers": 3,
        "speaking_seconds": 65.0,
    }
    assert SessionSpeech(1, None, "wpm", 2, 0.0).fillers_per_minute is None
    store.close()


def _spoken(rate: float | None, fillers: int, seconds: float, unit: str = "wpm") -> SessionSpeech:
    usual = (120, 170) if unit == "wpm" else (250, 350)
    return SessionSpeech(1, rate, unit, fillers, seconds, usual)


def test_cell_lines_give_pace_and_fillers_with_their_rate_per_minute() -> None:
    assert cell_lines(_spoken(159.6, 4, 120.0), "en") == ["160 words/min", "4 (2.0/min)"]
    assert cell_lines(_spoken(312.0, 1, 40.0, "cpm"), "ja") == ["312 字/分", "1 回(毎分 1.5 回)"]
    assert cell_lines(_spoken(None, 0, 0.0), "en") == ["- words/min", "0 (-/min)"]


def test_pace_change_is_told_against_the_usual_range() -> None:
    def pace(first: float, last: float, ui: str = "en") -> str | None:
        return change_text([_spoken(first, 0, 0.0), _spoken(last, 0, 0.0)], ui)

    assert pace(190, 160) == "Speech trend: pace 190 → 160 words/min, within the usual 120–170"
    assert pace(200, 180) == "Speech trend: pace 200 → 180 words/min, closer to the usual 120–170"
    assert pace(100, 110) == "Speech trend: pace 100 → 110 words/min, closer to the usual 120–170"
    assert pace(175, 190) == (
        "Speech trend: pace 175 → 190 words/min, further from the usual 120–170"
    )
    assert pace(180, 110) == "Speech trend: pace 180 → 110 words/min, as far from the usual 120–170"
    assert pace(200, 180, "ja") == (
        "話し方の推移: 話す速さ 200 → 180 語/分(目安 120〜170 に近づいています)"
    )
    assert pace(175, 190, "ja") == (
        "話し方の推移: 話す速さ 175 → 190 語/分(目安 120〜170 から離れています)"
    )


def test_filler_change_is_per_minute_of_speaking_not_a_raw_count() -> None:
    short = _spoken(150, 3, 60.0)  # 3.0 a minute
    long = _spoken(150, 6, 240.0)  # more fillers, but 1.5 a minute
    assert change_text([short, long], "en") == (
        "Speech trend: pace 150 → 150 words/min, within the usual 120–170; "
        "fillers per minute 3.0 → 1.5, fewer"
    )
    assert change_text([long, short], "ja") == (
        "話し方の推移: 話す速さ 150 → 150 語/分(目安 120〜170 の範囲内)、"
        "1 分あたりのつなぎ言葉 1.5 → 3.0 回(増えています)"
    )
    same = change_text([_spoken(None, 2, 60.0), _spoken(None, 4, 120.0)], "en")
    assert same == "Speech trend: fillers per minute 2.0 → 2.0, unchanged"


def test_change_needs_two_sessions_and_compares_pace_in_one_unit() -> None:
    assert change_text([], "en") is None
    assert change_text([_spoken(150, 2, 60.0)], "en") is None
    assert change_text([_spoken(None, 0, 0.0), _spoken(None, 3, 0.0)], "en") is None
    unknown = SessionSpeech(1, 150.0, "wpm", 0, 0.0)  # no usual range stored: no pace trend
    assert change_text([unknown, unknown], "en") is None
    ja_then_en = [_spoken(300, 0, 0.0, "cpm"), _spoken(150, 0, 0.0), _spoken(190, 0, 0.0)]
    assert change_text(ja_then_en, "en") == (
        "Speech trend: pace 150 → 190 words/min, further from the usual 120–170"
    )

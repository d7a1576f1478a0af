"""Speech delivery from a transcript's word timings: speaking time, pace, fillers, pauses,
latency; and the evaluation and stored record of a spoken answer."""

from __future__ import annotations

import json

import pytest

from coach.scoring.evaluation import Delivery, Evaluation, Structure
from coach.voice.delivery import EN_RATE, JA_RATE, count_fillers, measure, reading_units
from coach.voice.record import spoken, transcript_from_dict, transcript_to_dict
from coach.voice.transcript import Transcript, Word


def _transcript(lang: str, timed: list[tuple[str, float, float]], text: str = "") -> Transcript:
    words = tuple(Word(w, start, end) for w, start, end in timed)
    joiner = "" if lang == "ja" else " "
    return Transcript(text or joiner.join(w for w, _, _ in timed), lang, 30.0, words)


# 12 words read from 1.2 s to 9.2 s, with gaps of 2.5 s and 3.4 s (long) and 1.9 s (not)
EN = [
    ("Um,", 1.2, 1.5),
    ("we", 1.6, 1.8),
    ("grew", 1.9, 2.2),
    ("revenue,", 4.7, 5.1),  # 2.5 s after "grew"
    ("like,", 5.2, 5.4),
    ("forty", 5.5, 5.8),
    ("percent.", 5.9, 6.3),
    ("You", 6.4, 6.5),
    ("know,", 6.5, 6.7),
    ("it", 8.6, 8.7),  # 1.9 s after "know,"
    ("worked.", 8.8, 9.2),
]
EN_TEXT = "Um, we grew revenue, like, forty percent. You know, it worked."


def test_english_delivery_is_measured_exactly() -> None:
    speech = measure(_transcript("en", EN, EN_TEXT), before_recording=2.0)
    assert speech.speaking_seconds == 8.0  # 1.2 -> 9.2
    assert reading_units(EN_TEXT, "en") == 11
    assert speech.rate == 82.5 and speech.rate_unit == "wpm"  # 11 words in 8 s
    assert speech.usual_rate == EN_RATE
    assert speech.fillers == {"like": 1, "um": 1, "you know": 1}
    assert (speech.long_pauses, speech.longest_pause) == (1, 2.5)
    assert speech.latency == 3.2 and speech.before_recording == 2.0  # 2.0 before + 1.2 in


def test_a_pause_at_the_threshold_counts_and_the_longest_is_kept() -> None:
    timed = [("One", 0.0, 0.5), ("two", 2.5, 3.0), ("three", 6.4, 7.0), ("four", 7.5, 8.0)]
    speech = measure(_transcript("en", timed))
    assert (speech.long_pauses, speech.longest_pause) == (2, 3.4)
    assert speech.latency == 0.0 and speech.before_recording is None
    assert measure(_transcript("en", timed), pause_threshold=3.0).long_pauses == 1


JA_TEXT = "えーと、弊社では売上を三割伸ばしました。あの会社とは違います。"
JA = [
    ("えーと、", 0.5, 1.0),
    ("弊社では", 1.1, 1.8),
    ("売上を", 1.9, 2.4),
    ("三割", 2.5, 2.9),
    ("伸ばしました。", 3.0, 4.2),
    ("あの", 6.5, 6.8),  # 2.3 s after the last
    ("会社とは", 6.9, 7.6),
    ("違います。", 7.7, 8.9),
]


def test_japanese_delivery_counts_characters_a_reader_counts() -> None:
    speech = measure(_transcript("ja", JA, JA_TEXT), before_recording=None)
    assert reading_units(JA_TEXT, "ja") == 28  # no 、 or 。
    assert speech.speaking_seconds == 8.4
    assert speech.rate == 200.0 and speech.rate_unit == "cpm"  # 28 characters in 8.4 s
    assert speech.usual_rate == JA_RATE
    assert speech.fillers == {"えーと": 1}  # あの会社 is "that company"
    assert (speech.long_pauses, speech.longest_pause) == (1, 2.3)
    assert speech.latency == 0.5


def test_silence_has_no_pace_and_no_latency() -> None:
    speech = measure(Transcript("", "en", 5.0, ()), before_recording=3.0)
    assert speech.speaking_seconds == 0.0 and speech.rate is None
    assert speech.latency is None and speech.before_recording == 3.0
    assert speech.fillers == {} and speech.long_pauses == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("えーと、あの、まあ、そうですね。", {"あの": 1, "えーと": 1, "まあ": 1}),
        ("えっと、あのー、えーっと", {"あの": 1, "えっと": 1, "えーと": 1}),
        ("あの会社とあのチームで働きました。", {}),  # "that": before a noun
        ("あの時は、あの、大変でした。", {"あの": 1}),
        ("あのえーと、なんかまあ", {"あの": 1, "えーと": 1, "なんか": 1, "まあ": 1}),
        ("結果はまあまあでした。", {}),  # "so-so"
        ("まあ私はそう考えます。", {"まあ": 1}),
        ("なんか、チームが変わりました。", {"なんか": 1}),
        ("なんか質問はありますか。私なんか、まだまだです。", {}),  # "something", "someone like me"
    ],
)
def test_japanese_fillers_only_where_they_are_fillers(text: str, expected: dict[str, int]) -> None:
    assert count_fillers(text, "ja") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Um, uh, so we grew. Umm, yes.", {"um": 2, "uh": 1}),
        ("It was, like, really hard.", {"like": 1}),
        ("It was like, really hard.", {"like": 1}),
        ("Like, we did ten calls.", {"like": 1}),
        ("I like data. I like, uh, working with data.", {"uh": 1}),  # the verb
        ("We used tools like Salesforce. Things like, um, forecasting.", {"um": 1}),
        ("Well, you know, we won. And you know, it held, you know.", {"you know": 3}),
        ("Do you know the numbers? Do you know, really? As you know, it grew.", {}),
        ("You know what I mean", {}),
    ],
)
def test_english_fillers_only_where_they_are_fillers(text: str, expected: dict[str, int]) -> None:
    assert count_fillers(text, "en") == expected


def _evaluation(improvements: list[str]) -> Evaluation:
    return Evaluation(
        "q",
        "en",
        3.0,
        [],
        [],
        Structure(),
        Delivery(),
        [],
        improvements,
        None,
        "offline",
        None,
        None,
        {},
    )


def test_a_spoken_evaluation_carries_the_transcript_speech_and_advice() -> None:
    transcript = _transcript("en", EN, EN_TEXT)  # 82.5 wpm: slow
    ev = spoken(_evaluation(["a", "b", "c"]), transcript, "en", before_recording=2.0)
    assert ev.transcript == EN_TEXT
    assert ev.delivery.speech == measure(transcript, 2.0)
    # the scorer's first advice stays; pace (82.5 wpm) and fillers (3 in 8 s) take the rest
    assert len(ev.improvements) == 3 and ev.improvements[0] == "a"
    assert ev.improvements[1].startswith("You spoke slowly (82 words/min; usual 120–170)")
    assert ev.improvements[2].startswith("Many fillers (3, mostly “like”)")
    back = Evaluation.from_dict(json.loads(json.dumps(ev.to_dict(), ensure_ascii=False)))
    assert back == ev
    assert back.to_dict() == ev.to_dict()


def test_speech_at_a_usual_pace_with_few_fillers_adds_no_advice() -> None:
    timed = [(f"w{i}", i * 0.4, i * 0.4 + 0.3) for i in range(100)]  # 100 words in 39.9 s
    ev = spoken(_evaluation(["a"]), _transcript("en", timed), "ja")
    speech = ev.delivery.speech
    assert speech is not None and EN_RATE[0] <= (speech.rate or 0) <= EN_RATE[1]
    assert ev.improvements == ["a"]


def test_a_transcript_is_kept_as_json_and_read_back() -> None:
    transcript = _transcript("ja", JA, JA_TEXT)
    data = json.loads(json.dumps(transcript_to_dict(transcript), ensure_ascii=False))
    assert transcript_from_dict(data) == transcript


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"text": "x", "lang": "en", "duration": 1.0, "words": [["x", 0.0]]},
        {"text": "x", "lang": "en", "duration": "NaN", "words": []},
        {"text": "x", "lang": "en", "duration": 1.0, "words": [["x", "soon", 1.0]]},
    ],
)
def test_a_damaged_stored_transcript_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="not a stored transcript"):
        transcript_from_dict(data)

"""The one evaluation shape as JSON: typed answers unchanged, spoken answers with their speech."""

from __future__ import annotations

import json

from coach.scoring.evaluation import (
    Delivery,
    Evaluation,
    FollowUpQuestion,
    PitfallHit,
    PointScore,
    SpeechDelivery,
    Structure,
)

# A typed answer's evaluation as the JSON of the version before spoken answers wrote it.
TYPED_JSON = (
    '{"question":"build-team","lang":"ja","overall":3.4,"points":[{"id":"p1","text":"採用",'
    '"score":3.5,"evidence":["五人採用しました。"],"note":""}],"pitfalls":[{"id":"x","text":'
    '"落とし穴","evidence":["e"]}],"structure":{"example":true,"numbers":true,"frameworks":'
    '["MEDDIC"],"plan":false,"evidence":{"numbers":["五人採用しました。"]}},"delivery":'
    '{"characters":120,"words":0,"seconds":95.0,"budget_seconds":120,"rate":75.8,"rate_unit":'
    '"cpm","fillers":{"えーと":2},"over_budget":false},"strengths":["s"],"improvements":["i"],'
    '"follow_up":{"text":"次は?","id":"f1","targets":["p1"]},"backend":"offline","model":null,'
    '"fallback":null,"versions":{"scorer":"1"},"notes":["n"],"flags":["too-short"],"usage":{},'
    '"flag_evidence":{"too-short":["x"]},"confidence":0.6,"confidence_reason":"short"}'
)


def _typed() -> Evaluation:
    return Evaluation(
        "build-team",
        "ja",
        3.4,
        [PointScore("p1", "採用", 3.5, ["五人採用しました。"])],
        [PitfallHit("x", "落とし穴", ["e"])],
        Structure(
            example=True,
            numbers=True,
            frameworks=["MEDDIC"],
            evidence={"numbers": ["五人採用しました。"]},
        ),
        Delivery(120, 0, 95.0, 120, 75.8, "cpm", {"えーと": 2}),
        ["s"],
        ["i"],
        FollowUpQuestion("次は?", "f1", ["p1"]),
        "offline",
        None,
        None,
        {"scorer": "1"},
        notes=["n"],
        flags=["too-short"],
        flag_evidence={"too-short": ["x"]},
        confidence=0.6,
        confidence_reason="short",
    )


def _json(ev: Evaluation) -> str:
    return json.dumps(ev.to_dict(), ensure_ascii=False, separators=(",", ":"))


def test_typed_answer_json_is_unchanged_byte_for_byte() -> None:
    assert _json(_typed()) == TYPED_JSON
    assert Evaluation.from_dict(json.loads(TYPED_JSON)) == _typed()


def test_spoken_answer_json_carries_transcript_and_speech_and_reads_back() -> None:
    ev = _typed()
    ev.transcript = "えーと、五人採用しました。"
    ev.delivery.speech = SpeechDelivery(
        speaking_seconds=41.5,
        rate=312.4,
        rate_unit="cpm",
        usual_rate=(250, 350),
        fillers={"えーと": 1},
        long_pauses=2,
        longest_pause=3.4,
        latency=3.2,
        before_recording=2.0,
    )
    data = json.loads(_json(ev))
    assert data["transcript"] == "えーと、五人採用しました。"
    assert list(data)[-1] == "transcript"  # added after every key a typed answer has
    speech = data["delivery"]["speech"]
    assert speech == {
        "speaking_seconds": 41.5,
        "rate": 312.4,
        "rate_unit": "cpm",
        "usual_rate": [250, 350],
        "fillers": {"えーと": 1},
        "long_pauses": 2,
        "longest_pause": 3.4,
        "pause_threshold": 2.0,
        "latency": 3.2,
        "before_recording": 2.0,
    }
    back = Evaluation.from_dict(data)
    assert back == ev and back.delivery.speech is not None
    assert back.delivery.speech.usual_rate == (250, 350)
    assert _json(back) == _json(ev)

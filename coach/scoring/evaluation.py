"""The one evaluation shape every backend returns (see PRODUCT.md, "Evaluation")."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

LOW_CONFIDENCE = 0.7  # below this a score says an LLM backend would judge the answer better
# One rule, for every view and for the advice: a point (or an overall score) at or above COVERED
# is covered, at or above STRONG it is a strength.
COVERED, STRONG = 2.5, 3.5


class Flag(StrEnum):
    """Something the answer did that earned no credit (or, TRUNCATED, what was not scored).

    The value is what evaluations store and JSON shows: never rename one. A plugin may raise
    flags of its own; `Evaluation.flags` keeps those as plain strings."""

    RECITED = "recited"
    QUESTION_ECHO = "question-echo"
    REPEATED = "repeated"
    KEYWORD_LIST = "keyword-list"
    DISMISSAL = "dismissal"
    NONSENSE = "nonsense"
    GRADER_INJECTION = "grader-injection"
    OFF_TOPIC = "off-topic"
    TOO_SHORT = "too-short"
    GIBBERISH = "gibberish"
    TRUNCATED = "truncated"  # longer than a backend is fed: the rest was not scored
    NOT_ON_POINT = "not-on-point"  # raised by earlier versions; still in saved evaluations
    KEYWORD_STUFFING = "keyword-stuffing"  # likewise


def band(score: float) -> str:
    """ "good" (a strength), "fair" (covered) or "weak": what colour and advice follow from."""
    return "good" if score >= STRONG else "fair" if score >= COVERED else "weak"


@dataclass
class PointScore:
    id: str
    text: str
    score: float  # 0-5
    evidence: list[str] = field(default_factory=list)  # verbatim sentences of the answer
    note: str = ""  # why it is missing / what is thin


@dataclass
class PitfallHit:
    id: str
    text: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class Structure:
    example: bool = False
    numbers: bool = False
    frameworks: list[str] = field(default_factory=list)
    plan: bool = False
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class SpeechDelivery:
    """How a spoken answer was delivered, measured on its transcript's word timings
    (`coach.voice.delivery` fills it; it lives here so scoring never imports voice)."""

    speaking_seconds: float = 0.0  # first word's start to last word's end
    rate: float | None = None  # characters (ja) or words (en) per minute of speaking
    rate_unit: str = "cpm"
    usual_rate: tuple[int, int] = (0, 0)  # the normal range of `rate` for the language
    fillers: dict[str, int] = field(default_factory=dict)  # filler -> uses, from the transcript
    long_pauses: int = 0  # gaps between words of at least `pause_threshold` seconds
    longest_pause: float = 0.0  # the longest gap between two words, seconds
    pause_threshold: float = 2.0
    latency: float | None = None  # question shown (or recording start) to the first word
    before_recording: float | None = None  # of `latency`, the seconds before recording began

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpeechDelivery:
        usual = data.get("usual_rate") or (0, 0)
        return cls(**{**data, "usual_rate": (int(usual[0]), int(usual[1]))})


@dataclass
class Delivery:
    characters: int = 0
    words: int = 0
    seconds: float | None = None
    budget_seconds: int | None = None
    rate: float | None = None  # characters (ja) or words (en) per minute
    rate_unit: str = "cpm"
    fillers: dict[str, int] = field(default_factory=dict)
    over_budget: bool = False
    speech: SpeechDelivery | None = None  # only for a spoken answer


@dataclass
class FollowUpQuestion:
    text: str
    id: str | None = None
    targets: list[str] = field(default_factory=list)


def _delivery(data: dict[str, Any]) -> Delivery:
    speech = data.get("speech")
    return Delivery(**{**data, "speech": SpeechDelivery.from_dict(speech) if speech else None})


@dataclass
class Evaluation:
    question: str
    lang: str
    overall: float  # 1.0-5.0
    points: list[PointScore]
    pitfalls: list[PitfallHit]
    structure: Structure
    delivery: Delivery
    strengths: list[str]
    improvements: list[str]
    follow_up: FollowUpQuestion | None
    backend: str
    model: str | None
    fallback: str | None
    versions: dict[str, str]
    notes: list[str] = field(default_factory=list)  # flags: too short, off-topic, injection...
    flags: list[str] = field(default_factory=list)  # `Flag` values (or a plugin's own ids)
    usage: dict[str, int] = field(default_factory=dict)  # tokens, for LLM backends
    flag_evidence: dict[str, list[str]] = field(default_factory=dict)  # flag -> verbatim quotes
    confidence: float = 1.0  # 0-1: how far the score can be trusted
    confidence_reason: str | None = None  # why it is low: short, few-cues, neighbour, language, ...
    transcript: str | None = None  # what the recogniser heard, only for a spoken answer

    def to_dict(self) -> dict[str, Any]:
        """As JSON; the speech keys appear only for a spoken answer (a typed one's is unchanged)."""
        data = asdict(self)
        if self.transcript is None:
            del data["transcript"]
        if self.delivery.speech is None:
            del data["delivery"]["speech"]
        else:
            data["delivery"]["speech"]["usual_rate"] = list(self.delivery.speech.usual_rate)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evaluation:
        follow = data.get("follow_up")
        return cls(
            question=data["question"],
            lang=data.get("lang", "en"),
            overall=float(data["overall"]),
            points=[PointScore(**p) for p in data.get("points", [])],
            pitfalls=[PitfallHit(**p) for p in data.get("pitfalls", [])],
            structure=Structure(**data.get("structure", {})),
            delivery=_delivery(data.get("delivery", {})),
            strengths=list(data.get("strengths", [])),
            improvements=list(data.get("improvements", [])),
            follow_up=FollowUpQuestion(**follow) if follow else None,
            backend=data.get("backend", "?"),
            model=data.get("model"),
            fallback=data.get("fallback"),
            versions=dict(data.get("versions", {})),
            notes=list(data.get("notes", [])),
            flags=list(data.get("flags", [])),
            usage=dict(data.get("usage", {})),
            flag_evidence={k: list(v) for k, v in (data.get("flag_evidence") or {}).items()},
            confidence=float(data.get("confidence", 1.0)),
            confidence_reason=data.get("confidence_reason"),
            transcript=data.get("transcript"),
        )

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE

    def covered(self, threshold: float = COVERED) -> int:
        return sum(1 for p in self.points if p.score >= threshold)

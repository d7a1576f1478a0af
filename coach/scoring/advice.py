"""Strengths and improvements that name exactly what to add, in the UI language."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType

from coach.i18n import MESSAGES, t
from coach.packs.model import FollowUp, Question
from coach.scoring.evaluation import (
    COVERED,
    STRONG,
    Evaluation,
    Flag,
    PitfallHit,
    PointScore,
    SpeechDelivery,
    Structure,
)
from coach.unicode import clip

QUESTION_WIDTH = 80  # columns of a question quoted in advice: a case prompt's start, not all of it
# Fillers worth advice: at least this many, and one every 15 s of speaking or more often (our
# judgement of what an interviewer notices, not a published norm).
MANY_FILLERS, FILLERS_PER_MINUTE = 3, 4.0

# What each flag means, shown beside the score and in the report.
FLAG_TEXT: Mapping[Flag, str] = MappingProxyType(
    {
        Flag.RECITED: "fb.flag.recited",
        Flag.QUESTION_ECHO: "fb.flag.question-echo",
        Flag.REPEATED: "fb.flag.repeated",
        Flag.KEYWORD_LIST: "fb.flag.keyword-list",
        Flag.DISMISSAL: "fb.flag.dismissal",
        Flag.NONSENSE: "fb.flag.nonsense",
        Flag.GRADER_INJECTION: "fb.flag.grader-injection",
        Flag.OFF_TOPIC: "fb.flag.off-topic",
        Flag.TOO_SHORT: "fb.flag.too-short",
        Flag.GIBBERISH: "fb.flag.gibberish",
        Flag.TRUNCATED: "fb.flag.truncated",
        Flag.NOT_ON_POINT: "fb.flag.not-on-point",
        Flag.KEYWORD_STUFFING: "fb.flag.keyword-stuffing",
    }
)
# What to do about it, most telling first (a truncated answer needs no advice: it says so).
FLAG_ADVICE: Mapping[Flag, str] = MappingProxyType(
    {
        Flag.GRADER_INJECTION: "advice.flag.grader-injection",
        Flag.OFF_TOPIC: "advice.flag.off-topic",
        Flag.NOT_ON_POINT: "advice.flag.not-on-point",
        Flag.RECITED: "advice.flag.recited",
        Flag.KEYWORD_LIST: "advice.flag.keyword-list",
        Flag.KEYWORD_STUFFING: "advice.flag.keyword-stuffing",
        Flag.NONSENSE: "advice.flag.nonsense",
        Flag.DISMISSAL: "advice.flag.dismissal",
        Flag.QUESTION_ECHO: "advice.flag.question-echo",
        Flag.REPEATED: "advice.flag.repeated",
        Flag.TOO_SHORT: "advice.flag.too-short",
        Flag.GIBBERISH: "advice.flag.gibberish",
    }
)
# The advice for a flag raised on thin evidence: it says what may be wrong.
FLAG_ADVICE_UNSURE: Mapping[Flag, str] = MappingProxyType(
    {Flag.OFF_TOPIC: "advice.flag.off-topic.unsure"}
)


def weakest_follow_up(
    question: Question, points: Sequence[PointScore], asked: Collection[str] = ()
) -> FollowUp | None:
    """The pack's follow-up aimed at the weakest point (ties by id), skipping those asked."""
    candidates = [f for f in question.follow_ups if f.id not in asked]
    if not candidates:
        return None
    for point in sorted(points, key=lambda p: (p.score, p.id)):
        for follow in candidates:
            if point.id in follow.targets:
                return follow
    return candidates[0]


def too_brief(ui: str, lang: str, expected: int) -> str:
    """Why an answer whose points score well scores low overall: it is short for its question
    (`expected`: the usual size, in characters for Japanese, in words otherwise)."""
    unit = "advice.brief.chars" if lang == "ja" else "advice.brief.words"
    return t("advice.brief", ui, size=t(unit, ui, n=expected))


def _snippet(text: str, limit: int = 60) -> str:
    """At most `limit` characters; English is cut between words, not inside one."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and text[limit - 1].isalnum() and cut[-1].isalnum():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:、") + "…"


def advise(
    question: Question,
    ui: str,
    points: list[PointScore],
    structure: Structure,
    pitfalls: list[PitfallHit],
    flags: Collection[str],
    unsure: Collection[str] = (),
) -> tuple[list[str], list[str]]:
    """`unsure`: flags raised on thin evidence, whose advice says what may be wrong."""
    strengths: list[str] = []
    improvements: list[str] = []

    for flag, key in FLAG_ADVICE.items():
        if flag in flags:
            said = FLAG_ADVICE_UNSURE.get(flag, key) if flag in unsure else key
            asked = clip(question.text.get(ui), QUESTION_WIDTH)
            improvements.append(t(said, ui, question=asked))

    by_id = {p.id: p for p in question.points}
    # Strengths come only from what earned points: a figure, a story or a method counts where
    # it is part of a covered point, never in an answer to another question. Each sentence is
    # quoted once.
    earned = [e for p in points if p.score >= COVERED for e in p.evidence]
    quoted: set[str] = set()

    def unquoted(candidates: Sequence[str]) -> str | None:
        for sentence in candidates:
            if sentence not in quoted:
                quoted.add(sentence)
                return sentence
        return None

    for score in sorted(points, key=lambda p: -p.score):
        quote = unquoted(score.evidence) if score.score >= STRONG else None
        if quote is not None:
            strengths.append(t("advice.covered", ui, point=score.text, quote=_snippet(quote)))
    for kind, key in (("numbers", "advice.numbers"), ("example", "advice.example")):
        if getattr(structure, kind):
            quote = unquoted([e for e in structure.evidence.get(kind, []) if e in earned])
            if quote is not None:
                strengths.append(t(key, ui, quote=_snippet(quote)))
    named = [f for f in structure.frameworks if any(f.lower() in e.lower() for e in earned)]
    if named:
        strengths.append(t("advice.frameworks", ui, names=", ".join(named[:4])))

    for pitfall in pitfalls:
        improvements.append(t("advice.pitfall", ui, pitfall=pitfall.text))
    for score in sorted(points, key=lambda p: p.score):
        if score.score >= COVERED:
            continue
        point = by_id[score.id]
        said = " ".join(score.evidence).lower()
        cues = [c for c in (point.cues.get(ui) or point.cues.every()) if c.lower() not in said]
        hint = t("advice.cue_hint", ui, cues=", ".join(cues[:3])) if cues else ""
        key = "advice.add_point" if not score.evidence else "advice.deepen_point"
        improvements.append(t(key, ui, point=score.text.rstrip("。."), hint=hint))
    if not structure.numbers:
        improvements.append(t("advice.add_numbers", ui))
    if not structure.example:
        improvements.append(t("advice.add_example", ui))
    if not structure.plan and not structure.frameworks:
        improvements.append(t("advice.add_plan", ui))
    weakest = min(points, key=lambda p: p.score) if points else None
    if not improvements and weakest is not None and weakest.score < STRONG:
        improvements.append(t("advice.deepen_point", ui, point=weakest.text, hint=""))
    if not improvements:  # every point is strong: what comes next, never a contradiction
        follow = weakest_follow_up(question, points)
        if follow is not None:
            asked = clip(follow.text.get(ui), QUESTION_WIDTH)
            improvements.append(t("advice.next_follow_up", ui, question=asked))
        else:
            improvements.append(t("advice.all_strong", ui))
    return strengths[:3], improvements[:3]


def flag_text(flag: str, ui: str) -> str:
    """What a flag means, in the UI language (an unknown flag from a plugin shows as its id)."""
    try:
        return t(FLAG_TEXT[Flag(flag)], ui)
    except ValueError:
        return flag


def confidence_text(ev: Evaluation, ui: str) -> str:
    key = f"confidence.{ev.confidence_reason}"
    reason = t(key, ui) if key in MESSAGES else (ev.confidence_reason or "-")
    return t("fb.confidence.low", ui, reason=reason)


def speech_advice(speech: SpeechDelivery, ui: str) -> list[str]:
    """Improvements on a spoken answer's delivery: pace outside its usual range, many fillers."""
    out: list[str] = []
    low, high = speech.usual_rate
    if speech.rate is not None and not low <= speech.rate <= high:
        key = "advice.speech.fast" if speech.rate > high else "advice.speech.slow"
        unit = t("speech.unit.cpm" if speech.rate_unit == "cpm" else "speech.unit.wpm", ui)
        out.append(t(key, ui, rate=f"{speech.rate:.0f}", low=low, high=high, unit=unit))
    count = sum(speech.fillers.values())
    minutes = speech.speaking_seconds / 60
    if count >= MANY_FILLERS and minutes > 0 and count / minutes >= FILLERS_PER_MINUTE:
        top = max(speech.fillers, key=lambda name: speech.fillers[name])
        out.append(t("advice.speech.fillers", ui, count=count, top=top))
    return out

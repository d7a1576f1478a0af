"""A spoken answer's delivery in words for people, and its trend across sessions: the lines the
report and the terminal views show (they add only their own markup)."""

from __future__ import annotations

from dataclasses import dataclass

from coach.i18n import t, tn
from coach.scoring.evaluation import SpeechDelivery
from coach.store import AnswerRow, Store
from coach.timefmt import mmss


def speech_lines(speech: SpeechDelivery, ui: str) -> list[str]:
    """Speaking time, pace against its usual range, fillers, long pauses, start latency."""
    out = [t("speech.speaking", ui, time=mmss(speech.speaking_seconds))]
    if speech.rate is not None:
        key = "speech.pace.cpm" if speech.rate_unit == "cpm" else "speech.pace.wpm"
        low, high = speech.usual_rate
        out.append(t(key, ui, rate=f"{speech.rate:.0f}", low=low, high=high))
    count = sum(speech.fillers.values())
    if count:
        items = t("speech.sep", ui).join(
            t("speech.filler", ui, name=name, count=n) for name, n in speech.fillers.items()
        )
        out.append(tn("speech.fillers", ui, count, count=count, items=items))
    else:
        out.append(t("speech.fillers.none", ui))
    if speech.long_pauses:
        longest = f"{speech.longest_pause:.1f}"
        out.append(
            tn("speech.pauses", ui, speech.long_pauses, count=speech.long_pauses, longest=longest)
        )
    else:
        out.append(t("speech.pauses.none", ui, threshold=f"{speech.pause_threshold:g}"))
    if speech.latency is not None:
        seconds = f"{speech.latency:.1f}"
        if speech.before_recording is not None:
            before = f"{speech.before_recording:.1f}"
            out.append(t("speech.latency.recording", ui, seconds=seconds, before=before))
        else:
            out.append(t("speech.latency", ui, seconds=seconds))
    return out


@dataclass(frozen=True)
class SessionSpeech:
    """The spoken answers of one session, taken together."""

    answers: int  # spoken answers measured
    rate: float | None  # pace over all their speaking time
    rate_unit: str
    fillers: int
    speaking_seconds: float


def session_speech(answers: list[AnswerRow]) -> SessionSpeech | None:
    """Pace and fillers over a session's spoken answers (None when it had none). Answers in
    the other language's unit than most of them are left out of the pace, not mixed in."""
    spoken = [
        a.evaluation.delivery.speech
        for a in answers
        if a.evaluation is not None and a.evaluation.delivery.speech is not None and not a.skipped
    ]
    if not spoken:
        return None
    units = [s.rate_unit for s in spoken]
    unit = max(sorted(set(units)), key=units.count)
    paced = [s for s in spoken if s.rate_unit == unit and s.rate is not None]
    seconds = sum(s.speaking_seconds for s in paced)
    rate = sum((s.rate or 0) * s.speaking_seconds for s in paced) / seconds if seconds else None
    return SessionSpeech(
        answers=len(spoken),
        rate=None if rate is None else round(rate, 1),
        rate_unit=unit,
        fillers=sum(sum(s.fillers.values()) for s in spoken),
        speaking_seconds=round(sum(s.speaking_seconds for s in spoken), 2),
    )


def speech_trend(store: Store, session_ids: list[str]) -> dict[str, SessionSpeech]:
    """For `coach history` and the report's progress: each of these sessions that had spoken
    answers, with its pace and fillers (sessions without any are not keys)."""
    out: dict[str, SessionSpeech] = {}
    for session_id, answers in store.answers_of(session_ids).items():
        found = session_speech(answers)
        if found is not None:
            out[session_id] = found
    return out


def trend_text(speech: SessionSpeech, ui: str) -> str:
    """One session's pace and fillers, for a history row ("pace 150 words/min, 4 fillers")."""
    unit = t("speech.unit.cpm" if speech.rate_unit == "cpm" else "speech.unit.wpm", ui)
    rate = "-" if speech.rate is None else f"{speech.rate:.0f}"
    return tn("speech.trend", ui, speech.fillers, rate=rate, unit=unit, fillers=speech.fillers)

"""A spoken answer's delivery in words for people, and its trend across sessions: the lines the
report and the terminal views show (they add only their own markup)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    usual_rate: tuple[int, int] = (0, 0)  # the normal range of `rate` for its unit

    @property
    def fillers_per_minute(self) -> float | None:
        """Fillers per minute of speaking: what a trend compares (a longer session has more)."""
        return self.fillers * 60 / self.speaking_seconds if self.speaking_seconds else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON of `coach history` and `coach report`."""
        return {
            "answers": self.answers,
            "rate": self.rate,
            "rate_unit": self.rate_unit,
            "fillers": self.fillers,
            "speaking_seconds": self.speaking_seconds,
        }


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
        usual_rate=next(s.usual_rate for s in spoken if s.rate_unit == unit),
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


def _unit(speech: SessionSpeech, ui: str) -> str:
    return t("speech.unit.cpm" if speech.rate_unit == "cpm" else "speech.unit.wpm", ui)


def cell_lines(speech: SessionSpeech, ui: str) -> list[str]:
    """One session's pace, and its fillers with their rate per minute, for the tables of
    `coach history` and the report's progress ("160 words/min", "4 (2.0/min)")."""
    rate = "-" if speech.rate is None else f"{speech.rate:.0f}"
    per_minute = speech.fillers_per_minute
    minute = "-" if per_minute is None else f"{per_minute:.1f}"
    return [
        t("speech.cell.pace", ui, rate=rate, unit=_unit(speech, ui)),
        t("speech.cell.fillers", ui, count=speech.fillers, per_minute=minute),
    ]


def change_text(oldest_first: list[SessionSpeech], ui: str) -> str | None:
    """How pace and fillers moved from the first to the last of these sessions: pace against
    its usual range (in the newest session's unit), fillers per minute of speaking, never as a
    raw count. None with fewer than two sessions to compare (pace needs its usual range)."""
    parts: list[str] = []
    if oldest_first:
        unit = oldest_first[-1].rate_unit
        paced = [s for s in oldest_first if s.rate_unit == unit and s.rate is not None]
        if len(paced) >= 2 and paced[-1].usual_rate[1] > 0:
            parts.append(_pace_change(paced[0], paced[-1], ui))
    timed = [s.fillers_per_minute for s in oldest_first if s.fillers_per_minute is not None]
    if len(timed) >= 2:
        first, last = round(timed[0], 1), round(timed[-1], 1)
        way = "down" if last < first else "up" if last > first else "same"
        shown = {"first": f"{first:.1f}", "last": f"{last:.1f}"}
        parts.append(t(f"speech.change.fillers.{way}", ui, **shown))
    if not parts:
        return None
    return t("speech.change", ui, parts=t("speech.change.sep", ui).join(parts))


def _pace_change(old: SessionSpeech, new: SessionSpeech, ui: str) -> str:
    """Pace from `old` to `new` against the usual range, judged by the rounded rates shown
    ("pace 140 → 160 words/min, closer to the usual 120–170")."""
    low, high = new.usual_rate
    first, last = round(old.rate or 0), round(new.rate or 0)

    def off(rate: int) -> int:  # how far outside the usual range
        return max(low - rate, rate - high, 0)

    way = (
        "within"
        if off(last) == 0
        else "closer"
        if off(last) < off(first)
        else "further"
        if off(last) > off(first)
        else "same"
    )
    return t(
        f"speech.change.pace.{way}",
        ui,
        first=first,
        last=last,
        unit=_unit(new, ui),
        low=low,
        high=high,
    )

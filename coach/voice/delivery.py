"""How a spoken answer was delivered: speaking time, pace, fillers, long pauses, start latency.

Pure Python on a `Transcript` (its text and word timings): no audio, no model, no extra package.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from types import MappingProxyType

from coach.scoring.evaluation import SpeechDelivery
from coach.voice.transcript import Transcript

# The usual pace of interview speech, per language, as (low, high) per minute of speaking.
# Japanese, in written characters (kana and kanji, no punctuation): NHK writes and reads its news
# at about 300 characters a minute, the pace it holds easiest to follow (矢野香『NHK式+心理学
# 一分で一生の信頼を勝ち取る法』, 2014); commercial key stations about 350 (talkrescue.jp, a
# former radio announcer's training notes); speech and interview coaching advises 250 for a
# deliberate answer (e.g. net-business888.com, "15 分で約 3750 文字").
JA_RATE = (250, 350)
# English, in words: the National Center for Voice and Speech gives about 150 wpm for American
# conversation; public-speaking guidance puts formal speech at 120-150 wpm and the average TED
# talk at about 163 wpm; above ~180 wpm listeners start to struggle.
EN_RATE = (120, 170)
LONG_PAUSE = 2.0  # seconds of silence between two words that an interviewer notices

# right after a word: a pause mark, the end, or another filler ("あのえーと")
_JA_PAUSE = r"(?=[、。,.!?…・「」()\s]|$|えー|えっ|ええ|まあ|なんか)"
_JA_FILLERS: tuple[tuple[str, str], ...] = (
    # (canonical form, pattern); each pattern matches only a filler use
    ("えーと", r"(?:えー+っ?と|ええっ?と)"),
    ("えっと", r"えっと"),
    # "あの" is a filler when drawn out or set off by a pause; before a noun it means "that"
    # (あの会社 = that company)
    ("あの", r"あの(?:[ーう]+|" + _JA_PAUSE + ")"),
    ("まあ", r"(?<!まあ)まあー*(?!まあ)"),  # not まあまあ ("so-so")
    # "なんか" is a filler when set off; after a noun it is a particle (私なんか), before a verb it
    # means "something" (なんか食べる)
    ("なんか", r"(?<![\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9])なんか(?:ー+|" + _JA_PAUSE + ")"),
)
_EN_SOUNDS = MappingProxyType(
    {"um": "um", "umm": "um", "uhm": "um", "uh": "uh", "uhh": "uh", "erm": "um"}
)
# words after which "like" / "you know" carry on a clause as fillers do ("it was like, ...")
_EN_LINKS = frozenset(
    {"and", "but", "so", "was", "is", "were", "it's", "that's", "just", "because", "or"}
)
_EN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_EN_PAUSE = re.compile(r"[,;:.!?…—–-]")
_READ_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")  # "don't", "follow-up" are one word


def measure(
    transcript: Transcript,
    before_recording: float | None = None,
    pause_threshold: float = LONG_PAUSE,
) -> SpeechDelivery:
    """The delivery of one spoken answer; `before_recording`: seconds from the question
    appearing to the recording's start, when known."""
    words = sorted(transcript.words, key=lambda w: w.start)
    ja = transcript.lang == "ja"
    before = max(0.0, before_recording) if before_recording is not None else None
    if not words:
        speaking, first = 0.0, None
        gaps: list[float] = []
    else:
        speaking = max(0.0, max(w.end for w in words) - words[0].start)
        first = max(0.0, words[0].start)
        gaps = [max(0.0, b.start - a.end) for a, b in zip(words, words[1:], strict=False)]
    units = reading_units(transcript.text, transcript.lang)
    rate = round(units / (speaking / 60), 1) if speaking > 0 and units else None
    latency = None if first is None else round(first + (before or 0.0), 2)
    return SpeechDelivery(
        speaking_seconds=round(speaking, 2),
        rate=rate,
        rate_unit="cpm" if ja else "wpm",
        usual_rate=JA_RATE if ja else EN_RATE,
        fillers=count_fillers(transcript.text, transcript.lang),
        long_pauses=sum(1 for g in gaps if g >= pause_threshold),
        longest_pause=round(max(gaps, default=0.0), 2),
        pause_threshold=pause_threshold,
        latency=latency,
        before_recording=None if before is None else round(before, 2),
    )


def reading_units(text: str, lang: str) -> int:
    """What a reader counts: Japanese characters without spaces and punctuation, English words."""
    text = unicodedata.normalize("NFKC", text)
    if lang == "ja":
        return sum(1 for ch in text if unicodedata.category(ch)[0] in "LNM")
    return len(_READ_WORD.findall(text))


def count_fillers(text: str, lang: str) -> dict[str, int]:
    """Filler uses in a transcript, by canonical form, most frequent first; the same words in
    their ordinary sense (あの会社, "I like", "do you know") are not counted."""
    text = unicodedata.normalize("NFKC", text)
    found = _ja_fillers(text) if lang == "ja" else _en_fillers(text)
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def _ja_fillers(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    taken: set[int] = set()  # えーと must not be counted again as something shorter
    for name, pattern in _JA_FILLERS:
        for match in re.finditer(pattern, text):
            if taken.isdisjoint(range(match.start(), match.end())):
                found[name] += 1
                taken.update(range(match.start(), match.end()))
    return found


def _en_fillers(text: str) -> Counter[str]:
    lowered = text.lower().replace("’", "'")
    tokens = list(_EN_WORD.finditer(lowered))
    words = [m.group() for m in tokens]

    def set_off_before(i: int) -> bool:  # a pause mark, the start, or a filler sound before
        gap = lowered[tokens[i - 1].end() : tokens[i].start()] if i else ""
        return i == 0 or bool(_EN_PAUSE.search(gap)) or words[i - 1] in _EN_SOUNDS

    def set_off_after(i: int) -> bool:  # a pause mark, the end, or a filler sound after
        end = tokens[i + 1].start() if i + 1 < len(tokens) else len(lowered)
        gap = lowered[tokens[i].end() : end]
        last = i + 1 == len(tokens)
        return last or bool(_EN_PAUSE.search(gap)) or words[i + 1] in _EN_SOUNDS

    def aside(first: int, last: int) -> bool:
        """Words `first..last` stand apart as a filler: set off after, and before either set off
        or following a linking word ("it was like, ...", "and you know, ...")."""
        linked = first > 0 and words[first - 1] in _EN_LINKS
        return set_off_after(last) and (set_off_before(first) or linked)

    found: Counter[str] = Counter()
    for i, word in enumerate(words):
        if word in _EN_SOUNDS:
            found[_EN_SOUNDS[word]] += 1
        elif word == "like" and aside(i, i):
            found["like"] += 1
        elif word == "you" and i + 1 < len(words) and words[i + 1] == "know" and aside(i, i + 1):
            found["you know"] += 1
    return found

"""Language handling for the offline scorer: sentences, base forms, cue matching, signals.

Japanese goes through Sudachi (mode A, normalised base forms, so 改善した / 改善します both
become 改善 + する); English through a small regex tokenizer with light stemming.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
_EN_SPLIT = re.compile(r"(?<=[.;])\s+(?=[A-Z0-9\"'(])")
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-/%.]*[a-z0-9%]|[a-z0-9]")
_JA_CHARS = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_BULLET = re.compile(r"^\s*(?:[-*•・●◦]|\d+[.)、]|[①-⑳])\s*")

EN_STOPWORDS = frozenset(
    "a an the and or but if then so to of in on at for with by from as is are was were be been "
    "being am i we you they he she it my our your their me us them this that these those there "
    "here what which who whom how when where why will would can could should shall may might "
    "must do does did done have has had not no also just very more most than into about over "
    "after before during each every per all any both few other some such only own same too "
    "out up down off again further once because while until through its it's i'm i'd i'll "
    "we're we'll we'd let's".split()
)


def detect_lang(text: str) -> str:
    """'ja' when a meaningful share of the letters are kana/kanji, else 'en'."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    ja = len(_JA_CHARS.findall(text))
    return "ja" if ja / len(letters) > 0.2 else "en"


def split_sentences(text: str) -> list[str]:
    """Sentences as verbatim substrings of `text` (so they can be quoted as evidence)."""
    out: list[str] = []
    for match in _SENTENCE.finditer(text):
        chunk = match.group(0)
        for part in _EN_SPLIT.split(chunk):
            stripped = _BULLET.sub("", part).strip()
            if len(stripped) >= 2:
                out.append(stripped)
    return out


@dataclass(frozen=True)
class Token:
    surface: str
    base: str
    pos: str  # coarse: noun, verb, adj, particle, aux, symbol, other


def _en_stem(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


_POS_MAP = {
    "名詞": "noun",
    "動詞": "verb",
    "形容詞": "adj",
    "形状詞": "adj",
    "副詞": "adv",
    "助詞": "particle",
    "助動詞": "aux",
    "補助記号": "symbol",
    "記号": "symbol",
    "空白": "symbol",
    "代名詞": "noun",
    "接尾辞": "suffix",
    "接頭辞": "prefix",
}


class _Sudachi:
    """The Japanese tokenizer, loaded once, on first use, thread-safely."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokenizer: Any = None
        self._mode: Any = None
        self.error: str | None = None

    def get(self) -> tuple[Any, Any] | None:
        if self._tokenizer is None and self.error is None:
            with self._lock:
                if self._tokenizer is None and self.error is None:
                    try:
                        from sudachipy import Dictionary, SplitMode

                        dictionary = Dictionary(dict="core")
                        make = getattr(dictionary, "tokenizer", None)  # sudachipy >= 0.6.9
                        self._tokenizer = (
                            make(mode=SplitMode.A) if make else dictionary.create(SplitMode.A)
                        )
                        self._mode = SplitMode.A
                    except Exception as exc:  # noqa: BLE001 - degrade, say so once
                        self.error = f"{type(exc).__name__}: {exc}"
        return None if self._tokenizer is None else (self._tokenizer, self._mode)


SUDACHI = _Sudachi()
_sudachi_lock = threading.Lock()


def _ja_fallback_tokens(text: str) -> list[Token]:
    """Without Sudachi: runs of one script (kanji, katakana, latin) as nouns, hiragana as other."""
    tokens = []
    for m in re.finditer(
        r"[\u4e00-\u9fff]+|[\u30a0-\u30ff]+|[a-z0-9]+|[\u3040-\u309f]+|\S", text.lower()
    ):
        s = m.group(0)
        pos = (
            "other"
            if re.match(r"[\u3040-\u309f]", s)
            else ("symbol" if len(s) == 1 and not s.isalnum() else "noun")
        )
        tokens.append(Token(s, s, pos))
    return tokens


@lru_cache(maxsize=8192)
def tokens(text: str, lang: str) -> tuple[Token, ...]:
    """Tokens with base forms; cached because pack cues are tokenized again and again."""
    text = unicodedata.normalize("NFKC", text)
    if lang == "ja" or _JA_CHARS.search(text):
        loaded = SUDACHI.get()
        if loaded is None:
            return tuple(_ja_fallback_tokens(text))
        tokenizer, _ = loaded
        out = []
        with _sudachi_lock:  # a Sudachi tokenizer is not safe to share across threads
            morphemes = list(tokenizer.tokenize(text))
            for m in morphemes:
                pos = _POS_MAP.get(m.part_of_speech()[0], "other")
                base = m.normalized_form().lower()
                out.append(Token(m.surface(), base, pos))
        return tuple(out)
    out = []
    for word in _WORD.findall(text.lower()):
        pos = "particle" if word in EN_STOPWORDS else "noun"
        out.append(Token(word, _en_stem(word), pos))
    return tuple(out)


def content_bases(toks: Iterable[Token]) -> list[str]:
    return [
        t.base
        for t in toks
        if t.pos in ("noun", "verb", "adj", "adv", "suffix", "other")
        and t.base not in ("する", "為る", "いる", "居る", "ある", "有る", "なる", "成る")
    ]


# -- structure signals ------------------------------------------------------------------
_NUMBER = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|％|倍|割|件|名|人|社|日|週|か月|ヶ月|カ月|ヵ月|月|年|四半期|万|億|円|ドル|"
    r"x\b|k\b|m\b|percent|points?|pts|days?|weeks?|months?|quarters?|reps?|deals?)"
    r"|[$¥€£]\s?\d|\d+\s*(?:to|〜|~|-|から)\s*\d+|\d{2,}"
    r"|(?:一|二|三|四|五|六|七|八|九|十|百|千|半)(?:割|倍|四半期|か月|ヶ月|週間|名)",
    re.I,
)
_FRAMEWORKS = (
    "MEDDICC",
    "MEDDPICC",
    "MEDDIC",
    "SPIN",
    "BANT",
    "Challenger",
    "Sandler",
    "OKR",
    "RACI",
    "30-60-90",
    "PIP",
    "QBR",
    "MAP",
    "ROI",
    "ICP",
    "NRR",
    "LTV",
    "CAC",
    "ARR",
    "MQL",
    "SQL",
    "SPIFF",
    "TAM",
    "Command of the Message",
    "Value Selling",
    "Gap Selling",
    "SWOT",
    "相互アクションプラン",
    "相互クローズプラン",
    "mutual action plan",
    "mutual close plan",
    "deal desk",
    "ディールデスク",
    "スコアカード",
    "scorecard",
    "playbook",
    "プレイブック",
    "win/loss",
    "勝敗分析",
    "コホート",
    "cohort",
    "ライトハウス",
    "lighthouse",
)


def _framework_pattern(names: Iterable[str]) -> str:
    return "|".join(
        (r"(?<![A-Za-z])" + re.escape(f) + r"(?![A-Za-z])") if f.isascii() else re.escape(f)
        for f in sorted(names, key=len, reverse=True)
    )


# Acronyms match in capitals only ("MAP", not "I map stakeholders"); names in any case.
_ACRONYMS = [f for f in _FRAMEWORKS if f.isupper() and f.isascii()]
_NAMES = set(_FRAMEWORKS) - set(_ACRONYMS)
_FRAMEWORK_RE = re.compile(f"(?:{_framework_pattern(_ACRONYMS)})|(?i:{_framework_pattern(_NAMES)})")
_EXAMPLE = re.compile(
    r"以前|前職|前の会社|当時|かつて|実際に|例えば|たとえば|具体的には|ある(?:顧客|案件|四半期|担当|時|とき)|"
    r"私(?:が|は).{0,30}(?:ました|でした)|(?:ました|でした)。|結果|その結果|"
    r"\bin my (?:last|previous|current)\b|\bat my (?:last|previous)\b|\bfor example\b|"
    r"\bfor instance\b|\bwhen i\b|\bi (?:led|built|ran|took|inherited|joined|had|did|saw|found|"
    r"introduced|launched|rolled|cut|grew|raised|hired|fired|moved|walked|rebuilt|set up)\b|"
    r"\bwe (?:went|grew|cut|raised|moved|hit|reached|closed|won|lost|saw|launched|rolled)\b|"
    r"\bresult(?:ed)?\b|\blast (?:year|quarter)\b",
    re.I,
)
_PLAN = re.compile(
    r"まず|最初に|次に|その後|続いて|最後に|第[一二三1-3]に|ステップ|段階|週目|日目|か月目|ヶ月目|"
    r"\d+\s*日(?:以内|まで|で)|担当者?(?:を|が|は)|オーナー|責任者|期限|マイルストーン|"
    r"\bfirst\b|\bsecond\b|\bthen\b|\bnext\b|\bfinally\b|\bstep\b|\bweek \d|\bday \d|"
    r"\bwithin \d|\bby (?:day|week|month)\b|\bowner|\bmilestone|\bphase\b|\bdeadline",
    re.I,
)

FILLERS = {
    "ja": ("えーと", "えっと", "えー", "あのー", "あの、", "まあ", "なんか", "そのー", "うーん"),
    "en": ("um", "uh", "erm", "you know", "like,", "kind of", "sort of", "basically"),
}


def numbers_in(text: str) -> list[str]:
    return [m.group(0) for m in _NUMBER.finditer(unicodedata.normalize("NFKC", text))]


def frameworks_in(text: str) -> list[str]:
    found: dict[str, str] = {}
    for m in _FRAMEWORK_RE.finditer(text):
        found.setdefault(m.group(0).lower(), m.group(0))
    return list(found.values())


def has_example(text: str) -> bool:
    return bool(_EXAMPLE.search(text))


def plan_markers(text: str) -> int:
    return len(_PLAN.findall(text))


def count_fillers(text: str, lang: str) -> dict[str, int]:
    lowered = text.lower()
    out: dict[str, int] = {}
    for filler in FILLERS[lang]:
        if lang == "en":
            n = len(re.findall(r"(?<![a-z])" + re.escape(filler) + r"(?![a-z])", lowered))
        else:
            n = lowered.count(filler)
        if n:
            out[filler.rstrip("、,")] = n
    if lang == "ja":  # えーと contains えー: count each utterance once
        if "えーと" in out and "えー" in out:
            out["えー"] -= out["えーと"]
            if out["えー"] <= 0:
                del out["えー"]
    return out


# -- things similarity cannot see --------------------------------------------------------
_INJECTION = re.compile(
    r"ignore (?:all |the |any |previous |prior |your )*(?:rubric|instructions?|rules|criteria)|"
    r"(?:give|award|score|rate|grade|output|assign)\b.{0,40}(?:5\s*/\s*5|5 out of 5|full marks|"
    r"perfect score|overall\s*[:=]?\s*5|a 5\b|top score|maximum)|"
    r"\b(?:system|assistant)\s*:|as an ai (?:grader|evaluator|assistant)|you are (?:the|an?) "
    r"(?:grader|evaluator)|\bgrader\b|\bevaluator\b|"
    r"採点者|評価者|採点(?:AI|システム)|ルーブリック|ルール(?:を|は)無視|指示(?:を|は)無視|"
    r"無視して|満点|5\s*/\s*5|5点(?:を|に|満点)|最高(?:点|評価)(?:を|に)|AI(?:へ|に)(?:の)?指示|"
    r"システム(?:プロンプト|指示)|評価を(?:5|最高)",
    re.I,
)


def is_injection(sentence: str) -> bool:
    return bool(_INJECTION.search(unicodedata.normalize("NFKC", sentence)))


def function_word_ratio(text: str, lang: str) -> float:
    """Share of particles/auxiliaries (ja) or stopwords (en): near 0 for a keyword list."""
    toks = [t for t in tokens(text, lang) if t.pos != "symbol"]
    if not toks:
        return 0.0
    return sum(1 for t in toks if t.pos in ("particle", "aux")) / len(toks)


def gibberish_score(text: str, lang: str) -> float:
    """0..1: how much of the text looks like keyboard mashing or nonsense."""
    if not text.strip():
        return 1.0
    if lang == "ja":
        toks = [t for t in tokens(text, lang) if t.pos != "symbol"]
        if not toks:
            return 1.0
        stray = sum(
            1
            for t in toks
            if len(t.surface) == 1 and t.pos in ("noun", "other") and not _JA_CHARS.match(t.surface)
        )
        repeated = len(re.findall(r"(.)\1{3,}", text))
        return min(1.0, stray / len(toks) + 0.2 * repeated)
    words = re.findall(r"[a-zA-Z]+", text)
    if not words:
        return 1.0

    def odd(word: str) -> bool:
        w = word.lower()
        return len(w) > 18 or (
            len(w) > 3 and (not re.search(r"[aeiouy]", w) or bool(re.search(r"[^aeiouy]{5,}", w)))
        )

    score = sum(1 for w in words if odd(w)) / len(words)
    stop = sum(1 for w in words if w.lower() in EN_STOPWORDS)
    if len(words) >= 4 and stop == 0 and score > 0.2:
        score += 0.3
    return min(1.0, score)


_NEGATION = re.compile(
    r"ない|ません|せず|ではなく|じゃなく|しない|避け|禁止|"
    r"\b(?:not|never|no|don't|doesn't|didn't|won't|without|instead of|rather than|avoid)\b",
    re.I,
)


def negates(sentence: str) -> bool:
    """Whether a sentence says what it does not do (a pitfall sign in it is not a pitfall)."""
    return bool(_NEGATION.search(sentence))

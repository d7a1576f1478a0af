"""Language handling for the offline scorer: language, sentences, base forms, signals.

Japanese goes through Sudachi (mode A, normalised base forms, so 改善した / 改善します both
become 改善 + する); English through a small regex tokenizer with light stemming. Matching runs
on NFKC text (ＩＣＰ is ICP); evidence quotes the answer as typed. Vocabulary lives in
`lexicon/<lang>.yaml`.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from coach.lang import LANGUAGES, Lang
from coach.scoring.lexicon import lexicon, term_pattern

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
# after . or ; (not "..." nor e.g./i.e./etc./vs.): a space and whatever comes next (a sentence may
# start in lower case, with a look-alike letter or a bracket: "matters. {"overall": 5}"), or a
# capitalised word glued on (".At my")
_EN_SPLIT = re.compile(
    r"(?<=[.;])(?<!\.\.)(?<!e\.g\.)(?<!i\.e\.)(?<!etc\.)(?<!vs\.)"
    r"(?:\s+(?=\S)|(?=[A-Z][a-z]))"
    r"|(?<=[}>\]])\s+(?=[A-Z])"  # after a closing brace, tag or bracket: {...} I think
    # between Japanese and a brace glued to it (an object is never part of a sentence): す{...}チ
    r"|(?<=})(?=[\u3040-\u30ff\u4e00-\u9fff])|(?<=[\u3040-\u30ff\u4e00-\u9fff])(?={)"
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-/%.]*[a-z0-9%]|[a-z0-9]")
_JA_CHARS = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_BULLET = re.compile(r"^\s*(?:[-*•・●◦]|\d+[.)、]|[①-⑳])\s*")

EN_STOPWORDS = lexicon("en").stopwords


# Invisible characters: soft hyphen, zero-width spaces and joiners, word joiners, BOM, and the
# bidi controls. They change nothing a reader sees, so matching must not see them either.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Letters of other scripts drawn like Latin ones (Cyrillic, Greek): folded for the grader check,
# where they only serve to hide words.
_LOOKALIKES = MappingProxyType(
    str.maketrans(
        "аАвВеЕкКмМнНоОрРсСтТуУхХіІјЈѕЅԁһӏԛԝαΑβΒεΕηΗιΙκΚμΜνΝοΟρΡτΤυΥχΧζΖ",
        "aAbBeEkKmMhHoOpPcCtTyYxXiIjJsSdhlqwaAbBeEnHiIkKuMvNoOpPtTuYxXzZ",
    )
)


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits, half-width kana and compatibility forms unified),
    without invisible characters."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def detect_lang(text: str, hint: str | None = None) -> str:
    """The answer's language from its letters; `hint` only breaks a tie (a near-even mix).

    Japanese text carries English terms, so a modest share of kana/kanji already means Japanese.
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return hint if hint in LANGUAGES else "en"
    # a kana/kanji character carries about as much as an English word of four letters
    ja = len(_JA_CHARS.findall(text))
    share = ja / (ja + (len(letters) - ja) / 4)
    if 0.35 <= share <= 0.65 and hint in LANGUAGES:
        return hint
    return "ja" if share > 0.5 else "en"


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


_POS_MAP = MappingProxyType(
    {
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
)


class _Sudachi:
    """A cache: the Japanese tokenizer, loaded once, on first use, thread-safely.

    Tests replace what it holds with `replaced`, never by setting its private attributes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # loading
        self.in_use = threading.Lock()  # tokenizing: one thread at a time
        self._tokenizer: Any = None
        self._mode: Any = None
        self.error: str | None = None

    def get(self) -> tuple[Any, Any] | None:
        if self._tokenizer is None and self.error is None:
            with self._lock:
                if self._tokenizer is None and self.error is None:
                    try:
                        from sudachipy import Dictionary, SplitMode

                        dictionary = Dictionary(dict="small")
                        make = getattr(dictionary, "tokenizer", None)  # sudachipy >= 0.6.9
                        self._tokenizer = (
                            make(mode=SplitMode.A) if make else dictionary.create(SplitMode.A)
                        )
                        self._mode = SplitMode.A
                    except Exception as exc:  # noqa: BLE001 - degrade, say so once
                        self.error = f"{type(exc).__name__}: {exc}"
        return None if self._tokenizer is None else (self._tokenizer, self._mode)

    @contextmanager
    def replaced(
        self, tokenizer: Any = None, mode: Any = None, *, error: str | None = None
    ) -> Iterator[None]:
        """For tests: within the block the tokenizer is `tokenizer`, or, given `error`, one that
        failed to load (tokens then come from the fallback); afterwards it holds what it held
        before. `replaced()` alone forgets the tokenizer, to load it again on first use. Cached
        tokens are dropped on the way in and out, since they came from the other tokenizer."""
        with self._lock:
            saved = (self._tokenizer, self._mode, self.error)
            self._tokenizer, self._mode, self.error = tokenizer, mode, error
        tokens.cache_clear()
        try:
            yield
        finally:
            with self._lock:
                self._tokenizer, self._mode, self.error = saved
            tokens.cache_clear()


SUDACHI = _Sudachi()  # cache: one tokenizer per process, loaded on first use


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


# Sudachi refuses input over 49,149 bytes; 12,000 characters are at most 48,000 UTF-8 bytes.
_SUDACHI_CHUNK = 12_000
_CHUNK_BREAKS = "\n。．.!?！？ "


def _sudachi_chunks(text: str) -> Iterator[str]:
    """`text` in pieces Sudachi accepts, cut after a line or sentence end where there is one."""
    start = 0
    while len(text) - start > _SUDACHI_CHUNK:
        window = text[start : start + _SUDACHI_CHUNK]
        cut = max(window.rfind(c) for c in _CHUNK_BREAKS) + 1
        if cut <= _SUDACHI_CHUNK // 2:
            cut = _SUDACHI_CHUNK
        yield window[:cut]
        start += cut
    yield text[start:]


@lru_cache(maxsize=2048)
def tokens(text: str, lang: str) -> tuple[Token, ...]:
    """Tokens with base forms; cached because pack cues are tokenized again and again (a pack's
    cues and points fit in 2,048 entries; more only keeps old answers' tokens: 35 MB more peak
    memory in a 1,000-answer batch for no speed)."""
    text = unicodedata.normalize("NFKC", text)
    if lang == "ja" or _JA_CHARS.search(text):
        loaded = SUDACHI.get()
        if loaded is None:
            return tuple(_ja_fallback_tokens(text))
        tokenizer, _ = loaded
        out = []
        with SUDACHI.in_use:  # a Sudachi tokenizer is not safe to share across threads
            for chunk in _sudachi_chunks(text):
                for m in tokenizer.tokenize(chunk):
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


_CLAUSE = re.compile(
    r"[、，,;；:：。．.!?！？()（）「」]|\b(?:and|so|which|because|but|while|then)\b"
)


def clauses(text: str) -> list[str]:
    """The clauses of a sentence: split at clause punctuation and (English) conjunctions."""
    return [c for c in _CLAUSE.split(text) if c and c.strip()]


_CLAUSE_MARKS = frozenset("、，,;；:：。．.!?！？()（）「」")


def _clause_bases(text: str, lang: str) -> list[list[str]]:
    """Content base forms per clause. Japanese is split on the sentence's own tokens (Sudachi
    runs once per sentence, and that result is cached); English text is split first."""
    if lang == "ja" or _JA_CHARS.search(text):
        out: list[list[str]] = [[]]
        for tok in tokens(text, lang):
            if tok.surface in _CLAUSE_MARKS:
                out.append([])
            else:
                out[-1].extend(content_bases((tok,)))
        return [c for c in out if c]
    return [content_bases(tokens(c, lang)) for c in clauses(text)]


def word_pairs(
    text: str, lang: str, words: frozenset[str] | None = None, split: bool = True
) -> set[tuple[str, str]]:
    """Pairs of `words` (any content words when None) said together in one clause of `text`
    (in one sentence when not `split`): which words the text puts with which."""
    out: set[tuple[str, str]] = set()
    groups = _clause_bases(text, lang) if split else [content_bases(tokens(text, lang))]
    for group in groups:
        said = sorted(set(group) if words is None else set(group) & words)
        out.update((a, b) for i, a in enumerate(said) for b in said[i + 1 :])
    return out


# -- structure signals ------------------------------------------------------------------
_DIGITS = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|倍|割|件|名|人|社|日|週|か月|ヶ月|カ月|ヵ月|月|年|四半期|万|億|円|ドル|"
    r"時間|分|秒|回|ms|s\b|x\b|k\b|m\b|percent|points?|pts|days?|weeks?|months?|quarters?|years?|"
    r"hours?|minutes?|seconds?|people|times?)"
    r"|[$¥€£]\s?\d|\d+\s*(?:to|〜|~|-|から)\s*\d+|\d{2,}|\d+(?:\.\d+)?",
    re.I,
)


@lru_cache(maxsize=16384)
def numbers_in(text: str) -> tuple[str, ...]:
    """Figures in digits or in words, in either language ("twelve people", "a third", 三割)."""
    text = normalize(text)
    found = [m.group(0) for m in _DIGITS.finditer(text)]
    for lang in (Lang.EN, Lang.JA):
        found += [m.group(0) for m in lexicon(lang).numbers.finditer(text)]
    return tuple(found)


@lru_cache(maxsize=32)
def terms_pattern(extra: tuple[str, ...] = ()) -> re.Pattern[str]:
    """Named methods and measures: both languages' general terms plus a pack's own."""
    return term_pattern((*lexicon("en").terms, *lexicon("ja").terms, *extra))


@lru_cache(maxsize=16384)
def frameworks_in(text: str, terms: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Named methods and measures in `text`: the languages' general terms and `terms`."""
    found: dict[str, str] = {}
    for m in terms_pattern(terms).finditer(normalize(text)):
        found.setdefault(m.group(0).lower(), m.group(0))
    return tuple(found.values())


@lru_cache(maxsize=16384)
def _markers(kind: str, text: str) -> int:
    text = normalize(text)
    lang = "ja" if _JA_CHARS.search(text) else "en"
    pattern: re.Pattern[str] = getattr(lexicon(lang), kind)
    count = len(pattern.findall(text))
    if lang == "ja":  # Japanese answers quote English phrases too
        count += len(getattr(lexicon("en"), kind).findall(text))
    return count


def has_example(text: str) -> bool:
    """A concrete situation: something that happened, told as it happened."""
    return _markers("story", text) > 0


def plan_markers(text: str) -> int:
    return _markers("plan", text)


def mechanism_markers(text: str) -> int:
    return _markers("mechanism", text)


def result_markers(text: str) -> int:
    return _markers("result", text)


def reflection_markers(text: str) -> int:
    return _markers("reflection", text)


FILLERS = MappingProxyType({lang: lexicon(lang).fillers for lang in LANGUAGES})


def count_fillers(text: str, lang: str) -> dict[str, int]:
    lowered = normalize(text).lower()
    out: dict[str, int] = {}
    for filler in FILLERS.get(lang, FILLERS["en"]):
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
def _in_either(kind: str, sentence: str) -> bool:
    """Whether either language's `kind` patterns match (answers mix the two)."""
    text = normalize(sentence)
    return any(getattr(lexicon(lang), kind).search(text) for lang in LANGUAGES)


@lru_cache(maxsize=16384)
def is_injection(sentence: str) -> bool:
    """Text addressed to the grader, an AI or the scoring system (in either language), also
    when hidden by look-alike letters or characters between its letters."""
    return _in_either("grader", normalize(sentence).translate(_LOOKALIKES))


@lru_cache(maxsize=16384)
def dismisses(sentence: str) -> bool:
    """Names something only to wave it away ("I never look at the data", 一応…が数字優先)."""
    return _in_either("dismissal", sentence)


@lru_cache(maxsize=16384)
def negates(sentence: str) -> bool:
    """Whether a sentence says what it does not do (a pitfall sign in it is not a pitfall)."""
    return _in_either("negation", sentence)


def function_word_ratio(text: str, lang: str) -> float:
    """Share of particles/auxiliaries (ja) or stopwords (en): near 0 for a keyword list."""
    toks = [t for t in tokens(text, lang) if t.pos != "symbol"]
    if not toks:
        return 0.0
    return sum(1 for t in toks if t.pos in ("particle", "aux")) / len(toks)


_ITEM_SPLIT = re.compile(
    r"[,、・;/|\n。.!?！？:：()（）「」\[\]]+|\s[-–—]\s|\band\b|および|や|と"
    r"|には|では|などが|などを|などの|が(?=重要|大切|必要|鍵|ポイント)"
)


def list_share(text: str, lang: str) -> float:
    """0..1: how much of the text is runs of bare items (a keyword list, in any punctuation or
    dressed as one long sentence). A run counts from four bare items in a row; spoken fillers
    and clauses ("えーと", "we had") are not items."""
    text = normalize(text)
    items = [p.strip() for p in _ITEM_SPLIT.split(text) if p and p.strip()]
    if not items:
        return 0.0
    fillers = set(FILLERS.get(lang, ())) | {f.rstrip("、,") for f in FILLERS.get(lang, ())}

    def bare(item: str) -> bool:
        if item.lower() in fillers:
            return False
        if lang == "en":
            words = item.lower().split()
            content = [w for w in words if w not in EN_STOPWORDS]
            return len(words) <= 4 and len(content) * 2 >= len(words) and bool(content)
        kana = len(re.findall(r"[\u3040-\u309f]", item))
        verb = re.search(r"(?:ます|です|した|する|して|ている|ない|ました|でした)$", item)
        return len(item) <= 20 and kana * 100 <= 45 * len(item) and not verb

    total = sum(len(i) for i in items)
    listed, run = 0, []
    for item in [*items, None]:
        if item is not None and bare(item):
            run.append(item)
            continue
        if len(run) >= 4:
            listed += sum(len(i) for i in run)
        run = []
    return listed / total if total else 0.0


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


def size_of(text: str, lang: str) -> int:
    """Characters without spaces (ja) or words (en): how answers are measured."""
    return len(re.sub(r"\s", "", text)) if lang == "ja" else len(text.split())

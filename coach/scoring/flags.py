"""Anti-gaming rules: what the answer did that must not earn credit, each with its evidence.

`screen` takes the answer's sentences and sets aside those that cannot count: text addressed to
the grader, repeats (counted once), sentences recited from the model answer or the rubric, and the
question echoed back. What remains is scored; the flags tell the user why the rest was not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from coach.scoring import text as tx
from coach.scoring.embed import Vectors
from coach.scoring.evaluation import Flag
from coach.scoring.index import QuestionIndex, figures
from coach.scoring.model import Tuning


@dataclass
class Sentence:
    text: str  # as typed: what evidence quotes
    key: str  # NFKC, lower case: what matching sees
    lang: str
    bases: frozenset[str]
    joined: str


@dataclass
class Parsed:
    lang: str
    sentences: list[Sentence]
    vectors: Vectors | None  # one unit row per sentence

    def size(self, keep: list[int] | None = None) -> int:
        chosen = self.sentences if keep is None else [self.sentences[i] for i in keep]
        return sum(tx.size_of(s.key, self.lang) for s in chosen)


@dataclass
class Screen:
    keep: list[int]  # indexes of the sentences that are scored
    hits: dict[Flag, list[str]] = field(default_factory=dict)  # flag -> evidence (verbatim)
    shares: dict[Flag, float] = field(default_factory=dict)  # flag -> share of the answer's size

    def flag(self, flag: Flag, evidence: list[str], share: float = 0.0) -> None:
        quoted = self.hits.setdefault(flag, [])
        quoted += [e for e in evidence if e not in quoted]
        self.shares[flag] = self.shares.get(flag, 0.0) + share


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b)) / 100


def _long_enough(sentence: Sentence) -> bool:
    return tx.size_of(sentence.key, sentence.lang) >= (12 if sentence.lang == "ja" else 5)


def screen(parsed: Parsed, index: QuestionIndex, tuning: Tuning) -> Screen:
    """Set aside the sentences that cannot earn credit, and say why."""
    total = max(parsed.size(), 1)
    out = Screen(keep=[])
    # An answer that is mostly a list of bare items: its list sentences say nothing.
    listed = tx.list_share("\n".join(s.key for s in parsed.sentences), parsed.lang) >= (
        tuning.list_flag
    )
    kept_keys: list[str] = []
    reworded: list[tuple[int, float]] = []  # near the model answer: set aside only if many
    for i, s in enumerate(parsed.sentences):
        share = tx.size_of(s.key, parsed.lang) / total
        if tx.is_injection(s.key):
            out.flag(Flag.GRADER_INJECTION, [s.text], share)
            continue
        if any(_ratio(s.key, k) >= tuning.repeat_similarity for k in kept_keys):
            out.flag(Flag.REPEATED, [s.text], share)
            continue
        kept_keys.append(s.key)
        vector = parsed.vectors[i] if parsed.vectors is not None else None
        recited = _recited(s, vector, index, tuning) if _long_enough(s) else None
        if recited == "copied":
            out.flag(Flag.RECITED, [s.text], share)
            continue
        if _echoes(s, vector, index, tuning):
            out.flag(Flag.QUESTION_ECHO, [s.text], share)
            continue
        if listed and tx.list_share(s.key, s.lang) >= tuning.list_sentence:  # bare items
            out.flag(Flag.KEYWORD_LIST, [s.text], share)
            continue
        if recited == "reworded":
            reworded.append((i, share))
        out.keep.append(i)
    # A sentence that happens to say what the model answer says is content; an answer that
    # walks through the model answer in other words, with no figures of its own, is recitation.
    own_figures = figures(" ".join(parsed.sentences[i].key for i in out.keep)) - index.model_numbers
    if sum(share for _, share in reworded) >= tuning.reworded_share and not own_figures:
        for i, share in reworded:
            out.keep.remove(i)
            out.flag(Flag.RECITED, [parsed.sentences[i].text], share)
    if index.short and out.keep and _paraphrases_model(parsed, out.keep, index, tuning):
        for i in list(out.keep):
            out.keep.remove(i)
            out.flag(Flag.RECITED, [parsed.sentences[i].text], 0.0)
        out.shares[Flag.RECITED] = 1.0
    # One repeat is emphasis; a sentence said again and again is padding.
    if Flag.REPEATED in out.hits and out.shares[Flag.REPEATED] < tuning.repeat_flag_share:
        del out.hits[Flag.REPEATED]
    return out


def _recited(
    s: Sentence, vector: Vectors | None, index: QuestionIndex, tuning: Tuning
) -> str | None:
    """ "copied" (verbatim, near-verbatim or translated), "reworded" (lightly), or None."""
    for lang, ref in index.rubric:
        if lang == s.lang and _ratio(s.key, ref) >= tuning.recite_fuzzy:
            return "copied"
    if index.short:
        # One correct sentence says what the model answer says: only a copy is recitation.
        return None
    if vector is None or index.rubric_vecs is None or not len(index.rubric_vecs):
        return None
    sims = index.rubric_vecs @ vector
    verdict = None
    for (lang, ref), sim in zip(index.rubric, sims, strict=True):
        if lang != s.lang:
            if sim >= tuning.recite_semantic_cross:
                return "copied"
        elif sim >= tuning.recite_semantic:
            return "copied"
        elif sim >= tuning.recite_near_semantic and _ratio(s.key, ref) >= tuning.recite_near_fuzzy:
            verdict = "reworded"
    return verdict


def _paraphrases_model(
    parsed: Parsed, keep: list[int], index: QuestionIndex, tuning: Tuning
) -> bool:
    """A short answer that, as a whole, is the model answer said again in the same language."""
    if parsed.vectors is None or index.model_vecs is None:
        return False
    same = [i for i, lang in enumerate(index.model_langs) if lang == parsed.lang]
    if not same:
        return False
    answer = parsed.vectors[keep].mean(axis=0)
    model = index.model_vecs[same].mean(axis=0)
    denominator = float(np.linalg.norm(answer) * np.linalg.norm(model)) or 1.0
    return float(answer @ model) / denominator >= tuning.short_paraphrase


def _echoes(s: Sentence, vector: Vectors | None, index: QuestionIndex, tuning: Tuning) -> bool:
    """The question said back: in its own characters, its own words, or its meaning."""
    if any(_ratio(s.key, q) >= tuning.echo_fuzzy for q in index.question_texts):
        return True
    concrete = tx.numbers_in(s.key) or tx.has_example(s.key)
    if len(s.bases) >= 3 and not concrete:
        if len(s.bases & index.question_bases) >= tuning.echo_words * len(s.bases):
            return True
    if vector is None or index.question_vecs is None:
        return False
    return bool(float(np.max(index.question_vecs @ vector)) >= tuning.echo_semantic) and not (
        tx.numbers_in(s.key) or tx.has_example(s.key)
    )

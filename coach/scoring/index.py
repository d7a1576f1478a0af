"""What the offline scorer knows about one question, built once: vectors, cues, references.

Everything here comes from the pack (points, cues, model answer, question text, `answer_length`,
the pack's `terms`), so a pack for any role is indexed the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from coach.packs.model import Pack, Question
from coach.scoring import text as tx
from coach.scoring.embed import ENCODER, Vectors

CueEntry = tuple[str, frozenset[str], str]  # (cue, content bases, joined bases)

# Expected size of a full answer, characters (ja) / words (en), by declared answer length.
LENGTHS = MappingProxyType(
    {
        "short": MappingProxyType({"ja": 70.0, "en": 28.0}),
        "medium": MappingProxyType({"ja": 260.0, "en": 95.0}),
        "long": MappingProxyType({"ja": 520.0, "en": 190.0}),
    }
)
FOLLOW_UP_LENGTH = MappingProxyType({"ja": 130.0, "en": 48.0})
JA_CHARS_PER_EN_WORD = 2.7


def cue_entry(cue: str) -> CueEntry | None:
    lang = tx.detect_lang(cue)
    bases = tx.content_bases(tx.tokens(cue, lang))
    if not bases:
        return None
    return cue, frozenset(bases), "".join(bases) if lang == "ja" else " ".join(bases)


def cue_hits(cues: list[CueEntry], bases: frozenset[str], joined: str) -> list[str]:
    """Cues present in a sentence: all their base forms, or a close fuzzy match (variants)."""
    from rapidfuzz import fuzz

    out = []
    for cue, cue_bases, cue_joined in cues:
        if cue_bases <= bases or (
            len(cue_joined) >= 4 and fuzz.partial_ratio(cue_joined, joined) >= 90
        ):
            out.append(cue)
    return out


@dataclass
class PointIndex:
    id: str
    refs: Vectors | None  # the point's text, its cues and the model-answer sentences about it
    cues: list[CueEntry]


@dataclass
class QuestionIndex:
    question: Question
    points: list[PointIndex]
    question_vecs: Vectors | None  # the question's own text, in each language
    model_vecs: Vectors | None  # the model answer's sentences, every language
    rubric: list[tuple[str, str]]  # (lang, NFKC lowercased text): model-answer and point sentences
    rubric_vecs: Vectors | None
    question_texts: list[str]  # NFKC lowercased
    vocabulary: frozenset[str]  # content base forms of the rubric (cues, points, model answer)
    expected: dict[str, float]  # expected size of a full answer per language
    signs: list[list[CueEntry]] = field(default_factory=list)
    terms: tuple[str, ...] = ()
    short: bool = False  # a conceptual question answered in one to three sentences
    model_langs: list[str] = field(default_factory=list)  # language of each model_vecs row
    question_bases: frozenset[str] = frozenset()  # content base forms of the question's text
    model_centroid: Vectors | None = None  # the model answer as one unit vector
    points_centroid: Vectors | None = None  # the points' references as one unit vector
    model_numbers: frozenset[str] = (
        frozenset()
    )  # figures of the model answer not given in the question
    # per language: the rubric's words, and the pairs of them that a model-answer sentence or a
    # point puts together (an answer that pairs them otherwise is saying something else)
    pairings: dict[str, tuple[frozenset[str], frozenset[tuple[str, str]]]] = field(
        default_factory=dict
    )


def expected_size(pack: Pack, question: Question) -> dict[str, float]:
    """How long a full answer is: the declared `answer_length`, else from the model answer."""
    if question.answer_length is not None and question.answer_length in LENGTHS:
        return dict(LENGTHS[question.answer_length])
    if question.parent is not None:
        return dict(FOLLOW_UP_LENGTH)
    if question.model_answer is None:
        return dict(LENGTHS["medium"])
    sizes: dict[str, float] = {}
    for lang in pack.languages:
        text = question.model_answer.values.get(lang)
        if text:
            sizes[lang] = 0.7 * tx.size_of(text, lang)
    if "ja" not in sizes and "en" in sizes:
        sizes["ja"] = sizes["en"] * JA_CHARS_PER_EN_WORD
    if "en" not in sizes and "ja" in sizes:
        sizes["en"] = sizes["ja"] / JA_CHARS_PER_EN_WORD
    return {
        "ja": float(np.clip(sizes.get("ja", 260.0), 40.0, 700.0)),
        "en": float(np.clip(sizes.get("en", 95.0), 15.0, 260.0)),
    }


def _key(text: str) -> str:
    return tx.normalize(text).lower().strip()


def build_index(pack: Pack, question: Question) -> QuestionIndex:
    langs = pack.languages
    model_sentences = [
        (lang, s)
        for lang in langs
        if question.model_answer is not None
        for s in tx.split_sentences(question.model_answer.get(lang))
    ]
    point_refs: list[list[str]] = []
    for point in question.points:
        refs = [point.text.get(lang) for lang in langs]
        refs += [
            ("、" if lang == "ja" else ", ").join(point.cues.get(lang))
            for lang in langs
            if point.cues.get(lang)
        ]
        if question.parent is not None:  # a follow-up: its own wording says what is asked
            refs += [question.text.get(lang) for lang in langs]
        point_refs.append(refs)
    # Give each model-answer sentence to the point it is most about.
    heads = [p.text.get(lang) for p in question.points for lang in langs]
    vectors = ENCODER.encode([s for _, s in model_sentences] + heads)
    model_vecs: Vectors | None = None
    if vectors is not None:
        model_vecs = vectors[: len(model_sentences)]
        if model_sentences:
            heads_vecs = vectors[len(model_sentences) :]
            per_point = heads_vecs.reshape(len(question.points), len(langs), -1)
            sims = np.einsum("sd,pld->spl", model_vecs, per_point).max(axis=2)
            for (_, sentence), row in zip(model_sentences, sims, strict=True):
                point_refs[int(row.argmax())].append(sentence)
    points = [
        PointIndex(
            point.id,
            ENCODER.encode(refs),
            [c for c in (cue_entry(cue) for cue in point.cues.every()) if c],
        )
        for point, refs in zip(question.points, point_refs, strict=True)
    ]
    rubric = [(lang, _key(s)) for lang, s in model_sentences]
    rubric += [(lang, _key(p.text.get(lang))) for p in question.points for lang in langs]
    point_texts = [p.text.get(lang) for p in question.points for lang in langs]
    rubric_vecs = ENCODER.encode([s for _, s in model_sentences] + point_texts)
    vocabulary: set[str] = set()
    for p in question.points:
        for lang in langs:
            vocabulary.update(tx.content_bases(tx.tokens(p.text.get(lang), lang)))
        for cue in p.cues.every():
            vocabulary.update(tx.content_bases(tx.tokens(cue, tx.detect_lang(cue))))
    for lang, s in model_sentences:
        vocabulary.update(tx.content_bases(tx.tokens(s, lang)))
    question_texts = [question.text.get(lang) for lang in langs]
    point_vectors = [p.refs for p in points if p.refs is not None]
    return QuestionIndex(
        question=question,
        points=points,
        question_vecs=ENCODER.encode(question_texts),
        model_vecs=model_vecs,
        rubric=rubric,
        rubric_vecs=rubric_vecs,
        question_texts=[_key(t) for t in question_texts],
        vocabulary=frozenset(vocabulary),
        expected=expected_size(pack, question),
        signs=[
            [c for c in (cue_entry(s) for s in pit.signs.every()) if c] for pit in question.pitfalls
        ],
        terms=pack.terms.every(),
        short=question.answer_length == "short",
        model_langs=[lang for lang, _ in model_sentences],
        model_centroid=centroid(model_vecs),
        points_centroid=centroid(np.concatenate(point_vectors) if point_vectors else None),
        question_bases=frozenset(
            b for lang in langs for b in tx.content_bases(tx.tokens(question.text.get(lang), lang))
        ),
        model_numbers=frozenset(
            figures(" ".join(s for _, s in model_sentences)) - figures(_given(question))
        ),
        pairings=_pairings(question, model_sentences, langs),
    )


def _pairings(
    question: Question, model_sentences: list[tuple[str, str]], langs: tuple[str, ...]
) -> dict[str, tuple[frozenset[str], frozenset[tuple[str, str]]]]:
    out = {}
    for lang in langs:
        said = [s for s_lang, s in model_sentences if s_lang == lang]
        said += [p.text.get(lang) for p in question.points]
        words = frozenset(b for s in said for b in tx.content_bases(tx.tokens(_key(s), lang)))
        pairs = frozenset(pair for s in said for pair in tx.word_pairs(_key(s), lang, split=False))
        out[lang] = (words, pairs)
    return out


def centroid(vectors: Vectors | None) -> Vectors | None:
    """The unit vector of the rows' mean (None when there are no rows)."""
    if vectors is None or not len(vectors):
        return None
    mean = vectors.mean(axis=0)
    unit: Vectors = mean / max(float(np.linalg.norm(mean)), 1e-9)
    return unit


def figures(text: str) -> set[str]:
    """The figures in a text that could identify where they came from (two digits or more)."""
    return {
        m.replace(",", "")
        for m in re.findall(r"\d[\d,]*(?:\.\d+)?", tx.normalize(text))
        if len(m.replace(",", "").replace(".", "")) >= 2
    }


def _given(question: Question) -> str:
    """Everything the question itself shows: its text and its data table, in every language."""
    parts = list(question.text.values.values())
    if question.data is not None:
        for row in question.data.rows:
            for value in row.values():
                parts.append(value if isinstance(value, str) else " ".join(value.values.values()))
    return " ".join(parts)

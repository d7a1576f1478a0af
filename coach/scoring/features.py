"""Features of an answer against its question: what the fitted model reads.

Only the sentences the screen kept are measured. Similarity comes from the multilingual encoder
(so plain words and other languages count), cues from the pack, specificity from the language's
markers (numbers, in digits or words; a story; a mechanism; a result; reflection), and the
anti-gaming shares from the screen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from coach.scoring import text as tx
from coach.scoring.embed import Vectors
from coach.scoring.evaluation import Flag
from coach.scoring.flags import Parsed, Screen
from coach.scoring.index import QuestionIndex, centroid, cue_hits
from coach.scoring.model import Tuning

# Each feature, and how it may move the score: +1 never lowers it (coverage, specificity),
# -1 never raises it (gaming signs), 0 either way. The fit enforces these directions.
SPECS: tuple[tuple[str, int], ...] = (
    ("sem_points", 1),  # mean over points of the best sentence similarity
    ("sem_points_min", 1),  # the least covered point
    ("sem_top", 1),  # mean similarity of the answer's most relevant half to the rubric
    ("sem_model", 1),  # the answer as a whole against the model answer (or the points)
    ("sem_question", 0),  # the answer as a whole against the question
    ("cues", 1),  # mean over points of the share of its cues said (up to three)
    ("covered", 1),  # share of points covered
    ("numbers", 1),
    ("story", 1),
    ("mechanism", 1),
    ("result", 1),
    ("reflection", 1),
    ("plan", 1),
    ("terms", 1),
    ("length", 0),  # log2 of the scored size against the expected size
    ("list", -1),  # share of the answer in bare item lists
    ("function_words", 0),
    ("dismissal", -1),  # share of sentences that name a point only to reject it
    ("density", 0),  # rubric words per content word
    ("off_topic", -1),  # how much better another question of the pack fits
    ("fit", 1),  # how well this question fits (points, question text, model answer)
    ("domain", 0),  # how much the answer is about the pack's field at all
    ("specific_share", 1),  # share of sentences with a figure, a story or a result (not padding)
    ("point_mean", 1),  # mean over points of how likely each is covered
    ("substance", 1),  # specifics where the points are covered (point_mean x specific_share)
    ("on_topic_specifics", 1),  # specifics in an answer that fits this question
    ("narrow", 0),  # a follow-up or a short conceptual question: a few sentences answer it
    ("cue_spread", 0),  # points whose cues one sentence names, on average (nonsense strings many)
    ("focus", 0),  # how clearly each sentence is about one point rather than all of them
    ("pairings", 0),  # how many pairs of the rubric's words the answer puts in one clause (log)
    ("unheard", 0),  # the share of those pairs that no model-answer sentence or point makes
)
FEATURES = tuple(name for name, _ in SPECS)


@dataclass
class PointMatch:
    id: str
    probability: float  # a demanding interviewer counts the point as covered
    evidence: list[int]  # sentence indexes that earn it


@dataclass
class Measured:
    values: dict[str, float]
    points: list[PointMatch]
    closer: str | None = None  # the other question the answer fits better, if any
    hits: dict[Flag, list[str]] = field(default_factory=dict)

    def vector(self, names: Sequence[str] = FEATURES) -> np.ndarray:
        return np.array([self.values[n] for n in names], dtype=np.float64)


def _clip(value: float, top: float) -> float:
    return min(value, top) / top


def _point_similarities(vectors: Vectors | None, index: QuestionIndex, rows: int) -> np.ndarray:
    """(points x sentences) best similarity of each sentence to each point's references."""
    out = np.zeros((len(index.points), rows), dtype=np.float32)
    if vectors is None:
        return out
    for p, point in enumerate(index.points):
        if point.refs is not None and len(point.refs):
            out[p] = (vectors @ point.refs.T).max(axis=1)
    return out


def fit_of(vectors: Vectors | None, index: QuestionIndex) -> float:
    """How well sentences fit a question: their points (best similarity per point and the
    relevance of the answer's better half), the question's text and its model answer, averaged."""
    if vectors is None or not len(vectors):
        return 0.0
    sims = _point_similarities(vectors, index, len(vectors))
    best = sims.max(axis=0)
    top = np.sort(best)[::-1][: max(2, (len(best) + 1) // 2)]
    points = float(sims.max(axis=1).mean() + top.mean()) / 2
    whole = centroid(vectors)
    assert whole is not None
    asked = float(np.max(index.question_vecs @ whole)) if index.question_vecs is not None else 0.0
    model = index.model_centroid
    said = float(model @ whole) if model is not None else points
    return (points + asked + said) / 3


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _norm(similarity: float, tuning: Tuning) -> float:
    return min(1.0, max(0.0, (similarity - tuning.sem_low) / (tuning.sem_high - tuning.sem_low)))


def measure(
    parsed: Parsed,
    screen: Screen,
    index: QuestionIndex,
    others: Sequence[QuestionIndex],
    tuning: Tuning,
    domain: Vectors | None = None,
) -> Measured:
    keep = screen.keep
    sentences = [parsed.sentences[i] for i in keep]
    vectors = parsed.vectors[keep] if parsed.vectors is not None and keep else None
    semantic = parsed.vectors is not None
    n = len(sentences)
    sims = _point_similarities(vectors, index, n)
    hits = [[cue_hits(p.cues, s.bases, s.joined) for s in sentences] for p in index.points]

    cue_spread = float(np.mean([sum(1 for row in hits if row[j]) for j in range(n)])) if n else 0.0
    if n and len(index.points) >= 2:
        ordered = np.sort(sims, axis=0)
        focus = float(np.mean(ordered[-1] - ordered[-2]))
    else:
        focus = 0.0
    # A sentence that names a point only to wave it away earns nothing for it.
    dismissing = [
        j
        for j, s in enumerate(sentences)
        if tx.dismisses(s.key)
        and (any(row[j] for row in hits) or float(sims[:, j].max()) >= tuning.sem_low)
    ]
    for j in dismissing:
        sims[:, j] = 0.0
        for p in range(len(index.points)):
            hits[p][j] = []

    specific = [
        min(
            1.0,
            0.5 * bool(tx.numbers_in(s.key))
            + 0.35 * tx.has_example(s.key)
            + 0.35 * bool(tx.frameworks_in(s.key, index.terms))
            + 0.25 * bool(tx.mechanism_markers(s.key)),
        )
        for s in sentences
    ]
    points: list[PointMatch] = []
    cue_shares: list[float] = []
    for p, point in enumerate(index.points):
        distinct = {c for h in hits[p] for c in h}
        cue_share = min(len(distinct), 3) / 3
        cue_shares.append(cue_share)
        combined = [float(sims[p, j]) + 0.06 * min(len(hits[p][j]), 3) for j in range(n)]
        order = sorted(range(n), key=lambda j: combined[j], reverse=True)
        if semantic:
            candidates = [j for j in order[:2] if sims[p, j] >= tuning.sem_low or hits[p][j]]
        else:
            candidates = [j for j in order[:2] if hits[p][j]]
        spec = max((specific[j] for j in candidates), default=0.0)
        best = float(sims[p].max()) if n else 0.0
        sem = _norm(best, tuning) if semantic else cue_share
        probability = _logistic(
            tuning.point_semantic * sem
            + tuning.point_cues * cue_share
            + tuning.point_specific * spec * min(1.0, 2 * sem)
            + tuning.point_bias
        )
        earned = candidates if probability >= tuning.evidence_probability else []
        covered = probability if earned else 0.0
        points.append(PointMatch(point.id, covered, [keep[j] for j in earned]))

    best_per_sentence = sims.max(axis=0) if n and len(index.points) else np.zeros(n)
    top = np.sort(best_per_sentence)[::-1][: max(2, (n + 1) // 2)]
    sem_points = float(sims.max(axis=1).mean()) if n and len(index.points) else 0.0
    whole = centroid(vectors)
    sem_model = 0.0
    reference = index.model_centroid if index.model_centroid is not None else index.points_centroid
    if whole is not None and reference is not None:
        sem_model = float(whole @ reference)
    sem_question = (
        float(np.max(index.question_vecs @ whole))
        if whole is not None and index.question_vecs is not None
        else 0.0
    )

    body = "\n".join(s.key for s in sentences)
    size = parsed.size(keep)
    expected = index.expected.get(parsed.lang, index.expected["en"])
    bases = [b for s in sentences for b in s.bases]
    density = sum(1 for b in bases if b in index.vocabulary) / len(bases) if bases else 0.0
    numbers = sum(len(tx.numbers_in(s.key)) for s in sentences)
    story = sum(tx.has_example(s.key) for s in sentences)
    mechanism = sum(tx.mechanism_markers(s.key) for s in sentences)
    result = sum(tx.result_markers(s.key) for s in sentences)
    reflection = sum(tx.reflection_markers(s.key) for s in sentences)
    plan = sum(tx.plan_markers(s.key) for s in sentences)
    terms = len(tx.frameworks_in(body, index.terms))
    list_share = tx.list_share(body, parsed.lang) if body else 0.0
    words, known = index.pairings.get(parsed.lang, (frozenset(), frozenset()))
    paired = [tx.word_pairs(s.key, parsed.lang, words) for s in sentences] if words else []
    said = sum(len(p) for p in paired)
    unheard = [len(p - known) for p in paired]
    unheard_share = sum(unheard) / said if said >= 3 else 0.0

    own_fit = fit_of(vectors, index)
    closer, margin = None, 0.0
    for other in others:
        gap = fit_of(vectors, other) - own_fit
        if gap > margin:
            closer, margin = other.question.id, gap
    fits_other = own_fit + margin >= tuning.other_fit

    values = {
        "sem_points": sem_points,
        "sem_points_min": float(sims.max(axis=1).min()) if n and len(index.points) else 0.0,
        "sem_top": float(top.mean()) if len(top) else 0.0,
        "sem_model": sem_model,
        "sem_question": sem_question,
        "cues": float(np.mean(cue_shares)) if cue_shares else 0.0,
        "covered": float(np.mean([p.probability >= 0.5 for p in points])) if points else 0.0,
        "numbers": _clip(numbers, 6),
        "story": _clip(story, 3),
        "mechanism": _clip(mechanism, 3),
        "result": _clip(result, 2),
        "reflection": _clip(reflection, 1),
        "plan": _clip(plan, 3),
        "terms": _clip(terms, 3),
        # beyond its expected size an answer gains nothing by length
        "length": float(np.clip(math.log2(max(size, 1) / expected), -4.0, 0.5)),
        "list": list_share,
        "function_words": tx.function_word_ratio(body, parsed.lang) if body else 0.0,
        "dismissal": len(dismissing) / n if n else 0.0,
        "density": density,
    }
    out = Measured(values=values, points=points)
    values["specific_share"] = (
        sum(
            1
            for s in sentences
            if tx.numbers_in(s.key) or tx.has_example(s.key) or tx.result_markers(s.key)
        )
        / n
        if n
        else 0.0
    )
    # many figures, most sentences concrete: a compact answer, whatever words it packs together
    concrete = (
        numbers >= tuning.nonsense_figures and values["specific_share"] > tuning.nonsense_specific
    )
    if dismissing:
        out.hits[Flag.DISMISSAL] = [sentences[j].text for j in dismissing]
    if list_share >= tuning.list_flag:  # lists spread over several short sentences
        longest = sorted(sentences, key=lambda s: -tx.list_share(s.key, parsed.lang) * len(s.key))
        out.hits[Flag.KEYWORD_LIST] = [longest[0].text] if longest else []
    if (  # the rubric's words strung together: many points' cues in each sentence, none in focus
        n >= 2
        and not index.short
        and cue_spread >= tuning.nonsense_spread
        and focus < tuning.nonsense_focus
        and list_share < tuning.list_flag
        and not concrete
    ):
        dense = sorted(sentences, key=lambda s: -len(s.bases & index.vocabulary))
        out.hits[Flag.NONSENSE] = [dense[0].text]
    elif (  # the rubric's words, but paired as no model answer or point pairs them
        said >= tuning.nonsense_pairs
        and unheard_share >= tuning.nonsense_unheard
        and density >= tuning.nonsense_density
        and list_share < tuning.list_flag
        and not concrete
    ):
        worst = max(range(len(unheard)), key=lambda j: unheard[j])
        out.hits[Flag.NONSENSE] = [sentences[worst].text]
    values["fit"] = own_fit
    values["point_mean"] = float(np.mean([p.probability for p in points])) if points else 0.0
    values["off_topic"] = margin
    values["domain"] = float(whole @ domain) if whole is not None and domain is not None else 0.0
    if not n:
        for name in FEATURES:
            values.setdefault(name, 0.0)
        return out
    if (
        closer is not None
        and fits_other
        and margin >= tuning.off_topic_margin
        and (own_fit < tuning.off_topic_own or margin >= tuning.off_topic_clear)
    ):
        out.closer = closer
        out.hits[Flag.OFF_TOPIC] = []
    elif (
        others
        and values["domain"] < tuning.unrelated
        and own_fit < tuning.off_topic_own
        and size >= tuning.too_short_share * expected
    ):
        # about something else entirely (a holiday, a hobby): nothing of this pack's field
        out.hits[Flag.OFF_TOPIC] = []
    values["substance"] = values["point_mean"] * values["specific_share"]
    values["on_topic_specifics"] = values["specific_share"] * min(1.0, max(0.0, own_fit / 0.4))
    values["narrow"] = float(index.short or index.question.parent is not None)
    if (  # the question said back as a whole, in other words, with nothing of the answer's own
        not values["narrow"]
        and sem_question >= tuning.echo_whole
        and numbers == 0
        and values["specific_share"] == 0
        and Flag.QUESTION_ECHO not in screen.hits
        and vectors is not None
        and index.question_vecs is not None
    ):
        closest = int(np.argmax((vectors @ index.question_vecs.T).max(axis=1)))
        out.hits[Flag.QUESTION_ECHO] = [sentences[closest].text]
    values["cue_spread"] = cue_spread
    values["focus"] = focus
    values["pairings"] = math.log1p(said)
    values["unheard"] = unheard_share
    return out

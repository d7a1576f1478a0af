"""The embedded offline scorer: semantic similarity + Japanese-aware cue matching + rules.

For each evaluation point it finds the answer's sentences that earn it (cross-lingual sentence
similarity to the point, its cues and the model-answer sentences about it, plus fuzzy matching of
the pack's cues on base forms) and scores 0-5 from coverage and specificity. Rules handle what
similarity cannot see: missing numbers or examples, keyword stuffing, answers to another
question, too-short or gibberish answers, and text addressed to the grader (ignored, flagged).
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from coach.packs.model import Pack, Question
from coach.scoring import text as tx
from coach.scoring.advice import advise, weakest_follow_up
from coach.scoring.embed import ENCODER, Vectors
from coach.scoring.evaluation import (
    Delivery,
    Evaluation,
    FollowUpQuestion,
    PitfallHit,
    PointScore,
    Structure,
)
from coach.scoring.measure import delivery_of, structure_of

SCORER_VERSION = "offline-1.0"
BACKEND = "offline"
MODEL = "use-multilingual-v3+sudachi"

# Calibrated on tests/data/labelled (see tests/test_scoring_quality.py).
SEM_LOW, SEM_HIGH = 0.22, 0.55  # sentence-to-point similarity: unrelated .. clearly on point
P_SEM, P_CUE, P_SPEC, P_BIAS = 1.75, 2.06, 2.46, -1.9  # point coverage (_point_probability)
EVIDENCE_PROBABILITY = 0.3  # below this a point shows as missing
COVERED = 2.5  # a point scored at least this is covered
# overall = bias + weighted features (weights fitted with non-negative least squares on the
# labelled set; leave-one-question-out Spearman 0.89 before the rules below)
W_BIAS, W_REL, W_CUE = 0.7, 3.7, 0.5
W_NUMBERS, W_EXAMPLE, W_FRAMEWORK, W_PLAN = 1.35, 0.3, 0.55, 1.05
PITFALL_PENALTY = 0.3
FULL_SIZE = {"ja": 200, "en": 60}  # characters / words of a fully developed answer
BRIEF_CAP_BASE, BRIEF_CAP_SPAN = 2.5, 2.5
POINT_FULL, COVERAGE_CAP_BASE, COVERAGE_CAP_SPAN = 3.5, 2.3, 3.0
INJECTION_PENALTY = 0.5
OFF_TOPIC_MARGIN, OFF_TOPIC_MIN_RELEVANCE, OFF_TOPIC_CAP = 0.2, 0.2, 1.5
OFF_TOPIC_NO_CUES_RELEVANCE = 0.3
OFF_TOPIC_CANDIDATES = 3
CASE_SCENARIO_MIN = 0.33  # similarity of a case answer to the case's own text
STUFFED_CAP = 1.5
STUFFED_POINT_CAP = 1.0
STUFFED_FUNCTION_WORDS = 0.12  # share of particles/stopwords below which text is a list
STUFFED_ITEMS, STUFFED_ITEM_SIZE = 12, {"ja": 6, "en": 3}  # many items of a few chars/words
STUFFED_LIST_FUNCTION_WORDS = 0.22
NO_ENCODER_RELEVANCE = 0.25
MIN_CHARS = {"ja": 40, "en": 15}  # below this an answer cannot be scored (characters / words)


@dataclass
class _PointIndex:
    refs: Vectors | None  # reference sentences for this point (both languages)
    cues: list[tuple[str, frozenset[str], str]]  # (cue, content bases, joined bases)


@dataclass
class _QuestionIndex:
    points: list[_PointIndex]
    scenario: Vectors | None  # the question's own text, in each language
    signs: list[list[tuple[str, frozenset[str], str]]] = field(default_factory=list)


def _cue_entry(cue: str) -> tuple[str, frozenset[str], str] | None:
    lang = tx.detect_lang(cue)
    bases = tx.content_bases(tx.tokens(cue, lang))
    if not bases:
        return None
    return cue, frozenset(bases), "".join(bases) if lang == "ja" else " ".join(bases)


def _cue_hits(
    cues: list[tuple[str, frozenset[str], str]], bases: frozenset[str], joined: str
) -> list[str]:
    """Cues present in a sentence: all their base forms, or a close fuzzy match (variants)."""
    from rapidfuzz import fuzz

    out = []
    for cue, cue_bases, cue_joined in cues:
        if cue_bases <= bases or (
            len(cue_joined) >= 4 and fuzz.partial_ratio(cue_joined, joined) >= 90
        ):
            out.append(cue)
    return out


def _point_probability(semantic: float, cues: float, specific: float) -> float:
    """How likely a demanding interviewer counts the point as covered (logistic; the weights
    were fitted on the labelled set: grade 4-5 answers cover their points, grade 1-2 do not)."""
    # Numbers and stories count only as far as the sentence is about the point.
    z = P_SEM * semantic + P_CUE * cues + P_SPEC * specific * min(1.0, 2 * semantic) + P_BIAS
    return 1.0 / (1.0 + math.exp(-z))


def _norm(similarity: float) -> float:
    return min(1.0, max(0.0, (similarity - SEM_LOW) / (SEM_HIGH - SEM_LOW)))


@dataclass
class _Answer:
    sentences: list[str]
    vectors: Vectors | None
    bases: list[frozenset[str]]
    joined: list[str]


def _summarize(
    matches: list[tuple[npt.NDArray[np.float32], float | None]], sentences: int
) -> _Coverage:
    """Coverage from each point's per-sentence similarities and cue share (None: not matched)."""
    best = np.zeros(sentences, dtype=np.float32)
    for sims, _ in matches:
        best = np.maximum(best, sims)
    top = np.sort(best)[::-1][: max(2, (len(best) + 1) // 2)]
    cues = [c for _, c in matches if c is not None]
    return _Coverage(
        semantic=float(np.mean([float(s.max()) if len(s) else 0.0 for s, _ in matches])),
        relevance=float(top.mean()) if len(top) else 0.0,
        cues=float(np.mean(cues)) if cues else 0.0,
    )


@dataclass
class _Coverage:
    semantic: float  # mean over points of the best sentence similarity
    relevance: float  # mean similarity of the answer's most relevant half to the rubric
    cues: float  # mean over points of cue coverage (0..1)


def _unit(vectors: Vectors) -> Vectors:
    mean = vectors.mean(axis=0)
    unit: Vectors = mean / max(float(np.linalg.norm(mean)), 1e-9)
    return unit


class OfflineScorer:
    """Scores answers to one pack's questions. Thread-safe; indexes are built once per question."""

    name = BACKEND

    def __init__(self, pack: Pack, notify: Callable[..., None] | None = None) -> None:
        self.pack = pack
        self._indexes: dict[str, _QuestionIndex] = {}
        self._lock = threading.Lock()
        self.notify = notify
        self._told: set[str] = set()

    # -- indexes ------------------------------------------------------------------------
    def _index(self, question: Question) -> _QuestionIndex:
        with self._lock:
            cached = self._indexes.get(question.id)
            if cached is None:
                cached = self._build(question)
                self._indexes[question.id] = cached
            return cached

    def _build(self, question: Question) -> _QuestionIndex:
        langs = self.pack.languages
        model_sentences = {
            lang: tx.split_sentences(question.model_answer.get(lang))
            if question.model_answer
            else []
            for lang in langs
        }
        point_refs: list[list[str]] = []
        for point in question.points:
            refs = [point.text.get(lang) for lang in langs]
            refs += [
                "、".join(point.cues.get(lang)) if lang == "ja" else ", ".join(point.cues.get(lang))
                for lang in langs
                if point.cues.get(lang)
            ]
            point_refs.append(refs)
        # Give each model-answer sentence to the point it is most about.
        flat = [(lang, s) for lang in langs for s in model_sentences[lang]]
        heads = [p.text.get(lang) for p in question.points for lang in langs]
        vectors = ENCODER.encode([s for _, s in flat] + heads)
        if vectors is not None and flat:
            sent_vecs, head_vecs = vectors[: len(flat)], vectors[len(flat) :]
            per_point = head_vecs.reshape(len(question.points), len(langs), -1)
            sims = np.einsum("sd,pld->spl", sent_vecs, per_point).max(axis=2)
            for (_, sentence), row in zip(flat, sims, strict=True):
                point_refs[int(row.argmax())].append(sentence)
        points = []
        for point, refs in zip(question.points, point_refs, strict=True):
            cues = [c for c in (_cue_entry(cue) for cue in point.cues.every()) if c]
            points.append(_PointIndex(ENCODER.encode(refs), cues))
        signs = [
            [c for c in (_cue_entry(s) for s in pit.signs.every()) if c]
            for pit in question.pitfalls
        ]
        scenario = ENCODER.encode([question.text.get(lang) for lang in langs])
        return _QuestionIndex(points, scenario, signs)

    def warm_up(self) -> None:
        """Load the models (in the background) so the first answer is not slow."""
        ENCODER.warm_up()

    # -- scoring ------------------------------------------------------------------------
    def score(
        self,
        question: Question,
        answer: str,
        lang: str | None = None,
        seconds: float | None = None,
        budget_seconds: int | None = None,
        feedback_lang: str | None = None,
    ) -> Evaluation:
        """Score `answer`; texts in the result are in `feedback_lang` (default: the answer's)."""
        answer = unicodedata.normalize("NFC", answer or "").strip()
        lang = lang or tx.detect_lang(answer)
        ui = self.pack.ui_lang(feedback_lang or lang)
        notes: list[str] = []
        flags: list[str] = []

        sentences = tx.split_sentences(answer)
        injected = [s for s in sentences if tx.is_injection(s)]
        if injected:
            flags.append("grader-injection")
            sentences = [s for s in sentences if s not in injected]
        body = "\n".join(sentences)
        delivery = delivery_of(answer, lang, seconds, budget_seconds)
        size = len(re.sub(r"\s", "", body)) if lang == "ja" else len(body.split())
        if size < MIN_CHARS[lang] or tx.gibberish_score(body, lang) > 0.5:
            flags.append("too-short" if size < MIN_CHARS[lang] else "gibberish")
            return self._minimal(question, ui, lang, delivery, flags)

        index = self._index(question)
        sent_vecs = ENCODER.encode(sentences)
        sent_tokens = [tx.tokens(s, lang) for s in sentences]
        parsed = _Answer(
            sentences=sentences,
            vectors=sent_vecs,
            bases=[frozenset(tx.content_bases(t)) for t in sent_tokens],
            joined=[
                "".join(t.base for t in toks) if lang == "ja" else " ".join(t.base for t in toks)
                for toks in sent_tokens
            ],
        )
        specifics = [self._specific(s) for s in sentences]
        semantic = sent_vecs is not None

        points: list[PointScore] = []
        matches: list[tuple[npt.NDArray[np.float32], float | None]] = []
        for point, pindex in zip(question.points, index.points, strict=True):
            sims, hits = self._point_match(parsed, pindex)
            distinct = {cue for h in hits for cue in h}
            combined = [float(s) + 0.06 * min(len(h), 3) for s, h in zip(sims, hits, strict=True)]
            order = sorted(range(len(sentences)), key=lambda i: combined[i], reverse=True)
            cue_norm = min(len(distinct), 3) / 3
            matches.append((sims, cue_norm))
            if semantic:
                candidates = [i for i in order[:2] if sims[i] >= SEM_LOW or hits[i]]
            else:  # without the encoder, the cues alone find the evidence
                candidates = [i for i in order[:2] if hits[i]]
            spec = max((specifics[i] for i in candidates), default=0.0)
            sem = float(sims.max()) if len(sims) else 0.0
            covered = _point_probability(_norm(sem) if semantic else cue_norm, cue_norm, spec)
            evidence_idx = candidates if candidates and covered >= EVIDENCE_PROBABILITY else []
            raw = covered if evidence_idx else 0.0
            evidence = [sentences[i] for i in sorted(evidence_idx)]
            points.append(
                PointScore(
                    id=point.id,
                    text=point.text.get(ui),
                    score=round(5 * raw, 1),
                    evidence=evidence,
                    note="" if evidence else "missing",
                )
            )

        structure = structure_of(sentences)
        own = _summarize(matches, len(sentences))  # the matching above, not done again
        if not semantic:  # relevance from the cues alone
            own.relevance = NO_ENCODER_RELEVANCE + NO_ENCODER_RELEVANCE * own.cues
        body_numbers = sum(len(tx.numbers_in(s)) for s in sentences)
        examples = sum(1 for s in sentences if tx.has_example(s))
        plan = sum(tx.plan_markers(s) for s in sentences)
        # Weights fitted (non-negative least squares) on tests/data/labelled; see module doc.
        overall = (
            W_BIAS
            + W_REL * own.relevance
            + W_CUE * own.cues
            + W_NUMBERS * min(body_numbers, 6) / 6
            + W_EXAMPLE * min(examples, 3) / 3
            + W_FRAMEWORK * min(len(structure.frameworks), 3) / 3
            + W_PLAN * min(plan, 3) / 3
        )

        # However rich the answer, it cannot score above what its point coverage supports.
        covered = float(np.mean([min(p.score, POINT_FULL) / POINT_FULL for p in points]))
        overall = min(overall, COVERAGE_CAP_BASE + COVERAGE_CAP_SPAN * covered)
        # Two sentences cannot carry the depth of a full answer.
        overall = min(overall, BRIEF_CAP_BASE + BRIEF_CAP_SPAN * min(1.0, size / FULL_SIZE[lang]))

        pitfalls = self._pitfalls(question, ui, parsed, structure, own.cues, points)
        overall -= PITFALL_PENALTY * sum(1 for p in pitfalls if p.evidence)

        if sent_vecs is not None:
            verdict, closer = self._off_topic(question, parsed, own)
            if verdict:
                flags.append(verdict)
                if closer is not None:
                    notes.append(f"closer-to:{closer}")
                overall = min(overall, OFF_TOPIC_CAP)
        if self._stuffed(body, lang):
            flags.append("keyword-stuffing")
            overall = min(overall, STUFFED_CAP)
            for scored in points:  # keywords alone do not cover a point
                scored.score = min(scored.score, STUFFED_POINT_CAP)
        if injected:
            overall -= INJECTION_PENALTY
        overall = round(min(5.0, max(1.0, overall)), 1)

        strengths, improvements = self._advice(question, ui, points, structure, pitfalls, flags)
        return Evaluation(
            question=question.id,
            lang=lang,
            overall=overall,
            points=points,
            pitfalls=pitfalls,
            structure=structure,
            delivery=delivery,
            strengths=strengths,
            improvements=improvements,
            follow_up=self._follow_up(question, ui, points),
            backend=BACKEND,
            model=MODEL,
            fallback=None,
            versions=self._versions(),
            notes=notes + self._degraded(),
            flags=flags,
        )

    # -- helpers ------------------------------------------------------------------------
    def _versions(self) -> dict[str, str]:
        return {"scorer": SCORER_VERSION, "prompt": "-", "pack": self.pack.version}

    def _degraded(self) -> list[str]:
        """Notes for the parts that could not load; the user is told once per part."""
        notes = []
        for name, error in (("encoder", ENCODER.error), ("sudachi", tx.SUDACHI.error)):
            if error:
                notes.append(f"degraded:{name}")
                with self._lock:
                    first = name not in self._told
                    self._told.add(name)
                if first and self.notify is not None:
                    self.notify("notice.degraded", part=name, error=error)
        return notes

    @staticmethod
    def _specific(sentence: str) -> float:
        return min(
            1.0,
            0.5 * bool(tx.numbers_in(sentence))
            + 0.35 * tx.has_example(sentence)
            + 0.35 * bool(tx.frameworks_in(sentence)),
        )

    @staticmethod
    def _similarities(answer: _Answer, pindex: _PointIndex) -> npt.NDArray[np.float32]:
        if answer.vectors is not None and pindex.refs is not None and len(pindex.refs):
            sims: npt.NDArray[np.float32] = (answer.vectors @ pindex.refs.T).max(axis=1)
            return sims
        return np.zeros(len(answer.sentences), dtype=np.float32)

    def _point_match(
        self, answer: _Answer, pindex: _PointIndex
    ) -> tuple[npt.NDArray[np.float32], list[list[str]]]:
        """Per sentence: best similarity to the point's references, and the cues it hits."""
        sims = self._similarities(answer, pindex)
        hits = [
            _cue_hits(pindex.cues, b, j) for b, j in zip(answer.bases, answer.joined, strict=True)
        ]
        return sims, hits

    def _coverage(
        self, answer: _Answer, index: _QuestionIndex, with_cues: bool = True
    ) -> _Coverage:
        """How much the answer is about this question: semantic relevance and cue coverage."""
        matches: list[tuple[npt.NDArray[np.float32], float | None]] = []
        for pindex in index.points:
            if with_cues:
                sims, hits = self._point_match(answer, pindex)
                matches.append((sims, min(len({c for h in hits for c in h}), 3) / 3))
            else:
                matches.append((self._similarities(answer, pindex), None))
        return _summarize(matches, len(answer.sentences))

    def _pitfalls(
        self,
        question: Question,
        ui: str,
        answer: _Answer,
        structure: Structure,
        cue_coverage: float,
        points: list[PointScore],
    ) -> list[PitfallHit]:
        """Pitfalls the answer falls into. A sign does not count in a sentence that negates it
        ("I never discount") or that earns a covered point: there it is doing good work."""
        index = self._index(question)
        earning = {e for p in points if p.score >= COVERED for e in p.evidence}
        present = {
            "numbers": structure.numbers,
            "example": structure.example,
            "framework": bool(structure.frameworks),
            "plan": structure.plan,
        }
        hits = []
        for pitfall, signs in zip(question.pitfalls, index.signs, strict=True):
            evidence = [
                s
                for s, b, j in zip(answer.sentences, answer.bases, answer.joined, strict=True)
                if s not in earning and not tx.negates(s) and _cue_hits(signs, b, j)
            ]
            absent = all(not present[a] for a in pitfall.absent)
            if pitfall.absent:
                triggered = absent and (bool(evidence) or cue_coverage < 0.2)
            else:
                triggered = bool(evidence)
            if triggered:
                hits.append(PitfallHit(pitfall.id, pitfall.text.get(ui), evidence[:2]))
        return hits

    def _off_topic(
        self, question: Question, answer: _Answer, own: _Coverage
    ) -> tuple[str | None, str | None]:
        """("off-topic", other id) when another question of the pack fits the answer far better;
        ("not-on-point", None) when the answer has little to do with this question."""
        own_ids = {question.id, question.parent}
        pool = self.pack.all_questions() if question.is_case else self.pack.questions
        others = [q for q in pool if q.id not in own_ids]
        # Cheap semantic pass over every other question, cue matching for the closest few.
        semantic = sorted(
            ((self._coverage(answer, self._index(o), with_cues=False), o) for o in others),
            key=lambda pair: -(pair[0].semantic + pair[0].relevance),
        )
        best, closer = 0.0, None
        for _, other in semantic[:OFF_TOPIC_CANDIDATES]:
            cov = self._coverage(answer, self._index(other))
            margin = (
                (cov.semantic - own.semantic)
                + (cov.relevance - own.relevance)
                + 0.5 * (cov.cues - own.cues)
            )
            if margin > best:
                best, closer = margin, other.id
        if best >= OFF_TOPIC_MARGIN:
            return "off-topic", closer
        if own.relevance < OFF_TOPIC_MIN_RELEVANCE or (
            own.cues == 0 and own.relevance < OFF_TOPIC_NO_CUES_RELEVANCE
        ):  # none of this question's vocabulary and little semantic overlap
            return "not-on-point", None
        index = self._index(question)
        if question.is_case and own.cues == 0 and index.scenario is not None:
            # A case answer has to engage with the scenario it was given.
            assert answer.vectors is not None
            scenario = float((index.scenario @ _unit(answer.vectors)).max())
            if scenario < CASE_SCENARIO_MIN:
                return "not-on-point", None
        return None, None

    @staticmethod
    def _stuffed(body: str, lang: str) -> bool:
        """A list of buzzwords: almost no particles or stopwords, or many very short items."""
        ratio = tx.function_word_ratio(body, lang)
        if ratio < STUFFED_FUNCTION_WORDS:
            return True
        items = [p.strip() for p in re.split(r"[,、・;/\n。.!?！？]", body) if p.strip()]
        sizes = sorted(len(p.split()) if lang == "en" else len(p) for p in items)
        median = sizes[len(sizes) // 2] if sizes else 0
        return (
            len(items) >= STUFFED_ITEMS
            and median <= STUFFED_ITEM_SIZE[lang]
            and ratio < STUFFED_LIST_FUNCTION_WORDS
        )

    def _minimal(
        self, question: Question, ui: str, lang: str, delivery: Delivery, flags: list[str]
    ) -> Evaluation:
        points = [PointScore(p.id, p.text.get(ui), 0.0, [], "missing") for p in question.points]
        structure = Structure()
        strengths, improvements = self._advice(question, ui, points, structure, [], flags)
        return Evaluation(
            question=question.id,
            lang=lang,
            overall=1.0,
            points=points,
            pitfalls=[],
            structure=structure,
            delivery=delivery,
            strengths=strengths,
            improvements=improvements,
            follow_up=self._follow_up(question, ui, points),
            backend=BACKEND,
            model=MODEL,
            fallback=None,
            versions=self._versions(),
            notes=[],
            flags=flags,
        )

    @staticmethod
    def _follow_up(
        question: Question, ui: str, points: list[PointScore]
    ) -> FollowUpQuestion | None:
        follow = weakest_follow_up(question, points)
        if follow is None:
            return None
        return FollowUpQuestion(follow.text.get(ui), follow.id, list(follow.targets))

    def _advice(
        self,
        question: Question,
        ui: str,
        points: list[PointScore],
        structure: Structure,
        pitfalls: list[PitfallHit],
        flags: list[str],
    ) -> tuple[list[str], list[str]]:
        return advise(question, ui, points, structure, pitfalls, flags)

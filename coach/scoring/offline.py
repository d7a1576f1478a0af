"""The embedded offline scorer: screen, measure, predict.

1. The answer's language is read from its text (the `lang` given only breaks a tie); matching
   runs on NFKC text, evidence quotes it as typed.
2. `flags.screen` sets aside what cannot earn credit: text addressed to the grader, repeats,
   sentences recited from the model answer or rubric, the question echoed back.
3. `features.measure` reads the rest against the question (similarity to each point, the model
   answer and the question; cues; specificity; list shape; dismissals; fit to other questions).
4. A model fitted on graded answers of several packs (`model.json`) turns the features into the
   overall score; an answer that addressed the grader, or is more than half recited, is
   capped. Points, pitfalls, advice and a
   confidence are added, and the `Evaluation` is built here, once.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from coach.packs.model import Pack, Question
from coach.scoring import text as tx
from coach.scoring.advice import advise, too_brief, weakest_follow_up
from coach.scoring.attempt import Attempt
from coach.scoring.embed import ENCODER, Vectors
from coach.scoring.evaluation import (
    Delivery,
    Evaluation,
    Flag,
    FollowUpQuestion,
    PitfallHit,
    PointScore,
    Structure,
)
from coach.scoring.features import Measured, measure
from coach.scoring.flags import Parsed, Screen, Sentence, screen
from coach.scoring.index import QuestionIndex, build_index, centroid, cue_hits
from coach.scoring.measure import delivery_of, structure_of
from coach.scoring.model import TUNING, ScoreModel, Tuning, shipped_model

BACKEND = "offline"
MODEL = "use-multilingual-v3+sudachi"


@dataclass
class Assessment:
    screen: Screen | None
    measured: Measured | None
    flags: dict[Flag, list[str]]
    fixed: float | None = None  # the score when there is nothing for the model to judge
    cap: float = 5.0  # the most it can score (text for the grader, or mostly recited: 2.0)
    penalty: float = 0.0  # taken off first: text for the grader is never neutral

    def bound(self, value: float) -> float:
        return bound(value, self.cap, self.penalty)


def bound(value: float, cap: float, penalty: float) -> float:
    """The model's score less any penalty, at most `cap`, never below 1."""
    return max(1.0, min(value - penalty, cap))


@dataclass
class _Verdict:
    overall: float
    points: list[PointScore]
    pitfalls: list[PitfallHit]
    structure: Structure
    flags: dict[Flag, list[str]]
    notes: list[str]
    confidence: float
    reason: str | None
    unsure: frozenset[Flag] = frozenset()  # flags raised on thin evidence: advice says "may"
    brief: int = 0  # the answer touches its points well but is short: the usual size, else 0


class OfflineScorer:
    """Scores answers to one pack's questions. Thread-safe; indexes are built once per question."""

    name = BACKEND
    in_process = True

    def __init__(
        self,
        pack: Pack,
        notify: Callable[..., None] | None = None,
        model: ScoreModel | None = None,
        tuning: Tuning = TUNING,
    ) -> None:
        self.pack = pack
        self.notify = notify
        self.tuning = tuning
        self._model = model
        self._indexes: dict[str, QuestionIndex] = {}
        self._lock = threading.Lock()
        self._told: set[str] = set()
        self._field: Vectors | None = None

    @property
    def model(self) -> ScoreModel:
        if self._model is None:
            self._model = shipped_model()
        return self._model

    def warm_up(self) -> None:
        """Load the models and index the pack's questions in the background, while the user
        reads the first question, so the first answer is not slow."""
        ENCODER.warm_up()
        threading.Thread(target=self._index_all, name="coach-index", daemon=True).start()

    def _index_all(self) -> None:
        if ENCODER.ready():
            for question in self.pack.all_questions():
                self.index(question)
            self._domain()

    def index(self, question: Question) -> QuestionIndex:
        with self._lock:
            cached = self._indexes.get(question.id)
            if cached is None:
                cached = build_index(self.pack, question)
                self._indexes[question.id] = cached
            return cached

    # -- the three steps ----------------------------------------------------------------
    def parse(self, answer: str, lang: str | None = None) -> Parsed:
        """Sentences as typed, their NFKC forms, base forms and vectors; the language."""
        typed = unicodedata.normalize("NFC", answer or "").strip()
        lang = tx.detect_lang(tx.normalize(typed), hint=lang)
        sentences = []
        for text in tx.split_sentences(typed):
            key = tx.normalize(text).lower()
            toks = tx.tokens(key, lang)
            sentences.append(
                Sentence(
                    text=text,
                    key=key,
                    lang=tx.detect_lang(key, hint=lang),
                    bases=frozenset(tx.content_bases(toks)),
                    joined=("" if lang == "ja" else " ").join(t.base for t in toks),
                )
            )
        vectors = ENCODER.encode([s.key for s in sentences]) if sentences else None
        return Parsed(lang=lang, sentences=sentences, vectors=vectors)

    def features(self, question: Question, parsed: Parsed) -> tuple[Screen, Measured]:
        """The screen and the measured features (what the model reads; used by the fit too)."""
        index = self.index(question)
        screened = screen(parsed, index, self.tuning)
        others = self._others(question)
        return screened, measure(parsed, screened, index, others, self.tuning, self._domain())

    def _domain(self) -> Vectors | None:
        """The centre of the pack's field: its model answers (or points, where it has none)."""
        if self._field is None:
            rows = []
            for q in self.pack.all_questions():
                index = self.index(q)
                if index.model_vecs is not None and len(index.model_vecs):
                    rows.append(index.model_vecs)
                else:
                    rows += [p.refs for p in index.points if p.refs is not None]
            self._field = centroid(np.concatenate(rows)) if rows else None
        return self._field

    def _others(self, question: Question) -> list[QuestionIndex]:
        """The questions an answer could have been meant for instead. A follow-up narrows its
        question down, so a direct answer to it is never "another question's"."""
        if question.parent is not None:
            return []
        own = {question.id, question.parent}
        pool = self.pack.all_questions() if question.is_case else self.pack.questions
        return [self.index(q) for q in pool if q.id not in own]

    # -- scoring ------------------------------------------------------------------------
    def score(self, attempt: Attempt, feedback_lang: str | None = None) -> Evaluation:
        """Score the attempt; texts in the result are in `feedback_lang` (default: the answer's)."""
        parsed = self.parse(attempt.text, attempt.lang)
        ui = self.pack.ui_lang(feedback_lang or parsed.lang)
        typed = unicodedata.normalize("NFC", attempt.text or "").strip()
        delivery = delivery_of(typed, parsed.lang, attempt.seconds, attempt.budget)
        verdict = self._judge(attempt.question, parsed, ui)
        return self._evaluation(attempt.question, parsed.lang, ui, delivery, verdict)

    def assess(self, question: Question, parsed: Parsed) -> Assessment:
        """Everything short of the model's verdict: the screen, the features, the flags, and
        what bounds the score (the fit uses exactly this, so it learns what scoring sees)."""
        index = self.index(question)
        expected = index.expected.get(parsed.lang, index.expected["en"])
        whole = "\n".join(s.key for s in parsed.sentences)
        size = parsed.size()
        if size < self.tuning.floor(parsed.lang) or tx.gibberish_score(whole, parsed.lang) > 0.5:
            flag = Flag.TOO_SHORT if size < self.tuning.floor(parsed.lang) else Flag.GIBBERISH
            return Assessment(None, None, {flag: []}, fixed=1.0)
        screened, measured = self.features(question, parsed)
        flags: dict[Flag, list[str]] = {**screened.hits, **measured.hits}
        if not screened.keep:  # nothing left that can earn credit
            return Assessment(screened, measured, flags, fixed=1.0)
        if parsed.size(screened.keep) < self.tuning.too_short_share * expected:
            flags.setdefault(Flag.TOO_SHORT, [])
        cap, penalty = 5.0, 0.0
        if Flag.GRADER_INJECTION in flags:
            cap, penalty = min(cap, self.tuning.injection_cap), self.tuning.injection_penalty
        if screened.shares.get(Flag.RECITED, 0.0) > self.tuning.recital_share:
            cap = min(cap, self.tuning.recital_cap)  # the rest is scored, but it was a recital
        if (  # the question said back, as a whole or in most of its sentences: no answer at all
            Flag.QUESTION_ECHO in measured.hits
            or screened.shares.get(Flag.QUESTION_ECHO, 0.0) > self.tuning.recital_share
        ):
            cap = min(cap, self.tuning.recital_cap)
        # what the rules missed, the fitted detectors may see; they mark, they never cap
        x = measured.vector(self.model.features)
        for name, detector in self.model.detectors.items():
            flag = Flag(name)
            if flag not in flags and detector.fires(x):
                flags[flag] = self._evidence(flag, question, parsed, screened.keep)
        return Assessment(screened, measured, flags, cap=cap, penalty=penalty)

    def _evidence(
        self, flag: Flag, question: Question, parsed: Parsed, keep: list[int]
    ) -> list[str]:
        """The sentence that shows a detector's flag best: for an echo the one nearest the
        question, for nonsense the one densest in the rubric's words."""
        index = self.index(question)
        if flag is Flag.QUESTION_ECHO and parsed.vectors is not None:
            if index.question_vecs is not None and keep:
                near = (parsed.vectors[keep] @ index.question_vecs.T).max(axis=1)
                return [parsed.sentences[keep[int(np.argmax(near))]].text]
        if flag is Flag.NONSENSE and keep:
            dense = max(keep, key=lambda i: len(parsed.sentences[i].bases & index.vocabulary))
            return [parsed.sentences[dense].text]
        return []

    def _judge(self, question: Question, parsed: Parsed, ui: str) -> _Verdict:
        index = self.index(question)
        expected = index.expected.get(parsed.lang, index.expected["en"])
        assessed = self.assess(question, parsed)
        flags = assessed.flags
        if assessed.fixed is not None or assessed.screen is None or assessed.measured is None:
            return self._nothing(question, ui, flags)
        screened, measured = assessed.screen, assessed.measured
        kept = [parsed.sentences[i] for i in screened.keep]
        # text for the grader was scored as if absent (the screen set it aside), then marked
        # down and capped: whatever else it adds (a closing line, a filler), it cannot profit
        overall = assessed.bound(self.model.predict(measured.vector(self.model.features)))
        points = [
            PointScore(
                id=point.id,
                text=point.text.get(ui),
                score=round(5 * match.probability, 1),
                evidence=[parsed.sentences[i].text for i in sorted(match.evidence)],
                note="" if match.evidence else "missing",
            )
            for point, match in zip(question.points, measured.points, strict=True)
        ]
        waved_away = set(flags.get(Flag.DISMISSAL, []))  # no credit for what was rejected
        structure = structure_of([s.text for s in kept if s.text not in waved_away], index.terms)
        pitfalls = self._pitfalls(question, index, ui, kept, structure, measured, points)
        if Flag.OFF_TOPIC in flags:  # an answer to something else falls into none of these
            pitfalls = []
        notes = [f"closer-to:{measured.closer}"] if measured.closer else []
        confidence, reason = self._confidence(question, parsed, measured, expected)
        # another question fits better, but not by much: plain words can hide the link to this one
        unsure = frozenset({Flag.OFF_TOPIC} if self._near_miss(measured) else ())
        # the points it touches score well, the whole does not: say why, or the scores disagree
        touched = [p.score for p in points if p.evidence]
        brief = (
            bool(touched)
            and Flag.TOO_SHORT not in flags  # that says so already
            and parsed.size(screened.keep) < self.tuning.brief_share * expected
            and sum(touched) / len(touched) - overall >= self.tuning.brief_gap
        )
        return _Verdict(
            overall=round(overall, 1),
            points=points,
            pitfalls=pitfalls,
            structure=structure,
            flags=flags,
            notes=notes,
            confidence=confidence,
            reason=reason,
            unsure=unsure,
            brief=int(round(expected, -1)) if brief else 0,
        )

    def _near_miss(self, measured: Measured) -> bool:
        """Taken for an answer to another question that fits only a little better."""
        return (
            measured.closer is not None
            and Flag.OFF_TOPIC in measured.hits
            and measured.values["off_topic"] < self.tuning.off_topic_clear
        )

    def _nothing(self, question: Question, ui: str, flags: dict[Flag, list[str]]) -> _Verdict:
        """Nothing that can earn credit: the lowest score, every point missing."""
        points = [PointScore(p.id, p.text.get(ui), 0.0, [], "missing") for p in question.points]
        return _Verdict(1.0, points, [], Structure(), flags, [], 0.9, None)

    def _confidence(
        self, question: Question, parsed: Parsed, measured: Measured, expected: float
    ) -> tuple[float, str | None]:
        """How much the score can be trusted, and why not when it is low."""
        values = measured.values
        reasons: list[tuple[float, str]] = []
        if parsed.vectors is None:
            reasons.append((0.3, "no-encoder"))
        if parsed.lang not in self.pack.languages:
            reasons.append((0.6, "language"))
        if parsed.size() < 0.35 * expected:
            reasons.append((0.6, "short"))
        if values["cues"] < 0.12 and 0.3 <= values["sem_points"] <= 0.45:
            reasons.append((0.55, "few-cues"))
        if self.index(question).short:  # whether one sentence is right is beyond similarity
            reasons.append((0.6, "conceptual"))
        if self._near_miss(measured):
            reasons.append((0.5, "neighbour"))
        if not reasons:
            return 0.9, None
        value, reason = min(reasons)
        return value, reason

    def _pitfalls(
        self,
        question: Question,
        index: QuestionIndex,
        ui: str,
        kept: list[Sentence],
        structure: Structure,
        measured: Measured,
        points: list[PointScore],
    ) -> list[PitfallHit]:
        """Pitfalls the answer falls into. A sign does not count in a sentence that negates it
        ("I never discount") or that earns a covered point: there it is doing good work."""
        earning = {e for p in points if p.score >= self.tuning.covered for e in p.evidence}
        present = {
            "numbers": structure.numbers,
            "example": structure.example,
            "framework": bool(structure.frameworks),
            "plan": structure.plan,
        }
        hits = []
        for pitfall, signs in zip(question.pitfalls, index.signs, strict=True):
            evidence = [
                s.text
                for s in kept
                if s.text not in earning
                and (not tx.negates(s.key) or tx.dismisses(s.key))
                and cue_hits(signs, s.bases, s.joined)
            ]
            if pitfall.absent:
                absent = all(not present[a] for a in pitfall.absent)
                triggered = absent and (bool(evidence) or measured.values["cues"] < 0.2)
            else:
                triggered = bool(evidence)
            if triggered:
                hits.append(PitfallHit(pitfall.id, pitfall.text.get(ui), evidence[:2]))
        return hits

    def _evaluation(
        self, question: Question, lang: str, ui: str, delivery: Delivery, verdict: _Verdict
    ) -> Evaluation:
        flag_ids = [str(f) for f in verdict.flags]
        strengths, improvements = advise(
            question,
            ui,
            verdict.points,
            verdict.structure,
            verdict.pitfalls,
            flag_ids,
            unsure=verdict.unsure,
        )
        if verdict.brief:  # first: it is why the overall sits below the points beside it
            improvements = [too_brief(ui, lang, verdict.brief), *improvements][:3]
        follow = weakest_follow_up(question, verdict.points)
        return Evaluation(
            question=question.id,
            lang=lang,
            overall=float(np.clip(verdict.overall, 1.0, 5.0)),
            points=verdict.points,
            pitfalls=verdict.pitfalls,
            structure=verdict.structure,
            delivery=delivery,
            strengths=strengths,
            improvements=improvements,
            follow_up=(
                FollowUpQuestion(follow.text.get(ui), follow.id, list(follow.targets))
                if follow is not None
                else None
            ),
            backend=BACKEND,
            model=MODEL,
            fallback=None,
            versions={"scorer": self.model.version, "prompt": "-", "pack": self.pack.version},
            notes=verdict.notes + self._degraded(),
            flags=flag_ids,
            flag_evidence={str(f): list(e) for f, e in verdict.flags.items()},
            confidence=verdict.confidence,
            confidence_reason=verdict.reason,
        )

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

"""`coach drill`: one question, answer, feedback; retry, model answer, follow-up.

Plain Python: the terminal comes in as a `DrillIO`."""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, cast

from coach.backends import Scorer
from coach.errors import CoachError
from coach.packs.model import FollowUp, FollowUpRef, Pack, Question, Text
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import Evaluation, FollowUpQuestion
from coach.session.choices import MenuChoice, NextStep
from coach.session.recorder import SessionRecorder
from coach.session.types import Answer as Answer  # its old home: still importable here
from coach.store import AnswerRow, SessionKind, SessionRow, SessionStatus, Store
from coach.voice.transcript import Transcriber, Transcript


class DrillIO(Protocol):
    """The terminal (or a test script) the drill talks to."""

    def show_question(self, question: Question, budget: int) -> None: ...

    def read_answer(self, question: Question, budget: int) -> Answer: ...

    def show_feedback(self, evaluation: Evaluation, previous: Evaluation | None) -> None: ...

    def next_step(self, can_follow_up: bool) -> NextStep: ...

    def show_model_answer(self, question: Question) -> None: ...


class Listener(Protocol):
    """A DrillIO that hears spoken answers: it records into `audio_to` (on disk before it is
    transcribed), calls `keep(None)` once a take ends with a recording (and `keep(transcript)`
    once it is heard), and returns the corrected text with the recording and the raw
    transcript."""

    def read_answer(
        self,
        question: Question,
        budget: int,
        *,
        audio_to: Path,
        keep: Callable[[Transcript | None], None],
    ) -> Answer: ...


@dataclass
class DrillResult:
    evaluations: list[Evaluation] = field(default_factory=list)
    session_id: str | None = None
    interrupted: bool = False  # quit while answering (Ctrl-C menu), not after feedback


GENERATED = "generated"


def follow_up_question(
    question: Question, follow: FollowUpQuestion, languages: tuple[str, ...]
) -> Question:
    """The follow-up to ask: the pack's own, or one an LLM backend wrote from what was missed."""
    own = next((f for f in question.follow_ups if f.id == follow.id), None)
    if own is None:
        own = FollowUp(
            GENERATED, Text(dict.fromkeys(languages, follow.text)), tuple(follow.targets)
        )
    return question.as_follow_up(own)


def pick_question(
    pack: Pack,
    question_id: str | None,
    *,
    randomly: bool = False,
    weakest: bool = False,
    store: Store | None = None,
    rng: random.Random | None = None,
) -> Question | None:
    """The question to drill: by id, at random, or the weakest from history."""
    if question_id:
        return pack.find(question_id)
    if weakest and store is not None:
        weakest_ids = weakest_questions(pack, store)
        if weakest_ids:
            return pack.find(weakest_ids[0])
    if randomly or weakest:
        return (rng or random.Random()).choice(pack.all_questions())
    return None


def weakest_questions(pack: Pack, store: Store, limit: int = 3) -> list[str]:
    """Question ids by their latest score, lowest first (only questions answered before)."""
    scores = store.question_scores(pack.id)
    latest = {qid: runs[-1][1] for qid, runs in scores.items() if pack.find(qid)}
    return sorted(latest, key=lambda qid: (latest[qid], qid))[:limit]


def run_drill(
    pack: Pack,
    question: Question,
    scorer: Scorer,
    io: DrillIO,
    lang: str,
    store: Store | None = None,
    model: str | None = None,
    *,
    listen: bool = False,
    keep_audio: bool = True,
) -> DrillResult:
    """Ask, save, score, show; loop on the candidate's choice. `listen`: the answers are spoken
    (the IO records each into a file of the session's audio folder, committed as the answer
    before it is transcribed). Only a real end finishes the session: after a crash it stays
    unfinished, and a recording it holds is transcribed and scored by `resume_drill`."""
    read_ahead = getattr(io, "read_ahead", None)  # a voice can start on the question meanwhile
    if read_ahead is not None:
        read_ahead(question)
    scorer.warm_up()
    recorder = SessionRecorder(store, pack, lang, keep_audio=keep_audio)
    result = DrillResult(session_id=_start(recorder, scorer, model, question))
    drill = _Drill(pack, question, scorer, io, recorder, result, listen)
    drill.loop()
    recorder.end()
    return result


def _start(
    recorder: SessionRecorder, scorer: Scorer, model: str | None, question: Question
) -> str | None:
    return recorder.start(SessionKind.DRILL, scorer.name, model, {"question": question.id})


@dataclass
class _Drill:
    """The steps of one drill: ask, record, score, show, then what the candidate picks."""

    pack: Pack
    question: Question
    scorer: Scorer
    io: DrillIO
    recorder: SessionRecorder
    result: DrillResult
    listen: bool
    committed: int | None = None  # the row a recording was committed as, before transcription
    recording: Path | None = None  # where the answer being read is recorded

    def loop(self) -> None:
        current = self.question
        previous: Evaluation | None = None
        parent_answer: int | None = None
        while True:
            budget = self._budget(current)
            parent = parent_answer if current.parent else None
            answer = self._ask(current, budget, parent)
            if answer.text is None or answer.menu_choice is not None:  # quit (or skip)
                if self.committed is not None:  # a recording quit while it was corrected
                    self.recorder.drop(self.committed, self.recording)
                self.result.interrupted = answer.menu_choice != MenuChoice.SKIP
                return
            if self.committed is not None:
                answer_id: int | None = self.recorder.complete(self.committed, answer)
            else:
                answer_id = self.recorder.record(current, answer, budget, parent_id=parent)
            evaluation = self._score(current, answer, answer_id, budget)
            self.io.show_feedback(evaluation, previous)
            step = self._next_step(evaluation, current)
            if step == NextStep.RETRY:
                previous = evaluation
            elif step == NextStep.FOLLOW and evaluation.follow_up:
                parent_answer = answer_id
                current = follow_up_question(
                    self.question, evaluation.follow_up, self.pack.languages
                )
                previous = None
            else:
                return

    def _budget(self, current: Question) -> int:
        session = self.pack.session
        return session.follow_up_seconds if current.parent else session.answer_seconds

    def _ask(self, current: Question, budget: int, parent: int | None) -> Answer:
        self.io.show_question(current, budget)
        self.committed = None
        if not self.listen:
            return self.io.read_answer(current, budget)
        listener = cast(Listener, self.io)
        audio_to = self.recording = self.recorder.audio_path(current)

        def keep(transcript: Transcript | None) -> None:
            """The recording is committed as the answer (no text yet) before it is heard."""
            if transcript is None and self.committed is None:
                recording = Answer("", audio=str(audio_to))
                self.committed = self.recorder.record(current, recording, budget, parent_id=parent)

        return listener.read_answer(current, budget, audio_to=audio_to, keep=keep)

    def _score(
        self, current: Question, answer: Answer, answer_id: int | None, budget: int
    ) -> Evaluation:
        scoring = getattr(self.io, "scoring", None)  # a sign of work while it scores, if any
        with scoring() if scoring is not None else nullcontext():
            attempt = Attempt(
                current, answer.text or "", None, answer.answer_seconds or None, budget
            )
            evaluation = self.scorer.score(attempt, feedback_lang=self.recorder.lang)
        evaluation = self.recorder.evaluate(
            answer_id, evaluation, answer.transcript, answer.before_recording
        )
        self.result.evaluations.append(evaluation)
        return evaluation

    def _next_step(self, evaluation: Evaluation, current: Question) -> NextStep:
        can_follow = bool(evaluation.follow_up and evaluation.follow_up.id and not current.parent)
        while True:
            step = self.io.next_step(can_follow)
            if step != NextStep.MODEL:
                return step
            self.io.show_model_answer(self.question)


class _GivenAnswer:
    """DrillIO for an answer written beforehand (--answer-file): answer once, then quit."""

    def __init__(self, text: str) -> None:
        self.text = text

    def show_question(self, question: Question, budget: int) -> None:
        pass

    def read_answer(self, question: Question, budget: int) -> Answer:
        return Answer(self.text)

    def show_feedback(self, evaluation: Evaluation, previous: Evaluation | None) -> None:
        pass

    def next_step(self, can_follow_up: bool) -> NextStep:
        return NextStep.QUIT

    def show_model_answer(self, question: Question) -> None:
        pass


def score_given(
    pack: Pack,
    question: Question,
    scorer: Scorer,
    text: str,
    lang: str,
    store: Store | None = None,
    model: str | None = None,
) -> Evaluation:
    """Save and score one written answer the way a drill attempt is saved and scored."""
    result = run_drill(pack, question, scorer, _GivenAnswer(text), lang, store=store, model=model)
    return result.evaluations[0]


def score_given_audio(
    pack: Pack,
    question: Question,
    scorer: Scorer,
    audio: str | Path,
    transcriber: Transcriber,
    lang: str,
    store: Store | None = None,
    *,
    model: str | None = None,
    seconds: float | None = None,
    keep_audio: bool = True,
) -> Evaluation:
    """Save, transcribe and score one recorded answer (`--answer-audio`): the recording is copied
    into the session's audio folder and committed as the answer before transcription starts.

    A transcription that times out or hears nothing raises and ends the drill; a crash leaves it
    unfinished (for `resume_drill`). Either way the answer and its recording are kept."""
    scorer.warm_up()
    recorder = SessionRecorder(store, pack, lang, keep_audio=keep_audio)
    _start(recorder, scorer, model, question)
    budget = pack.session.answer_seconds
    try:
        answer_id, copy = recorder.record_audio(question, audio, budget, seconds)
        transcript = _transcribe(transcriber, copy, pack.ui_lang(lang))
        recorder.transcribed(answer_id, transcript, str(copy), text=True)
        attempt = Attempt(question, transcript.text, None, seconds, budget)
        evaluation = scorer.score(attempt, feedback_lang=lang)
        evaluation = recorder.evaluate(answer_id, evaluation, transcript)
    except CoachError:
        recorder.end()  # said in one line: an end, not a crash
        raise
    recorder.end()
    return evaluation


def drill_to_resume(store: Store, limit: int = 50) -> tuple[SessionRow, AnswerRow] | None:
    """The latest unfinished drill holding a recording never transcribed (a crash came between
    recording and correction), with that recording's answer row."""
    for row in store.sessions(SessionKind.DRILL, limit=limit, status=SessionStatus.ACTIVE):
        waiting = [a for a in store.untranscribed(row.id) if a.evaluation is None]
        if waiting:
            return row, waiting[-1]
    return None


def resume_drill(
    pack: Pack,
    session: SessionRow,
    answer: AnswerRow,
    scorer: Scorer,
    transcriber: Transcriber,
    lang: str,
    store: Store,
    *,
    keep_audio: bool = True,
) -> Evaluation:
    """`coach drill --resume`: the recording an unfinished drill kept is transcribed and scored
    as `--answer-audio` would be (the same row gains the transcript), then the drill ends."""
    question = question_of(pack, answer)
    if question is None or answer.audio_path is None:
        raise CoachError("drill.nothing_to_resume")
    scorer.warm_up()
    recorder = SessionRecorder(store, pack, lang, keep_audio=keep_audio, session_id=session.id)
    transcript = _transcribe(transcriber, Path(answer.audio_path), pack.ui_lang(lang))
    recorder.transcribed(answer.id, transcript, answer.audio_path, text=True)
    attempt = Attempt(question, transcript.text, None, answer.answer_seconds, answer.budget_seconds)
    evaluation = scorer.score(attempt, feedback_lang=lang)
    evaluation = recorder.evaluate(answer.id, evaluation, transcript)
    recorder.end()
    return evaluation


def question_of(pack: Pack, answer: AnswerRow) -> Question | None:
    """The question (or follow-up) a stored answer replied to."""
    ref = FollowUpRef.parse(answer.question_id)
    question = pack.find(FollowUpRef.root(answer.question_id))
    if question is None or ref is None:
        return question
    return follow_up_question(
        question, FollowUpQuestion(answer.question_text, ref.follow_up_id), pack.languages
    )


def _transcribe(transcriber: Transcriber, audio: Path, lang: str) -> Transcript:
    """What was heard in a recorded answer already saved; a timeout or silence says where the
    recording is kept."""
    from coach.voice.stt import TranscriptionTimeout

    try:
        transcript = transcriber.transcribe(str(audio), lang)
    except TranscriptionTimeout as exc:
        raise CoachError(
            "drill.audio_timeout", seconds=exc.params["seconds"], path=str(audio)
        ) from None
    if not transcript.text.strip():
        raise CoachError("drill.audio_silent", path=str(audio))
    return transcript

"""`coach practice`: the timed panel. Plain Python: terminal, scorer, store and clock come in.

Every answer is committed to the store before it is scored; scoring runs in a background
thread so the candidate never waits between questions; `resume` picks up an unfinished session.
Text typed before "quit" is a draft of its question (offered back on resume), never an answer.
A spoken answer is its question's draft from the moment its recording ends (before it is
transcribed) until it is submitted, so a crash while transcribing or correcting loses nothing.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, cast

from coach.backends import Scorer
from coach.errors import CoachError
from coach.packs.model import Area, FollowUpRef, Pack, Question
from coach.scoring.advice import weakest_follow_up
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import Evaluation, FollowUpQuestion
from coach.session.choices import MenuChoice
from coach.session.drill import GENERATED, follow_up_question, question_of
from coach.session.plan import Plan, PlanItem
from coach.session.recorder import SessionRecorder, stored
from coach.session.types import Answer, SessionClock
from coach.store import AnswerKind, AnswerRow, DraftRow, SessionKind, SessionStatus, Store
from coach.voice.transcript import Transcriber, Transcript

FOLLOW_UP_WAIT = 2.0  # seconds to wait for a remote score before choosing the follow-up anyway
# What a question ends with: None goes on; END and QUIT stop the session; after a follow-up,
# SKIP stops its question's follow-ups.
Verdict = MenuChoice | None


class PracticeIO(Protocol):
    """The terminal (or a script) the session talks to."""

    def show_plan(self, pack: Pack, plan: Plan) -> bool: ...  # False: do not start

    def introduce(self, area: Area) -> None: ...

    def show_question(
        self, question: Question, item: PlanItem, number: int, total: int, follow_up: bool
    ) -> None: ...

    def read_answer(
        self,
        question: Question,
        budget: int,
        session_status: Callable[[], SessionClock],
        *,
        draft: str = "",
    ) -> Answer: ...  # `draft`: text kept from a quit, to continue from

    def show_feedback(self, evaluation: Evaluation) -> None: ...

    def scoring_wait(self, pending: int) -> None: ...

    def scoring(self) -> AbstractContextManager[object]: ...  # a sign of work while it waits


class Listener(Protocol):
    """A PracticeIO that hears spoken answers: it records into `audio_to` (on disk before it is
    transcribed), calls `keep(None)` once a take ends with a recording and `keep(transcript)`
    once it is heard, and returns the corrected text with the recording and the raw
    transcript."""

    def read_answer(
        self,
        question: Question,
        budget: int,
        session_status: Callable[[], SessionClock],
        *,
        draft: str = "",
        audio_to: Path,
        keep: Callable[[Transcript | None], None],
    ) -> Answer: ...


@dataclass
class Outcome:
    session_id: str
    status: SessionStatus  # FINISHED, or ACTIVE (quit without scoring: resumable)
    answers: list[AnswerRow] = field(default_factory=list)


class Practice:
    def __init__(
        self,
        pack: Pack,
        scorer: Scorer,
        store: Store,
        io: PracticeIO,
        lang: str,
        *,
        feedback_each: bool = False,
        clock: Callable[[], float] = time.monotonic,
        model: str | None = None,
        listen: bool = False,
        keep_audio: bool = True,
        transcriber: Transcriber | None = None,
    ) -> None:
        """`listen`: answers are spoken; `transcriber` reads recordings a crash left without a
        transcript (on `resume`); `keep_audio=False` deletes each recording once transcribed."""
        self.pack, self.scorer, self.store, self.io, self.lang = pack, scorer, store, io, lang
        self.feedback_each, self.clock, self.model = feedback_each, clock, model
        self.listen, self.transcriber = listen, transcriber
        self.recorder = SessionRecorder(store, pack, lang, keep_audio=keep_audio)
        self._pool: ThreadPoolExecutor | None = None  # one per run: a Practice can run again
        self._pending: dict[int, Future[Evaluation]] = {}
        self._started = 0.0
        self._minutes = 0
        self._drafts: dict[str, DraftRow] = {}
        self._warmed = False

    def _warm_up(self) -> None:
        """Load the scorer's models in the background while the user reads the plan and the
        first question, so the first answer waits no longer than the others."""
        if not self._warmed:
            self._warmed = True
            self.scorer.warm_up()

    # -- scoring in the background ------------------------------------------------------
    def _score_later(
        self,
        answer_id: int,
        question: Question,
        text: str,
        seconds: float | None,
        budget: int | None,
        spoken: Answer | None = None,
    ) -> Future[Evaluation]:
        """`spoken`: the answer was spoken; its evaluation gains the transcript and delivery."""
        transcript = spoken.transcript if spoken is not None else None
        before = spoken.before_recording if spoken is not None else None

        def job() -> Evaluation:
            attempt = Attempt(question, text, None, seconds, budget)
            evaluation = self.scorer.score(attempt, feedback_lang=self.lang)
            return self.recorder.evaluate(answer_id, evaluation, transcript, before)

        if self._pool is None:  # made per run (resume scores before it runs), shut at its end
            self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="coach-score")
        future = self._pool.submit(job)
        self._pending[answer_id] = future
        return future

    def _drain(self) -> None:
        waiting = [f for f in self._pending.values() if not f.done()]
        if waiting:
            self.io.scoring_wait(len(waiting))
        with self.io.scoring() if waiting else contextlib.nullcontext():
            for future in self._pending.values():
                try:
                    future.result()
                except Exception:  # noqa: BLE001, S110 - the answer is saved; --resume rescores
                    pass
        self._pending.clear()

    def close(self, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None
        self._pending.clear()  # the next run starts with none of this run's scores

    def elapsed(self) -> float:
        """Seconds on the session clock, including the time used before a quit."""
        return self.clock() - self._started

    def status(self) -> SessionClock:
        """The session clock for the toolbar (the UI words it)."""
        return SessionClock(self.elapsed(), self._minutes * 60.0)

    # -- the session --------------------------------------------------------------------
    def start(self, plan: Plan) -> Outcome | None:
        self._warm_up()
        if not self.io.show_plan(self.pack, plan):
            return None
        session_id = self.recorder.start(
            SessionKind.PRACTICE, self.scorer.name, self.model, plan.to_dict()
        )
        assert session_id is not None  # a practice always has a store
        return self.run(session_id, plan)

    def resume(self, session_id: str) -> Outcome:
        """Score what never got scored, then continue where the session stopped."""
        row = self.store.session(session_id)
        assert row is not None
        plan = Plan.from_dict(row.plan)
        self._warm_up()
        self.recorder.session_id = session_id
        self._transcribe_recordings(session_id)
        for answer in self.store.unscored(session_id):
            question = question_of(self.pack, answer)
            if question is not None:
                self._score_later(
                    answer.id,
                    question,
                    answer.text,
                    answer.answer_seconds,
                    answer.budget_seconds,
                    _spoken(answer),
                )
        # A session from before the clock was stored: at least the time its answers took.
        used = row.seconds_used or sum(a.answer_seconds or 0 for a in self.store.answers(row.id))
        return self.run(session_id, plan, seconds_used=used)

    def _transcribe_recordings(self, session_id: str) -> None:
        """Recordings a crash or a quit left without a transcript are transcribed now, so their
        answers can be scored (a transcript does not replace text the candidate typed); a
        spoken draft's transcript goes into the editor when its question is asked again."""
        for row in self.store.untranscribed(session_id):
            if self.transcriber is None or row.audio_path is None:
                continue
            transcript = self.transcriber.transcribe(row.audio_path, self.pack.ui_lang(self.lang))
            typed = bool(row.text.strip())
            self.recorder.transcribed(row.id, transcript, row.audio_path, text=not typed)
        for draft in self.store.drafts(session_id).values():
            if self.transcriber is None or draft.audio_path is None or draft.transcript:
                continue
            if not Path(draft.audio_path).is_file():
                continue  # deleted since: the question is asked again with what was typed
            from coach.voice.stt import transcribe_or_partial

            lang = self.pack.ui_lang(self.lang)
            heard, _ = transcribe_or_partial(self.transcriber, draft.audio_path, lang)
            self.store.save_draft(
                session_id,
                draft.question_id,
                draft.question_text,
                draft.text if draft.text.strip() else heard.text,
                draft.parent_id,
                audio_path=draft.audio_path,
                transcript=stored(heard),
            )

    def run(self, session_id: str, plan: Plan, seconds_used: float = 0.0) -> Outcome:
        self._warm_up()
        self.recorder.session_id = session_id
        self._started, self._minutes = self.clock() - seconds_used, plan.minutes
        self._drafts = self.store.drafts(session_id)
        answers = self.store.answers(session_id)
        done = {a.question_id for a in answers if a.kind == AnswerKind.MAIN}
        answered_follow_ups = {a.question_id for a in answers if a.kind == AnswerKind.FOLLOW_UP}
        last_area: str | None = None
        # only a real end finishes a session: a crash leaves it resumable
        status = SessionStatus.ACTIVE
        try:
            for number, item in enumerate(plan.items, 1):
                question = self.pack.find(item.question)
                if question is None:
                    continue
                if item.question in done:
                    # A follow-up quit half-typed is asked again, with its draft.
                    pending = [
                        d
                        for key, d in self._drafts.items()
                        if FollowUpRef.root(key) == item.question
                        and d.parent_id is not None
                        and key not in answered_follow_ups
                    ]
                    if not pending:
                        continue
                    verdict = self._ask_drafted_follow_up(
                        session_id, question, pending[0], item, number, len(plan.items)
                    )
                else:
                    area = self.pack.area(item.area) if item.area else None
                    if area is not None and item.area != last_area:
                        self.io.introduce(area)
                    last_area = item.area
                    verdict = self._ask(session_id, question, item, number, len(plan.items))
                if verdict in (MenuChoice.END, MenuChoice.QUIT):
                    if verdict == MenuChoice.END:
                        status = SessionStatus.FINISHED
                    break
            else:
                status = SessionStatus.FINISHED
        finally:
            if status == SessionStatus.FINISHED:
                self._drain()
                self.store.end_session(session_id, SessionStatus.FINISHED)
            else:
                with contextlib.suppress(CoachError):  # never hide why the session stopped
                    self.store.set_seconds_used(session_id, self.elapsed())
            self.close(cancel=status != SessionStatus.FINISHED)
        return Outcome(session_id, status, self.store.answers(session_id))

    def _submit(
        self,
        session_id: str,
        question: Question,
        answer: Answer,
        budget: int,
        parent_id: int | None,
    ) -> tuple[int, Future[Evaluation] | None]:
        """Commit the answer, then (unless skipped) score it in the background.

        Text typed before "end" in the Ctrl-C menu is submitted and scored (before "quit" it is
        a draft: see `_quit`)."""
        skipped = answer.menu_choice == MenuChoice.SKIP or not (answer.text or "").strip()
        answer_id = self.recorder.record(
            question, answer, budget, parent_id=parent_id, skipped=skipped
        )
        assert answer_id is not None  # a practice always has a store
        if question.id in self._drafts:
            self.store.drop_draft(session_id, question.id)
            del self._drafts[question.id]
        self.store.set_seconds_used(session_id, self.elapsed())
        if skipped:
            return answer_id, None
        text = answer.text or ""
        return answer_id, self._score_later(
            answer_id, question, text, answer.answer_seconds, budget, answer
        )

    def _quit(
        self, session_id: str, question: Question, answer: Answer, parent_id: int | None
    ) -> MenuChoice:
        """Keep what was typed (or said) as the question's draft (or drop an emptied one); stop."""
        text = answer.text or ""
        if text.strip():
            self.store.save_draft(
                session_id,
                question.id,
                question.text.get(self.pack.ui_lang(self.lang)),
                text,
                parent_id,
                audio_path=answer.audio,
                transcript=stored(answer.transcript) if answer.transcript is not None else None,
            )
        elif question.id in self._drafts:
            self.store.drop_draft(session_id, question.id)
            del self._drafts[question.id]
        return MenuChoice.QUIT

    def _read(self, question: Question, budget: int, parent_id: int | None) -> Answer:
        draft = self._drafts.get(question.id)
        text = "" if draft is None else draft.text
        if self.listen:
            audio_to = self.recorder.audio_path(question)
            listener = cast(Listener, self.io)
            answer = listener.read_answer(
                question,
                budget,
                self.status,
                draft=text,
                audio_to=audio_to,
                keep=self._keeper(question, parent_id, audio_to),
            )
        elif draft is None:
            return self.io.read_answer(question, budget, self.status)
        else:
            answer = self.io.read_answer(question, budget, self.status, draft=text)
        return _with_recording(answer, draft)

    def _keeper(
        self, question: Question, parent_id: int | None, audio_to: Path
    ) -> Callable[[Transcript | None], None]:
        """Keep a spoken answer as the question's draft the moment its recording ends, then
        with what was heard: a crash before it is submitted leaves it for --resume."""
        session_id = self.recorder.session_id
        assert session_id is not None  # a practice always has a store

        def keep(transcript: Transcript | None) -> None:
            draft = DraftRow(
                question.id,
                question.text.get(self.pack.ui_lang(self.lang)),
                parent_id,
                transcript.text if transcript is not None else "",
                str(audio_to),
                stored(transcript) if transcript is not None else None,
            )
            self.store.save_draft(
                session_id,
                draft.question_id,
                draft.question_text,
                draft.text,
                parent_id,
                audio_path=draft.audio_path,
                transcript=draft.transcript,
            )
            self._drafts[question.id] = draft

        return keep

    def _ask_drafted_follow_up(
        self,
        session_id: str,
        question: Question,
        draft: DraftRow,
        item: PlanItem,
        number: int,
        total: int,
    ) -> Verdict:
        """The follow-up a quit interrupted, asked again with its draft."""
        ref = FollowUpRef.parse(draft.question_id)
        follow_id = ref.follow_up_id if ref is not None else ""
        follow_q = follow_up_question(
            question, FollowUpQuestion(draft.question_text, follow_id), self.pack.languages
        )
        self.io.show_question(follow_q, item, number, total, follow_up=True)
        reply = self._read(follow_q, item.follow_up_budget, draft.parent_id)
        return self._follow_up_reply(session_id, follow_q, reply, item, draft.parent_id)

    def _follow_up_reply(
        self,
        session_id: str,
        follow_q: Question,
        reply: Answer,
        item: PlanItem,
        main_id: int | None,
    ) -> Verdict:
        """Save a follow-up's reply; SKIP ends the follow-ups, END/QUIT the session."""
        if reply.menu_choice == MenuChoice.QUIT:
            return self._quit(session_id, follow_q, reply, main_id)
        if reply.menu_choice == MenuChoice.END and not (reply.text or "").strip():
            return MenuChoice.END
        if reply.menu_choice == MenuChoice.SKIP or reply.text is None:
            return MenuChoice.SKIP
        _, follow_future = self._submit(session_id, follow_q, reply, item.follow_up_budget, main_id)
        if reply.menu_choice == MenuChoice.END:
            return MenuChoice.END
        if self.feedback_each:
            self._show(follow_future)
        return None

    def _show(self, future: Future[Evaluation] | None) -> Evaluation | None:
        evaluation = self._wait(future, None) if future is not None else None
        if evaluation is not None:
            self.io.show_feedback(evaluation)
        return evaluation

    def _ask(
        self, session_id: str, question: Question, item: PlanItem, number: int, total: int
    ) -> Verdict:
        """Main question and its follow-ups; returns END/QUIT to stop the session."""
        self.io.show_question(question, item, number, total, follow_up=False)
        answer = self._read(question, item.budget, None)
        if answer.menu_choice == MenuChoice.QUIT:
            return self._quit(session_id, question, answer, None)
        if answer.menu_choice == MenuChoice.END and not (answer.text or "").strip():
            return MenuChoice.END
        main_id, future = self._submit(session_id, question, answer, item.budget, None)
        if answer.menu_choice == MenuChoice.END:
            return MenuChoice.END
        if future is None:
            return None
        if self.feedback_each:
            evaluation = self._show(future)
        else:
            evaluation = self._wait(future, FOLLOW_UP_WAIT if item.follow_ups else 0.0)

        asked: set[str] = set()
        for _ in range(item.follow_ups):
            generated = evaluation.follow_up if evaluation else None
            if generated is not None and generated.id is None and GENERATED not in asked:
                # An LLM backend wrote this one from what the answer missed.
                follow_q = follow_up_question(question, generated, self.pack.languages)
                asked.add(GENERATED)
            else:
                follow = weakest_follow_up(question, evaluation.points if evaluation else [], asked)
                if follow is None:
                    break
                asked.add(follow.id)
                follow_q = question.as_follow_up(follow)
            self.io.show_question(follow_q, item, number, total, follow_up=True)
            reply = self._read(follow_q, item.follow_up_budget, main_id)
            verdict = self._follow_up_reply(session_id, follow_q, reply, item, main_id)
            if verdict == MenuChoice.SKIP:
                break
            if verdict is not None:
                return verdict
        return None

    def _wait(self, future: Future[Evaluation], timeout: float | None) -> Evaluation | None:
        """The evaluation if it arrives within `timeout` (None waits as long as it takes); the
        candidate sees a sign of work while waiting."""
        try:
            if future.done() or timeout == 0:
                return future.result(timeout=timeout)
            with self.io.scoring():
                return future.result(timeout=timeout)
        except FutureTimeout:
            return None
        except Exception:  # noqa: BLE001 - saved; scored again on --resume
            return None


def _with_recording(answer: Answer, draft: DraftRow | None) -> Answer:
    """An answer given from a spoken draft (asked again after a crash or a quit) keeps the
    draft's recording and what was heard in it."""
    if draft is None or draft.audio_path is None or answer.audio is not None or answer.text is None:
        return answer
    return replace(answer, audio=draft.audio_path, transcript=_transcript(draft.transcript))


def _transcript(data: dict[str, Any] | None) -> Transcript | None:
    """A stored transcript back (None when there is none, or it no longer reads)."""
    if data is None:
        return None
    from coach.voice.record import transcript_from_dict

    try:
        return transcript_from_dict(data)
    except ValueError:
        return None


def _spoken(row: AnswerRow) -> Answer | None:
    """A stored spoken answer as the scorer's job sees it (None for a typed one)."""
    transcript = _transcript(row.transcript)
    if transcript is None:
        return None  # typed, or a transcript that no longer reads: scored as written text
    return Answer(row.text, audio=row.audio_path, transcript=transcript)

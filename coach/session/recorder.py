"""One place that writes a session down: start it, record each answer (spoken ones with their
recording and transcript), keep each evaluation, end it. Practice and drill both go through it.

An answer is committed before anything else happens to it; a recording is on disk, and its path
in the row, before it is transcribed, so a crash loses nothing.
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.packs.model import Pack, Question
from coach.scoring.evaluation import Evaluation
from coach.session.types import Answer
from coach.store import AnswerKind, SessionKind, SessionStatus, Store
from coach.voice.transcript import Transcript


@dataclass
class SessionRecorder:
    """Writes one session of `pack` in `lang` to `store` (with no store, only the evaluations of
    spoken answers are made: a drill without history). `keep_audio=False` deletes each recording
    once its transcript is stored, and the row's audio path says so (None)."""

    store: Store | None
    pack: Pack
    lang: str
    keep_audio: bool = True
    session_id: str | None = None

    def start(
        self, kind: SessionKind, backend: str, model: str | None, plan: dict[str, Any]
    ) -> str | None:
        if self.store is not None:
            self.session_id = self.store.start_session(
                kind,
                self.pack.id,
                self.pack.version,
                str(self.pack.source),
                self.lang,
                backend,
                model,
                plan,
            )
        return self.session_id

    def end(self, status: SessionStatus = SessionStatus.FINISHED) -> None:
        if self.store is not None and self.session_id is not None:
            self.store.end_session(self.session_id, status)

    def audio_path(self, question: Question, suffix: str = ".wav") -> Path:
        """A new file under the session's audio folder for an answer to `question`."""
        from coach.paths import session_audio_dir

        folder = session_audio_dir(self.session_id or "no-session")
        folder.mkdir(parents=True, exist_ok=True)
        stem = question.id.replace("/", "_").replace("#", "_")
        number = 1 + sum(1 for _ in folder.glob(f"{stem}-*"))
        return folder / f"{stem}-{number}{suffix}"

    def record(
        self,
        question: Question,
        answer: Answer,
        budget: int,
        *,
        parent_id: int | None = None,
        skipped: bool = False,
    ) -> int | None:
        """Commit the answer (a spoken one with its recording and transcript); its id, or None
        without a store."""
        if self.store is None or self.session_id is None:
            return None
        transcript = stored(answer.transcript) if answer.transcript is not None else None
        answer_id = self.store.save_answer(
            self.session_id,
            question.id,
            question.text.get(self.pack.ui_lang(self.lang)),
            self.lang,
            answer.text or "",
            kind=AnswerKind.FOLLOW_UP if parent_id is not None else AnswerKind.MAIN,
            parent_id=parent_id,
            thinking_seconds=answer.thinking_seconds,
            answer_seconds=answer.answer_seconds,
            budget_seconds=budget,
            skipped=skipped,
            audio_path=answer.audio,
            transcript=transcript,
        )
        if answer.audio is not None and transcript is not None:
            self._after_transcript(answer_id, answer.audio)
        return answer_id

    def record_audio(
        self, question: Question, source: str | Path, budget: int, seconds: float | None
    ) -> tuple[int | None, Path]:
        """A recording made elsewhere (`--answer-audio`): copied into the session's folder and
        committed as the answer, before it is transcribed; (answer id, the copy)."""
        copy = self.audio_path(question, Path(source).suffix.lower() or ".wav")
        shutil.copyfile(source, copy)
        answer = Answer("", None, seconds, audio=str(copy))
        return self.record(question, answer, budget), copy

    def complete(self, answer_id: int, answer: Answer) -> int:
        """Finish the row a recording was committed as (`record` of the audio alone) with the
        corrected text, the timings and the transcript: the same row, not a second one."""
        if self.store is not None:
            self.store.complete_answer(
                answer_id,
                answer.text or "",
                thinking_seconds=answer.thinking_seconds,
                answer_seconds=answer.answer_seconds,
                audio_path=answer.audio,
                transcript=stored(answer.transcript) if answer.transcript is not None else None,
            )
        if answer.audio is not None and answer.transcript is not None:
            self._after_transcript(answer_id, answer.audio)
        return answer_id

    def drop(self, answer_id: int, audio: str | Path | None) -> None:
        """Take back a recording committed as an answer that the candidate then quit."""
        if self.store is not None:
            self.store.drop_answer(answer_id)
        if audio is not None:
            with contextlib.suppress(FileNotFoundError):
                Path(audio).unlink()

    def transcribed(
        self, answer_id: int | None, transcript: Transcript, audio: str, *, text: bool
    ) -> None:
        """Keep what was heard in a recorded answer's row (`text`: and make it the answer)."""
        if self.store is not None and answer_id is not None:
            self.store.set_transcript(
                answer_id, stored(transcript), transcript.text if text else None
            )
        self._after_transcript(answer_id, audio)

    def evaluate(
        self,
        answer_id: int | None,
        evaluation: Evaluation,
        transcript: Transcript | None = None,
        before_recording: float | None = None,
    ) -> Evaluation:
        """Keep the evaluation; a spoken answer's gains what was heard and how it was said."""
        if transcript is not None:
            from coach.voice.record import spoken

            evaluation = spoken(evaluation, transcript, self.lang, before_recording)
        if self.store is not None and answer_id is not None:
            self.store.save_evaluation(answer_id, evaluation)
        return evaluation

    def _after_transcript(self, answer_id: int | None, audio: str) -> None:
        """With `keep_audio` off, the recording goes once its transcript is stored."""
        if self.keep_audio:
            return
        with contextlib.suppress(FileNotFoundError):
            Path(audio).unlink()
        if self.store is not None and answer_id is not None:
            self.store.forget_audio(answer_id)


def stored(transcript: Transcript) -> dict[str, Any]:
    """A transcript as the store keeps it (JSON data)."""
    from coach.voice.record import transcript_to_dict

    return transcript_to_dict(transcript)

"""Sessions whose answers were spoken: evaluations carrying speech delivery, stored."""

from __future__ import annotations

from coach.scoring.evaluation import Delivery, Evaluation, SpeechDelivery, Structure
from coach.store import SessionKind, Store


def spoken_evaluation(speech: SpeechDelivery | None, overall: float = 3.0) -> Evaluation:
    """An offline evaluation; with `speech`, of a spoken answer (None: a typed one)."""
    ev = Evaluation(
        "q", "en", overall, [], [], Structure(), Delivery(), [], [], None, "offline", None, None, {}
    )
    ev.delivery.speech = speech
    ev.transcript = None if speech is None else "um, heard"
    return ev


def spoken_session(
    store: Store,
    speeches: list[SpeechDelivery | None],
    pack: str = "p",
    kind: SessionKind = SessionKind.PRACTICE,
) -> str:
    """A session of `pack` with one scored answer per item (spoken, or typed for None); its id."""
    session = store.start_session(kind, pack, "1", "src", "en", "offline", None)
    for i, speech in enumerate(speeches):
        audio = None if speech is None else "a.wav"
        answer = store.save_answer(session, f"q{i}", "Q?", "en", "answer", audio_path=audio)
        store.save_evaluation(answer, spoken_evaluation(speech))
    return session

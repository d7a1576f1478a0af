"""Voice benchmark: `python benchmarks/voice.py` (needs coach[voice]; no network; medians).

For each language, with the sales pack (nothing here was tuned on it):
- the ten questions, each in the voice of its interviewer, read through the session's `Narrator`:
  time from asking to the first sound, cold (nothing made ahead: a drill's first question, a
  follow-up the pack did not have) and read ahead (what practice does while the candidate answers);
  then Whisper hears them back: character (ja) / word (en) error rate;
- a drill's first question, in a new process as `coach drill --voice` runs it: the voice loads and
  makes the question while the scorer warms up, then the question appears; time to the first sound;
- model answers read aloud (answer-length audio): the wait for the transcript after the candidate
  stops, per second of answer, and their error rate;
- peak memory with both models loaded, and piper's own process.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.ui.voice_io import Narrator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class FirstSound:
    """A player that notes when the first piece of each text starts to play."""

    def __init__(self) -> None:
        self.heard = threading.Event()
        self.at = 0.0

    def play(self, audio: object) -> None:
        if not self.heard.is_set():
            self.at = time.perf_counter()
            self.heard.set()


def first_sound(narrator: Narrator, player: FirstSound, text: str, voice: int) -> float:
    """Seconds from `say` to the first sound of `text`."""
    player.heard.clear()
    started = time.perf_counter()
    narrator.say(text, voice)
    player.heard.wait(120)
    narrator.wait(120)
    return player.at - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=3, help="model answers per language")
    parser.add_argument("--drills", type=int, default=3, help="drill starts per language")
    parser.add_argument(
        "--drill-probe", nargs=2, metavar=("LANG", "QUESTION"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.drill_probe:
        print(drill_probe(*args.drill_probe))
        return

    from coach import voice
    from coach.packs.loader import load_pack
    from coach.paths import bundled_packs_dir
    from coach.ui.voice_io import Narrator, interviewer_index
    from coach.voice.audio import read_audio
    from coach.voice.models import ensure_all
    from coach.voice.stt import WhisperTranscriber
    from coach.voice.transcript import error_rate
    from coach.voice.tts import KokoroSpeaker, PanelSpeaker, PiperSpeaker

    voice.require()
    pack = load_pack(bundled_packs_dir() / "sales-manager")
    ensure_all()
    started = time.perf_counter()
    transcriber = WhisperTranscriber(budget=lambda seconds: 600.0)
    transcriber.load()
    piper = PiperSpeaker()
    speaker = PanelSpeaker(ja=KokoroSpeaker(), en=piper)
    for lang in ("ja", "en"):
        speaker.load(lang)
    speaker.synthesize("Ready.", "en")  # waits for piper's process to have its model
    print(f"models loaded in {time.perf_counter() - started:.1f} s", flush=True)

    with tempfile.TemporaryDirectory(prefix="coach-voice-bench-") as folder:
        for lang in ("ja", "en"):
            errors, cold, ahead = [], [], []
            # one narrator that has made nothing ahead, one that makes each text first (as
            # practice does while the candidate answers the question before)
            players = FirstSound(), FirstSound()
            narrators = [
                Narrator(speaker, lang, play=player.play, stop=lambda: None, on_error=print)
                for player in players
            ]
            for question in pack.questions:
                text = question.text.get(lang)
                area = question.areas[0] if question.areas else None
                who = interviewer_index(pack, area)
                cold.append(first_sound(narrators[0], players[0], text, who))
                narrators[1].prefetch(text, who)
                narrators[1].made(text, who)
                ahead.append(first_sound(narrators[1], players[1], text, who))
                spoken = speaker.synthesize(text, lang, who)
                path = spoken.write(Path(folder) / f"{lang}-{question.id}.wav")
                heard = transcriber.transcribe_samples(read_audio(path), lang)
                errors.append(error_rate(text, heard.text, lang))
                print(
                    f"  {lang} {question.id}: first sound {cold[-1]:.2f} s cold, "
                    f"{ahead[-1] * 1000:.0f} ms read ahead; {errors[-1]:.1%}  {heard.text}",
                    flush=True,
                )
            name = "CER" if lang == "ja" else "WER"
            print(
                f"{lang} questions: {name} median {statistics.median(errors):.1%} "
                f"(mean {statistics.mean(errors):.1%}, max {max(errors):.1%}); first sound "
                f"median {statistics.median(cold):.2f} s cold (max {max(cold):.2f} s), "
                f"{statistics.median(ahead) * 1000:.0f} ms read ahead",
                flush=True,
            )
            starts = [drill_start(lang, q.id) for q in pack.questions[: args.drills]]
            print(
                f"{lang} drill start ({len(starts)} new processes): first sound after the question "
                f"appears, median {statistics.median(starts):.2f} s (max {max(starts):.2f} s)",
                flush=True,
            )
            waits, answer_errors, lengths = [], [], []
            for question in pack.questions[: args.answers]:
                text = question.model_answer.get(lang) if question.model_answer else ""
                if not text:
                    continue
                spoken = speaker.synthesize(text, lang)
                path = spoken.write(Path(folder) / f"{lang}-{question.id}-answer.wav")
                samples = read_audio(path)  # 16 kHz, as a recording is stored
                t0 = time.perf_counter()
                heard = transcriber.transcribe_samples(samples, lang)
                wait = time.perf_counter() - t0
                waits.append(wait / heard.duration)
                lengths.append(heard.duration)
                answer_errors.append(error_rate(text, heard.text, lang))
                print(
                    f"  {lang} {question.id} answer: {heard.duration:.0f} s of speech, "
                    f"transcript after {wait:.1f} s ({waits[-1]:.2f}x); {answer_errors[-1]:.1%}",
                    flush=True,
                )
            print(
                f"{lang} answers ({len(waits)}, {min(lengths):.0f}-{max(lengths):.0f} s): "
                f"transcription wait median {statistics.median(waits):.2f} s per s of answer "
                f"(max {max(waits):.2f}); {name} median {statistics.median(answer_errors):.1%}",
                flush=True,
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    server = piper._server  # noqa: SLF001
    piper_rss = _rss_mb(server._process.pid) if server is not None else 0.0  # noqa: SLF001
    piper.close()
    print(
        f"peak memory of this process: {peak:.0f} MB (Whisper and Kokoro loaded); "
        f"piper's process: {piper_rss:.0f} MB"
    )


def drill_start(lang: str, question: str) -> float:
    """`drill_probe` in a process of its own (nothing loaded yet, as for a user)."""
    import subprocess

    done = subprocess.run(
        [sys.executable, __file__, "--drill-probe", lang, question],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])


def drill_probe(lang: str, question_id: str) -> float:
    """What `coach drill QUESTION --voice speak` does before the question's first sound: the
    voice is set up (loading in the background), the terminal reads the question and its
    follow-ups ahead, the offline scorer warms up, the question appears and is read."""
    from coach.packs.loader import load_pack
    from coach.paths import bundled_packs_dir
    from coach.scoring.offline import OfflineScorer
    from coach.ui.voice_io import Narrator, interviewer_index, read_follow_ups_ahead
    from coach.voice.models import ensure_all
    from coach.voice.tts import KokoroSpeaker, PanelSpeaker

    pack = load_pack(bundled_packs_dir() / "sales-manager")
    question = pack.find(question_id)
    assert question is not None
    _, kokoro = ensure_all()
    player = FirstSound()
    speaker = PanelSpeaker(ja=KokoroSpeaker(kokoro))
    narrator = Narrator(speaker, lang, play=player.play, stop=lambda: None, on_error=print)
    narrator.warm_up()
    area = question.areas[0] if question.areas else None
    who = interviewer_index(pack, area)
    narrator.prefetch(question.text.get(lang), who)
    read_follow_ups_ahead(narrator, question, lang, who)
    OfflineScorer(pack).warm_up()
    seconds = first_sound(narrator, player, question.text.get(lang), who)
    narrator.close()
    return seconds


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    main()

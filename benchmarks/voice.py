"""Voice benchmark: `python benchmarks/voice.py` (needs coach[voice]; no network; medians).

The panel reads the sales pack's ten questions aloud in Japanese (Kokoro) and English (piper), each
question in the voice of its interviewer, and Whisper transcribes them back. Prints per language:
character (ja) / word (en) error rate, time to first audio after a question (its synthesis),
transcription time per second of audio, and the peak memory with both models loaded.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from coach import voice
    from coach.packs.loader import load_pack
    from coach.paths import bundled_packs_dir
    from coach.voice.audio import read_audio
    from coach.voice.models import ensure_all
    from coach.voice.stt import WhisperTranscriber
    from coach.voice.transcript import error_rate
    from coach.voice.tts import PanelSpeaker

    voice.require()
    pack = load_pack(bundled_packs_dir() / "sales-manager")
    interviewer = {area.id: number for number, area in enumerate(pack.areas)}
    ensure_all()
    started = time.perf_counter()
    transcriber = WhisperTranscriber(budget=lambda seconds: 600.0)
    transcriber.load()
    speaker = PanelSpeaker()
    speaker.synthesize("準備", "ja")  # loads Kokoro and its dictionary
    print(f"models loaded in {time.perf_counter() - started:.1f} s")

    with tempfile.TemporaryDirectory(prefix="coach-voice-bench-") as folder:
        for lang in ("ja", "en"):
            errors, first_audio, decode_ratio = [], [], []
            for question in pack.questions:
                text = question.text.get(lang)
                t0 = time.perf_counter()
                area = pack.area_of(question)
                spoken = speaker.synthesize(text, lang, interviewer[area.id] if area else 0)
                first_audio.append(time.perf_counter() - t0)
                path = spoken.write(Path(folder) / f"{lang}-{question.id}.wav")
                samples = read_audio(path)  # 16 kHz, as a recording is stored
                t0 = time.perf_counter()
                heard = transcriber.transcribe_samples(samples, lang)
                decode_ratio.append((time.perf_counter() - t0) / heard.duration)
                errors.append(error_rate(text, heard.text, lang))
                print(f"  {lang} {question.id}: {errors[-1]:.1%}  {heard.text}", flush=True)
            name = "CER" if lang == "ja" else "WER"
            print(
                f"{lang}: {name} median {statistics.median(errors):.1%} "
                f"(mean {statistics.mean(errors):.1%}, max {max(errors):.1%}); "
                f"time to first audio median {statistics.median(first_audio):.2f} s "
                f"(max {max(first_audio):.2f} s); "
                f"transcription median {statistics.median(decode_ratio):.2f} s per s of audio"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory of this process: {peak:.0f} MB (Whisper and Kokoro loaded; piper runs apart)"
    )


if __name__ == "__main__":
    main()

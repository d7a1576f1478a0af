"""coach.voice.tts: one voice per interviewer; piper stays a separate program."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import numpy as np
import pytest

from coach.voice.transcript import error_rate
from coach.voice.tts import (
    CLAUSE_PAUSE,
    EN_VARIANTS,
    JA_VOICES,
    SENTENCE_PAUSE,
    Audio,
    Piece,
    PiperSpeaker,
    en_variant,
    fit_peak,
    ja_voice,
    pieces,
    shift_pitch,
)
from tests.helpers.voice import VoiceModels, require_extra

PACKAGE = Path(__file__).resolve().parents[1] / "coach"


def test_no_module_of_coach_imports_piper() -> None:
    """piper is GPL-3.0: coach runs its command and never links it (see coach/voice/tts.py)."""
    importers = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "piper" for name in names):
                importers.append(str(path))
    assert not importers


def test_each_interviewer_of_a_panel_has_its_own_voice() -> None:
    assert [ja_voice(i) for i in range(4)] == ["jf_alpha", "jm_kumo", "jf_nezumi", "jf_alpha"]
    assert len(set(EN_VARIANTS)) == len(EN_VARIANTS) == len(JA_VOICES)
    assert en_variant(3) == en_variant(0)


def test_shift_pitch_resamples_by_the_factor() -> None:
    samples = np.ones(22050, dtype=np.float32)
    assert len(shift_pitch(samples, 1.12)) == round(22050 / 1.12)
    assert shift_pitch(samples, 1.0) is samples


def test_fit_peak_scales_only_audio_past_full_scale() -> None:
    loud = np.array([0.2, -1.3, 0.65], dtype=np.float32)
    assert np.allclose(fit_peak(loud), [0.2 * 0.95 / 1.3, -0.95, 0.65 * 0.95 / 1.3])
    quiet = np.array([0.2, -0.9], dtype=np.float32)
    assert fit_peak(quiet) is quiet


def _pitch(samples: np.ndarray, rate: int) -> float:
    """The strongest autocorrelation lag between 60 and 400 Hz, as a frequency."""
    voiced = samples[np.abs(samples) > 0.05][: rate * 2]
    corr = np.correlate(voiced[:8000], voiced[:8000], "full")[7999:]
    low, high = rate // 400, rate // 60
    return rate / (low + int(np.argmax(corr[low:high])))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_speech_reads_back_and_voices_differ(voice_models: VoiceModels, lang: str) -> None:
    text = {
        "ja": "これまでの営業の経験について、具体的に教えてください。",
        "en": "Walk me through your forecast for this quarter, and tell me which deals could slip.",
    }[lang]
    pair = (0, 1) if lang == "ja" else (1, 2)  # a woman and a man; joe higher and lower
    spoken = [voice_models.speaker.synthesize(text, lang, i) for i in pair]
    for audio in spoken:
        assert audio.samples.dtype == np.float32 and audio.rate in (22050, 24000)
        assert 0.8 < audio.seconds < 6 and np.abs(audio.samples).max() <= 1.0
    pitches = sorted(_pitch(a.samples, a.rate) for a in spoken)
    assert pitches[-1] / pitches[0] > 1.1  # the two voices clearly apart in pitch
    from coach.voice.audio import read_audio, write_wav

    path = spoken[1].write(Path(voice_models.home) / f"spoken-{lang}.wav")
    write_wav(path, read_audio(path), 16000)  # as a recording would be stored
    heard = voice_models.transcriber.transcribe(str(path), lang)
    assert error_rate(text, heard.text, lang) <= 0.25, heard.text


def test_a_japanese_text_is_read_clause_by_clause_and_short_clauses_go_with_the_next() -> None:
    text = "マーケティング、製品、カスタマーサクセスとどのように協力していますか？次に、数字を。"
    assert pieces(text, "ja") == [
        Piece("マーケティング、", CLAUSE_PAUSE),  # a text's first clause may be short
        Piece("製品、カスタマーサクセスとどのように協力していますか？", SENTENCE_PAUSE),
        Piece("次に、数字を。", SENTENCE_PAUSE),  # "次に、" alone is too short to pay its way
    ]
    one = "パイプライン管理と予測精度に対するあなたのアプローチを教えてください。"
    assert pieces(one, "ja") == [Piece(one, SENTENCE_PAUSE)]
    assert pieces("  \n ", "ja") == [] and pieces("", "en") == []


def test_an_english_text_is_read_sentence_by_sentence() -> None:
    text = "Hello, I'm Kenji. Walk me through your forecast!  Which deals could slip?"
    assert [p.text for p in pieces(text, "en")] == [
        "Hello, I'm Kenji.",
        "Walk me through your forecast!",
        "Which deals could slip?",
    ]
    assert {p.pause for p in pieces(text, "en")} == {SENTENCE_PAUSE}


def test_followed_by_adds_silence_after_the_audio() -> None:
    audio = Audio(np.ones(100, dtype=np.float32), 1000)
    longer = audio.followed_by(0.35)
    assert len(longer.samples) == 450 and not longer.samples[100:].any()
    assert audio.followed_by(0) is audio


FAKE_PIPER = """
import sys, wave, pathlib
folder = pathlib.Path(sys.argv[sys.argv.index("--output-dir") + 1])
for number, line in enumerate(sys.stdin):
    if "crash" in line:
        sys.exit(3)
    path = folder / f"{number}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1); out.setsampwidth(2); out.setframerate(22050)
        out.writeframes(b"\\x00\\x10" * len(line.strip()))
    print("INFO:__main__:Wrote", path, file=sys.stderr, flush=True)
"""


class FakePiper(PiperSpeaker):
    """piper's protocol without piper: a script that writes a WAV per line and says so."""

    def __init__(self, script: Path) -> None:
        super().__init__()
        self.script = script
        self.once: list[str] = []

    def _command(self) -> list[str]:
        return [sys.executable, str(self.script)]

    def _once(self, line: str) -> Audio:
        self.once.append(line)
        return Audio(np.zeros(10, dtype=np.float32), 22050)


def test_one_piper_process_reads_every_text_and_a_failed_one_is_replaced(
    tmp_path: Path,
) -> None:
    script = tmp_path / "piper.py"
    script.write_text(FAKE_PIPER, encoding="utf-8")
    speaker = FakePiper(script)
    speaker.load()
    first = speaker.synthesize("How do you coach?", "en", 0)
    server = speaker._server
    second = speaker.synthesize("And   then?", "en", 0)
    assert speaker._server is server is not None  # the same process for both texts
    assert len(first.samples) == len("How do you coach?") and first.rate == 22050
    assert len(second.samples) == len("And then?")  # spaces folded: one line
    higher = speaker.synthesize("How do you coach?", "en", 1)
    assert len(higher.samples) == round(len(first.samples) / EN_VARIANTS[1])
    crashed = speaker.synthesize("crash now", "en", 0)
    assert (
        speaker.once == ["crash now"] and len(crashed.samples) == 10
    )  # read by a process of its own
    again = speaker.synthesize("Still there?", "en", 0)
    assert speaker._server is not None and speaker._server is not server
    assert len(again.samples) == len("Still there?")
    speaker.close()
    assert speaker._server is None


def test_the_real_piper_stays_up_between_texts() -> None:
    require_extra()
    speaker = PiperSpeaker()
    try:
        texts = ["Tell me about your team.", "How do you forecast?"]
        spoken = [speaker.synthesize(text, "en", 0) for text in texts]
        assert all(0.5 < audio.seconds < 6 for audio in spoken)
        assert speaker._server is not None and speaker._server._process.poll() is None
    finally:
        speaker.close()

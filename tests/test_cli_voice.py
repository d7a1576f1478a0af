"""The `--voice` options of drill and practice (`coach/cli/voice.py` `session_voice`): without
the extra one line saying what to install, and without a device that half turned off, said."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app

runner = CliRunner()


def coach(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "120", "LANG": "C.UTF-8"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", [["drill", "pipeline-forecast"], ["practice"]])
@pytest.mark.parametrize("flag", [["--voice"], ["--voice-mode", "listen"]])
def test_voice_flag_without_the_extra_says_what_to_install_before_any_session(
    monkeypatch: pytest.MonkeyPatch, command: list[str], flag: list[str]
) -> None:
    from coach.store import Store

    monkeypatch.setitem(sys.modules, "faster_whisper", None)
    code, out, err = coach(*command, *flag, "--lang", "en")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "pip install 'coach-interview[voice]'" in err
    assert Store().sessions() == []  # nothing started


def _no_extra_needed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, inputs: int, outputs: int
) -> None:
    from coach import voice
    from coach.ui.voice_io import SpokenAnswers
    from coach.voice import audio, models

    monkeypatch.setattr(voice, "require", lambda: None)
    # no recogniser loading in the background: it would import faster_whisper under other tests
    monkeypatch.setattr(SpokenAnswers, "warm_up", lambda self: None)
    found = [audio.Device(0, "card", inputs, outputs, 48000.0)]
    monkeypatch.setattr(audio, "devices", lambda: found)
    monkeypatch.setattr(models, "ensure_all", lambda progress=None: (tmp_path, tmp_path))


@pytest.mark.parametrize(
    ("inputs", "outputs", "said", "speaks", "listens"),
    [
        (0, 2, ["voice.no_input_device"], True, False),  # a container with speakers: typed
        (1, 0, ["voice.no_output_device"], False, True),  # the questions stay on screen
        (0, 0, ["voice.no_input_device", "voice.no_output_device"], False, False),
        (1, 2, [], True, True),
    ],
)
def test_session_voice_turns_off_the_half_without_a_device_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    inputs: int,
    outputs: int,
    said: list[str],
    speaks: bool,
    listens: bool,
) -> None:
    from rich.console import Console

    from coach.cli.voice import session_voice
    from coach.i18n import t
    from coach.notices import Notices

    _no_extra_needed(monkeypatch, tmp_path, inputs, outputs)
    got = session_voice(True, None, 4.0, ui="ja", lang="ja", out=Console(), notices=Notices("ja"))
    printed = capsys.readouterr().out
    assert printed.splitlines() == [t(key, "ja") for key in said]
    if not (speaks or listens):
        assert got is None  # the session goes on as text
        return
    assert got is not None
    assert (got.narrator is not None, got.listener is not None) == (speaks, listens)
    if got.listener is not None:
        assert got.listener.silence == 4.0 and got.listener.lang == "ja"
    got.close()


def test_session_voice_mode_picks_one_half(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from rich.console import Console

    from coach.cli.voice import VoiceMode, session_voice
    from coach.notices import Notices

    _no_extra_needed(monkeypatch, tmp_path, 1, 2)
    for mode, halves in [(VoiceMode.speak, (True, False)), (VoiceMode.listen, (False, True))]:
        got = session_voice(False, mode, 0.0, ui="en", lang="en", out=Console(), notices=Notices())
        assert got is not None
        assert (got.narrator is not None, got.listener is not None) == halves
        got.close()
    assert (
        session_voice(False, None, 4.0, ui="en", lang="en", out=Console(), notices=Notices())
        is None
    )

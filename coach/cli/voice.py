"""`coach voice check`, and the `--voice` options of drill and practice."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from coach.cli.clicktext import CoachGroup
from coach.cli.common import LangOpt, use_lang
from coach.i18n import h, t

if TYPE_CHECKING:
    from pathlib import Path

    from coach.notices import Notices
    from coach.ui.render import Console
    from coach.ui.voice_io import Voice

app = typer.Typer(cls=CoachGroup, help=h("help.voice"), no_args_is_help=True, rich_markup_mode=None)
NoTestOpt = Annotated[
    bool, typer.Option("--no-test", help=h("help.opt.no_test"), show_default=False)
]
TEST_SECONDS = 3
QUIET_DBFS = -60.0


def check(lang: LangOpt = None, no_test: NoTestOpt = False) -> None:
    """Check speech: what is installed, assemble and verify the models, audio devices, a 3-second
    play and record test.

    Example: coach voice check --no-test
    """
    ui = use_lang(lang)
    from coach import voice

    found = voice.components()
    voice.require()  # one line and exit 1 without the extra
    from coach.errors import CoachError
    from coach.ui.render import console
    from coach.ui.voice_view import bytes_progress, components_view, devices_view
    from coach.voice import audio, models

    out = console()
    out.print(components_view([(c.distribution, c.version) for c in found], ui))
    with bytes_progress(t("voice.check.models", ui)) as progress:
        models.ensure_all(progress, verify=True)
    typer.echo(t("voice.check.models_ok", ui, folder=models.voice_dir()))
    try:
        found_devices = audio.devices()
    except CoachError as exc:  # no PortAudio: typing still works
        typer.echo(exc.render(ui))
        return
    rows = [(d.index, d.name, d.inputs, d.outputs, d.default_rate) for d in found_devices]
    out.print(devices_view(rows, ui))
    if no_test:
        typer.echo(t("voice.check.skipped_test", ui))
    else:
        _play_test(ui)
        if not _record_test(ui):
            return
    typer.echo(t("voice.check.ready", ui))


def _play_test(ui: str) -> None:
    from coach.voice import audio
    from coach.voice.tts import PanelSpeaker

    if not audio.output_devices():
        typer.echo(t("voice.no_output_device", ui))
        return
    speaker = PanelSpeaker()
    try:
        spoken = speaker.synthesize(t("voice.check.test_phrase", ui), ui)
    finally:
        speaker.close()  # piper's process, if it was started
    typer.echo(t("voice.check.playing", ui, seconds=spoken.seconds))
    audio.play(spoken.samples, spoken.rate)


def _record_test(ui: str) -> bool:
    """Record a few seconds to a temporary file and report the level; False without a microphone."""
    import tempfile
    from pathlib import Path

    from coach.voice import audio

    if not audio.input_devices():
        typer.echo(t("voice.no_input_device", ui))
        return False
    typer.echo(t("voice.check.recording", ui, seconds=TEST_SECONDS))
    with tempfile.TemporaryDirectory(prefix="coach-voice-") as folder:
        taken = audio.record(audio.MicSource(seconds=TEST_SECONDS), Path(folder) / "test.wav")
    typer.echo(t("voice.check.level", ui, peak=taken.peak_dbfs, seconds=taken.seconds))
    if taken.peak_dbfs < QUIET_DBFS:
        typer.echo(t("voice.check.too_quiet", ui))
    return True


class VoiceMode(str, Enum):
    both = "both"
    speak = "speak"
    listen = "listen"


VoiceOpt = Annotated[bool, typer.Option("--voice", help=h("help.opt.voice"))]
VoiceModeOpt = Annotated[
    VoiceMode | None, typer.Option("--voice-mode", help=h("help.opt.voice_mode"))
]
SilenceOpt = Annotated[float, typer.Option("--silence", min=0, help=h("help.opt.silence"))]
SILENCE_SECONDS = 4.0


def session_voice(
    wanted: bool,
    mode: VoiceMode | None,
    silence: float,
    *,
    ui: str,
    lang: str,
    out: Console,
    notices: Notices,
    interactive: bool = True,
) -> Voice | None:
    """What `--voice` turns on, checked before the session starts: without the extra, one line
    and exit 1; without a microphone or a speaker, that half is off (said) and the session goes
    on typed or as text. `lang` is the language spoken; from a pipe nothing is spoken."""
    if not wanted and mode is None:
        return None
    from coach import voice

    voice.require()
    if not interactive:
        return None
    from coach.errors import CoachError
    from coach.ui.voice_view import bytes_progress
    from coach.voice import audio, models

    mode = mode or VoiceMode.both
    speak = mode in (VoiceMode.both, VoiceMode.speak)
    listen = mode in (VoiceMode.both, VoiceMode.listen)
    try:
        if listen and not audio.input_devices():
            typer.echo(t("voice.no_input_device", ui))
            listen = False
        if speak and not audio.output_devices():
            typer.echo(t("voice.no_output_device", ui))
            speak = False
    except CoachError as exc:  # no PortAudio: neither half can work
        typer.echo(exc.render(ui))
        return None
    if not (speak or listen):
        return None
    with bytes_progress(t("voice.check.models", ui)) as progress:
        whisper, kokoro = models.ensure_all(progress)
    return _voice(speak, listen, silence, lang, ui, out, notices, whisper, kokoro)


def _voice(
    speak: bool,
    listen: bool,
    silence: float,
    lang: str,
    ui: str,
    out: Console,
    notices: Notices,
    whisper: Path,
    kokoro: Path,
) -> Voice:
    from coach.errors import CoachError
    from coach.ui.voice_io import Narrator, SpokenAnswers, Voice
    from coach.voice import audio
    from coach.voice.stt import WhisperTranscriber
    from coach.voice.tts import Audio, KokoroSpeaker, PanelSpeaker

    def play(spoken: Audio) -> None:
        audio.play(spoken.samples, spoken.rate)

    def failed(exc: CoachError) -> None:
        notices.emit(exc.key, **exc.params)

    narrator = None
    if speak:
        speaker = PanelSpeaker(ja=KokoroSpeaker(kokoro))
        narrator = Narrator(speaker, lang, play=play, stop=audio.stop_playback, on_error=failed)
        narrator.warm_up()
    listener = None
    if listen:
        transcriber = WhisperTranscriber(whisper)
        listener = SpokenAnswers(lang, ui, out, audio.MicSource, transcriber, silence=silence)
        listener.warm_up()
    return Voice(narrator, listener)

"""A real terminal: `coach practice --questions 2` under tmux, typed like a person would."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers.answers import STRONG_EN
from tests.helpers.voice import JA_WAV, VoiceModels, alsa_home, require_portaudio

needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None and os.environ.get("COACH_REQUIRE_TMUX") != "1",
    reason="tmux is not installed (CI installs it and sets COACH_REQUIRE_TMUX=1)",
)


class Pane:
    def __init__(self, name: str) -> None:
        self.name = name

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-J", "-t", self.name, "-S", "-500"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")

    def wait_for_editor(self, timeout: float = 60) -> None:
        """Until the answer editor is live: its toolbar is the last line on the screen (keys
        sent earlier would reach the terminal before the editor reads them)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = [line for line in self.screen().splitlines() if line.strip()]
            if lines and "Esc Enter: submit" in lines[-1]:
                return
            time.sleep(0.2)
        raise AssertionError(f"the answer editor never became ready:\n{self.screen()}")

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)

    def keys(self, *keys: str) -> None:
        """Keys in one send-keys call, so Escape Enter arrives as one meta-Enter."""
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)
        time.sleep(0.2)

    def visible(self) -> str:
        """The screen as the user sees it now (tmux keeps what a resize reflowed off the top
        in its own history, whatever the program draws)."""
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def resize(self, width: int, height: int = 40) -> None:
        subprocess.run(
            ["tmux", "resize-window", "-t", self.name, "-x", str(width), "-y", str(height)],
            check=True,
        )
        time.sleep(1)


@contextmanager
def running(
    coach_home: Path, args: str, width: int = 120, height: int = 50, before: str = "true"
) -> Iterator[Pane]:
    """`coach ARGS` in a detached tmux window of the given size, after the shell `before`."""
    name = f"coach-test-{uuid.uuid4().hex[:6]}"
    command = (
        f"{before}; cd {shlex.quote(os.getcwd())} && COACH_HOME={shlex.quote(str(coach_home))} "
        f"{shlex.quote(sys.executable)} -m coach {args}; sleep 120"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command],
        check=True,
    )
    try:
        yield Pane(name)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False)


@pytest.fixture
def pane(coach_home: Path) -> Iterator[Pane]:
    with running(coach_home, "practice --questions 2 --seed 1 --lang en") as started:
        yield started


@needs_tmux
def test_practice_in_a_real_terminal(pane: Pane, coach_home: Path) -> None:
    pane.wait_for("Ready?")
    pane.keys("Enter")
    pane.wait_for("Question 1/2")
    pane.wait_for("Esc Enter: submit")  # the toolbar with the clock
    assert "⏱" in pane.screen()
    pane.type(STRONG_EN)
    pane.keys("Escape", "Enter")
    pane.wait_for("Follow-up (1/2)")
    pane.wait_for_editor()
    pane.type("I would push back with a mutual action plan and trade price only for terms.")
    pane.keys("Escape", "Enter")
    pane.wait_for("Question 2/2")
    pane.wait_for_editor()
    pane.type("I map stakeholders early and multi-thread to the economic buyer.")
    pane.keys("Escape", "Enter")
    pane.wait_for("Follow-up (2/2)")
    pane.wait_for_editor()
    pane.type("Weekly reviews with the deal desk.")
    pane.keys("Escape", "Enter")
    screen = pane.wait_for("Session summary")
    pane.wait_for("Export the report")
    screen = pane.screen()
    question_ids = re.findall(r"│\s*\d+\s*│\s*(\S+) \+1\s", screen)
    assert len(question_ids) == 2, screen

    env = {**os.environ, "COACH_HOME": str(coach_home)}
    report = subprocess.run(
        [sys.executable, "-m", "coach", "report", "latest", "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    for qid in question_ids:
        assert f"`{qid}`" in report
    assert STRONG_EN[:40] in report


@needs_tmux
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_resizing_keeps_each_answer_line_once(coach_home: Path, lang: str) -> None:
    first = "First line of my answer, marker QX7."
    long_line = (
        "Second line runs on well past eighty columns, so the terminal has to reflow it "
        "when the window narrows and joins it again when it widens."
    )
    args = f"drill pipeline-forecast --offline --lang {lang}"
    # Earlier output above the question, as in a terminal in use: what a reflow pushes off the
    # top is then that, and what the editor left behind stays in sight.
    with running(coach_home, args, width=80, height=40, before="seq 1 30") as screen:
        screen.wait_for("pipeline-forecast")
        deadline = time.monotonic() + 60
        while "⏱" not in screen.visible().splitlines()[-1] and time.monotonic() < deadline:
            time.sleep(0.2)
        screen.type(first)
        screen.keys("Enter")
        screen.type(long_line)
        screen.keys("Enter")
        screen.type("Third line.")
        for width in (60, 120):
            screen.resize(width)
        visible = screen.visible()
        assert visible.count("marker QX7") == 1, visible
        assert visible.count("Third line.") == 1, visible
        assert visible.count("pipeline-forecast") == 1, visible  # the question, drawn again
        lines = [line for line in visible.splitlines() if line.strip()]
        assert "⏱" in lines[-1], visible  # the toolbar is still the last line


@needs_tmux
def test_spoken_drill_in_a_real_terminal(
    voice_models: VoiceModels, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`coach drill --voice` with the microphone an ALSA file device replaying a committed
    recording: the question is read aloud (into ALSA's null device), the answer is recorded until
    the silence after it, transcribed, corrected in the editor and scored."""
    require_portaudio()
    home = alsa_home(tmp_path, JA_WAV)
    args = "drill pipeline-forecast --lang ja --voice --silence 1.5"
    with running(voice_models.home, args, before=f"export HOME={shlex.quote(str(home))}") as pane:
        pane.wait_for("聞き取った内容をエディターに入れました", timeout=300)
        deadline = time.monotonic() + 60
        while "Esc→Enter: 送信" not in pane.visible().rstrip().splitlines()[-1]:
            assert time.monotonic() < deadline, pane.screen()
            time.sleep(0.2)
        pane.type("以上です。")
        pane.keys("Escape", "Enter")
        pane.wait_for("総合評価", timeout=180)
        pane.wait_for("次は?")
        pane.type("q")
    from coach.store import SessionKind, Store

    monkeypatch.setenv("COACH_HOME", str(voice_models.home))
    store = Store()
    row = store.latest_session(SessionKind.DRILL)
    assert row is not None
    answer = store.answers(row.id)[-1]
    assert answer.text.endswith("以上です。") and "毎週" in answer.text
    assert answer.audio_path is not None and Path(answer.audio_path).is_file()
    assert answer.transcript is not None and "毎週" in answer.transcript["text"]

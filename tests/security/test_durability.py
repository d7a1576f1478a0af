"""Nothing half-done: a crash leaves the session resumable; a report is whole or absent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.packs.model import Pack
from coach.session.plan import make_plan
from coach.store import Store
from tests.helpers.answers import STRONG_JA
from tests.helpers.practice import FakeClock, ScriptedPanel, make_practice


class BrokenPanel(ScriptedPanel):
    """Answers the first question, then the terminal goes away mid-session."""

    def read_answer(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self.script:
            raise OSError(5, "Input/output error")
        return super().read_answer(*args, **kwargs)


@pytest.mark.parametrize("error", [OSError, KeyboardInterrupt, UnicodeDecodeError])
def test_a_crash_mid_session_leaves_it_resumable(sales_pack: Pack, error: type) -> None:
    store, clock = Store(), FakeClock()
    plan = make_plan(sales_pack, questions=3, seed=3, follow_ups=0)

    class Panel(BrokenPanel):
        def read_answer(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            if not self.script:
                if error is UnicodeDecodeError:
                    raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
                raise error()
            return ScriptedPanel.read_answer(self, *args, **kwargs)

    with pytest.raises(error):
        make_practice(sales_pack, store, Panel([STRONG_JA], clock), clock).start(plan)
    session = store.latest_session("practice", status="active")
    assert session is not None, "the crashed session was marked finished"
    answers = store.answers(session.id)
    assert [a.text for a in answers] == [STRONG_JA]  # the acknowledged answer is kept
    panel = ScriptedPanel([STRONG_JA, STRONG_JA], clock)
    resumed = make_practice(sales_pack, Store(), panel, clock).resume(session.id)
    assert resumed.status == "finished"
    assert [q for q, _ in panel.asked] == [item.question for item in plan.items[1:]]


def _finished_session(pack: Pack) -> str:
    clock = FakeClock()
    plan = make_plan(pack, questions=1, seed=1, follow_ups=0)
    outcome = make_practice(pack, Store(), ScriptedPanel([STRONG_JA], clock), clock).start(plan)
    assert outcome is not None
    return outcome.session_id


def _coach(*args: str, limit_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if limit_bytes is not None:
            import resource

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(
        [sys.executable, "-c", "from coach.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
        env={**os.environ, "COACH_LANG": "en"},
    )


def test_a_report_that_cannot_be_written_whole_leaves_nothing(
    sales_pack: Pack, tmp_path: Path
) -> None:
    _finished_session(sales_pack)
    out = tmp_path / "reports"
    out.mkdir()
    target = out / "report.md"
    failed = _coach("report", "latest", "-o", str(target), limit_bytes=2000)
    assert failed.returncode == 1 and "File too large" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert list(out.iterdir()) == []  # no truncated report, no temporary file
    again = _coach("report", "latest", "-o", str(target))  # and the rerun needs no --force
    assert again.returncode == 0, again.stderr
    assert (
        target.read_text(encoding="utf-8")
        .rstrip()
        .endswith(CliRunner().invoke(app, ["report", "latest"]).output.rstrip()[-40:])
    )


def test_a_signal_while_writing_keeps_the_old_report_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.errors import Terminated
    from coach.fileio import write_atomic

    folder = tmp_path / "reports"
    folder.mkdir()
    target = folder / "report.md"
    target.write_text("the report of last week\n", encoding="utf-8")

    def killed(fd: int) -> None:
        raise Terminated(signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(Terminated):
        write_atomic(target, "a new report, half written " * 1000)
    assert target.read_text(encoding="utf-8") == "the report of last week\n"
    assert [p.name for p in folder.iterdir()] == ["report.md"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_unwind_to_a_clean_exit(signum: int) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from coach.cli.main import main; main()",
            "drill",
            "pipeline-forecast",
            "--lang",
            "en",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)  # reading the answer from the open pipe
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err


def test_signals_at_random_moments_leave_the_report_whole_or_absent(
    sales_pack: Pack, tmp_path: Path
) -> None:
    import random

    _finished_session(sales_pack)
    whole = CliRunner().invoke(app, ["report", "latest", "--lang", "en"]).output
    rng = random.Random(13)
    for trial in range(6):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        target = folder / "report.md"
        proc = subprocess.Popen(
            [sys.executable, "-c", "from coach.cli.main import main; main()", "report", "latest"]
            + ["-o", str(target), "--lang", "en"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(rng.uniform(0.2, 2.5))  # start-up, loading, writing: wherever it is
        proc.send_signal(rng.choice([signal.SIGTERM, signal.SIGHUP]))
        _, err = proc.communicate(timeout=60)
        assert "Traceback" not in err
        left = sorted(p.name for p in folder.iterdir())
        assert left in ([], ["report.md"]), left  # no temporary file either
        if left:
            assert target.read_text(encoding="utf-8") == whole

"""Global options: --lang and --traceback before the command, --version."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach import __version__
from coach.cli.main import app
from coach.context import AppContext
from coach.errors import CoachError
from coach.i18n import t
from coach.notices import Notices

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COACH_HOME", str(tmp_path))
    monkeypatch.delenv("COACH_LANG", raising=False)
    return tmp_path


def coach(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", "LANG": "C.UTF-8"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--lang", "ja", "--help"], "ターミナル向け面接コーチ"),
        (["--lang", "ja", "history", "--help"], "過去のセッションの点数と推移"),
        (["--lang=en", "drill", "--help"], "Drill one question"),
    ],
)
def test_global_lang_chooses_the_help_language(args: list[str], expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COACH_LANG", "LC_ALL", "LANG")}
    result = subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


def test_global_lang_applies_to_the_command() -> None:
    code, out, _ = coach("--lang", "ja", "history")
    assert code == 0 and t("history.empty", "ja") in out


def test_command_lang_wins_over_the_global_one() -> None:
    code, out, _ = coach("--lang", "ja", "history", "--lang", "en")
    assert code == 0 and t("history.empty", "en") in out
    code, out, _ = coach("history")  # the global choice does not stick to the next run
    assert code == 0 and t("history.empty", "en") in out


def test_global_traceback_shows_the_error_itself() -> None:
    code, _, err = coach("show", "zzz", "--lang", "en")
    assert code == 1 and "no question 'zzz'" in err
    result = runner.invoke(app, ["--traceback", "show", "zzz"])
    assert isinstance(result.exception, CoachError)


def test_version_prints_the_package_version() -> None:
    code, out, _ = coach("--version")
    assert code == 0 and out == f"coach {__version__}\n"


def test_a_run_keeps_its_context_to_itself() -> None:
    result = runner.invoke(app, ["--traceback", "show", "zzz"])
    assert isinstance(result.exception, CoachError)
    code, _, err = coach("show", "zzz", "--lang", "en")  # --traceback did not stick to this run
    assert code == 1 and "no question 'zzz'" in err


class _Recorded(Notices):
    def __init__(self) -> None:
        super().__init__()
        self.said: list[tuple[str, str]] = []

    def emit(self, key: str, **params: object) -> None:
        self.said.append((key, self.lang))


def test_a_test_hands_the_app_its_own_context(home: Path) -> None:
    (home / "config.yaml").write_text("backnd: offline\n", encoding="utf-8")
    notices = _Recorded()
    context = AppContext(notices=notices)
    result = runner.invoke(app, ["--lang", "ja", "backends", "--format", "json"], obj=context)
    assert result.exit_code == 0, result.stderr
    assert context.lang == "ja" and context.global_lang == "ja"
    assert notices.said == [("notice.config_unknown_hint", "ja")]
    assert "backnd" not in result.stderr  # the context's notices, not a global's


def _commands(group: object, prefix: str = "") -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for name, command in getattr(group, "commands", {}).items():
        found.append((prefix + name, command))
        found += _commands(command, f"{prefix}{name} ")
    return found


def test_every_command_docstring_is_its_english_help_text() -> None:
    """The help comes from i18n; a command's docstring, which a reader of the code sees, says
    the same (walks the real command table)."""
    import typer.main

    drifted = []
    for name, command in _commands(typer.main.get_command(app)):
        callback = getattr(command, "callback", None)
        while callback is not None and hasattr(callback, "__wrapped__"):
            callback = callback.__wrapped__
        if callback is None or callback.__doc__ is None:
            continue
        key = "help.backends" if name == "backends" else "help.cmd." + name.replace(" ", ".")
        if " ".join(callback.__doc__.split()) != " ".join(t(key, "en").split()):
            drifted.append(name)
    assert drifted == []

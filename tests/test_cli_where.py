"""`coach paths`: where things live, and each setting with the place it came from."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from coach.cli.main import app

runner = CliRunner()


def _line(out: str, setting: str) -> str:
    return next(line for line in out.splitlines() if line.split()[:1] == [setting])


def test_paths_shows_locations_and_where_each_setting_came_from(coach_home: Path) -> None:
    (coach_home / "config.yaml").write_text("backend: openai\nmodel: m1\ntimeout: 30\n")
    result = runner.invoke(
        app,
        ["paths", "--lang", "en", "--model", "m2"],
        env={"COACH_REDACT": "yes", "OPENAI_API_KEY": "sk-SECRET-never-shown"},
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert str(coach_home / "config.yaml") in out and str(coach_home / "coach.db") in out
    assert str(coach_home / "packs") in out and "not there yet" in out
    assert "config file backend" in _line(out, "backend") and "openai" in _line(out, "backend")
    assert "m2" in _line(out, "model") and "flag --model" in _line(out, "model")
    assert "environment COACH_REDACT" in _line(out, "redact") and "true" in _line(out, "redact")
    assert "30" in _line(out, "timeout") and "config file timeout" in _line(out, "timeout")
    assert "default" in _line(out, "pack") and "flag --lang" in _line(out, "lang")
    assert "default" in _line(out, "offline")
    assert "SECRET" not in out + result.stderr


def test_paths_in_japanese() -> None:
    result = runner.invoke(app, ["paths", "--lang", "ja"], env={"COACH_BACKEND": "ollama"})
    assert result.exit_code == 0
    assert "履歴データベース" in result.stdout and "環境変数 COACH_BACKEND" in result.stdout
    assert "既定値" in _line(result.stdout, "timeout")

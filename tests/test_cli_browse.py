"""Browsing and pack commands through Typer's runner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from tests.helpers.cli import command_table, runnable_commands
from tests.helpers.packs import SALES_MANAGER_IDS

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_questions_lists_ten_ids_in_japanese() -> None:
    code, out, _ = run("questions", "--lang", "ja")
    assert code == 0
    for qid in SALES_MANAGER_IDS:
        assert qid in out
    assert "パイプライン管理と予測精度" in out
    assert "case-at-risk-pipeline" in out


def test_show_in_english_has_points_pitfalls_follow_ups() -> None:
    code, out, _ = run("show", "pipeline-forecast", "--lang", "en")
    assert code == 0
    for heading in ("Evaluation points", "Common pitfalls", "Expected follow-ups"):
        assert heading in out
    assert "Model answer:" in out  # only the hint, not the answer
    code, with_model, _ = run("show", "pipeline-forecast", "--lang", "en", "--model-answer")
    assert code == 0 and len(with_model) > len(out) + 300


def test_show_case_prompt_shows_its_data() -> None:
    code, out, _ = run("show", "case-at-risk-pipeline", "--lang", "en")
    assert code == 0
    assert "Northwind" in out and "240,000" in out


def test_show_unknown_id_suggests_the_closest() -> None:
    code, out, err = run("show", "pipline-forecast", "--lang", "en")
    assert code == 1
    assert "no question 'pipline-forecast'" in err and "pipeline-forecast" in err
    assert "Traceback" not in err + out


def test_show_unknown_id_in_japanese_lists_known_ids() -> None:
    code, _, err = run("show", "zzz", "--lang", "ja")
    assert code == 1 and "質問 'zzz' はありません" in err and "build-team" in err


def test_role_shows_skills_and_differentiators() -> None:
    code, out, _ = run("role", "--lang", "en")
    assert code == 0
    assert "Required skills" in out and "Bonus differentiators" in out
    assert "Revenue strategy" in out


def test_lang_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_LANG", "ja")
    code, out, _ = run("show", "build-team")
    assert code == 0 and "評価されるポイント" in out


def test_bad_lang_is_a_usage_error() -> None:
    code, _, err = run("questions", "--lang", "fr")
    assert code == 2 and "fr" in err


def test_packs_list_shows_bundled_and_user_packs(coach_home: Path) -> None:
    (coach_home / "packs").mkdir()
    (coach_home / "packs" / "mine.yaml").write_text(
        "id: mine\nversion: '1'\nlanguages: [en]\ntitle: Mine\nquestions:\n"
        "  - {id: q, text: Why?, points: [{id: p, text: Reason}]}\n",
        encoding="utf-8",
    )
    (coach_home / "packs" / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    code, out, _ = run("packs", "list", "--lang", "en")
    assert code == 0
    assert "sales-manager" in out and "mine" in out and "broken" in out


def test_pack_option_selects_a_user_pack_by_id(coach_home: Path) -> None:
    (coach_home / "packs").mkdir()
    (coach_home / "packs" / "file-name.yaml").write_text(
        "id: other-id\nversion: '1'\nlanguages: [en]\ntitle: Mine\nquestions:\n"
        "  - {id: why-sales, text: Why sales?, points: [{id: p, text: Reason}]}\n",
        encoding="utf-8",
    )
    code, out, _ = run("questions", "--pack", "other-id", "--lang", "ja")
    assert code == 0 and "why-sales" in out
    code, _, err = run("questions", "--pack", "nope")
    assert code == 1 and "no pack 'nope'" in err


def test_packs_validate_valid_and_broken(tmp_path: Path) -> None:
    code, out, _ = run("packs", "validate", "data/packs/sales-manager", "--lang", "en")
    assert code == 0 and "valid pack" in out and "10 questions" in out
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "id: x\nversion: 1\nlanguages: [en]\ntitle: X\nquestions:\n"
        "  - {id: q, text: Q, points: []}\n",
        encoding="utf-8",
    )
    code, out, err = run("packs", "validate", str(broken), "--lang", "en")
    assert code == 1
    assert f"{broken}:6: questions[0].points: needs at least 1 item" in err
    missing = tmp_path / "nowhere.yaml"
    code, _, err = run("packs", "validate", str(missing))
    assert code == 1 and f"{missing}: (top): no such file or folder" in err
    code, _, err = run("packs", "validate", str(tmp_path))
    assert code == 1 and "no pack.yaml here" in err


RUNNABLE = [path for path, _ in runnable_commands()]
# Commands whose output is the same in every language, and so take no --lang (the reason).
NO_LANG = {("packs", "schema"): "prints JSON Schema, whose descriptions are English"}


def test_the_command_table_is_the_real_one() -> None:
    paths = [path for path, _ in command_table()]
    assert len(paths) > 15 and ("packs",) in paths and ("packs", "list") in paths
    assert ("history",) in RUNNABLE and ("history", "purge") in RUNNABLE
    assert ("packs",) not in RUNNABLE  # a group that only holds commands


@pytest.mark.parametrize("path", RUNNABLE, ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    code, out, _ = run(*path, "--help")
    assert code == 0
    assert re.search(rf"Example: (\w+=\S+ )*coach {' '.join(path)}\b", out), out
    assert ("--lang" in out) != (path in NO_LANG)


def test_readme_lists_every_command() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for path, _ in command_table():
        assert f"`coach {' '.join(path)}" in readme, path


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["practice", "--help", "--lang", "ja"], {}, "時間制限つきの模擬面接パネル"),
        (["--help"], {"COACH_LANG": "ja"}, "ターミナル向け面接コーチ"),
        (["drill", "--help"], {"COACH_LANG": "en"}, "Drill one question"),
    ],
)
def test_help_in_the_chosen_language(args: list[str], env: dict[str, str], expected: str) -> None:
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    assert expected in result.stdout


def test_every_command_help_text_exists_in_both_languages() -> None:
    from coach.i18n import MESSAGES

    for path, command in command_table():
        keys = [key for key, texts in MESSAGES.items() if command.help in texts.values()]
        assert keys, f"coach {' '.join(path)}: its help is not a message"
        assert all(set(MESSAGES[key]) == {"ja", "en"} for key in keys), keys


@pytest.mark.parametrize(
    ("output_format", "printed"),
    [("json", '"coach.cli.shapes"'), ("table", "coach.ui.views.pack")],
)
def test_print_pack_prints_the_shape_or_the_view(
    output_format: str, printed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli.browse import print_pack
    from coach.cli.common import Listing

    def asked(module: object) -> str:
        assert printed.strip('"') == getattr(module, "__name__", None)
        return str(getattr(module, "__name__", ""))

    print_pack(Listing(output_format), asked, asked)
    assert capsys.readouterr().out.strip() == printed

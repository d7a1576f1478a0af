"""Shell completion: the id callbacks called directly, and real completion through the
environment protocol a shell script uses (`_COACH_COMPLETE=… COMP_WORDS=… coach`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.complete import pack_ids, question_ids, report_sessions, session_ids
from coach.cli.main import app
from coach.store import DB_NAME, Store
from tests.helpers.packs import SALES_MANAGER

runner = CliRunner()


def _values(found: list[tuple[str, str]]) -> list[str]:
    return [value for value, _ in found]


def _complete(words: str, instruction: str = "bash_complete") -> tuple[list[str], str]:
    """What bash would offer after `words` (a trailing space: a new, empty word)."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    result = runner.invoke(
        app,
        [],
        env={"_COACH_COMPLETE": instruction, "COMP_WORDS": words, "COMP_CWORD": str(cword)},
        prog_name="coach",
    )
    assert result.exit_code == 0, result.output
    return result.stdout.split(), result.stderr


def _sessions(count: int) -> list[str]:
    store = Store()
    ids = [
        store.start_session(
            "drill", "sales-manager", "1", str(SALES_MANAGER), "ja", "offline", None
        )
        for _ in range(count)
    ]
    store.close()
    return ids


def test_question_ids_of_the_default_pack() -> None:
    found = question_ids(None, "pip")  # type: ignore[arg-type]
    assert _values(found) == ["pipeline-forecast"]
    assert found[0][1]  # the question itself, for shells that show a description


def test_question_ids_follow_coach_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_PACK", "software-engineer")
    assert "idempotency" in _values(question_ids(None, ""))  # type: ignore[arg-type]
    assert "pipeline-forecast" not in _values(question_ids(None, ""))  # type: ignore[arg-type]


def test_pack_ids_offer_bundled_and_user_packs_but_not_broken_ones(coach_home: Path) -> None:
    packs = coach_home / "packs"
    shutil.copytree(SALES_MANAGER, packs / "my-sales")
    (packs / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    offered = _values(pack_ids(None, ""))  # type: ignore[arg-type]
    assert {"sales-manager", "software-engineer", "customer-success-manager", "my-sales"} <= set(
        offered
    )
    assert "broken" not in offered
    assert _values(pack_ids(None, "so")) == ["software-engineer"]  # type: ignore[arg-type]


def test_a_pack_path_is_left_to_the_shell() -> None:
    assert pack_ids(None, "./") == []  # type: ignore[arg-type]


def test_session_ids_newest_first_with_latest_for_report() -> None:
    first, second = _sessions(2)
    assert _values(session_ids(None, "")) == [second, first]  # type: ignore[arg-type]
    assert _values(report_sessions(None, "")) == ["latest", second, first]  # type: ignore[arg-type]
    assert _values(report_sessions(None, second)) == [second]  # type: ignore[arg-type]
    assert _values(session_ids(None, "zz")) == []  # type: ignore[arg-type]


def test_no_database_completes_nothing_and_creates_none(coach_home: Path) -> None:
    assert session_ids(None, "") == []  # type: ignore[arg-type]
    assert _values(report_sessions(None, "")) == ["latest"]  # type: ignore[arg-type]
    assert not (coach_home / DB_NAME).exists()


def test_a_damaged_database_or_a_broken_pack_completes_nothing(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (coach_home / DB_NAME).write_bytes(b"not a database" * 100)
    assert session_ids(None, "") == []  # type: ignore[arg-type]
    broken = coach_home / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("COACH_PACK", str(broken))
    assert question_ids(None, "") == []  # type: ignore[arg-type]
    words, errors = _complete("coach drill ")
    assert words == [] and errors == ""


@pytest.mark.parametrize("instruction", ["bash_complete", "complete_bash"])
def test_real_completion_offers_question_ids(instruction: str) -> None:
    """Click's spelling of the instruction and Typer's (the one its installed script uses)."""
    words, errors = _complete("coach drill pip", instruction)
    assert words == ["pipeline-forecast"] and errors == ""
    assert _complete("coach show pipe", instruction)[0] == ["pipeline-forecast"]


def test_real_completion_uses_the_pack_given_before() -> None:
    assert _complete("coach drill --pack software-engineer idem")[0] == ["idempotency"]
    assert _complete("coach questions --pack soft")[0] == ["software-engineer"]


def test_real_completion_offers_session_ids() -> None:
    first, second = _sessions(2)
    assert _complete("coach report ")[0] == ["latest", second, first]
    assert _complete("coach history delete ")[0] == [second, first]
    assert _complete(f"coach history delete {first[:-2]}")[0] == [first]


def test_zsh_and_fish_show_what_each_id_is() -> None:
    result = runner.invoke(
        app,
        [],
        env={"_COACH_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "coach drill pip"},
        prog_name="coach",
    )
    assert '"pipeline-forecast":' in result.stdout  # value:description
    result = runner.invoke(
        app,
        [],
        env={
            "_COACH_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": "coach report ",
        },
        prog_name="coach",
    )
    assert result.stdout.startswith("latest\t")


@pytest.mark.parametrize(
    ("shell", "line"),
    [
        ("bash", "complete -o default -F _coach_completion coach"),
        ("zsh", "compdef _coach_completion coach"),
        ("fish", "complete --command coach"),
    ],
)
def test_show_completion_prints_the_script(
    shell: str, line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")  # name the shell
    result = runner.invoke(app, ["--show-completion", shell], prog_name="coach")
    assert result.exit_code == 0 and line in result.stdout
    result = runner.invoke(app, [], env={"_COACH_COMPLETE": f"{shell}_source"}, prog_name="coach")
    assert line in result.stdout  # Click's spelling prints the same script


def test_install_completion_writes_the_shell_rc(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(coach_home))
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = runner.invoke(app, ["--install-completion", "bash"], prog_name="coach")
    assert result.exit_code == 0
    assert "coach" in (coach_home / ".bashrc").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("lang", "expected", "english"),
    [("ja", "補完", "Install completion"), ("en", "Install completion", "補完")],
)
def test_completion_options_in_the_help_speak_the_ui_language(
    lang: str, expected: str, english: str
) -> None:
    result = runner.invoke(app, ["--lang", lang, "--help"], env={"COLUMNS": "200"})
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
    assert expected in result.stdout and english not in result.stdout

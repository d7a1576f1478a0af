"""`--format json` everywhere: one flag name, one JSON document on stdout, nothing else there."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from tests.helpers.answers import STRONG_EN
from tests.helpers.cli import runnable_commands
from tests.helpers.packs import SALES_MANAGER

runner = CliRunner()

# Commands that act rather than list, and so have no --format (the reason is the value).
ACTS = {
    ("practice",): "an interactive session",
    ("doctor",): "repairs the database",
    ("history", "delete"): "deletes",
    ("history", "purge"): "deletes",
    ("backends", "check"): "sends a request",
    ("packs", "schema"): "prints JSON Schema whatever the flags",
    ("packs", "edit"): "opens an editor and saves a pack",
    ("voice", "check"): "assembles models, plays and records through the audio devices",
}


def _args(tmp: Path) -> dict[tuple[str, ...], list[str]]:
    answer = tmp / "answer.txt"
    answer.write_text(STRONG_EN, encoding="utf-8")
    jobs = tmp / "answers.jsonl"
    jobs.write_text(
        json.dumps({"id": "a1", "question": "pipeline-forecast", "answer": STRONG_EN}) + "\n",
        encoding="utf-8",
    )
    return {
        ("show",): ["pipeline-forecast", "--model-answer"],
        ("packs", "validate"): [str(SALES_MANAGER)],
        ("packs", "show"): ["sales-manager"],
        ("drill",): ["pipeline-forecast", "--answer-file", str(answer), "--offline"],
        ("score",): [str(jobs), "--offline"],
        ("calibrate",): ["--pack", "sales-manager", "--offline"],
        ("report",): ["latest"],
        ("packs", "new"): [  # --lang here is the pack's languages, and it runs twice: --force
            "--from-jd",
            str(Path(__file__).parent / "data" / "jd" / "backend-en.txt"),
            "--id",
            "from-a-jd",
            "--force",
        ],
    }


def test_every_listing_command_has_format_json_on_the_real_command_table(
    tmp_path: Path,
) -> None:
    table = runnable_commands()
    assert len(table) > 15  # the walk saw the real table, subcommands included
    listing = [path for path, _ in table if path not in ACTS]
    for path in ("history", "questions", "show", "role", "backends", "calibrate", "report"):
        assert (path,) in listing
    assert ("packs", "list") in listing and ("packs", "validate") in listing
    for path, command in table:
        if path in ACTS:
            continue
        names = [o for p in command.params for o in getattr(p, "opts", [])]
        assert "--format" in names, f"coach {' '.join(path)} has no --format"
    args = _args(tmp_path)
    seeded = runner.invoke(app, ["drill", *args[("drill",)]])  # a session for history/report
    assert seeded.exit_code == 0, seeded.stderr
    for lang in ("ja", "en"):
        for path in listing:
            argv = [*path, *args.get(path, []), "--format", "json", "--lang", lang]
            result = runner.invoke(app, argv, env={"COLUMNS": "80"})
            where = f"coach {' '.join(argv)}"
            allowed = (0, 1) if path == ("calibrate",) else (0,)  # 1: unfit, still data
            assert result.exit_code in allowed, f"{where}: {result.stderr}"
            assert "\x1b" not in result.stdout, where
            try:
                data = json.loads(result.stdout)
            except json.JSONDecodeError as exc:
                raise AssertionError(f"{where} printed no JSON: {result.stdout[:200]!r}") from exc
            assert isinstance(data, dict) and data, where
            if path in (("questions",), ("show",), ("role",), ("packs", "show")):  # pack texts
                assert data["lang"] == lang, where


def test_json_texts_follow_the_language_and_ids_do_not() -> None:
    ja = json.loads(runner.invoke(app, ["questions", "--format", "json", "--lang", "ja"]).stdout)
    en = json.loads(runner.invoke(app, ["questions", "--format", "json", "--lang", "en"]).stdout)
    assert [q["id"] for q in ja["questions"]] == [q["id"] for q in en["questions"]]
    first = {q["id"]: q for q in ja["questions"]}["pipeline-forecast"]
    assert "パイプライン" in first["text"] and first["kind"] == "question"
    cases = [q for q in en["questions"] if q["kind"] == "case"]
    assert cases and all(q["area"] for q in cases)


def test_show_json_has_the_model_answer_only_when_asked() -> None:
    plain = json.loads(runner.invoke(app, ["show", "pipeline-forecast", "--format", "json"]).stdout)
    assert plain["model_answer"] is None and plain["has_model_answer"] is True
    assert plain["points"] and {"id", "text"} <= set(plain["points"][0])
    full = runner.invoke(
        app, ["show", "pipeline-forecast", "--format", "json", "--model-answer", "--lang", "en"]
    )
    assert len(json.loads(full.stdout)["model_answer"]) > 200


def test_packs_list_json_keeps_notices_off_stdout_and_escapes_controls() -> None:
    from coach.paths import user_packs_dir

    mine = user_packs_dir() / "mine\u202e\x85\x1b[31m"  # a folder name is not checked text
    shutil.copytree(SALES_MANAGER, mine)
    table = runner.invoke(app, ["packs", "list", "--lang", "en"])
    assert "bundled pack 'sales-manager'" in table.stdout  # the notice, in the table view
    result = runner.invoke(app, ["packs", "list", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0
    for raw in ("\u202e", "\x85", "\x1b"):
        assert raw not in result.stdout
    assert "\\u202e" in result.stdout and "\\u0085" in result.stdout
    data = json.loads(result.stdout)
    assert [s["path"] for s in data["shadowed"]] == [str(SALES_MANAGER)]
    (mine_row,) = [p for p in data["packs"] if p["origin"] == "user"]
    assert mine_row["path"] == str(mine) and mine_row["id"] == "sales-manager"  # only escaped
    assert all(p["origin"] == "user" for p in data["packs"] if p["id"] == "sales-manager")


def test_packs_validate_json_lists_problems_and_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\n", encoding="utf-8")
    result = runner.invoke(app, ["packs", "validate", str(broken), "--format", "json"])
    assert result.exit_code == 1 and result.stderr == ""
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert {p["code"] for p in data["problems"]} >= {"missing_field"}
    assert all(p["line"] == 1 for p in data["problems"] if p["code"] == "missing_field")


def test_report_format_md_is_a_hidden_deprecated_alias_said_once_on_stderr(
    tmp_path: Path,
) -> None:
    answer = tmp_path / "a.txt"
    answer.write_text(STRONG_EN, encoding="utf-8")
    drill = ["drill", "pipeline-forecast", "--answer-file", str(answer), "--offline"]
    assert runner.invoke(app, drill).exit_code == 0
    new = runner.invoke(app, ["report", "latest", "--format", "markdown", "--lang", "en"])
    old = runner.invoke(app, ["report", "latest", "--format", "md", "--lang", "en"])
    assert new.exit_code == old.exit_code == 0
    assert old.stdout == new.stdout and new.stdout.startswith("# ")
    assert new.stderr == ""
    assert old.stderr.count("--format md") == 1 and "--format markdown" in old.stderr
    japanese = runner.invoke(app, ["report", "latest", "--format", "md", "--lang", "ja"])
    assert "旧い指定" in japanese.stderr
    help_text = runner.invoke(app, ["report", "--help"]).stdout
    assert "<markdown|json>" in help_text and "md|" not in help_text
    bad = runner.invoke(app, ["report", "latest", "--format", "yaml"])
    assert bad.exit_code == 2 and "'markdown', 'json'" in bad.stderr


def test_score_format_json_is_one_document(tmp_path: Path) -> None:
    jobs = tmp_path / "in.jsonl"
    lines = [
        {"id": "a", "question": "pipeline-forecast", "answer": STRONG_EN},
        {"id": "b", "question": "no-such-question", "answer": "x"},
    ]
    jobs.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = runner.invoke(app, ["score", str(jobs), "--format", "json", "--offline"])
    assert result.exit_code == 1  # one line failed, as with jsonl
    data = json.loads(result.stdout)
    assert [r["id"] for r in data["results"]] == ["a", "b"] and "error" in data["results"][1]
    streamed = runner.invoke(app, ["score", str(jobs), "--offline"])  # jsonl stays the default
    assert len(streamed.stdout.splitlines()) == 2


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_backends_json_says_state_as_a_word_and_never_a_key(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-123456")
    result = runner.invoke(app, ["backends", "--format", "json", "--lang", lang])
    assert result.exit_code == 0 and "sk-test-secret" not in result.stdout + result.stderr
    data = json.loads(result.stdout)
    rows = {b["name"]: b for b in data["backends"]}
    assert rows["offline"]["state"] == "ready" and data["active"] == "offline"
    assert rows["openai"]["state"] == "not_checked"
    assert rows["offline"]["active"] is True and rows["openai"]["active"] is False

"""`coach packs show` and `coach packs edit` through Typer's runner, with a scripted editor."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import stat
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from tests.helpers.packs import SALES_MANAGER

runner = CliRunner()

MINE = """\
id: mine
version: '1'
languages: [en]
title: Mine
areas:
  - id: retention
    name: Retention
    interviewer: {name: Sam Lee, title: VP of Customer Success, intro: I ask about churn.}
questions:
  - id: why
    text: Why this job?
    areas: [retention]
    points:
      - id: reason
        text: A real reason
        cues: {en: [because, motivated by]}
    model_answer: Because I like keeping customers.
    pitfalls:
      - id: money
        text: Only talks about pay
        signs: {en: [the salary]}
    follow_ups:
      - id: more
        text: What else?
        targets: [reason]
"""

# The scripted editor: each run applies the next step of the plan to the file it is given and
# keeps a copy of what it was shown. A step is a list of [old, new] replacements, {"append":
# text}, {"drop": part} (a file's part, marker and all), or "fail" (exit status 3).
EDITOR = r"""
import json, pathlib, re, sys
here = pathlib.Path(__file__).parent
plan = json.loads((here / "plan.json").read_text(encoding="utf-8"))
runs = here / "runs"
runs.mkdir(exist_ok=True)
n = len(list(runs.iterdir()))
target = pathlib.Path(sys.argv[-1])
text = target.read_text(encoding="utf-8")
(runs / f"{n}.txt").write_text(text, encoding="utf-8")
step = plan[n] if n < len(plan) else []
if step == "fail":
    sys.exit(3)
if isinstance(step, dict) and "append" in step:
    text += step["append"]
elif isinstance(step, dict):
    part = re.escape("# ==> " + step["drop"] + " <==")
    text, count = re.subn(part + r"\n(?:(?!# ==> ).*\n)*", "", text)
    assert count == 1, step
else:
    for old, new in step:
        assert old in text, old
        text = text.replace(old, new, 1)
target.write_text(text, encoding="utf-8")
"""


class ScriptedEditor:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        (folder / "edit.py").write_text(EDITOR, encoding="utf-8")

    def plan(self, *steps: object) -> None:
        """What the editor does on its first, second... run (from the first again)."""
        (self.folder / "plan.json").write_text(json.dumps(list(steps)), encoding="utf-8")
        runs = self.folder / "runs"
        if runs.is_dir():
            shutil.rmtree(runs)

    @property
    def shown(self) -> list[str]:
        """The buffers the editor was given, one per run."""
        runs = self.folder / "runs"
        files = sorted(runs.iterdir(), key=lambda p: int(p.stem)) if runs.is_dir() else []
        return [p.read_text(encoding="utf-8") for p in files]


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ScriptedEditor:
    """$EDITOR set to the scripted editor (and $VISUAL unset, so that it is the one used)."""
    folder = tmp_path / "editor"
    folder.mkdir()
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {folder / 'edit.py'}")
    return ScriptedEditor(folder)


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin, env={"COLUMNS": "100"})
    return result.exit_code, result.stdout, result.stderr


def _user_pack(coach_home: Path, text: str = MINE) -> Path:
    folder = coach_home / "packs"
    folder.mkdir(exist_ok=True)
    path = folder / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _kept(coach_home: Path) -> list[Path]:
    edits = coach_home / "pack-edits"
    return sorted(edits.iterdir()) if edits.is_dir() else []


def _interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coach.cli.packs._stdin_is_terminal", lambda: True)


# --- coach packs show ---


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Required skills", "Evaluation points", "cues:", "signs:", "Model answer"]),
        ("ja", ["必須スキル", "評価されるポイント", "手がかりになる表現:", "兆候となる表現:"]),
    ],
)
def test_packs_show_has_the_whole_pack_in_the_ui_language(lang: str, expected: list[str]) -> None:
    code, out, err = run("packs", "show", "sales-manager", "--lang", lang)
    assert code == 0, err
    for text in expected:
        assert text in out
    for qid in ("build-team", "change-adoption", "case-at-risk-pipeline", "case-tool-resistance"):
        assert qid in out
    assert "Northwind Logistics" in out and "240,000" in out  # a case prompt's data table
    if lang == "en":
        assert "Interviewer: Aiko Tanaka, VP of Sales" in out
        assert "Why this matters" not in out and "パイプライン" not in out
        assert "chronically over-commits" in out  # a follow-up
        assert "commit, best case, bottom-up" in out  # a point's cues
        assert "gut feel, my instinct" in out  # a pitfall's signs
    else:
        assert "面接官: 田中 愛子, 営業担当VP" in out and "Required skills" not in out


def test_packs_show_piped_is_plain_text_and_wrapped_to_the_width() -> None:
    code, out, _ = run("packs", "show", "sales-manager", "--lang", "ja")
    assert code == 0 and "\x1b[" not in out
    from rich.cells import cell_len

    assert max(cell_len(line) for line in out.splitlines()) <= 100


@pytest.mark.parametrize("width", ["60", "80"])
def test_packs_show_keeps_a_number_with_its_unit(width: str) -> None:
    result = runner.invoke(
        app, ["packs", "show", "software-engineer", "--lang", "ja"], env={"COLUMNS": width}
    )
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and "180 秒" in result.stdout
    split = [
        (a, b)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.rstrip()[-1:].isdigit() and b.lstrip().startswith(("秒", "分"))
    ]
    assert not split


def test_packs_show_on_a_terminal_goes_through_the_pager(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "paged.txt"
    pager = tmp_path / "pager"
    pager.write_text(f'#!/bin/sh\ncat > "{record}"\n', encoding="utf-8")
    pager.chmod(pager.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGER", str(pager))
    monkeypatch.setattr("coach.cli.packs._stdout_is_terminal", lambda: True)
    code, out, _ = run("packs", "show", "software-engineer", "--lang", "en")
    assert code == 0 and out == ""
    paged = record.read_text(encoding="utf-8")
    assert "\x1b[" in paged and "idempotency" in paged.lower()
    record.unlink()
    code, out, _ = run("packs", "show", "software-engineer", "--lang", "en", "--no-pager")
    assert code == 0 and not record.exists() and "Evaluation points" in out


def test_packs_show_json_has_the_same_content() -> None:
    code, out, _ = run("packs", "show", "sales-manager", "--format", "json", "--lang", "en")
    assert code == 0
    data = json.loads(out)
    assert (data["pack"], data["lang"], data["languages"]) == ("sales-manager", "en", ["ja", "en"])
    assert len(data["role"]["skills"]) == 10 and len(data["role"]["differentiators"]) == 3
    assert [q["id"] for q in data["questions"]][:2] == ["build-team", "pipeline-forecast"]
    forecast = data["questions"][1]
    assert forecast["points"][0]["cues"][:2] == ["stage definitions", "exit criteria"]
    assert forecast["pitfalls"][0]["signs"][0] == "gut feel"
    assert forecast["pitfalls"][0]["absent"] == ["numbers"]
    assert forecast["follow_ups"][0]["targets"]
    assert forecast["model_answer"].startswith("I start with clear stage definitions")
    area = data["areas"][1]
    assert area["interviewer"]["name"] == "Kenji Sato" and area["interviewer"]["intro"]
    case = area["case"]
    assert case["id"] == "case-at-risk-pipeline" and case["kind"] == "case"
    assert case["data"]["rows"][0]["deal"] == "Northwind Logistics"
    japanese = json.loads(
        run("packs", "show", "sales-manager", "--format", "json", "--lang", "ja")[1]
    )
    assert japanese["lang"] == "ja" and japanese["questions"][1]["id"] == "pipeline-forecast"
    assert japanese["questions"][1]["text"] != forecast["text"]


def test_packs_show_a_user_pack(coach_home: Path) -> None:
    _user_pack(coach_home)
    code, out, _ = run("packs", "show", "mine", "--lang", "ja")  # an English-only pack
    assert code == 0
    assert "Why this job?" in out and "Sam Lee" in out and "because, motivated by" in out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_packs_show_unknown_id_is_one_line_naming_the_known_ids(lang: str) -> None:
    code, out, err = run("packs", "show", "sales-manger", "--lang", lang)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "sales-manger" in err
    for known in ("customer-success-manager", "sales-manager", "software-engineer"):
        assert known in err


# --- coach packs edit ---


def test_packs_edit_valid_edit_replaces_the_user_pack(
    editor: ScriptedEditor, coach_home: Path
) -> None:
    path = _user_pack(coach_home)
    editor.plan([["Why this job?", "Why this job, and why now?"]])
    code, _, err = run("packs", "edit", "mine", "--lang", "en")
    assert code == 0, err
    assert "Why this job, and why now?" in path.read_text(encoding="utf-8")
    assert f"Saved mine to {path} (questions: 1, case prompts: 0)" in err
    (shown,) = editor.shown
    assert len(re.findall("^# ==> .* <==$", shown, re.M)) == 1
    assert "# ==> mine.yaml <==\nid: mine\n" in shown
    assert _kept(coach_home) == []  # the buffer is gone once saved
    assert [p.name for p in path.parent.iterdir()] == ["mine.yaml"]  # no staging left behind


def test_packs_edit_invalid_then_fixed_on_reopen(
    editor: ScriptedEditor,
    coach_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _user_pack(coach_home)
    editor.plan(
        [["areas: [retention]", "areas: [retension]"]],
        [["areas: [retension]", "areas: [retention]"], ["Why this job?", "Why us?"]],
    )
    _interactive(monkeypatch)
    code, _, err = run("packs", "edit", "mine", "--lang", "en", stdin="y\n")
    assert code == 0, err
    assert "Not saved: the pack has 1 problem:" in err
    assert "unknown area id 'retension' (did you mean 'retention'?)" in err
    assert "Re-open the editor to fix them?" in err
    # The second time, the editor shows the problem on top, with the line it is on.
    second = editor.shown[1]
    match = re.search(r"\.yaml:(\d+): mine\.yaml: questions\[0\]\.areas\[0\]: unknown", second)
    assert match is not None, second
    assert second.splitlines()[int(match.group(1)) - 1].strip() == "areas: [retension]"
    assert "Why us?" in path.read_text(encoding="utf-8") and "Saved mine" in err


@pytest.mark.parametrize("answer", [None, "n\n"])
def test_packs_edit_invalid_then_give_up_keeps_the_pack_and_the_edits(
    editor: ScriptedEditor,
    coach_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: str | None,
) -> None:
    path = _user_pack(coach_home)
    before = path.read_bytes()
    editor.plan([["    points:\n", "    pointz:\n"]], [["Why this job?", "Why us?"]])
    if answer is not None:  # asked on a terminal, the user says no; piped, nobody is asked
        _interactive(monkeypatch)
    code, _, err = run("packs", "edit", "mine", "--lang", "en", stdin=answer)
    assert code == 1
    assert path.read_bytes() == before  # nothing invalid replaced the valid pack
    assert "Not saved: the pack has 4 problems:" in err
    assert "mine.yaml: questions[0].pointz: unknown field 'pointz' (did you mean 'points'?)" in err
    assert ("Re-open the editor" in err) == (answer is not None)
    (kept,) = _kept(coach_home)
    assert f"Your edits are kept in {kept}" in err
    assert "    pointz:\n" in kept.read_text(encoding="utf-8")
    assert "Why us?" not in kept.read_text(encoding="utf-8")  # the editor ran once


def test_packs_edit_bundled_pack_is_saved_as_the_users_copy(
    editor: ScriptedEditor,
    coach_home: Path,
) -> None:
    bundled = SALES_MANAGER / "questions" / "02-pipeline-forecast.yaml"
    before = bundled.read_bytes()
    old = "Tell me about your approach to pipeline management and forecast accuracy."
    editor.plan([[old, "How do you forecast?"]])
    code, _, err = run("packs", "edit", "sales-manager", "--lang", "en")
    assert code == 0, err
    copy = coach_home / "packs" / "sales-manager"
    assert "sales-manager is a bundled pack" in err and str(copy) in err
    assert bundled.read_bytes() == before  # the bundled pack is never written
    assert "How do you forecast?" in (copy / "questions" / "02-pipeline-forecast.yaml").read_text(
        encoding="utf-8"
    )
    assert len(list((copy / "questions").iterdir())) == 10
    assert (
        len(re.findall("^# ==> questions/.* <==$", editor.shown[0], re.M)) == 10
        and "# ==> pack.yaml <==" in editor.shown[0]
    )
    # The copy now takes precedence over the bundled pack.
    code, out, _ = run("show", "pipeline-forecast", "--lang", "en")
    assert code == 0 and "How do you forecast?" in out
    listed = json.loads(run("packs", "list", "--format", "json")[1])
    assert listed["shadowed"] and str(copy) == listed["shadowed"][0]["by"]


def test_packs_edit_without_changes_saves_and_copies_nothing(
    editor: ScriptedEditor,
    coach_home: Path,
) -> None:
    editor.plan([])
    code, _, err = run("packs", "edit", "software-engineer", "--lang", "ja")
    assert code == 0 and "変更はありません" in err
    assert not (coach_home / "packs" / "software-engineer").exists()
    assert _kept(coach_home) == []


def test_packs_edit_adds_and_removes_question_files_of_a_folder_pack(
    editor: ScriptedEditor,
    coach_home: Path,
) -> None:
    extra = (
        "# ==> questions/99-new.yaml <==\n"
        "id: brand-new\ntext: {ja: 新しい質問, en: A new question}\n"
        "points: [{id: p, text: {ja: 要点, en: A point}}]\n"
    )
    editor.plan({"append": extra})
    code, _, err = run("packs", "edit", "customer-success-manager", "--lang", "en")
    assert code == 0, err
    copy = coach_home / "packs" / "customer-success-manager"
    assert (copy / "questions" / "99-new.yaml").is_file()
    code, out, _ = run("show", "brand-new", "--pack", "customer-success-manager", "--lang", "en")
    assert code == 0 and "A new question" in out

    editor.plan({"drop": "questions/01-time-to-value.yaml"})
    code, _, err = run("packs", "edit", "customer-success-manager", "--lang", "en")
    assert code == 0, err
    assert not (copy / "questions" / "01-time-to-value.yaml").exists()
    assert len(list((copy / "questions").iterdir())) == 8  # 8 bundled, one added, one dropped


def test_packs_edit_a_misnamed_part_is_reported_at_its_line(
    editor: ScriptedEditor,
    coach_home: Path,
) -> None:
    path = _user_pack(coach_home)
    editor.plan({"append": "# ==> ../escape.yaml <==\nid: x\n"})
    code, _, err = run("packs", "edit", "mine", "--lang", "en")
    assert (
        code == 1 and "'../escape.yaml' cannot be a file of this pack (allowed: mine.yaml)" in err
    )
    assert not (coach_home / "escape.yaml").exists() and path.read_text(encoding="utf-8") == MINE
    assert len(editor.shown) == 1


def test_packs_edit_an_editor_that_fails_changes_nothing(
    editor: ScriptedEditor,
    coach_home: Path,
) -> None:
    path = _user_pack(coach_home)
    editor.plan("fail")
    code, _, err = run("packs", "edit", "mine", "--lang", "en")
    assert code == 1 and "exited with status 3: the pack is unchanged" in err
    assert path.read_text(encoding="utf-8") == MINE and _kept(coach_home) == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "no editor found: set VISUAL or EDITOR"),
        ("ja", "エディタが見つかりません。VISUAL か EDITOR を設定してください"),
    ],
)
def test_packs_edit_without_an_editor_says_how_to_set_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str, expected: str
) -> None:
    for variable in ("VISUAL", "EDITOR"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no editor, nano or vi to fall back on
    code, _, err = run("packs", "edit", "sales-manager", "--lang", lang)
    assert code == 1 and expected in err and "Traceback" not in err


def test_packs_edit_unknown_id_lists_the_known_ones(editor: ScriptedEditor) -> None:
    editor.plan([])
    code, _, err = run("packs", "edit", "nope", "--lang", "en")
    assert code == 1 and "no pack 'nope'; available packs:" in err and "sales-manager" in err

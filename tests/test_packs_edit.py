"""The pack edit buffer: files in and out exactly, problems at the buffer's lines, safe replace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.errors import CoachError
from coach.packs.edit import PackEdit, Part, combine, split

PACK = "id: mine\nversion: '1'\nlanguages: [en]\ntitle: Mine\nareas:\n  - {id: a, name: A}\n"
QUESTION = "id: q1\ntext: Why?\nareas: [a]\npoints:\n  - {id: p, text: A reason}\n"


def _folder_pack(root: Path) -> Path:
    pack = root / "mine"
    (pack / "questions").mkdir(parents=True)
    (pack / "pack.yaml").write_text(PACK, encoding="utf-8")
    (pack / "questions" / "01-q1.yaml").write_text(QUESTION, encoding="utf-8")
    (pack / "questions" / "notes.txt").write_text("kept", encoding="utf-8")
    return pack


@pytest.mark.parametrize(
    "parts",
    [
        [Part("pack.yaml", PACK), Part("questions/01-q1.yaml", QUESTION)],
        [Part("pack.yaml", "id: x\r\nversion: '1'\r\n"), Part("questions/a.yaml", "")],
        [Part("mine.yaml", "# ==> not a marker: no closing\n  # ==> indented <==\n")],
    ],
)
def test_combine_then_split_gives_back_every_file_exactly(parts: list[Part]) -> None:
    text, starts = combine(parts, ["notes", "", "more notes"])
    back, found = split(text)
    assert back == parts and found == starts
    for part in parts:
        assert text.splitlines()[starts[part.name] - 1] == f"# ==> {part.name} <=="


def test_split_ignores_what_stands_before_the_first_marker_and_reads_crlf_markers() -> None:
    parts, _ = split("id: lost\r\n# ==> pack.yaml <==\r\nid: kept\r\n")
    assert parts == [Part("pack.yaml", "id: kept\r\n")]


def test_problems_in_a_question_file_point_at_the_buffer_line_before_and_after_reopening(
    coach_home: Path,
) -> None:
    _folder_pack(coach_home / "packs")
    edit = PackEdit.start("mine", "en")
    text = edit.buffer.read_text(encoding="utf-8")
    edit.buffer.write_text(text.replace("areas: [a]", "areas: [b]"), encoding="utf-8")
    outcome = edit.check()
    (problem,) = outcome.problems
    assert problem.place == "questions/01-q1.yaml: areas[0]" and problem.key == "unknown_ref"
    lines = edit.buffer.read_text(encoding="utf-8").splitlines()
    assert problem.line is not None and lines[problem.line - 1] == "areas: [b]"
    edit.write_buffer(edit.read_buffer(), list(outcome.problems), "en")
    reopened = edit.buffer.read_text(encoding="utf-8")
    (line,) = re.findall(r"^#   \S+\.yaml:(\d+): questions/01-q1\.yaml: areas\[0\]", reopened, re.M)
    assert reopened.splitlines()[int(line) - 1] == "areas: [b]"
    assert (coach_home / "packs" / "mine" / "questions" / "01-q1.yaml").read_text(
        encoding="utf-8"
    ) == QUESTION  # nothing invalid was written


def test_a_valid_edit_keeps_the_other_files_of_the_folder(coach_home: Path) -> None:
    pack = _folder_pack(coach_home / "packs")
    edit = PackEdit.start("mine", "en")
    text = edit.buffer.read_text(encoding="utf-8")
    edit.buffer.write_text(text.replace("text: Why?", "text: Why not?"), encoding="utf-8")
    outcome = edit.check()
    assert outcome.pack is not None and outcome.pack.questions[0].text.get("en") == "Why not?"
    assert (pack / "questions" / "notes.txt").read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in pack.parent.iterdir()) == ["mine"]  # no staging left


def test_a_user_pack_behind_a_symlink_is_replaced_where_it_lives(
    coach_home: Path, tmp_path: Path
) -> None:
    real = _folder_pack(tmp_path / "elsewhere")
    (coach_home / "packs").mkdir()
    (coach_home / "packs" / "mine").symlink_to(real, target_is_directory=True)
    edit = PackEdit.start("mine", "en")
    text = edit.buffer.read_text(encoding="utf-8")
    edit.buffer.write_text(text.replace("title: Mine", "title: Ours"), encoding="utf-8")
    assert edit.check().pack is not None
    assert (coach_home / "packs" / "mine").is_symlink()
    assert "title: Ours" in (real / "pack.yaml").read_text(encoding="utf-8")


def test_a_file_holding_a_marker_line_is_refused(coach_home: Path) -> None:
    (coach_home / "packs").mkdir()
    (coach_home / "packs" / "odd.yaml").write_text(
        PACK.replace("id: mine", "id: odd") + "# ==> sneaky.yaml <==\n", encoding="utf-8"
    )
    with pytest.raises(CoachError) as caught:
        PackEdit.start("odd", "en")
    assert caught.value.key == "packs.edit.marker_inside"


def test_a_pack_saved_by_someone_else_meanwhile_is_not_overwritten(coach_home: Path) -> None:
    pack = _folder_pack(coach_home / "packs")
    edit = PackEdit.start("mine", "en")
    theirs = QUESTION.replace("Why?", "Why, says the other editor?")
    (pack / "questions" / "01-q1.yaml").write_text(theirs, encoding="utf-8")
    text = edit.buffer.read_text(encoding="utf-8")
    edit.buffer.write_text(text.replace("text: Why?", "text: Mine?"), encoding="utf-8")
    with pytest.raises(CoachError) as caught:
        edit.check()
    assert caught.value.key == "packs.edit.changed_meanwhile"
    assert (pack / "questions" / "01-q1.yaml").read_text(encoding="utf-8") == theirs
    assert "text: Mine?" in edit.buffer.read_text(encoding="utf-8")  # the edits are kept


def test_a_bundled_copy_saved_meanwhile_is_not_overwritten(coach_home: Path) -> None:
    edit = PackEdit.start("software-engineer", "en")
    assert edit.bundled and edit.target == coach_home / "packs" / "software-engineer"
    edit.target.mkdir(parents=True)
    (edit.target / "pack.yaml").write_text("theirs", encoding="utf-8")
    text = edit.buffer.read_text(encoding="utf-8")
    edit.buffer.write_text(text.replace("version:", "# note\nversion:", 1), encoding="utf-8")
    with pytest.raises(CoachError) as caught:
        edit.check()
    assert caught.value.key == "packs.edit.changed_meanwhile"
    assert (edit.target / "pack.yaml").read_text(encoding="utf-8") == "theirs"

"""Files written whole or not at all (coach/fileio.py); cut short: see security/test_durability."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.fileio import write_atomic


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder of its own (tmp_path also holds conftest's COACH_HOME)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def test_write_atomic_replaces_the_file_with_exactly_the_text(folder: Path) -> None:
    target = folder / "report.md"
    target.write_text("old\n", encoding="utf-8")
    write_atomic(target, "新しい\r\nreport\n")  # line ends as given, not translated
    assert target.read_bytes() == "新しい\r\nreport\n".encode()
    assert [p.name for p in folder.iterdir()] == ["report.md"]  # no temporary file left


def test_write_atomic_to_a_bare_file_name_writes_in_the_current_folder(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    write_atomic(Path("out.md"), "text")
    assert (folder / "out.md").read_text(encoding="utf-8") == "text"


def test_write_atomic_into_a_missing_folder_fails_and_leaves_nothing(folder: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(folder / "missing" / "out.md", "text")
    assert list(folder.iterdir()) == []

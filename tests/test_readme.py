"""The README stays true: its set-up commands and its example pack."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.packs.loader import load_pack
from coach.packs.model import Pack
from coach.scoring.attempt import Attempt

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_setup_commands() -> None:
    first_block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert first_block is not None
    venv, *commands = first_block.group(1).strip().splitlines()
    assert venv == "python3 -m venv .venv && . .venv/bin/activate"  # for those without a venv
    assert len(commands) == 2
    assert commands[0].startswith("pip install . && coach ")
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_readme_example_pack_validates(tmp_path: Path) -> None:
    example = re.search(r"```yaml\n(id: my-first-pack.*?)```", README, re.S)
    assert example is not None
    path = tmp_path / "my-first-pack.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    pack = load_pack(path)
    assert pack.questions[0].id == "save-a-churning-account"


def test_readme_plugin_example_is_a_working_backend(
    sales_pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = re.search(r"```python\n(# coach_mine.py.*?)```", README, re.S)
    assert example is not None
    (tmp_path / "coach_mine.py").write_text(example.group(1), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import coach_mine  # type: ignore[import-not-found]

    from coach.backends import BackendContext
    from coach.backends.config import Settings

    scorer = coach_mine.make(BackendContext(sales_pack, None, Settings()))
    evaluation = scorer.score(Attempt(sales_pack.find("build-team"), "I hire against a scorecard."))
    assert scorer.name == "mine" and evaluation.backend == "mine"

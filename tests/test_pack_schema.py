"""`coach packs schema`: a JSON Schema of the pack format that agrees with the loader."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from coach.cli.main import app
from coach.packs.loader import PackInvalid, load_pack
from coach.packs.schema import pack_schema
from coach.paths import bundled_packs_dir

runner = CliRunner()
BUNDLED = sorted(p for p in bundled_packs_dir().iterdir() if (p / "pack.yaml").is_file())
README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _validator(part: str) -> jsonschema.Draft202012Validator:
    schema = pack_schema(part)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(part: str, data: Any) -> list[str]:
    return [e.message for e in _validator(part).iter_errors(data)]


def test_the_cli_prints_the_schema_as_json() -> None:
    result = runner.invoke(app, ["packs", "schema"])
    assert result.exit_code == 0 and result.stderr == ""
    printed = json.loads(result.stdout)
    assert printed == pack_schema("pack")
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    questions = json.loads(runner.invoke(app, ["packs", "schema", "questions"]).stdout)
    assert questions["$ref"] == "#/$defs/question"
    assert runner.invoke(app, ["packs", "schema", "nope"]).exit_code == 2


@pytest.mark.parametrize("pack", BUNDLED, ids=lambda p: p.name)
def test_every_bundled_pack_validates(pack: Path) -> None:
    load_pack(pack)  # and the loader agrees
    main = yaml.safe_load((pack / "pack.yaml").read_text(encoding="utf-8"))
    assert _errors("pack", main) == []
    files = sorted((pack / "questions").glob("*.yaml"))
    assert files
    for file in files:
        assert _errors("questions", yaml.safe_load(file.read_text(encoding="utf-8"))) == [], file


def test_bundled_packs_exist() -> None:
    assert {p.name for p in BUNDLED} >= {"sales-manager", "software-engineer"}


def test_the_readme_example_pack_validates() -> None:
    example = re.search(r"```yaml\n(id: my-first-pack.*?)```", README, re.S)
    assert example is not None
    assert _errors("pack", yaml.safe_load(example.group(1))) == []


def _minimal() -> dict[str, Any]:
    return {
        "id": "mine",
        "version": "1.0",
        "languages": ["en"],
        "title": "Mine",
        "questions": [
            {"id": "q-one", "text": "Why?", "points": [{"id": "p1", "text": "Because"}]},
        ],
    }


def _broken(change: str) -> dict[str, Any]:
    data = _minimal()
    question = data["questions"][0]
    if change == "unknown field":
        data["titel"] = "typo"
    elif change == "bad id":
        question["id"] = "Q One"
    elif change == "bad answer_length":
        question["answer_length"] = "huge"
    elif change == "unknown language":
        data["languages"] = ["fr"]
    elif change == "session minutes 0":
        data["session"] = {"minutes": 0}
    elif change == "no points":
        question["points"] = []
    elif change == "bad absent signal":
        question["pitfalls"] = [{"id": "x", "text": "X", "absent": ["charisma"]}]
    elif change == "missing title":
        del data["title"]
    elif change == "areas inside a case":
        data["areas"] = [{"id": "a", "name": "A", "case": {**question, "areas": ["a"]}}]
    elif change == "text not a string":
        question["text"] = ["a", "list"]
    elif change == "requirement without text":
        data["requirements"] = [{"id": "req-1"}]
    return data


CHANGES = [
    "unknown field",
    "bad id",
    "bad answer_length",
    "unknown language",
    "session minutes 0",
    "no points",
    "bad absent signal",
    "missing title",
    "areas inside a case",
    "text not a string",
    "requirement without text",
]


def test_a_tailored_pack_with_requirements_is_valid_for_both() -> None:
    data = _minimal()
    data["requirements"] = [{"id": "req-1", "text": "Own the forecast"}]
    data["questions"][0]["requirements"] = ["req-1"]
    assert _errors("pack", data) == []
    assert _errors("questions", data["questions"][0]) == []


def test_the_minimal_pack_is_valid_for_both() -> None:
    assert _errors("pack", _minimal()) == []


@pytest.mark.parametrize("change", CHANGES)
def test_broken_packs_fail_the_schema_and_the_loader(change: str, tmp_path: Path) -> None:
    data = _broken(change)
    assert _errors("pack", data), f"the schema accepted a pack with {change}"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PackInvalid):
        load_pack(path)


def test_the_schema_follows_the_loader_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.packs import loader

    schema = pack_schema()
    point = schema["$defs"]["point"]
    assert set(point["properties"]) == set(sum(loader.FIELDS["point"], ()))
    assert point["required"] == list(loader.FIELDS["point"][0])
    assert schema["$defs"]["id"]["pattern"] == loader.ID_PATTERN
    assert schema["$defs"]["language"]["enum"] == list(loader.KNOWN_LANGUAGES)
    grown = dict(loader.FIELDS, point=(("id", "text"), ("cues", "weight")))
    monkeypatch.setattr("coach.packs.schema.FIELDS", grown)
    with pytest.raises(AssertionError, match="out of step"):
        pack_schema()

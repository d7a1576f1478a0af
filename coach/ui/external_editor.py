"""The user's own text editor, for `coach packs edit`: $VISUAL, else $EDITOR, else a common one."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from coach.errors import CoachError

FALLBACK_EDITORS = ("editor", "nano", "vim", "vi")  # `editor`: Debian's chosen default


def editor_command() -> list[str] | None:
    """The editor as words (`code --wait` split as a shell would); None when there is none."""
    for variable in ("VISUAL", "EDITOR"):
        configured = os.environ.get(variable, "").strip()
        if configured:
            try:
                words = shlex.split(configured, posix=sys.platform != "win32")
            except ValueError:
                words = [configured]
            if words:
                return words
    if sys.platform == "win32":
        return ["notepad"]
    found = next((shutil.which(name) for name in FALLBACK_EDITORS if shutil.which(name)), None)
    return [found] if found else None


def run_editor(command: list[str], file: Path) -> int:
    """Open `file` in the editor and wait for it to close; its exit status."""
    try:
        return subprocess.run([*command, str(file)], check=False).returncode
    except OSError as exc:
        raise CoachError("packs.edit.editor_failed", editor=command[0], error=exc) from None

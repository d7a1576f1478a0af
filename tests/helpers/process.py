"""`coach` run in a child process: a hang or a blow-up then fails a test instead of stalling it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_coach_process(
    *args: str,
    env: dict[str, str],
    timeout: float,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m coach ARGS` from this checkout, with `env` over the current environment."""
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        timeout=timeout,
        check=False,
        preexec_fn=preexec_fn,
    )

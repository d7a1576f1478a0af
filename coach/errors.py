"""The one error type the CLI turns into a single line on stderr."""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitStatus(IntEnum):
    """Every exit code `coach` uses (the README lists them)."""

    OK = 0
    ERROR = 1  # a user error (one line on stderr), a failed check
    USAGE = 2  # a bad option or argument (Click's own code)
    HANGUP = 129  # SIGHUP
    INTERRUPTED = 130  # Ctrl-C, or quitting a session before its end (it stays resumable)
    TERMINATED = 143  # SIGTERM

    @classmethod
    def after_signal(cls, signum: int) -> int:
        """The shell's convention for a program stopped by a signal: 128 + its number."""
        return 128 + signum


class CoachError(Exception):
    """A user-facing problem, named by a UI message key so it can be shown in either language."""

    exit_code = ExitStatus.ERROR

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def render(self, lang: str) -> str:
        from coach.i18n import t

        return t(self.key, lang, **self.params)


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised where the program is so that it unwinds like Ctrl-C: temporary
    files are removed and a session in progress stays resumable (a BaseException, so that no
    `except Exception` on the way swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

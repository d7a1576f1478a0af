"""The one error type the CLI turns into a single line on stderr."""

from __future__ import annotations

from typing import Any


class CoachError(Exception):
    """A user-facing problem, named by a UI message key so it can be shown in either language."""

    exit_code = 1

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

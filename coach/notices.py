"""One-line notices on stderr (remote endpoint, fallback to offline, plugin warnings).

While an interactive editor owns the screen, notices wait and are printed at the next pause. One
`Notices` belongs to each run (`AppContext.notices`): the CLI sets its language and hold, the
backends emit through it, and the UI classes it is handed to flush it.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

from coach.i18n import t
from coach.safetext import safe_text


class Notices:
    def __init__(self, lang: str = "en", *, hold: bool = False) -> None:
        self.lang = lang
        self.hold = hold
        self._queue: list[str] = []
        self._lock = threading.Lock()

    def emit(self, key: str, **params: Any) -> None:
        # Params carry provider replies and endpoints: shown, never obeyed by the terminal.
        line = f"coach: {safe_text(t(key, self.lang, **params))}"
        with self._lock:
            if self.hold:
                self._queue.append(line)
                return
        print(line, file=sys.stderr, flush=True)

    def flush(self) -> None:
        with self._lock:
            pending, self._queue = self._queue, []
        for line in pending:
            print(line, file=sys.stderr, flush=True)

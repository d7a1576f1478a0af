"""What one run of coach carries from the command line down (the httpie `Environment` habit).

The CLI makes one `AppContext` at its boundary (`coach.cli.main.main`, else the command group's
`main` when a test invokes the app) and keeps it as Click's context object; from there it hands
the parts on to what needs them: the error boundary reads `lang` and `debug`, the help texts
`argv`, the backends emit through `notices`, the UI classes flush them and read the `clock`. A
test builds its own and passes it (`runner.invoke(app, args, obj=AppContext(...))`); nothing is
kept in module globals between runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from coach.notices import Notices

Clock = Callable[[], float]


@dataclass
class AppContext:
    """One run's language, error mode, notices, clock and arguments; every field has a default."""

    lang: str = "en"  # the UI language of the running command, once it has parsed --lang
    global_lang: str | None = None  # `coach --lang ja COMMAND`: the command's own --lang wins
    debug: bool = False  # --traceback / COACH_DEBUG: let errors through with their traceback
    notices: Notices = field(default_factory=Notices)
    clock: Clock = time.monotonic  # the per-question and session clocks
    said_deprecated: set[str] = field(default_factory=set)  # old spellings warned about this run
    argv: list[str] | None = None  # the arguments when they are not sys.argv[1:] (CliRunner's)

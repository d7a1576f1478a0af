"""The answer editor: a multiline prompt with a live clock in the bottom toolbar.

Esc then Enter submits; Ctrl-C returns what was typed so the caller can offer a menu and resume.
The clock is injectable so tests drive it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.formatted_text import HTML
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style

from coach.i18n import t
from coach.timefmt import mmss

Clock = Callable[[], float]

STYLE = Style.from_dict(
    {
        "bottom-toolbar": "noreverse bg:#303030 #d0d0d0",
        "clock.ok": "bold #5fd75f",
        "clock.amber": "bold #ffaf00",
        "clock.red": "bold #ff5f5f",
        "hint": "#a8a8a8",
    }
)


@dataclass
class AnswerInput:
    text: str
    thinking_seconds: float  # until the first keystroke
    answer_seconds: float  # from the question shown to submission
    interrupted: bool = False  # Ctrl-C: the caller shows its menu; `text` is kept
    auto_submitted: bool = False  # --hard-stop fired


def _ignore_mouse_reports(bindings: KeyBindings) -> None:
    """Mouse reports are dropped: mouse support is off, so one can only be typed or pasted
    bytes, and prompt_toolkit's own handler raises on some (an unknown button byte), which
    ended the whole session."""

    @bindings.add(Keys.Vt100MouseEvent, eager=True)
    def _mouse(event: Any) -> None:
        return None


def clock_markup(elapsed: float, budget: int | None, lang: str) -> str:
    if not budget:
        return f"<clock.ok>⏱ {mmss(elapsed)}</clock.ok>"
    ratio = elapsed / budget
    style = "clock.ok" if ratio < 0.75 else "clock.amber" if ratio < 1.0 else "clock.red"
    if elapsed <= budget:
        return f"<{style}>⏱ {mmss(budget - elapsed)} / {mmss(budget)}</{style}>"
    return f"<{style}>⏱ {t('editor.overtime', lang)} +{mmss(elapsed - budget)}</{style}>"


def ask_answer(
    lang: str,
    budget: int | None,
    *,
    clock: Clock = time.monotonic,
    show_timer: bool = True,
    hard_stop: bool = False,
    default: str = "",
    started: float | None = None,
    session_status: Callable[[], str] | None = None,
    input: Input | None = None,
    output: Output | None = None,
) -> AnswerInput:
    """Read one answer. `started` carries the clock over a resume after Ctrl-C."""
    start = clock() if started is None else started
    first_key: list[float] = []
    bindings = KeyBindings()
    _ignore_mouse_reports(bindings)

    @bindings.add("c-c")
    def _interrupt(event: Any) -> None:
        event.app.exit(result=("interrupt", event.app.current_buffer.text))

    def toolbar() -> HTML:
        parts = []
        if show_timer:
            parts.append(clock_markup(clock() - start, budget, lang))
        if session_status is not None:
            parts.append(f"<hint>{session_status()}</hint>")
        parts.append(f"<hint>{t('editor.keys', lang)}</hint>")
        return HTML("  ·  ".join(parts))

    session: PromptSession[Any] = PromptSession(
        multiline=True,
        key_bindings=bindings,
        bottom_toolbar=toolbar,
        style=STYLE,
        refresh_interval=0.5,
        input=input,
        output=output,
        prompt_continuation=lambda width, line, wrap: " " * width,
    )

    def on_change(_: Any) -> None:
        if not first_key:
            first_key.append(clock())

    session.default_buffer.on_text_changed += on_change

    def pre_run() -> None:
        if default:
            first_key.append(start)
        if hard_stop and budget:

            async def watch() -> None:
                while True:
                    await asyncio.sleep(0.2)
                    if clock() - start >= budget:
                        session.app.exit(result=("auto", session.default_buffer.text))
                        return

            session.app.create_background_task(watch())

    result = session.prompt("> ", default=default, pre_run=pre_run)
    kind, text = result if isinstance(result, tuple) else ("submit", result)
    end = clock()
    thinking = (first_key[0] if first_key else end) - start
    return AnswerInput(
        text=text,
        thinking_seconds=round(thinking, 1),
        answer_seconds=round(end - start, 1),
        interrupted=kind == "interrupt",
        auto_submitted=kind == "auto",
    )


def choose(
    prompt: str,
    options: dict[str, str],
    *,
    default: str | None = None,
    input: Input | None = None,
    output: Output | None = None,
) -> str:
    """A one-key menu: `options` maps a key to its label; Enter picks `default`."""
    bindings = KeyBindings()
    _ignore_mouse_reports(bindings)
    if default is not None:

        @bindings.add("enter")
        def _default(event: Any) -> None:
            event.app.exit(result=default)

    for key in options:

        @bindings.add(key)
        def _pick(event: Any, key: str = key) -> None:
            event.app.exit(result=key)

    @bindings.add("c-c")
    def _quit(event: Any) -> None:
        event.app.exit(result="q" if "q" in options else next(iter(options)))

    labels = "  ".join(
        f"[{'Enter/' if key == default else ''}{key}] {label}" for key, label in options.items()
    )
    session: PromptSession[str] = PromptSession(key_bindings=bindings, input=input, output=output)
    return session.prompt(f"{prompt}  {labels} ")


def prompt_line(message: str) -> str:
    """One line of input (for pickers)."""
    session: PromptSession[str] = PromptSession()
    return session.prompt(message)

"""The answer editor: a multiline prompt with a live clock in the bottom toolbar.

Esc then Enter submits; Ctrl-C returns what was typed so the caller can offer a menu and resume.
The clock is injectable so tests drive it.
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.data_structures import Size
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout.processors import (
    Processor,
    Transformation,
    TransformationInput,
)
from prompt_toolkit.layout.utils import explode_text_fragments
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style
from prompt_toolkit.utils import get_cwidth

from coach.i18n import t
from coach.timefmt import mmss
from coach.ui.wrap import unit_spans, wrap

Clock = Callable[[], float]
Fragment = tuple[str, str]  # (prompt_toolkit style, text)

STYLE = Style.from_dict(
    {
        "bottom-toolbar": "noreverse bg:#303030 #d0d0d0",
        "clock.ok": "bold #5fd75f",
        "clock.amber": "bold #ffaf00",
        "clock.red": "bold #ff5f5f",
        "hint": "#a8a8a8",
        "complaint": "#ffaf00",
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


def word_wrap_padding(text: str, width: int) -> dict[int, int]:
    """Where the editor pads a line so it wraps as `coach.ui.wrap` does: {character index:
    spaces put before it}. A unit no row may break inside (an English word, a katakana word, a
    number and its unit, a character and the 、。 after it) that would cross the right edge of
    a `width`-column row starts the next row instead; one longer than a row is cut as before."""
    starts = {start: end for _, start, end in unit_spans(text)}
    padding: dict[int, int] = {}
    column = 0
    for index, char in enumerate(text):
        end = starts.get(index)
        if end is not None and column:
            unit = get_cwidth(text[index:end])
            if column + unit > width >= unit:
                padding[index] = width - column
                column = 0
        cells = get_cwidth(char)
        column = cells if column + cells > width else column + cells
        if column == width:
            column = 0
    return padding


class WordWrap(Processor):
    """Shows the editor's lines wrapped between words (display only: the text is unchanged);
    `prefix` is the width of the prompt before each row."""

    def __init__(self, prefix: int) -> None:
        self.prefix = prefix

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        fragments = explode_text_fragments(ti.fragments)
        padding = word_wrap_padding("".join(f[1] for f in fragments), ti.width - self.prefix)
        if not padding:
            return Transformation(ti.fragments)
        shown: list[Any] = []
        to_display: list[int] = []
        for index, fragment in enumerate(fragments):
            if index in padding:
                shown.append((fragment[0], " " * padding[index]))
            to_display.append(sum(len(f[1]) for f in shown))
            shown.append(fragment)
        end = sum(len(f[1]) for f in shown)
        to_display += [end, end + 1]  # the cursor can stand after the line too

        def source_to_display(position: int) -> int:
            return to_display[min(position, len(to_display) - 1)]

        def display_to_source(position: int) -> int:
            return max((i for i, d in enumerate(to_display) if d <= position), default=0)

        return Transformation(shown, source_to_display, display_to_source)


def clock_fragment(
    elapsed: float, budget: int | None, lang: str, *, short: bool = False
) -> Fragment:
    """The clock's style class and text; `short` drops the budget ("⏱ 02:50", "⏱ +00:20")."""
    if not budget:
        return "class:clock.ok", f"⏱ {mmss(elapsed)}"
    ratio = elapsed / budget
    style = "clock.ok" if ratio < 0.75 else "clock.amber" if ratio < 1.0 else "clock.red"
    if elapsed > budget:
        over = "" if short else f"{t('editor.overtime', lang)} "
        return f"class:{style}", f"⏱ {over}+{mmss(elapsed - budget)}"
    left = mmss(budget - elapsed)
    return f"class:{style}", f"⏱ {left}" if short else f"⏱ {left} / {mmss(budget)}"


def clock_markup(elapsed: float, budget: int | None, lang: str) -> str:
    style, text = clock_fragment(elapsed, budget, lang)
    name = style.removeprefix("class:")
    return f"<{name}>{text}</{name}>"


def toolbar_fragments(
    width: int, clock: Fragment | None, short_clock: Fragment | None, status: str, lang: str
) -> list[Fragment]:
    """The bottom toolbar for a terminal `width` columns wide: the key hints always fit whole;
    the session status, the long key hint and the budget give way first (display width, so
    Japanese counts two columns a character)."""
    keys, short_keys = (t("editor.keys", lang), "wide"), (t("editor.keys_short", lang), "narrow")
    candidates = [
        (clock, status, keys),
        (clock, status, short_keys),
        (clock, "", keys),
        (clock, "", short_keys),
        (short_clock, "", short_keys),
        (None, "", short_keys),
    ]
    for clock_part, status_part, (key_text, room) in candidates:
        sep = "  ·  " if room == "wide" else " · "
        parts: list[Fragment] = []
        if clock_part is not None:
            parts.append(clock_part)
        if status_part:
            parts.append(("class:hint", status_part))
        parts.append(("class:hint", key_text))
        fragments: list[Fragment] = []
        for part in parts:
            if fragments:
                fragments.append(("class:hint", sep))
            fragments.append(part)
        if fragment_width(fragments) < width:  # the last column stays free of the cursor
            return fragments
    return fragments


def fragment_width(fragments: list[Fragment]) -> int:
    return sum(get_cwidth(text) for _, text in fragments)


def _redraw_whole_screen_on_resize(header: Callable[[], None] | None) -> Callable[[Any], None]:
    """After a resize, draw the question and the editor again on a cleared screen.

    prompt_toolkit erases its old drawing by moving up as many rows as it drew. A terminal that
    reflows its lines on a resize (tmux, VTE, iTerm2, Windows Terminal...) splits every row wider
    than the new width, so the editor's rows above the cursor take more rows than drawn: the
    erase stops short and the first lines of the answer stay on the screen, once per resize.
    No count of rows is right on every terminal, so the visible screen is cleared from the top
    and the question printed again at the new width (what had scrolled off stays scrolled off).
    """
    sizes: list[Size] = []

    def before_render(app: Any) -> None:
        size = app.output.get_size()
        if sizes and size != sizes[-1]:
            # A redraw can come before prompt_toolkit's own resize handler: forget the old
            # drawing here, so the editor is drawn from the top of what is cleared below.
            app.renderer.erase(leave_alternate_screen=False)
            app.output.cursor_goto(0, 0)
            app.output.erase_down()
            app.output.flush()
            if header is not None:
                header()
            # The editor's room is measured from where the question now ends.
            app.renderer.request_absolute_cursor_position()
        sizes[:] = [size]

    return before_render


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
    header: Callable[[], None] | None = None,
    on_key: Callable[[], None] | None = None,
    input: Input | None = None,
    output: Output | None = None,
) -> AnswerInput:
    """Read one answer. `started` carries the clock over a resume after Ctrl-C; `header`
    prints again what stands above the editor (the question) when the terminal is resized;
    `on_key` is called at the first change to the text (a question read aloud stops)."""
    start = clock() if started is None else started
    first_key: list[float] = []
    typed: list[bool] = []
    bindings = KeyBindings()
    _ignore_mouse_reports(bindings)

    @bindings.add("c-c")
    def _interrupt(event: Any) -> None:
        event.app.exit(result=("interrupt", event.app.current_buffer.text))

    def toolbar() -> FormattedText:
        elapsed = clock() - start
        fragments = toolbar_fragments(
            get_app().output.get_size().columns,
            clock_fragment(elapsed, budget, lang) if show_timer else None,
            clock_fragment(elapsed, budget, lang, short=True) if show_timer else None,
            session_status() if session_status is not None else "",
            lang,
        )
        return FormattedText(fragments)

    session: PromptSession[Any] = PromptSession(
        multiline=True,
        key_bindings=bindings,
        bottom_toolbar=toolbar,
        style=STYLE,
        refresh_interval=0.5,
        input=input,
        output=output,
        prompt_continuation=lambda width, line, wrap: " " * width,
        input_processors=[WordWrap(prefix=2)],
    )

    def on_change(_: Any) -> None:
        if not first_key:
            first_key.append(clock())
        if on_key is not None and not typed:
            typed.append(True)
            on_key()

    session.default_buffer.on_text_changed += on_change
    session.app.before_render += _redraw_whole_screen_on_resize(header)

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


def menu_key(typed: str, options: Iterable[str]) -> str | None:
    """The option a key press means: upper case and the full-width letters of a Japanese IME
    (ｒ, Ｓ) count as their ASCII letter; anything else means no option."""
    wanted = unicodedata.normalize("NFKC", typed).strip().casefold()
    return next((key for key in options if key.casefold() == wanted), None) if wanted else None


def menu_complaint(typed: str, options: Iterable[str], lang: str) -> str:
    """What to say when a key is none of the options: which keys are."""
    keys = list(options)
    listed = t("menu.keys_sep", lang).join(keys[:-1])
    listed = f"{listed}{t('menu.keys_last_sep', lang)}{keys[-1]}" if listed else keys[-1]
    shown = typed.strip()
    if shown and shown.isprintable() and get_cwidth(shown) <= 8:
        return t("menu.not_a_choice", lang, key=shown, keys=listed)
    return t("menu.press_one_of", lang, keys=listed)


def menu_lines(choices: list[str], width: int) -> list[str]:
    """A menu's prompt and choices ("[s] この質問をスキップ") on lines at most `width` columns
    wide: a choice moves whole to the next line rather than breaking ("end and sco/re")."""
    lines: list[str] = []
    for choice in choices:
        if lines and get_cwidth(f"{lines[-1]}  {choice}") <= width:
            lines[-1] = f"{lines[-1]}  {choice}"
        else:
            lines += wrap(choice, width)
    return lines


def choose(
    prompt: str,
    options: dict[str, str],
    *,
    lang: str,
    default: str | None = None,
    input: Input | None = None,
    output: Output | None = None,
) -> str:
    """A one-key menu: `options` maps a key to its label; Enter picks `default`. Any other key
    (or Enter with no default) says which keys are valid and asks again: it never picks."""
    bindings = KeyBindings()
    _ignore_mouse_reports(bindings)
    complaint: list[str] = []

    def pick_or_complain(event: Any, typed: str) -> None:
        key = menu_key(typed, options)
        if key is not None:
            event.app.exit(result=key)
        else:
            complaint[:] = [menu_complaint(typed, options, lang)]

    @bindings.add("enter")
    def _enter(event: Any) -> None:
        if default is not None:
            event.app.exit(result=default)
        elif not complaint:  # after "x", Enter leaves "「x」は選べません…" standing
            complaint[:] = [menu_complaint("", options, lang)]

    @bindings.add("c-d")  # prompt_toolkit's own ends the prompt with EOFError
    def _end_of_file(event: Any) -> None:
        complaint[:] = [menu_complaint("", options, lang)]

    # Every other key, typed or pasted, is one of the options or a complaint: nothing is ever
    # typed into the prompt, so nothing typed can come back as if it were a choice.
    @bindings.add(Keys.Any)
    def _typed(event: Any) -> None:
        pick_or_complain(event, event.data)

    @bindings.add(Keys.BracketedPaste)
    def _pasted(event: Any) -> None:
        pick_or_complain(event, event.data)

    @bindings.add("c-c")
    def _quit(event: Any) -> None:
        event.app.exit(result="q" if "q" in options else next(iter(options)))

    choices = [prompt] + [
        f"[{'Enter/' if key == default else ''}{key}] {label}" for key, label in options.items()
    ]

    def message() -> FormattedText:
        width = get_app().output.get_size().columns - 1
        shown = "\n".join(menu_lines(choices, width)) + " "
        if not complaint:
            return FormattedText([("", shown)])
        said = "\n".join(wrap(complaint[0], width))
        return FormattedText([("class:complaint", said + "\n"), ("", shown)])

    session: PromptSession[str] = PromptSession(
        key_bindings=bindings, style=STYLE, input=input, output=output
    )
    return session.prompt(message)


def prompt_line(message: str) -> str:
    """One line of input (for pickers)."""
    session: PromptSession[str] = PromptSession()
    return session.prompt(message)

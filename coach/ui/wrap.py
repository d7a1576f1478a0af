"""Line wrapping for mixed Japanese and English text, by display width.

English breaks only at spaces, Japanese between any two characters, except that no line starts
with closing punctuation (、。）」 ...) or ends with an opening one (kinsoku), a number keeps
its counter ("3名") and a short Latin word keeps the number after it ("AE 3名"). Every view
that wraps text goes through `wrap` (or `Wrapped`, its rich renderable).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group
from rich.markup import escape
from rich.measure import Measurement
from rich.style import StyleType
from rich.text import Text

from coach.safetext import safe_text

# Characters a line may not start with / end with (JIS X 4051 line-breaking rules, short form).
NO_START = frozenset(
    "、。，．,.)）]］}｝」』】〕〉》〙〗〟’”｠»ゝゞー"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻‐゠–〜～"
    "?？!！‼⁇⁈⁉・:：;；…‥%％"
)
NO_END = frozenset("(（[［{｛「『【〔〈《〘〖〝‘“｟«")

_TOKEN = re.compile(r"\s+|[^\s]")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _units(line: str) -> list[tuple[str, str]]:
    """`line` as (space before, text) pairs that are never broken inside."""
    units: list[tuple[str, str]] = []
    space = ""
    for token in _TOKEN.findall(line):
        if token.isspace():
            space = " "
            continue
        joins = units and not space and not _wide(token) and not _wide(units[-1][1][-1])
        if joins:  # Latin letters, digits and their punctuation make one word
            units[-1] = (units[-1][0], units[-1][1] + token)
        else:
            units.append((space, token))
        space = ""
    return _glue(units)


def _glue(units: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join the units no line may break between."""
    out: list[tuple[str, str]] = []
    for space, text in units:
        if out and not space:
            before = out[-1][1]
            if (
                text[0] in NO_START
                or before[-1] in NO_END
                or (before[-1].isdigit() and _wide(text[0]))  # 3名, 10件
            ):
                out[-1] = (out[-1][0], before + text)
                continue
        out.append((space, text))
    glued: list[tuple[str, str]] = []
    for space, text in out:
        if (
            glued
            and space
            and _wide(text[0])
            and (glued[-1][1][-1].isdigit() or _wide(glued[-1][1][-1]))
        ):  # "1,200 万", "3 倍"; a space inside Japanese is spacing, not a break: "田中 愛子"
            glued[-1] = (glued[-1][0], f"{glued[-1][1]} {text}")
        else:
            glued.append((space, text))
        if len(glued) > 1 and _number_after_short_word(glued[-2][1], *glued[-1]):
            glued[-2:] = [(glued[-2][0], f"{glued[-2][1]} {glued[-1][1]}")]
    return glued


def _number_after_short_word(before: str, space: str, text: str) -> bool:
    """ "AE 3名", "SDR 2名", "ARR 1,200 万": a short Latin word and a counted number."""
    return (
        bool(space)
        and text[0].isdigit()
        and any(_wide(c) for c in text)
        and before[-1].isascii()
        and before[-1].isalnum()
        and cell_len(before) <= 8
    )


def _fold(text: str, width: int) -> Iterator[str]:
    """A unit wider than the line, cut by characters (a URL, a long id)."""
    part = ""
    for char in text:
        if part and cell_len(part + char) > width:
            yield part
            part = ""
        part += char
    if part:
        yield part


def wrap(text: str, width: int, indent: str = "", hang: str | None = None) -> list[str]:
    """`text` as lines at most `width` columns wide; the first line of each paragraph starts
    with `indent`, the lines after it with `hang` (default `indent`). Newlines are kept."""
    hang = indent if hang is None else hang
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lead = paragraph[: len(paragraph) - len(paragraph.lstrip())].replace("\t", "    ")
        first, rest = indent + lead, hang + lead
        room = max(1, width - cell_len(first)), max(1, width - cell_len(rest))
        current, on_first = "", True
        for space, unit in _units(paragraph):
            limit = room[0] if on_first else room[1]
            joined = f"{current}{space if current else ''}{unit}"
            if cell_len(joined) <= limit:
                current = joined
                continue
            if current:
                lines.append((first if on_first else rest) + current)
                on_first, limit = False, room[1]
            pieces = list(_fold(unit, limit))
            for piece in pieces[:-1]:
                lines.append((first if on_first else rest) + piece)
                on_first, limit = False, room[1]
            current = pieces[-1] if pieces else ""
        prefix = first if on_first else rest
        lines.append(prefix + current if current else prefix.rstrip())
    return lines


class Wrapped:
    """Text as a rich renderable wrapped by `wrap` at whatever width it is given (a panel, a
    table cell, the terminal after a resize). A plain string is untrusted text, shown
    literally; a rich `Text` keeps its styles."""

    def __init__(
        self, text: str | Text, style: StyleType = "", indent: str = "", hang: str | None = None
    ) -> None:
        self.text = text if isinstance(text, Text) else Text(safe_text(text), style=style)
        self.indent, self.hang = indent, hang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        plain, position = self.text.plain, 0
        for line in wrap(plain, options.max_width, self.indent, self.hang):
            body = line.lstrip(" ")
            lead = line[: len(line) - len(body)]
            start = plain.find(body, position) if body else -1
            if start < 0:  # an empty line (or, never, text wrap did not keep)
                row = Text(line)
            else:
                position = start + len(body)
                row = Text(lead) + self.text[start:position]
            row.no_wrap, row.overflow, row.end = True, "crop", "\n"
            yield row

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lines = self.text.plain.split("\n")
        widest_unit = max((cell_len(u) for line in lines for _, u in _units(line)), default=0)
        widest_line = max((cell_len(line) for line in lines), default=0)
        extra = cell_len(self.indent)
        return Measurement(min(widest_unit, 20) + extra, widest_line + extra).clamp(
            max_width=options.max_width
        )


def aligned(rows: list[tuple[str, str]], gap: str = "  ") -> list[str]:
    """`label  value` lines, the labels padded to one display width (a 日本語 label is wide)."""
    width = max((cell_len(label) for label, _ in rows), default=0)
    return [f"{label}{' ' * (width - cell_len(label))}{gap}{value}" for label, value in rows]


def section(title: str, lines: list[str], hang: str = "   ") -> Group:
    """A titled list of markup lines, each wrapped with its continuation lines under its text."""
    return Group(
        Text.from_markup(f"\n[bold underline]{escape(title)}[/]"),
        *(Wrapped(Text.from_markup(line), hang=hang) for line in lines),
    )

"""Line wrapping for mixed Japanese and English text, by display width.

English breaks only at spaces, Japanese between any two characters, except that no line starts
with closing punctuation (、。）」 ...) or ends with an opening one (kinsoku), a katakana word
stays whole ("パイプライン"), a number keeps its counter or unit ("3名", "1,200万円", "15%") and a
short Latin word keeps the number after it ("AE 3名"). A word wider than the line is cut where
the line ends. Every view that wraps text goes through `wrap` (or `Wrapped`, its rich renderable).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
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


# A number ending in a magnitude (1,200万) or in か/ヶ (3か月) still waits for its counter.
_NUMBER_END = re.compile(r"[0-9０-９](?:[万億兆千百十]+|[かカヵヶケ])?$")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _katakana(char: str) -> bool:
    """A letter of a katakana word (not ・, which separates two words)."""
    return len(char) == 1 and (
        "\u30a1" <= char <= "\u30fa" or char in "ーヽヾ" or "\uff66" <= char <= "\uff9f"
    )


Span = tuple[str, int, int]  # (space before, start, end) of a unit in its line


def _units(line: str) -> list[tuple[str, str]]:
    """`line` as (space before, text) pairs that are never broken inside."""
    return [(space, " ".join(line[start:end].split())) for space, start, end in unit_spans(line)]


def unit_spans(line: str) -> list[Span]:
    """Where `line`'s units stand: the stretches no line may break inside (the editor pads
    its rows by them; `wrap` breaks between them)."""
    spans: list[Span] = []
    space = ""
    for match in _TOKEN.finditer(line):
        token = match.group()
        if token.isspace():
            space = " "
            continue
        before = line[spans[-1][2] - 1] if spans else ""
        joins = spans and not space and not _wide(token) and not _wide(before)
        joins = joins or (not space and _katakana(before) and _katakana(token))
        if joins:  # Latin letters, digits and their punctuation make one word; so does katakana
            spans[-1] = (spans[-1][0], spans[-1][1], match.end())
        else:
            spans.append((space, match.start(), match.end()))
        space = ""
    return _glue(line, spans)


def _glue(line: str, spans: list[Span]) -> list[Span]:
    """Join the units no line may break between."""
    out: list[Span] = []
    for space, start, end in spans:
        text = line[start:end]
        if out and not space:
            before = line[out[-1][1] : out[-1][2]]
            if (
                text[0] in NO_START
                or before[-1] in NO_END
                or (_NUMBER_END.search(before) and _wide(text[0]))  # 3名, 1,200万円, 3か月
            ):
                out[-1] = (out[-1][0], out[-1][1], end)
                continue
        out.append((space, start, end))
    glued: list[Span] = []
    for space, start, end in out:
        last = line[glued[-1][2] - 1] if glued else ""
        if glued and space and _wide(line[start]) and (last.isdigit() or _wide(last)):
            # "1,200 万", "3 倍"; a space inside Japanese is spacing, not a break: "田中 愛子"
            glued[-1] = (glued[-1][0], glued[-1][1], end)
        else:
            glued.append((space, start, end))
        if len(glued) > 1 and _number_after_short_word(
            line[glued[-2][1] : glued[-2][2]], glued[-1][0], line[glued[-1][1] : glued[-1][2]]
        ):
            glued[-2:] = [(glued[-2][0], glued[-2][1], glued[-1][2])]
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
    """A unit wider than the line, cut by characters (a URL, a long id, a long katakana word);
    a piece never starts with a character kinsoku keeps off the start of a line (ー, ッ)."""
    part = ""
    for char in text:
        if part and cell_len(part + char) > width:
            keep = len(part)
            if char in NO_START:  # carry the character before it (and its small kana) along
                keep -= 1
                while keep > 0 and part[keep] in NO_START:
                    keep -= 1
            keep = keep or len(part)
            yield part[:keep]
            part = part[keep:]
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


def fit_widths(columns: list[list[str]], room: int, whole: tuple[int, ...] = ()) -> list[int]:
    """Widths for table columns (each given as its texts, header first) in `room` columns of
    content: each column is at least as wide as its widest word (up to 20 columns); the rest
    of the room goes, a column at a time, where it saves the most rows and cut words (or else
    lines in cells; then to the cells nearest to fitting on one line), so a title does not
    fold while a short cell has room to spare. Columns that cannot all fit shrink, the widest
    (or one that cuts a word anyway) first. A column in `whole` (ids) is never narrower than its
    widest word, if the others can give way."""
    highs = [max(1, *(_widest_line(t) for t in texts)) for texts in columns]
    if sum(highs) <= room:
        return highs
    words = [max(_widest_unit(t) for t in texts) for texts in columns]
    lows = [
        min(high, max(1, word if c in whole else min(20, word)))
        for c, (high, word) in enumerate(zip(highs, words, strict=True))
    ]
    if sum(lows) >= room:
        # The widest gives way first, counting a column that cuts a word anyway as 5 wider.
        widths = lows[:]
        while sum(widths) > room and max(widths) > 1:
            others = [c for c in range(len(widths)) if c not in whole and widths[c] > 1]
            shrink = max(
                others or range(len(widths)),
                key=lambda c: (widths[c] + 5 * (words[c] > widths[c]), words[c] > widths[c]),
            )
            widths[shrink] -= 1
        return widths
    # A narrow column of Japanese breaks every few characters: at least 10 where they fit.
    floored = [min(high, max(10, low)) for high, low in zip(highs, lows, strict=True)]
    widths = floored if sum(floored) <= room else lows[:]
    rows = range(max(len(texts) for texts in columns))
    lines: dict[tuple[int, int], list[int]] = {}

    def heights(column: int, width: int) -> list[int]:
        if (column, width) not in lines:
            texts = columns[column]
            lines[column, width] = [
                len(wrap(texts[r], width)) if r < len(texts) else 1 for r in rows
            ]
        return lines[column, width]

    units = [[_widest_unit(t) for t in texts] for texts in columns]

    def height(trial: list[int]) -> int:
        """Rows the table takes, one more for every word cut where a cell ends; then, to tell
        two layouts as tall apart, the lines of all cells."""
        per_column = [heights(c, w) for c, w in enumerate(trial)]
        folded = sum(u > w for c, w in enumerate(trial) for u in units[c])
        table = sum(max(column[r] for column in per_column) for r in rows) + folded
        return 1000 * table + sum(sum(column) for column in per_column)

    spare = room - sum(widths)
    while spare > 0:
        now, best = height(widths), None
        for column in range(len(widths)):
            for more in range(1, min(spare, highs[column] - widths[column]) + 1):
                trial = widths[:]
                trial[column] += more
                saved = now - height(trial)
                if saved > 0:
                    if best is None or saved / more > best[0]:
                        best = (saved / more, column, more)
                    break
        if best is None:
            break
        widths[best[1]] += best[2]
        spare -= best[2]
    # Room that saves no row still saves a cell its break: the smallest need first.
    for column in sorted(range(len(widths)), key=lambda c: highs[c] - widths[c]):
        more = min(spare, highs[column] - widths[column])
        widths[column] += more
        spare -= more
    return widths


def _widest_unit(text: str) -> int:
    return max((cell_len(u) for line in text.split("\n") for _, u in _units(line)), default=0)


def _widest_line(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


class WrappedTable:
    """A rich table whose cells are wrapped by `wrap` at widths from `fit_widths`: a word, a
    katakana word or a number and its unit stays whole ("GTM" is never cut into "GT/M")."""

    def __init__(
        self,
        headers: list[str],
        rows: list[list[Text | str]],
        *,
        title: str | None = None,
        right: tuple[int, ...] = (),
        whole: tuple[int, ...] = (),
    ) -> None:
        self.headers, self.title, self.right, self.whole = headers, title, right, whole
        self.rows = [[Wrapped(cell) for cell in row] for row in rows]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.table import Table

        heads = [Wrapped(h) for h in self.headers]
        columns = [
            [heads[c].text.plain, *(row[c].text.plain for row in self.rows)]
            for c in range(len(heads))
        ]
        room = options.max_width - 3 * len(heads) - 1  # a border and a space each side
        table = Table(title=self.title, title_justify="left")
        widths = fit_widths(columns, room, self.whole)
        for index, (head, width) in enumerate(zip(heads, widths, strict=True)):
            table.add_column(head, width=width, justify="right" if index in self.right else "left")
        for row in self.rows:
            table.add_row(*row)
        yield table

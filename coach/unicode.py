"""Text that can be written anywhere: UTF-8 files, SQLite, JSON, the terminal."""

from __future__ import annotations

import re
import unicodedata
from types import MappingProxyType

_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """`text` with lone surrogates (undecodable input bytes, `\\ud800` escapes) as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def display_width(text: str) -> int:
    """Terminal columns `text` takes: East Asian wide and full-width characters count two,
    combining marks none (the same count as the views' wrapping, without importing them)."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


_SENTENCE_END = re.compile(r"[。．！？!?]|[.;:](?=\s)")


def _kind(char: str) -> str:
    if "\u30a0" <= char <= "\u30ff" or char == "ー":
        return "katakana"
    if "\u4e00" <= char <= "\u9fff" or char == "々":
        return "kanji"
    if char.isdigit() or char in ",，.．":
        return "number"
    if char.isascii() and char.isalpha():
        return "latin"
    return ""


def _joined(before: str, after: str) -> bool:
    """Whether a cut between these two characters splits a word: a katakana or kanji word, a
    number ("1,200"), an English word, or a number and its counter or unit ("3名", "15%")."""
    kind = _kind(before)
    if kind and kind == _kind(after):
        return True
    return kind == "number" and not after.isspace() and (after in "%％" or after.isalpha())


def clip(text: str, width: int) -> str:
    """`text` on one line, cut to at most `width` columns with "…": after the last whole
    sentence that keeps at least a third of the room, else between words (never inside an
    English, katakana or kanji word, or a number and its unit), else where the room ends."""
    text = " ".join(text.split())
    if display_width(text) <= width:
        return text
    room, used, end = max(1, width - 1), 0, 0
    for end, char in enumerate(text):  # noqa: B007 - `end`: the first character left out
        used += display_width(char)
        if used > room:
            break
    head = text[:end]
    sentences = [m.end() for m in _SENTENCE_END.finditer(head)]
    if sentences and display_width(head[: sentences[-1]]) * 3 >= room:
        return head[: sentences[-1]] + "…"
    cut = end
    while 0 < cut and _joined(text[cut - 1], text[cut]):
        cut -= 1
    comma = text.rfind("、", max(0, cut - 5), cut)
    if comma > 0 and "\u3041" <= text[cut - 1] <= "\u309f":  # "…ために、あ": at the comma
        cut = comma
    if display_width(text[:cut]) * 3 < room:  # one long word: cut it where the room ends
        cut = end
    return text[:cut].rstrip(' 、，,;:「『（([“"') + "…"


_QUOTES = MappingProxyType({"「": "」", "『": "』", "“": "”", '"': '"'})


def clip_quotes(text: str, width: int) -> str:
    """`text` with every quotation in it (「…」, 『…』, “…”, "…", the outermost of nested ones)
    cut to `width` columns by `clip`: advice that quotes a whole case prompt quotes its start."""
    out: list[str] = []
    start = 0
    while start < len(text):
        opening = text[start]
        closing = _QUOTES.get(opening)
        end, depth = start, 0
        if closing is not None:
            for end in range(start + 1, len(text)):  # noqa: B007 - `end`: where it closes
                if text[end] == closing and depth == 0:
                    break
                if opening != closing:
                    depth += (text[end] == opening) - (text[end] == closing)
            else:
                end = start  # never closed: not a quotation
        if end > start:
            out.append(f"{opening}{clip(text[start + 1 : end], width)}{closing}")
            start = end + 1
        else:
            out.append(opening)
            start += 1
    return "".join(out)

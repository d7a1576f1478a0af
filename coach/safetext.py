"""Untrusted text made harmless to show: answers, pack texts and provider replies.

A terminal acts on control characters (OSC 52 writes the clipboard, CSI clears the screen, OSC 8
hides a link), and bidi overrides reorder what follows them on the line. Every view and the report
pass such text through `safe_text` so it is shown, never obeyed: C0 controls become their
Unicode control pictures (ESC is "␛"), C1 and bidi controls their `\\x..`/`\\u....` spelling,
so the reader sees that something was there. Newlines and tabs are kept.
"""

from __future__ import annotations

from types import MappingProxyType

# Explicit embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI). The
# marks (LRM, RLM, ALM) reorder nothing beyond themselves and are kept.
BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))


def _table() -> dict[int, str]:
    table: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if chr(c) not in "\n\t"}
    table[0x7F] = "\u2421"  # ␡
    table.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})
    table.update({c: f"\\u{c:04x}" for c in BIDI_CONTROLS})
    # A lone surrogate cannot be encoded for the terminal at all.
    table.update(dict.fromkeys(range(0xD800, 0xE000), "\ufffd"))
    return table


_VISIBLE = MappingProxyType(_table())


def safe_text(text: str) -> str:
    """`text` with every control character (but newline and tab) made visible and inert."""
    return text.replace("\r\n", "\n").translate(_VISIBLE)


# json.dumps(ensure_ascii=False) escapes C0 but leaves DEL, C1, bidi controls and lone
# surrogates raw; they can only stand inside its strings, where a \u escape is the same
# character to any JSON reader (and a lone surrogate can then be written out at all).
_JSON_ESCAPES = MappingProxyType(
    {
        c: f"\\u{c:04x}"
        for c in (0x7F, *range(0x80, 0xA0), *sorted(BIDI_CONTROLS), *range(0xD800, 0xE000))
    }
)


def safe_json(text: str) -> str:
    """JSON text from json.dumps, with the controls it leaves raw written as \\u escapes."""
    return text.translate(_JSON_ESCAPES)

"""Text that can be written anywhere: UTF-8 files, SQLite, JSON, the terminal."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """`text` with lone surrogates (undecodable input bytes, `\\ud800` escapes) as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)

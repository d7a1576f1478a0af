"""The languages coach speaks: one declaration for the UI, the packs, the scorer and the CLI."""

from __future__ import annotations

from enum import StrEnum


class Lang(StrEnum):
    """A language code; the value is what is stored, typed and shown ("ja", "en")."""

    JA = "ja"
    EN = "en"


# The codes as plain text, Japanese first (the product is Japanese-first): they end up in pack
# YAML, which cannot represent an enum member.
LANGUAGES: tuple[str, ...] = tuple(lang.value for lang in Lang)


def known(code: object) -> bool:
    """Whether `code` is one of the languages (any other value, a number or None, is not)."""
    return isinstance(code, str) and code in LANGUAGES

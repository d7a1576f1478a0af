"""Per-language vocabulary of the offline scorer, read from `lexicon/<lang>.yaml`.

Nothing here is about one role: story, plan, mechanism, result and reflection markers, fillers,
negation and dismissal, text addressed to the grader, numbers in words, and general named methods.
A pack adds its own terms (`terms:` in pack.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from coach.lang import LANGUAGES


@dataclass(frozen=True)
class Lexicon:
    lang: str
    stopwords: frozenset[str]
    fillers: tuple[str, ...]
    terms: tuple[str, ...]
    story: re.Pattern[str]
    mechanism: re.Pattern[str]
    result: re.Pattern[str]
    reflection: re.Pattern[str]
    plan: re.Pattern[str]
    negation: re.Pattern[str]
    dismissal: re.Pattern[str]
    grader: re.Pattern[str]
    numbers: re.Pattern[str]


def _union(patterns: Iterable[str]) -> re.Pattern[str]:
    parts = [p for p in patterns if p]
    return re.compile("|".join(f"(?:{p})" for p in parts) or r"(?!x)x", re.I)


@lru_cache(maxsize=4)
def lexicon(lang: str) -> Lexicon:
    """The vocabulary of `lang` ('ja' or 'en'; anything else reads as English)."""
    lang = lang if lang in LANGUAGES else "en"
    raw = yaml.safe_load(
        resources.files("coach.scoring").joinpath("lexicon", f"{lang}.yaml").read_text("utf-8")
    )

    def patterns(key: str) -> re.Pattern[str]:
        value = raw.get(key) or []
        return _union([value] if isinstance(value, str) else value)

    return Lexicon(
        lang=lang,
        stopwords=frozenset(str(raw.get("stopwords") or "").split()),
        fillers=tuple(raw.get("fillers") or ()),
        terms=tuple(str(t) for t in raw.get("terms") or ()),
        story=patterns("story"),
        mechanism=patterns("mechanism"),
        result=patterns("result"),
        reflection=patterns("reflection"),
        plan=patterns("plan"),
        negation=patterns("negation"),
        dismissal=patterns("dismissal"),
        grader=patterns("grader"),
        numbers=patterns("numbers"),
    )


def term_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """Named terms: acronyms match in capitals only ("MAP", not "I map"), names in any case."""
    unique = sorted({t for t in terms if t.strip()}, key=len, reverse=True)

    def one(term: str) -> str:
        body = re.escape(term)
        return rf"(?<![A-Za-z]){body}(?![A-Za-z])" if term.isascii() else body

    acronyms = [one(t) for t in unique if t.isascii() and t.isupper()]
    names = [one(t) for t in unique if not (t.isascii() and t.isupper())]
    parts = []
    if acronyms:
        parts.append("(?:" + "|".join(acronyms) + ")")
    if names:
        parts.append("(?i:" + "|".join(names) + ")")
    return re.compile("|".join(parts) or r"(?!x)x")

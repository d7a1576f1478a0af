"""Scoring backends: built-ins and plugins register through the `coach.backends` entry points.

An entry point names a factory `make(pack, model) -> Scorer`. `offline` is registered by this
package's own pyproject exactly as a third-party plugin would be.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Protocol

from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.packs.model import Pack, Question
    from coach.scoring.evaluation import Evaluation

GROUP = "coach.backends"
DEFAULT_BACKEND = "offline"


class Scorer(Protocol):
    """What every backend provides."""

    name: str

    def warm_up(self) -> None: ...

    def score(
        self,
        question: Question,
        answer: str,
        lang: str | None = None,
        seconds: float | None = None,
        budget_seconds: int | None = None,
        feedback_lang: str | None = None,
    ) -> Evaluation: ...


Factory = Callable[["Pack", "str | None"], Scorer]


@dataclass
class Registry:
    factories: dict[str, Factory]
    warnings: list[str]


def registry() -> Registry:
    """Every backend found through the entry-point group; a plugin that fails is a warning."""
    factories: dict[str, Factory] = {}
    warnings: list[str] = []
    for ep in entry_points(group=GROUP):
        try:
            factories.setdefault(ep.name, ep.load())
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not break coach
            warnings.append(f"{ep.name}: {type(exc).__name__}: {exc}")
    if DEFAULT_BACKEND not in factories:  # running from a source tree without metadata
        from coach.backends.offline import make

        factories[DEFAULT_BACKEND] = make
    return Registry(factories, warnings)


def choose_backend(flag: str | None) -> str:
    """--backend, else COACH_BACKEND, else the config file, else offline."""
    return flag or os.environ.get("COACH_BACKEND") or DEFAULT_BACKEND


def create_scorer(pack: Pack, backend: str | None = None, model: str | None = None) -> Scorer:
    name = choose_backend(backend)
    found = registry()
    factory = found.factories.get(name)
    if factory is None:
        raise CoachError("backends.unknown", name=name, known=", ".join(sorted(found.factories)))
    return factory(pack, model or os.environ.get("COACH_MODEL"))

"""Scoring backends: built-ins and plugins register through the `coach.backends` entry points.

An entry point names a factory `make(context: BackendContext) -> Scorer`. `offline`, `openai`,
`anthropic` and `ollama` are registered by this package's own pyproject exactly as a third-party
plugin would be, and every factory, built in or plugged in, is given the same `BackendContext`.
A scorer's `score` takes an `Attempt` (`coach.scoring.attempt`).
A factory written for the older `make(pack, model)` still works (see `call_factory`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import import_module
from importlib.metadata import entry_points
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from coach.backends.config import Settings, resolve
from coach.errors import CoachError
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import Flag
from coach.unicode import valid_unicode

if TYPE_CHECKING:
    from coach.backends.remote import Notify, Provider, RemoteScorer
    from coach.packs.model import Pack
    from coach.scoring.evaluation import Evaluation

GROUP = "coach.backends"
DEFAULT_BACKEND = "offline"
PROVIDERS = MappingProxyType(
    {
        "openai": "coach.backends.openai:OpenAIProvider",
        "anthropic": "coach.backends.anthropic:AnthropicProvider",
        "ollama": "coach.backends.ollama:OllamaProvider",
    }
)


class Scorer(Protocol):
    """What every backend provides."""

    name: str
    # Scores inside this process (the embedded scorer): nothing leaves the machine, and
    # scoring several answers at once gains nothing. A backend without it is a remote one.
    in_process: bool

    def warm_up(self) -> None: ...

    def score(self, attempt: Attempt, feedback_lang: str | None = None) -> Evaluation:
        """Judge the attempt; texts in the result are in `feedback_lang` (else the answer's)."""
        ...


Factory = Callable[..., Scorer]


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
            warnings.append(f"{ep.name} ({ep.value}): {type(exc).__name__}: {exc}")
    if DEFAULT_BACKEND not in factories:  # running from a source tree without metadata
        from coach.backends.offline import make

        factories[DEFAULT_BACKEND] = make
    return Registry(factories, warnings)


@dataclass(frozen=True)
class BackendContext:
    """What every backend factory is given: the pack, the model asked for (None: its default),
    the resolved settings (sections, offline, redact, timeout) and where one-line notices go."""

    pack: Pack
    model: str | None
    settings: Settings
    notify: Notify | None = None


def call_factory(factory: Factory, context: BackendContext) -> Scorer:
    """A factory of one parameter gets the BackendContext; an older `make(pack, model)` plugin
    gets those two, as it always did."""
    try:
        params = list(inspect.signature(factory).parameters.values())
    except (TypeError, ValueError):  # no signature to read (a builtin): the older call
        params = []
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if len(params) == 1 and params[0].kind in positional:
        return factory(context)
    return factory(context.pack, context.model)


def provider_for(name: str, settings: Settings, model: str | None = None) -> Provider | None:
    """A built-in provider configured from settings (None for offline and plugins)."""
    target = PROVIDERS.get(name)
    if target is None:
        return None
    module, _, attr = target.partition(":")
    cls = getattr(import_module(module), attr)
    section = settings.section(name)
    base = section.get("base_url") or section.get("host")
    provider: Provider = cls(
        model=model or section.get("model"), base_url=str(base) if base else None
    )
    caller = getattr(provider, "caller", None)
    if caller is not None:  # offline mode: the HTTP layer refuses too, whoever asks it
        caller.offline = settings.offline
        caller.deadline = settings.timeout
    return provider


def remote_scorer(context: BackendContext, name: str) -> RemoteScorer:
    """The built-in backend `name` over its provider, configured from the context's settings."""
    from coach.backends.remote import RemoteScorer

    provider = provider_for(name, context.settings, context.model)
    assert provider is not None
    missing = provider.missing()
    if missing:
        raise CoachError("backends.not_ready", name=name, missing=missing)
    return RemoteScorer(
        context.pack, provider, redact_answers=context.settings.redact, notify=context.notify
    )


def refuse_if_offline(settings: Settings) -> None:
    """Offline mode allows no backend but the embedded one, and says which setting asked for it."""
    if settings.offline and settings.backend != DEFAULT_BACKEND:
        raise CoachError(
            "backends.offline_only", name=settings.backend, reason=settings.offline_reason
        )


def create_scorer(
    pack: Pack,
    backend: str | None = None,
    model: str | None = None,
    *,
    offline: bool = False,
    redact: bool = False,
    notify: Notify | None = None,
) -> Scorer:
    """The scorer chosen by flags, then environment, then the config file."""
    settings = resolve(backend, model, offline, redact)
    if notify is not None:
        for key, params in settings.notices:
            notify(key, **params)
    refuse_if_offline(settings)
    found = registry()
    if notify is not None:
        for warning in found.warnings:
            notify("notice.plugin_failed", detail=warning)
    factory = found.factories.get(settings.backend)
    if factory is None:
        raise CoachError(
            "backends.unknown", name=settings.backend, known=", ".join(sorted(found.factories))
        )
    context = BackendContext(pack, settings.model, settings, notify)
    return Bounded(call_factory(factory, context))


ANSWER_LIMIT = 20_000  # characters of an answer that are scored; the answer is saved in full
TRUNCATED = Flag.TRUNCATED


class Bounded:
    """Any backend, fed at most `limit` characters of an answer, saying so in the evaluation.

    Every command gets its scorer from `create_scorer`, so scoring time and memory are bounded
    for every backend, built in or plugged in."""

    def __init__(self, inner: Scorer, limit: int = ANSWER_LIMIT) -> None:
        self.inner = inner
        self.limit = limit
        self.name = inner.name
        self.in_process = bool(getattr(inner, "in_process", False))  # a plugin may not say

    def __getattr__(self, attr: str) -> object:  # the backend's own attributes (provider, pack)
        if attr == "inner":  # not set yet (copy, pickle): no recursion
            raise AttributeError(attr)
        return getattr(self.inner, attr)

    def warm_up(self) -> None:
        self.inner.warm_up()

    def score(self, attempt: Attempt, feedback_lang: str | None = None) -> Evaluation:
        answer = valid_unicode(attempt.text)  # invalid UTF-8 on stdin must not break any backend
        if len(answer) <= self.limit:
            return self.inner.score(replace(attempt, text=answer), feedback_lang)
        evaluation = self.inner.score(replace(attempt, text=answer[: self.limit]), feedback_lang)
        evaluation.flags.append(TRUNCATED)
        evaluation.flag_evidence[TRUNCATED] = []
        evaluation.notes.append(f"{TRUNCATED}:{self.limit}/{len(answer)}")
        return evaluation

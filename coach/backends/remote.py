"""A scorer backed by an LLM provider: one prompt, validated replies, retries, offline fallback."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from coach.backends.http import Caller, ProviderError
from coach.backends.prompt import ReplyError, build, parse_json, schema, to_evaluation
from coach.backends.redaction import (
    read_key,
    redact,
    safe_url,
    scrub,
    scrub_data,
    secrets_for,
)
from coach.packs.model import Pack
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import Evaluation
from coach.scoring.text import detect_lang


@dataclass
class Reply:
    text: str
    model: str
    usage: dict[str, int] = field(default_factory=dict)
    finish_reason: str | None = None

    @property
    def cut_short(self) -> bool:
        """Did the reply stop at the token limit (OpenAI and Ollama "length", Anthropic
        "max_tokens")?"""
        return self.finish_reason in ("length", "max_tokens")


CUT_SHORT_LIMIT = 2400  # tokens for the one request after a reply cut at the usual limit


@dataclass(frozen=True)
class Request:
    """One request to a provider: the prompts, the schema the reply must follow, the turns after
    the first reply (a repair) and a token limit (None: the provider's usual one)."""

    system: str
    user: str
    reply_schema: dict[str, Any]
    history: list[dict[str, str]] | None = None
    max_tokens: int | None = None


def token_usage(raw: Any, input_key: str, output_key: str) -> dict[str, int]:
    """A provider's usage block as {"input_tokens", "output_tokens"}."""
    raw = raw if isinstance(raw, dict) else {}
    return {
        "input_tokens": int(raw.get(input_key) or 0),
        "output_tokens": int(raw.get(output_key) or 0),
    }


class HttpProvider:
    """What the built-in providers share: where they send, which key, and the HTTP caller."""

    name = ""
    default_base_url = ""
    default_model = ""
    base_url_env = ""
    key_env = ""  # empty: the provider needs no key
    key_hint = ""

    def __init__(
        self,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        caller: Caller | None = None,
    ) -> None:
        env_base = os.environ.get(self.base_url_env, "") if self.base_url_env else ""
        base = (base_url or env_base).strip() or self.default_base_url
        if not base.startswith(("http://", "https://")):
            base = f"http://{base}"
        self.base_url = base.rstrip("/")
        if api_key is None:
            api_key = read_key(self.key_env) if self.key_env else ""
        self.api_key = api_key.strip()
        self.model = model or self.default_model
        self.endpoint = safe_url(self.base_url)  # what is shown: no userinfo, no secret values
        self.caller = caller or Caller()
        self.caller.secrets = secrets_for(self.api_key, self.base_url)
        self.caller.key_hint = self.key_hint

    def complete(self, *args: Any, **kwargs: Any) -> Reply:
        """`Provider.complete`: its arguments are a `Request`, which `send` posts."""
        return self.send(Request(*args, **kwargs))

    def send(self, request: Request) -> Reply:
        """Post the request in this provider's own API; the reply's text and token usage."""
        raise NotImplementedError

    def url(self, path: str) -> str:
        """`path` under the base URL, keeping the base URL's query (e.g. ?api-version=...)."""
        parts = urlsplit(self.base_url)
        return urlunsplit(parts._replace(path=parts.path.rstrip("/") + path))

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never be shown or stored: the key, the base URL's secrets, every env key."""
        return self.caller.secrets

    def missing(self) -> str | None:
        """What is needed before it can run (never the key itself), or None."""
        if self.key_env and not self.api_key:
            return f"{self.key_env} is not set"
        return self.key_problem()

    def key_problem(self) -> str | None:
        """Why the key cannot be sent (an HTTP header is ASCII only), never the key itself."""
        if self.api_key and not self.api_key.isascii():
            return f"{self.key_env} holds non-ASCII characters (a pasted quote?); copy it again"
        return None


class Provider(Protocol):
    """One LLM API. `complete` sends system + user (+ the reply schema) and returns the text."""

    name: str
    model: str
    endpoint: str  # where answers go (shown to the user before the first request)

    def missing(self) -> str | None: ...  # what is needed before it can run, or None

    def complete(
        self,
        system: str,
        user: str,
        reply_schema: dict[str, Any],
        history: list[dict[str, str]] | None = None,
        max_tokens: int | None = None,  # None: the provider's usual limit
    ) -> Reply: ...


Notify = Callable[..., None]  # notify(message_key, **params)


class RemoteScorer:
    """Scorer protocol over a Provider. Never loses an answer: failures fall back to offline."""

    in_process = False

    def __init__(
        self,
        pack: Pack,
        provider: Provider,
        *,
        redact_answers: bool = False,
        notify: Notify | None = None,
    ) -> None:
        self.pack, self.provider = pack, provider
        self.name = provider.name
        self.redact_answers = redact_answers
        self.notify: Notify = notify or (lambda key, **params: None)
        self._lock = threading.Lock()
        self._announced = False
        self._fallback_told = False
        self._offline: Any = None
        self._caller: Caller | None = getattr(provider, "caller", None)
        if self._caller is not None:
            self._caller.on_wait = self._waiting

    def warm_up(self) -> None:
        """Nothing to load; say where answers will go before the first one is typed."""
        self._announce()

    def _announce(self) -> None:
        with self._lock:
            if not self._announced:
                self._announced = True
                self.notify(
                    "notice.remote",
                    endpoint=safe_url(self.provider.endpoint),
                    name=self.provider.name,
                    model=self.provider.model,
                )

    def _secrets(self) -> tuple[str, ...]:
        # The built-in providers know their secrets; a provider that does not still hides env keys.
        return tuple(getattr(self.provider, "secrets", ())) or secrets_for("", "")

    def _scrub(self, text: str) -> str:
        return scrub(text, self._secrets())

    def _waiting(self, where: str) -> None:
        assert self._caller is not None
        self.notify("notice.waiting", host=where, seconds=f"{self._caller.deadline:g}")

    def _offline_scorer(self) -> Any:
        with self._lock:
            if self._offline is None:
                from coach.scoring.offline import OfflineScorer

                self._offline = OfflineScorer(self.pack)
            return self._offline

    def score(self, attempt: Attempt, feedback_lang: str | None = None) -> Evaluation:
        lang = attempt.lang or detect_lang(attempt.text)
        ui = self.pack.ui_lang(feedback_lang or lang)
        text = attempt.text
        # what the provider sees (redacted or not), with the language settled
        sent = replace(attempt, text=redact(text) if self.redact_answers else text, lang=lang)
        try:
            if self._caller is None:
                return self._ask(sent, ui)
            with self._caller.answer():  # the reply and its repair share one deadline
                return self._ask(sent, ui)
        except (ProviderError, ReplyError) as exc:
            reason = exc.message if isinstance(exc, ProviderError) else f"reply {exc}"
            reason = self._scrub(reason)
            with self._lock:
                first = not self._fallback_told
                self._fallback_told = True
            if first:
                self.notify("notice.fallback", name=self.provider.name, reason=reason)
            evaluation: Evaluation = self._offline_scorer().score(
                replace(attempt, lang=lang), feedback_lang=feedback_lang
            )
            evaluation.fallback = f"{self.provider.name}: {reason}"
            return evaluation

    def _retry(self, first: Request, reply: Reply, error: ReplyError) -> Reply:
        """The one second request after a reply that does not parse."""
        system, user, reply_schema = first.system, first.user, first.reply_schema
        if reply.cut_short:
            # Cut at the token limit: a repair under the same limit would be cut too. Ask again
            # with room to finish (twice the usual limit).
            usual = int(getattr(self.provider, "max_tokens", 0) or 0) or CUT_SHORT_LIMIT // 2
            return self.provider.complete(system, user, reply_schema, max_tokens=usual * 2)
        history = [
            {"role": "assistant", "content": reply.text[:4000]},
            {
                "role": "user",
                "content": f"That reply was {error}. Send the "
                "corrected JSON object only, valid against the schema.",
            },
        ]
        return self.provider.complete(system, user, reply_schema, history=history)

    def _ask(self, sent: Attempt, ui: str) -> Evaluation:
        """Ask the provider about the attempt as sent (its `lang` settled); check the reply."""
        self._announce()
        question, lang = sent.question, sent.lang or "en"
        reply_schema = schema(question)
        system, user = build(question, sent.text, ui, self.pack.ui_lang(lang))
        reply = self.provider.complete(system, user, reply_schema)
        usage = dict(reply.usage)
        try:
            data = parse_json(reply.text)
        except ReplyError as first_error:
            reply = self._retry(Request(system, user, reply_schema), reply, first_error)
            for key, value in reply.usage.items():
                usage[key] = usage.get(key, 0) + value
            data = parse_json(reply.text)  # a second bad reply: give up
        # Decoded, the reply may spell a key it escaped in JSON: mask again before it is kept.
        data = scrub_data(data, self._secrets())
        # The evidence check runs against what was sent (redacted or not).
        return to_evaluation(
            data,
            sent,
            ui,
            backend=self.provider.name,
            model=self._scrub(reply.model),
            pack_version=self.pack.version,
            usage=usage,
        )

"""`openai`: any OpenAI-compatible /v1/chat/completions endpoint (OpenAI, OpenRouter, vLLM,
llama.cpp server, LM Studio, Ollama's /v1).

Structured output is asked for with `response_format: json_schema`; a server that refuses it (its
error names `response_format`) gets `json_object`, then plain text with the schema in the prompt.
The mode that worked is remembered.

OpenAI's own endpoint gets `max_completion_tokens` (its reasoning models, o-series and GPT-5, refuse
`max_tokens`), other servers `max_tokens`; temperature is left out for the models that accept only
the default. A server that still refuses either parameter is asked again without it: the request
is adjusted, never the structured-output mode.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from coach.backends.http import ProviderError, host
from coach.backends.prompt import schema_instructions
from coach.backends.redaction import url_host
from coach.backends.remote import HttpProvider, RemoteScorer, Reply, Request, token_usage

if TYPE_CHECKING:
    from coach.backends import BackendContext

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"
MODES = ("json_schema", "json_object", "text")
MAX_TOKENS = 1200
OPENAI_HOSTS = ("api.openai.com",)
# Models that accept only the default temperature: o1, o3, o4-mini, gpt-5, gpt-5-mini, ... (also
# behind a router prefix such as "openai/o3-mini").
FIXED_TEMPERATURE = re.compile(r"(?:^|/)(?:o\d|gpt-5)", re.IGNORECASE)


class OpenAIProvider(HttpProvider):
    name = "openai"
    default_base_url = DEFAULT_BASE_URL
    default_model = DEFAULT_MODEL
    base_url_env = "OPENAI_BASE_URL"
    key_env = "OPENAI_API_KEY"
    key_hint = "set OPENAI_API_KEY"
    mode = MODES[0]  # the structured-output mode this server accepts, learnt on refusal
    max_tokens = MAX_TOKENS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Which name the token limit goes under, and whether temperature is sent: predicted from
        # the endpoint and the model, corrected once if the server says otherwise.
        official = url_host(self.base_url).split(":")[0].lower() in OPENAI_HOSTS
        self.token_param = "max_completion_tokens" if official else "max_tokens"
        self.send_temperature = not FIXED_TEMPERATURE.search(self.model)
        self._renamed = False  # the token limit's name is changed at most once

    def missing(self) -> str | None:
        local = any(h in self.base_url for h in ("127.0.0.1", "localhost", "[::1]"))
        return self.key_problem() if local else super().missing()  # a local server needs no key

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def _payload(self, mode: str, request: Request) -> dict[str, Any]:
        system = request.system
        if mode != "json_schema":
            system = f"{system}\n\n{schema_instructions(request.reply_schema)}"
        messages = [
            {"role": "system", "content": system},
            {"role": "user", "content": request.user},
            *(request.history or []),
        ]
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            self.token_param: request.max_tokens or self.max_tokens,
        }
        if self.send_temperature:
            payload["temperature"] = 0
        if mode == "json_schema":
            json_schema = {"name": "evaluation", "schema": request.reply_schema, "strict": True}
            payload["response_format"] = {"type": "json_schema", "json_schema": json_schema}
        elif mode == "json_object":
            payload["response_format"] = {"type": "json_object"}
        return payload

    def send(self, request: Request) -> Reply:
        url = self.url("/chat/completions")
        while True:
            payload = self._payload(self.mode, request)
            try:
                data = self.caller.post(url, payload, self._headers())
            except ProviderError as exc:
                if exc.status in (400, 422) and self._adjust(exc):
                    continue
                raise
            return _reply(data, self.model, url)

    def _adjust(self, exc: ProviderError) -> bool:
        """Change what was refused, once per parameter; False when there is nothing to change."""
        named = _named(exc)
        if named == self.token_param and not self._renamed:  # the other name, e.g. an older
            self._renamed = True  # server that knows only max_tokens
            self.token_param = (
                "max_tokens" if named == "max_completion_tokens" else "max_completion_tokens"
            )
            return True
        if named == "temperature" and self.send_temperature:
            self.send_temperature = False
            return True
        if named == "response_format" and self.mode != MODES[-1]:
            self.mode = MODES[MODES.index(self.mode) + 1]
            return True
        return False


def _named(exc: ProviderError) -> str:
    """Which request parameter a 400 is about: error.param when the server gives it, else the
    first parameter named in the message ("" when none is)."""
    param = exc.param.split(".")[0].split("[")[0]
    if param in ("max_tokens", "max_completion_tokens", "temperature", "response_format"):
        return param
    found = re.search(
        r"\b(max_completion_tokens|max_tokens|temperature|response_format|json_schema|json_object)\b",
        exc.detail,
    )
    if not found:
        return ""
    return "response_format" if found.group(1).startswith("json_") else found.group(1)


def _reply(data: dict[str, Any], model: str, url: str) -> Reply:
    try:
        choice = data["choices"][0]
        text = choice["message"]["content"] or ""
    except (KeyError, IndexError, TypeError):
        raise ProviderError(f"unexpected reply from {host(url)}: no choices") from None
    return Reply(
        text=text,
        model=str(data.get("model") or model),
        usage=token_usage(data.get("usage"), "prompt_tokens", "completion_tokens"),
        finish_reason=choice.get("finish_reason"),
    )


def make(context: BackendContext) -> RemoteScorer:
    from coach.backends import remote_scorer

    return remote_scorer(context, "openai")

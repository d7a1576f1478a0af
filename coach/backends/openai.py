"""`openai`: any OpenAI-compatible /v1/chat/completions endpoint (OpenAI, OpenRouter, vLLM,
llama.cpp server, LM Studio, Ollama's /v1).

Structured output is asked for with `response_format: json_schema`; a server that refuses it gets
`json_object`, then plain text with the schema in the prompt. The mode that worked is remembered.
"""

from __future__ import annotations

from typing import Any

from coach.backends.http import ProviderError, host
from coach.backends.prompt import schema_instructions
from coach.backends.remote import HttpProvider, Reply, token_usage

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"
MODES = ("json_schema", "json_object", "text")
MAX_TOKENS = 1200


class OpenAIProvider(HttpProvider):
    name = "openai"
    default_base_url = DEFAULT_BASE_URL
    default_model = DEFAULT_MODEL
    base_url_env = "OPENAI_BASE_URL"
    key_env = "OPENAI_API_KEY"
    key_hint = "set OPENAI_API_KEY"
    mode = MODES[0]  # the structured-output mode this server accepts, learnt on refusal

    def missing(self) -> str | None:
        local = any(h in self.base_url for h in ("127.0.0.1", "localhost", "[::1]"))
        return self.key_problem() if local else super().missing()  # a local server needs no key

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    def _payload(
        self,
        mode: str,
        system: str,
        user: str,
        reply_schema: dict[str, Any],
        history: list[dict[str, str]] | None,
    ) -> dict[str, Any]:
        if mode != "json_schema":
            system = f"{system}\n\n{schema_instructions(reply_schema)}"
        messages = [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
            *(history or []),
        ]
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": 0,
            "max_tokens": MAX_TOKENS,
        }
        if mode == "json_schema":
            payload["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "evaluation", "schema": reply_schema, "strict": True},
            }
        elif mode == "json_object":
            payload["response_format"] = {"type": "json_object"}
        return payload

    def complete(
        self,
        system: str,
        user: str,
        reply_schema: dict[str, Any],
        history: list[dict[str, str]] | None = None,
    ) -> Reply:
        url = self.url("/chat/completions")
        while True:
            payload = self._payload(self.mode, system, user, reply_schema, history)
            try:
                data = self.caller.post(url, payload, self._headers())
            except ProviderError as exc:
                if exc.status in (400, 422) and self.mode != MODES[-1] and _refused(exc.detail):
                    self.mode = MODES[MODES.index(self.mode) + 1]
                    continue
                raise
            return _reply(data, self.model, url)


def _refused(detail: str) -> bool:
    """Did the server reject the structured-output request (rather than something else)?"""
    lowered = detail.lower()
    return any(
        word in lowered
        for word in (
            "response_format",
            "json_schema",
            "json_object",
            "structured",
            "not supported",
            "unsupported",
        )
    )


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


def make(pack: Any, model: str | None = None) -> Any:
    from coach.backends import remote_scorer

    return remote_scorer(pack, "openai", model)

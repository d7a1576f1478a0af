"""`anthropic`: the Messages API. Structured output through a forced tool call whose input schema
is the reply schema."""

from __future__ import annotations

import json
import os
from typing import Any

from coach.backends.http import Caller, ProviderError
from coach.backends.remote import Reply, token_usage

DEFAULT_BASE_URL = "https://api.anthropic.com"
DEFAULT_MODEL = "claude-haiku-4-5"
API_VERSION = "2023-06-01"
MAX_TOKENS = 1200
TOOL = "record_evaluation"


class AnthropicProvider:
    name = "anthropic"

    def __init__(
        self,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        caller: Caller | None = None,
    ) -> None:
        self.base_url = (
            base_url or os.environ.get("ANTHROPIC_BASE_URL") or DEFAULT_BASE_URL
        ).rstrip("/")
        self.api_key = api_key if api_key is not None else os.environ.get("ANTHROPIC_API_KEY", "")
        self.model = model or DEFAULT_MODEL
        self.endpoint = self.base_url
        self.caller = caller or Caller()
        self.caller.secrets = (self.api_key,)
        self.caller.key_hint = "set ANTHROPIC_API_KEY"

    def missing(self) -> str | None:
        return None if self.api_key else "ANTHROPIC_API_KEY is not set"

    def complete(
        self,
        system: str,
        user: str,
        reply_schema: dict[str, Any],
        history: list[dict[str, str]] | None = None,
    ) -> Reply:
        url = f"{self.base_url}/v1/messages"
        headers = {
            "x-api-key": self.api_key,
            "anthropic-version": API_VERSION,
            "content-type": "application/json",
        }
        messages = [{"role": "user", "content": user}, *(history or [])]
        payload = {
            "model": self.model,
            "max_tokens": MAX_TOKENS,
            "temperature": 0,
            "system": system,
            "messages": messages,
            "tools": [
                {
                    "name": TOOL,
                    "description": "Record the evaluation of the answer.",
                    "input_schema": reply_schema,
                }
            ],
            "tool_choice": {"type": "tool", "name": TOOL},
        }
        data = self.caller.post(url, payload, headers)
        text = ""
        for block in data.get("content") or []:
            if isinstance(block, dict) and block.get("type") == "tool_use":
                text = json.dumps(block.get("input"), ensure_ascii=False)
                break
            if isinstance(block, dict) and block.get("type") == "text" and not text:
                text = str(block.get("text") or "")
        if not data.get("content"):
            raise ProviderError(f"unexpected reply from {self.base_url}: no content")
        return Reply(
            text=text,
            model=str(data.get("model") or self.model),
            usage=token_usage(data.get("usage"), "input_tokens", "output_tokens"),
            finish_reason=data.get("stop_reason"),
        )


def make(pack: Any, model: str | None = None) -> Any:
    from coach.backends import remote_scorer

    return remote_scorer(pack, AnthropicProvider, model, "anthropic")

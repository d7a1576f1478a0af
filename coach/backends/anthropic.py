"""`anthropic`: the Messages API. Structured output through a forced tool call whose input schema
is the reply schema."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from coach.backends.http import ProviderError, host
from coach.backends.remote import HttpProvider, RemoteScorer, Reply, Request, token_usage

if TYPE_CHECKING:
    from coach.backends import BackendContext

DEFAULT_BASE_URL = "https://api.anthropic.com"
DEFAULT_MODEL = "claude-haiku-4-5"
API_VERSION = "2023-06-01"
MAX_TOKENS = 1200
TOOL = "record_evaluation"


class AnthropicProvider(HttpProvider):
    name = "anthropic"
    default_base_url = DEFAULT_BASE_URL
    default_model = DEFAULT_MODEL
    base_url_env = "ANTHROPIC_BASE_URL"
    key_env = "ANTHROPIC_API_KEY"
    key_hint = "set ANTHROPIC_API_KEY"
    max_tokens = MAX_TOKENS
    tool = TOOL  # the forced tool whose input is the reply (pack generation names its own)
    tool_description = "Record the evaluation of the answer."

    def send(self, request: Request) -> Reply:
        url = self.url("/v1/messages")
        headers = {
            "x-api-key": self.api_key,
            "anthropic-version": API_VERSION,
            "content-type": "application/json",
        }
        messages = [{"role": "user", "content": request.user}, *(request.history or [])]
        payload = {
            "model": self.model,
            "max_tokens": request.max_tokens or self.max_tokens,
            "temperature": 0,
            "system": request.system,
            "messages": messages,
            "tools": [
                {
                    "name": self.tool,
                    "description": self.tool_description,
                    "input_schema": request.reply_schema,
                }
            ],
            "tool_choice": {"type": "tool", "name": self.tool},
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
            raise ProviderError(f"unexpected reply from {host(url)}: no content")
        return Reply(
            text=text,
            model=str(data.get("model") or self.model),
            usage=token_usage(data.get("usage"), "input_tokens", "output_tokens"),
            finish_reason=data.get("stop_reason"),
        )


def make(context: BackendContext) -> RemoteScorer:
    from coach.backends import remote_scorer

    return remote_scorer(context, "anthropic")

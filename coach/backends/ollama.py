"""`ollama`: the native /api/chat with `format` set to the reply schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.backends.http import ProviderError, host
from coach.backends.remote import HttpProvider, RemoteScorer, Reply, Request, token_usage

if TYPE_CHECKING:
    from coach.backends import BackendContext

DEFAULT_HOST = "http://127.0.0.1:11434"
DEFAULT_MODEL = "llama3.2"


class OllamaProvider(HttpProvider):
    name = "ollama"
    default_base_url = DEFAULT_HOST
    default_model = DEFAULT_MODEL
    base_url_env = "OLLAMA_HOST"
    key_hint = "check OLLAMA_HOST and that the model is pulled"

    def send(self, request: Request) -> Reply:
        url = self.url("/api/chat")
        options: dict[str, Any] = {"temperature": 0}
        if request.max_tokens:  # only when asked: otherwise the model's own limit
            options["num_predict"] = request.max_tokens
        payload = {
            "model": self.model,
            "stream": False,
            "format": request.reply_schema,
            "options": options,
            "messages": [
                {"role": "system", "content": request.system},
                {"role": "user", "content": request.user},
                *(request.history or []),
            ],
        }
        data = self.caller.post(url, payload, {"Content-Type": "application/json"})
        message = data.get("message")
        if not isinstance(message, dict):
            raise ProviderError(f"unexpected reply from {host(url)}: no message")
        return Reply(
            text=str(message.get("content") or ""),
            model=str(data.get("model") or self.model),
            usage=token_usage(data, "prompt_eval_count", "eval_count"),
            finish_reason=data.get("done_reason"),
        )


def make(context: BackendContext) -> RemoteScorer:
    from coach.backends import remote_scorer

    return remote_scorer(context, "ollama")

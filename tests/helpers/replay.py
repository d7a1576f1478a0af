"""Recorded provider responses (tests/fixtures/*.json) served through httpx.MockTransport."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from coach.backends.http import Caller

FIXTURES = Path(__file__).parents[1] / "fixtures"
KEY = "sk-test-SECRET-1234"


class Replay:
    """Serves recorded responses in order and keeps every request."""

    def __init__(self, *names: str | type[Exception]) -> None:
        self.queue = list(names)
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        item = self.queue.pop(0)
        if isinstance(item, type):
            raise item("recorded fault", request=request)  # type: ignore[call-arg]
        data = json.loads((FIXTURES / item).read_text(encoding="utf-8"))
        return httpx.Response(data["status"], json=data["body"], headers=data.get("headers", {}))

    def caller(self) -> Caller:
        return Caller(
            client=httpx.Client(transport=httpx.MockTransport(self)), sleep=self.sleeps.append
        )

    def body(self, index: int) -> dict[str, Any]:
        body: dict[str, Any] = json.loads(self.requests[index].content)
        return body

"""backends/remote.py: what every built-in provider shares."""

from __future__ import annotations

import pytest

from coach.backends.remote import HttpProvider, Reply, Request


class Recording(HttpProvider):
    name = "recording"
    default_base_url = "http://127.0.0.1:9"
    default_model = "m"

    def __init__(self) -> None:
        super().__init__(api_key="")
        self.sent: list[Request] = []

    def send(self, request: Request) -> Reply:
        self.sent.append(request)
        return Reply(text="{}", model=self.model)


SCHEMA = {"type": "object"}
HISTORY = [{"role": "user", "content": "again"}]


@pytest.mark.parametrize(
    ("args", "kwargs", "request_"),
    [
        (("s", "u", SCHEMA), {}, Request("s", "u", SCHEMA)),
        (("s", "u", SCHEMA), {"max_tokens": 48}, Request("s", "u", SCHEMA, max_tokens=48)),
        (
            ("s", "u"),
            {"reply_schema": SCHEMA, "history": HISTORY},
            Request("s", "u", SCHEMA, history=HISTORY),
        ),
        (("s", "u", SCHEMA, HISTORY, 7), {}, Request("s", "u", SCHEMA, HISTORY, 7)),
    ],
)
def test_complete_sends_one_request_of_its_arguments(
    args: tuple[object, ...], kwargs: dict[str, object], request_: Request
) -> None:
    provider = Recording()
    reply = provider.complete(*args, **kwargs)
    assert provider.sent == [request_] and reply.text == "{}"


def test_a_provider_without_send_says_so() -> None:
    with pytest.raises(NotImplementedError):
        HttpProvider(api_key="").complete("s", "u", SCHEMA)

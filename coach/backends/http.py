"""HTTP for remote backends: timeouts, bounded retries with backoff and jitter, Retry-After,
and errors that say what to fix without ever containing a key."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from coach.backends.redaction import scrub, scrub_data, url_host

RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 529})
MAX_ATTEMPTS = 4
BASE_DELAY = 0.5
MAX_DELAY = 30.0
TIMEOUT = httpx.Timeout(connect=5.0, read=120.0, write=30.0, pool=5.0)


class ProviderError(Exception):
    """A remote backend failed. `message` is safe to show: it never holds a key."""

    def __init__(
        self, message: str, *, status: int | None = None, retryable: bool = False, detail: str = ""
    ) -> None:
        super().__init__(message)
        self.message, self.status, self.retryable, self.detail = message, status, retryable, detail


@dataclass
class Caller:
    """POSTs JSON with retries. `sleep` and `client` are injectable for tests.

    Every string of a reply, and every error, comes back with `secrets` masked; with `offline`
    set nothing is sent at all.
    """

    secrets: tuple[str, ...] = ()
    key_hint: str = ""  # e.g. "set OPENAI_API_KEY"
    client: httpx.Client | None = None
    sleep: Callable[[float], None] = time.sleep
    attempts: int = MAX_ATTEMPTS
    rng: random.Random = random.Random()
    offline: bool = False

    def _client(self) -> httpx.Client:
        if self.client is None:
            self.client = httpx.Client(timeout=TIMEOUT)
        return self.client

    def redact(self, text: str) -> str:
        return scrub(text, self.secrets)

    def post(self, url: str, payload: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        if self.offline:
            raise ProviderError(f"offline mode is on: nothing was sent to {host(url)}")
        last: ProviderError | None = None
        for attempt in range(self.attempts):
            try:
                response = self._client().post(url, json=payload, headers=headers)
            except httpx.TimeoutException:
                last = ProviderError(f"timed out talking to {host(url)}", retryable=True)
            except httpx.TransportError as exc:
                last = ProviderError(
                    f"cannot reach {host(url)} ({type(exc).__name__})", retryable=True
                )
            else:
                if response.status_code < 400:
                    try:
                        data = response.json()
                    except ValueError:
                        raise ProviderError(f"{host(url)} did not answer with JSON") from None
                    if not isinstance(data, dict):
                        raise ProviderError(f"{host(url)} answered with unexpected JSON")
                    scrubbed: dict[str, Any] = scrub_data(data, self.secrets)
                    return scrubbed
                last = self.error_for(url, response)
                if not last.retryable:
                    raise last
                wait = retry_after(response)
                if wait is not None and attempt + 1 < self.attempts:
                    self.sleep(min(wait, MAX_DELAY))
                    continue
            if attempt + 1 < self.attempts:
                delay = min(MAX_DELAY, BASE_DELAY * 2**attempt) + self.rng.uniform(0, BASE_DELAY)
                self.sleep(delay)
        assert last is not None
        raise ProviderError(
            f"{last.message} (after {self.attempts} attempts)",
            status=last.status,
            retryable=True,
            detail=last.detail,
        )

    def error_for(self, url: str, response: httpx.Response) -> ProviderError:
        status = response.status_code
        detail = self.redact(_error_text(response))[:300]
        where = host(url)
        if status == 401:
            message = f"401 from {where}: the key was rejected; {self.key_hint}"
        elif status == 403:
            message = f"403 from {where}: the key may not use this model; {self.key_hint}"
        elif status == 404:
            message = f"404 from {where}: no such endpoint or model ({detail or 'not found'})"
        elif status == 429:
            message = f"429 from {where}: rate limited"
        elif status >= 500:
            message = f"{status} from {where}: server error"
        else:
            message = f"{status} from {where}: {detail or response.reason_phrase}"
        return ProviderError(
            self.redact(message), status=status, retryable=status in RETRY_STATUS, detail=detail
        )


def host(url: str) -> str:
    """host[:port] for messages: never the user:password@ part."""
    return url_host(url)


def retry_after(response: httpx.Response) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_text(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text.strip()
    if isinstance(data, dict):
        error = data.get("error")
        if isinstance(error, dict):
            return str(error.get("message") or error.get("type") or error)
        if isinstance(error, str):
            return error
        return str(data.get("message") or data)
    return str(data)

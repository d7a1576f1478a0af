"""HTTP for remote backends: timeouts, bounded retries with backoff and jitter, Retry-After,
and errors that say what to fix without ever containing a key."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from coach.backends.redaction import scrub, scrub_data, url_host

RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 529})
MAX_ATTEMPTS = 4
BASE_DELAY = 0.5
MAX_DELAY = 30.0
TIMEOUT = httpx.Timeout(connect=5.0, read=120.0, write=30.0, pool=5.0)
DEADLINE = 60.0  # seconds one answer may take, every attempt and wait included
WAIT_NOTICE = 5.0  # after this long, say who we are waiting for


class ProviderError(Exception):
    """A remote backend failed. `message` is safe to show: it never holds a key."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retryable: bool = False,
        detail: str = "",
        param: str = "",
        code: str = "",
    ) -> None:
        super().__init__(message)
        self.message, self.status, self.retryable, self.detail = message, status, retryable, detail
        self.param, self.code = param, code  # the provider's error.param / error.code, if any


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
    deadline: float = DEADLINE
    clock: Callable[[], float] = time.monotonic
    on_wait: Callable[[str], None] | None = None  # told once a request has run WAIT_NOTICE s
    wait_notice: float = WAIT_NOTICE
    read_timeout: float = 120.0  # seconds to wait for the reply (a whole generated pack: longer)
    _turn: threading.local = field(default_factory=threading.local, repr=False)

    @contextmanager
    def answer(self) -> Iterator[None]:
        """The requests made inside (a reply and its repair) share one deadline."""
        self._turn.until = self.clock() + self.deadline
        try:
            yield
        finally:
            self._turn.until = None

    def _client(self) -> httpx.Client:
        if self.client is None:
            self.client = httpx.Client(timeout=TIMEOUT)
        return self.client

    def redact(self, text: str) -> str:
        return scrub(text, self.secrets)

    def post(self, url: str, payload: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        if self.offline:
            raise ProviderError(f"offline mode is on: nothing was sent to {host(url)}")
        until = getattr(self._turn, "until", None) or self.clock() + self.deadline
        timer = None
        if self.on_wait is not None:
            timer = threading.Timer(self.wait_notice, self.on_wait, args=(host(url),))
            timer.daemon = True
            timer.start()
        try:
            return self._post(url, payload, headers, until)
        finally:
            if timer is not None:
                timer.cancel()

    def _post(
        self, url: str, payload: dict[str, Any], headers: dict[str, str], until: float
    ) -> dict[str, Any]:
        last: ProviderError | None = None
        tries, out_of_time = 0, False
        while tries < self.attempts:
            remaining = until - self.clock()
            if remaining <= 0:
                out_of_time = True
                break
            tries += 1
            try:
                response = self._client().post(
                    url,
                    json=payload,
                    headers=headers,
                    timeout=_bounded(remaining, self.read_timeout),
                )
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
            if tries >= self.attempts:
                break
            wait = retry_after(response) if last is not None and last.status else None
            delay = (
                min(wait, MAX_DELAY)
                if wait is not None
                else min(MAX_DELAY, BASE_DELAY * 2 ** (tries - 1)) + self.rng.uniform(0, BASE_DELAY)
            )
            if self.clock() + delay >= until:  # waiting longer than this answer may
                out_of_time = True
                break
            self.sleep(delay)
        if out_of_time or last is None:
            raise ProviderError(
                f"no reply from {host(url)} within {self.deadline:g} s",
                status=last.status if last else None,
                retryable=True,
                detail=last.detail if last else "",
                param=last.param if last else "",
                code=last.code if last else "",
            )
        raise ProviderError(
            f"{last.message} (after {tries} attempts)",
            status=last.status,
            retryable=True,
            detail=last.detail,
            param=last.param,
            code=last.code,
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
        param, code = _error_fields(response)
        return ProviderError(
            self.redact(message),
            status=status,
            retryable=should_retry(response),
            detail=detail,
            param=self.redact(param)[:100],
            code=self.redact(code)[:100],
        )


PROBE_TIMEOUT = 1.0  # seconds `coach backends` waits to see whether a local server listens
CHECK_CONNECT_TIMEOUT = 2.0  # seconds `coach backends check` waits for a connection


def is_local(url: str) -> bool:
    """Is `url` on this machine (loopback), where a probe costs nothing and tells no one?"""
    import ipaddress

    from coach.backends.redaction import url_host

    name = _hostname(url_host(url))
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def listening(url: str, timeout: float = PROBE_TIMEOUT) -> bool:
    """Does something accept a TCP connection at `url`'s host and port within `timeout` s?

    Only a connection is opened and closed: nothing is sent."""
    import socket
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        name = parts.hostname or ""
    except ValueError:
        return False
    if not name:
        return False
    try:
        with socket.create_connection((name, port), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def _hostname(netloc: str) -> str:
    """The host of host[:port] ([::1]:8080 -> ::1), lower-cased."""
    if netloc.startswith("["):
        return netloc[1:].partition("]")[0].lower()
    return netloc.rpartition(":")[0].lower() if netloc.count(":") == 1 else netloc.lower()


def _bounded(remaining: float, read: float = 120.0) -> httpx.Timeout:
    """The usual timeouts, none longer than what is left of the answer's deadline."""
    return httpx.Timeout(
        connect=min(5.0, remaining),
        read=min(read, remaining),
        write=min(30.0, remaining),
        pool=min(5.0, remaining),
    )


def host(url: str) -> str:
    """host[:port] for messages: never the user:password@ part."""
    return url_host(url)


def should_retry(response: httpx.Response) -> bool:
    """The server's `x-should-retry: true|false` when it says, else whether the status is one that
    passes (as the OpenAI and Anthropic SDKs do)."""
    said = str(response.headers.get("x-should-retry", "")).strip().lower()
    if said in ("true", "false"):
        return said == "true"
    return response.status_code in RETRY_STATUS


def retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait: `retry-after-ms` (milliseconds, sent by OpenAI and Anthropic), else
    Retry-After (delta-seconds or an HTTP date)."""
    millis = response.headers.get("retry-after-ms", "").strip()
    if millis:
        try:
            waited = float(millis) / 1000
        except ValueError:
            pass
        else:
            if waited == waited and waited >= 0:  # not NaN, not negative
                return waited
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


def _error_fields(response: httpx.Response) -> tuple[str, str]:
    """error.param and error.code of an OpenAI-style error body ("" when absent)."""
    try:
        data = response.json()
    except ValueError:
        return "", ""
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict):
        return "", ""
    param, code = error.get("param"), error.get("code")
    return (param if isinstance(param, str) else ""), (code if isinstance(code, str) else "")


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

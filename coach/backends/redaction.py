"""Secrets kept out of what coach shows or stores, and contact details out of what it sends.

`safe_url` is the one way a URL is shown or stored; `scrub` removes the active keys from any text
a provider sends back; `redact` strips e-mail addresses, phone numbers and URLs from an answer.
"""

from __future__ import annotations

import base64
import os
import re
import unicodedata
from typing import Any
from urllib.parse import SplitResult, unquote, unquote_plus, urlsplit, urlunsplit

from coach.errors import CoachError

MASK = "***"
KEY_ENVS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY")
# Shorter values are not masked in free text: "x" as a local server's dummy key would eat every x.
MIN_SECRET = 4
SECRET_NAME = re.compile(
    r"(?:.*[_-])?(?:key|token|secret|sig|signature|pass|password|passwd|pwd)"
    r"|apikey|auth.*|credentials?",
    re.I,
)


def is_secret_name(name: str) -> bool:
    """Does a query parameter or setting with this name hold a secret (key, token, sig...)?"""
    return SECRET_NAME.fullmatch(name.strip()) is not None


def _mask_pairs(query: str) -> str:
    pairs = []
    for pair in query.split("&"):
        name, sep, value = pair.partition("=")
        if sep and value and is_secret_name(unquote_plus(name)):
            pair = f"{name}={MASK}"
        pairs.append(pair)
    return "&".join(pairs)


def _split(url: str) -> SplitResult:
    """Parts of `url`; "user:pw@host:port" without a scheme is read as a host, not a scheme."""
    url = url.strip()
    return urlsplit(url if "//" in url else f"//{url}")


def safe_url(url: str) -> str:
    """`url` as it may be shown or stored: no user:password@, secret-looking values masked."""
    try:
        parts = _split(url)
    except ValueError:
        return MASK
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{MASK}@{netloc.rpartition('@')[2]}"
    shown = urlunsplit(
        (parts.scheme, netloc, parts.path, _mask_pairs(parts.query), _mask_pairs(parts.fragment))
    )
    return shown if "//" in url else shown.removeprefix("//")


def url_host(url: str) -> str:
    """host[:port] of `url`, never its userinfo (for one-line error messages)."""
    try:
        netloc = _split(url).netloc
    except ValueError:
        netloc = ""
    return netloc.rpartition("@")[2] or safe_url(url)


def url_secrets(url: str) -> list[str]:
    """The secrets in a URL: its userinfo (also as the Basic header) and secret query values."""
    try:
        parts = _split(url)
    except ValueError:
        return []
    found: list[str] = []
    if "@" in parts.netloc:
        userinfo = parts.netloc.rpartition("@")[0]
        user, _, password = userinfo.partition(":")
        # a user name beside a password is a name ("user" must not vanish from every reply);
        # alone, it is the token
        found += [userinfo, password, unquote(password)] if password else [user, unquote(user)]
        basic = f"{unquote(user)}:{unquote(password)}".encode()
        found.append(base64.b64encode(basic).decode("ascii"))
    for text in (parts.query, parts.fragment):
        for pair in text.split("&"):
            name, sep, value = pair.partition("=")
            if sep and value and is_secret_name(unquote_plus(name)):
                found += [value, unquote_plus(value)]
    return found


def env_keys() -> list[str]:
    """Every API key set in the environment, as set and stripped (to mask, never to send)."""
    keys = []
    for name in KEY_ENVS:
        value = os.environ.get(name, "")
        keys += [value, value.strip()]
    return keys


def secrets_for(key: str, url: str) -> tuple[str, ...]:
    """What a provider must never show or store: its key, its URL's secrets, every env key."""
    found = [key, *url_secrets(url), *env_keys()]
    unique = {s for s in found if len(s.strip()) >= MIN_SECRET}
    return tuple(sorted(unique, key=len, reverse=True))


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """`text` with every secret replaced by ***."""
    for secret in sorted(secrets, key=len, reverse=True):
        if len(secret.strip()) >= MIN_SECRET:
            text = text.replace(secret, MASK)
    return text


def scrub_data(data: Any, secrets: tuple[str, ...]) -> Any:
    """Every string in decoded JSON (keys and values) scrubbed."""
    if isinstance(data, str):
        return scrub(data, secrets)
    if isinstance(data, dict):
        return {scrub_data(k, secrets): scrub_data(v, secrets) for k, v in data.items()}
    if isinstance(data, list):
        return [scrub_data(item, secrets) for item in data]
    return data


def read_key(env: str) -> str:
    """An API key from the environment, without surrounding whitespace (a pasted CR/LF)."""
    key = os.environ.get(env, "").strip()
    if any(unicodedata.category(c) == "Cc" for c in key):
        raise CoachError("secrets.key_control", setting=env)
    return key


# --- answers: e-mail addresses, URLs, phone numbers (matched on NFKC text) ---

_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
_TLDS = (
    "com|net|org|info|biz|io|ai|app|dev|me|co|jp|us|uk|de|fr|cn|kr|tw|au|ca|eu|edu|gov|tech"
    "|xyz|site|online|page|ly|gl|gg|so"
)
_SEP = r"[ \t().\-‐‑‒–—―−ー]"  # after NFKC: hyphens, dashes, the long-vowel mark typed as a dash
_CONTACT = re.compile(
    rf"(?P<email>(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    rf"|(?P<url>(?<![A-Za-z0-9])(?:(?i:https?|ftps?|sftp)://|(?i:www)\.){_URL_CHARS}+)"
    rf"|(?P<path>(?<![A-Za-z0-9@._-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:{_TLDS})"
    rf"/{_URL_CHARS}*)"
    rf"|(?P<phone>(?<![A-Za-z0-9])\+?\(?[0-9](?:[0-9]|{_SEP}){{7,}}[0-9](?![A-Za-z0-9]))"
)
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")


def _is_phone(text: str) -> bool:
    groups = re.findall(r"[0-9]+", text)
    digits = sum(len(g) for g in groups)
    if not 9 <= digits <= 15 or _DATE.fullmatch(text.strip()):
        return False
    if all(re.fullmatch(r"(?:19|20)\d\d", g) for g in groups):  # "2020 2021 2022": years
        return False
    if len(groups) == 1:  # one run of digits is a phone number only as 0... or +...
        return text.lstrip("(").startswith(("0", "+"))
    international = text.startswith("+")
    # "10.5 11.2 12.3" is figures, not a number to call: no one-digit group but a country code
    return all(len(g) > 1 or (i == 0 and international) for i, g in enumerate(groups))


def _phones(match: re.Match[str]) -> list[tuple[int, int]]:
    """Spans of phone numbers in a candidate run: all of it, or its shortest space-separated
    stretches that are numbers ("03-1234-5678 090-1234-5678" is two; "2026-11-16 090-..." one)."""
    if _is_phone(match.group(0)):
        return [match.span()]
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", match.group(0))]
    spans, i = [], 0
    while i < len(words):
        for j in range(i, len(words)):
            start, end = words[i][0], words[j][1]
            if _is_phone(match.group(0)[start:end].strip("()")):
                spans.append((match.start() + start, match.start() + end))
                i = j
                break
        i += 1
    return spans


def _nfkc_map(text: str) -> tuple[str, list[int]]:
    """NFKC of `text` character by character, with where each output character came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        normal = unicodedata.normalize("NFKC", char)
        out.append(normal)
        origin += [i] * len(normal)
    origin.append(len(text))
    return "".join(out), origin


def redact(text: str) -> str:
    """Strip e-mail addresses, URLs and phone numbers (full-width forms too) from an answer.

    Matching runs on NFKC text; everything that is not replaced stays as it was written.
    """
    normal, origin = _nfkc_map(text)
    out: list[str] = []
    last = 0
    for match in _CONTACT.finditer(normal):
        kind = match.lastgroup or ""
        spans = _phones(match) if kind == "phone" else [match.span()]
        label = {"email": "[email]", "phone": "[phone]"}.get(kind, "[url]")
        for start, end in spans:
            out += [text[last : origin[start]], label]
            last = origin[end]
    out.append(text[last:])
    return "".join(out)

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from coach.packs.model import Pack
from tests.helpers.packs import SALES_MANAGER

if TYPE_CHECKING:
    from tests.helpers.voice import VoiceModels

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1")):
        if self.family != socket.AF_UNIX:
            raise RuntimeError(f"test tried to reach {host}: tests stay on loopback")
    _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any forgotten real call outside loopback fails the test."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "coach-home"
    home.mkdir()
    monkeypatch.setenv("COACH_HOME", str(home))
    for var in (
        "COACH_LANG",
        "COACH_PACK",
        "COACH_BACKEND",
        "COACH_MODEL",
        "LC_ALL",
        "LC_MESSAGES",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield home


@pytest.fixture(scope="session")
def sales_pack() -> Pack:
    """The bundled sales-manager pack, loaded once: tests must not change it (it is frozen)."""
    from coach.packs.loader import load_pack

    return load_pack(SALES_MANAGER)


# voice (coach[voice]): the speech models are assembled and loaded once per test session
@pytest.fixture(scope="session")
def voice_models(tmp_path_factory: pytest.TempPathFactory) -> VoiceModels:
    from tests.helpers.voice import load_voice_models

    return load_voice_models(tmp_path_factory.mktemp("voice-home"))

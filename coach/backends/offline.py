"""The `offline` backend: the embedded scorer, no network."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.backends import Scorer
    from coach.packs.model import Pack


def make(pack: Pack, model: str | None = None) -> Scorer:
    from coach.backends import _OPTIONS
    from coach.scoring.offline import OfflineScorer

    return OfflineScorer(pack, notify=_OPTIONS.notify)

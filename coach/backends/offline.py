"""The `offline` backend: the embedded scorer, no network."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.backends import BackendContext
    from coach.scoring.offline import OfflineScorer


def make(context: BackendContext) -> OfflineScorer:
    from coach.scoring.offline import OfflineScorer

    return OfflineScorer(context.pack, notify=context.notify)

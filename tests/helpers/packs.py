"""The bundled packs tests load by path, and what they hold."""

from __future__ import annotations

from pathlib import Path

from coach.packs.model import Pack
from coach.paths import bundled_packs_dir

SALES_MANAGER = bundled_packs_dir() / "sales-manager"
# The sales-manager pack's questions, in the seed document's order.
SALES_MANAGER_IDS = [
    "build-team",
    "pipeline-forecast",
    "turnaround",
    "gtm-plan",
    "enterprise-negotiation",
    "cross-functional",
    "kpi-coaching",
    "quota-incentives",
    "pricing-discipline",
    "change-adoption",
]


def pack_from_yaml(path: Path, text: str) -> Pack:
    """A one-file pack written to `path` from `text`, then loaded (and so checked)."""
    from coach.packs.loader import load_pack  # conftest imports this module: keep it light

    path.write_text(text, encoding="utf-8")
    return load_pack(path)

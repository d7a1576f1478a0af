"""The bundled packs tests load by path, and what they hold."""

from __future__ import annotations

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

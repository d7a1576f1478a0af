"""`coach backends`: each backend, whether it can run, where it sends answers, its model."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from rich.table import Table

from coach.i18n import t
from coach.ui.safe import esc

STATE_STYLES = MappingProxyType({"ready": "good", "unreachable": "bad", "plugin": ""})


def backends_view(rows: list[dict[str, Any]], ui: str) -> Table:
    """`coach backends`: each backend, whether it can run, where it sends answers, its model."""
    table = Table()
    for key in ("name", "ready", "endpoint", "model"):
        table.add_column(t(f"backends.col.{key}", ui), overflow="fold")
    for row in rows:
        active = f" [active]← {t('backends.active', ui)}[/]" if row["active"] else ""
        style = STATE_STYLES.get(row["state"], "warn")
        detail = f"[{style}]{esc(row['detail'])}[/]" if style else esc(row["detail"])
        here = row["state"] == "ready" and not row["endpoint"]  # the embedded scorer
        endpoint = row["endpoint"] or (t("backends.local", ui) if here else "-")
        table.add_row(esc(row["name"]) + active, detail, esc(endpoint), esc(row["model"] or "-"))
    return table

"""`coach voice check`: the extra's packages, the models' progress bar, the audio devices."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from coach.i18n import t
from coach.ui.render import console


def components_view(rows: list[tuple[str, str | None]], ui: str) -> Table:
    """Each package of the extra and its version ('-' when missing)."""
    table = Table(title=t("voice.check.installed", ui), title_justify="left")
    table.add_column(t("voice.check.col.package", ui))
    table.add_column(t("voice.check.col.version", ui))
    for name, version in rows:
        table.add_row(Text(name), Text(version or "-", style="" if version else "red"))
    return table


def devices_view(rows: list[tuple[int, str, int, int, float]], ui: str) -> Table | Text:
    """Each audio device: index, name, input and output channels, default rate."""
    if not rows:
        return Text(t("voice.check.no_devices", ui))
    table = Table(title=t("voice.check.devices", ui), title_justify="left")
    table.add_column("#", justify="right")
    for key in ("device", "inputs", "outputs", "rate"):
        table.add_column(
            t(f"voice.check.col.{key}", ui), justify="left" if key == "device" else "right"
        )
    for index, name, inputs, outputs, rate in rows:
        table.add_row(str(index), Text(name), str(inputs), str(outputs), f"{rate:.0f}")
    return table


@contextmanager
def bytes_progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A bar on stderr fed with (bytes done, bytes in all); nothing when stderr is no terminal."""
    err = console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total or None)

        yield update

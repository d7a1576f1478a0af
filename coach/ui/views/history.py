"""`coach history`: every past session on one row, ids whole at any width; for a tailored
pack, the job's requirements and their scores.

Wide (`WIDE` columns or more) a row names its pack and backend and lists its areas with their
scores; narrower, the areas' scores stand in one short cell, in the order a legend under the
table gives, and below `AREAS` columns they are left to `coach report`, so that no cell has to
break a word or an id.

Sessions with spoken answers get their pace and fillers in a small table of their own under it
(a history without speech is as it always was), and a line on how both moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from coach.i18n import t
from coach.report.speech import SessionSpeech, cell_lines, change_text
from coach.ui.render import score_markup
from coach.ui.safe import plain
from coach.ui.wrap import Wrapped

if TYPE_CHECKING:
    from coach.report.summary import RequirementProgress

WIDE = 110  # narrower than this, pack and backend are left out and areas are scores only
AREAS = 72  # narrower still, there is no room for the areas at all (`coach report` has them)
UNFINISHED = "*"


@dataclass(frozen=True)
class HistoryLine:
    date: str  # "2026-11-27 14:44"
    id: str
    kind: str  # already in the UI language
    pack: str
    backend: str
    answered: int
    overall: float | None
    unfinished: bool
    areas: dict[str, float]  # area id -> mean score
    speech: SessionSpeech | None = None  # its spoken answers' pace and fillers


def history_view(
    lines: list[HistoryLine], areas: list[tuple[str, str]], ui: str, width: int
) -> RenderableType:
    """`areas`: (id, name) of the pack's areas, in the pack's order."""
    wide = width >= WIDE
    shown = [(key, name) for key, name in areas if any(key in line.areas for line in lines)]
    if width < AREAS:
        shown = []
    table = Table(title=t("history.title", ui), title_justify="left")
    keys = ["date", "session", "kind"]
    keys += ["pack", "backend", "answered"] if wide else []
    keys += ["overall", "areas"] if shown else ["overall"]
    for key in keys:
        whole = key != "areas"  # an id, a date or a score is copied or read in one piece
        table.add_column(
            t(f"history.col.{key}", ui),
            no_wrap=whole,
            overflow="ignore" if whole else "fold",
            justify="right" if key in ("answered", "overall") else "left",
        )
    for line in lines:
        overall = f"{line.overall:.1f}" if line.overall is not None else "-"
        if line.unfinished:
            overall += UNFINISHED
        cells: list[RenderableType] = [
            line.date if wide else line.date[5:],  # "11-27 14:44" when narrow
            plain(line.id),
            plain(line.kind),
        ]
        if wide:
            cells += [plain(line.pack), plain(line.backend), str(line.answered)]
        cells.append(overall)
        if shown:
            cells.append(_areas_cell(line, shown, wide))
        table.add_row(*cells)
    notes: list[RenderableType] = [table]
    if not wide and shown:
        order = " · ".join(name for _, name in shown)
        notes.append(Wrapped(plain(t("history.areas_order", ui, areas=order)), style="dim"))
    if any(line.unfinished for line in lines):
        notes.append(Wrapped(plain(t("history.unfinished_note", ui, mark=UNFINISHED)), style="dim"))
    return Group(*notes)


def _areas_cell(line: HistoryLine, shown: list[tuple[str, str]], wide: bool) -> RenderableType:
    """Each area's name and score when wide, else the scores alone in the legend's order."""
    if wide:
        named = [f"{name} {line.areas[key]:.1f}" for key, name in shown if key in line.areas]
        return Group(*(Wrapped(plain(text)) for text in named))
    scores = [f"{line.areas[key]:.1f}" if key in line.areas else "-" for key, _ in shown]
    return Text(" · ".join(scores) if line.areas else "")


def speech_view(lines: list[HistoryLine], ui: str) -> RenderableType | None:
    """The sessions with spoken answers (newest first, as `lines`): pace, fillers and fillers
    per minute; then how pace and fillers moved from the oldest to the newest of them. None
    when no session had spoken answers."""
    spoken = [(line.id, line.speech) for line in lines if line.speech is not None]
    if not spoken:
        return None
    table = Table(title=t("speech.title", ui), title_justify="left")
    table.add_column(t("history.col.session", ui), no_wrap=True, overflow="ignore")
    table.add_column(t("speech.col.pace", ui), no_wrap=True, overflow="ignore", justify="right")
    table.add_column(t("speech.col.fillers", ui), overflow="fold")
    for session_id, speech in spoken:
        pace, fillers = cell_lines(speech, ui)
        table.add_row(plain(session_id), plain(pace), Wrapped(plain(fillers)))
    parts: list[RenderableType] = [table]
    change = change_text([speech for _, speech in reversed(spoken)], ui)
    if change is not None:
        parts.append(Wrapped(plain(change)))
    return Group(*parts)


def requirements_view(requirements: list[RequirementProgress], lang: str) -> Table:
    """`coach history` for a tailored pack: each job requirement, its questions answered and
    their mean score."""
    table = Table(title=t("progress.requirements.title", lang), title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column(t("tailor.col.requirement", lang), overflow="fold")
    table.add_column(t("progress.requirements.answered", lang), justify="right")
    table.add_column(t("progress.requirements.mean", lang), justify="right")
    for r in requirements:
        mean = score_markup(r.mean) if r.mean is not None else "-"
        table.add_row(plain(r.id), plain(r.text), f"{r.answered}/{r.questions}", mean)
    return table

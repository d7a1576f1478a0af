"""`coach report`: a session as Markdown that reads well on GitHub, or the same content as JSON."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from coach.i18n import t
from coach.packs.model import Pack
from coach.report.speech import (
    SessionSpeech,
    cell_lines,
    change_text,
    session_speech,
    speech_lines,
)
from coach.report.summary import (
    RequirementProgress,
    SessionSummary,
    SummaryAdvice,
    over_budget,
    score_bar,
    short_date,
    sparkline,
)
from coach.safetext import safe_text
from coach.scoring.advice import confidence_text, flag_text
from coach.scoring.evaluation import COVERED, Evaluation
from coach.store import AnswerKind, AnswerRow, SessionKind, Store
from coach.timefmt import mmss

# Answers, pack texts and provider replies are shown as text in the report, never as its
# structure: an answer holding "</details>" or "## Overall 5/5" must not close a block or add a
# heading. Inline punctuation that opens a construct is backslash-escaped; so is what makes a line
# a heading, list, quote, fence or setext underline when it starts one.
_INLINE = re.compile(r"([\\`*_\[\]<|~])")
_BLOCK_MARK = re.compile(r"^(?=>|#{1,6}(?:\s|$)|[+-](?:\s|$)|[=-][\s=-]*$)")
_ORDERED_MARK = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def _line(text: str) -> str:
    """One line of untrusted text, escaped (the caller has removed line breaks)."""
    text = _INLINE.sub(r"\\\1", text.strip())
    return _ORDERED_MARK.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\\", text, count=1))


def _inline(text: str) -> str:
    """Untrusted text for a heading, a list item or a table cell: one line, escaped."""
    return _line(" ".join(safe_text(text).split("\n")))


def _code(text: str, cell: bool = False) -> str:
    """An id as a code span that no backtick or line break in it can end early."""
    text = " ".join(safe_text(text).split("\n"))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    span = f"{fence}{pad}{text}{pad}{fence}"
    return span.replace("|", "\\|") if cell else span  # a table splits cells even in code


def _block(text: str) -> list[str]:
    """Untrusted multi-line text, line by line, escaped."""
    return [_line(line) for line in safe_text(text).split("\n")]


def _quote(text: str) -> str:
    lines = [("> " + line) if line else ">" for line in _block(text.strip("\n"))]
    return "\n".join(lines) or ">"


def progress(store: Store, summary: SessionSummary) -> list[tuple[str, str, float]]:
    """(session id, date, overall) of this pack's practice sessions up to this one, oldest first."""
    return progress_and_speech(store, summary)[0]


def progress_and_speech(
    store: Store, summary: SessionSummary
) -> tuple[list[tuple[str, str, float]], dict[str, SessionSpeech]]:
    """`progress`, and the pace and fillers of those of its sessions that had spoken answers
    (read in the same query)."""
    sessions = []
    for s in reversed(store.sessions(SessionKind.PRACTICE)):
        if s.pack_id == summary.session.pack_id:
            sessions.append(s)
        if s.id == summary.session.id:
            break
    answers = store.answers_of([s.id for s in sessions])
    rows = []
    for s in sessions:
        scores = [
            a.evaluation.overall
            for a in answers[s.id]
            if a.kind == AnswerKind.MAIN and a.evaluation and not a.skipped
        ]
        if scores:
            rows.append((s.id, short_date(s.started_at), round(sum(scores) / len(scores), 2)))
    speech = {}
    for session_id, _, _ in rows:
        found = session_speech(answers[session_id])
        if found is not None:
            speech[session_id] = found
    return rows, speech


def to_markdown(
    summary: SessionSummary,
    pack: Pack | None,
    ui: str,
    history: list[tuple[str, str, float]],
    requirements: list[RequirementProgress] | None = None,
    speech: dict[str, SessionSpeech] | None = None,
) -> str:
    """`speech`: pace and fillers of the sessions with spoken answers (`progress_and_speech`)."""
    out = _header(summary, pack, ui)
    out += _results_table(summary, ui)
    out += _score_bars(summary, pack, ui)
    out += _advice_lists(summary, ui)
    out += requirements_section(requirements or [], ui)
    out += ['<a id="questions"></a>', f"## {t('report.questions', ui)}", ""]
    for i, r in enumerate(summary.results, 1):
        out += _question_section(i, r.answer, r.follow_ups, pack, ui)
    out += _progress_section(summary, history, ui, speech or {})
    return "\n".join(out).rstrip() + "\n"


def _header(summary: SessionSummary, pack: Pack | None, ui: str) -> list[str]:
    """The title and the session's facts: overall, pack, date, backend, duration, id."""
    lang = pack.ui_lang(ui) if pack else ui
    s = summary.session
    title = _inline(pack.title.get(lang) if pack else s.pack_id)
    overall = f"**{summary.overall:.1f} / 5.0**" if summary.overall is not None else "-"
    return [
        f"# {t('report.title', ui, pack=title)}",
        "",
        "| | |",
        "|---|---|",
        f"| {t('report.overall', ui)} | {overall} |",
        f"| {t('report.pack', ui)} | {_code(s.pack_id, cell=True)} {_inline(s.pack_version)} |",
        f"| {t('report.date', ui)} | {short_date(s.started_at)} |",
        f"| {t('report.backend', ui)} | {_inline(s.backend)}"
        f"{' / ' + _inline(s.model) if s.model else ''} |",
        f"| {t('report.duration', ui)} | {mmss(summary.seconds_used)} |",
        f"| {t('report.session', ui)} | {_code(s.id, cell=True)} |",
        "",
    ]


def _results_table(summary: SessionSummary, ui: str) -> list[str]:
    """One row per question: its score, time, points covered and pitfalls."""
    out = [
        f"## {t('summary.title', ui)}",
        "",
        f"| # | {t('summary.col.question', ui)} | {t('summary.col.score', ui)} | "
        f"{t('summary.col.time', ui)} | {t('summary.col.points', ui)} | "
        f"{t('summary.col.pitfalls', ui)} |",
        "|---:|---|---:|---|---|---:|",
    ]
    for i, r in enumerate(summary.results, 1):
        ev = r.answer.evaluation
        score = (
            t("summary.skipped", ui)
            if r.answer.skipped
            else f"{ev.overall:.1f}"
            if ev
            else t("summary.pending", ui)
        )
        covered, total = r.covered()
        times = " · ".join([_time(r.answer, ui), *(f"↳ {_time(f, ui)}" for f in r.follow_ups)])
        out.append(
            f"| {i} | [{_inline(r.question_id)}](#q{i}) | {score} | {times}"
            f" | {f'{covered}/{total}' if ev else '-'} | "
            f"{len(ev.pitfalls) if ev else '-'} |"
        )
    out.append("")
    return out


def _score_bars(summary: SessionSummary, pack: Pack | None, ui: str) -> list[str]:
    """The mean score of each area and each skill, best first, with its bar."""
    lang = pack.ui_lang(ui) if pack else ui
    names_area = {a.id: a.name.get(lang) for a in pack.areas} if pack else {}
    names_skill = {k.id: k.name.get(lang) for k in pack.skills} if pack else {}
    out: list[str] = []
    for heading, scores, names in (
        (t("summary.by_area", ui), summary.by_area, names_area),
        (t("summary.by_skill", ui), summary.by_skill, names_skill),
    ):
        if scores:
            out += [f"## {heading}", "", "| | | |", "|---|---|---:|"]
            for key, value in sorted(scores.items(), key=lambda kv: -kv[1]):
                out.append(
                    f"| {_inline(names.get(key, key))} | `{score_bar(value)}` | {value:.1f} |"
                )
            out.append("")
    return out


def _advice_lists(summary: SessionSummary, ui: str) -> list[str]:
    """Strengths and improvements, each after a link to its question."""
    anchors = {r.question_id: f"#q{i}" for i, r in enumerate(summary.results, 1)}
    improvements = [_advice(item, anchors) for item in summary.improvements]
    if summary.all_strong and not improvements:
        improvements = [f"- {t('summary.all_strong', ui)}"]
    elif summary.advice_in_report:
        improvements = [f"- [{t('summary.advice_below', ui)}](#questions)"]
    out: list[str] = []
    for heading, items in (
        (t("fb.strengths", ui), [_advice(item, anchors) for item in summary.strengths]),
        (t("fb.improvements", ui), improvements),
    ):
        if items:
            out += [f"## {heading}", "", *items, ""]
    return out


def _progress_section(
    summary: SessionSummary,
    history: list[tuple[str, str, float]],
    ui: str,
    speech: dict[str, SessionSpeech],
) -> list[str]:
    """The overall score of the pack's sessions over time, this one marked; with the pace and
    fillers of those that had spoken answers, and how they moved."""
    if not history:
        return []
    spoken = [speech[h[0]] for h in history if h[0] in speech]
    head = f"| {t('report.date', ui)} | {t('report.session', ui)} | {t('report.overall', ui)} |"
    rule = "|---|---|---:|"
    if spoken:
        head += f" {t('report.col.pace', ui)} | {t('report.col.fillers', ui)} |"
        rule += "---:|---|"
    out = [
        f"## {t('report.progress', ui)}",
        "",
        f"`{sparkline([h[2] for h in history])}`",
        "",
        head,
        rule,
    ]
    for session_id, date, value in history:
        mark = " ←" if session_id == summary.session.id else ""
        row = f"| {date} | {_code(session_id, cell=True)}{mark} | {value:.1f} |"
        if spoken:
            cells = (
                [_inline(cell) for cell in cell_lines(speech[session_id], ui)]
                if session_id in speech
                else ["-", "-"]
            )
            row += "".join(f" {cell} |" for cell in cells)
        out.append(row)
    out.append("")
    change = change_text(spoken, ui)
    if change is not None:
        out += [_inline(change), ""]
    return out


def _advice(item: SummaryAdvice, anchors: dict[str, str]) -> str:
    """A list item of the summary's advice, after a link to the question it is about."""
    label = _code(item.question_id)
    anchor = anchors.get(item.question_id)
    return (
        f"- [{label}]({anchor}) {_inline(item.text)}"
        if anchor
        else f"- {label} {_inline(item.text)}"
    )


def _question_section(
    i: int, answer: AnswerRow, follow_ups: list[AnswerRow], pack: Pack | None, ui: str
) -> list[str]:
    lang = pack.ui_lang(ui) if pack else ui
    ev = answer.evaluation
    head = (
        f"{ev.overall:.1f}"
        if ev
        else (t("summary.skipped", ui) if answer.skipped else t("summary.pending", ui))
    )
    out = [
        f'<a id="q{i}"></a>',
        f"### {i}. {_inline(answer.question_text)}",
        "",
        f"{_code(answer.question_id)} · {t('summary.col.score', ui)} **{head}** · "
        f"{t('fb.time', ui)} {_time(answer, ui)}",
        "",
        f"**{t('report.answer', ui)}**",
        "",
        _quote(answer.text or "-"),
        "",
        *_recording(answer, ui),
    ]
    if ev:
        out += _evaluation_lines(ev, ui)
    for follow in follow_ups:
        fe = follow.evaluation
        out += [
            f"**{t('drill.follow_up', ui)}:** {_inline(follow.question_text)}",
            "",
            _quote(follow.text or "-"),
            "",
            *_recording(follow, ui),
        ]
        score = f"**{fe.overall:.1f}**" if fe else t("summary.pending", ui)
        out += [
            f"{t('summary.col.score', ui)} {score} · {t('fb.time', ui)} {_time(follow, ui)}",
            "",
        ]
    question = pack.find(answer.question_id) if pack else None
    if question and question.model_answer:
        out += [
            "<details>",
            f"<summary>{t('show.model_answer', ui)}</summary>",
            "",
            *_block(question.model_answer.get(lang)),
            "",
            "</details>",
            "",
        ]
    return out


def _recording(answer: AnswerRow, ui: str) -> list[str]:
    """A link to a spoken answer's recording (nothing once it was deleted, or for a typed one)."""
    if answer.audio_path is None:
        return []
    path = Path(answer.audio_path)
    target = path.as_uri() if path.is_absolute() else quote(answer.audio_path)
    return [f"🎧 [{t('report.recording', ui)}: {_inline(path.name)}]({target})", ""]


def _time(answer: AnswerRow, ui: str) -> str:
    """Time used / budget, with the overtime marked (the same for a follow-up as a main answer)."""
    used = f"{mmss(answer.answer_seconds or 0)} / {mmss(answer.budget_seconds or 0)}"
    return f"{used} **{t('fb.over', ui)}**" if over_budget(answer) else used


def _evaluation_lines(ev: Evaluation, ui: str) -> list[str]:
    out = [f"{t('fb.confidence', ui)}: {ev.confidence:.0%}", "", *_speech(ev, ui)]
    if ev.low_confidence:
        out += [f"> {_inline(confidence_text(ev, ui))}", ""]
    for flag in ev.flags:
        out.append(f"- 🚩 {_inline(flag_text(flag, ui))}")
        out += [f"  > {_inline(e)}" for e in ev.flag_evidence.get(flag, [])[:2]]
    if ev.flags:
        out.append("")
    covered = [p for p in ev.points if p.score >= COVERED]
    missed = [p for p in ev.points if p.score < COVERED]
    if covered:
        out += [f"**{t('report.covered', ui)}**", ""]
        for p in covered:
            out.append(f"- ✅ {_inline(p.text)} — {p.score:.1f}")
            out += [f"  > {_inline(e)}" for e in p.evidence]
        out.append("")
    if missed:
        out += [f"**{t('report.missed', ui)}**", ""]
        out += [f"- ❌ {_inline(p.text)} — {p.score:.1f}" for p in missed]
        out.append("")
    if ev.pitfalls:
        out += [f"**{t('fb.pitfalls', ui)}**", ""]
        for hit in ev.pitfalls:
            out.append(f"- ⚠️ {_inline(hit.text)}")
            out += [f"  > {_inline(e)}" for e in hit.evidence]
        out.append("")
    if ev.improvements:
        out += [
            f"**{t('fb.improvements', ui)}**",
            "",
            *[f"- {_inline(x)}" for x in ev.improvements],
            "",
        ]
    return out


def _speech(ev: Evaluation, ui: str) -> list[str]:
    """A spoken answer's delivery (nothing for a typed one)."""
    if ev.delivery.speech is None:
        return []
    lines = speech_lines(ev.delivery.speech, ui)
    return [f"**{t('speech.title', ui)}**", "", *(f"- {_inline(x)}" for x in lines), ""]


def requirements_section(requirements: list[RequirementProgress], ui: str) -> list[str]:
    """A tailored pack's job requirements: questions answered of those that practise each one,
    and their mean score."""
    if not requirements:
        return []
    out = [
        f"## {t('progress.requirements.title', ui)}",
        "",
        f"| | {t('tailor.col.requirement', ui)} | {t('progress.requirements.answered', ui)} | "
        f"{t('progress.requirements.mean', ui)} |",
        "|---|---|---:|---:|",
    ]
    for r in requirements:
        mean = f"{r.mean:.1f}" if r.mean is not None else "-"
        counts = f"{r.answered}/{r.questions}"
        out.append(f"| {_code(r.id, cell=True)} | {_inline(r.text)} | {counts} | {mean} |")
    return [*out, ""]


def to_json(
    summary: SessionSummary,
    pack: Pack | None,
    history: list[tuple[str, str, float]],
    requirements: list[RequirementProgress] | None = None,
    speech: dict[str, SessionSpeech] | None = None,
) -> dict[str, Any]:
    """`speech` as for `to_markdown`: the JSON gives this session's (null without any)."""
    own = (speech or {}).get(summary.session.id)
    questions = []
    for r in summary.results:
        question = pack.find(r.question_id) if pack else None
        questions.append(
            {
                "question": r.question_id,
                "text": r.question,
                "area": r.area,
                "answer": r.answer.text,
                "skipped": r.answer.skipped,
                "thinking_seconds": r.answer.thinking_seconds,
                "answer_seconds": r.answer.answer_seconds,
                "budget_seconds": r.answer.budget_seconds,
                "over_budget": over_budget(r.answer),
                "evaluation": r.answer.evaluation.to_dict() if r.answer.evaluation else None,
                "follow_ups": [
                    {
                        "question": f.question_text,
                        "answer": f.text,
                        "answer_seconds": f.answer_seconds,
                        "budget_seconds": f.budget_seconds,
                        "over_budget": over_budget(f),
                        "evaluation": f.evaluation.to_dict() if f.evaluation else None,
                    }
                    for f in r.follow_ups
                ],
                "model_answer": question.model_answer.values
                if question and question.model_answer
                else None,
            }
        )
    return {
        **summary.to_dict(),
        "questions": questions,
        "progress": [{"session": h[0], "date": h[1], "overall": h[2]} for h in history],
        "requirements": [r.to_dict() for r in requirements or []],
        "speech": None if own is None else own.to_dict(),
    }

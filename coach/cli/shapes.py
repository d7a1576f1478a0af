"""The data behind `--format json`: plain dicts and lists, one stable shape per command.

The shapes are documented in the README ("Machine-readable output"); a key is only ever added,
never renamed or removed. Texts are in the language asked for (the pack's first language when it
lacks it), ids are never translated, and an absent value is null rather than a missing key.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from coach.packs.model import Pack, Question, Text

if TYPE_CHECKING:
    from coach.packs import PackRef
    from coach.session.calibrate import CalibrationResult

SCHEMA_VERSION = 1  # bumped only if a shape ever has to change incompatibly


def _text(value: Text | None, lang: str) -> str | None:
    return value.get(lang) if value is not None else None


def question_row(pack: Pack, q: Question, lang: str) -> dict[str, Any]:
    area = pack.area_of(q)
    return {
        "id": q.id,
        "kind": "case" if q.is_case else "question",
        "area": area.id if area else None,
        "area_name": _text(area.name, lang) if area else None,
        "text": q.text.get(lang),
    }


def questions(pack: Pack, lang: str) -> dict[str, Any]:
    lang = pack.ui_lang(lang)
    return {
        "version": SCHEMA_VERSION,
        "pack": pack.id,
        "lang": lang,
        "questions": [question_row(pack, q, lang) for q in pack.all_questions()],
    }


def question(pack: Pack, q: Question, lang: str, model_answer: bool) -> dict[str, Any]:
    lang = pack.ui_lang(lang)
    data: dict[str, Any] = {"version": SCHEMA_VERSION, "pack": pack.id, "lang": lang}
    data.update(question_row(pack, q, lang))
    data.update(
        {
            "areas": list(q.areas) or ([data["area"]] if data["area"] else []),
            "skills": list(q.skills),
            "answer_length": q.answer_length,
            "points": [{"id": p.id, "text": p.text.get(lang)} for p in q.points],
            "pitfalls": [{"id": p.id, "text": p.text.get(lang)} for p in q.pitfalls],
            "follow_ups": [
                {"id": f.id, "text": f.text.get(lang), "targets": list(f.targets)}
                for f in q.follow_ups
            ],
            "data": _table(q, lang),
            "has_model_answer": q.model_answer is not None,
            # only with --model-answer, as in the table view
            "model_answer": _text(q.model_answer, lang) if model_answer else None,
        }
    )
    return data


def _table(q: Question, lang: str) -> dict[str, Any] | None:
    if q.data is None:
        return None
    columns = [c.id for c in q.data.columns]
    return {
        "title": _text(q.data.title, lang),
        "columns": [{"id": c.id, "label": c.label.get(lang)} for c in q.data.columns],
        "rows": [{c: q.data.cell(row, c, lang) for c in columns} for row in q.data.rows],
    }


def role(pack: Pack, lang: str) -> dict[str, Any]:
    lang = pack.ui_lang(lang)

    def skills(items: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [
            {"id": s.id, "name": s.name.get(lang), "description": _text(s.description, lang)}
            for s in items
        ]

    return {
        "version": SCHEMA_VERSION,
        "pack": pack.id,
        "lang": lang,
        "title": pack.title.get(lang),
        "responsibilities": _text(pack.responsibilities, lang),
        "skills": skills(pack.skills),
        "differentiators": skills(pack.differentiators),
        "areas": [
            {
                "id": a.id,
                "name": a.name.get(lang),
                "probes": _text(a.probes, lang),
                "interviewer": (
                    {"name": a.interviewer.name.get(lang), "title": a.interviewer.title.get(lang)}
                    if a.interviewer
                    else None
                ),
                "case": a.case.id if a.case else None,
            }
            for a in pack.areas
        ],
        "session": {
            "minutes": pack.session.minutes,
            "answer_seconds": pack.session.answer_seconds,
            "follow_up_seconds": pack.session.follow_up_seconds,
        },
    }


def pack_full(pack: Pack, lang: str) -> dict[str, Any]:
    """`coach packs show --format json`: everything the pack says, in `lang`."""
    lang = pack.ui_lang(lang)
    shown = role(pack, lang)
    for area, raw in zip(shown["areas"], pack.areas, strict=True):
        area["interviewer"] = (
            {
                "name": raw.interviewer.name.get(lang),
                "title": raw.interviewer.title.get(lang),
                "intro": _text(raw.interviewer.intro, lang),
            }
            if raw.interviewer
            else None
        )
        area["case"] = _question_full(pack, raw.case, lang) if raw.case else None
    return {
        "version": SCHEMA_VERSION,
        "pack": pack.id,
        "lang": lang,
        "pack_version": pack.version,
        "languages": list(pack.languages),
        "source": str(pack.source),
        "title": shown["title"],
        "description": _text(pack.description, lang),
        "mock_interview": _text(pack.mock_interview, lang),
        "session": shown["session"],
        "role": {
            "responsibilities": shown["responsibilities"],
            "skills": shown["skills"],
            "differentiators": shown["differentiators"],
        },
        "terms": list(pack.terms.get(lang)),
        "areas": shown["areas"],
        "questions": [_question_full(pack, q, lang) for q in pack.questions],
    }


def _question_full(pack: Pack, q: Question, lang: str) -> dict[str, Any]:
    data = question(pack, q, lang, model_answer=True)
    for key in ("version", "pack", "lang", "has_model_answer"):
        del data[key]
    data["points"] = [
        {"id": p.id, "text": p.text.get(lang), "cues": list(p.cues.get(lang))} for p in q.points
    ]
    data["pitfalls"] = [
        {
            "id": p.id,
            "text": p.text.get(lang),
            "signs": list(p.signs.get(lang)),
            "absent": list(p.absent),
        }
        for p in q.pitfalls
    ]
    return data


def pack_row(ref: PackRef, pack: Pack | None, error: str, lang: str) -> dict[str, Any]:
    return {
        "id": pack.id if pack else ref.name,
        "title": pack.title.get(pack.ui_lang(lang)) if pack else None,
        "version": pack.version if pack else None,
        "languages": list(pack.languages) if pack else [],
        "questions": len(pack.all_questions()) if pack else None,
        "origin": ref.origin,
        "path": str(ref.path),
        "error": error or None,
    }


def _finite(value: float) -> float | None:
    """JSON has no NaN or infinity: a measure that could not be taken is null."""
    return value if math.isfinite(value) else None


def calibration(result: CalibrationResult, fit: Mapping[str, float]) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "backend": result.backend,
        "packs": list(result.packs),
        "answers": result.answers,
        "repeats": result.repeats,
        "spearman": _finite(result.spearman),
        "pairwise": _finite(result.pairwise),
        "mae": _finite(result.mae),
        "spread_mean": _finite(result.spread_mean),
        "spread_max": _finite(result.spread_max),
        "fallbacks": result.fallbacks,
        "fell_for": [
            {"id": f.id, "kind": f.kind, "score": _finite(f.score)} for f in result.fell_for
        ],
        "targets": dict(fit),
        "fit": result.fit,
    }

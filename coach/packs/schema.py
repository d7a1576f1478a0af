"""A JSON Schema (draft 2020-12) of the pack format, for editors and other tools.

It is built from the loader's own tables (`FIELDS`, the id patterns, the languages, answer
lengths and structure signals), so it cannot drift from what `coach packs validate` accepts. A
schema checks shape only: what it cannot say (every declared language present, references to
known areas, skills and points, unique ids, no control characters) `coach packs validate` still
checks, and its messages name the line.
"""

from __future__ import annotations

from typing import Any

from coach.packs.loader import (
    COLUMN_ID_PATTERN,
    FIELDS,
    ID_PATTERN,
    KNOWN_LANGUAGES,
    SESSION_MINIMUM,
)
from coach.packs.model import ANSWER_LENGTHS, STRUCTURE_SIGNALS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
PARTS = ("pack", "questions")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _maybe(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional field left empty (`description:`) is the same as no field."""
    return {"anyOf": [schema, {"type": "null"}]}


def _list(item: dict[str, Any], minimum: int = 0) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": item}
    if minimum:
        schema["minItems"] = minimum
    return schema


def _object(
    kind: str,
    properties: dict[str, dict[str, Any]],
    doc: str,
    never_empty: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A mapping with exactly the loader's fields for `kind` (others are refused)."""
    required, optional = FIELDS[kind]
    missing = set(required + optional) ^ set(properties)
    if missing:  # the loader gained or lost a field: this table must follow
        raise AssertionError(f"schema for {kind!r} out of step with the loader: {sorted(missing)}")
    keep = required + never_empty
    props = {k: v if k in keep else _maybe(v) for k, v in properties.items()}
    return {
        "type": "object",
        "description": doc,
        "properties": props,
        "required": list(required),
        "additionalProperties": False,
    }


def _defs() -> dict[str, Any]:
    return {**_value_defs(), **_question_defs(), **_pack_defs()}


def _value_defs() -> dict[str, Any]:
    """The values every part is made of: ids, strings, languages, texts and cues."""
    return {
        "id": {
            "type": "string",
            "pattern": ID_PATTERN,
            "description": "lower-case letters and digits, words joined by '-'",
        },
        "string": {
            "type": ["string", "number"],
            "pattern": r"\S",
            "description": "Text that is not blank.",
        },
        "language": {"enum": list(KNOWN_LANGUAGES)},
        "text": {
            "description": "A text in every language the pack declares ({ja: ..., en: ...}); "
            "a plain string in a one-language pack.",
            "anyOf": [
                _ref("string"),
                {
                    "type": "object",
                    "propertyNames": _ref("language"),
                    "additionalProperties": _ref("string"),
                    "minProperties": 1,
                },
            ],
        },
        "cues": {
            "description": "Short phrasings per language ({ja: [...], en: [...]}); a plain list "
            "in a one-language pack.",
            "anyOf": [
                _list(_ref("string")),
                {
                    "type": "object",
                    "propertyNames": _ref("language"),
                    "additionalProperties": _list(_ref("string")),
                },
            ],
        },
    }


def _question_defs() -> dict[str, Any]:
    """A question and its parts: points, pitfalls, follow-ups, its data table; an area's case."""
    question_fields: dict[str, dict[str, Any]] = {
        "id": _ref("id"),
        "text": _ref("text"),
        "points": _list(_ref("point"), 1),
        "model_answer": _ref("text"),
        "pitfalls": _list(_ref("pitfall")),
        "follow_ups": _list(_ref("follow_up")),
        "skills": _list(_ref("id")),
        "data": _ref("table"),
        "answer_length": {
            "enum": list(ANSWER_LENGTHS),
            "description": "How long a good answer runs (else inferred from the model answer).",
        },
        "requirements": _list(_ref("id")),
    }
    return {
        "point": _object(
            "point",
            {"id": _ref("id"), "text": _ref("text"), "cues": _ref("cues")},
            "An evaluation point: what a good answer covers (cues: phrasings that show it).",
        ),
        "pitfall": _object(
            "pitfall",
            {
                "id": _ref("id"),
                "text": _ref("text"),
                "signs": _ref("cues"),
                "absent": _list({"enum": list(STRUCTURE_SIGNALS)}),
            },
            "A common pitfall: signs that show it, or structure that is absent.",
        ),
        "follow_up": _object(
            "follow_up",
            {"id": _ref("id"), "text": _ref("text"), "targets": _list(_ref("id"))},
            "A follow-up question, judged on the points it targets.",
        ),
        "column": _object(
            "column",
            {
                "id": {"type": "string", "pattern": COLUMN_ID_PATTERN},
                "label": _ref("text"),
            },
            "A column of a data table.",
        ),
        "table": _object(
            "table",
            {
                "title": _ref("text"),
                "columns": _list(_ref("column"), 1),
                "rows": _list(
                    {
                        "type": "object",
                        "propertyNames": {"type": "string", "pattern": COLUMN_ID_PATTERN},
                        "additionalProperties": {
                            "anyOf": [_ref("text"), {"type": ["string", "number", "null"]}]
                        },
                    }
                ),
            },
            "Data shown beside a case prompt; each row maps column ids to cells.",
            never_empty=("title",),
        ),
        "question": _object(
            "question",
            {**question_fields, "areas": _list(_ref("id"))},
            "A question: its text, evaluation points, pitfalls, follow-ups, model answer.",
        ),
        "case": _object(
            "case",
            question_fields,
            "An area's case prompt: a question that belongs to the area holding it.",
        ),
    }


def _pack_defs() -> dict[str, Any]:
    """The pack and the parts it holds beside its questions."""
    return {
        "requirement": _object(
            "requirement",
            {"id": _ref("id"), "text": _ref("text")},
            "A requirement line of the job description a tailored pack was made from; "
            "questions name the ones they practise in their own `requirements`.",
        ),
        "skill": _object(
            "skill",
            {"id": _ref("id"), "name": _ref("text"), "description": _ref("text")},
            "A required skill or a differentiator.",
        ),
        "interviewer": _object(
            "interviewer",
            {"name": _ref("text"), "title": _ref("text"), "intro": _ref("text")},
            "The interviewer who leads an area in a practice panel.",
        ),
        "area": _object(
            "area",
            {
                "id": _ref("id"),
                "name": _ref("text"),
                "probes": _ref("text"),
                "interviewer": _ref("interviewer"),
                "case": _ref("case"),
            },
            "An evaluation area, with its interviewer and case prompt.",
        ),
        "session": _object(
            "session",
            {key: {"type": "integer", "minimum": SESSION_MINIMUM} for key in FIELDS["session"][1]},
            "The practice panel's budget: minutes in all, seconds per answer and follow-up.",
        ),
        "role": _object(
            "role",
            {
                "responsibilities": _ref("text"),
                "skills": _list(_ref("skill")),
                "differentiators": _list(_ref("skill")),
            },
            "The role the pack prepares for.",
        ),
        "pack": _object(
            "pack",
            {
                "id": _ref("id"),
                "version": _ref("string"),
                "languages": {
                    "anyOf": [_ref("language"), _list(_ref("language"), 1)],
                    "description": "The languages every text is given in.",
                },
                "title": _ref("text"),
                "description": _ref("text"),
                "session": _ref("session"),
                "role": _ref("role"),
                "areas": _list(_ref("area")),
                "questions": _list(_ref("question")),
                "mock_interview": _ref("text"),
                "terms": _ref("cues"),
                "requirements": _list(_ref("requirement")),
            },
            "A question pack: pack.yaml of a pack folder, or a one-file pack.",
        ),
    }


def pack_schema(part: str = "pack") -> dict[str, Any]:
    """The schema of pack.yaml (and one-file packs), or of one questions/*.yaml file."""
    if part not in PARTS:
        raise ValueError(part)
    root = "pack" if part == "pack" else "question"
    title = "coach pack" if part == "pack" else "coach pack question file"
    return {"$schema": DRAFT, "title": title, **_ref(root), "$defs": _defs()}

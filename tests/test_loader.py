"""The pack validator: one clear message per problem, with file, place and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.packs.loader import PackInvalid, describe, load_pack

VALID = """\
id: mini
version: "1.0"
languages: [ja, en]
title: {ja: ミニ, en: Mini}
role:
  skills:
    - id: listening
      name: {ja: 傾聴, en: Listening}
areas:
  - id: basics
    name: {ja: 基本, en: Basics}
questions:
  - id: intro
    text: {ja: 自己紹介をしてください。, en: Introduce yourself.}
    areas: [basics]
    skills: [listening]
    points:
      - id: clear-story
        text: {ja: 明確なストーリー, en: A clear story}
        cues: {ja: [経歴, 実績], en: [background, results]}
    pitfalls:
      - id: rambling
        text: {ja: 話が長い, en: Rambling}
        absent: [example]
    follow_ups:
      - id: why-us
        text: {ja: なぜ当社ですか?, en: Why us?}
        targets: [clear-story]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loader_accepts_a_valid_pack(tmp_path: Path) -> None:
    pack = load_pack(_write(tmp_path, VALID))
    assert pack.id == "mini" and pack.questions[0].points[0].cues.get("en") == (
        "background",
        "results",
    )


def test_loader_accepts_a_one_language_pack_with_plain_strings(tmp_path: Path) -> None:
    text = """\
id: en-only
version: "1"
languages: [en]
title: English only
questions:
  - id: q
    text: Why sales?
    points:
      - {id: p, text: A reason}
"""
    pack = load_pack(_write(tmp_path, text))
    assert pack.questions[0].text.get("ja") == "Why sales?"


# The points of the mini pack's question, as it writes them (cases below replace them whole).
POINTS = """    points:
      - id: clear-story
        text: {ja: 明確なストーリー, en: A clear story}
        cues: {ja: [経歴, 実績], en: [background, results]}
"""
BROKEN = [
    # (name, replace this, with this, expected line, words in the message)
    ("bad yaml", "title: {ja: ミニ, en: Mini}", "title: {ja: ミニ, en: Mini", 5, "invalid YAML"),
    ("missing field", 'version: "1.0"\n', "", 1, "missing required field 'version'"),
    (
        "wrong type",
        "languages: [ja, en]\ntitle: {ja: ミニ, en: Mini}",
        "languages: [ja, en]\ntitle: 42",
        4,
        "expected a text, got number",
    ),
    (
        "one language only",
        "text: {ja: 明確なストーリー, en: A clear story}",
        "text: {ja: 明確なストーリー}",
        19,
        "the 'en' text is missing",
    ),
    (
        "undeclared language",
        "title: {ja: ミニ, en: Mini}",
        "title: {ja: ミニ, en: Mini, fr: Mini}",
        4,
        "language 'fr' is not declared",
    ),
    (
        "duplicate question id",
        "questions:\n",
        "questions:\n  - id: intro\n    text: {ja: 他, en: "
        "Other}\n    points: [{id: p, text: {ja: あ, en: a}}]\n",
        16,
        "duplicate id 'intro'",
    ),
    (
        "duplicate point id",
        "    pitfalls:",
        "      - id: clear-story\n        text: {ja: 二, en: two}\n    pitfalls:",
        21,
        "duplicate id 'clear-story'",
    ),
    (
        "unknown area",
        "areas: [basics]",
        "areas: [basic]",
        15,
        "unknown area id 'basic' (did you mean 'basics'?)",
    ),
    ("unknown skill", "skills: [listening]", "skills: [empathy]", 16, "unknown skill id 'empathy'"),
    (
        "unknown follow-up target",
        "targets: [clear-story]",
        "targets: [clear-stroy]",
        28,
        "unknown evaluation point id 'clear-stroy'",
    ),
    (
        "no evaluation points",
        POINTS,
        "    points: []\n",
        17,
        "needs at least 1 item",
    ),
    ("bad id", "  - id: intro", "  - id: Intro Question", 13, "must be lowercase letters"),
    (
        "misspelt field",
        "    pitfalls:",
        "    pitfals:",
        21,
        "unknown field 'pitfals' (did you mean 'pitfalls'?)",
    ),
    (
        "bad structure signal",
        "absent: [example]",
        "absent: [anecdote]",
        24,
        "'anecdote' is not a structure signal",
    ),
    (
        "duplicate yaml key",
        "title: {ja: ミニ, en: Mini}",
        "title: {ja: ミニ, en: Mini}\ntitle: {ja: ミニ, en: Mini}",
        5,
        "the key 'title' appears twice",
    ),
    (
        "unsupported language",
        "languages: [ja, en]",
        "languages: [ja, de]",
        3,
        "unsupported language 'de'",
    ),
    (
        "empty text",
        "text: {ja: 話が長い, en: Rambling}",
        "text: {ja: 話が長い, en: ''}",
        23,
        "the text is empty",
    ),
    (
        "points not a list",
        POINTS,
        "    points: clear-story\n",
        17,
        "expected a list, got text",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_loader_reports_broken_pack(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in VALID
    path = _write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(PackInvalid) as caught:
        load_pack(path)
    lines = [describe(p, "en") for p in caught.value.problems]
    matching = [text for text in lines if message in text]
    assert matching, lines
    assert matching[0].startswith(f"{path}:{line}: "), matching[0]


@pytest.mark.parametrize("content", ["", "- just\n- a list\n", "\xff\xfe"])
def test_loader_rejects_non_packs_without_traceback(tmp_path: Path, content: str) -> None:
    path = tmp_path / "pack.yaml"
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(PackInvalid) as caught:
        load_pack(path)
    assert caught.value.problems
    assert all(describe(p, "ja") for p in caught.value.problems)


def test_loader_reports_problems_in_question_files(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    (folder / "questions").mkdir(parents=True)
    head, _, _ = VALID.partition("questions:\n")
    (folder / "pack.yaml").write_text(head, encoding="utf-8")
    (folder / "questions" / "01-q.yaml").write_text(
        "id: q\ntext: {ja: 質問}\npoints: [{id: p, text: {ja: あ, en: a}}]\n", encoding="utf-8"
    )
    with pytest.raises(PackInvalid) as caught:
        load_pack(folder)
    problems = [describe(p, "en") for p in caught.value.problems]
    assert len(problems) == 1, problems
    problem = caught.value.problems[0]
    assert describe(problem, "en").startswith(f"{folder / 'questions' / '01-q.yaml'}:2: text:")


def test_loader_message_in_japanese(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID.replace("areas: [basics]", "areas: [basic]"))
    with pytest.raises(PackInvalid) as caught:
        load_pack(path)
    assert "不明な 評価領域 ID 'basic'" in caught.value.render("ja")


TAILORED = VALID.replace(
    "role:\n",
    "requirements:\n"
    "  - id: req-1\n"
    "    text: {ja: 顧客の話を聞く, en: Listen to customers}\n"
    "  - id: req-2\n"
    "    text: {ja: 中国語, en: Mandarin}\n"
    "role:\n",
).replace("    skills: [listening]\n", "    skills: [listening]\n    requirements: [req-1]\n")


def test_loader_reads_job_requirements_and_which_questions_practise_them(tmp_path: Path) -> None:
    pack = load_pack(_write(tmp_path, TAILORED))
    assert [r.id for r in pack.requirements] == ["req-1", "req-2"]
    assert pack.requirements[1].text.get("ja") == "中国語"
    assert pack.questions[0].requirements == ("req-1",)
    assert [q.id for q in pack.requirement_questions("req-1")] == ["intro"]
    assert pack.requirement_questions("req-2") == ()
    follow = pack.resolve("intro#why-us")
    assert follow is not None and follow.requirements == ("req-1",)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("requirements: [req-1]", "requirements: [req-3]"), "unknown requirement id 'req-3'"),
        (
            ("{ja: 中国語, en: Mandarin}", "{en: Mandarin}"),
            "requirements[1].text: the 'ja' text is missing",
        ),
        (
            ("  - id: req-2\n", "  - id: Req 2\n"),
            "requirements[1].id: id 'Req 2' must be lowercase",
        ),
    ],
)
def test_loader_checks_requirements(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    with pytest.raises(PackInvalid) as caught:
        load_pack(_write(tmp_path, TAILORED.replace(*change)))
    assert expected in caught.value.render("en")

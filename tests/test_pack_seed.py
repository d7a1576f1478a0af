"""The bundled pack carries all of the seed document, in both languages (its Japanese proofread)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from coach.packs.model import Pack
from tests.helpers.packs import SALES_MANAGER_IDS

SEED_NAME = Path("shared") / "seeds" / "000_fff1b23c1493eecb.txt"
# The seed lives in shared/ beside the checkout (wherever the checkout is).
SEED = next(
    (p / SEED_NAME for p in Path(__file__).resolve().parents if (p / SEED_NAME).exists()),
    Path(__file__).resolve().parents[2] / SEED_NAME,
)
# The pack's Japanese is the seed's, proofread: each correction is listed here (issue 10, item 13).
ERRATA = Path(__file__).parent / "data" / "seed_errata.yaml"
# The pack writes ? ( ) ~ as full-width in Japanese text, like the other bundled packs.
PUNCTUATION = {"?": "？", "(": "（", ")": "）", "~": "〜", "例:": "例："}
SECTIONS = ("評価されるポイント", "模範解答", "よくある落とし穴", "予想される追加質問")


def _corrected(text: str) -> str:
    """The seed as the pack carries it: the listed corrections, then the pack's punctuation."""
    for fix in yaml.safe_load(ERRATA.read_text(encoding="utf-8")):
        assert fix["seed"] in text, f"correction no longer matches the seed: {fix['seed']!r}"
        text = text.replace(fix["seed"], fix["pack"])
    for old, new in PUNCTUATION.items():
        text = text.replace(old, new)
    return text


def _seed_questions(text: str) -> list[dict[str, list[str]]]:
    """Split the seed's ten questions into their sections (points, model, pitfalls, follow-ups)."""
    blocks = re.split(r"^質問\d+: ", text, flags=re.M)[1:]
    blocks[-1] = blocks[-1].split("AI模擬面接")[0]
    out = []
    for block in blocks:
        lines = block.strip().splitlines()
        sections: dict[str, list[str]] = {"text": [lines[0]]}
        current = ""
        for line in lines[1:]:
            body = line.lstrip("- ").strip()
            if body.endswith(":") and body[:-1] in SECTIONS:
                current = body[:-1]
                sections[current] = []
            elif current:
                sections[current].append(body)
        out.append(sections)
    return out


@pytest.fixture(scope="module")
def seed() -> list[dict[str, list[str]]]:
    if not SEED.exists():
        pytest.skip("the seed document is not beside this checkout")
    return _seed_questions(_corrected(SEED.read_text(encoding="utf-8")))


def test_pack_has_the_ten_questions_in_seed_order(sales_pack: Pack) -> None:
    assert [q.id for q in sales_pack.questions] == SALES_MANAGER_IDS


def test_pack_matches_seed_counts_and_text(sales_pack: Pack, seed) -> None:  # type: ignore[no-untyped-def]
    assert len(seed) == 10
    for question, expected in zip(sales_pack.questions, seed, strict=True):
        assert question.text.get("ja") == expected["text"][0]
        assert [p.text.get("ja") for p in question.points] == expected["評価されるポイント"]
        assert [p.text.get("ja") for p in question.pitfalls] == expected["よくある落とし穴"]
        assert [f.text.get("ja") for f in question.follow_ups] == expected["予想される追加質問"]
        assert question.model_answer is not None
        assert question.model_answer.get("ja") == " ".join(expected["模範解答"])


def test_pack_role_skills_differentiators_areas(sales_pack: Pack) -> None:
    assert len(sales_pack.skills) == 10
    assert len(sales_pack.differentiators) == 3
    assert [a.id for a in sales_pack.areas] == [
        "revenue-strategy",
        "forecasting-cadence",
        "leadership-change",
    ]
    for area in sales_pack.areas:
        assert area.case is not None and area.case.points and area.case.follow_ups
        assert area.interviewer is not None and area.probes is not None
    pipeline = sales_pack.find("case-at-risk-pipeline")
    assert pipeline.data is not None and 6 <= len(pipeline.data.rows) <= 10
    assert sales_pack.session.minutes == 30
    assert sales_pack.version


def test_pack_every_question_is_mapped_and_cued(sales_pack: Pack) -> None:
    for question in sales_pack.questions:
        assert question.areas and question.skills
        for point in question.points:
            assert point.cues.get("ja") and point.cues.get("en")
        for pitfall in question.pitfalls:
            assert pitfall.signs.get("ja") and pitfall.signs.get("en")
        for follow in question.follow_ups:
            assert follow.targets


def test_pack_seed_texts_appear_verbatim(sales_pack: Pack) -> None:
    if not SEED.exists():
        pytest.skip("no seed")
    seed = _corrected(SEED.read_text(encoding="utf-8"))
    assert sales_pack.responsibilities.get("ja") in seed
    for skill in (*sales_pack.skills, *sales_pack.differentiators):
        assert f"{skill.name.get('ja')}: {skill.description.get('ja')}" in seed
    for area in sales_pack.areas:
        assert area.probes.get("ja") in seed

"""The typed pack: what every other layer sees. Only `loader.py` knows the YAML layout."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

STRUCTURE_SIGNALS = ("example", "numbers", "framework", "plan")
ANSWER_LENGTHS = ("short", "medium", "long")


@dataclass(frozen=True)
class Text:
    """A text in every language the pack declares."""

    values: Mapping[str, str]

    def get(self, lang: str) -> str:
        """The text in `lang`, else in the pack's first language."""
        if lang in self.values:
            return self.values[lang]
        return next(iter(self.values.values()), "")


@dataclass(frozen=True)
class Cues:
    """Short phrasings per language (scoring cues, pitfall signs)."""

    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def get(self, lang: str) -> tuple[str, ...]:
        return self.values.get(lang, ())

    def every(self) -> tuple[str, ...]:
        return tuple(cue for cues in self.values.values() for cue in cues)


@dataclass(frozen=True)
class Point:
    id: str
    text: Text
    cues: Cues


@dataclass(frozen=True)
class Pitfall:
    id: str
    text: Text
    signs: Cues
    absent: tuple[str, ...] = ()


@dataclass(frozen=True)
class FollowUp:
    id: str
    text: Text
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    id: str
    label: Text


@dataclass(frozen=True)
class Table:
    """Data a case prompt shows beside its question (e.g. an at-risk pipeline)."""

    title: Text | None
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, Text | str], ...]

    def cell(self, row: Mapping[str, Text | str], column: str, lang: str) -> str:
        value = row.get(column, "")
        return value.get(lang) if isinstance(value, Text) else str(value)


@dataclass(frozen=True)
class FollowUpRef:
    """Which follow-up of which question was asked. The store keeps it as one id,
    `question-id#follow-up-id`: `encode` alone writes that form, `parse` alone reads it."""

    question_id: str
    follow_up_id: str

    def encode(self) -> str:
        return f"{self.question_id}#{self.follow_up_id}"

    @classmethod
    def parse(cls, asked: str) -> FollowUpRef | None:
        """The follow-up a stored question id names; None for a question or case prompt."""
        question_id, _, follow_up_id = asked.partition("#")
        return cls(question_id, follow_up_id) if follow_up_id else None

    @staticmethod
    def root(asked: str) -> str:
        """The question a stored id belongs to: itself, or the question a follow-up follows."""
        return asked.partition("#")[0]


@dataclass(frozen=True)
class Question:
    id: str
    text: Text
    points: tuple[Point, ...]
    model_answer: Text | None = None
    pitfalls: tuple[Pitfall, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    areas: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    data: Table | None = None
    is_case: bool = False
    parent: str | None = None  # for a follow-up asked as a question: the question it follows
    answer_length: str | None = None  # short | medium | long; None: inferred from the model answer
    requirements: tuple[str, ...] = ()  # ids of the job-description requirements it practises

    def point(self, point_id: str) -> Point | None:
        return next((p for p in self.points if p.id == point_id), None)

    def as_follow_up(self, follow: FollowUp) -> Question:
        """The follow-up as a question of its own, judged on the points it targets."""
        targeted = tuple(p for p in self.points if p.id in follow.targets) or self.points
        return Question(
            id=FollowUpRef(self.id, follow.id).encode(),
            text=follow.text,
            points=targeted,
            model_answer=None,
            pitfalls=(),
            follow_ups=(),
            areas=self.areas,
            skills=self.skills,
            is_case=self.is_case,
            parent=self.id,
            requirements=self.requirements,
        )


@dataclass(frozen=True)
class Requirement:
    """A requirement line of the job description a tailored pack was made from."""

    id: str
    text: Text


@dataclass(frozen=True)
class Skill:
    id: str
    name: Text
    description: Text | None = None


@dataclass(frozen=True)
class Interviewer:
    name: Text
    title: Text
    intro: Text | None = None


@dataclass(frozen=True)
class Area:
    id: str
    name: Text
    probes: Text | None = None
    interviewer: Interviewer | None = None
    case: Question | None = None


@dataclass(frozen=True)
class SessionPlan:
    minutes: int = 30
    answer_seconds: int = 180
    follow_up_seconds: int = 90


@dataclass(frozen=True)
class Pack:
    id: str
    version: str
    languages: tuple[str, ...]
    title: Text
    source: Path
    description: Text | None = None
    session: SessionPlan = SessionPlan()
    responsibilities: Text | None = None
    skills: tuple[Skill, ...] = ()
    differentiators: tuple[Skill, ...] = ()
    areas: tuple[Area, ...] = ()
    questions: tuple[Question, ...] = ()
    mock_interview: Text | None = None
    terms: Cues = Cues()  # the role's named methods and frameworks, per language (scoring credit)
    requirements: tuple[Requirement, ...] = ()  # a tailored pack's job-description requirements

    def cases(self) -> tuple[Question, ...]:
        return tuple(a.case for a in self.areas if a.case is not None)

    def all_questions(self) -> tuple[Question, ...]:
        """The questions, then the areas' case prompts."""
        return self.questions + self.cases()

    def find(self, question_id: str) -> Question | None:
        return next((q for q in self.all_questions() if q.id == question_id), None)

    def resolve(self, asked: str) -> Question | None:
        """A question, case prompt or follow-up (`question-id#follow-up-id`) by its id."""
        ref = FollowUpRef.parse(asked)
        question = self.find(FollowUpRef.root(asked))
        if question is None or ref is None:
            return question
        follow = next((f for f in question.follow_ups if f.id == ref.follow_up_id), None)
        return question.as_follow_up(follow) if follow is not None else None

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def area_of(self, question: Question) -> Area | None:
        """The question's primary area (for a case prompt, the area that holds it)."""
        for area in self.areas:
            if area.case is question:
                return area
        return self.area(question.areas[0]) if question.areas else None

    def requirement_questions(self, requirement_id: str) -> tuple[Question, ...]:
        """The questions and case prompts that practise a job-description requirement."""
        return tuple(q for q in self.all_questions() if requirement_id in q.requirements)

    def skill(self, skill_id: str) -> Skill | None:
        return next((s for s in self.skills if s.id == skill_id), None)

    def ui_lang(self, lang: str) -> str:
        """The language texts are shown in: `lang` if the pack has it, else its first."""
        return lang if lang in self.languages else self.languages[0]

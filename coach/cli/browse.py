"""Browsing a pack: `coach questions`, `coach show`, `coach role`."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from types import ModuleType
from typing import Annotated

import typer

from coach.cli import complete
from coach.cli.common import FormatOpt, LangOpt, Listing, PackOpt, open_pack, print_json, use_lang
from coach.errors import CoachError
from coach.i18n import h
from coach.packs.model import Pack, Question


def questions(
    lang: LangOpt = None, pack: PackOpt = None, output_format: FormatOpt = Listing.table
) -> None:
    """List the pack's questions and case prompts.

    Example: coach questions --lang ja
    """
    ui = use_lang(lang)
    loaded = open_pack(pack)
    print_pack(
        output_format, lambda s: s.questions(loaded, ui), lambda v: v.questions_table(loaded, ui)
    )


def find_question(pack: Pack, question_id: str) -> Question:
    """The question with this id, or a CoachError naming the closest ids."""
    question = pack.find(question_id)
    if question is not None:
        return question
    ids = [q.id for q in pack.all_questions()]
    close = difflib.get_close_matches(question_id, ids, n=3, cutoff=0.5)
    raise CoachError("questions.not_found", id=question_id, hint=_hint(close, ids))


def _hint(close: list[str], ids: list[str]) -> str:
    from coach.cli.common import current_app
    from coach.i18n import t

    ui = current_app().lang
    if close:
        return t("questions.did_you_mean", ui, close=", ".join(close))
    return t("questions.known", ui, known=", ".join(ids))


def show(
    question_id: Annotated[
        str, typer.Argument(help=h("help.arg.question"), autocompletion=complete.question_ids)
    ],
    model_answer: Annotated[
        bool, typer.Option("--model-answer", help=h("help.opt.model_answer"))
    ] = False,
    lang: LangOpt = None,
    pack: PackOpt = None,
    output_format: FormatOpt = Listing.table,
) -> None:
    """Show a question: evaluation points, pitfalls, follow-ups (and the model answer).

    Example: coach show pipeline-forecast --lang en --model-answer
    """
    ui = use_lang(lang)
    loaded = open_pack(pack)
    question = find_question(loaded, question_id)
    print_pack(
        output_format,
        lambda s: s.question(loaded, question, ui, model_answer),
        lambda v: v.question_view(loaded, question, ui, model_answer),
    )


def role(
    lang: LangOpt = None, pack: PackOpt = None, output_format: FormatOpt = Listing.table
) -> None:
    """Show the role: responsibilities, required skills, differentiators, evaluation areas.

    Example: coach role --lang en
    """
    ui = use_lang(lang)
    loaded = open_pack(pack)
    print_pack(output_format, lambda s: s.role(loaded, ui), lambda v: v.role_view(loaded, ui))


def print_pack(
    output_format: Listing,
    shape: Callable[[ModuleType], object],
    view: Callable[[ModuleType], object],
) -> None:
    """Print a pack's JSON (`shape` is given `coach.cli.shapes`) or its view (`view` is given
    `coach.ui.views.pack`): each module is imported only when it is the one asked for, so that
    `coach --help` loads neither (and JSON output no rich)."""
    if output_format is Listing.json:
        from coach.cli import shapes

        print_json(shape(shapes))
        return
    from coach.ui.render import console
    from coach.ui.views import pack as views

    console().print(view(views))

"""The drill's question picker: a numbered list paged to the terminal's height, a number or an
id (Tab completes ids) to choose, and a clear word when the input matches neither."""

from __future__ import annotations

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from rich.console import Console
from rich.text import Text

from coach.i18n import t
from coach.packs.model import Pack, Question
from coach.safetext import safe_text
from coach.ui.wrap import Wrapped

# Rows a page leaves for its heading, the prompt and one line of "no such question".
_CHROME_ROWS = 3


def match(questions: tuple[Question, ...], answer: str) -> Question | None:
    """The question a number (1-based), an id or an id's unique beginning names."""
    answer = answer.strip()
    if answer.isdigit():
        number = int(answer)
        return questions[number - 1] if 1 <= number <= len(questions) else None
    folded = answer.casefold()
    exact = [q for q in questions if q.id.casefold() == folded]
    if exact:
        return exact[0]
    starts = [q for q in questions if q.id.casefold().startswith(folded)] if folded else []
    return starts[0] if len(starts) == 1 else None


def page_rows(pack: Pack, ui: str, start: int, size: int) -> list[Text]:
    """One line a question: number, id, the question's first line (print them unwrapped, so
    the terminal cuts them with an ellipsis)."""
    lang = pack.ui_lang(ui)
    questions = pack.all_questions()
    digits = len(str(len(questions)))
    rows = []
    for number, question in enumerate(questions[start : start + size], start + 1):
        text = question.text.get(lang).strip().split("\n")[0]
        label = f"[{t('show.case', ui)}] " if question.is_case else ""
        row = Text.assemble(
            (f"{number:>{digits}}  ", "bold"),
            (safe_text(question.id), "id"),
            "  ",
            (safe_text(label + text), "dim"),
        )
        rows.append(row)
    return rows


def pick_question(
    pack: Pack,
    ui: str,
    console: Console,
    *,
    input: Input | None = None,
    output: Output | None = None,
) -> Question:
    """Ask until the answer names a question; Enter alone shows the next page."""
    questions = pack.all_questions()
    size = max(3, console.height - _CHROME_ROWS)
    pages = (len(questions) + size - 1) // size
    session: PromptSession[str] = PromptSession(
        completer=WordCompleter([q.id for q in questions]),
        complete_while_typing=False,
        input=input,
        output=output,
    )
    page = 0
    while True:
        heading = t("questions.title", ui, pack=safe_text(pack.title.get(pack.ui_lang(ui))))
        console.print(Text(heading, style="bold"))
        for row in page_rows(pack, ui, page * size, size):
            console.print(row, no_wrap=True, overflow="ellipsis")
        while True:
            key = "picker.prompt_paged" if pages > 1 else "picker.prompt"
            answer = session.prompt(t(key, ui, page=page + 1, pages=pages) + " ").strip()
            if not answer:
                page = (page + 1) % pages
                break
            question = match(questions, answer)
            if question is not None:
                return question
            unknown = t("picker.unknown", ui, answer=answer, last=len(questions))
            console.print(Wrapped(unknown, style="warn"))

"""The drill's question picker, typed through a prompt_toolkit pipe."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.cells import cell_len
from rich.console import Console

from coach.i18n import t
from coach.packs.model import Pack
from coach.ui.picker import match, pick_question
from coach.ui.render import THEME


@pytest.fixture
def pipe() -> Iterator[object]:
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        yield inp


def _console(width: int = 80, height: int = 12) -> Console:
    return Console(theme=THEME, file=io.StringIO(), width=width, height=height, color_system=None)


def _out(console: Console) -> str:
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_picker_numbers_rows_and_pages_to_the_terminal_height(pipe, sales_pack: Pack, lang) -> None:  # type: ignore[no-untyped-def]
    questions = sales_pack.all_questions()
    console = _console(height=12)  # 9 rows a page
    pipe.send_text("\n10\n")  # Enter: the next page; then a number from it
    assert pick_question(sales_pack, lang, console).id == questions[9].id
    lines = _out(console).splitlines()
    first_page = lines[1:10]
    assert [line.split()[0] for line in first_page] == [str(n) for n in range(1, 10)]
    assert questions[0].id in first_page[0] and questions[8].id in first_page[8]
    assert lines[11].split()[0] == "10"  # the next page (under its heading) goes on from there
    assert all(cell_len(line) <= 80 for line in lines)  # each question on one line


def test_picker_reasks_on_bad_input_with_a_clear_message(pipe, sales_pack: Pack) -> None:  # type: ignore[no-untyped-def]
    questions = sales_pack.all_questions()
    console = _console(height=50)
    pipe.send_text("zzz\n0\n999\n2\n")
    assert pick_question(sales_pack, "en", console).id == questions[1].id
    out = _out(console)
    for bad in ("zzz", "0", "999"):
        assert t("picker.unknown", "en", answer=bad, last=len(questions)) in out


def test_picker_takes_an_id_or_its_unique_beginning(pipe, sales_pack: Pack) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text("GTM-PLAN\n")
    assert pick_question(sales_pack, "ja", _console()).id == "gtm-plan"
    pipe.send_text("case-at-risk\n")
    assert pick_question(sales_pack, "ja", _console()).id == "case-at-risk-pipeline"


def test_picker_tab_completes_ids(pipe, sales_pack: Pack) -> None:  # type: ignore[no-untyped-def]
    pipe.send_text("pipeline-fo\t\n")
    assert pick_question(sales_pack, "en", _console()).id == "pipeline-forecast"


def test_match_refuses_ambiguous_beginnings(sales_pack: Pack) -> None:
    questions = sales_pack.all_questions()
    assert match(questions, "case") is None  # more than one case prompt starts so
    assert match(questions, "") is None
    assert match(questions, str(len(questions))) is questions[-1]

"""What is shown is safe: answers, pack texts and provider replies never drive the terminal,
never reshape the Markdown report, and no bytes typed into the editor can end a session."""

from __future__ import annotations

import contextvars
import dataclasses
import io
import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console, RenderableType
from typer.testing import CliRunner

from coach.packs.model import Cues, Pack, Question
from coach.packs.model import Text as PackText
from coach.report.markdown import progress, to_markdown
from coach.report.summary import load_summary
from coach.safetext import safe_text
from coach.scoring.attempt import Attempt
from coach.scoring.evaluation import Evaluation, FollowUpQuestion
from coach.scoring.offline import OfflineScorer
from coach.session.plan import Plan, PlanItem
from coach.session.practice import Practice
from coach.store import Store
from coach.ui.render import THEME
from tests.helpers.practice import FakeClock, ScriptedPanel

OSC52 = "\x1b]52;c;aGVsbG8=\x07"
OSC0 = "\x1b]0;owned\x07"
OSC8 = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
CLEAR = "\x1b[2J"
RED = "\x1b[31m"
C1_CSI = "\x9b31m"
RLO = "\u202e"
MARKUP_LINK = "[link=http://evil.example/]x[/link]"  # rich markup would make this an OSC 8 link
HOSTILE = f" {OSC52}{OSC0}{OSC8} {CLEAR}{RED}red {C1_CSI} {RLO}txet {MARKUP_LINK} "
RAW_PIECES = (OSC52, OSC0, "\x1b]8;", CLEAR, RED + "red", "\x9b", RLO, "\x07", "evil.example")

_RICH_SGR = re.compile(r"\x1b\[[0-9;]*m")
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_inert(out: str) -> None:
    """Only rich's own colour sequences may reach the terminal: no OSC, no C1, no bidi control."""
    assert "\x1b]" not in out
    for piece in RAW_PIECES[:-1]:
        assert piece not in out
    rest = _RICH_SGR.sub("", out)
    assert not _BAD.search(rest), repr(_BAD.search(rest))


def render(*items: RenderableType, width: int = 120) -> str:
    console = Console(
        theme=THEME, file=io.StringIO(), force_terminal=True, width=width, color_system="256"
    )
    for item in items:
        console.print(item)
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


# -- safe_text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", [OSC52, OSC0, OSC8, CLEAR, RED, C1_CSI, RLO, "\u2066x", "\x00\x08\x7f", "a\rb"]
)
def test_safe_text_leaves_no_control_and_shows_it_was_there(raw: str) -> None:
    shown = safe_text(f"before{raw}after")
    assert not _BAD.search(shown)
    assert len(shown) > len("beforeafter")  # something visible marks what was removed


def test_safe_text_keeps_newlines_tabs_and_plain_text() -> None:
    text = "第1四半期\tQ1\n- 30%、$1.2M [note] \u200f"
    assert safe_text(text) == text
    assert safe_text("a\r\nb") == "a\nb"
    assert safe_text("\x1b[2J") == "␛[2J"


# -- hostile packs and provider replies, built in memory (the loader refuses such files) ---------


def _poison(value: Any) -> Any:
    """Every pack text with HOSTILE appended; scoring cues untouched."""
    if isinstance(value, PackText):
        return PackText({lang: text + HOSTILE for lang, text in value.values.items()})
    if isinstance(value, Cues | str | int | float | bool) or value is None:
        return value
    if isinstance(value, tuple):
        return tuple(_poison(v) for v in value)
    if isinstance(value, dict):
        return {k: _poison(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value,  # type: ignore[type-var]
            **{f.name: _poison(getattr(value, f.name)) for f in dataclasses.fields(value)},
        )
    return value


@pytest.fixture(scope="module")
def hostile_pack() -> Pack:
    from coach.packs.loader import load_pack
    from tests.helpers.packs import SALES_MANAGER

    pack = _poison(load_pack(SALES_MANAGER))
    assert isinstance(pack, Pack) and HOSTILE in pack.questions[0].text.get("en")
    return pack


class HostileProvider(OfflineScorer):
    """An LLM backend whose every free text carries terminal and Markdown tricks."""

    name = "llm-like"

    def __init__(self, pack: Pack, payload: str) -> None:
        super().__init__(pack)
        self.payload = payload

    def score(self, attempt: Attempt, feedback_lang: str | None = None) -> Evaluation:
        ev = super().score(attempt, feedback_lang)
        return hostile_evaluation(ev, self.payload, follow=not attempt.question.parent)


def hostile_evaluation(ev: Evaluation, payload: str, follow: bool = True) -> Evaluation:
    ev.strengths = [f"strength {payload}"]
    ev.improvements = [f"improve {payload}", f"{payload}"]
    ev.follow_up = FollowUpQuestion(f"follow-up {payload}") if follow else None
    ev.points[0].text += payload
    ev.points[0].score = 4.0
    ev.points[0].evidence = [f"quoted {payload}"]
    if ev.pitfalls:
        ev.pitfalls[0].text += payload
    ev.model = f"model {payload}"
    ev.fallback = f"fallback {payload}"
    ev.flags = [*ev.flags, "grader-injection", f"plugin-flag {payload}"]
    ev.flag_evidence = {"grader-injection": [f"flagged {payload}"]}
    ev.confidence, ev.confidence_reason = 0.3, f"reason {payload}"
    return ev


ANSWER = "I review the pipeline every week with each rep and compare commit with history."


def test_feedback_view_shows_provider_and_answer_text_inert(sales_pack: Pack) -> None:
    from coach.ui.views.feedback import evaluation_text, feedback_view

    question = sales_pack.find("pipeline-forecast")
    assert question is not None
    ev = OfflineScorer(sales_pack).score(Attempt(question, ANSWER + HOSTILE, "en"))
    ev = hostile_evaluation(ev, HOSTILE)
    out = render(feedback_view(ev, "en"), feedback_view(ev, "ja", previous=ev))
    assert_inert(out)
    assert "␛]52;c;aGVsbG8=" in out  # shown, not obeyed
    assert "[link=http://evil.example/]" in out  # markup in the text is text
    assert_inert(evaluation_text(ev, "en"))


def test_pack_views_show_pack_text_inert(hostile_pack: Pack) -> None:
    from coach.session.plan import make_plan
    from coach.ui.practice_io import introduction, plan_view
    from coach.ui.views.pack import packs_table, question_view, questions_table, role_view

    views: list[RenderableType] = [
        questions_table(hostile_pack, "en"),
        role_view(hostile_pack, "ja"),
    ]
    for question in hostile_pack.all_questions():
        views.append(question_view(hostile_pack, question, "en", model_answer=True))
    assert any(q.data for q in hostile_pack.all_questions())  # the case data table is covered
    views.append(plan_view(hostile_pack, make_plan(hostile_pack, seed=1), "en"))
    views += [line for a in hostile_pack.areas if (line := introduction(a, "ja")) is not None]
    from coach.packs import PackRef

    ref = PackRef(path=hostile_pack.source, origin="user")
    views.append(packs_table([(ref, hostile_pack, 0)], "en"))
    out = render(*views)
    assert_inert(out)
    assert out.count("␛") >= 10


def _hostile_follow_up(question: Question) -> Question:
    return dataclasses.replace(
        question, id=f"{question.id}#generated", text=PackText({"en": f"Why? {HOSTILE}"})
    )


def test_question_panels_show_pack_and_follow_up_text_inert(
    hostile_pack: Pack, sales_pack: Pack
) -> None:
    from coach.ui.practice_io import PlainPractice, TerminalPractice
    from coach.ui.terminal import TerminalDrill

    console = Console(
        theme=THEME, file=io.StringIO(), force_terminal=True, width=100, color_system="256"
    )
    question = hostile_pack.find("pipeline-forecast")
    case = hostile_pack.cases()[0]
    assert question is not None
    item = PlanItem("forecasting-cadence", question.id, 180, 1, 90)
    drill = TerminalDrill(hostile_pack, "en", console)
    drill.show_question(question, 180)
    drill.show_question(case, 180)
    drill.show_model_answer(question)
    follow = _hostile_follow_up(sales_pack.questions[0])
    TerminalDrill(sales_pack, "en", console).show_question(follow, 90)
    for face in (
        TerminalPractice(hostile_pack, "en", console),
        PlainPractice(hostile_pack, "ja", console),
    ):
        face.show_question(question, item, 1, 3, follow_up=False)
        face.show_question(follow, item, 1, 3, follow_up=True)
        face.show_question(case, item, 2, 3, follow_up=False)
    ev = hostile_evaluation(
        OfflineScorer(sales_pack).score(Attempt(question, ANSWER, "en")), HOSTILE
    )
    PlainPractice(hostile_pack, "en", console).show_feedback(ev)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert_inert(out)
    assert "Why? " in out and "␛[2J" in out


def _hostile_session(pack: Pack, answer_payload: str, provider_payload: str) -> tuple[Store, str]:
    """A practice session whose answers and provider replies carry the payloads."""
    store, clock = Store(), FakeClock()
    plan = Plan(
        (
            PlanItem("forecasting-cadence", "pipeline-forecast", 180, 1, 90),
            PlanItem("revenue-strategy", "gtm-plan", 180, 0, 90),
        ),
        30,
        1,
    )
    script: list[str | tuple[str, ...]] = [
        ANSWER + answer_payload,
        f"From 18% to 24%.{answer_payload}",
        f"{answer_payload}\nWe launch in three regions with 200 named accounts.",
    ]
    panel = ScriptedPanel(script, clock)
    outcome = Practice(
        pack, HostileProvider(pack, provider_payload), store, panel, "en", clock=clock
    ).start(plan)
    assert outcome is not None and outcome.status == "finished"
    return store, outcome.session_id


def test_practice_summary_shows_answers_and_replies_inert(hostile_pack: Pack) -> None:
    from coach.ui.views.summary import summary_view

    store, session_id = _hostile_session(hostile_pack, HOSTILE, HOSTILE)
    summary = load_summary(store, hostile_pack, session_id)
    assert summary is not None and HOSTILE in summary.improvements[0].text
    out = render(summary_view(summary, hostile_pack, "en"), summary_view(summary, None, "ja"))
    assert_inert(out)


runner = CliRunner()


@pytest.fixture
def cli_on_hostile_pack(
    hostile_pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., tuple[int, str]]:
    import coach.cli.browse
    import coach.cli.sessions

    for module in (coach.cli.browse, coach.cli.sessions):
        monkeypatch.setattr(module, "open_pack", lambda spec: hostile_pack)

    def run(*args: str) -> tuple[int, str]:
        from coach.cli.main import app

        result = runner.invoke(app, list(args), env={"COLUMNS": "160"})
        return result.exit_code, result.stdout + result.stderr

    return run


@pytest.mark.parametrize(
    "args",
    [
        ("questions", "--lang", "en"),
        ("show", "pipeline-forecast", "--model-answer", "--lang", "ja"),
        ("show", "case-at-risk-pipeline", "--lang", "en"),
        ("role", "--lang", "en"),
        ("history", "--lang", "en"),
        ("report", "latest"),
    ],
)
def test_browse_history_and_report_commands_print_nothing_raw(
    cli_on_hostile_pack: Callable[..., tuple[int, str]], hostile_pack: Pack, args: tuple[str, ...]
) -> None:
    _hostile_session(hostile_pack, HOSTILE, HOSTILE)
    code, out = cli_on_hostile_pack(*args)
    assert code == 0, out
    assert "\x1b" not in out and "\x9b" not in out and RLO not in out
    assert "␛" in out


@pytest.mark.parametrize("command", ["drill", "report"])
def test_json_output_escapes_what_json_dumps_leaves_raw(
    tmp_path: Any, sales_pack: Pack, command: str
) -> None:
    import json

    from coach.cli.main import app

    answer = f"I review the pipeline {CLEAR}{C1_CSI}{RLO}\x7f every week with each rep."
    if command == "drill":
        path = tmp_path / "answer.txt"
        path.write_text(answer, encoding="utf-8")
        args = ["drill", "pipeline-forecast", "--answer-file", str(path), "--format", "json"]
    else:
        _hostile_session(sales_pack, answer, HOSTILE)
        args = ["report", "latest", "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert not _BAD.search(result.stdout)  # ESC and friends as \u escapes only
    strings: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            strings.append(value)

    walk(json.loads(result.stdout))
    assert answer in strings  # the same data, as evidence or as the answer


def test_the_question_picker_does_not_echo_pasted_controls(
    pipe: Any, sales_pack: Pack, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.cli.scoring import _pick_interactively

    pipe.send_text(f"{OSC52}{MARKUP_LINK}\r")  # pasted, not a question id
    pipe.send_text("2\r")
    assert within(20, lambda: _pick_interactively(sales_pack, "en")).id == "pipeline-forecast"
    out = capsys.readouterr().out
    assert "\x1b]" not in out and "\x07" not in out and MARKUP_LINK in out


def test_notices_and_error_lines_are_inert(capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    from coach.cli.common import boundary
    from coach.errors import CoachError
    from coach.notices import Notices

    notices = Notices()
    notices.emit("notice.plugin_failed", detail=f"plugin said {HOSTILE}")

    @boundary
    def fails() -> None:
        raise CoachError("report.no_session", id=f"x{HOSTILE}")

    with pytest.raises(typer.Exit):
        fails()
    err = capsys.readouterr().err
    assert err.count("coach: ") == 2
    assert "\x1b" not in err and "\x9b" not in err and "\x07" not in err and RLO not in err


# -- item 9: the Markdown report keeps its shape whatever the text ----------------------------

MD_HOSTILE = (
    "x\n## Overall 5/5\n<details open>\n</details>\n# Top\nSetext\n===\n```\n~~~\n"
    "<script>alert(1)</script> [a](javascript:alert(1)) ![i](http://evil.example/i.png)\n"
    "| a | b |\n|---|---|\n- item\n1. one\n> quote\n    indented\n**bold** <!-- c -->" + HOSTILE
)
MD_BENIGN = "x plain words only"


def _skeleton(markdown: str) -> tuple[list[str], list[str], list[str]]:
    """The heading levels, the raw HTML and the table count a CommonMark (+tables) parser sees."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    flat: list[Any] = []
    for token in tokens:
        flat.append(token)
        flat.extend(token.children or [])
    headings = [t.tag for t in flat if t.type == "heading_open"]
    html = [t.content.strip() for t in flat if t.type in ("html_block", "html_inline")]
    structure = [t.type for t in flat if t.type in ("table_open", "fence", "code_block", "hr")]
    return headings, html, structure


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_report_structure_is_the_same_whatever_the_text(sales_pack: Pack, lang: str) -> None:
    reports = []
    for payload in (MD_BENIGN, MD_HOSTILE):
        pack = _poison(sales_pack) if payload is MD_HOSTILE else sales_pack
        store, session_id = _hostile_session(pack, payload, payload)
        summary = load_summary(store, pack, session_id)
        assert summary is not None
        reports.append(to_markdown(summary, pack, lang, progress(store, summary)))
    benign, hostile = reports
    assert "## Overall 5/5" in hostile.replace("\\", "")  # the text is there, as text
    assert _skeleton(hostile) == _skeleton(benign)
    headings, html, _ = _skeleton(hostile)
    assert headings.count("h1") == 1
    opened = [h for h in html if h.startswith("<details>")]
    assert len(opened) == html.count("</details>") == 2  # the two model answers, closed
    assert all(h.startswith(("<a id=", "</a>", "<details>", "</details>")) for h in html)
    assert "\x1b" not in hostile and "\x9b" not in hostile and RLO not in hostile


def test_report_escapes_a_follow_up_that_fakes_a_heading(sales_pack: Pack) -> None:
    """The issue's case: an LLM follow-up "\\n## Overall 5/5\\n<details>"."""
    store, session_id = _hostile_session(sales_pack, "", "\n## Overall 5/5\n<details>")
    summary = load_summary(store, sales_pack, session_id)
    assert summary is not None
    report = to_markdown(summary, sales_pack, "en", [])
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(report)
    titles = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not any("Overall 5/5" in title for title in titles)
    lines = [t.content for t in tokens if t.type == "inline" and "Overall 5/5" in t.content]
    assert any(line.startswith("**Follow-up") for line in lines)  # on the follow-up's own line
    _, html, _ = _skeleton(report)
    assert [h for h in html if "details" in h] == [
        "<details>\n<summary>Model answer</summary>",
        "</details>",
    ] * 2


# -- item 10: the editor survives any bytes -------------------------------------------------

TERMINAL_NOISE = [
    "\x1b[<0;0;0M",
    "\x1b[M   ",
    "\x1b[999;999R",
    "\x1b",
    "\x1b[MZZZ",  # an unknown button byte: prompt_toolkit's handler raised KeyError
    "\x1b[M\x7f\x7f\x7f",
    "\x1b[<64;9999;9999M",
    "\x1b[96;0;0M",
    "\x1b[0;0R",
]


@pytest.fixture
def pipe() -> Iterator[Any]:
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        yield inp


def within(seconds: float, run: Callable[[], Any]) -> Any:
    """`run()` in the test's prompt_toolkit session, failing instead of hanging: a crashed
    prompt_toolkit app waits for "Press ENTER to continue..." forever."""
    context = contextvars.copy_context()
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = context.run(run)
        except BaseException as exc:  # noqa: BLE001 - handed to the test below
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail("the editor stopped: an exception in a key handler ended it")
    if "error" in result:
        raise result["error"]
    return result["value"]


@pytest.mark.parametrize("noise", TERMINAL_NOISE)
def test_editor_survives_terminal_noise_and_keeps_the_answer(pipe: Any, noise: str) -> None:
    from coach.ui.editor import ask_answer, choose

    pipe.send_text(noise)
    pipe.send_text("my answer: 30% coverage")
    pipe.send_text("\x1b\r")
    got = within(20, lambda: ask_answer("en", 180, clock=FakeClock()))
    assert got.text == "my answer: 30% coverage" and not got.interrupted
    pipe.send_text(noise if noise != "\x1b" else "")
    pipe.send_text("m")
    assert (
        within(20, lambda: choose("Next?", {"r": "retry", "m": "model", "q": "quit"}, lang="en"))
        == "m"
    )


def test_practice_on_the_terminal_keeps_answers_typed_after_noise(
    pipe: Any, sales_pack: Pack
) -> None:
    from coach.ui.practice_io import TerminalPractice

    console = Console(theme=THEME, file=io.StringIO(), force_terminal=True, width=100)
    store = Store()
    plan = Plan(
        (
            PlanItem("forecasting-cadence", "pipeline-forecast", 180, 0, 90),
            PlanItem("revenue-strategy", "gtm-plan", 180, 0, 90),
        ),
        30,
        0,
    )
    pipe.send_text("s")  # start
    pipe.send_text("\x1b[MZZZ\x1b[<0;0;0Mfirst answer\x1b\r")
    pipe.send_text("\x1b[M\x7f\x7f\x7f\x1b[999;999Rsecond answer\x1b\r")
    face = TerminalPractice(sales_pack, "en", console, show_timer=False, clock=FakeClock())
    practice = Practice(sales_pack, OfflineScorer(sales_pack), store, face, "en")
    outcome = within(120, lambda: practice.start(plan))
    assert outcome is not None and outcome.status == "finished"
    assert [a.text for a in store.answers(outcome.session_id)] == ["first answer", "second answer"]


def test_a_crash_while_answering_leaves_the_session_resumable(sales_pack: Pack) -> None:
    class Crashes(ScriptedPanel):
        def read_answer(self, question, budget, session_status):  # type: ignore[no-untyped-def]
            if not self.script:
                raise KeyError(90)  # what the mouse handler raised
            return super().read_answer(question, budget, session_status)

    store, clock = Store(), FakeClock()
    plan = Plan(
        (
            PlanItem("forecasting-cadence", "pipeline-forecast", 180, 0, 90),
            PlanItem("revenue-strategy", "gtm-plan", 180, 0, 90),
        ),
        30,
        0,
    )
    runner_ = Practice(
        sales_pack, OfflineScorer(sales_pack), store, Crashes([ANSWER], clock), "en", clock=clock
    )
    with pytest.raises(KeyError):
        runner_.start(plan)
    session = store.latest_session("practice")
    assert session is not None and session.status == "active"
    assert [a.text for a in store.answers(session.id)] == [ANSWER]

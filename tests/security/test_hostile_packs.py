"""Hostile pack files: each gives one clear line, quickly, and never stops the good packs.

The CLI runs in a subprocess with a timeout, so a regression (a hang, a memory blow-up) fails
the test instead of hanging CI.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from coach.i18n import t
from tests.helpers.process import run_coach_process

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 20


def run_coach(*args: str, home: Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    # COACH_DEBUG empty: off, whatever the shell running the tests says
    env = {"COACH_HOME": str(home), "COACH_LANG": lang, "COLUMNS": "200", "COACH_DEBUG": ""}
    return run_coach_process(*args, env=env, timeout=TIMEOUT)


def one_clear_line(result: subprocess.CompletedProcess[str]) -> str:
    """The output of a failed `packs validate`: no traceback, no 'unexpected error'."""
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "Traceback" not in out
    assert "unexpected error" not in out and "予期しないエラー" not in out
    assert "\x1b" not in out
    return out


def validate_refused(path: Path, text: str, home: Path, lang: str = "en") -> str:
    """`text` written to `path`: what `coach packs validate` says of it, on one clear line."""
    path.write_text(text, encoding="utf-8")
    return one_clear_line(run_coach("packs", "validate", str(path), home=home, lang=lang))


def pack_text(question: str = "Tell me about a deal you lost.", pack_id: str = "hostile") -> str:
    return (
        f"id: {pack_id}\n"
        'version: "1.0"\n'
        "languages: [en]\n"
        "title: A pack\n"
        "questions:\n"
        "  - id: lost-deal\n"
        f"    text: {question}\n"
        "    points:\n"
        "      - id: lesson\n"
        "        text: What was learned\n"
    )


def question_text(question_id: str = "extra") -> str:
    return f"id: {question_id}\ntext: Why this role?\npoints:\n  - id: motive\n    text: A reason\n"


def billion_laughs() -> str:
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, 10):
        refs = ", ".join([f"*lol{level - 1}"] * 10)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return "\n".join(lines) + "\n"


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth + "\n"


def table_rows(out: str, name: str) -> list[str]:
    """The rows of the `packs list` table whose id cell is `name`."""
    return [
        line
        for line in out.splitlines()
        if line.startswith("│") and line.strip("│ ").split(" ", 1)[0] == name
    ]


def user_packs(home: Path) -> Path:
    folder = home / "packs"
    folder.mkdir(exist_ok=True)
    return folder


# -- aliases and nesting ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_billion_laughs_is_refused_quickly(tmp_path: Path, coach_home: Path, lang: str) -> None:
    laughs = tmp_path / "laughs.yaml"
    out = validate_refused(laughs, billion_laughs(), coach_home, lang=lang)
    assert "laughs.yaml" in out
    assert t("pack.too_many_aliases", lang, limit=10000) in out


def test_alias_that_contains_itself_is_refused(tmp_path: Path, coach_home: Path) -> None:
    loop = tmp_path / "loop.yaml"
    out = validate_refused(loop, "a: &a [x, *a]\n", coach_home)
    assert t("pack.alias_loop", "en") in out


def test_merge_key_laughs_are_refused_before_they_expand(tmp_path: Path) -> None:
    from coach.packs.loader import PackInvalid, load_pack

    lines = ["m0: &m0 {a: 1, b: 2}"]
    for level in range(1, 12):
        refs = ", ".join([f"*m{level - 1}"] * 8)
        lines.append(f"m{level}: &m{level} {{<<: [{refs}], c{level}: 1}}")
    source = tmp_path / "merge.yaml"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PackInvalid) as info:
        load_pack(source)
    assert [p.key for p in info.value.problems] == ["too_many_aliases"]


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    from coach.packs.loader import load_pack

    source = tmp_path / "aliases.yaml"
    source.write_text(
        pack_text().replace("text: What was learned", "text: &learned What was learned")
        + "  - id: other\n    text: Another one\n"
        + "    points:\n      - {id: lesson, text: *learned}\n",
        encoding="utf-8",
    )
    assert len(load_pack(source).questions) == 2


@pytest.mark.parametrize("depth", [60, 989, 1000, 5000])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_deep_nesting_is_one_clear_line_naming_the_file(
    tmp_path: Path, coach_home: Path, depth: int, lang: str
) -> None:
    deep = tmp_path / "deep.yaml"
    out = validate_refused(deep, nested(depth), coach_home, lang=lang)
    assert "deep.yaml" in out
    assert t("pack.too_deep", lang, limit=50) in out


def test_nesting_at_the_limit_is_not_refused_for_depth(tmp_path: Path) -> None:
    from coach.packs.loader import PackInvalid, load_pack

    source = tmp_path / "fifty.yaml"
    source.write_text(nested(50), encoding="utf-8")
    with pytest.raises(PackInvalid) as info:
        load_pack(source)
    assert [p.key for p in info.value.problems] == ["wrong_type"]


def test_recursion_error_in_the_yaml_parser_becomes_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pure-Python parser (PyYAML without libyaml) recurses once per level."""
    import yaml

    from coach.packs import loader

    monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    deep = tmp_path / "deep.yaml"
    deep.write_text(nested(3000), encoding="utf-8")
    with pytest.raises(loader.PackInvalid) as info:
        loader.load_pack(deep)
    assert [p.key for p in info.value.problems] == ["too_deep"]
    assert info.value.problems[0].file == deep


# -- size ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, coach_home: Path, lang: str) -> None:
    big = tmp_path / "big.yaml"
    out = validate_refused(big, pack_text("x" * (2 * 1024 * 1024)), coach_home, lang=lang)
    assert "big.yaml" in out
    assert t("pack.too_large", lang, limit="1 MB") in out


def test_a_big_question_file_is_refused(tmp_path: Path) -> None:
    from coach.packs.loader import PackInvalid, load_pack

    pack = tmp_path / "pack"
    (pack / "questions").mkdir(parents=True)
    (pack / "pack.yaml").write_text(pack_text(), encoding="utf-8")
    (pack / "questions" / "big.yaml").write_text(
        question_text() + "# " + "y" * 1_100_000 + "\n", encoding="utf-8"
    )
    with pytest.raises(PackInvalid) as info:
        load_pack(pack)
    assert [(p.file.name, p.key) for p in info.value.problems] == [("big.yaml", "too_large")]


# -- special files ------------------------------------------------------------------------------


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


@needs_fifo
def test_a_fifo_as_the_pack_file_does_not_block(tmp_path: Path, coach_home: Path) -> None:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    out = one_clear_line(run_coach("packs", "validate", str(fifo), home=coach_home))
    assert t("pack.not_a_file", "en") in out


@needs_fifo
def test_a_fifo_inside_questions_does_not_block(tmp_path: Path, coach_home: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "questions").mkdir(parents=True)
    (pack / "pack.yaml").write_text(pack_text(), encoding="utf-8")
    os.mkfifo(pack / "questions" / "02-fifo.yaml")
    out = one_clear_line(run_coach("packs", "validate", str(pack), home=coach_home, lang="ja"))
    assert "02-fifo.yaml" in out
    assert t("pack.not_a_file", "ja") in out


def test_a_symlink_to_dev_zero_is_not_read(tmp_path: Path, coach_home: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    out = one_clear_line(run_coach("packs", "validate", str(link), home=coach_home))
    assert t("pack.not_a_file", "en") in out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_symlink_loop_says_symlink_loop(tmp_path: Path, coach_home: Path, lang: str) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    out = one_clear_line(run_coach("packs", "validate", str(loop), home=coach_home, lang=lang))
    assert t("pack.symlink_loop", lang) in out
    assert t("pack.no_such_path", lang) not in out


def test_a_symlink_loop_as_pack_yaml_says_symlink_loop(tmp_path: Path) -> None:
    from coach.packs.loader import PackInvalid, load_pack

    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").symlink_to(pack / "pack.yaml")
    with pytest.raises(PackInvalid) as info:
        load_pack(pack)
    assert [p.key for p in info.value.problems] == ["symlink_loop"]


# -- control characters and bidi overrides --------------------------------------------------------


@pytest.mark.parametrize(
    "escaped",
    [
        r"\e]52;c;aGVsbG8=\a",  # OSC 52 clipboard write
        r"\e[2J",  # clear screen
        r"\x9b31m",  # C1 CSI
        r"\x00",
        r"\x7f",
        r"\r",
    ],
)
def test_control_characters_in_pack_text_are_refused_with_the_field(
    tmp_path: Path, coach_home: Path, escaped: str
) -> None:
    source = tmp_path / "controls.yaml"
    out = validate_refused(source, pack_text(f'"Tell me {escaped} about it"'), coach_home)
    assert "questions[0].text" in out
    assert "control character" in out


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(
    ("question", "place", "key", "char"),
    [
        ("Tell me \x1b]0;pwned\x07 about it", "{top}", "control_char", "U+001B"),  # raw in the file
        ("Tell me about \u202eit gnihtemos", "questions[0].text", "bidi", "U+202E"),  # unbalanced
    ],
    ids=["raw-control", "bidi-override"],
)
def test_a_control_or_bidi_character_is_named_with_its_line(
    tmp_path: Path, coach_home: Path, lang: str, question: str, place: str, key: str, char: str
) -> None:
    source = tmp_path / "hostile.yaml"
    out = validate_refused(source, pack_text(question), coach_home, lang=lang)
    where = f"{source}:7: {place.format(top=t('pack.place.top', lang))}: "
    assert where + t(f"pack.{key}", lang, char=char) in out


def test_crlf_line_ends_are_fine(tmp_path: Path) -> None:
    from coach.packs.loader import load_pack

    source = tmp_path / "crlf.yaml"
    source.write_bytes(pack_text().replace("\n", "\r\n").encode("utf-8"))
    assert load_pack(source).questions[0].text.get("en") == "Tell me about a deal you lost."


def test_control_characters_are_refused_in_keys_and_question_files(tmp_path: Path) -> None:
    from coach.packs.loader import PackInvalid, load_pack

    pack = tmp_path / "pack"
    (pack / "questions").mkdir(parents=True)
    (pack / "pack.yaml").write_text(pack_text(), encoding="utf-8")
    (pack / "questions" / "q.yaml").write_text(
        question_text() + '"bad\\e[31m": 1\ndata:\n  columns: [{id: a, label: A}]\n'
        '  rows: [{a: "cell\\x07"}]\n',
        encoding="utf-8",
    )
    with pytest.raises(PackInvalid) as info:
        load_pack(pack)
    found = {(p.key, p.place) for p in info.value.problems}
    assert ("control_char", "bad\\x1b[31m") in found
    assert ("control_char", "data.rows[0].a") in found
    assert all("\x1b" not in p.place for p in info.value.problems)


@pytest.mark.parametrize(
    "text",
    ["\u202bשלום\u202c and more", "\u2067مرحبا\u2069 there", "a \u2066\u202ax\u202c\u2069 b"],
)
def test_balanced_bidi_text_is_accepted(tmp_path: Path, text: str) -> None:
    from coach.packs.loader import load_pack

    source = tmp_path / "bidi.yaml"
    source.write_text(pack_text(text), encoding="utf-8")
    assert load_pack(source).questions[0].text.get("en") == text


@pytest.mark.parametrize(
    "text", ["\u202cclose first", "\u202aopen \u2069close\u202c", "\u2067open \u202c"]
)
def test_bidi_closed_out_of_order_is_refused(tmp_path: Path, text: str) -> None:
    from coach.packs.loader import PackInvalid, load_pack

    source = tmp_path / "bidi.yaml"
    source.write_text(pack_text(text), encoding="utf-8")
    with pytest.raises(PackInvalid) as info:
        load_pack(source)
    assert [p.key for p in info.value.problems] == ["bidi"]


# -- the packs folder ---------------------------------------------------------------------------


def _fill_with_hostile_packs(folder: Path) -> list[str]:
    (folder / "laughs.yaml").write_text(billion_laughs(), encoding="utf-8")
    (folder / "deep.yaml").write_text(nested(1000), encoding="utf-8")
    (folder / "big.yaml").write_text(pack_text("x" * (2 * 1024 * 1024)), encoding="utf-8")
    (folder / "controls.yaml").write_text(pack_text('"bad \\e]0;title\\a"'), encoding="utf-8")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    names = ["laughs", "deep", "big", "controls", "loop"]
    if Path("/dev/zero").exists():
        (folder / "zero.yaml").symlink_to("/dev/zero")
        names.append("zero")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.yaml")
        inner = folder / "fifo-inside"
        (inner / "questions").mkdir(parents=True)
        (inner / "pack.yaml").write_text(pack_text(pack_id="fifo-inside"), encoding="utf-8")
        os.mkfifo(inner / "questions" / "q.yaml")
        names += ["fifo", "fifo-inside"]
    return names


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_packs_list_lists_good_packs_and_hostile_ones_as_broken(
    coach_home: Path, lang: str
) -> None:
    folder = user_packs(coach_home)
    names = _fill_with_hostile_packs(folder)
    (folder / "fine.yaml").write_text(pack_text(pack_id="fine"), encoding="utf-8")
    result = run_coach("packs", "list", home=coach_home, lang=lang)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "Traceback" not in out
    for good in ("sales-manager", "software-engineer", "customer-success-manager", "fine"):
        assert good in out
    broken = t("packs.broken", lang, reason="").rstrip()
    for name in names:
        rows = table_rows(out, name)
        assert len(rows) == 1 and broken in rows[0], (name, out)
    assert t("pack.too_many_aliases", lang, limit=10000) in out
    assert t("pack.not_a_file", lang) in out
    assert t("pack.symlink_loop", lang) in out


def test_pack_option_is_not_held_up_by_hostile_user_packs(coach_home: Path) -> None:
    _fill_with_hostile_packs(user_packs(coach_home))
    result = run_coach("questions", "--pack", "software-engineer", home=coach_home)
    assert result.returncode == 0, result.stderr
    bad = one_clear_line(run_coach("questions", "--pack", "laughs", home=coach_home))
    assert t("pack.too_many_aliases", "en", limit=10000) in bad
    missing = one_clear_line(run_coach("questions", "--pack", "nothing-here", home=coach_home))
    assert "nothing-here" in missing


# -- a user pack with a bundled pack's id --------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_user_pack_with_a_bundled_id_wins_and_is_listed_once(coach_home: Path, lang: str) -> None:
    mine = user_packs(coach_home) / "sales-manager"
    mine.mkdir()
    (mine / "pack.yaml").write_text(
        pack_text("What is my own question?", pack_id="sales-manager"), encoding="utf-8"
    )
    result = run_coach("packs", "list", home=coach_home, lang=lang)
    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout, "sales-manager")
    assert len(rows) == 1, result.stdout
    assert t("packs.origin.user", lang) in rows[0]
    assert (
        t("packs.shadows", lang, id="sales-manager", path=mine, bundled="sales-manager")
        in result.stdout
    )
    shown = run_coach("questions", "--pack", "sales-manager", home=coach_home, lang=lang)
    assert shown.returncode == 0, shown.stderr
    assert "What is my own question?" in shown.stdout


def test_a_user_pack_file_named_otherwise_with_a_bundled_id_still_wins(coach_home: Path) -> None:
    from coach.packs import find_pack_path

    mine = user_packs(coach_home) / "my-copy.yaml"
    mine.write_text(pack_text(pack_id="software-engineer"), encoding="utf-8")
    assert find_pack_path("software-engineer") == mine
    result = run_coach("packs", "list", home=coach_home)
    rows = table_rows(result.stdout, "software-engineer")
    assert len(rows) == 1 and "user" in rows[0], result.stdout
    assert (
        t("packs.shadows", "en", id="software-engineer", path=mine, bundled="software-engineer")
        in result.stdout
    )


def test_the_readme_states_the_limits_the_loader_applies() -> None:
    from coach.packs import loader

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert loader.MAX_FILE_LABEL == "1 MB" and loader.MAX_FILE_BYTES == 1_048_576
    assert "1 MB (1,048,576 bytes)" in readme
    assert f"at most {loader.MAX_DEPTH} levels deep" in readme
    assert f"capped at {loader.MAX_ALIAS_ITEMS:,} items" in readme

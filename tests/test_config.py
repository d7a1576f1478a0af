"""Backend settings (coach/backends/config.py): flags beat the environment beats the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coach.backends.config import (
    Settings,
    env_bool,
    file_bool,
    keys_in,
    parse_bool,
    read_config,
    readable_by_others,
    resolve,
    unknown_keys,
)
from coach.errors import CoachError


@pytest.fixture(autouse=True)
def no_settings_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("COACH_OFFLINE", "COACH_REDACT", "COACH_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)


def _config(coach_home: Path, text: str) -> Path:
    path = coach_home / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _timeout_set(env: str | None, file: str, coach_home: Path, mp: pytest.MonkeyPatch) -> None:
    """COACH_TIMEOUT set to `env` (unless None) and a config file of `file`."""
    if env is not None:
        mp.setenv("COACH_TIMEOUT", env)
    _config(coach_home, file)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), (1, True), (0, False), ("Yes", True), (" off ", False)],
)
def test_parse_bool_takes_booleans_zero_one_and_the_words(value: object, expected: bool) -> None:
    assert parse_bool(value, "redact") is expected


@pytest.mark.parametrize("value", [2, -1, 1.5, "maybe", "", None, [1], {"on": 1}])
def test_parse_bool_refuses_anything_else_naming_the_setting(value: object) -> None:
    with pytest.raises(CoachError) as caught:
        parse_bool(value, "redact (here)")
    assert caught.value.key == "config.bad_bool"
    assert caught.value.params["setting"] == "redact (here)"
    assert caught.value.params["yes"] == "1/true/yes/on/y"


def test_parse_bool_shows_a_long_value_cut_short() -> None:
    with pytest.raises(CoachError) as caught:
        parse_bool("x" * 200, "offline")
    shown = caught.value.params["value"]
    assert len(shown) <= 25 and shown.endswith("...'")


def test_env_bool_is_none_when_unset_or_blank(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env_bool("COACH_REDACT") is None
    monkeypatch.setenv("COACH_REDACT", "  ")
    assert env_bool("COACH_REDACT") is None
    monkeypatch.setenv("COACH_REDACT", "on")
    assert env_bool("COACH_REDACT") is True


def test_file_bool_names_the_config_file_in_its_error(coach_home: Path) -> None:
    assert file_bool({}, "offline") is None and file_bool({"offline": None}, "offline") is None
    assert file_bool({"offline": "yes"}, "offline") is True
    with pytest.raises(CoachError) as caught:
        file_bool({"offline": "sometimes"}, "offline")
    assert caught.value.params["setting"] == f"offline ({coach_home / 'config.yaml'})"


def test_keys_in_finds_keys_at_the_top_and_in_sections_but_not_empty_ones() -> None:
    file = {
        "api_key": "sk-top",
        "openai": {"api_key": "sk-in-section", "model": "m", "token": "  "},
        "anthropic": {"x_api_key": 12},  # not text: nothing to leak
        "backend": "openai",
    }
    assert keys_in(file) == ["api_key", "openai.api_key"]


def test_read_config_is_empty_without_a_file_and_refuses_a_list(coach_home: Path) -> None:
    assert read_config() == {}
    _config(coach_home, "")
    assert read_config() == {}
    _config(coach_home, "- backend\n- openai\n")
    with pytest.raises(CoachError) as caught:
        read_config()
    assert caught.value.key == "config.broken" and caught.value.params["error"] == "not a mapping"
    broken = _config(coach_home, "backend: [\n")
    with pytest.raises(CoachError) as caught:
        read_config(broken)
    assert caught.value.params["path"] == str(broken)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_readable_by_others_reads_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("backend: offline\n", encoding="utf-8")
    path.chmod(0o600)
    assert not readable_by_others(path)
    path.chmod(0o640)
    assert readable_by_others(path)
    assert not readable_by_others(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    ("file", "explicit", "backend", "expected"),
    [
        ({"model": "top"}, None, "openai", "top"),  # the file names no backend: it goes with any
        ({"backend": "ollama", "model": "top"}, None, "anthropic", None),  # written for ollama
        ({"backend": "ollama", "model": "top"}, None, "ollama", "top"),
        ({"model": "top", "openai": {"model": "own"}}, None, "openai", "own"),
        ({"openai": {"model": "own"}}, "flag", "openai", "flag"),
        ({"model": "  ", "openai": {"model": ""}}, None, "openai", None),  # blank is unset
    ],
)
def test_model_for_picks_flag_then_section_then_a_top_level_model_that_fits(
    file: dict[str, object], explicit: str | None, backend: str, expected: str | None
) -> None:
    assert Settings(file=dict(file), explicit_model=explicit).model_for(backend) == expected


def test_settings_section_is_empty_when_it_is_not_a_mapping() -> None:
    assert Settings(file={"ollama": "127.0.0.1"}).section("ollama") == {}
    assert Settings(file={"ollama": {"host": "h"}}).section("ollama") == {"host": "h"}


def test_offline_says_which_setting_turned_it_on(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _config(coach_home, "offline: true\nredact: true\n")
    assert resolve().offline_reason == f"offline: true ({path})"
    monkeypatch.setenv("COACH_OFFLINE", " yes ")
    assert resolve().offline_reason == "COACH_OFFLINE=yes"
    assert resolve(offline=True).offline_reason == "--offline"
    monkeypatch.setenv("COACH_OFFLINE", "0")  # the environment's no beats the file's yes
    settings = resolve()
    assert not settings.offline and settings.offline_reason == ""


def test_redact_from_the_environment_beats_the_file(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(coach_home, "redact: true\n")
    assert resolve().redact
    monkeypatch.setenv("COACH_REDACT", "no")
    assert not resolve().redact
    assert resolve(redact=True).redact  # the flag beats both


@pytest.mark.parametrize(
    ("env", "file", "expected"),
    [(None, "", 60.0), (None, "timeout: 5\n", 5.0), ("2.5", "timeout: 5\n", 2.5)],
)
def test_timeout_from_the_environment_else_the_file_else_a_minute(
    env: str | None, file: str, expected: float, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _timeout_set(env, file, coach_home, monkeypatch)
    assert resolve().timeout == expected


@pytest.mark.parametrize(
    ("env", "file", "setting"),
    [
        ("0.5", "", "COACH_TIMEOUT"),
        ("nan", "", "COACH_TIMEOUT"),
        (None, "timeout: soon\n", "timeout"),
        (None, "timeout: 3601\n", "timeout"),
    ],
)
def test_a_timeout_out_of_range_is_an_error_naming_where_it_was_set(
    env: str | None, file: str, setting: str, coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _timeout_set(env, file, coach_home, monkeypatch)
    with pytest.raises(CoachError) as caught:
        resolve()
    assert caught.value.key == "config.bad_timeout"
    assert caught.value.params["setting"] == setting
    assert (caught.value.params["low"], caught.value.params["high"]) == (1.0, 3600.0)


def test_unknown_keys_leave_secrets_and_plugin_sections_alone() -> None:
    file = {
        "backend": "openai",
        "api_key": "sk-x",  # the key notice speaks of it, not this one
        "openai": {"base_url": "u", "token": "t", "modle": "m"},
        "mine": {"anything": 1},
        "ollama": "not a mapping",
        "zzz": 1,
    }
    assert unknown_keys(file, plugins=("mine",)) == [("openai.modle", "openai.model"), ("zzz", "")]
    assert ("mine", "") in unknown_keys(file)

"""Settings: each key's good and bad values, one-line errors naming file, key and accepted form, defaults."""

from __future__ import annotations

import sys
from datetime import time, timedelta
from typing import Any

import pytest

from hipbreak.core.settings import (
    DEFAULT_CONFIG_TEXT,
    KNOWN_KEYS,
    HoldSettings,
    ReminderSettings,
    Settings,
    StretchSettings,
    parse_clock,
    parse_work_hours,
    settings_from_mapping,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SOURCE = "/home/me/.config/hipbreak/config.toml"
M = timedelta(minutes=1)

GOOD: list[tuple[str, str, Any, Any]] = [
    ("reminders", "every", "30m", 30 * M),
    ("reminders", "every", "1h 30m", 90 * M),
    ("reminders", "every", "24h", timedelta(hours=24)),
    ("reminders", "snooze", ["10m"], (10 * M,)),
    ("reminders", "snooze", ["1m", "2m", "3m", "4m", "5m", "1h"], (M, 2 * M, 3 * M, 4 * M, 5 * M, 60 * M)),
    ("reminders", "max_snoozes", 0, 0),
    ("reminders", "max_snoozes", 100, 100),
    ("reminders", "idle_reset", "0", timedelta(0)),
    ("reminders", "idle_reset", "3m", 3 * M),
    ("reminders", "day_starts", "07:30", time(7, 30)),
    ("reminders", "day_starts", "6:05", time(6, 5)),
    ("reminders", "work_hours", "", None),
    ("reminders", "work_hours", "09:00-17:30", (time(9, 0), time(17, 30))),
    ("reminders", "work_hours", " 8:00 - 16:00 ", (time(8, 0), time(16, 0))),
    ("reminders", "work_hours", "22:00-06:00", (time(22, 0), time(6, 0))),
    ("reminders", "work_days", ["mon", "Tue", "wednesday", "thurs"], frozenset({0, 1, 2, 3})),
    ("reminders", "work_days", ["sun"], frozenset({6})),
    ("reminders", "repeat", "2m", 2 * M),
    ("reminders", "max_repeats", 0, 0),
    ("reminders", "max_repeats", 10, 10),
    ("reminders", "notice", "0", timedelta(0)),
    ("reminders", "notice", "30s", timedelta(seconds=30)),
    ("reminders", "notice", "10m", 10 * M),
    ("stretch", "hold", "45s", timedelta(seconds=45)),
    ("stretch", "hold", "10m", 10 * M),
    ("stretch", "prepare", "0", timedelta(0)),
    ("stretch", "prepare", "2m", 2 * M),
    ("stretch", "daily_goal", 1, 1),
    ("stretch", "daily_goal", 50, 50),
    ("stretch", "sound", False, False),
    ("stretch", "routine", "my_routine-2", "my_routine-2"),
    ("hold", "call", False, False),
    ("hold", "gnome_breaks", "gnome", "gnome"),
    ("hold", "gnome_breaks", "hipbreak", "hipbreak"),
    ("hold", "fullscreen", False, False),
    ("hold", "dnd", True, True),
    ("hold", "inhibited", False, False),
    ("hold", "grace", "0", timedelta(0)),
    ("hold", "grace", "3s", timedelta(seconds=3)),
    ("hold", "cap", "1m", M),
    ("hold", "cap", "24h", timedelta(hours=24)),
    ("stretch", "voice", "on", "on"),
    ("stretch", "voice", "cues-only", "cues-only"),
    ("stretch", "voice", "off", "off"),
    ("stretch", "motion", False, False),
    ("stretch", "large_text", True, True),
]

# (section, key, bad value, what the error must say is accepted)
BAD: list[tuple[str, str, Any, str]] = [
    ("reminders", "every", "0", "a duration from 1s to 24h"),
    ("reminders", "every", "25h", "a duration from 1s to 24h"),
    ("reminders", "every", "45", 'a duration like "90s", "15m" or "1h30m"'),
    ("reminders", "every", 45, 'a duration like "90s", "15m" or "1h30m"'),
    ("reminders", "every", "99999999999999h", 'a duration like "90s", "15m" or "1h30m"'),
    ("reminders", "every", "9" * 5000 + "s", 'a duration like "90s", "15m" or "1h30m"'),
    ("reminders", "snooze", "5m", 'a list of 1 to 6 durations like ["5m", "15m"]'),
    ("reminders", "snooze", [], 'a list of 1 to 6 durations like ["5m", "15m"]'),
    ("reminders", "snooze", ["1m"] * 7, 'a list of 1 to 6 durations like ["5m", "15m"]'),
    (
        "reminders",
        "snooze",
        ["5m", "0"],
        'a list of 1 to 6 durations like ["5m", "15m"], each from 1s to 24h',
    ),
    ("reminders", "snooze", ["5m", "soon"], 'a list of 1 to 6 durations like ["5m", "15m"], each from 1s'),
    ("reminders", "max_snoozes", -1, "a whole number from 0 to 100"),
    ("reminders", "max_snoozes", 101, "a whole number from 0 to 100"),
    ("reminders", "max_snoozes", True, "a whole number from 0 to 100"),
    ("reminders", "max_snoozes", 2.0, "a whole number from 0 to 100"),
    ("reminders", "max_snoozes", "3", "a whole number from 0 to 100"),
    ("reminders", "idle_reset", "25h", '"0" (off) or a duration from 1s to 24h'),
    ("reminders", "idle_reset", "off", 'a duration like "90s", "15m" or "1h30m"'),
    ("reminders", "day_starts", "6", 'a time of day like "06:00"'),
    ("reminders", "day_starts", "24:00", 'a time of day like "06:00"'),
    ("reminders", "day_starts", "06:60", 'a time of day like "06:00"'),
    ("reminders", "day_starts", "06:00:00", 'a time of day like "06:00"'),
    ("reminders", "day_starts", "\u00b2:00", 'a time of day like "06:00"'),
    ("reminders", "day_starts", 600, 'a time of day like "06:00"'),
    ("reminders", "work_hours", "09:00-09:00", '"" (all day) or a range like "09:00-17:30"'),
    ("reminders", "work_hours", "9-5", '"" (all day) or a range like "09:00-17:30"'),
    ("reminders", "work_hours", ["09:00", "17:00"], '"" (all day) or a range like "09:00-17:30"'),
    ("reminders", "work_days", [], 'a list of days like ["mon", "tue", "wed", "thu", "fri"]'),
    ("reminders", "work_days", ["monkey"], 'a list of days like ["mon", "tue", "wed", "thu", "fri"]'),
    ("reminders", "work_days", ["mo"], 'a list of days like ["mon", "tue", "wed", "thu", "fri"]'),
    ("reminders", "work_days", "mon", 'a list of days like ["mon", "tue", "wed", "thu", "fri"]'),
    ("reminders", "work_days", [1, 2], 'a list of days like ["mon", "tue", "wed", "thu", "fri"]'),
    ("reminders", "repeat", "0", "a duration from 1s to 24h"),
    ("reminders", "max_repeats", 11, "a whole number from 0 to 10"),
    ("reminders", "notice", "11m", '"0" (off) or a duration from 1s to 10m'),
    ("stretch", "hold", "0", "a duration from 1s to 10m"),
    ("stretch", "hold", "11m", "a duration from 1s to 10m"),
    ("stretch", "prepare", "3m", "a duration from 0 to 2m, got"),
    ("stretch", "daily_goal", 0, "a whole number from 1 to 50"),
    ("stretch", "daily_goal", 51, "a whole number from 1 to 50"),
    ("stretch", "sound", "yes", "true or false"),
    ("stretch", "sound", 1, "true or false"),
    ("stretch", "routine", "", 'a routine name like "hip-flexor"'),
    ("stretch", "routine", "../evil", 'a routine name like "hip-flexor"'),
    ("stretch", "routine", "two words", 'a routine name like "hip-flexor"'),
    ("hold", "call", "yes", "true or false"),
    ("hold", "gnome_breaks", "both", '"ask", "hipbreak" or "gnome"'),
    ("hold", "fullscreen", 1, "true or false"),
    ("hold", "dnd", "off", "true or false"),
    ("hold", "inhibited", None, "true or false"),
    ("hold", "grace", "31m", '"0" (off) or a duration from 1s to 30m'),
    ("hold", "cap", "0", "a duration from 1m to 24h"),
    ("hold", "cap", "25h", "a duration from 1m to 24h"),
    ("stretch", "voice", True, '"on", "cues-only" or "off"'),
    ("stretch", "voice", "loud", '"on", "cues-only" or "off"'),
    ("stretch", "voice", "On", '"on", "cues-only" or "off"'),
    ("stretch", "motion", "off", "true or false"),
    ("stretch", "large_text", 1, "true or false"),
]

DEFAULTS = {"reminders": ReminderSettings(), "stretch": StretchSettings(), "hold": HoldSettings()}


def section_of(settings: Settings, section: str) -> Any:
    """Return the part of `settings` that holds `section`'s keys."""
    return getattr(settings, section)


@pytest.mark.parametrize(("section", "key", "raw", "expected"), GOOD)
def test_a_good_value_is_taken_without_errors(section: str, key: str, raw: Any, expected: Any) -> None:
    settings, errors = settings_from_mapping({section: {key: raw}}, SOURCE)
    assert errors == []
    assert getattr(section_of(settings, section), key) == expected


@pytest.mark.parametrize(("section", "key", "raw", "accepted"), BAD)
def test_a_bad_value_gives_one_line_naming_file_key_and_accepted_form(
    section: str, key: str, raw: Any, accepted: str
) -> None:
    settings, errors = settings_from_mapping({section: {key: raw}}, SOURCE)
    [error] = errors
    assert "\n" not in error
    assert error.startswith(f"{SOURCE}: {section}.{key}: expected ")
    assert accepted in error
    assert error.endswith("; using the default")
    # The value itself is quoted, so the user can find it, unless it is too long to be useful.
    assert repr(raw) in error or len(repr(raw)) > 200
    assert getattr(section_of(settings, section), key) == getattr(DEFAULTS[section], key)


def test_every_key_has_good_and_bad_cases_here() -> None:
    """The tables above cover each known key both ways."""
    for section, keys in KNOWN_KEYS.items():
        for key in keys:
            assert any(s == section and k == key for s, k, *_ in GOOD), f"no good case for {section}.{key}"
            assert any(s == section and k == key for s, k, *_ in BAD), f"no bad case for {section}.{key}"


def test_an_exact_error_line() -> None:
    _, errors = settings_from_mapping({"reminders": {"every": "25h"}}, "config.toml")
    assert errors == [
        "config.toml: reminders.every: expected a duration from 1s to 24h, got '25h'; using the default"
    ]


def test_bad_keys_keep_their_defaults_while_good_ones_apply() -> None:
    settings, errors = settings_from_mapping(
        {"reminders": {"every": "bad", "snooze": ["2m"]}, "stretch": {"daily_goal": 0, "hold": "20s"}}, SOURCE
    )
    assert len(errors) == 2
    assert settings.reminders == ReminderSettings(snooze=(2 * M,))
    assert settings.stretch == StretchSettings(hold=timedelta(seconds=20))


def test_an_unknown_key_names_the_known_ones() -> None:
    _, errors = settings_from_mapping({"reminders": {"evry": "5m"}}, SOURCE)
    assert errors == [
        f"{SOURCE}: unknown key reminders.evry; known keys: every, snooze, max_snoozes, idle_reset, "
        "day_starts, work_hours, work_days, repeat, max_repeats, notice"
    ]


def test_an_unknown_section_names_the_known_ones() -> None:
    settings, errors = settings_from_mapping({"general": {"every": "5m"}}, SOURCE)
    assert errors == [f"{SOURCE}: unknown section [general]; known sections: [reminders], [stretch], [hold]"]
    assert settings == Settings()


def test_a_section_that_is_not_a_table_is_one_error() -> None:
    _, errors = settings_from_mapping({"stretch": "hip-flexor"}, SOURCE)
    assert errors == [f"{SOURCE}: stretch: expected a table [stretch], got 'hip-flexor'"]


def test_absent_keys_take_the_defaults() -> None:
    assert settings_from_mapping({}, SOURCE) == (Settings(), [])
    assert settings_from_mapping({"reminders": {}, "stretch": {}}, SOURCE) == (Settings(), [])


def test_a_pre_notice_as_long_as_the_interval_is_refused() -> None:
    settings, errors = settings_from_mapping({"reminders": {"every": "5m", "notice": "5m"}}, SOURCE)
    assert errors == [
        f'{SOURCE}: reminders.notice: expected "0" (off) or a duration shorter than reminders.every (5m), '
        "got '5m'; using the default"
    ]
    assert settings.reminders == ReminderSettings(every=5 * M)
    assert settings_from_mapping({"reminders": {"every": "5m", "notice": "4m"}}, SOURCE)[1] == []


def test_the_default_config_text_parses_to_the_defaults() -> None:
    data = tomllib.loads(DEFAULT_CONFIG_TEXT)
    assert settings_from_mapping(data, "default") == (Settings(), [])
    assert {section: tuple(table) for section, table in data.items()} == KNOWN_KEYS


def test_clock_and_work_hours_parsers() -> None:
    assert parse_clock(" 23:59 ") == time(23, 59)
    assert parse_work_hours("00:00-23:59") == (time(0, 0), time(23, 59))
    with pytest.raises(ValueError, match="time of day"):
        parse_clock("12:3a")


def test_the_hold_table_switches_each_signal_and_sets_grace_and_cap() -> None:
    text = "[hold]\ncall = false\nfullscreen = false\ndnd = true\ninhibited = false\n"
    text += 'grace = "0"\ncap = "30m"\n'
    settings, errors = settings_from_mapping(tomllib.loads(text), SOURCE)
    assert errors == []
    assert settings.hold == HoldSettings(
        call=False, fullscreen=False, dnd=True, inhibited=False, grace=timedelta(0), cap=30 * M
    )


def test_bad_hold_values_name_the_key_and_keep_the_default() -> None:
    data = {"hold": {"call": "no", "cap": "10s", "grace": "2h", "camera": True}}
    settings, errors = settings_from_mapping(data, SOURCE)
    assert settings.hold == HoldSettings()
    assert errors == [
        f"{SOURCE}: hold.call: expected true or false, got 'no'; using the default",
        f"{SOURCE}: hold.cap: expected a duration from 1m to 24h, got '10s'; using the default",
        f'{SOURCE}: hold.grace: expected "0" (off) or a duration from 1s to 30m, got '
        "'2h'; using the default",
        f"{SOURCE}: unknown key hold.camera; known keys: call, fullscreen, dnd, inhibited, grace, cap, "
        "gnome_breaks",
    ]

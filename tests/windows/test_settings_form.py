"""The settings form without a display: typed text to TOML values under the core's rules, and changes."""

from __future__ import annotations

from datetime import time

import pytest

from hipbreak.core.settings import KNOWN_KEYS, ReminderSettings, Settings, settings_from_mapping
from hipbreak.ui import settings_form as form

FIELDS = {field.name: field for field in form.TEXT_FIELDS}


def test_every_default_text_is_accepted_and_means_the_default() -> None:
    texts = form.field_texts(Settings())
    values = {field.key: form.text_value(field, texts[field.name]) for field in form.TEXT_FIELDS}
    mapping: dict[str, dict[str, object]] = {}
    for (section, key), value in values.items():
        mapping.setdefault(section, {})[key] = value
    assert settings_from_mapping(mapping, "test") == (Settings(), [])


def test_each_field_writes_a_key_the_core_knows() -> None:
    keys = [field.key for field in form.TEXT_FIELDS] + [form.WORK_HOURS, form.WORK_DAYS, form.SOUND]
    assert all(key in KNOWN_KEYS[section] for section, key in keys)
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("every", " 30m ", "30m"),
        ("every", "1h30m", "1h30m"),
        ("snooze", "5m, 15m,30m", ["5m", "15m", "30m"]),
        ("snooze", "10m,", ["10m"]),
        ("max_snoozes", " 4", 4),
        ("max_repeats", "0", 0),
        ("notice", "0", "0"),
        ("idle_reset", "0", "0"),
        ("prepare", "0", "0"),
        ("hold", "1m", "1m"),
        ("daily_goal", "50", 50),
    ],
)
def test_good_text_becomes_the_toml_value(name: str, text: str, value: object) -> None:
    assert form.text_value(FIELDS[name], text) == value


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("every", ""),
        ("every", "soon"),
        ("every", "0"),
        ("every", "25h"),
        ("snooze", ""),
        ("snooze", "5m, 1m, 2m, 3m, 4m, 6m, 7m"),
        ("snooze", "5m, later"),
        ("max_snoozes", "-1"),
        ("max_snoozes", "101"),
        ("max_snoozes", "two"),
        ("max_repeats", "11"),
        ("notice", "11m"),
        ("hold", "0"),
        ("prepare", "3m"),
        ("daily_goal", "0"),
        ("daily_goal", "5.5"),
    ],
)
def test_bad_text_is_refused_with_the_fields_own_words(name: str, text: str) -> None:
    with pytest.raises(ValueError) as refused:
        form.text_value(FIELDS[name], text)
    assert str(refused.value) == FIELDS[name].accepted
    assert str(refused.value).startswith(("Use ", "Pick "))


def test_work_hours() -> None:
    assert form.work_hours_value(True, "garbage", "") == ""
    assert form.work_hours_value(False, "9:00", "17:30") == "09:00-17:30"
    assert form.work_hours_value(False, "22:00", "6:00") == "22:00-06:00"  # a night shift
    for start, end in (("17:00", "17:00"), ("9", "17:00"), ("09:00", "24:00"), ("", "")):
        with pytest.raises(ValueError, match="two different times"):
            form.work_hours_value(False, start, end)
    settings = Settings(reminders=ReminderSettings(work_hours=(time(8, 0), time(16, 45))))
    assert form.work_hours_texts(settings) == (False, "08:00", "16:45")
    assert form.work_hours_texts(Settings()) == (True, *form.DEFAULT_HOURS)


def test_work_days() -> None:
    assert form.work_days_value([True] * 5 + [False] * 2) == ["mon", "tue", "wed", "thu", "fri"]
    with pytest.raises(ValueError, match="at least one day"):
        form.work_days_value([False] * 7)
    weekend = Settings(reminders=ReminderSettings(work_days=frozenset({5, 6})))
    assert form.work_day_flags(weekend) == [False] * 5 + [True] * 2


def test_changes_hold_only_what_differs() -> None:
    initial = {("reminders", "every"): "45m", ("stretch", "sound"): True, ("stretch", "hold"): "30s"}
    current = {("reminders", "every"): "30m", ("stretch", "sound"): True, ("stretch", "hold"): "20s"}
    assert form.changes(initial, current) == {"reminders": {"every": "30m"}, "stretch": {"hold": "20s"}}
    assert form.changes(initial, initial) == {}

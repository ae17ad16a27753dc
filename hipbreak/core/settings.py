"""The user's settings as typed values, and their validation from a parsed TOML mapping."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import time, timedelta
from typing import Any

from hipbreak.core.coaching import VOICE_MODES
from hipbreak.core.durations import format_duration, parse_duration

# Defined beside the rules that use it (core/holds.py); re-exported here with the other settings.
from hipbreak.core.holds import HoldSettings as HoldSettings
from hipbreak.language import _

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_INTERVAL = timedelta(hours=24)


@dataclass(frozen=True)
class ReminderSettings:
    """When and how reminders come."""

    every: timedelta = timedelta(minutes=45)
    snooze: tuple[timedelta, ...] = (timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=30))
    max_snoozes: int = 0  # 0 = unlimited
    idle_reset: timedelta = timedelta(minutes=5)  # 0 = off
    day_starts: time = time(6, 0)
    # None = all day; an end before the start runs past midnight (the shift belongs to its first day)
    work_hours: tuple[time, time] | None = None
    work_days: frozenset[int] = frozenset(range(7))  # Monday = 0
    repeat: timedelta = timedelta(minutes=5)
    max_repeats: int = 2
    notice: timedelta = timedelta(0)  # 0 = no pre-notice


@dataclass(frozen=True)
class StretchSettings:
    """How the guided stretch runs."""

    hold: timedelta = timedelta(seconds=30)
    prepare: timedelta = timedelta(seconds=10)
    daily_goal: int = 8
    sound: bool = True
    routine: str = "hip-flexor"
    voice: str = "on"  # "on", "cues-only" or "off": what the stretch window says aloud
    motion: bool = True  # the moving picture during a hold; the desktop's reduce-motion wins too
    large_text: bool = False  # only the side, the countdown and the cue, as large as the window allows


# Who reminds beside GNOME's own movement breaks; HoldSettings (core/holds.py) holds the choice.
GNOME_BREAKS_CHOICES = ("ask", "hipbreak", "gnome")


@dataclass(frozen=True)
class Settings:
    """Everything the user can configure."""

    reminders: ReminderSettings = field(default_factory=ReminderSettings)
    stretch: StretchSettings = field(default_factory=StretchSettings)
    hold: HoldSettings = field(default_factory=HoldSettings)


def _duration(low: timedelta, high: timedelta, allow_zero: bool = False) -> Callable[[Any], timedelta]:
    def convert(raw: Any) -> timedelta:
        value = parse_duration(raw)
        if allow_zero and value == timedelta(0):
            return value
        if not low <= value <= high:
            if allow_zero and low:
                # Translators: a config error; "0" and the durations ("1s", "24h") are config syntax.
                message = _('expected "0" (off) or a duration from {low} to {high}, got {value}')
            else:
                # Translators: a config error; the durations ("1s", "24h") are config syntax.
                message = _("expected a duration from {low} to {high}, got {value}")
            low_text, high_text = format_duration(low), format_duration(high)
            raise ValueError(message.format(low=low_text, high=high_text, value=repr(raw)))
        return value

    return convert


def _snooze_list(raw: Any) -> tuple[timedelta, ...]:
    convert = _duration(timedelta(seconds=1), MAX_INTERVAL)
    if isinstance(raw, list) and 1 <= len(raw) <= 6:
        try:
            return tuple(convert(item) for item in raw)
        except ValueError:
            pass  # say what the whole list must look like, not just one item
    # Translators: a config error; ["5m", "15m"], 1s and 24h are config syntax: keep them as they are.
    message = _('expected a list of 1 to 6 durations like ["5m", "15m"], each from 1s to 24h, got {value}')
    raise ValueError(message.format(value=repr(raw)))


def _integer(low: int, high: int) -> Callable[[Any], int]:
    def convert(raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
            message = _("expected a whole number from {low} to {high}, got {value}")
            raise ValueError(message.format(low=low, high=high, value=repr(raw)))
        return raw

    return convert


def _boolean(raw: Any) -> bool:
    if not isinstance(raw, bool):
        # Translators: a config error; true and false are config syntax: keep them as they are.
        raise ValueError(_("expected true or false, got {value}").format(value=repr(raw)))
    return raw


def parse_clock(raw: Any) -> time:
    """Return the time of day written "HH:MM"; raise ValueError otherwise."""
    if isinstance(raw, str):
        parts = raw.strip().split(":")
        # isdecimal() and isascii(): "²".isdigit() is true, but int("²") fails with a message of its own.
        if len(parts) == 2 and all(p.isascii() and p.isdecimal() and 1 <= len(p) <= 2 for p in parts):
            hour, minute = int(parts[0]), int(parts[1])
            if hour < 24 and minute < 60:
                return time(hour, minute)
    # Translators: a config error; "06:00" is config syntax (24-hour clock): keep it as it is.
    raise ValueError(_('expected a time of day like "06:00", got {value}').format(value=repr(raw)))


def parse_work_hours(raw: Any) -> tuple[time, time] | None:
    """Return (start, end) from "09:00-17:30", or None for "" (all day).

    An end before the start ("22:00-06:00") is a night shift: it runs past midnight into the next day.
    """
    if raw == "":
        return None
    if isinstance(raw, str) and raw.count("-") == 1:
        start_text, end_text = raw.split("-")
        try:
            start, end = parse_clock(start_text), parse_clock(end_text)
        except ValueError:
            pass
        else:
            if start != end:
                return start, end
    # Translators: a config error; "", "09:00-17:30" and "22:00-06:00" are config syntax: keep them.
    message = _(
        'expected "" (all day) or a range like "09:00-17:30" or, past midnight, "22:00-06:00" '
        "(start and end must differ), got {value}"
    )
    raise ValueError(message.format(value=repr(raw)))


_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day(name: Any) -> int | None:
    # "mon", "Tues", "wednesday": a start of the day's full name, at least three letters. Comparing
    # only the first three letters also took "monkey" or "sunny" for a day.
    text = name.strip().lower() if isinstance(name, str) else ""
    for index, full in enumerate(_FULL_DAY_NAMES):
        if len(text) >= 3 and full.startswith(text):
            return index
    return None


def _work_days(raw: Any) -> frozenset[int]:
    days = [_day(name) for name in raw] if isinstance(raw, list) else []
    if days and all(day is not None for day in days):
        return frozenset(day for day in days if day is not None)
    # Translators: a config error; the day names are config syntax: keep them in English.
    message = _('expected a list of days like ["mon", "tue", "wed", "thu", "fri"], got {value}')
    raise ValueError(message.format(value=repr(raw)))


def _gnome_breaks(raw: Any) -> str:
    if isinstance(raw, str) and raw in GNOME_BREAKS_CHOICES:
        return raw
    # Translators: a config error; "ask", "hipbreak" and "gnome" are config values: keep them.
    raise ValueError(_('expected "ask", "hipbreak" or "gnome", got {value}').format(value=repr(raw)))


def _voice(raw: Any) -> str:
    if raw in VOICE_MODES:
        return str(raw)
    # Translators: a config error; "on", "cues-only" and "off" are config values: keep them.
    raise ValueError(_('expected "on", "cues-only" or "off", got {value}').format(value=repr(raw)))


def _routine(raw: Any) -> str:
    if isinstance(raw, str) and raw.strip() and all(c.isalnum() or c in "-_" for c in raw):
        return raw
    # Translators: a config error; "hip-flexor" is a routine's file name: keep it.
    raise ValueError(_('expected a routine name like "hip-flexor", got {value}').format(value=repr(raw)))


_SECONDS = timedelta(seconds=1)
_CONVERTERS: dict[str, dict[str, tuple[str, Callable[[Any], Any]]]] = {
    "reminders": {
        "every": ("every", _duration(_SECONDS, MAX_INTERVAL)),
        "snooze": ("snooze", _snooze_list),
        "max_snoozes": ("max_snoozes", _integer(0, 100)),
        "idle_reset": ("idle_reset", _duration(_SECONDS, MAX_INTERVAL, allow_zero=True)),
        "day_starts": ("day_starts", parse_clock),
        "work_hours": ("work_hours", parse_work_hours),
        "work_days": ("work_days", _work_days),
        "repeat": ("repeat", _duration(_SECONDS, MAX_INTERVAL)),
        "max_repeats": ("max_repeats", _integer(0, 10)),
        "notice": ("notice", _duration(_SECONDS, timedelta(minutes=10), allow_zero=True)),
    },
    "stretch": {
        "hold": ("hold", _duration(_SECONDS, timedelta(minutes=10))),
        "prepare": ("prepare", _duration(timedelta(0), timedelta(minutes=2), allow_zero=True)),
        "daily_goal": ("daily_goal", _integer(1, 50)),
        "sound": ("sound", _boolean),
        "routine": ("routine", _routine),
        "voice": ("voice", _voice),
        "motion": ("motion", _boolean),
        "large_text": ("large_text", _boolean),
    },
    "hold": {
        "call": ("call", _boolean),
        "fullscreen": ("fullscreen", _boolean),
        "dnd": ("dnd", _boolean),
        "inhibited": ("inhibited", _boolean),
        "grace": ("grace", _duration(_SECONDS, timedelta(minutes=30), allow_zero=True)),
        "cap": ("cap", _duration(timedelta(minutes=1), MAX_INTERVAL)),
        "gnome_breaks": ("gnome_breaks", _gnome_breaks),
    },
}

KNOWN_KEYS: dict[str, tuple[str, ...]] = {section: tuple(keys) for section, keys in _CONVERTERS.items()}


def settings_from_mapping(data: Mapping[str, Any], source: str) -> tuple[Settings, list[str]]:
    """Return the settings in `data` and one error line per bad key; bad keys keep their defaults."""
    errors: list[str] = []
    sections: dict[str, dict[str, Any]] = {name: {} for name in _CONVERTERS}
    for section, table in data.items():
        if section not in _CONVERTERS:
            known_sections = ", ".join(f"[{name}]" for name in _CONVERTERS)
            # Translators: a config error; {source} is the config file, the sections are config syntax.
            message = _("{source}: unknown section [{section}]; known sections: {known}")
            errors.append(message.format(source=source, section=section, known=known_sections))
            continue
        if not isinstance(table, Mapping):
            # Translators: a config error; {section} is a section's name in the config file.
            message = _("{source}: {section}: expected a table [{section}], got {value}")
            errors.append(message.format(source=source, section=section, value=repr(table)))
            continue
        for key, raw in table.items():
            if key not in _CONVERTERS[section]:
                known = ", ".join(KNOWN_KEYS[section])
                # Translators: a config error; {key} is "section.key" as the config file writes it.
                message = _("{source}: unknown key {key}; known keys: {known}")
                errors.append(message.format(source=source, key=f"{section}.{key}", known=known))
                continue
            name, convert = _CONVERTERS[section][key]
            try:
                sections[section][name] = convert(raw)
            except ValueError as exc:
                # Translators: a config error; {key} is "section.key", {problem} what is wrong with its value.
                message = _("{source}: {key}: {problem}; using the default")
                errors.append(message.format(source=source, key=f"{section}.{key}", problem=exc))
    reminders = replace(ReminderSettings(), **sections["reminders"])
    if reminders.notice and reminders.notice >= reminders.every:
        # A heads-up as long as the interval would come together with the reminder before it.
        # Translators: a config error; reminders.notice and reminders.every are config keys, "0" a value.
        message = _(
            '{source}: reminders.notice: expected "0" (off) or a duration shorter than reminders.every '
            "({every}), got {value}; using the default"
        )
        every, value = format_duration(reminders.every), repr(data["reminders"]["notice"])
        errors.append(message.format(source=source, every=every, value=value))
        reminders = replace(reminders, notice=ReminderSettings().notice)
    stretch = replace(StretchSettings(), **sections["stretch"])
    hold = replace(HoldSettings(), **sections["hold"])
    return Settings(reminders=reminders, stretch=stretch, hold=hold), errors


# The config file's starting text stays in English, as its keys and values do: a catalog that broke its
# TOML would break the user's settings.
DEFAULT_CONFIG_TEXT = """\
# hipbreak settings. Durations are written like "90s", "15m" or "1h30m".

[reminders]
every = "45m"                    # how long you sit before a reminder
snooze = ["5m", "15m", "30m"]    # the Snooze choices
max_snoozes = 0                  # snoozes allowed per day; 0 = unlimited
idle_reset = "5m"                # away this long counts as a break; "0" = off
day_starts = "06:00"             # when "Pause until tomorrow" ends
work_hours = ""                  # e.g. "09:00-17:30", or "22:00-06:00" overnight; "" = all day
work_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
repeat = "5m"                    # re-send an ignored reminder after this long
max_repeats = 2                  # at most this many times
notice = "0"                     # e.g. "30s" for a quiet heads-up before the reminder

[stretch]
hold = "30s"                     # hold on each side
prepare = "10s"                  # time to get into position
daily_goal = 8                   # breaks you aim for each day
sound = true                     # a chime at each hold, the switch and the end
routine = "hip-flexor"           # a built-in routine, or one of yours in the config dir
voice = "on"                     # speak each step and cue; "cues-only" or "off"
motion = true                    # the moving picture during a hold
large_text = false               # only the side, the countdown and the cue, as big as the window

[hold]                           # hold reminders while the desktop says "not now"
call = true                      # a microphone, a camera or a screen cast is in use
fullscreen = true                # the active window is full screen (X11)
dnd = true                       # Do Not Disturb is on
inhibited = true                 # an app keeps the screen awake (a video, a presentation)
grace = "1m"                     # after the hold ends, wait this long; "0" = remind at once
cap = "2h"                       # never hold a reminder longer than this
gnome_breaks = "ask"             # beside GNOME 48+ movement breaks: "ask", "hipbreak" or "gnome"
"""  # not user text

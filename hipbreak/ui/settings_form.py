"""The settings window's fields as data: their labels, their text form and its check against the core's rules.

No Tk here: the window shows these fields, and tests check the conversions without a display.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hipbreak.core.durations import format_duration
from hipbreak.core.settings import DAY_NAMES, Settings, parse_clock, settings_from_mapping
from hipbreak.language import N_, _

Key = tuple[str, str]  # (section, key) in the TOML file


@dataclass(frozen=True)
class TextField:
    """One typed-in setting: where it lives in the file, what the window says about it (in marked English)."""

    name: str  # stable name for widgets and traces: the TOML key
    section: str
    label: str
    hint: str  # short grey text after the field
    accepted: str  # the error line: the accepted form, in words
    kind: str = "text"  # text | list | count
    width: int = 10
    span: tuple[int, int] = (0, 0)  # the spin box's range, for counts

    @property
    def key(self) -> Key:
        """The (section, key) this field writes."""
        return self.section, self.name


# The durations in these texts are written as the settings file takes them ("45m", "1h30m").
_DURATION = N_("like 45m or 1h30m")
REMINDER_FIELDS = (
    TextField(
        "every", "reminders", N_("Remind me every"), _DURATION, N_("Use a duration from 1s to 24h, like 45m.")
    ),
    TextField(
        "snooze",
        "reminders",
        N_("Snooze choices"),
        N_("comma-separated"),
        N_("Use 1 to 6 durations up to 24h, separated by commas, like 5m, 15m, 30m."),
        kind="list",
        width=18,
    ),
    TextField(
        "max_snoozes",
        "reminders",
        N_("Snoozes per day"),
        N_("0 = unlimited"),
        N_("Use a whole number from 0 to 100."),
        kind="count",
        width=5,
        span=(0, 100),
    ),
    TextField(
        "repeat",
        "reminders",
        N_("Repeat an ignored reminder after"),
        _DURATION,
        N_("Use a duration from 1s to 24h."),
    ),
    TextField(
        "max_repeats",
        "reminders",
        # Translators: a setting read as one line: "Repeat it at most [2] times; 0 = never".
        N_("Repeat it at most"),
        N_("times; 0 = never"),
        N_("Use a whole number from 0 to 10."),
        kind="count",
        width=5,
        span=(0, 10),
    ),
    TextField(
        "notice",
        "reminders",
        N_("Heads-up before a reminder"),
        N_("0 = none, like 30s"),
        N_("Use 0 (none) or a duration up to 10m, like 30s."),
    ),
    TextField(
        "idle_reset",
        "reminders",
        N_("Time away that counts as a break"),
        N_("0 = off, like 5m"),
        N_("Use 0 (off) or a duration from 1s to 24h, like 5m."),
    ),
)
STRETCH_FIELDS = (
    TextField(
        "hold",
        "stretch",
        N_("Hold each side for"),
        N_("like 30s or 1m"),
        N_("Use a duration from 1s to 10m."),
    ),
    TextField(
        "prepare",
        "stretch",
        N_("Time to get into position"),
        N_("like 10s"),
        N_("Use 0 or a duration up to 2m, like 10s."),
    ),
    TextField(
        "daily_goal",
        "stretch",
        N_("Daily goal"),
        N_("breaks a day"),
        N_("Use a whole number from 1 to 50."),
        kind="count",
        width=5,
        span=(1, 50),
    ),
)
TEXT_FIELDS = REMINDER_FIELDS + STRETCH_FIELDS

WORK_HOURS: Key = ("reminders", "work_hours")
WORK_DAYS: Key = ("reminders", "work_days")
SOUND: Key = ("stretch", "sound")
# The times are written as the field takes them: 24-hour "HH:MM".
WORK_HOURS_ACCEPTED = N_("Use two different times like 09:00 and 17:30; 22:00 to 06:00 runs past midnight.")
WORK_DAYS_ACCEPTED = N_("Pick at least one day.")
DEFAULT_HOURS = ("09:00", "17:30")  # offered when the user switches from "all day"


def field_texts(settings: Settings) -> dict[str, str]:
    """Return the text each TextField shows for `settings`."""
    reminders, stretch = settings.reminders, settings.stretch
    return {
        "every": format_duration(reminders.every),
        "snooze": ", ".join(format_duration(d) for d in reminders.snooze),
        "max_snoozes": str(reminders.max_snoozes),
        "repeat": format_duration(reminders.repeat),
        "max_repeats": str(reminders.max_repeats),
        "notice": format_duration(reminders.notice),
        "idle_reset": format_duration(reminders.idle_reset),
        "hold": format_duration(stretch.hold),
        "prepare": format_duration(stretch.prepare),
        "daily_goal": str(stretch.daily_goal),
    }


def work_hours_texts(settings: Settings) -> tuple[bool, str, str]:
    """Return (all day?, from, to) as the window shows them."""
    hours = settings.reminders.work_hours
    if hours is None:
        return True, *DEFAULT_HOURS
    return False, hours[0].strftime("%H:%M"), hours[1].strftime("%H:%M")


def work_day_flags(settings: Settings) -> list[bool]:
    """Return one flag per day, Monday first."""
    return [day in settings.reminders.work_days for day in range(7)]


def text_value(field: TextField, text: str) -> object:
    """Return the TOML value for what was typed in `field`; ValueError with `field.accepted` (translated)."""
    value: object
    if field.kind == "count":
        cleaned = text.strip()
        if not cleaned.isdigit():
            raise ValueError(_(field.accepted))
        value = int(cleaned)
    elif field.kind == "list":
        value = [part.strip() for part in text.split(",") if part.strip()]
    else:
        value = text.strip()
    _check(field.key, value, field.accepted)
    return value


def work_hours_value(all_day: bool, start: str, end: str) -> str:
    """Return the TOML value for the work hours ("", "09:00-17:30", "22:00-06:00"); ValueError if bad."""
    if all_day:
        return ""
    try:
        value = f"{parse_clock(start):%H:%M}-{parse_clock(end):%H:%M}"
    except ValueError:
        raise ValueError(_(WORK_HOURS_ACCEPTED)) from None
    _check(WORK_HOURS, value, WORK_HOURS_ACCEPTED)
    return value


def work_days_value(flags: Sequence[bool]) -> list[str]:
    """Return the TOML list of the ticked days, Monday first; ValueError if none is ticked."""
    days = [name for name, ticked in zip(DAY_NAMES, flags, strict=True) if ticked]
    if not days:
        raise ValueError(_(WORK_DAYS_ACCEPTED))
    return days


def changes(initial: Mapping[Key, object], current: Mapping[Key, object]) -> dict[str, dict[str, object]]:
    """Return {section: {key: value}} for the values in `current` that differ from `initial`."""
    result: dict[str, dict[str, object]] = {}
    for (section, key), value in current.items():
        if initial.get((section, key)) != value:
            result.setdefault(section, {})[key] = value
    return result


def _check(key: Key, value: object, accepted: str) -> None:
    # The core's rules decide; the window only words them for people.
    __, errors = settings_from_mapping({key[0]: {key[1]: value}}, "settings")
    if errors:
        raise ValueError(_(accepted))

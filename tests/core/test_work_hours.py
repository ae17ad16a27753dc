"""Work hours, night shifts ("22:00-06:00") included: examples on a fake clock, then properties over
random hours, days, instants and time zones with DST changes (a midnight one among them)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hipbreak.core.reminders import Reminders
from hipbreak.core.settings import ReminderSettings, parse_work_hours, settings_from_mapping

from .clock import BERLIN
from .driver import Driver
from .shifts import on_shift

MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)
WEEKDAYS = frozenset(range(5))
NIGHTS = (time(22, 0), time(6, 0))
UTC = timezone.utc


def rules(**changes: Any) -> ReminderSettings:
    """Return the default reminder settings with `changes`."""
    return replace(ReminderSettings(), **changes)


def local(year: int, month: int, day: int, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    """Return a Berlin wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN, fold=fold)


# -- the setting ---------------------------------------------------------------------------------


def test_a_range_that_ends_before_it_starts_is_a_night_shift() -> None:
    assert parse_work_hours("22:00-06:00") == NIGHTS
    assert parse_work_hours("23:30-00:15") == (time(23, 30), time(0, 15))
    settings, errors = settings_from_mapping({"reminders": {"work_hours": "22:00-06:00"}}, "c.toml")
    assert errors == [] and settings.reminders.work_hours == NIGHTS


def test_a_range_of_no_length_is_refused_in_one_line_naming_both_forms() -> None:
    _settings, errors = settings_from_mapping({"reminders": {"work_hours": "09:00-09:00"}}, "c.toml")
    assert len(errors) == 1 and "\n" not in errors[0]
    assert errors[0].startswith("c.toml: reminders.work_hours: ")
    assert '"09:00-17:30"' in errors[0] and '"22:00-06:00"' in errors[0] and "must differ" in errors[0]


# -- a night shift on the clock -----------------------------------------------------------------------


def test_a_night_shift_gets_reminders_through_midnight_and_none_by_day() -> None:
    # Monday 2026-06-01 21:00: off until the shift starts at 22:00.
    d = Driver(rules(work_hours=NIGHTS, work_days=WEEKDAYS, max_repeats=0), local(2026, 6, 1, 21, 0))
    status = d.core.status(d.now())
    assert status.state == "off_hours" and status.resumes_at == local(2026, 6, 1, 22, 0)
    assert status.next_reminder == local(2026, 6, 1, 22, 45)
    d.run_until(local(2026, 6, 2, 21, 0))
    assert d.walls("reminded") == [
        "22:45", "23:30", "00:15", "01:00", "01:45", "02:30", "03:15", "04:00", "04:45", "05:30",
    ]  # fmt: skip
    # After 06:00 on Tuesday the shift is over; the next begins that evening.
    status = d.core.status(d.now())
    assert status.state == "off_hours" and status.resumes_at == local(2026, 6, 2, 22, 0)


def test_the_shift_belongs_to_the_day_it_starts() -> None:
    core = Reminders(rules(work_hours=NIGHTS, work_days=WEEKDAYS), BERLIN)
    friday_night, saturday_small_hours = local(2026, 6, 5, 23, 0), local(2026, 6, 6, 3, 0)
    assert core.in_work_hours(friday_night) and core.in_work_hours(saturday_small_hours)
    assert not core.in_work_hours(local(2026, 6, 6, 23, 0))  # Saturday night: no shift
    assert not core.in_work_hours(local(2026, 6, 8, 3, 0))  # Monday 03:00 ends Sunday's (no) shift
    assert core.in_work_hours(local(2026, 6, 8, 22, 0))
    assert core.next_work_start(local(2026, 6, 6, 7, 0)) == local(2026, 6, 8, 22, 0)


def test_a_night_shift_over_the_spring_change_keeps_real_intervals() -> None:
    # Berlin skips 02:00-03:00 on 2026-03-29: the shift is seven real hours long.
    d = Driver(rules(work_hours=NIGHTS, max_repeats=0), local(2026, 3, 28, 22, 0))
    d.run_until(local(2026, 3, 29, 7, 0))
    reals = d.reals("reminded")
    assert d.walls("reminded")[:6] == ["22:45", "23:30", "00:15", "01:00", "01:45", "03:30"]
    assert all(b - a == 45 * MIN for a, b in pairwise(reals))
    assert len(reals) == 9  # 7 h / 45 min, the last at 05:45 local
    assert d.walls("reminded")[-1] == "05:45"


def test_a_night_shift_over_the_autumn_change_lasts_nine_real_hours() -> None:
    d = Driver(rules(work_hours=NIGHTS, max_repeats=0), local(2026, 10, 24, 22, 0))
    d.run_until(local(2026, 10, 25, 7, 0))
    reals = d.reals("reminded")
    assert len(reals) == 11  # 9 h / 45 min, the first at 22:45 and the last at 05:15
    assert all(b - a == 45 * MIN for a, b in pairwise(reals))
    assert d.walls("reminded")[-1] == "05:15"


def test_work_that_starts_in_a_skipped_hour_starts_when_the_clock_jumps_over_it() -> None:
    core = Reminders(rules(work_hours=(time(2, 30), time(10, 0))), BERLIN)
    start = core.next_work_start(local(2026, 3, 29, 1, 0))
    assert start is not None and start.astimezone(UTC) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert core.in_work_hours(start) and not core.in_work_hours(start - timedelta(seconds=1))
    assert core.next_wake(local(2026, 3, 29, 1, 0)) == start


# -- properties ---------------------------------------------------------------------------------------

ZONES = tuple(
    ZoneInfo(name)
    for name in ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "UTC")
)
# Instants at 2026's DST changes: Berlin both ways, New York spring, Lord Howe's half hour, and
# Santiago's, which skips and repeats the hour at midnight.
ANCHORS = tuple(
    datetime(*parts, tzinfo=UTC)
    for parts in ((2026, 3, 29, 1), (2026, 10, 25, 1), (2026, 3, 8, 7), (2026, 10, 3, 15), (2026, 9, 6, 4),
                  (2026, 4, 5, 3))
)  # fmt: skip


@st.composite
def work_rules(draw: st.DrawFn) -> ReminderSettings:
    """Work hours of at least ten minutes, by day or overnight (or all day), on at least one day."""
    hours = None
    if draw(st.integers(0, 4)):
        start = draw(st.integers(0, 24 * 60 - 1))
        length = draw(st.integers(10, 24 * 60 - 10))
        end = (start + length) % (24 * 60)
        hours = (time(start // 60, start % 60), time(end // 60, end % 60))
    days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    return rules(work_hours=hours, work_days=days)


@st.composite
def instants(draw: st.DrawFn) -> tuple[tzinfo, datetime]:
    """A zone and an instant within four days of a DST change, read in that zone."""
    zone = draw(st.sampled_from(ZONES))
    anchor = draw(st.sampled_from(ANCHORS))
    offset = timedelta(seconds=draw(st.integers(-4 * 86400, 4 * 86400)))
    return zone, (anchor + offset).astimezone(zone)


@settings(max_examples=400, deadline=None)
@given(work_rules(), instants())
def test_in_work_hours_is_the_shift_on_the_wall_clock(rules_: ReminderSettings, where: Any) -> None:
    zone, moment = where
    assert Reminders(rules_, zone).in_work_hours(moment) == on_shift(rules_, moment)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(work_rules(), instants())
def test_next_work_start_is_the_first_working_moment(rules_: ReminderSettings, where: Any) -> None:
    zone, now = where
    core = Reminders(rules_, zone)
    assume(not core.in_work_hours(now))
    start = core.next_work_start(now)
    assert start is not None, "a work day comes within a week"
    assert now < start <= now + timedelta(days=8)
    assert core.in_work_hours(start) and on_shift(rules_, start.astimezone(zone))
    assert not core.in_work_hours(start - timedelta(seconds=1))
    # Nothing in between is work time (shifts last at least ten minutes, so a five-minute scan finds one).
    probe = now.astimezone(timezone.utc)  # stepped in UTC: wall-clock steps lose a fall-back fold
    while probe < start:
        assert not core.in_work_hours(probe), f"{probe} is work time before {start}"
        probe += 5 * MIN
    # The app sleeps until then at the latest, and the status says so.
    wake = core.next_wake(now)
    assert wake is not None and now <= wake <= start
    status = core.status(now)
    assert status.state == "off_hours" and status.resumes_at == start


@pytest.mark.parametrize("day", [date(2026, 9, 6), date(2026, 4, 5)])
def test_a_shift_from_midnight_on_a_midnight_dst_change(day: date) -> None:
    """Santiago's clock skips (September) or repeats (April) the hour at midnight."""
    zone = ZoneInfo("America/Santiago")
    core = Reminders(rules(work_hours=(time(0, 0), time(8, 0))), zone)
    before = datetime.combine(day - timedelta(days=1), time(21, 0), tzinfo=zone)
    start = core.next_work_start(before)
    assert start is not None and start.astimezone(zone).date() == day
    assert core.in_work_hours(start) and not core.in_work_hours(start - timedelta(seconds=1))

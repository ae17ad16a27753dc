"""daily_stats and streak on hand-built events: counts, sitting, midnight, DST, restarts, away breaks."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipbreak.core.events import Event
from hipbreak.core.stats import DayStats, daily_stats, streak

BERLIN = ZoneInfo("Europe/Berlin")
H = timedelta(hours=1)
M = timedelta(minutes=1)


def at(text: str, fold: int = 0) -> datetime:
    """A Berlin wall-clock time written "YYYY-MM-DD HH:MM"."""
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN, fold=fold)


def ev(kind: str, when: datetime, **data: Any) -> Event:
    return Event(kind, when, data)


def away(start: datetime, end: datetime, sleep: bool = False) -> Event:
    return Event("away", end, {"start": start.isoformat(), "end": end.isoformat(), "sleep": sleep})


def as_stored(events: list[Event]) -> list[Event]:
    """The events as the history gives them back: fixed UTC offsets instead of a named zone."""
    out = []
    for e in events:
        offset = e.at.utcoffset()
        assert offset is not None
        out.append(Event(e.kind, e.at.astimezone(timezone(offset)), e.data))
    return out


def one_day(events: list[Event], day: date, goal: int = 8, now: datetime | None = None) -> DayStats:
    (stats,) = daily_stats(events, day, day, goal, now=now)
    return stats


def both_ways(events: list[Event], first: date, last: date, goal: int = 8) -> list[DayStats]:
    """Stats from zone-aware events, checked to equal those from the stored (fixed-offset) form."""
    named = daily_stats(events, first, last, goal)
    assert daily_stats(as_stored(events), first, last, goal) == named
    return named


def test_an_ordinary_day_counts_each_kind_and_finds_the_longest_sit() -> None:
    events = [
        ev("app_started", at("2026-05-04 09:00")),
        ev("reminded", at("2026-05-04 09:45")),
        ev("snoozed", at("2026-05-04 09:46"), seconds=300),
        ev("noticed", at("2026-05-04 09:50")),
        ev("stretch_started", at("2026-05-04 09:51")),
        ev("stretch_completed", at("2026-05-04 10:00"), seconds=70),
        ev("reminded", at("2026-05-04 10:45")),
        ev("repeated", at("2026-05-04 10:50"), count=1),
        ev("repeated", at("2026-05-04 10:55"), count=2),
        ev("skipped", at("2026-05-04 10:56")),
        ev("stretch_started", at("2026-05-04 11:00")),
        ev("stretch_cancelled", at("2026-05-04 11:01"), progress=0.3, phase="left", reason="closed"),
        ev("paused", at("2026-05-04 11:02"), until="2026-05-04T12:00:00+02:00"),
        ev("resumed", at("2026-05-04 12:00"), auto=True),
        ev("stretch_completed", at("2026-05-04 11:30"), seconds=70),
        ev("app_stopped", at("2026-05-04 17:00")),
    ]
    (day,) = both_ways(events, date(2026, 5, 4), date(2026, 5, 4), goal=2)
    assert day == DayStats(
        day=date(2026, 5, 4),
        completed=2,
        cancelled=1,
        reminders=2,
        snoozes=1,
        skips=1,
        away_breaks=0,
        longest_sitting=timedelta(hours=5, minutes=30),  # 11:30 to the stop at 17:00
        goal_met=True,
    )


def test_empty_days_are_listed_with_zeros_in_order() -> None:
    events = [
        ev("app_started", at("2026-05-05 09:00")),
        ev("stretch_completed", at("2026-05-05 09:30")),
        ev("app_stopped", at("2026-05-05 10:00")),
    ]
    days = both_ways(events, date(2026, 5, 3), date(2026, 5, 7), goal=1)
    assert [d.day for d in days] == [date(2026, 5, 3) + timedelta(days=i) for i in range(5)]
    assert [d.completed for d in days] == [0, 0, 1, 0, 0]
    assert [d.goal_met for d in days] == [False, False, True, False, False]
    assert days[0] == DayStats(date(2026, 5, 3))
    assert days[2].longest_sitting == 30 * M


def test_a_span_over_midnight_counts_toward_each_day_separately() -> None:
    events = [
        ev("app_started", at("2026-05-04 22:00")),
        ev("stretch_completed", at("2026-05-05 01:30")),
        ev("app_stopped", at("2026-05-05 02:00")),
    ]
    monday, tuesday = both_ways(events, date(2026, 5, 4), date(2026, 5, 5))
    assert monday.longest_sitting == 2 * H
    assert tuesday.longest_sitting == 90 * M
    assert (monday.completed, tuesday.completed) == (0, 1)


def test_the_short_spring_night_is_measured_in_real_time() -> None:
    # 2026-03-29 in Berlin: 02:00 CET becomes 03:00 CEST.
    events = [
        ev("app_started", at("2026-03-28 23:00")),
        ev("stretch_completed", at("2026-03-29 03:30")),  # 00:00 CET .. 03:30 CEST = 2.5 h
        ev("stretch_completed", at("2026-03-29 05:00")),
        ev("app_stopped", at("2026-03-29 05:10")),
    ]
    saturday, sunday = both_ways(events, date(2026, 3, 28), date(2026, 3, 29))
    assert saturday.longest_sitting == H
    assert sunday.longest_sitting == timedelta(hours=2, minutes=30)


def test_the_long_autumn_night_is_measured_in_real_time() -> None:
    # 2026-10-25 in Berlin: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
    events = [
        ev("app_started", at("2026-10-25 01:30")),
        ev("stretch_completed", at("2026-10-25 02:30", fold=1)),  # the second 02:30: 2 h after 01:30
        ev("app_stopped", at("2026-10-25 02:45", fold=1)),
    ]
    (sunday,) = both_ways(events, date(2026, 10, 25), date(2026, 10, 25))
    assert sunday.longest_sitting == 2 * H


@pytest.mark.parametrize(
    ("day", "hours"), [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25), (date(2026, 5, 4), 24)]
)
def test_a_whole_day_without_a_break_lasts_as_long_as_the_day(day: date, hours: int) -> None:
    start = datetime.combine(day - timedelta(days=1), datetime.min.time(), tzinfo=BERLIN).replace(hour=20)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=BERLIN).replace(hour=1)
    events = [ev("app_started", start), ev("app_stopped", end)]
    # No event falls inside `day`, and the zone's own midnights are used; the stored form knows
    # only the start's offset, so this case is checked on zone-aware events alone.
    _, middle, _ = daily_stats(events, day - timedelta(days=1), day + timedelta(days=1), 8)
    assert middle.longest_sitting == timedelta(hours=hours)


def test_a_restart_after_a_crash_ends_the_old_run_at_its_last_event() -> None:
    events = [
        ev("app_started", at("2026-05-04 08:00")),
        ev("reminded", at("2026-05-04 09:30")),
        # crash: no app_stopped; the run is known only up to 09:30
        ev("app_started", at("2026-05-04 12:00")),
        ev("stretch_completed", at("2026-05-04 13:00")),
        ev("app_stopped", at("2026-05-04 13:20")),
    ]
    (day,) = both_ways(events, date(2026, 5, 4), date(2026, 5, 4))
    assert day.longest_sitting == 90 * M


def test_time_between_a_stop_and_the_next_start_is_not_sitting() -> None:
    events = [
        ev("app_started", at("2026-05-04 08:00")),
        ev("app_stopped", at("2026-05-04 09:00")),
        ev("app_started", at("2026-05-04 14:00")),
        ev("stretch_completed", at("2026-05-04 14:40")),
        ev("app_stopped", at("2026-05-04 15:00")),
    ]
    (day,) = both_ways(events, date(2026, 5, 4), date(2026, 5, 4))
    assert day.longest_sitting == H


def test_an_away_break_ends_the_span_where_the_absence_began() -> None:
    events = [
        ev("app_started", at("2026-05-04 09:00")),
        away(at("2026-05-04 10:30"), at("2026-05-04 11:00")),
        ev("app_stopped", at("2026-05-04 12:45")),
    ]
    (day,) = both_ways(events, date(2026, 5, 4), date(2026, 5, 4))
    assert day.longest_sitting == 105 * M  # 11:00 back at the desk until 12:45
    assert day.away_breaks == 1
    assert day.completed == 0


def test_an_overnight_absence_counts_on_the_morning_it_ended() -> None:
    events = [
        ev("app_started", at("2026-05-04 08:00")),
        ev("stretch_completed", at("2026-05-04 17:00")),
        away(at("2026-05-04 18:30"), at("2026-05-05 08:00"), sleep=True),
        ev("stretch_completed", at("2026-05-05 09:10")),
        ev("app_stopped", at("2026-05-05 09:20")),
    ]
    monday, tuesday = both_ways(events, date(2026, 5, 4), date(2026, 5, 5))
    assert monday.longest_sitting == 9 * H
    assert (monday.away_breaks, tuesday.away_breaks) == (0, 1)
    assert tuesday.longest_sitting == 70 * M


def test_an_away_break_with_unreadable_data_ends_the_span_when_it_was_recorded() -> None:
    events = [
        ev("app_started", at("2026-05-04 09:00")),
        Event("away", at("2026-05-04 10:00"), {"start": "yesterday-ish"}),
        ev("app_stopped", at("2026-05-04 10:20")),
    ]
    assert one_day(events, date(2026, 5, 4)).longest_sitting == H


def test_events_before_the_first_day_tell_that_the_app_was_already_running() -> None:
    events = [
        ev("app_started", at("2026-05-03 20:00")),
        ev("stretch_completed", at("2026-05-03 21:00")),
        ev("stretch_completed", at("2026-05-04 02:00")),
        ev("app_stopped", at("2026-05-04 02:30")),
    ]
    day = one_day(events, date(2026, 5, 4))
    assert day.longest_sitting == 2 * H  # from midnight, not from the first event of the day
    assert day.completed == 1


def test_events_after_the_last_day_tell_that_the_app_ran_past_midnight() -> None:
    events = [
        ev("app_started", at("2026-05-04 22:00")),
        ev("stretch_completed", at("2026-05-05 01:00")),
        ev("stretch_completed", at("2026-05-05 02:00")),
    ]
    day = one_day(events, date(2026, 5, 4))
    assert day.longest_sitting == 2 * H  # until midnight, not only until the last event of the day
    assert day.completed == 0


def test_a_run_whose_start_is_missing_begins_at_its_first_event() -> None:
    events = [ev("reminded", at("2026-05-04 10:00")), ev("stretch_completed", at("2026-05-04 10:40"))]
    assert one_day(events, date(2026, 5, 4)).longest_sitting == 40 * M


def test_a_run_still_open_lasts_until_its_last_event_or_until_now() -> None:
    events = [ev("app_started", at("2026-05-04 09:00")), ev("reminded", at("2026-05-04 10:00"))]
    day = date(2026, 5, 4)
    assert one_day(events, day).longest_sitting == H
    assert one_day(events, day, now=at("2026-05-04 11:30")).longest_sitting == 150 * M
    assert one_day(events, day, now=at("2026-05-04 09:30")).longest_sitting == H  # now before the last event


def test_the_order_of_the_given_events_does_not_matter() -> None:
    events = [
        ev("app_started", at("2026-05-04 09:00")),
        ev("stretch_completed", at("2026-05-04 09:50")),
        ev("app_stopped", at("2026-05-04 10:00")),
    ]
    assert daily_stats(reversed(events), date(2026, 5, 4), date(2026, 5, 4), 1) == daily_stats(
        events, date(2026, 5, 4), date(2026, 5, 4), 1
    )


def test_a_range_that_ends_before_it_begins_is_refused() -> None:
    with pytest.raises(ValueError, match="comes before"):
        daily_stats([], date(2026, 5, 4), date(2026, 5, 3), 8)


def _days(met: str, last: date) -> list[DayStats]:
    """DayStats for consecutive days ending at `last`, met where `met` has a 1."""
    first = last - timedelta(days=len(met) - 1)
    return [DayStats(first + timedelta(days=i), goal_met=c == "1") for i, c in enumerate(met)]


TODAY = date(2026, 5, 10)


@pytest.mark.parametrize(
    ("met", "expected"),
    [
        ("", 0),
        ("0000", 0),
        ("0111", 3),  # ends today
        ("1110", 3),  # today is not met yet: ends yesterday
        ("1100", 0),  # yesterday missed: the streak is broken
        ("1011", 2),
        ("1111111", 7),
        ("0001", 1),
    ],
)
def test_streak_counts_days_in_a_row_up_to_today_or_yesterday(met: str, expected: int) -> None:
    assert streak(_days(met, TODAY), TODAY) == expected


def test_streak_stops_at_a_day_missing_from_the_list() -> None:
    days = [d for d in _days("11111", TODAY) if d.day != TODAY - timedelta(days=2)]
    assert streak(days, TODAY) == 2


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["app_started", "app_stopped", "reminded", "stretch_completed", "away", "skipped"]
            ),
            st.integers(min_value=0, max_value=4 * 24 * 60),
            st.integers(min_value=0, max_value=600),
        ),
        max_size=40,
    )
)
def test_any_history_gives_sane_numbers(raw: list[tuple[str, int, int]]) -> None:
    base = at("2026-03-27 00:00")  # four days around the spring DST change
    events = []
    for kind, minute, absent in raw:
        when = (base.astimezone(timezone.utc) + minute * M).astimezone(BERLIN)
        data = {"start": (when - absent * M).isoformat(), "end": when.isoformat()} if kind == "away" else {}
        events.append(Event(kind, when, data))
    first, last = date(2026, 3, 27), date(2026, 3, 30)
    days = daily_stats(events, first, last, 1)
    assert len(days) == 4
    for day in days:
        assert (
            timedelta(0) <= day.longest_sitting <= timedelta(hours=24 if day.day != date(2026, 3, 29) else 23)
        )
        assert day.completed == sum(
            1 for e in events if e.kind == "stretch_completed" and e.at.date() == day.day
        )
        assert day.goal_met == (day.completed >= 1)


def test_the_statistics_import_nothing_from_gui_os_or_io_libraries() -> None:
    code = (
        "import sys, hipbreak.core.stats; "
        "bad = {'tkinter', 'pystray', 'plyer', 'apscheduler', 'PIL', 'sqlite3'} & set(sys.modules); "
        "print(sorted(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

"""Statistics of a generated three-year history in a real SQLite file, read through History."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hipbreak.cli.stats_report import load_stats
from hipbreak.core.stats import DayStats, daily_stats

H = timedelta(hours=1)
M = timedelta(minutes=1)
COUNTED = {
    "completed": "stretch_completed",
    "cancelled": "stretch_cancelled",
    "reminders": "reminded",
    "snoozes": "snoozed",
    "skips": "skipped",
    "away_breaks": "away",
}


def one_day(generated, day: date, now: datetime | None = None) -> DayStats:
    (stats,), _ = load_stats(generated.history, day, 1, generated.goal, now=now)
    return stats


def test_the_history_spans_three_years(generated) -> None:
    events = list(generated.history.events(generated.first.isoformat(), generated.today.isoformat()))
    assert 20_000 < len(events) < 40_000
    assert events[0].at.date() == generated.first  # a Thursday, so a working day
    assert events[-1].at.date() == generated.today


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Spring DST: the app ran from Saturday 22:00 CET to 03:30 CEST; Sunday's part is 2.5 h.
        (date(2026, 3, 28), {"completed": 1, "longest_sitting": 2 * H}),
        (date(2026, 3, 29), {"completed": 2, "reminders": 2, "snoozes": 1, "longest_sitting": 150 * M}),
        # Autumn DST: 00:30 CEST to the second 02:30 (CET) is 3 h; an away break from 03:10 to 04:40.
        (
            date(2026, 10, 25),
            {"completed": 1, "cancelled": 1, "skips": 1, "away_breaks": 1, "longest_sitting": 3 * H},
        ),
        # A crash at 09:42 and a restart at 11:00; repeats are not reminders.
        (date(2025, 6, 11), {"completed": 2, "reminders": 3, "skips": 1, "longest_sitting": 90 * M}),
        # Today, with the app still running: 09:00, 09:50, 10:40 and 11:30 breaks, last event 12:15.
        (date(2026, 11, 15), {"completed": 3, "cancelled": 1, "reminders": 1, "longest_sitting": 50 * M}),
        (date(2026, 11, 14), {"completed": 6, "reminders": 6, "goal_met": True, "longest_sitting": 148 * M}),
        (date(2026, 11, 2), {}),  # a day off
    ],
)
def test_hand_checked_days(generated, day: date, expected: dict[str, object]) -> None:
    assert one_day(generated, day) == DayStats(day, **expected)


def test_today_while_the_app_runs_counts_the_sit_up_to_now(generated) -> None:
    now = datetime(2026, 11, 15, 13, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert one_day(generated, generated.today, now=now).longest_sitting == 90 * M  # 11:30 until 13:00


def test_every_day_agrees_with_indexed_counts_and_the_generated_spans(generated) -> None:
    history = generated.history
    events = history.events(generated.first.isoformat(), generated.today.isoformat())
    days = daily_stats(events, generated.first, generated.today, generated.goal)
    assert len(days) == (generated.today - generated.first).days + 1
    for day in days:
        for name, kind in COUNTED.items():
            assert getattr(day, name) == history.count(kind, day.day.isoformat()), (day.day, name)
        assert day.goal_met == (day.completed >= generated.goal)
        if day.day not in generated.scripted:
            assert day.longest_sitting == generated.longest.get(day.day, timedelta(0)), day.day


def test_a_short_range_gives_the_same_days_as_the_whole_history(generated) -> None:
    history = generated.history
    events = history.events(generated.first.isoformat(), generated.today.isoformat())
    whole = {d.day: d for d in daily_stats(events, generated.first, generated.today, generated.goal)}
    rng = random.Random(11)
    ends = [generated.first + timedelta(days=rng.randrange(40, 1090)) for _ in range(40)]
    for end in [*ends, date(2026, 3, 29), date(2026, 3, 30), date(2026, 10, 26)]:
        for length in (1, 7, 30):
            days, _ = load_stats(history, end, length, generated.goal)
            assert days == [whole[end - timedelta(days=length - 1 - i)] for i in range(length)], (end, length)


@pytest.mark.parametrize(
    ("today", "length", "expected"),
    [
        (date(2026, 11, 15), 7, 12),  # today not met yet: the 12 days up to yesterday, beyond the 7 shown
        (date(2026, 11, 15), 30, 12),
        (date(2026, 11, 15), 1, 12),
        (date(2026, 11, 14), 7, 12),  # that day met: the streak ends on it
        (date(2026, 11, 8), 3, 6),
        (date(2026, 11, 3), 7, 1),
        (date(2026, 11, 2), 7, 0),
    ],
)
def test_the_streak_reaches_past_the_days_shown(generated, today: date, length: int, expected: int) -> None:
    _, run = load_stats(generated.history, today, length, generated.goal)
    assert run == expected

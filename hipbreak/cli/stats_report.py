"""The statistics of the last days read from the history, written as a table, JSON or CSV."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, TextIO

from hipbreak.adapters.history import EventLog
from hipbreak.core.durations import describe
from hipbreak.core.stats import DayStats, daily_stats, streak
from hipbreak.language import NC_, _, ngettext, pgettext, short_date, weekday

FORMATS = ("text", "json", "csv")
CSV_FIELDS = (
    "day",
    "completed",
    "cancelled",
    "reminders",
    "snoozes",
    "skips",
    "away_breaks",
    "longest_sitting_seconds",
    "goal_met",
    "held",
    "call_seconds",
)
_ONE_DAY = timedelta(days=1)


def load_stats(
    history: EventLog,
    today: date,
    days: int,
    daily_goal: int,
    *,
    now: datetime | None = None,
    zone: tzinfo | None = None,
) -> tuple[list[DayStats], int]:
    """Return the stats of the `days` days ending `today` (oldest first) and the streak as of today.

    Days are days in `zone` (default: the zone of `now`, if given), the user's current zone, as for
    "Breaks today"; without either, each event's day is the one it was recorded on. Reads only those
    days plus two before and two after (whether the app was running at the first and the last midnight,
    and events recorded in another zone), and older days one indexed count at a time while the streak
    reaches back further.
    `now` is passed on to daily_stats: give it only when the app is known to be running.
    """
    if days < 1:
        raise ValueError(f"expected at least 1 day, got {days}")  # not user text: the CLI checks --days
    if zone is None and now is not None:
        zone = now.tzinfo
    first = today - (days - 1) * _ONE_DAY
    events = history.events((first - 2 * _ONE_DAY).isoformat(), (today + 2 * _ONE_DAY).isoformat())
    stats = daily_stats(events, first, today, daily_goal, now=now, zone=zone)
    return stats, _whole_streak(history, stats, today, daily_goal, zone)


def _whole_streak(
    history: EventLog, stats: list[DayStats], today: date, daily_goal: int, zone: tzinfo | None
) -> int:
    run = streak(stats, today)
    last = today if stats[-1].goal_met else today - _ONE_DAY
    cursor = last - run * _ONE_DAY  # the day before the streak began

    def completed(day: date) -> int:
        if zone is None:
            return history.count("stretch_completed", day.isoformat())
        return history.count_local_day("stretch_completed", day, zone)

    # Only a streak that reaches past the loaded days needs older history; most stop within it.
    while cursor < stats[0].day and completed(cursor) >= daily_goal:
        run += 1
        cursor -= _ONE_DAY
    return run


def report(
    history: EventLog,
    today: date,
    days: int,
    daily_goal: int,
    fmt: str,
    out: TextIO,
    *,
    zone: tzinfo | None = None,
) -> None:
    """Write the stats of the `days` days ending `today` to `out` as "text", "json" or "csv".

    text: a table, newest day first, then totals and the streak. json: {"days": [...], "streak": n,
    "daily_goal": g}, days oldest first with ISO dates and durations in seconds. csv: a header row
    (CSV_FIELDS) and one row per day, oldest first. Raises ValueError for another format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")  # not user text
    stats, run = load_stats(history, today, days, daily_goal, zone=zone)
    if fmt == "json":
        document = {"days": [day_record(d) for d in stats], "streak": run, "daily_goal": daily_goal}
        json.dump(document, out, indent=2)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_FIELDS)
        for d in stats:
            record = day_record(d)
            record["goal_met"] = "true" if d.goal_met else "false"  # as in JSON, not Python's True
            writer.writerow(record[name] for name in CSV_FIELDS)
    else:
        _write_table(stats, run, daily_goal, out)


def day_record(day: DayStats) -> dict[str, Any]:
    """Return `day` as plain JSON-ready values, keyed by CSV_FIELDS."""
    return {
        "day": day.day.isoformat(),
        "completed": day.completed,
        "cancelled": day.cancelled,
        "reminders": day.reminders,
        "snoozes": day.snoozes,
        "skips": day.skips,
        "away_breaks": day.away_breaks,
        "longest_sitting_seconds": round(day.longest_sitting.total_seconds()),
        "goal_met": day.goal_met,
        "held": day.held,
        "call_seconds": round(day.in_calls.total_seconds()),
    }


def streak_text(run: int, daily_goal: int) -> str:
    """Return the streak for people: "Streak: 3 days in a row with 8 stretches or more"."""
    if run == 0:
        return ngettext(
            "Streak: none yet; a day with {goal} stretch starts one",
            "Streak: none yet; a day with {goal} stretches starts one",
            daily_goal,
        ).format(goal=daily_goal)
    # Translators: {count} days in a row, each with at least {goal} completed stretches (the daily goal).
    text = ngettext(
        "Streak: {count} day with {goal} stretches or more",
        "Streak: {count} days in a row with {goal} stretches or more",
        run,
    )
    return text.format(count=run, goal=daily_goal)


# The table's column headings: short, as the columns are as wide as their widest cell.
_HEADERS = (
    NC_("stats column", "Day"),
    NC_("stats column", "Stretches"),
    NC_("stats column", "Cancelled"),
    NC_("stats column", "Reminders"),
    NC_("stats column", "Snoozes"),
    NC_("stats column", "Skips"),
    NC_("stats column", "Away"),
    NC_("stats column", "Longest sit"),
    NC_("stats column", "Goal"),
    NC_("stats column", "Held"),
    NC_("stats column", "In calls"),
)


def _day_cell(day: date, within_a_year: bool) -> str:
    """Return the table's name for `day`: its weekday and date, the year left out when all share one."""
    shown = short_date(day) if within_a_year else day.isoformat()
    # Translators: a row of the statistics table: the short weekday name and the date ("Mon Dec 1").
    return _("{weekday} {date}").format(weekday=weekday(day), date=shown)


def _write_table(stats: list[DayStats], run: int, daily_goal: int, out: TextIO) -> None:
    first, last = stats[0].day, stats[-1].day
    within_a_year = first.year == last.year
    headers = tuple(pgettext(*heading) for heading in _HEADERS)
    rows = [
        (
            _day_cell(d.day, within_a_year),
            *(str(n) for n in (d.completed, d.cancelled, d.reminders, d.snoozes, d.skips, d.away_breaks)),
            describe(d.longest_sitting) if d.longest_sitting else "-",
            # Translators: in the "Goal" column, the day's daily goal was reached.
            pgettext("daily goal", "met") if d.goal_met else "-",
            str(d.held),
            describe(d.in_calls) if d.in_calls else "-",
        )
        for d in reversed(stats)
    ]
    met = sum(d.goal_met for d in stats)
    longest = max(d.longest_sitting for d in stats)
    in_calls = sum((d.in_calls for d in stats), timedelta(0))
    totals = (
        pgettext("stats row", "Total"),
        *(
            str(sum(getattr(d, name) for d in stats))
            for name in ("completed", "cancelled", "reminders", "snoozes", "skips", "away_breaks")
        ),
        describe(longest) if longest else "-",  # the longest of all days: a sum of maxima means nothing
        # Translators: in the "Goal" column of the totals: on {met} of the {days} days the goal was met.
        _("{met} of {days}").format(met=met, days=len(stats)),
        str(sum(d.held for d in stats)),
        describe(in_calls) if in_calls else "-",
    )
    widths = [max(len(row[i]) for row in (headers, totals, *rows)) for i in range(len(headers))]

    def line(cells: tuple[str, ...]) -> str:
        # The day name is left-aligned, the rest right-aligned so that digits line up.
        parts = [cells[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    # The heading keeps ISO dates: they carry the year, which the rows leave out.
    heading = ngettext(
        "Breaks from {first} to {last} (goal: {goal} stretch a day)",
        "Breaks from {first} to {last} (goal: {goal} stretches a day)",
        daily_goal,
    )
    out.write(heading.format(first=first.isoformat(), last=last.isoformat(), goal=daily_goal) + "\n\n")
    out.write(line(headers) + "\n")
    for row in rows:
        out.write(line(row) + "\n")
    out.write(line(tuple("-" * w for w in widths)) + "\n")
    out.write(line(totals) + "\n\n")
    out.write(streak_text(run, daily_goal) + "\n")

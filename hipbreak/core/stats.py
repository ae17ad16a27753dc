"""Per-day statistics of breaks, and the streak of days that met the goal, from the recorded events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from hipbreak.core.events import Event
from hipbreak.language import _

_ONE_DAY = timedelta(days=1)

# Which counter of DayStats each event kind adds one to.
_COUNTED = {
    "stretch_completed": "completed",
    "stretch_cancelled": "cancelled",
    "reminded": "reminders",
    "snoozed": "snoozes",
    "skipped": "skips",
    "away": "away_breaks",
    "held": "held",
}


@dataclass(frozen=True)
class DayStats:
    """What happened on one local calendar day; the goal counts completed stretches only."""

    day: date
    completed: int = 0
    cancelled: int = 0
    reminders: int = 0  # first reminders only; repeats of an ignored one are not counted
    snoozes: int = 0
    skips: int = 0
    away_breaks: int = 0
    longest_sitting: timedelta = timedelta(0)
    goal_met: bool = False
    held: int = 0  # reminders held back by a call, full screen or DND (each came later, or a break came)
    in_calls: timedelta = timedelta(0)  # time a call held reminders, counted on the day the call ended


def daily_stats(
    events: Iterable[Event],
    first: date,
    last: date,
    daily_goal: int,
    *,
    now: datetime | None = None,
    zone: tzinfo | None = None,
) -> list[DayStats]:
    """Return one DayStats per day first..last (oldest first, empty days included) from `events`.

    Counts go to the local day of each event (an away break to the day it ended): the day in `zone`, the
    user's current zone, so that after a change of zone a day counts what happened between two of its
    midnights here; without `zone`, the day in the zone the event was recorded in. Events outside
    first..last only tell whether the app was running across the range's first and last midnight.

    Longest sitting is the longest stretch of time in the day while the app ran without a break:
    - the app runs from "app_started" to "app_stopped"; an event of any other kind while it was not
      known to run means it ran from that event on (its start lies before the events given);
    - a completed stretch ends a sitting span and starts the next one at the same moment; an away
      break ends the span where the absence began and the next one starts when the user came back;
    - a run that ended without "app_stopped" (a crash, seen as a new "app_started") ends at its last
      event, as does the run still open after the last event, unless `now` is given: then the app
      is taken to be running until `now`;
    - a span over midnight is cut at local midnight (in the zone of its start) and each part counts
      toward its own day; time between a stop and the next start is not sitting.
    Events need not be sorted; only their instants matter, so DST changes and mixed offsets are safe.
    """
    if last < first:
        raise ValueError(
            _("the last day {last} comes before the first day {first}").format(last=last, first=first)
        )
    counts: Counter[tuple[date, str]] = Counter()
    longest: dict[date, timedelta] = {}
    tracker = _SittingTracker(longest)
    calls: Counter[date] = Counter()
    for event in sorted(events, key=lambda e: e.at.timestamp()):
        tracker.feed(event)
        field = _COUNTED.get(event.kind)
        if field is not None:
            at = event.at if zone is None else event.at.astimezone(zone)
            counts[at.date(), field] += 1
        if event.kind == "hold_ended" and event.data.get("reason") == "call":
            ended = event.at if zone is None else event.at.astimezone(zone)
            calls[ended.date()] += _seconds(event.data.get("seconds"))
    tracker.finish(now)

    result = []
    day = first
    while day <= last:
        result.append(
            DayStats(
                day=day,
                completed=counts[day, "completed"],
                cancelled=counts[day, "cancelled"],
                reminders=counts[day, "reminders"],
                snoozes=counts[day, "snoozes"],
                skips=counts[day, "skips"],
                away_breaks=counts[day, "away_breaks"],
                longest_sitting=longest.get(day, timedelta(0)),
                goal_met=counts[day, "completed"] >= daily_goal,
                held=counts[day, "held"],
                in_calls=timedelta(seconds=calls[day]),
            )
        )
        day += _ONE_DAY
    return result


def streak(days: Sequence[DayStats], today: date) -> int:
    """Return how many days in a row met the goal, up to today (or to yesterday while today is not met)."""
    met = {d.day for d in days if d.goal_met}
    cursor = today if today in met else today - _ONE_DAY
    run = 0
    while cursor in met:
        run += 1
        cursor -= _ONE_DAY
    return run


class _SittingTracker:
    """Follows the app's runs and breaks event by event, adding each sitting span to `longest`."""

    def __init__(self, longest: dict[date, timedelta]) -> None:
        self._longest = longest
        self._start: datetime | None = None  # where the current sitting span began; None = app not running
        self._last_seen: datetime | None = None  # the newest event of the current run

    def feed(self, event: Event) -> None:
        at = event.at
        if event.kind == "app_started":
            if self._last_seen is not None:
                self._close(self._last_seen)  # the previous run ended without a stop record
            self._start = at
        elif event.kind == "app_stopped":
            if self._start is not None:
                self._close(at)
            self._start = None
            self._last_seen = None
            return
        else:
            if self._start is None:
                self._start = at
            if event.kind == "stretch_completed":
                self._close(at)
                self._start = at
            elif event.kind == "away":
                # The absence began at data["start"]; a span that began later has nothing to count.
                began = _parse_instant(event.data.get("start"), at)
                self._close(began if _utc(began) <= _utc(at) else at)
                self._start = at
        self._last_seen = at

    def finish(self, now: datetime | None) -> None:
        if self._start is None or self._last_seen is None:
            return
        end = self._last_seen
        if now is not None and _utc(now) > _utc(end):
            end = now
        self._close(end)
        self._start = None

    def _close(self, end: datetime) -> None:
        start = self._start
        self._start = None
        if start is None or _utc(end) <= _utc(start):
            return
        zone = start.tzinfo
        assert zone is not None  # events are aware
        cursor = _utc(start)
        stop = _utc(end)
        while cursor < stop:
            local_day = cursor.astimezone(zone).date()
            piece_end = min(stop, _midnight(local_day + _ONE_DAY, zone))
            length = piece_end - cursor
            if length > self._longest.get(local_day, timedelta(0)):
                self._longest[local_day] = length
            cursor = piece_end


def _seconds(raw: object) -> int:
    # A malformed length in the stored data counts as none rather than breaking the statistics.
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 0 <= raw < 7 * 86400:
        return round(raw)
    return 0


def _utc(moment: datetime) -> datetime:
    # Aware datetimes sharing one tzinfo subtract and compare by wall time (wrong across DST), so
    # all arithmetic is done in UTC.
    return moment.astimezone(timezone.utc)


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(timezone.utc)


def _parse_instant(raw: object, fallback: datetime) -> datetime:
    # A missing or malformed time in the stored data must not break the statistics.
    if isinstance(raw, str):
        try:
            parsed = datetime.fromisoformat(raw)
        except ValueError:
            return fallback
        if parsed.tzinfo is not None:
            return parsed
    return fallback

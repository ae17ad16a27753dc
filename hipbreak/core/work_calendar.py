"""Local time for the reminder rules: the user's zone, exact sums across DST changes, work hours and days,
and when "tomorrow" begins. Handed `now` like the rest of the core; it never reads a clock."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo

from hipbreak.core.settings import ReminderSettings


class WorkCalendar:
    """The calendar side of the reminder rules; `settings` may be replaced at any time (same thread)."""

    def __init__(self, settings: ReminderSettings, zone: tzinfo) -> None:
        self.settings = settings
        self.zone = zone

    def _local(self, now: datetime) -> datetime:
        return now.astimezone(self.zone)

    def _pin(self, moment: datetime) -> datetime:
        """Return `moment` as local time with its UTC offset fixed, so that sums and comparisons are exact."""
        # Python adds, subtracts and compares two datetimes that share a ZoneInfo on the wall clock, so
        # over a DST change "now + 45 min" or "now - shown_at" were an hour off. A fixed offset is exact
        # and still prints the local time (the app shows `state.due_at` as it is).
        local = moment.astimezone(self.zone)
        return local.replace(tzinfo=timezone(local.utcoffset() or timedelta(0)))

    def _at(self, day: date, clock: time) -> datetime:
        # Only compared with pinned times or pinned before leaving the class: a ZoneInfo time in the
        # spring-forward gap (02:30) compares as if it existed when the other side shares its zone.
        return datetime.combine(day, clock, tzinfo=self.zone)

    def in_work_hours(self, now: datetime) -> bool:
        """Return whether reminders may come at `now` under the work hours and days."""
        local = self._local(now)
        days, hours = self.settings.work_days, self.settings.work_hours
        if hours is None:
            return local.weekday() in days
        start, end = hours
        clock = local.time()
        if start < end:
            return local.weekday() in days and start <= clock < end
        # A night shift ("22:00-06:00"): the hours after midnight belong to the shift begun the day before.
        if clock >= start:
            return local.weekday() in days
        return clock < end and (local.weekday() - 1) % 7 in days

    def next_work_start(self, now: datetime) -> datetime | None:
        """Return when work hours next begin after `now`, or None when they never do."""
        now = self._pin(now)
        local = self._local(now)
        start = self.settings.work_hours[0] if self.settings.work_hours else time(0, 0)
        # Eight days ahead: a week's one work day may be skipped by a DST change, then the next one counts.
        for offset in range(0, 9):
            day = local.date() + timedelta(days=offset)
            if day.weekday() not in self.settings.work_days:
                continue
            candidate = self._first_at(day, start)
            # A shift that lies wholly in the hour a spring-forward night skips does not happen that day.
            if candidate > now and self.in_work_hours(candidate):
                return candidate
            # On a fall-back night the wall clock passes `start` twice: the second time begins work again.
            again = self._pin(self._at(day, start).replace(fold=1))
            if again > now and self.in_work_hours(again):
                return again
        return None

    def _first_at(self, day: date, clock: time) -> datetime:
        """Return (pinned) the first moment of `day` whose local time is `clock` or later.

        That is `clock` itself, or, when a DST change skips it (02:30 on a spring-forward night), the
        moment of the change: the local time jumps past `clock` there, and in_work_hours agrees.
        """
        wall = datetime.combine(day, clock)
        # fold=0 reads a skipped time with the offset before the change, so as a moment after it.
        later = self._at(day, clock).astimezone(timezone.utc)
        if self._local(later).replace(tzinfo=None) == wall:
            return self._pin(later)
        reached = int(later.timestamp())
        before = int(self._at(day, clock).replace(fold=1).timestamp())  # the same time read as before it
        while reached - before > 1:
            middle = (reached + before) // 2
            if self._local(datetime.fromtimestamp(middle, timezone.utc)).replace(tzinfo=None) >= wall:
                reached = middle
            else:
                before = middle
        return self._pin(datetime.fromtimestamp(reached, timezone.utc))

    def next_day_start(self, now: datetime) -> datetime:
        """Return the next `day_starts` time after `now` (what "until tomorrow" means)."""
        now = self._pin(now)
        local = self._local(now)
        candidate = self._at(local.date(), self.settings.day_starts)
        if candidate <= now:
            candidate = self._at(local.date() + timedelta(days=1), self.settings.day_starts)
        return self._pin(candidate)

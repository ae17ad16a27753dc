"""The reminder rules as a state machine: handed `now` and answering with events.

The caller wakes it at `next_wake()`, on every user command, and when the idle watch reports the user
idle or back (`user_idle`, `user_active`); it never reads a clock itself.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from hipbreak.core.events import Event
from hipbreak.core.holds import Holds
from hipbreak.core.reminder_state import Refused, ReminderState, Status, with_counts
from hipbreak.core.settings import ReminderSettings
from hipbreak.core.work_calendar import WorkCalendar
from hipbreak.language import _

__all__ = ["Refused", "ReminderState", "Reminders", "Status", "with_counts"]

# Input seen within this much of the start of an away spell still counts as the same spell.
_IDLE_SLACK = timedelta(seconds=2)
# The state's moments; each is kept as local time with a fixed UTC offset (see WorkCalendar._pin).
_MOMENTS = (
    "due_at",
    "paused_until",
    "away_since",
    "shown_at",
    "notice_for",
    "stretching_since",
    "idle_floor",
    "idle_since",
)


class Reminders(WorkCalendar):
    """The reminder rules; one instance, used only from the thread that owns the app's state."""

    def __init__(self, settings: ReminderSettings, zone: tzinfo, state: ReminderState | None = None) -> None:
        super().__init__(settings, zone)
        self.state = state or ReminderState()
        # Hook: the app sets this to hold reminders through calls, full screen and DND (core/holds.py).
        self.holds: Holds | None = None
        # Hook: False while hipbreak follows GNOME's movement breaks (core/gnome_breaks.py): no reminder
        # of its own; a passing deadline only restarts the interval, so the alarm never spins.
        self.own_reminders = True
        for name in _MOMENTS:
            value = getattr(self.state, name)
            if isinstance(value, datetime) and value.tzinfo is not None:
                setattr(self.state, name, self._pin(value))

    def _roll_day(self, now: datetime) -> None:
        today = self._local(now).date().isoformat()
        if self.state.day != today:
            self.state.day = today
            self.state.snoozes_today = 0
            self.state.completed_today = 0

    def _event(self, kind: str, now: datetime, **data: Any) -> Event:
        return Event(kind, self._local(now), data)

    def _restart_interval(self, start: datetime) -> None:
        self.state.due_at = self._pin(start + self.settings.every)
        self.state.planned_every = round(self.settings.every.total_seconds())
        self.state.shown_at = None
        self.state.repeats_sent = 0
        self.state.notice_for = None
        if self.holds is not None:  # hook: a reminder held for the old deadline is gone (core/holds.py)
            self.holds.replanned(self.state.due_at)

    # -- reading ----------------------------------------------------------------------------------

    def status(self, now: datetime) -> Status:
        """Return what the user should see at `now`."""
        now = self._pin(now)
        self._roll_day(now)
        s = self.state
        left = None
        if self.settings.max_snoozes:
            left = max(0, self.settings.max_snoozes - s.snoozes_today)
        status = Status("running", s.due_at, breaks_today=s.completed_today, snoozes_left=left)
        hold = self.holds.current() if self.holds is not None else None  # hook: core/holds.py
        if hold is not None:
            status = replace(status, hold_reason=hold.reason.value, hold_since=hold.since)
        if s.stretching_since is not None:
            return replace(status, state="stretching")
        if s.paused_until is not None:
            return replace(status, state="paused", next_reminder=None, paused_until=s.paused_until)
        if s.away_since is not None:
            return replace(status, state="away", next_reminder=None)
        if not self.in_work_hours(now):
            start = self.next_work_start(now)
            due = self._pin(start + self.settings.every) if start else None
            return replace(status, state="off_hours", next_reminder=due, resumes_at=start)
        if not self.own_reminders:  # GNOME's movement breaks remind instead: no time of ours to show
            return replace(status, next_reminder=None, extra={"following_gnome": True})
        if self.holds is not None and s.due_at is not None:  # hook: a held reminder comes at its release
            status = replace(status, next_reminder=self.holds.wake_for(now, s.due_at))
        if s.shown_at is not None:
            return replace(status, state="due")
        return status

    def next_wake(self, now: datetime) -> datetime | None:
        """Return the next moment the rules need a tick, never before `now` (midnight at the latest).

        Every moment this class returns has a fixed UTC offset, so comparing it with another is exact.
        """
        now = self._pin(now)
        s = self.state
        midnight = self._pin(self._at(self._local(now).date() + timedelta(days=1), time(0, 0)))
        # When an idle spell reported earlier becomes an away spell (a wake-up or a command moved its start).
        presence = [at] if (at := self._away_begins(now)) is not None else []
        # A pause that ended before this tick, or a deadline passed, means "tick now": never earlier.
        if s.paused_until is not None:
            return max(min(s.paused_until, midnight, *presence), now)
        if s.away_since is not None or s.stretching_since is not None:
            # Nothing comes due during either; answering an overdue deadline here would spin the loop.
            return midnight
        if not self.in_work_hours(now):
            start = self.next_work_start(now)
            return max(min(start or midnight, midnight, *presence), now)
        # The end of the work hours changes what the tray says, and nothing else would wake the app then.
        candidates = [midnight, *presence]
        work_end = self._work_end(now)
        if work_end is not None:
            candidates.append(work_end)
        if s.due_at is not None:
            # Hook: a held reminder waits for its release or its cap, not its passed due time.
            candidates.append(self.holds.wake_for(now, s.due_at) if self.holds is not None else s.due_at)
            if self.settings.notice and s.notice_for != s.due_at and self.own_reminders:
                candidates.append(s.due_at - self.settings.notice)
        if s.shown_at is not None and s.repeats_sent < self.settings.max_repeats:
            candidates.append(s.shown_at + self.settings.repeat * (s.repeats_sent + 1))
        return max(min(candidates), now)

    def _work_end(self, now: datetime) -> datetime | None:
        """Return (pinned) when the work hours that hold at `now` end, or None without daily hours."""
        hours = self.settings.work_hours
        if hours is None:
            return None  # whole work days end at midnight, which next_wake always wakes for
        start, end = hours
        local = self._local(now)
        day = local.date()
        if start >= end and local.time() >= start:
            day += timedelta(days=1)  # a night shift begun today ends tomorrow
        moment = self._first_at(day, end)
        return moment if moment > now else None

    def _away_begins(self, now: datetime) -> datetime | None:
        """Return when the reported idle spell becomes an away spell, if that is still to come."""
        s = self.state
        limit = self.settings.idle_reset
        if not limit or s.idle_since is None or s.away_since is not None or s.stretching_since is not None:
            return None
        start = s.idle_since if s.idle_floor is None else max(s.idle_since, s.idle_floor)
        return self._pin(start + limit)

    # -- the clock and the user's presence --------------------------------------------------------

    def begin(self, now: datetime) -> list[Event]:
        """Start counting at app start: a deadline missed while the app was not running starts over."""
        now = self._pin(now)
        self._roll_day(now)
        s = self.state
        if s.paused_until is not None and s.paused_until <= now:
            s.paused_until = None
        replanned = s.planned_every != round(self.settings.every.total_seconds())
        if replanned or s.due_at is None or s.due_at <= now or s.due_at > now + self._longest_wait():
            self._restart_interval(now)
        if not self.in_work_hours(now):
            s.due_at = None  # the count starts when work does, as a tick outside work hours would have it
        s.shown_at = None
        s.stretching_since = None
        s.away_since = None
        s.idle_since = None  # the idle watch starts afresh with the app and reports again
        s.idle_floor = now
        return [self._event("app_started", now)]

    def _longest_wait(self) -> timedelta:
        return self.settings.every + max(self.settings.snooze, default=timedelta(0)) * 4

    def tick(self, now: datetime) -> list[Event]:
        """Apply the rules at `now`, with the user's presence as the idle watch last reported it."""
        now = self._pin(now)
        self._roll_day(now)
        s = self.state
        # Presence first, also while paused: an away spell is dated when it happens, not when a pause ends.
        events = self._track_presence(now)
        if s.paused_until is not None:
            if now < s.paused_until:
                return events
            s.paused_until = None
            events.append(self._event("resumed", now, auto=True))
            self._restart_interval(now)
        if s.away_since is not None or s.stretching_since is not None:
            return events
        if not self.in_work_hours(now):
            s.due_at = None
            s.shown_at = None
            return events
        if s.due_at is None:
            self._restart_interval(now)
            return events
        if not self.own_reminders:
            s.shown_at = None
            if now >= s.due_at:
                self._restart_interval(now)
            return events
        late: dict[str, Any] = {}
        if self.holds is not None:  # hook: while a signal holds (core/holds.py) nothing shows
            verdict = self.holds.verdict(now, s.due_at, self.settings.every)
            events.extend(verdict.events)
            if verdict.hold:
                # Held: no heads-up for this reminder and no more repeats of an ignored one (a burst later).
                if self.settings.notice and now >= s.due_at - self.settings.notice:
                    s.notice_for = s.due_at
                s.repeats_sent = self.settings.max_repeats
                return events
            late = verdict.late
            if late:
                s.notice_for = s.due_at  # the late reminder comes now, with no heads-up
        notice = self.settings.notice
        if notice and s.notice_for != s.due_at and now >= s.due_at - notice:
            if now >= s.due_at:
                # The heads-up was missed (a sleep, a late tick): give it now and the reminder after it.
                s.due_at = self._pin(now + notice)
            s.notice_for = s.due_at
            events.append(self._event("noticed", now, seconds=(s.due_at - now).total_seconds()))
        if now >= s.due_at:
            events.append(self._event("reminded", now, **late))
            self._restart_interval(now)
            s.shown_at = now
            if late.get("capped"):
                s.repeats_sent = self.settings.max_repeats  # after the cap: one quiet reminder, no repeats
            return events
        if s.shown_at is not None and s.repeats_sent < self.settings.max_repeats:
            elapsed = int((now - s.shown_at) / self.settings.repeat)
            if elapsed > s.repeats_sent:
                # After a long gap only one repeat goes out; the ones missed are not sent late, and the
                # next waits a full `repeat` after this one (counted from shown_at, so move that along).
                s.repeats_sent = min(elapsed, self.settings.max_repeats)
                s.shown_at = self._pin(now - self.settings.repeat * s.repeats_sent)
                events.append(self._event("repeated", now, count=s.repeats_sent))
        return events

    def user_idle(self, now: datetime, idle_for: timedelta) -> list[Event]:
        """The idle watch reports no input for `idle_for` up to `now`; long enough, that is an away spell."""
        now = self._pin(now)
        self._roll_day(now)
        self.state.idle_since = self._pin(now - max(idle_for, timedelta(0)))
        return self._track_presence(now)

    def user_active(self, now: datetime) -> list[Event]:
        """The idle watch reports input at `now`: an away spell ends here and sitting starts again."""
        now = self._pin(now)
        self._roll_day(now)
        s = self.state
        s.idle_since = None
        since = s.away_since
        if since is None:
            return []
        # Idle can only begin after this input: a late or repeated report must not open an earlier spell.
        s.idle_floor = now
        return self._came_back(now, since, now)

    def _track_presence(self, now: datetime) -> list[Event]:
        """Open an away spell once the reported idle time (from idle_floor at the earliest) is long enough."""
        s = self.state
        limit = self.settings.idle_reset
        if s.idle_since is None or not limit:
            return []
        idle = max(now - s.idle_since, timedelta(0))
        if s.idle_floor is not None:
            idle = min(idle, max(now - s.idle_floor, timedelta(0)))
        if s.away_since is None:
            if idle >= limit and s.stretching_since is None:
                s.away_since = self._pin(now - idle)
                s.shown_at = None
            return []
        if now - idle > s.away_since + _IDLE_SLACK:
            return self._came_back(now, s.away_since, self._pin(now - idle))
        return []

    def _came_back(self, now: datetime, since: datetime, back: datetime) -> list[Event]:
        """Close the away spell `since`..`back`: it was a break, so sitting starts again at `back`."""
        start, end = self._local(since).isoformat(), self._local(back).isoformat()
        self.state.away_since = None
        self._restart_interval(back)
        return [self._event("away", now, start=start, end=end, sleep=False)]

    def _present(self, now: datetime) -> list[Event]:
        """A command means the user is here: end an away spell that no tick has seen end yet."""
        since = self.state.away_since
        if since is None:
            return []
        # Otherwise the next tick would date the return later and restart the interval over the command
        # (losing a snooze); the floor keeps an OS idle time that missed this input from reopening it.
        self.state.idle_floor = now
        return self._came_back(now, since, now)

    def slept(self, now: datetime, duration: timedelta) -> list[Event]:
        """Account for a suspend of `duration` that ended at `now`; a long one is a break."""
        now = self._pin(now)
        self._roll_day(now)
        s = self.state
        s.idle_floor = now
        limit = self.settings.idle_reset
        # Recorded during a pause too: the history would otherwise count the sleep as time sat.
        if not limit or duration < limit:
            return []
        start = s.away_since if s.away_since is not None else self._pin(now - duration)
        s.away_since = None
        self._restart_interval(now)
        return [
            self._event(
                "away",
                now,
                start=self._local(start).isoformat(),
                end=self._local(now).isoformat(),
                sleep=True,
            )
        ]

    def clock_jumped(self, now: datetime, delta: timedelta) -> list[Event]:
        """Keep the time left to each deadline when the wall clock moved by `delta` without time passing."""
        now = self._pin(now)
        s = self.state
        # `paused_until` stays: the user chose it on the wall clock ("until 06:00").
        moved = (
            "due_at",
            "shown_at",
            "notice_for",
            "away_since",
            "stretching_since",
            "idle_floor",
            "idle_since",
        )
        for name in moved:
            value = getattr(s, name)
            if value is not None:
                setattr(s, name, self._pin(value + delta))
        self._roll_day(now)
        return []

    # -- the user's commands ------------------------------------------------------------------------

    def snooze(self, now: datetime, length: timedelta) -> list[Event]:
        """Defer the coming (or showing) reminder by `length`; Refused when paused or the budget is spent."""
        now = self._pin(now)
        self._roll_day(now)
        s = self.state
        if length <= timedelta(0):
            raise Refused(_("a snooze must be longer than zero"))
        if s.paused_until is not None:
            raise Refused(_("reminders are paused; resume them first"))
        if self.settings.max_snoozes and s.snoozes_today >= self.settings.max_snoozes:
            # Translators: {limit} is the config's reminders.max_snoozes, the snoozes allowed per day.
            message = _("no snoozes left today (the limit is {limit})")
            raise Refused(message.format(limit=self.settings.max_snoozes))
        events = self._present(now)
        # A reminder on screen is put off from now; a coming one moves later by `length`.
        showing = s.shown_at is not None
        base = s.due_at if not showing and s.due_at is not None and s.due_at > now else now
        s.due_at = self._pin(base + length)
        s.shown_at = None
        s.repeats_sent = 0
        s.notice_for = None
        s.snoozes_today += 1
        return [*events, self._event("snoozed", now, seconds=length.total_seconds())]

    def skip(self, now: datetime) -> list[Event]:
        """Skip this reminder: the interval starts again from `now`."""
        now = self._pin(now)
        self._roll_day(now)
        if self.state.paused_until is not None:
            raise Refused(_("reminders are paused; resume them first"))
        events = self._present(now)
        self._restart_interval(now)
        return [*events, self._event("skipped", now)]

    def pause(self, now: datetime, until: datetime) -> list[Event]:
        """Pause reminders until `until` (a wall-clock time after `now`)."""
        now, until = self._pin(now), self._pin(until)
        self._roll_day(now)
        if until <= now:
            raise Refused(_("a pause must end in the future"))
        events = self._present(now)
        s = self.state
        s.paused_until = until
        s.shown_at = None
        s.notice_for = None
        return [*events, self._event("paused", now, until=self._local(until).isoformat())]

    def resume(self, now: datetime) -> list[Event]:
        """End a pause now; the interval starts again from `now`."""
        now = self._pin(now)
        self._roll_day(now)
        if self.state.paused_until is None:
            raise Refused(_("reminders are not paused"))
        events = self._present(now)
        self.state.paused_until = None
        self._restart_interval(now)
        return [*events, self._event("resumed", now, auto=False)]

    def stretch_started(self, now: datetime) -> list[Event]:
        """A stretch began: no reminder comes while it runs."""
        now = self._pin(now)
        self._roll_day(now)
        events = self._present(now)
        self.state.stretching_since = now
        self.state.shown_at = None
        return [*events, self._event("stretch_started", now)]

    def stretch_ended(self, now: datetime, completed: bool, data: dict[str, Any]) -> list[Event]:
        """A stretch ended; a completed one counts as a break and restarts the interval."""
        now = self._pin(now)
        self._roll_day(now)
        s = self.state
        s.stretching_since = None
        if completed:
            s.completed_today += 1
            if s.paused_until is None:
                self._restart_interval(now)
            return [Event("stretch_completed", self._local(now), dict(data))]
        if s.due_at is not None and s.due_at <= now:
            # The reminder came due during an abandoned stretch: give a short grace, not a nag at once.
            s.due_at = self._pin(now + min(self.settings.repeat, self.settings.every))
        return [Event("stretch_cancelled", self._local(now), dict(data))]

    def adopt(self, settings: ReminderSettings, now: datetime) -> None:
        """Switch to new settings; a changed interval restarts the count from `now`."""
        now = self._pin(now)
        changed = settings.every != self.settings.every
        self.settings = settings
        if changed and self.state.paused_until is None:
            self._restart_interval(now)

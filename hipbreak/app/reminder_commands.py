"""The state thread's answers to the commands about reminders: the alarm, presence, holds, snooze,
skip, pause and resume, and status."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from hipbreak.core import commands as c
from hipbreak.core.durations import describe
from hipbreak.core.status_record import status_record
from hipbreak.core.view import clock_text, paused_sentence, status_message
from hipbreak.language import _

if TYPE_CHECKING:
    from hipbreak.app.state import App, Result


class ReminderCommands:
    """Handlers of the commands about reminders (state thread only); each returns (message, data)."""

    def __init__(self, app: App) -> None:
        self.app = app

    def tick(self, now: datetime, command: c.Tick) -> Result:
        """The alarm went off: the rules see what is due."""
        assert self.app.reminders is not None
        self.app.apply(self.app.reminders.tick(now), now)
        # One stat() when there is nothing: picks up a window's outcome that its parent never heard.
        self.app.stretches.collect(now)
        return "", {}

    def user_idle(self, now: datetime, command: c.UserIdle) -> Result:
        """The idle watch says the user has been away from the keyboard for a while."""
        assert self.app.reminders is not None
        self.app.apply(self.app.reminders.user_idle(now, timedelta(seconds=command.seconds)), now)
        return "", {}

    def user_active(self, now: datetime, command: c.UserActive) -> Result:
        """The idle watch says the user is back."""
        assert self.app.reminders is not None
        self.app.apply(self.app.reminders.user_active(now), now)
        return "", {}

    def hold_changed(self, now: datetime, command: c.HoldChanged) -> Result:
        """A call, a full-screen window or do-not-disturb began or ended."""
        self.app.apply(self.app.holds.change(now, command.reason, command.active, command.source), now)
        return "", {}

    def status(self, now: datetime, command: c.Status) -> Result:
        """Say where the rules stand, as a sentence and as a record."""
        status = self.app.status(now)
        pending = (
            self.app.history.waiting("stretch_completed", now.date().isoformat()) if self.app.history else 0
        )
        data = status_record(
            status,
            breaks_today=status.breaks_today,
            breaks_pending=pending,
            daily_goal=self.app.settings.stretch.daily_goal,
        )
        return status_message(status, now), data

    def snooze(self, now: datetime, command: c.Snooze) -> Result:
        """Put the reminder off by the length asked for, or by the first snooze choice."""
        assert self.app.reminders is not None
        options = self.app.settings.reminders.snooze
        if command.seconds is not None:
            length = timedelta(seconds=command.seconds)
        else:
            length = options[0] if options else timedelta(minutes=5)
        self.app.apply(self.app.reminders.snooze(now, length), now)
        due = self.app.reminders.state.due_at
        if due is None:
            return _("Snoozed."), {}
        # Translators: {duration} is how long, e.g. "5 min"; {time} a time of day, or a short day and a time.
        message = _("Snoozed for {duration}; next reminder at {time}.")
        return message.format(duration=describe(length), time=clock_text(due, now)), {}

    def skip(self, now: datetime, command: c.Skip) -> Result:
        """Skip the reminder that is due or next."""
        assert self.app.reminders is not None
        self.app.apply(self.app.reminders.skip(now), now)
        due = self.app.reminders.state.due_at
        if due is None:
            return _("Skipped."), {}
        # Translators: {time} is a time of day, or a short day and a time ("Tue 09:00").
        return _("Skipped; next reminder at {time}.").format(time=clock_text(due, now)), {}

    def pause(self, now: datetime, command: c.Pause) -> Result:
        """Pause reminders for the seconds asked for, or until the next day starts."""
        assert self.app.reminders is not None
        if command.seconds is None:
            end = self.app.reminders.next_day_start(now)
        else:
            # Add in UTC: adding to a zone-aware time moves the wall clock, wrong across a DST change.
            end = (now.astimezone(timezone.utc) + timedelta(seconds=command.seconds)).astimezone(now.tzinfo)
        self.app.apply(self.app.reminders.pause(now, end), now)
        return paused_sentence(end, now), {"paused_until": end.isoformat()}

    def resume(self, now: datetime, command: c.Resume) -> Result:
        """End a pause."""
        assert self.app.reminders is not None
        self.app.apply(self.app.reminders.resume(now), now)
        return _("Reminders resumed."), {}

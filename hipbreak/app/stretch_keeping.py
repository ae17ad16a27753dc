"""The stretch window's lifecycle as the state thread sees it: open one, hear how it ended, count it once."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from hipbreak.adapters.stretch_outcomes import new_stretch_id, record_outcome
from hipbreak.core import commands as c
from hipbreak.core.reminders import Refused, with_counts
from hipbreak.language import _
from hipbreak.ui.stretch.wire import APP_QUIT

if TYPE_CHECKING:
    from hipbreak.app.state import App, Result


class StretchKeeping:
    """Owns which stretch our window runs until its outcome is in (state thread only)."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.stretch_id: str | None = None

    def open(self, now: datetime, command: c.StretchNow) -> Result:
        """Open the stretch window, unless one is open or the routine or the display says no."""
        app = self.app
        assert app.reminders is not None
        if app.ports.stretch_running():
            return _("The stretch window is already open."), {}
        app.desktop.check_windows()
        stretch = app.settings.stretch
        problem = app.ports.routine_problem(stretch.routine)
        if problem is not None:  # refused here, or the window would fail to open and say nothing
            app.ports.notify("problem", _("The stretch cannot start"), problem, ())
            raise Refused(problem)
        stretch_id = new_stretch_id()
        args = {
            "stretch_id": stretch_id,
            "hold": stretch.hold.total_seconds(),
            "prepare": stretch.prepare.total_seconds(),
            "daily_goal": stretch.daily_goal,
            "done_today": app.reminders.state.completed_today,
            "sound": stretch.sound,
            "routine": stretch.routine,
            "voice": stretch.voice,
            "motion": stretch.motion,
            "large_text": stretch.large_text,
        }
        if not app.ports.open_stretch(args, app.post):
            if app.ports.stretch_running():  # another window won the one-window lock just now
                return _("The stretch window is already open."), {}
            # Translators: `hipbreak doctor` is a command: keep it as it is.
            raise Refused(_("the stretch window could not be opened; see `hipbreak doctor`"))
        self.stretch_id = stretch_id
        return _("Stretch window opened."), {}

    def started(self, now: datetime, command: c.StretchStarted) -> Result:
        """The window's first phase began: the rules hold reminders while it runs."""
        assert self.app.reminders is not None
        self.app.apply(self.app.reminders.stretch_started(now), now)
        return "", {}

    def ended(self, now: datetime, command: c.StretchEnded) -> Result:
        """The window told its parent how the stretch ended."""
        details = dict(command.details)
        if details.get("stretch_id", self.stretch_id) == self.stretch_id:
            self._finish(command.outcome is c.Outcome.COMPLETED, details, now)
        # The line the window also wrote is in the history now: clear it from the outcome file.
        self.collect(now)
        return "", {}

    def collect(self, now: datetime) -> None:
        """Take in the outcome lines windows wrote to the outcome file (one stat() when there are none)."""
        self.app.ports.collect_stretch_outcomes(lambda record: self.settle_outcome(record, now))

    def settle_outcome(self, record: dict[str, Any], now: datetime) -> bool:
        """Take an outcome line from the outcome file; True once the history has it."""
        app = self.app
        if app.reminders is not None and record["stretch_id"] == self.stretch_id:
            # Our window's, heard here before (or instead of) its pipe.
            self._finish(record["event"] == "completed", details(record), now)
        if app.history is None or not record_outcome(app.history, record, app.zone):
            return False
        if app.reminders is not None and record["event"] == "completed":
            # A break done in a window that outlived an earlier app: today's count comes from the history.
            today = now.date()  # the clock's zone, as in App.run()
            completed = app.history.count_local_day("stretch_completed", today, app.zone)
            if completed != app.reminders.state.completed_today:
                app.reminders.state = with_counts(
                    app.reminders.state, today.isoformat(), completed, app.reminders.state.snoozes_today
                )
                app.refresh(now)
        return True

    def close_for_quit(self, now: datetime) -> None:
        """The user quits: a stretch under way ends cancelled ("app quit") and its window closes."""
        app = self.app
        assert app.reminders is not None
        final = app.ports.close_stretch(APP_QUIT)
        if app.reminders.state.stretching_since is not None:
            if final is not None:
                self._finish(final.get("event") == "completed", details(final), now)
            else:
                ended = {"reason": APP_QUIT, **({"stretch_id": self.stretch_id} if self.stretch_id else {})}
                self._finish(False, ended, now)
        self.collect(now)

    def _finish(self, completed: bool, data: dict[str, Any], now: datetime) -> None:
        """Record how our window's stretch ended, once: later reports of it find nothing to end."""
        assert self.app.reminders is not None
        self.stretch_id = None
        if self.app.reminders.state.stretching_since is None:
            return
        self.app.apply(self.app.reminders.stretch_ended(now, completed, data), now)


def details(record: dict[str, Any]) -> dict[str, Any]:
    """What the history keeps of an outcome record: all but its kind and the time it was written."""
    return {key: value for key, value in record.items() if key not in ("event", "at")}

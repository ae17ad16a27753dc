"""The running app: one thread owns the state and carries out the typed commands other threads post."""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from hipbreak.adapters.history import HistoryError
from hipbreak.adapters.history_keeper import HistoryKeeper
from hipbreak.adapters.stretch_outcomes import new_stretch_id, outcome_uid, record_outcome
from hipbreak.app.gnome_wiring import ANSWERS, GnomeWiring
from hipbreak.app.ports import Clock, Ports, ReplySlot
from hipbreak.app.saving_news import SavingNews, open_problem
from hipbreak.core import commands as c
from hipbreak.core.bubble_texts import late_reminder_text, reminder_buttons, reminder_text
from hipbreak.core.durations import describe
from hipbreak.core.events import Event
from hipbreak.core.holds import Holds
from hipbreak.core.reminders import Refused, Reminders, ReminderState, Status, with_counts
from hipbreak.core.settings import Settings
from hipbreak.core.status_record import status_record
from hipbreak.core.view import clock_text, paused_sentence, status_message, tray_view
from hipbreak.language import N_, _, ngettext
from hipbreak.ui.stretch.wire import APP_QUIT

log = logging.getLogger(__name__)
STATE_KEY = "reminders"

Result = tuple[str, dict[str, Any]]
# Hold signals that can only poll start looking this long before a reminder comes due.
HOLD_LOOK_AHEAD = timedelta(seconds=60)
# What an OpenWindow command answers, by window.
WINDOW_OPEN: dict[c.WindowKind, str] = {
    c.WindowKind.CONTROL: N_("The control window is open."),
    c.WindowKind.STATISTICS: N_("The statistics window is open."),
    c.WindowKind.SETTINGS: N_("The settings window is open."),
}


@dataclass(frozen=True)
class _Envelope:
    command: c.Command
    reply: ReplySlot | None = None


class App:
    """The state owner; construct it, `post()` or `call()` from anywhere, `run()` on its own thread."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        ports: Ports,
        open_history: Callable[[], HistoryKeeper],
        load_settings: Callable[[], tuple[Settings, list[str]]],
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.ports = ports
        self._open_history = open_history
        self._load_settings = load_settings
        self._queue: queue.Queue[_Envelope] = queue.Queue()
        self.history: HistoryKeeper | None = None
        self._saving_news = SavingNews()
        self.reminders: Reminders | None = None
        self.holds = Holds(settings.hold)  # what calls, full screen and DND hold back (core/holds.py)
        self.running = False
        self.problems: list[str] = []
        self._window_for_missing_tray = False  # the control window stands in for a tray not there yet
        # Every command has one handler; every surface (tray, bubble, CLI, windows) sends the same values.
        self._handlers: dict[type[c.Command], Callable[[datetime, Any], Result]] = {
            c.Tick: self._tick,
            c.HoldChanged: self._hold_changed,
            c.UserIdle: self._user_idle,
            c.UserActive: self._user_active,
            c.Status: self._status,
            c.Snooze: self._snooze,
            c.Skip: self._skip,
            c.Pause: self._pause,
            c.Resume: self._resume,
            c.StretchNow: self._stretch,
            c.StretchStarted: self._stretch_started,
            c.StretchEnded: self._stretch_ended,
            c.OpenWindow: self._open_window,
            c.SetAutostart: self._autostart,
            c.Reload: self._reload,
            c.Quit: self._quit,
            c.TrayMissing: self._tray_missing,
            c.TrayHostAppeared: self._tray_host_appeared,
            c.Stop: self._stop,
            c.GnomeBreaks: self._gnome_breaks,
            c.GnomeMovementBreak: self._gnome_movement_break,
        }
        self.zone: Any = None
        self._stretch_id: str | None = None  # the stretch our window runs, until its outcome is in
        self.gnome = GnomeWiring()  # who reminds beside GNOME's own movement breaks

    # -- any thread --------------------------------------------------------------------------------

    def post(self, command: c.Command) -> None:
        """Ask the state thread to carry out `command` (any thread)."""
        self._queue.put(_Envelope(command))

    def call(self, command: c.Command, timeout: float = 4.0) -> ReplySlot:
        """Carry out `command` on the state thread and wait for its answer (any thread but that one)."""
        reply = ReplySlot()
        self._queue.put(_Envelope(command, reply))
        if not reply.wait(timeout):
            # Translators: {command} is the name of a command (such as 'snooze'), {seconds} a whole number.
            message = _("hipbreak did not answer {command} within {seconds} s")
            reply.set(False, message.format(command=repr(command.name), seconds=f"{timeout:.0f}"))
        return reply

    # -- the state thread ------------------------------------------------------------------------

    def run(self, zone: Any) -> None:
        """Open the history, start the rules and serve commands until Quit (the state thread)."""
        now = self.clock.now()
        self.zone = zone
        try:
            self.history = self._open_history()
            if self.history.moved_aside is not None:
                # Translators: {path} is where the damaged history file was moved.
                message = _("the history was damaged; it was moved to {path} and a new one begun")
                self.problems.append(message.format(path=self.history.moved_aside))
            if self.history.open_error is not None:
                error = self.history.open_error
                self.problems.append(open_problem(str(error), error.reason))
            # Outcomes of stretches that outlived the app (or a CLI) count before today's counts are read.
            self.ports.collect_stretch_outcomes(lambda record: self._settle_outcome(record, now))
            self.gnome.load(self.history)
            saved = self.history.load_state(STATE_KEY)
            state = ReminderState.from_dict(saved) if saved else ReminderState()
            # Today as the clock reads in the current zone, even if earlier events were recorded in another.
            today = now.date()
            state = with_counts(
                state,
                today.isoformat(),
                self.history.count_local_day("stretch_completed", today, zone),
                self.history.count_local_day("snoozed", today, zone),
            )
        except HistoryError as exc:
            # Translators: {problem} is what went wrong with the history file.
            self.problems.append(
                _("{problem}; breaks will not be saved until that is fixed").format(problem=exc)
            )
            self.history = None
            state = ReminderState()
        self._tell(self.problems)
        self.reminders = Reminders(self.settings.reminders, zone, state)
        self.reminders.holds = self.holds
        self._plan_gnome()
        self.running = True
        self._apply(self.reminders.begin(now), now)
        while self.running:
            envelope = self._queue.get()
            try:
                self._handle(envelope)
            except Exception as exc:  # one bad command must not stop reminders
                log.exception("command %s failed", envelope.command.name)
                if envelope.reply is not None:
                    # Translators: {command} is the name of a command (such as 'snooze'), {problem} the error.
                    message = _("{command} failed: {problem}")
                    envelope.reply.set(False, message.format(command=envelope.command.name, problem=exc))
        if self.history is not None:
            self.history.close()  # what still waits stays in the queue file for the next start
        self.ports.stop()

    def _handle(self, envelope: _Envelope) -> None:
        assert self.reminders is not None
        command, reply = envelope.command, envelope.reply
        now = self.clock.now()
        self._watch_clock(now)
        if not isinstance(command, c.Tick):
            log.info("command %s", command)
        handler = self._handlers.get(type(command))
        if handler is None:
            if reply is not None:
                reply.set(False, _("unknown command {name}").format(name=repr(command.name)))
            return
        try:
            message, data = handler(now, command)
        except Refused as exc:
            if reply is not None:
                reply.set(False, str(exc))
            self._refresh(now)
            return
        if reply is not None:
            reply.set(True, message, data)

    def _tell(self, problems: list[str]) -> None:
        """Show settings or history problems to the user once, as a bubble, and log them."""
        for problem in problems:
            log.warning("%s", problem)
        if problems:
            self.ports.tell_problems(problems)

    def _watch_clock(self, now: datetime) -> None:
        assert self.reminders is not None
        slept, jumped = self.clock.changes()
        if jumped:
            log.info("wall clock moved by %+.0f s", jumped)
            self.reminders.clock_jumped(now, timedelta(seconds=jumped))
        if slept:
            log.info("the machine slept for %.0f s", slept)
            self._apply(self.reminders.slept(now, timedelta(seconds=slept)), now)

    def _apply(self, events: list[Event], now: datetime) -> None:
        """Record `events`, act on them, save the state and re-arm the alarm."""
        assert self.reminders is not None
        for event in events:
            self._record(event)
            self._act(event)
        self._save_state()
        if self.history is not None:
            self._keep_history(now)
        wakes = [self.reminders.next_wake(now), self.history.retry_at if self.history is not None else None]
        wakes.append(self._hold_interest(now))
        self.ports.wake_at(min((when for when in wakes if when is not None), default=None))
        self._refresh(now)

    def _hold_interest(self, now: datetime) -> datetime | None:
        """Let the hold signals that must poll (a camera) look only while a reminder is near or held back;
        return when the next one will be near, so the alarm wakes the app to say so."""
        assert self.reminders is not None
        status = self.reminders.status(now)
        if status.state not in ("running", "due"):  # paused, away, off hours, stretching: nothing comes
            self.ports.hold_interest(False)
            return None
        due = status.next_reminder
        near = self.holds.held() or (due is not None and due - HOLD_LOOK_AHEAD <= now)
        self.ports.hold_interest(near)
        return None if near or due is None else due - HOLD_LOOK_AHEAD

    def _keep_history(self, now: datetime) -> None:
        """Retry saving what waits, recount when the history changed under us, tell the user once."""
        assert self.history is not None and self.reminders is not None
        self.history.retry()
        if self.history.take_recount():  # opened anew (it was deleted, or could not be opened at start)
            today, zone = now.date(), now.tzinfo  # the clock's zone: see run()
            assert zone is not None
            completed, snoozed = (
                self.history.count_local_day("stretch_completed", today, zone),
                self.history.count_local_day("snoozed", today, zone),
            )
            self.reminders.state = with_counts(self.reminders.state, today.isoformat(), completed, snoozed)
        news = self._saving_news.update(self.history)
        if news is not None:
            self.ports.notify("history", news[0], news[1], ())

    def _save_state(self) -> None:
        assert self.reminders is not None
        if self.history is None:
            return
        try:
            self.history.save_state(STATE_KEY, self.reminders.state.to_dict())
        except HistoryError as exc:
            log.warning("%s", exc)

    def _record(self, event: Event) -> None:
        if self.history is None:
            return
        stretch_id = event.data.get("stretch_id") if event.kind.startswith("stretch_") else None
        # An outcome carries its stretch's uid: however often it reaches us, the history keeps it once.
        uid = (
            outcome_uid(stretch_id)
            if isinstance(stretch_id, str) and event.kind != "stretch_started"
            else None
        )
        try:
            self.history.record(event, uid=uid)
        except HistoryError as exc:
            log.warning("%s", exc)

    def _act(self, event: Event) -> None:
        settings = self.settings.reminders
        if event.kind == "reminded" and "late" in event.data:
            # Held by a call, full screen or DND: say why it is late; after the cap it comes quietly.
            summary, body = late_reminder_text(
                str(event.data["late"]),
                timedelta(seconds=float(event.data.get("sat_seconds", 0))),
                timedelta(seconds=float(event.data.get("held_seconds", 0))),
                bool(event.data.get("capped")),
            )
            kind = "quiet" if event.data.get("capped") else "reminder"
            self.ports.notify(kind, summary, body, reminder_buttons(self.settings))
        elif event.kind in ("reminded", "repeated"):
            summary, body = reminder_text(settings.every, int(event.data.get("count", 0)))
            self.ports.notify("reminder", summary, body, reminder_buttons(self.settings))
        elif event.kind == "noticed":
            seconds = round(float(event.data.get("seconds", 0)))
            # Translators: a quiet heads-up before a reminder; {seconds} is a whole number of seconds.
            summary = ngettext("Stretch break in {seconds} s", "Stretch break in {seconds} s", seconds)
            body = _("Finish your sentence.")
            self.ports.notify("notice", summary.format(seconds=seconds), body, ())
        elif event.kind in ("snoozed", "skipped", "paused", "stretch_started"):
            self.ports.withdraw_notification()

    def _refresh(self, now: datetime) -> None:
        assert self.reminders is not None
        status = self.reminders.status(now)
        view = tray_view(
            status,
            self.settings,
            now,
            self.reminders.next_day_start(now),
            autostart_on=self.ports.autostart_enabled(),
        )
        self.ports.show_tray(view)

    def status(self, now: datetime) -> Status:
        """Return the rules' status (state thread)."""
        assert self.reminders is not None
        return self.reminders.status(now)

    # -- the dispatch table's handlers (state thread); each returns (message, data) or raises Refused ---

    def _tick(self, now: datetime, command: c.Tick) -> Result:
        assert self.reminders is not None
        self._apply(self.reminders.tick(now), now)
        # One stat() when there is nothing: picks up a window's outcome that its parent never heard.
        self.ports.collect_stretch_outcomes(lambda record: self._settle_outcome(record, now))
        return "", {}

    def _user_idle(self, now: datetime, command: c.UserIdle) -> Result:
        assert self.reminders is not None
        self._apply(self.reminders.user_idle(now, timedelta(seconds=command.seconds)), now)
        return "", {}

    def _user_active(self, now: datetime, command: c.UserActive) -> Result:
        assert self.reminders is not None
        self._apply(self.reminders.user_active(now), now)
        return "", {}

    def _hold_changed(self, now: datetime, command: c.HoldChanged) -> Result:
        self._apply(self.holds.change(now, command.reason, command.active, command.source), now)
        return "", {}

    def _status(self, now: datetime, command: c.Status) -> Result:
        status = self.status(now)
        pending = self.history.waiting("stretch_completed", now.date().isoformat()) if self.history else 0
        data = status_record(
            status,
            breaks_today=status.breaks_today,
            breaks_pending=pending,
            daily_goal=self.settings.stretch.daily_goal,
        )
        return status_message(status, now), data

    def _snooze(self, now: datetime, command: c.Snooze) -> Result:
        assert self.reminders is not None
        options = self.settings.reminders.snooze
        if command.seconds is not None:
            length = timedelta(seconds=command.seconds)
        else:
            length = options[0] if options else timedelta(minutes=5)
        self._apply(self.reminders.snooze(now, length), now)
        due = self.reminders.state.due_at
        if due is None:
            return _("Snoozed."), {}
        # Translators: {duration} is how long, e.g. "5 min"; {time} a time of day, or a short day and a time.
        message = _("Snoozed for {duration}; next reminder at {time}.")
        return message.format(duration=describe(length), time=clock_text(due, now)), {}

    def _skip(self, now: datetime, command: c.Skip) -> Result:
        assert self.reminders is not None
        self._apply(self.reminders.skip(now), now)
        due = self.reminders.state.due_at
        if due is None:
            return _("Skipped."), {}
        # Translators: {time} is a time of day, or a short day and a time ("Tue 09:00").
        return _("Skipped; next reminder at {time}.").format(time=clock_text(due, now)), {}

    def _pause(self, now: datetime, command: c.Pause) -> Result:
        assert self.reminders is not None
        if command.seconds is None:
            end = self.reminders.next_day_start(now)
        else:
            # Add in UTC: adding to a zone-aware time moves the wall clock, wrong across a DST change.
            end = (now.astimezone(timezone.utc) + timedelta(seconds=command.seconds)).astimezone(now.tzinfo)
        self._apply(self.reminders.pause(now, end), now)
        return paused_sentence(end, now), {"paused_until": end.isoformat()}

    def _resume(self, now: datetime, command: c.Resume) -> Result:
        assert self.reminders is not None
        self._apply(self.reminders.resume(now), now)
        return _("Reminders resumed."), {}

    def _stretch(self, now: datetime, command: c.StretchNow) -> Result:
        assert self.reminders is not None
        if self.ports.stretch_running():
            return _("The stretch window is already open."), {}
        self._check_windows()
        stretch = self.settings.stretch
        problem = self.ports.routine_problem(stretch.routine)
        if problem is not None:  # refused here, or the window would fail to open and say nothing
            self.ports.notify("problem", _("The stretch cannot start"), problem, ())
            raise Refused(problem)
        stretch_id = new_stretch_id()
        args = {
            "stretch_id": stretch_id,
            "hold": stretch.hold.total_seconds(),
            "prepare": stretch.prepare.total_seconds(),
            "daily_goal": stretch.daily_goal,
            "done_today": self.reminders.state.completed_today,
            "sound": stretch.sound,
            "routine": stretch.routine,
            "voice": stretch.voice,
            "motion": stretch.motion,
            "large_text": stretch.large_text,
        }
        if not self.ports.open_stretch(args, self.post):
            if self.ports.stretch_running():  # another window won the one-window lock just now
                return _("The stretch window is already open."), {}
            # Translators: `hipbreak doctor` is a command: keep it as it is.
            raise Refused(_("the stretch window could not be opened; see `hipbreak doctor`"))
        self._stretch_id = stretch_id
        return _("Stretch window opened."), {}

    def _stretch_started(self, now: datetime, command: c.StretchStarted) -> Result:
        assert self.reminders is not None
        self._apply(self.reminders.stretch_started(now), now)
        return "", {}

    def _stretch_ended(self, now: datetime, command: c.StretchEnded) -> Result:
        details = dict(command.details)
        if details.get("stretch_id", self._stretch_id) == self._stretch_id:
            self._finish_stretch(command.outcome is c.Outcome.COMPLETED, details, now)
        # The line the window also wrote is in the history now: clear it from the outcome file.
        self.ports.collect_stretch_outcomes(lambda record: self._settle_outcome(record, now))
        return "", {}

    def _finish_stretch(self, completed: bool, details: dict[str, Any], now: datetime) -> None:
        """Record how our window's stretch ended, once: later reports of it find nothing to end."""
        assert self.reminders is not None
        self._stretch_id = None
        if self.reminders.state.stretching_since is None:
            return
        self._apply(self.reminders.stretch_ended(now, completed, details), now)

    def _settle_outcome(self, record: dict[str, Any], now: datetime) -> bool:
        """Take an outcome line from the outcome file; True once the history has it (state thread)."""
        if self.reminders is not None and record["stretch_id"] == self._stretch_id:
            # Our window's, heard here before (or instead of) its pipe.
            self._finish_stretch(record["event"] == "completed", _details(record), now)
        if self.history is None or not record_outcome(self.history, record, self.zone):
            return False
        if self.reminders is not None and record["event"] == "completed":
            # A break done in a window that outlived an earlier app: today's count comes from the history.
            today = now.date()  # the clock's zone, as in run()
            completed = self.history.count_local_day("stretch_completed", today, self.zone)
            if completed != self.reminders.state.completed_today:
                self.reminders.state = with_counts(
                    self.reminders.state, today.isoformat(), completed, self.reminders.state.snoozes_today
                )
                self._refresh(now)
        return True

    def _open_window(self, now: datetime, command: c.OpenWindow) -> Result:
        self._check_windows()
        self.ports.open_window(command.kind, self.settings)
        return _(WINDOW_OPEN[command.kind]), {}

    def _check_windows(self) -> None:
        """Say in a bubble, and refuse, when no window can open here (Wayland without XWayland)."""
        problem = self.ports.window_problem()
        if problem is not None:  # a click in the tray has no terminal to answer in
            self.ports.notify("problem", _("hipbreak cannot open a window"), problem, ())
            raise Refused(problem)

    def _tray_missing(self, now: datetime, command: c.TrayMissing) -> Result:
        self._window_for_missing_tray = True
        return self._open_window(now, c.OpenWindow(c.WindowKind.CONTROL))

    def _tray_host_appeared(self, now: datetime, command: c.TrayHostAppeared) -> Result:
        if not self.ports.use_tray_host(command.kind):
            return "", {}
        if self._window_for_missing_tray:  # the icon takes over from the window that stood in for it
            self._window_for_missing_tray = False
            self.ports.close_window(c.WindowKind.CONTROL)
        self._refresh(now)
        return "", {}

    def _autostart(self, now: datetime, command: c.SetAutostart) -> Result:
        enabled = self.ports.set_autostart(command.on)
        self._refresh(now)
        location = self.ports.autostart_location()
        data = {"enabled": enabled, "location": location}
        if enabled:
            # Translators: {location} is the file or registry key of the login entry.
            return _("Start at login: on ({location}).").format(location=location), data
        return _("Start at login: off ({location}).").format(location=location), data

    def _reload(self, now: datetime, command: c.Reload) -> Result:
        assert self.reminders is not None
        settings, errors = self._load_settings()
        self.settings = settings
        self.reminders.adopt(settings.reminders, now)
        self.ports.watch_idle(settings)
        self._plan_gnome()
        self._apply(self.holds.adopt(settings.hold, now), now)
        self._tell(errors)
        if errors:
            # Translators: {count} problems were found in the config file; {first} is the first of them.
            message = ngettext(
                "Settings reloaded with {count} problem: {first}",
                "Settings reloaded with {count} problems: {first}",
                len(errors),
            )
            return message.format(count=len(errors), first=errors[0]), {"errors": errors}
        return _("Settings reloaded."), {}

    def _plan_gnome(self) -> None:
        assert self.reminders is not None
        self.gnome.plan(self.settings, self.reminders, self.ports, self.history, self._tell)

    def _gnome_breaks(self, now: datetime, command: c.GnomeBreaks) -> Result:
        """The user answered who reminds beside GNOME's movement breaks (the question's buttons)."""
        self.settings = self.gnome.answer(command.choice, self.settings, self.ports, self._tell)
        self.holds.settings = self.settings.hold
        self._plan_gnome()
        self._apply([], now)
        return _(ANSWERS[command.choice]), {"gnome_breaks": command.choice.value}

    def _gnome_movement_break(self, now: datetime, command: c.GnomeMovementBreak) -> Result:
        self.gnome.movement_break(self.ports)
        return "", {}

    def _quit(self, now: datetime, command: c.Quit) -> Result:
        """The user quits: a stretch under way ends cancelled ("app quit") and its window closes."""
        assert self.reminders is not None
        final = self.ports.close_stretch(APP_QUIT)
        if self.reminders.state.stretching_since is not None:
            if final is not None:
                self._finish_stretch(final.get("event") == "completed", _details(final), now)
            else:
                ended = {"reason": APP_QUIT, **({"stretch_id": self._stretch_id} if self._stretch_id else {})}
                self._finish_stretch(False, ended, now)
        self.ports.collect_stretch_outcomes(lambda record: self._settle_outcome(record, now))
        self._shut_down(now, {})
        return _("hipbreak is quitting."), {}

    def _stop(self, now: datetime, command: c.Stop) -> Result:
        """Stop for a reason from outside; an open stretch window finishes on its own.

        The window writes its outcome to the outcome file, which the next start records (once).
        """
        log.info("stopping: %s", command.reason)
        self._shut_down(now, {"reason": command.reason})
        return _("hipbreak is stopping."), {}

    def _shut_down(self, now: datetime, data: dict[str, Any]) -> None:
        self._record(Event("app_stopped", now, data))
        self._save_state()
        self.running = False


def _details(record: dict[str, Any]) -> dict[str, Any]:
    """What the history keeps of an outcome record: all but its kind and the time it was written."""
    return {key: value for key, value in record.items() if key not in ("event", "at")}

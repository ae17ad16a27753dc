"""The running app: one thread owns the state and carries out the typed commands other threads post."""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hipbreak.adapters.history import HistoryError
from hipbreak.adapters.history_keeper import HistoryKeeper
from hipbreak.adapters.stretch_outcomes import outcome_uid
from hipbreak.app.desktop_commands import DesktopCommands
from hipbreak.app.gnome_wiring import GnomeWiring
from hipbreak.app.ports import Clock, Ports, ReplySlot
from hipbreak.app.reminder_commands import ReminderCommands
from hipbreak.app.saving_news import SavingNews, open_problem
from hipbreak.app.stretch_keeping import StretchKeeping
from hipbreak.core import commands as c
from hipbreak.core.bubble_texts import late_reminder_text, reminder_buttons, reminder_text
from hipbreak.core.events import Event
from hipbreak.core.holds import Holds
from hipbreak.core.reminders import Refused, Reminders, ReminderState, Status, with_counts
from hipbreak.core.settings import Settings
from hipbreak.core.view import tray_view
from hipbreak.language import _, ngettext

log = logging.getLogger(__name__)
STATE_KEY = "reminders"

Result = tuple[str, dict[str, Any]]
# Hold signals that can only poll start looking this long before a reminder comes due.
HOLD_LOOK_AHEAD = timedelta(seconds=60)


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
        self.load_settings = load_settings
        self._queue: queue.Queue[_Envelope] = queue.Queue()
        self.history: HistoryKeeper | None = None
        self._saving_news = SavingNews()
        self.reminders: Reminders | None = None
        self.holds = Holds(settings.hold)  # what calls, full screen and DND hold back (core/holds.py)
        self.running = False
        self.problems: list[str] = []
        self.zone: Any = None
        self.gnome = GnomeWiring()  # who reminds beside GNOME's own movement breaks
        self.stretches = StretchKeeping(self)  # the stretch window's lifecycle
        self.rules = ReminderCommands(self)  # the alarm, presence, holds, snooze, skip, pause, status
        self.desktop = DesktopCommands(self)  # windows, tray hosts, login start, reloads, GNOME breaks
        # Every command has one handler; every surface (tray, bubble, CLI, windows) sends the same values.
        self._handlers: dict[type[c.Command], Callable[[datetime, Any], Result]] = {
            c.Tick: self.rules.tick,
            c.HoldChanged: self.rules.hold_changed,
            c.UserIdle: self.rules.user_idle,
            c.UserActive: self.rules.user_active,
            c.Status: self.rules.status,
            c.Snooze: self.rules.snooze,
            c.Skip: self.rules.skip,
            c.Pause: self.rules.pause,
            c.Resume: self.rules.resume,
            c.StretchNow: self.stretches.open,
            c.StretchStarted: self.stretches.started,
            c.StretchEnded: self.stretches.ended,
            c.OpenWindow: self.desktop.open_window,
            c.SetAutostart: self.desktop.autostart,
            c.Reload: self.desktop.reload,
            c.Quit: self._quit,
            c.TrayMissing: self.desktop.tray_missing,
            c.TrayHostAppeared: self.desktop.tray_host_appeared,
            c.Stop: self._stop,
            c.GnomeBreaks: self.desktop.gnome_breaks,
            c.GnomeMovementBreak: self.desktop.gnome_movement_break,
        }

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
            self.stretches.collect(now)
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
        self.tell(self.problems)
        self.reminders = Reminders(self.settings.reminders, zone, state)
        self.reminders.holds = self.holds
        self.desktop.plan_gnome()
        self.running = True
        self.apply(self.reminders.begin(now), now)
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
            self.refresh(now)
            return
        if reply is not None:
            reply.set(True, message, data)

    def tell(self, problems: list[str]) -> None:
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
            self.apply(self.reminders.slept(now, timedelta(seconds=slept)), now)

    def apply(self, events: list[Event], now: datetime) -> None:
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
        self.refresh(now)

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

    def refresh(self, now: datetime) -> None:
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

    # -- the app's own handlers (state thread) -------------------------------------------------------

    def _quit(self, now: datetime, command: c.Quit) -> Result:
        """The user quits: a stretch under way ends cancelled ("app quit") and its window closes."""
        self.stretches.close_for_quit(now)
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

"""The running app: one thread owns the state and carries out commands posted from every other thread."""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from hipbreak.adapters.history import History, HistoryError
from hipbreak.app.ports import Clock, Command, Ports, Reply
from hipbreak.core.events import Event
from hipbreak.core.reminders import Refused, Reminders, ReminderState, Status, with_counts
from hipbreak.core.settings import Settings
from hipbreak.core.view import paused_sentence, reminder_text, status_message, tray_view

log = logging.getLogger(__name__)
STATE_KEY = "reminders"


class App:
    """The state owner; construct it, `post()` from anywhere, `run()` on its own thread."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        ports: Ports,
        open_history: Callable[[], History],
        load_settings: Callable[[], tuple[Settings, list[str]]],
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.ports = ports
        self._open_history = open_history
        self._load_settings = load_settings
        self._queue: queue.Queue[Command] = queue.Queue()
        self.history: History | None = None
        self.reminders: Reminders | None = None
        self.running = False
        self.problems: list[str] = []
        # Set by the composition root to tell the user at once; called on the state thread.
        self.on_problem: Callable[[str], None] = lambda problem: None

    # -- any thread --------------------------------------------------------------------------------

    def post(self, name: str, /, **args: Any) -> None:
        """Ask the state thread to carry out `name` (any thread)."""
        self._queue.put(Command(name, args))

    def call(self, name: str, args: dict[str, Any], timeout: float = 4.0) -> Reply:
        """Carry out `name` on the state thread and wait for its answer (any thread but the state thread)."""
        reply = Reply()
        self._queue.put(Command(name, args, reply))
        if not reply.wait(timeout):
            reply.set(False, f"hipbreak did not answer {name!r} within {timeout:.0f} s")
        return reply

    # -- the state thread ------------------------------------------------------------------------

    def run(self, zone: Any) -> None:
        """Open the history, start the rules and serve commands until `quit` (the state thread)."""
        now = self.clock.now()
        try:
            self.history = self._open_history()
            if self.history.moved_aside is not None:
                self.problems.append(
                    f"the history was damaged; it was moved to {self.history.moved_aside} and a new one begun"
                )
            saved = self.history.load_state(STATE_KEY)
            state = ReminderState.from_dict(saved) if saved else ReminderState()
            day = now.date().isoformat()
            state = with_counts(
                state, day, self.history.count("stretch_completed", day), self.history.count("snoozed", day)
            )
        except HistoryError as exc:
            self.problems.append(f"{exc}; breaks will not be saved until that is fixed")
            self.history = None
            state = ReminderState()
        for problem in self.problems:
            self.on_problem(problem)
        self.reminders = Reminders(self.settings.reminders, zone, state)
        self.running = True
        self._apply(self.reminders.begin(now), now)
        while self.running:
            command = self._queue.get()
            try:
                self._handle(command)
            except Exception as exc:  # one bad command must not stop reminders
                log.exception("command %s failed", command.name)
                if command.reply is not None:
                    command.reply.set(False, f"{command.name} failed: {exc}")
        self.ports.stop()

    def _handle(self, command: Command) -> None:
        assert self.reminders is not None
        now = self.clock.now()
        self._watch_clock(now)
        if command.name not in ("tick", "heartbeat"):
            log.info("command %s %s", command.name, command.args)
        handler = getattr(self, f"_do_{command.name}", None)
        if handler is None:
            if command.reply is not None:
                command.reply.set(False, f"unknown command {command.name!r}")
            return
        try:
            message, data = handler(now, **command.args)
        except Refused as exc:
            if command.reply is not None:
                command.reply.set(False, str(exc))
            self._refresh(now)
            return
        if command.reply is not None:
            command.reply.set(True, message, data)

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
        if self.history is not None:
            try:
                self.history.save_state(STATE_KEY, self.reminders.state.to_dict())
            except HistoryError as exc:
                log.warning("%s", exc)
        self.ports.wake_at(self.reminders.next_wake(now))
        self._refresh(now)

    def _record(self, event: Event) -> None:
        if self.history is None:
            return
        try:
            self.history.record(event)
        except HistoryError as exc:
            log.warning("%s", exc)

    def _act(self, event: Event) -> None:
        settings = self.settings.reminders
        if event.kind in ("reminded", "repeated"):
            summary, body = reminder_text(settings.every, int(event.data.get("count", 0)))
            first = settings.snooze[0] if settings.snooze else timedelta(minutes=5)
            actions = (
                ("default", "Stretch now"),
                ("stretch", "Stretch now"),
                (f"snooze-{int(first.total_seconds())}", f"Snooze {_short(first)}"),
            )
            self.ports.notify("reminder", summary, body, actions)
        elif event.kind == "noticed":
            seconds = round(float(event.data.get("seconds", 0)))
            self.ports.notify("notice", f"Stretch break in {seconds} s", "Finish your sentence.", ())
        elif event.kind in ("snoozed", "skipped", "paused", "stretch_started"):
            self.ports.withdraw_notification()

    def _refresh(self, now: datetime) -> None:
        assert self.reminders is not None
        status = self.reminders.status(now)
        self.ports.show_tray(tray_view(status, self.settings, now, self.reminders.next_day_start(now)))

    def status(self, now: datetime) -> Status:
        """Return the rules' status (state thread)."""
        assert self.reminders is not None
        return self.reminders.status(now)

    # -- commands (state thread); each returns (message, data) or raises Refused ----------------------

    def _do_tick(self, now: datetime) -> tuple[str, dict[str, Any]]:
        assert self.reminders is not None
        idle = self.ports.idle_seconds()
        self._apply(self.reminders.tick(now, None if idle is None else timedelta(seconds=idle)), now)
        return "", {}

    _do_heartbeat = _do_tick

    def _do_status(self, now: datetime) -> tuple[str, dict[str, Any]]:
        status = self.status(now)
        data = {
            "running": True,
            "state": status.state,
            "next_reminder": status.next_reminder.isoformat() if status.next_reminder else None,
            "paused_until": status.paused_until.isoformat() if status.paused_until else None,
            "breaks_today": status.breaks_today,
            "daily_goal": self.settings.stretch.daily_goal,
            "snoozes_left": status.snoozes_left,
        }
        return status_message(status, now), data

    def _do_snooze(self, now: datetime, seconds: float | None = None) -> tuple[str, dict[str, Any]]:
        assert self.reminders is not None
        options = self.settings.reminders.snooze
        length = timedelta(seconds=seconds) if seconds else (options[0] if options else timedelta(minutes=5))
        self._apply(self.reminders.snooze(now, length), now)
        due = self.reminders.state.due_at
        return f"Snoozed for {_short(length)}; next reminder at {due:%H:%M}." if due else "Snoozed.", {}

    def _do_skip(self, now: datetime) -> tuple[str, dict[str, Any]]:
        assert self.reminders is not None
        self._apply(self.reminders.skip(now), now)
        due = self.reminders.state.due_at
        return f"Skipped; next reminder at {due:%H:%M}." if due else "Skipped.", {}

    def _do_pause(
        self, now: datetime, seconds: float | None = None, until: str | None = None
    ) -> tuple[str, dict[str, Any]]:
        assert self.reminders is not None
        if until == "tomorrow" or not seconds:
            end = self.reminders.next_day_start(now)
        else:
            # Add in UTC: adding to a zone-aware time moves the wall clock, wrong across a DST change.
            end = (now.astimezone(timezone.utc) + timedelta(seconds=seconds)).astimezone(now.tzinfo)
        self._apply(self.reminders.pause(now, end), now)
        return paused_sentence(end, now), {"paused_until": end.isoformat()}

    def _do_resume(self, now: datetime) -> tuple[str, dict[str, Any]]:
        assert self.reminders is not None
        self._apply(self.reminders.resume(now), now)
        return "Reminders resumed.", {}

    def _do_stretch(self, now: datetime) -> tuple[str, dict[str, Any]]:
        assert self.reminders is not None
        if self.ports.stretch_running():
            return "The stretch window is already open.", {}
        stretch = self.settings.stretch
        problem = self.ports.routine_problem(stretch.routine)
        if problem is not None:  # refused here, or the window would fail to open and say nothing
            self.ports.notify("problem", "The stretch cannot start", problem, ())
            raise Refused(problem)
        args = {
            "hold": stretch.hold.total_seconds(),
            "prepare": stretch.prepare.total_seconds(),
            "daily_goal": stretch.daily_goal,
            "done_today": self.reminders.state.completed_today,
            "sound": stretch.sound,
            "routine": stretch.routine,
        }
        if not self.ports.open_stretch(args, lambda event: self.post("stretch_event", event=event)):
            raise Refused("the stretch window could not be opened; see `hipbreak doctor`")
        return "Stretch window opened.", {}

    def _do_stretch_event(self, now: datetime, event: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        assert self.reminders is not None
        kind = event.get("event")
        if kind == "started":
            self._apply(self.reminders.stretch_started(now), now)
        elif kind in ("completed", "cancelled") and self.reminders.state.stretching_since is not None:
            data = {k: v for k, v in event.items() if k != "event"}
            self._apply(self.reminders.stretch_ended(now, kind == "completed", data), now)
        return "", {}

    def _do_action(self, now: datetime, key: str) -> tuple[str, dict[str, Any]]:
        """A button on a reminder bubble was pressed."""
        if key in ("default", "stretch"):
            return self._do_stretch(now)
        if key.startswith("snooze-"):
            return self._do_snooze(now, float(key.split("-", 1)[1]))
        return "", {}

    def _do_window(self, now: datetime, which: str) -> tuple[str, dict[str, Any]]:
        self.ports.open_window(which)
        return f"The {which} window is open.", {}

    def _do_autostart(self, now: datetime, on: bool | None = None) -> tuple[str, dict[str, Any]]:
        enabled = self.ports.set_autostart(on)
        return ("hipbreak will start at login." if enabled else "hipbreak will not start at login."), {}

    def _do_reload(self, now: datetime) -> tuple[str, dict[str, Any]]:
        assert self.reminders is not None
        settings, errors = self._load_settings()
        for error in errors:
            log.warning("%s", error)
        self.settings = settings
        self.reminders.adopt(settings.reminders, now)
        self._apply([], now)
        if errors:
            return f"Settings reloaded with {len(errors)} problem(s): {errors[0]}", {"errors": errors}
        return "Settings reloaded.", {}

    def _do_quit(self, now: datetime) -> tuple[str, dict[str, Any]]:
        assert self.reminders is not None
        self._record(Event("app_stopped", now))
        if self.history is not None:
            try:
                self.history.save_state(STATE_KEY, self.reminders.state.to_dict())
            except HistoryError as exc:
                log.warning("%s", exc)
        self.running = False
        return "hipbreak is quitting.", {}


def _short(length: timedelta) -> str:
    from hipbreak.core.durations import describe

    return describe(length)

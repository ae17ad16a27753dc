"""The app's hands on the desktop: tray, notifications, alarm, idle watch and the windows it opens."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from hipbreak.adapters.alarm import Alarm
from hipbreak.adapters.idle.watching import IdleWatching
from hipbreak.adapters.notify.base import Notification, Notifier
from hipbreak.adapters.stretch_outcomes import OutcomeFile
from hipbreak.adapters.stretch_process import StretchArgs, StretchBusy, StretchProcess, launch
from hipbreak.app.gnome_port import GnomePort
from hipbreak.core.commands import Command, Outcome, StretchEnded, StretchStarted, WindowKind
from hipbreak.core.reminder_state import Refused
from hipbreak.core.settings import Settings
from hipbreak.core.view import TrayView
from hipbreak.environment import Environment
from hipbreak.language import _
from hipbreak.ui.stretch.wire import FINAL_EVENTS

log = logging.getLogger(__name__)

WINDOW_MODULES = {
    WindowKind.STATISTICS: "hipbreak.ui.stats_window",
    WindowKind.SETTINGS: "hipbreak.ui.settings_window",
    WindowKind.CONTROL: "hipbreak.ui.control_window",
}


class LivePorts:
    """Carries out the app's requests on the real desktop (called from the state thread)."""

    def __init__(
        self,
        env: Environment,
        tray: Any,
        notifier: Notifier,
        alarm: Alarm,
        idle: IdleWatching,
        autostart: Any,
        on_stop: Callable[[], None],
        say: Callable[[str], None] = lambda line: None,
        on_tray_host: Callable[[str], bool] = lambda kind: False,
        hold_signals: Sequence[Any] = (),
        gnome: GnomePort | None = None,
    ) -> None:
        self.env = env
        self.tray = tray
        self.notifier = notifier
        self.alarm = alarm
        self.idle = idle
        self._on_stop = on_stop
        self._say = say
        self._on_tray_host = on_tray_host
        self._stretch: StretchProcess | None = None
        self._windows: dict[WindowKind, subprocess.Popen[bytes]] = {}
        self.autostart = autostart
        self._hold_signals = hold_signals
        self._interested: bool | None = None
        self.gnome = gnome  # GNOME's own break reminders; None where there is no GNOME to live beside

    def hold_interest(self, interested: bool) -> None:
        """Tell the hold signals that poll (those with set_interest) whether a reminder is near."""
        if interested == self._interested:
            return
        self._interested = interested
        for signal in self._hold_signals:
            set_interest = getattr(signal, "set_interest", None)
            if set_interest is not None:
                set_interest(interested)

    def show_tray(self, view: TrayView) -> None:
        """Show the newest menu texts and tooltip."""
        if self.tray is not None:
            self.tray.show(view)

    def notify(self, kind: str, summary: str, body: str, actions: tuple[tuple[str, str], ...]) -> None:
        """Show a reminder (a quiet one after a hold's cap), a pre-notice or news of the history; each
        replaces the last of its own sort."""
        note = Notification(
            summary=summary,
            body=body,
            actions=actions,
            # News that a break was saved replaces "not saved yet", and leaves a reminder on screen alone.
            replace_key="history" if kind == "history" else "reminder",
            urgency="low" if kind in ("notice", "quiet") else "normal",
        )
        if not self.notifier.show(note):
            log.warning("no notifier could show: %s", summary)

    def tell_problems(self, problems: list[str]) -> None:
        """Say problems found in the settings or the history on stderr and in one bubble (a login start has
        no terminal)."""
        for problem in problems:
            self._say(problem)
        body = "\n".join(problems)
        note = Notification(summary=_("hipbreak found a problem"), body=body, replace_key="problems")
        if not self.notifier.show(note):
            log.warning("no notifier could show the problems")

    def withdraw_notification(self) -> None:
        """Close the reminder bubble, if one is showing."""
        self.notifier.withdraw("reminder")

    def wake_at(self, when: datetime | None) -> None:
        """Ask the alarm to wake the app at `when`."""
        self.alarm.wake_at(when)

    def watch_idle(self, settings: Settings) -> None:
        """Watch for idle_reset of idleness; a new threshold starts a new watch (its reports are posted)."""
        self.idle.watch(settings.reminders.idle_reset.total_seconds())

    def open_stretch(self, args: dict[str, Any], post: Callable[[Command], None]) -> bool:
        """Start the stretch window process; its start and outcome are posted as commands (reader thread)."""
        stretch_args = StretchArgs(
            hold=float(args["hold"]),
            prepare=float(args["prepare"]),
            daily_goal=int(args["daily_goal"]),
            done_today=int(args["done_today"]),
            sound=bool(args["sound"]),
            routine=str(args["routine"]),
            routines_dir=self.env.routines_dir if self.env.routines_dir.is_dir() else None,
            voice=str(args.get("voice", "on")),
            motion=bool(args.get("motion", True)),
            large_text=bool(args.get("large_text", False)),
            stretch_id=str(args.get("stretch_id", "")),
            outcomes=self.env.stretch_outcomes_file,
        )

        def report(event: dict[str, Any]) -> None:
            if event.get("reason") == "window process ended" and self._stretch is not None:  # not user text
                log.warning("the stretch window ended early: %s", self._stretch.error or "no message")
            kind = event.get("event")
            if kind == "started":
                post(StretchStarted())
            elif kind in FINAL_EVENTS:
                details = {key: value for key, value in event.items() if key != "event"}
                post(StretchEnded(Outcome(kind), details))

        from hipbreak.ipc.instance import FileLock, InstanceError

        lock = FileLock(self.env.stretch_lock_file, self.env.platform)
        try:
            self._stretch = launch(
                stretch_args, report, python=self.env.executable, env=self.env.variables, lock=lock
            )
        except StretchBusy as exc:
            log.info("%s", exc)
            return False
        except (OSError, InstanceError) as exc:
            log.error("cannot start the stretch window: %s", exc)
            return False
        return True

    def routine_problem(self, name: str) -> str | None:
        """Return None when routine `name` loads, else one line naming its file, line and fix."""
        from hipbreak.adapters.routine_files import routine_problem

        return routine_problem(name, self.env.routines_dir, self.env.config_file)

    def stretch_running(self) -> bool:
        """Whether a stretch window is open now: ours, or one that outlived an earlier app or CLI."""
        if self._stretch is not None and self._stretch.alive():
            return True
        from hipbreak.ipc.instance import FileLock, InstanceError

        probe = FileLock(self.env.stretch_lock_file, self.env.platform)
        try:
            free = probe.acquire()
        except InstanceError:
            return False
        probe.release()
        return not free

    def close_stretch(self, reason: str) -> dict[str, Any] | None:
        """Have our stretch window cancel for `reason` and close (or kill it); return its outcome."""
        stretch, self._stretch = self._stretch, None
        if stretch is None:
            return None
        return stretch.close(reason)

    def collect_stretch_outcomes(self, take: Callable[[dict[str, Any]], bool]) -> None:
        """Hand each outcome a stretch window left in the outcome file to `take` (True: recorded, drop it)."""
        try:
            OutcomeFile(self.env.stretch_outcomes_file).settle(take)
        except OSError as exc:
            log.warning("cannot read the stretch outcomes in %s: %s", self.env.stretch_outcomes_file, exc)

    def open_window(self, kind: WindowKind, settings: Settings) -> None:
        """Open one small window unless it is open already; the statistics use the current daily goal."""
        running = self._windows.get(kind)
        if running is not None and running.poll() is None:
            return
        command = [self.env.executable, "-m", WINDOW_MODULES[kind]]
        if kind is WindowKind.STATISTICS:
            goal = settings.stretch.daily_goal
            command += ["--db", str(self.env.history_file), "--goal", str(goal)]
        try:
            self._windows[kind] = subprocess.Popen(command, env=dict(self.env.variables))
        except OSError as exc:
            log.error("cannot open the %s window: %s", kind.value, exc)

    def close_window(self, kind: WindowKind) -> None:
        """Close the `kind` window this app opened, if it is still open."""
        running = self._windows.pop(kind, None)
        if running is not None and running.poll() is None:
            running.terminate()
            try:
                running.wait(timeout=2)
            except subprocess.TimeoutExpired:
                running.kill()

    def window_problem(self) -> str | None:
        """Return None when a window can open here, else one line saying why not and what to do."""
        return window_problem(self.env)

    def use_tray_host(self, kind: str) -> bool:
        """Show the icon on the `kind` host ("sni" or "xembed") that just appeared; True if it shows."""
        return self._on_tray_host(kind)

    def set_autostart(self, on: bool | None) -> bool:
        """Turn start-at-login on, off, or over (None); return the state afterwards, or raise Refused."""
        from hipbreak.adapters.autostart import AutostartError

        try:
            target = (not self.autostart.enabled()) if on is None else on
            if target:
                self.autostart.enable()
            else:
                self.autostart.disable()
        except AutostartError as exc:
            raise Refused(str(exc)) from None
        return self.autostart_enabled()

    def autostart_enabled(self) -> bool:
        """Whether hipbreak starts at login now, read from the entry itself (it may change behind us)."""
        try:
            return bool(self.autostart.enabled())
        except Exception:  # an unreadable entry is "off" for the checkbox, never a crash
            return False

    def autostart_location(self) -> str:
        """Where the login entry lives."""
        return str(self.autostart.location())

    def gnome_movement_on(self) -> bool | None:
        """Whether GNOME's own movement breaks are on; None when unknown or not GNOME."""
        return self.gnome.movement_on() if self.gnome is not None else None

    def switch_gnome_movement_off(self) -> str | None:
        """Switch GNOME's movement breaks off; None when done, else why not."""
        if self.gnome is None:
            return _("GNOME's break settings are not reachable from here")
        return self.gnome.switch_movement_off()

    def follow_gnome(self, on: bool) -> None:
        """Start or stop following GNOME Shell's break state."""
        if self.gnome is not None:
            self.gnome.follow(on)

    def save_gnome_breaks(self, choice: str) -> str | None:
        """Save `[hold] gnome_breaks` in the config file; None when saved, else why not."""
        if self.gnome is None:
            return _("the choice could not be saved here")
        return self.gnome.save_choice(choice)

    def stop(self) -> None:
        """End the tray loop; a stretch window still open finishes on its own and writes its outcome."""
        self.notifier.withdraw("reminder")
        if self.gnome is not None:
            self.gnome.close()
        self._on_stop()


def window_problem(env: Environment) -> str | None:
    """Return why no Tk window can open in `env` (a Wayland session without XWayland), else None."""
    variables = env.variables
    if env.platform in ("win32", "darwin") or variables.get("DISPLAY"):
        return None
    if variables.get("WAYLAND_DISPLAY"):
        return _(
            "hipbreak's windows need X11, and this Wayland session has no X display (XWayland is off); "
            "turn XWayland on, or use the hipbreak command in a terminal"
        )
    # Translators: DISPLAY is an environment variable: keep it as it is.
    return _(
        "hipbreak's windows need a display, and DISPLAY is not set; start hipbreak from your desktop session"
    )

"""The app's hands on the desktop: tray, notifications, alarm, idle time and the windows it opens."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable
from datetime import datetime
from typing import Any

from hipbreak.adapters.alarm import Alarm
from hipbreak.adapters.idle.base import IdleSource
from hipbreak.adapters.notify.base import Notification, Notifier
from hipbreak.adapters.stretch_process import StretchArgs, StretchProcess, launch
from hipbreak.core.view import TrayView
from hipbreak.environment import Environment

log = logging.getLogger(__name__)

WINDOW_MODULES = {
    "statistics": "hipbreak.ui.stats_window",
    "settings": "hipbreak.ui.settings_window",
    "control": "hipbreak.ui.control_window",
}


class DesktopPorts:
    """Carries out the app's requests on the real desktop (called from the state thread)."""

    def __init__(
        self,
        env: Environment,
        tray: Any,
        notifier: Notifier,
        alarm: Alarm,
        idle: IdleSource,
        on_stop: Callable[[], None],
    ) -> None:
        self.env = env
        self.tray = tray
        self.notifier = notifier
        self.alarm = alarm
        self.idle = idle
        self._on_stop = on_stop
        self._stretch: StretchProcess | None = None
        self._windows: dict[str, subprocess.Popen[bytes]] = {}
        self.daily_goal = 8
        self.autostart: Any = None
        self.autostart_state: dict[str, bool] = {"on": False}

    def show_tray(self, view: TrayView) -> None:
        """Show the newest menu texts and tooltip."""
        if self.tray is not None:
            self.tray.show(view)

    def notify(self, kind: str, summary: str, body: str, actions: tuple[tuple[str, str], ...]) -> None:
        """Show a reminder or a pre-notice bubble; a reminder replaces the previous one."""
        note = Notification(
            summary=summary,
            body=body,
            actions=actions,
            replace_key="reminder",
            urgency="low" if kind == "notice" else "normal",
        )
        if not self.notifier.show(note):
            log.warning("no notifier could show: %s", summary)

    def withdraw_notification(self) -> None:
        """Close the reminder bubble, if one is showing."""
        self.notifier.withdraw("reminder")

    def wake_at(self, when: datetime | None) -> None:
        """Ask the alarm to wake the app at `when`."""
        self.alarm.wake_at(when)

    def idle_seconds(self) -> float | None:
        """Return how long the user has not touched keyboard or mouse, None when unknown."""
        return self.idle.idle_seconds()

    def open_stretch(self, args: dict[str, Any], on_event: Callable[[dict[str, Any]], None]) -> bool:
        """Start the stretch window process; its events arrive through `on_event` (from a reader thread)."""
        stretch_args = StretchArgs(
            hold=float(args["hold"]),
            prepare=float(args["prepare"]),
            daily_goal=int(args["daily_goal"]),
            done_today=int(args["done_today"]),
            sound=bool(args["sound"]),
            routine=str(args["routine"]),
            routines_dir=self.env.routines_dir if self.env.routines_dir.is_dir() else None,
        )

        def report(event: dict[str, Any]) -> None:
            if event.get("reason") == "window process ended" and self._stretch is not None:
                log.warning("the stretch window ended early: %s", self._stretch.error or "no message")
            on_event(event)

        try:
            self._stretch = launch(stretch_args, report, python=self.env.executable, env=self.env.variables)
        except OSError as exc:
            log.error("cannot start the stretch window: %s", exc)
            return False
        return True

    def routine_problem(self, name: str) -> str | None:
        """Return None when routine `name` loads, else one line naming its file, line and fix."""
        from hipbreak.adapters.routine_files import routine_problem

        return routine_problem(name, self.env.routines_dir, self.env.config_file)

    def stretch_running(self) -> bool:
        """Whether a stretch window is open now."""
        return self._stretch is not None and self._stretch.alive()

    def open_window(self, name: str) -> None:
        """Open the named small window (statistics, settings, control) unless it is open already."""
        running = self._windows.get(name)
        if running is not None and running.poll() is None:
            return
        module = WINDOW_MODULES[name]
        command = [self.env.executable, "-m", module]
        if name == "statistics":
            command += ["--db", str(self.env.history_file), "--goal", str(self.daily_goal)]
        try:
            self._windows[name] = subprocess.Popen(command, env=dict(self.env.variables))
        except OSError as exc:
            log.error("cannot open the %s window: %s", name, exc)

    def set_autostart(self, on: bool | None) -> bool:
        """Turn start-at-login on, off, or over (None); return the state it is in afterwards."""
        if self.autostart is None:
            return False
        from hipbreak.adapters.autostart import AutostartError

        try:
            target = (not self.autostart.enabled()) if on is None else on
            if target:
                self.autostart.enable()
            else:
                self.autostart.disable()
            self.autostart_state["on"] = self.autostart.enabled()
        except AutostartError as exc:
            log.error("%s", exc)
        return self.autostart_state["on"]

    def stop(self) -> None:
        """Close what the app opened and end the tray loop."""
        if self._stretch is not None and self._stretch.alive():
            self._stretch.terminate()
        self.notifier.withdraw("reminder")
        self._on_stop()

"""The state thread's answers about the desktop around the rules: windows, tray hosts, start at login,
settings reloads and GNOME's own movement breaks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from hipbreak.app.gnome_wiring import ANSWERS
from hipbreak.core import commands as c
from hipbreak.core.reminders import Refused
from hipbreak.language import N_, _, ngettext

if TYPE_CHECKING:
    from hipbreak.app.state import App, Result

# What an OpenWindow command answers, by window.
WINDOW_OPEN: dict[c.WindowKind, str] = {
    c.WindowKind.CONTROL: N_("The control window is open."),
    c.WindowKind.STATISTICS: N_("The statistics window is open."),
    c.WindowKind.SETTINGS: N_("The settings window is open."),
}


class DesktopCommands:
    """Handlers of the commands about the desktop (state thread only); each returns (message, data)."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.window_for_missing_tray = False  # the control window stands in for a tray not there yet

    def open_window(self, now: datetime, command: c.OpenWindow) -> Result:
        """Open the control, statistics or settings window."""
        self.check_windows()
        self.app.ports.open_window(command.kind, self.app.settings)
        return _(WINDOW_OPEN[command.kind]), {}

    def check_windows(self) -> None:
        """Say in a bubble, and refuse, when no window can open here (Wayland without XWayland)."""
        problem = self.app.ports.window_problem()
        if problem is not None:  # a click in the tray has no terminal to answer in
            self.app.ports.notify("problem", _("hipbreak cannot open a window"), problem, ())
            raise Refused(problem)

    def tray_missing(self, now: datetime, command: c.TrayMissing) -> Result:
        """No tray to show the icon in: the control window stands in for it."""
        self.window_for_missing_tray = True
        return self.open_window(now, c.OpenWindow(c.WindowKind.CONTROL))

    def tray_host_appeared(self, now: datetime, command: c.TrayHostAppeared) -> Result:
        """A tray came late: show the icon there and close the window that stood in for it."""
        if not self.app.ports.use_tray_host(command.kind):
            return "", {}
        if self.window_for_missing_tray:
            self.window_for_missing_tray = False
            self.app.ports.close_window(c.WindowKind.CONTROL)
        self.app.refresh(now)
        return "", {}

    def autostart(self, now: datetime, command: c.SetAutostart) -> Result:
        """Turn start at login on or off, and say where its entry lives."""
        ports = self.app.ports
        enabled = ports.set_autostart(command.on)
        self.app.refresh(now)
        location = ports.autostart_location()
        data = {"enabled": enabled, "location": location}
        if enabled:
            # Translators: {location} is the file or registry key of the login entry.
            return _("Start at login: on ({location}).").format(location=location), data
        return _("Start at login: off ({location}).").format(location=location), data

    def reload(self, now: datetime, command: c.Reload) -> Result:
        """Read the config file again; the rules, idle watch, holds and GNOME plan take the new settings."""
        app = self.app
        assert app.reminders is not None
        settings, errors = app.load_settings()
        app.settings = settings
        app.reminders.adopt(settings.reminders, now)
        app.ports.watch_idle(settings)
        self.plan_gnome()
        app.apply(app.holds.adopt(settings.hold, now), now)
        app.tell(errors)
        if errors:
            # Translators: {count} problems were found in the config file; {first} is the first of them.
            message = ngettext(
                "Settings reloaded with {count} problem: {first}",
                "Settings reloaded with {count} problems: {first}",
                len(errors),
            )
            return message.format(count=len(errors), first=errors[0]), {"errors": errors}
        return _("Settings reloaded."), {}

    def plan_gnome(self) -> None:
        """Decide again who reminds beside GNOME's movement breaks, from the settings and the desktop."""
        app = self.app
        assert app.reminders is not None
        app.gnome.plan(app.settings, app.reminders, app.ports, app.history, app.tell)

    def gnome_breaks(self, now: datetime, command: c.GnomeBreaks) -> Result:
        """The user answered who reminds beside GNOME's movement breaks (the question's buttons)."""
        app = self.app
        app.settings = app.gnome.answer(command.choice, app.settings, app.ports, app.tell)
        app.holds.settings = app.settings.hold
        self.plan_gnome()
        app.apply([], now)
        return _(ANSWERS[command.choice]), {"gnome_breaks": command.choice.value}

    def gnome_movement_break(self, now: datetime, command: c.GnomeMovementBreak) -> Result:
        """GNOME showed its own movement break."""
        self.app.gnome.movement_break(self.app.ports)
        return "", {}

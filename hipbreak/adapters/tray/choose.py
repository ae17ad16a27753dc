"""Picks the tray for this desktop at run time, and says why the others were passed over.

On Linux and the BSDs a StatusNotifierWatcher on the session bus wins: the StatusNotifier tray needs no
toolkit (jeepney alone). Else an XEmbed tray (trayer, i3bar, polybar) gets pystray's gtk icon. Windows and
macOS have pystray's own. With neither host there is no tray, and the app watches for one to come.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hipbreak.adapters.session_bus import session_bus_address
from hipbreak.adapters.tray.base import Tray
from hipbreak.adapters.tray.probe import WATCHER, XEMBED_SELECTION, TrayHosts, find_tray_hosts
from hipbreak.core.commands import Command
from hipbreak.core.view import TrayView
from hipbreak.environment import Environment
from hipbreak.language import N_, _

# The X11-style platforms whose desktops speak StatusNotifier and XEmbed.
UNIX_DESKTOPS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")


@dataclass(frozen=True)
class TrayPlan:
    """Which tray to build: `kind` is sni, gtk, xorg, win32, darwin or none; `reason` says why."""

    kind: str
    reason: str
    notes: tuple[str, ...] = ()  # one line per tray passed over

    @property
    def label(self) -> str:
        """The tray's name for people: "StatusNotifier", "XEmbed (GTK)", ... in the user's language."""
        label = _LABELS.get(self.kind, self.kind)
        return _(label)


# Names of tray protocols stay as they are; what describes one is translated where it is shown.
_LABELS = {
    "sni": "StatusNotifier",
    "gtk": "XEmbed (GTK)",
    "xorg": N_("XEmbed (no menu)"),
    "win32": N_("Windows notification area"),
    "darwin": N_("macOS menu bar"),
    "none": "none",
}


def has_pygobject() -> bool:
    """Whether PyGObject is installed, found without importing it (importing gi loads GLib)."""
    return importlib.util.find_spec("gi") is not None


def plan_tray(env: Environment, hosts: TrayHosts | None = None, gtk: bool | None = None) -> TrayPlan:
    """Return the tray that suits `env`; probes the bus and the X display unless `hosts` is given."""
    if env.platform == "win32":
        return TrayPlan("win32", "Windows")
    if env.platform == "darwin":
        return TrayPlan("darwin", "macOS")
    if not env.platform.startswith(UNIX_DESKTOPS):
        # Translators: {platform} is the operating system's code, e.g. 'sunos5'.
        return TrayPlan("none", _("no tray for platform {platform}").format(platform=repr(env.platform)))
    hosts = find_tray_hosts(env.variables) if hosts is None else hosts
    gtk = has_pygobject() if gtk is None else gtk
    display = env.variables.get("DISPLAY", "")
    if hosts.sni_owner is not None:
        passed = []
        if hosts.xembed_owner is not None:
            passed.append("XEmbed: " + _("a tray is there too, but StatusNotifier needs no toolkit"))
        # Translators: {name} is a D-Bus name; {owner} the unique name of the program that owns it.
        owned = _("{name} is owned by {owner}").format(name=WATCHER, owner=hosts.sni_owner)
        return TrayPlan("sni", owned, tuple(passed))
    # Translators: {name} is the D-Bus name org.kde.StatusNotifierWatcher.
    notes = ["StatusNotifier: " + _("no {name} on the session bus").format(name=WATCHER)]
    if hosts.xembed_owner is not None:
        # Translators: {window} is an X window id; {selection} an X selection; {display} a display such as :0.
        where = _("an XEmbed tray (window {window}) owns {selection} on {display}").format(
            window=f"{hosts.xembed_owner:#x}", selection=XEMBED_SELECTION, display=display
        )
        if gtk:
            return TrayPlan("gtk", where, tuple(notes))
        notes.append("gtk: " + _("PyGObject is not installed, so the icon has no menu"))
        return TrayPlan("xorg", where, tuple(notes))
    # Translators: {reasons} lists, separated by semicolons, why each kind of tray was not found.
    return TrayPlan("none", _("no tray host: {reasons}").format(reasons="; ".join(hosts.notes)))


def build_tray(
    plan: TrayPlan,
    env: Environment,
    post: Callable[[Command], None],
    draw_icon: Callable[[int, str | None], Any],
    view: TrayView,
) -> Tray:
    """Build the tray `plan` names; nothing is shown before its run(). Imports only that tray's module."""
    if plan.kind == "sni":
        from hipbreak.adapters.tray.sni.tray import SniTray

        return SniTray(post, draw_icon, view, bus_address=session_bus_address(env.variables))
    if plan.kind in ("gtk", "xorg", "win32", "darwin"):
        from hipbreak.adapters.tray.pystray_tray import TrayIcon

        return TrayIcon(plan.kind, post, draw_icon, view)
    from hipbreak.adapters.tray.null import NullTray

    return NullTray()


def choose_tray(
    env: Environment,
    post: Callable[[Command], None],
    draw_icon: Callable[[int, str | None], Any],
    view: TrayView,
) -> tuple[Tray, TrayPlan]:
    """Return the tray for this desktop and the plan behind it (with why others were passed over)."""
    plan = plan_tray(env)
    return build_tray(plan, env, post, draw_icon, view), plan

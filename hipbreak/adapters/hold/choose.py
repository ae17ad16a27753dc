"""Picks the hold signals that work on this desktop at run time, and says why each other one was passed over.

Every signal that answers its probe is kept (dunst and GNOME may both say DND; the core holds a reason
while any of its signals does). A reason turned off in `[hold]` starts nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from hipbreak.adapters.hold.base import HoldSignal, HoldUnavailable
from hipbreak.adapters.idle.choose import desktop_names, is_wayland
from hipbreak.adapters.session_bus import session_bus_address
from hipbreak.core.holds import HoldReason
from hipbreak.core.settings import Settings
from hipbreak.environment import Environment
from hipbreak.error_text import describe_error, one_line

SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket"
GNOME_LIKE = {"gnome", "ubuntu", "unity", "pop", "gnome-classic", "gnome-flashback"}


def system_bus_address(variables: Mapping[str, str]) -> str:
    """Return the system bus address (DBUS_SYSTEM_BUS_ADDRESS, else the standard socket)."""
    return variables.get("DBUS_SYSTEM_BUS_ADDRESS") or SYSTEM_BUS


def choose_hold_signals(env: Environment, settings: Settings) -> tuple[list[HoldSignal], list[str]]:
    """Return the signals to start (none started yet) and one note per candidate passed over."""
    signals: list[HoldSignal] = []
    notes: list[str] = []
    if not settings.hold.call:
        notes.append("call: turned off in the config ([hold] call = false)")
    else:
        try:
            from hipbreak.adapters.hold.calls import choose_call_signals
        except ImportError:
            notes.append("call: this version of hipbreak cannot tell when you are in a call")
        else:
            found, call_notes = choose_call_signals(env, settings)
            signals.extend(found)
            notes.extend(call_notes)
    desktop, desktop_notes = choose_desktop_signals(env, settings)
    return signals + desktop, notes + desktop_notes


def choose_desktop_signals(env: Environment, settings: Settings) -> tuple[list[HoldSignal], list[str]]:
    """Return the full-screen, DND and idle-inhibitor signals (not started), and why others were not."""
    hold = settings.hold
    signals: list[HoldSignal] = []
    notes: list[str] = []

    def attempt(name: str, opener: Callable[[], HoldSignal]) -> None:
        try:
            signals.append(opener())
        except HoldUnavailable as error:
            notes.append(f"{name}: {one_line(str(error))}")
        except Exception as error:  # a probe failure is a note for `doctor`, never a crash
            notes.append(f"{name}: {describe_error(error)}")

    for reason in (HoldReason.FULLSCREEN, HoldReason.DND, HoldReason.INHIBITED):
        if not hold.enabled(reason):
            notes.append(f"{reason.value}: turned off in the config ([hold] {reason.value} = false)")

    if not env.platform.startswith("linux"):
        if hold.fullscreen or hold.dnd or hold.inhibited:
            notes.append(f"full screen, DND and inhibitors are watched on Linux only, not {env.platform!r}")
        return signals, notes

    variables = env.variables
    bus = session_bus_address(variables)
    desktops = desktop_names(variables)
    if hold.fullscreen:
        from hipbreak.adapters.hold.x11_fullscreen import X11Fullscreen

        if is_wayland(variables):
            # No Wayland protocol tells one app about another's windows; GNOME and KDE offer no API either.
            notes.append("x11-fullscreen: a Wayland session: other apps' full-screen windows cannot be seen")
        else:
            attempt("x11-fullscreen", lambda: X11Fullscreen(variables.get("DISPLAY", ""), "an X11 session"))

    if hold.dnd or hold.inhibited:
        if bus is None:
            notes.append("dnd, inhibited: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
        else:
            _bus_signals(variables, bus, desktops, settings, attempt, notes)
    if hold.inhibited:
        from hipbreak.adapters.hold.bus_property import LogindIdleInhibited

        attempt(
            "logind-idle-inhibited",
            lambda: LogindIdleInhibited(system_bus_address(variables), "systemd-logind answers"),
        )
    return signals, notes


def _bus_signals(
    variables: Mapping[str, str],
    bus: str,
    desktops: set[str],
    settings: Settings,
    attempt: Callable[[str, Callable[[], HoldSignal]], None],
    notes: list[str],
) -> None:
    from hipbreak.adapters.hold import bus_property as bp

    if settings.hold.dnd:
        attempt("dunst-paused", lambda: bp.DunstPaused(bus, "dunst shows the bubbles"))
        offers = "the notification server offers Inhibited"
        attempt("notifications-inhibited", lambda: bp.NotificationsInhibited(bus, offers))
        attempt("xfce-do-not-disturb", lambda: bp.XfceDoNotDisturb(bus, "xfconf answers"))
        if desktops & GNOME_LIKE:
            from hipbreak.adapters.hold.gnome_banners import GnomeBannersOff

            attempt("gnome-show-banners", lambda: GnomeBannersOff(variables, bus, "a GNOME session"))
        else:
            notes.append("gnome-show-banners: not a GNOME session")
    if settings.hold.inhibited:
        attempt("gnome-idle-inhibited", lambda: bp.GnomeIdleInhibited(bus, "GNOME's session manager answers"))
        # Apps that call org.freedesktop.ScreenSaver.Inhibit cannot be seen from outside; GNOME passes those
        # on to its session manager (watched above), and logind sees `systemd-inhibit --what=idle`.
        notes.append("org.freedesktop.ScreenSaver inhibitors: not observable from another app")

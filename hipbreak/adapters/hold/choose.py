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
from hipbreak.language import _

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
        notes.append(note("call", turned_off("call")))
    else:
        try:
            from hipbreak.adapters.hold.calls import choose_call_signals
        except ImportError:
            notes.append(note("call", _("this version of hipbreak cannot tell when you are in a call")))
        else:
            found, call_notes = choose_call_signals(env, settings)
            signals.extend(found)
            notes.extend(call_notes)
    desktop, desktop_notes = choose_desktop_signals(env, settings)
    return signals + desktop, notes + desktop_notes


def note(name: str, reason: str) -> str:
    """Return the line for a candidate passed over: its name (never translated), then the reason."""
    return f"{name}: {reason}"


def turned_off(key: str) -> str:
    """Say that the `[hold] key` setting turned a reason off."""
    # Translators: {key} is a setting name in the config file (call, fullscreen, dnd, inhibited); keep
    # "[hold]", "= false" and the key as they are.
    return _("turned off in the config ([hold] {key} = false)").format(key=key)


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
            notes.append(note(reason.value, turned_off(reason.value)))

    if not env.platform.startswith("linux"):
        if hold.fullscreen or hold.dnd or hold.inhibited:
            # Translators: {platform} is the operating system's code, e.g. 'win32' or 'darwin'.
            text = _("full screen, Do Not Disturb and inhibitors are watched on Linux only, not {platform}")
            notes.append(text.format(platform=repr(env.platform)))
        return signals, notes

    variables = env.variables
    bus = session_bus_address(variables)
    desktops = desktop_names(variables)
    if hold.fullscreen:
        from hipbreak.adapters.hold.x11_fullscreen import X11Fullscreen

        if is_wayland(variables):
            # No Wayland protocol tells one app about another's windows; GNOME and KDE offer no API either.
            wayland = _("a Wayland session: other apps' full-screen windows cannot be seen")
            notes.append(note("x11-fullscreen", wayland))
        else:
            x11 = _("an X11 session")
            attempt("x11-fullscreen", lambda: X11Fullscreen(variables.get("DISPLAY", ""), x11))

    if hold.dnd or hold.inhibited:
        if bus is None:
            notes.append(note("dnd, inhibited", _("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")))
        else:
            _bus_signals(variables, bus, desktops, settings, attempt, notes)
    if hold.inhibited:
        from hipbreak.adapters.hold.bus_property import LogindIdleInhibited

        attempt(
            "logind-idle-inhibited",
            lambda: LogindIdleInhibited(system_bus_address(variables), _("systemd-logind answers")),
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
        attempt("dunst-paused", lambda: bp.DunstPaused(bus, _("dunst shows the bubbles")))
        # Translators: "Inhibited" is the name of a D-Bus property; keep it as it is.
        offers = _("the notification server offers Inhibited")
        attempt("notifications-inhibited", lambda: bp.NotificationsInhibited(bus, offers))
        attempt("xfce-do-not-disturb", lambda: bp.XfceDoNotDisturb(bus, _("xfconf answers")))
        if desktops & GNOME_LIKE:
            from hipbreak.adapters.hold.gnome_banners import GnomeBannersOff

            attempt("gnome-show-banners", lambda: GnomeBannersOff(variables, bus, _("a GNOME session")))
        else:
            notes.append(note("gnome-show-banners", _("not a GNOME session")))
    if settings.hold.inhibited:
        answers = _("GNOME's session manager answers")
        attempt("gnome-idle-inhibited", lambda: bp.GnomeIdleInhibited(bus, answers))
        # Apps that call org.freedesktop.ScreenSaver.Inhibit cannot be seen from outside; GNOME passes those
        # on to its session manager (watched above), and logind sees `systemd-inhibit --what=idle`.
        screensaver = _("apps that inhibit the screen saver this way cannot be seen from another app")
        notes.append(note("org.freedesktop.ScreenSaver", screensaver))

"""Whether the desktop has somewhere to show a tray icon: an XEmbed tray or a StatusNotifier host."""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Mapping
from dataclasses import dataclass

from hipbreak.adapters.session_bus import session_bus_address


@dataclass(frozen=True)
class TrayHosts:
    """What kinds of tray host were found."""

    xembed: bool
    sni: bool
    notes: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        """Whether an icon can be seen at all."""
        return self.xembed or self.sni

    def backend(self) -> str:
        """Return the pystray backend that suits these hosts (on Linux)."""
        return "appindicator" if self.sni else "gtk"


def xembed_tray_owner(display_name: str) -> int | None:
    """Return the window owning the X11 tray selection; None when nobody does or X is unreachable."""
    path = ctypes.util.find_library("X11") or "libX11.so.6"
    try:
        xlib = ctypes.CDLL(path)
    except OSError:
        return None
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XGetSelectionOwner.restype = ctypes.c_ulong
    xlib.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    xlib.XDefaultScreen.argtypes = [ctypes.c_void_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = xlib.XOpenDisplay(display_name.encode())
    if not display:
        return None
    try:
        screen = xlib.XDefaultScreen(display)
        atom = xlib.XInternAtom(display, f"_NET_SYSTEM_TRAY_S{screen}".encode(), 0)
        owner = xlib.XGetSelectionOwner(display, atom)
        return int(owner) or None
    finally:
        xlib.XCloseDisplay(display)


def bus_name_has_owner(name: str, bus_address: str | None, timeout: float = 1.0) -> bool:
    """Return whether `name` has an owner on the session bus; False when the bus is unreachable."""
    try:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        return False
    try:
        connection = open_dbus_connection(bus=bus_address or "SESSION")
    except Exception:
        return False
    try:
        bus = DBusAddress(
            "/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus"
        )
        reply = connection.send_and_get_reply(
            new_method_call(bus, "NameHasOwner", "s", (name,)), timeout=timeout
        )
        return bool(reply.body[0])
    except Exception:
        return False
    finally:
        connection.close()


def find_tray_hosts(variables: Mapping[str, str]) -> TrayHosts:
    """Probe the session named by `variables` (DISPLAY, DBUS_SESSION_BUS_ADDRESS) for tray hosts."""
    notes: list[str] = []
    display = variables.get("DISPLAY", "")
    xembed = bool(display) and xembed_tray_owner(display) is not None
    if not display:
        notes.append("no X11 display, so no XEmbed tray")
    elif not xembed:
        notes.append(f"no XEmbed tray owns _NET_SYSTEM_TRAY_S0 on {display}")
    sni = bus_name_has_owner("org.kde.StatusNotifierWatcher", session_bus_address(variables))
    if not sni:
        notes.append("no StatusNotifierWatcher on the session bus")
    return TrayHosts(xembed=xembed, sni=sni, notes=tuple(notes))

"""Whether the desktop has somewhere to show a tray icon: an XEmbed tray or a StatusNotifier host."""

from __future__ import annotations

import ctypes
from collections.abc import Mapping
from dataclasses import dataclass

from hipbreak.adapters.c_library import load_library
from hipbreak.adapters.session_bus import session_bus_address
from hipbreak.language import _

WATCHER = "org.kde.StatusNotifierWatcher"
XEMBED_SELECTION = "_NET_SYSTEM_TRAY_S0"


@dataclass(frozen=True)
class TrayHosts:
    """Which tray hosts were found: the XEmbed tray's window and the StatusNotifierWatcher's bus name."""

    xembed_owner: int | None
    sni_owner: str | None
    notes: tuple[str, ...] = ()

    @property
    def xembed(self) -> bool:
        """Whether an XEmbed tray owns the tray selection."""
        return self.xembed_owner is not None

    @property
    def sni(self) -> bool:
        """Whether a StatusNotifierWatcher is on the session bus."""
        return self.sni_owner is not None

    @property
    def any(self) -> bool:
        """Whether an icon can be seen at all."""
        return self.xembed or self.sni


def xembed_tray_owner(display_name: str) -> int | None:
    """Return the window owning the X11 tray selection; None when nobody does or X is unreachable."""
    try:
        xlib = load_library("X11", "libX11.so.6")
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


def bus_name_owner(name: str, bus_address: str | None, timeout: float = 1.0) -> str | None:
    """Return the unique name owning `name` on the session bus; None when nobody does or no bus answers."""
    try:
        from jeepney import DBusAddress, MessageType, new_method_call
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        return None
    try:
        connection = open_dbus_connection(bus=bus_address or "SESSION")
    except Exception:
        return None
    try:
        bus = DBusAddress(
            "/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus"
        )
        reply = connection.send_and_get_reply(
            new_method_call(bus, "GetNameOwner", "s", (name,)), timeout=timeout
        )
        if reply.header.message_type == MessageType.error:  # NameHasNoOwner
            return None
        return str(reply.body[0])
    except Exception:
        return None
    finally:
        connection.close()


def find_tray_hosts(variables: Mapping[str, str]) -> TrayHosts:
    """Probe the session named by `variables` (DISPLAY, DBUS_SESSION_BUS_ADDRESS) for tray hosts."""
    notes: list[str] = []
    display = variables.get("DISPLAY", "")
    xembed = xembed_tray_owner(display) if display else None
    if not display:
        notes.append(_("no X11 display, so no XEmbed tray"))
    elif xembed is None:
        # Translators: {selection} is an X selection's name; {display} a display such as :0.
        text = _("no XEmbed tray owns {selection} on {display}")
        notes.append(text.format(selection=XEMBED_SELECTION, display=display))
    sni = bus_name_owner(WATCHER, session_bus_address(variables))
    if sni is None:
        # Translators: {name} is the D-Bus name org.kde.StatusNotifierWatcher.
        notes.append(_("no StatusNotifierWatcher ({name}) on the session bus").format(name=WATCHER))
    return TrayHosts(xembed_owner=xembed, sni_owner=sni, notes=tuple(notes))

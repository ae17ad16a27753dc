"""Waiting for an XEmbed tray to take _NET_SYSTEM_TRAY_S0, without polling.

XFixes reports every change of the selection's owner (XFixesSelectSelectionInput with
SetSelectionOwnerNotify); without libXfixes the tray manager's MANAGER client message on the root window
does (https://specifications.freedesktop.org/systemtray-spec/latest/). The thread sleeps in poll() on the
X connection and a wake-up pipe, so it costs nothing while no tray comes.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
from collections.abc import Callable
from typing import Any

from hipbreak.adapters.c_library import load_library
from hipbreak.adapters.idle.x11 import _io_error_guard, _IOErrorExitHandler

_SET_SELECTION_OWNER_NOTIFY_MASK = 1  # from <X11/extensions/Xfixes.h>
_STRUCTURE_NOTIFY_MASK = 1 << 17  # from <X11/X.h>: the tray manager's MANAGER message comes with it


class XembedWatch:
    """Tells once when a window owns the tray selection on `display`; `run()` blocks its own thread."""

    def __init__(self, display: str, on_owner: Callable[[], None]) -> None:
        """Keep what to watch; nothing opens before run(). Any thread."""
        self._display = display
        self._on_owner = on_owner
        self._wake_r, self._wake_w = os.pipe()
        self._closed = False

    def run(self) -> None:
        """Wait until a tray owns the selection (then call on_owner()) or close(); raises OSError when
        the display or libX11 cannot be opened."""
        xlib = _load("X11", "libX11.so.6")
        dpy = xlib.XOpenDisplay(self._display.encode())
        if not dpy:
            raise OSError(f"cannot open the X display {self._display}")  # not user text: logged
        # Xlib exits the whole process when a connection is lost; the guard makes that one line instead.
        lost = _IOErrorExitHandler(lambda _display, _data: None)
        guard = _io_error_guard()
        if guard is not None:
            guard.displays.add(dpy)
            xlib.XSetIOErrorExitHandler.argtypes = [ctypes.c_void_p, _IOErrorExitHandler, ctypes.c_void_p]
            xlib.XSetIOErrorExitHandler(dpy, lost, None)
        try:
            if self._wait(xlib, dpy):
                self._on_owner()
        finally:
            xlib.XCloseDisplay(dpy)
            os.close(self._wake_r)

    def close(self) -> None:
        """Make run() return without calling on_owner(). Any thread, any number of times."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(OSError):  # run() may have returned already and closed its end
            os.write(self._wake_w, b"\0")
        os.close(self._wake_w)

    def _wait(self, xlib: Any, dpy: int) -> bool:
        screen = xlib.XDefaultScreen(dpy)
        root = xlib.XRootWindow(dpy, screen)
        atom = xlib.XInternAtom(dpy, f"_NET_SYSTEM_TRAY_S{screen}".encode(), 0)
        if not _select_owner_changes(dpy, root, atom):
            xlib.XSelectInput(dpy, root, _STRUCTURE_NOTIFY_MASK)
        event = (ctypes.c_long * 24)()  # an XEvent: every event is re-checked against the owner below
        poller = select.poll()
        poller.register(xlib.XConnectionNumber(dpy), select.POLLIN)
        poller.register(self._wake_r, select.POLLIN)
        while True:
            # Asked after selecting the events, so a tray that came in between is not missed.
            if xlib.XGetSelectionOwner(dpy, atom):
                return True
            while xlib.XPending(dpy):
                xlib.XNextEvent(dpy, event)
            if xlib.XGetSelectionOwner(dpy, atom):
                return True
            if any(fd == self._wake_r for fd, _ in poller.poll()):
                return False


def _load(name: str, soname: str) -> Any:
    lib = load_library(name, soname)
    if name == "X11":
        lib.XOpenDisplay.restype = ctypes.c_void_p
        lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        lib.XDefaultScreen.argtypes = [ctypes.c_void_p]
        lib.XRootWindow.restype = ctypes.c_ulong
        lib.XRootWindow.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.XInternAtom.restype = ctypes.c_ulong
        lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.XGetSelectionOwner.restype = ctypes.c_ulong
        lib.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        lib.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        lib.XConnectionNumber.argtypes = [ctypes.c_void_p]
        lib.XPending.argtypes = [ctypes.c_void_p]
        lib.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    return lib


def _select_owner_changes(dpy: int, root: int, atom: int) -> bool:
    """Ask XFixes for SetSelectionOwnerNotify on `atom`; False when libXfixes or the extension is missing."""
    try:
        xfixes = _load("Xfixes", "libXfixes.so.3")
    except OSError:
        return False
    xfixes.XFixesQueryExtension.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    xfixes.XFixesSelectSelectionInput.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_ulong,
    ]
    event_base, error_base = ctypes.c_int(), ctypes.c_int()
    if not xfixes.XFixesQueryExtension(dpy, ctypes.byref(event_base), ctypes.byref(error_base)):
        return False
    xfixes.XFixesSelectSelectionInput(dpy, root, atom, _SET_SELECTION_OWNER_NOTIFY_MASK)
    return True

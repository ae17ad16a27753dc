"""Idle time on X11 from the MIT-SCREEN-SAVER extension (libXss), read through ctypes.

Under XWayland this sees only X11 clients' input, so the chooser does not use it on Wayland.
"""

from __future__ import annotations

import ctypes
import functools
from typing import Any

from hipbreak.adapters.idle.base import GuardedIdleSource, IdleUnavailable
from hipbreak.language import _

LIBX11 = "libX11.so.6"
LIBXSS = "libXss.so.1"


class _ScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


# int (*)(Display *): the process-wide handler; void (*)(Display *, void *): the per-display one.
_IOErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)
_IOErrorExitHandler = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)


class _IOErrorGuard:
    """Lets a lost X connection of ours end in our per-display exit handler instead of exit(1).

    Xlib's default I/O error handler exits the process, and the handler is process-wide, so this
    guard is too: it passes every other display (Tk's, GTK's) to the handler it replaced.
    """

    def __init__(self, x11: Any) -> None:
        self.displays: set[int] = set()
        x11.XSetIOErrorHandler.argtypes = [_IOErrorHandler]
        x11.XSetIOErrorHandler.restype = ctypes.c_void_p
        self._callback = _IOErrorHandler(self._on_io_error)
        previous = x11.XSetIOErrorHandler(self._callback)
        self._previous = _IOErrorHandler(previous) if previous else None

    def _on_io_error(self, display: int | None) -> int:
        if display in self.displays or self._previous is None:
            return 0
        return int(self._previous(display))


@functools.cache
def _io_error_guard() -> _IOErrorGuard | None:
    """Install the guard once per process (it must outlive every source); None on libX11 < 1.8."""
    x11 = ctypes.CDLL(LIBX11)
    if not hasattr(x11, "XSetIOErrorExitHandler"):
        return None
    return _IOErrorGuard(x11)


def _load(name: str) -> Any:
    try:
        return ctypes.CDLL(name)
    except OSError as error:
        # Translators: {library} is a shared library's file name; libxss1 is the Debian package that has it.
        text = _("cannot load {library} (install libxss1?): {error}")
        raise IdleUnavailable(text.format(library=name, error=error)) from error


class X11IdleSource(GuardedIdleSource):
    """Keeps one private connection to the X server and asks it for the idle time."""

    name = "x11"

    def __init__(self, display_name: str) -> None:
        """Open `display_name` (e.g. ":0") or raise IdleUnavailable; call from the owner thread."""
        super().__init__()
        if not display_name:
            raise IdleUnavailable(_("DISPLAY is not set"))
        self.display_name = display_name
        x11 = _load(LIBX11)
        xss = _load(LIBXSS)
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x11.XFree.argtypes = [ctypes.c_void_p]
        xss.XScreenSaverQueryExtension.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_ScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_ScreenSaverInfo),
        ]
        xss.XScreenSaverQueryInfo.restype = ctypes.c_int
        self._x11 = x11
        self._xss = xss
        self._broken = False
        self._exit_handler = _IOErrorExitHandler(self._on_connection_lost)

        display = x11.XOpenDisplay(display_name.encode())
        if not display:
            raise IdleUnavailable(_("cannot open display {display}").format(display=repr(display_name)))
        self._display: int | None = display
        # By default Xlib calls exit() when the server goes away; libX11 >= 1.8 lets us
        # mark the source broken instead, so a crashed server is just a None reading.
        self._guard = _io_error_guard()
        if self._guard is not None:
            self._guard.displays.add(display)
            x11.XSetIOErrorExitHandler.argtypes = [ctypes.c_void_p, _IOErrorExitHandler, ctypes.c_void_p]
            x11.XSetIOErrorExitHandler(display, self._exit_handler, None)
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not xss.XScreenSaverQueryExtension(display, ctypes.byref(event_base), ctypes.byref(error_base)):
            self._release()
            text = _("display {display} has no MIT-SCREEN-SAVER extension")
            raise IdleUnavailable(text.format(display=repr(display_name)))
        self._root = x11.XDefaultRootWindow(display)
        self._info = xss.XScreenSaverAllocInfo()
        if not self._info:
            self._release()
            raise IdleUnavailable(_("{function} failed").format(function="XScreenSaverAllocInfo"))

    def _on_connection_lost(self, _display: int | None, _data: int | None) -> None:
        self._broken = True

    def _read(self) -> float:
        if self._broken or self._display is None:
            raise IdleUnavailable(
                _("lost the connection to display {display}").format(display=repr(self.display_name))
            )
        answered = self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info)
        if self._broken:
            raise IdleUnavailable(
                _("lost the connection to display {display}").format(display=repr(self.display_name))
            )
        if not answered:
            raise IdleUnavailable(_("{function} failed").format(function="XScreenSaverQueryInfo"))
        return float(self._info.contents.idle) / 1000.0

    def _release(self) -> None:
        display, self._display = self._display, None
        if display is None:
            return
        info = getattr(self, "_info", None)
        if info:
            self._x11.XFree(info)
        # Closing a broken connection would write to it again; the process exit reclaims it.
        if not self._broken:
            self._x11.XCloseDisplay(display)
            if self._guard is not None:
                self._guard.displays.discard(display)

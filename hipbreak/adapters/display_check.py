"""Whether the X display named by DISPLAY can be opened, asked before anything else needs it.

With DISPLAY naming a display nobody serves, GTK failed deep inside pystray's import and the app died
with a traceback after it had taken the instance lock; one line at the start says what is wrong.
"""

from __future__ import annotations

import ctypes
from collections.abc import Mapping

from hipbreak.adapters.c_library import load_library
from hipbreak.language import _


def display_problem(variables: Mapping[str, str]) -> str | None:
    """One line when DISPLAY names an X display that cannot be opened, else None; any thread.

    A Wayland session (WAYLAND_DISPLAY set) is left to GTK, and without libX11 nothing can be told.
    """
    name = variables.get("DISPLAY", "")
    if not name or variables.get("WAYLAND_DISPLAY"):
        return None
    try:
        xlib = load_library("X11", "libX11.so.6")
    except OSError:
        return None
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = xlib.XOpenDisplay(name.encode("utf-8", "surrogateescape"))
    if display:
        xlib.XCloseDisplay(display)
        return None
    # Translators: {display} is an X display such as :0; keep DISPLAY (a variable's name) as it is.
    text = _(
        "cannot open the display {display} (from DISPLAY); start hipbreak inside your desktop session, "
        "or set DISPLAY to a display that is running"
    )
    return text.format(display=name)

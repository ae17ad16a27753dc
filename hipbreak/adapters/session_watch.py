"""Noticing that the session is going away: stop signals, the session bus closing, the display lost.

Each watcher hands what it saw to a callback as one line; the composition root decides what to do.
"""

from __future__ import annotations

import ctypes
import logging
import signal
import threading
from collections.abc import Callable
from typing import Any

from hipbreak.language import _

log = logging.getLogger(__name__)

STOP_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP")


def catch_signals_in_python(on_signal: Callable[[str], None]) -> None:
    """Route SIGTERM, SIGINT and SIGHUP to `on_signal(name)`; call on the main thread (Python's rule).

    The handler runs on the main thread between bytecodes, so only while the main thread runs Python:
    with a GLib loop use `catch_signals_in_glib` once the loop runs.
    """
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)  # Windows has no SIGHUP
        if number is not None:

            def handle(_number: int, _frame: Any, name: str = name) -> None:
                on_signal(name)

            signal.signal(number, handle)


def catch_signals_in_glib(on_signal: Callable[[str], None]) -> None:
    """Route the stop signals to `on_signal(name)` on the GLib loop; any thread, once the loop was set up.

    GLib's own handler wakes its loop at once, where a Python handler would wait for the next bytecode
    of the main thread; and pystray resets SIGINT to its default while setting up, so this comes after.
    """
    from gi.repository import GLib

    for name in STOP_SIGNALS:

        def fire(name: str = name) -> bool:
            on_signal(name)
            return GLib.SOURCE_CONTINUE

        GLib.unix_signal_add(GLib.PRIORITY_HIGH, getattr(signal, name), fire)


def watch_session_bus(on_lost: Callable[[str], None]) -> bool:
    """Call `on_lost(reason)` on the GLib loop if GLib's shared session bus connection closes.

    That connection (pystray's, AppIndicator's) would otherwise raise SIGTERM in our process when the bus
    goes ("exit on close"). Returns False when there is no session bus to watch. Any thread.
    """
    from gi.repository import Gio, GLib

    try:
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    except GLib.Error as error:
        log.info("no session bus to watch: %s", error.message)
        return False
    bus.set_exit_on_close(False)

    def closed(_bus: Any, _vanished: bool, error: Any) -> None:
        detail = error.message if error is not None else "closed"
        on_lost(_("lost the session bus ({error})").format(error=detail))

    bus.connect("closed", closed)
    return True


def watch_display(on_lost: Callable[[str], None]) -> Any:
    """Call `on_lost(reason)` on the main thread when its X connection (GTK's) breaks; it must not return.

    GTK's own handler calls _exit(1): no record that the app stopped, its socket left behind. A broken
    connection of another thread (the idle source's own) is left to that connection's exit handler.
    Install after GTK opened the display. Returns the handler, which the caller must keep referenced for as
    long as the process runs (Xlib calls it through a bare pointer); None where libX11 cannot be loaded.
    """
    handler_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)
    try:
        x11 = ctypes.CDLL("libX11.so.6")
    except OSError:
        return None
    x11.XSetIOErrorHandler.argtypes = [handler_type]
    x11.XSetIOErrorHandler.restype = ctypes.c_void_p

    told = threading.Event()

    def on_io_error(_display: int | None) -> int:
        # Once only: closing our other connections while stopping may fail the same way, inside this call.
        if threading.current_thread() is threading.main_thread() and not told.is_set():
            told.set()
            on_lost("lost the connection to the display")  # not user text: the stop's reason in the history
        return 0  # libX11 >= 1.8 then runs the connection's own exit handler

    handler = handler_type(on_io_error)
    x11.XSetIOErrorHandler(handler)
    return handler

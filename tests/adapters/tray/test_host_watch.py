"""Watching for a tray host that comes late: a StatusNotifierWatcher on a private bus and an XEmbed tray
on a private Xvfb are each seen at once, and the waiting threads sleep until then."""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
import time
from pathlib import Path

from session_bus import SessionBus
from xserver import XServer

from hipbreak.adapters.tray.host_watch import TrayHostWatch, WatcherOwnerWatch
from hipbreak.adapters.tray.probe import WATCHER
from hipbreak.adapters.tray.xembed_watch import XembedWatch


def context_switches(thread_id: int) -> int:
    """Voluntary plus involuntary context switches of one thread of this process so far."""
    total = 0
    for line in Path(f"/proc/self/task/{thread_id}/status").read_text().splitlines():
        if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
            total += int(line.split()[1])
    return total


class Running:
    """A watch's run() on its own thread, recording whether it told."""

    def __init__(self, watch: WatcherOwnerWatch | XembedWatch) -> None:
        self.told = threading.Event()
        self.watch = watch
        self.thread = threading.Thread(target=watch.run, daemon=True)

    def start(self) -> Running:
        self.thread.start()
        time.sleep(0.3)  # let it settle into its wait before it is measured
        return self

    def wakeups(self, seconds: float) -> int:
        assert self.thread.native_id is not None
        before = context_switches(self.thread.native_id)
        time.sleep(seconds)
        return context_switches(self.thread.native_id) - before


def own_tray_selection(display: str) -> tuple[ctypes.CDLL, int]:
    """Take _NET_SYSTEM_TRAY_S0 with a window of a new connection, as a tray does; returns (xlib, display)."""
    xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XCreateSimpleWindow.restype = ctypes.c_ulong
    xlib.XCreateSimpleWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong, *[ctypes.c_int] * 2,
                                         *[ctypes.c_uint] * 3, ctypes.c_ulong, ctypes.c_ulong]  # fmt: skip
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XSetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    xlib.XFlush.argtypes = [ctypes.c_void_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = xlib.XOpenDisplay(display.encode())
    assert dpy, display
    window = xlib.XCreateSimpleWindow(dpy, xlib.XDefaultRootWindow(dpy), 0, 0, 1, 1, 0, 0, 0)
    xlib.XSetSelectionOwner(dpy, xlib.XInternAtom(dpy, b"_NET_SYSTEM_TRAY_S0", 0), window, 0)
    xlib.XFlush(dpy)
    return xlib, dpy


def test_an_xembed_tray_taking_the_selection_is_seen_and_waiting_costs_nothing(xvfb: XServer) -> None:
    running = Running(XembedWatch(xvfb.display, lambda: running.told.set())).start()
    waiting = running.wakeups(1.0)
    assert not running.told.is_set()
    xlib, dpy = own_tray_selection(xvfb.display)
    try:
        assert running.told.wait(5), "the new owner went unseen"
        running.thread.join(5)
        assert not running.thread.is_alive()
    finally:
        xlib.XCloseDisplay(dpy)
    assert waiting <= 1


def test_an_xembed_watch_closed_before_a_tray_comes_returns_without_telling(xvfb: XServer) -> None:
    running = Running(XembedWatch(xvfb.display, lambda: running.told.set())).start()
    running.watch.close()
    running.watch.close()  # twice is harmless
    running.thread.join(5)
    assert not running.thread.is_alive() and not running.told.is_set()


def test_a_tray_already_there_is_told_at_once(xvfb: XServer) -> None:
    xlib, dpy = own_tray_selection(xvfb.display)
    try:
        running = Running(XembedWatch(xvfb.display, lambda: running.told.set()))
        running.thread.start()
        assert running.told.wait(5)
        running.thread.join(5)  # it closes its connection: before the X server goes away with the test
        assert not running.thread.is_alive()
    finally:
        xlib.XCloseDisplay(dpy)


def test_a_status_notifier_watcher_appearing_is_seen_and_waiting_costs_nothing(
    session_bus: SessionBus,
) -> None:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    running = Running(WatcherOwnerWatch(session_bus.address, lambda: running.told.set())).start()
    waiting = running.wakeups(1.0)
    assert not running.told.is_set()
    with open_dbus_connection(session_bus.address) as panel:
        panel.send_and_get_reply(message_bus.RequestName(WATCHER), timeout=5)
        assert running.told.wait(5), "the new watcher went unseen"
    running.thread.join(5)
    assert not running.thread.is_alive()
    assert waiting <= 1


def test_a_bus_watch_closed_while_waiting_returns_without_telling(session_bus: SessionBus) -> None:
    running = Running(WatcherOwnerWatch(session_bus.address, lambda: running.told.set())).start()
    running.watch.close()
    running.thread.join(5)
    assert not running.thread.is_alive() and not running.told.is_set()


def test_the_host_watch_tells_the_first_host_once_and_watches_what_the_session_has(
    session_bus: SessionBus, xvfb: XServer
) -> None:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    seen: list[str] = []
    both = TrayHostWatch(
        {"DBUS_SESSION_BUS_ADDRESS": session_bus.address, "DISPLAY": xvfb.display}, seen.append
    )
    assert both.kinds == ["sni", "xembed"]
    assert TrayHostWatch({"WAYLAND_DISPLAY": "wayland-1"}, seen.append).kinds == []
    both.start()
    try:
        with open_dbus_connection(session_bus.address) as panel:
            panel.send_and_get_reply(message_bus.RequestName(WATCHER), timeout=5)
            deadline = time.monotonic() + 5
            while not seen and time.monotonic() < deadline:
                time.sleep(0.02)
            xlib, dpy = own_tray_selection(xvfb.display)  # the same panel's XEmbed tray: told no more
            time.sleep(0.3)
            xlib.XCloseDisplay(dpy)
    finally:
        both.close()
    assert seen == ["sni"]

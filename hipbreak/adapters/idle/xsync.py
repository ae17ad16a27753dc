"""Idle watch on X11 through alarms on the SYNC extension's IDLETIME counter (libXext, via ctypes).

This is how GNOME and KDE watched idleness on X11: the server sends an event when the counter
crosses a value, so the thread sleeps in select() with no timeout. python-xlib has no SYNC support.
Under XWayland the counter sees only X11 clients' input, so the chooser skips this on Wayland.
"""

from __future__ import annotations

import ctypes
import select
import threading
from typing import Any

from hipbreak.adapters.idle.base import IdleUnavailable
from hipbreak.adapters.idle.watch_base import ThreadedIdleWatch

# The I/O-error guard is process-wide, so this module shares the one the X11 idle source installs.
from hipbreak.adapters.idle.x11 import LIBX11, _io_error_guard, _IOErrorExitHandler
from hipbreak.language import _

LIBXEXT = "libXext.so.6"
COUNTER = b"IDLETIME"

# syncconst.h
_ALARM_NOTIFY = 1
_CA_COUNTER, _CA_VALUE_TYPE, _CA_VALUE, _CA_TEST_TYPE, _CA_DELTA, _CA_EVENTS = (1 << n for n in range(6))
_ABSOLUTE = 0
_POSITIVE_COMPARISON, _NEGATIVE_COMPARISON = 2, 3
_ALL = _CA_COUNTER | _CA_VALUE_TYPE | _CA_VALUE | _CA_TEST_TYPE | _CA_DELTA | _CA_EVENTS


class _Value(ctypes.Structure):
    _fields_ = [("hi", ctypes.c_int), ("lo", ctypes.c_uint)]


class _SystemCounter(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("counter", ctypes.c_ulong), ("resolution", _Value)]


class _Trigger(ctypes.Structure):
    _fields_ = [
        ("counter", ctypes.c_ulong),
        ("value_type", ctypes.c_int),
        ("wait_value", _Value),
        ("test_type", ctypes.c_int),
    ]


class _AlarmAttributes(ctypes.Structure):
    _fields_ = [("trigger", _Trigger), ("delta", _Value), ("events", ctypes.c_int), ("state", ctypes.c_int)]


class _AlarmNotifyEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("alarm", ctypes.c_ulong),
        ("counter_value", _Value),
        ("alarm_value", _Value),
        ("time", ctypes.c_ulong),
        ("state", ctypes.c_int),
    ]


class _Event(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("alarm", _AlarmNotifyEvent), ("pad", ctypes.c_long * 24)]


def _value(milliseconds: int) -> _Value:
    return _Value(milliseconds >> 32, milliseconds & 0xFFFFFFFF)


def _milliseconds(value: _Value) -> int:
    return (value.hi << 32) | value.lo


def _libraries() -> tuple[Any, Any]:
    try:
        x11, xext = ctypes.CDLL(LIBX11), ctypes.CDLL(LIBXEXT)
    except OSError as error:
        # Translators: libx11-6 and libxext6 are Debian packages; keep their names.
        text = _("cannot load Xlib (install libx11-6 libxext6?): {error}")
        raise IdleUnavailable(text.format(error=error)) from error
    p, ulong, pint = ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_int)
    x11.XOpenDisplay.argtypes, x11.XOpenDisplay.restype = [ctypes.c_char_p], p
    x11.XCloseDisplay.argtypes = [p]
    x11.XConnectionNumber.argtypes = [p]
    x11.XPending.argtypes = [p]
    x11.XNextEvent.argtypes = [p, ctypes.POINTER(_Event)]
    x11.XFlush.argtypes = [p]
    xext.XSyncQueryExtension.argtypes = [p, pint, pint]
    xext.XSyncInitialize.argtypes = [p, pint, pint]
    xext.XSyncListSystemCounters.argtypes = [p, pint]
    xext.XSyncListSystemCounters.restype = ctypes.POINTER(_SystemCounter)
    xext.XSyncFreeSystemCounterList.argtypes = [ctypes.POINTER(_SystemCounter)]
    xext.XSyncQueryCounter.argtypes = [p, ulong, ctypes.POINTER(_Value)]
    xext.XSyncCreateAlarm.argtypes = [p, ulong, ctypes.POINTER(_AlarmAttributes)]
    xext.XSyncCreateAlarm.restype = ulong
    xext.XSyncChangeAlarm.argtypes = [p, ulong, ulong, ctypes.POINTER(_AlarmAttributes)]
    xext.XSyncDestroyAlarm.argtypes = [p, ulong]
    return x11, xext


class _Connection:
    """One Xlib connection with SYNC initialised and the IDLETIME counter found; one thread at a time."""

    def __init__(self, display_name: str) -> None:
        self.x11, self.xext = _libraries()
        self.broken = False
        self._exit_handler = _IOErrorExitHandler(self._lost)
        display = self.x11.XOpenDisplay(display_name.encode())
        if not display:
            raise IdleUnavailable(_("cannot open display {display}").format(display=repr(display_name)))
        self.display: int | None = display
        # Without this, Xlib calls exit() when the server goes away (libX11 >= 1.8 lets us refuse).
        self._guard = _io_error_guard()
        if self._guard is not None:
            self._guard.displays.add(display)
            self.x11.XSetIOErrorExitHandler.argtypes = [ctypes.c_void_p, _IOErrorExitHandler, ctypes.c_void_p]
            self.x11.XSetIOErrorExitHandler(display, self._exit_handler, None)
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        major, minor = ctypes.c_int(), ctypes.c_int()
        if not (
            self.xext.XSyncQueryExtension(display, ctypes.byref(event_base), ctypes.byref(error_base))
            and self.xext.XSyncInitialize(display, ctypes.byref(major), ctypes.byref(minor))
        ):
            self.close()
            text = _("display {display} has no SYNC extension")
            raise IdleUnavailable(text.format(display=repr(display_name)))
        self.alarm_event = event_base.value + _ALARM_NOTIFY
        self.counter = self._find_counter()
        if not self.counter:
            self.close()
            text = _("display {display} has no IDLETIME counter")
            raise IdleUnavailable(text.format(display=repr(display_name)))

    def _lost(self, _display: int | None, _data: int | None) -> None:
        self.broken = True

    def _find_counter(self) -> int:
        count = ctypes.c_int()
        counters = self.xext.XSyncListSystemCounters(self.display, ctypes.byref(count))
        if not counters:
            return 0
        try:
            return next((counters[i].counter for i in range(count.value) if counters[i].name == COUNTER), 0)
        finally:
            self.xext.XSyncFreeSystemCounterList(counters)

    def idle_milliseconds(self) -> int:
        """Ask the server for the counter's value now; IdleUnavailable if the connection is gone."""
        value = _Value()
        if self.broken or self.display is None:
            raise IdleUnavailable(_("lost the connection to the X server"))
        answered = self.xext.XSyncQueryCounter(self.display, self.counter, ctypes.byref(value))
        if self.broken or not answered:
            raise IdleUnavailable(_("lost the connection to the X server"))
        return _milliseconds(value)

    def set_alarm(self, alarm: int, test_type: int, milliseconds: int) -> int:
        """Create (alarm 0) or re-arm a one-shot alarm on the counter; return its id."""
        attributes = _AlarmAttributes(
            _Trigger(self.counter, _ABSOLUTE, _value(milliseconds), test_type), _value(0), 1, 0
        )
        # With delta 0 a comparison alarm fires once and goes inactive until changed again.
        if alarm:
            self.xext.XSyncChangeAlarm(self.display, alarm, _ALL, ctypes.byref(attributes))
        else:
            alarm = self.xext.XSyncCreateAlarm(self.display, _ALL, ctypes.byref(attributes))
        self.x11.XFlush(self.display)
        return int(alarm)

    def close(self) -> None:
        """Close the connection (a broken one is left to the process exit, as writing to it fails)."""
        display, self.display = self.display, None
        if display is None:
            return
        if not self.broken:
            self.x11.XCloseDisplay(display)
            if self._guard is not None:
                self._guard.displays.discard(display)


class XSyncIdleWatch(ThreadedIdleWatch):
    """Two alarms on IDLETIME: one at the threshold for idle, one below it for the user's return."""

    name = "xsync"

    def __init__(self, display_name: str, reason: str = "") -> None:
        """Open two connections to `display_name` (events, readings) or raise IdleUnavailable."""
        super().__init__(reason)
        if not display_name:
            raise IdleUnavailable(_("DISPLAY is not set"))
        self.display_name = display_name
        self._events = _Connection(display_name)
        try:
            # Xlib is not thread-safe without XInitThreads, so readings get their own connection.
            self._readings = _Connection(display_name)
        except IdleUnavailable:
            self._events.close()
            raise
        self._reading_lock = threading.Lock()

    def idle_seconds(self) -> float | None:
        """Return the idle time from the IDLETIME counter, or None; never raises. Any thread."""
        with self._reading_lock:
            if self.closing:
                return None
            try:
                return self._readings.idle_milliseconds() / 1000.0
            except IdleUnavailable:
                return None

    def _watch(self) -> None:
        connection = self._events
        threshold_ms = max(1, round(self.threshold * 1000))
        idle_alarm = connection.set_alarm(0, _POSITIVE_COMPARISON, threshold_ms)
        active_alarm = 0
        fd = connection.x11.XConnectionNumber(connection.display)
        event = _Event()
        while True:
            # Xlib may already hold events it read with a reply, so drain before sleeping.
            while not connection.broken and connection.x11.XPending(connection.display):
                connection.x11.XNextEvent(connection.display, ctypes.byref(event))
                if event.type != connection.alarm_event:
                    continue
                fired = event.alarm
                if fired.alarm == idle_alarm and not self.is_idle:
                    # Fires at once if the user is already back: below threshold - 1 ms means input came.
                    active_alarm = connection.set_alarm(active_alarm, _NEGATIVE_COMPARISON, threshold_ms - 1)
                    self._went_idle(_milliseconds(fired.counter_value) / 1000.0)
                elif fired.alarm == active_alarm and self.is_idle:
                    connection.set_alarm(idle_alarm, _POSITIVE_COMPARISON, threshold_ms)
                    self._came_back()
            if connection.broken:
                raise IdleUnavailable(
                    _("lost the connection to display {display}").format(display=repr(self.display_name))
                )
            readable = select.select([fd, self.wake.read_fd], [], [])[0]
            if self.wake.read_fd in readable:
                return

    def _release(self) -> None:
        # Closing the connection destroys its alarms on the server.
        with self._reading_lock:
            self._readings.close()
        self._events.close()

    def _mechanism(self) -> str:
        # Translators: IDLETIME is the X server's counter's name; {display} an X display such as :0.
        return _("alarms on the X server's IDLETIME counter on {display} (no polling)").format(
            display=self.display_name
        )

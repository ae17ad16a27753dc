"""Idle watch on GNOME (Wayland and X11) through Mutter's D-Bus idle monitor, over jeepney.

`AddIdleWatch(ms)` fires `WatchFired(id)` each time the user has been idle that long; the one-shot
`AddUserActiveWatch()` fires on the next input. Mutter drops a client's watches when it disconnects,
and a restarted shell forgets them all, so the watch re-adds them when the name gets a new owner.
"""

from __future__ import annotations

import contextlib
import select
from collections import deque
from typing import Any

from hipbreak.adapters.idle.base import IdleUnavailable
from hipbreak.adapters.idle.gnome import GnomeIdleSource
from hipbreak.adapters.idle.watch_base import ThreadedIdleWatch
from hipbreak.language import _

BUS_NAME = "org.gnome.Mutter.IdleMonitor"
OBJECT_PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTERFACE = "org.gnome.Mutter.IdleMonitor"
# Mutter answers in milliseconds; this bounds a hung shell, and is never a periodic wake-up.
CALL_TIMEOUT = 2.0


class MutterIdleWatch(ThreadedIdleWatch):
    """One idle watch at the threshold, and a user-active watch added each time it fires."""

    name = "mutter"

    def __init__(self, address: str, reason: str = "", timeout: float = CALL_TIMEOUT) -> None:
        """Probe `GetIdletime` on the bus at `address`; IdleUnavailable with the reason if it fails."""
        super().__init__(reason)
        self.address = address
        self.timeout = timeout
        # Readings from any thread use their own connection; the watch thread owns the other.
        self._readings = GnomeIdleSource(address, timeout)
        try:
            self._readings.read()
        except IdleUnavailable:
            self._readings.close()
            raise
        self._connection: Any = None
        self._idle_watch = 0
        self._active_watch = 0

    def idle_seconds(self) -> float | None:
        """Return Mutter's idle time, or None; never raises. Any thread."""
        return self._readings.idle_seconds()

    def _call(self, method: str, signature: str | None = None, body: tuple[Any, ...] = ()) -> Any:
        from jeepney import DBusAddress, MessageType, new_method_call

        address = DBusAddress(OBJECT_PATH, BUS_NAME, INTERFACE)
        reply = self._connection.send_and_get_reply(
            new_method_call(address, method, signature, body), timeout=self.timeout
        )
        if reply.header.message_type == MessageType.error:
            error = reply.body[0] if reply.body else reply.header
            # Translators: {method} is a D-Bus method's name; {error} the D-Bus error it answered with.
            raise IdleUnavailable(_("{method} failed: {error}").format(method=method, error=error))
        return reply.body[0] if reply.body else None

    def _idle_ms(self) -> int:
        return int(self._call("GetIdletime"))

    def _add_idle_watch(self) -> None:
        """Add the idle watch; if the user is already past the threshold, report idle now."""
        threshold_ms = max(1, round(self.threshold * 1000))
        self._idle_watch = int(self._call("AddIdleWatch", "t", (threshold_ms,)))
        self._active_watch = 0
        if self.is_idle:
            self._add_active_watch()
        else:
            idle_ms = self._idle_ms()
            if idle_ms >= threshold_ms:
                self._on_idle_fired(idle_ms)

    def _add_active_watch(self) -> None:
        """Add the one-shot user-active watch; if input came before Mutter had it, report it now."""
        self._active_watch = int(self._call("AddUserActiveWatch"))
        if self._idle_ms() < self.threshold * 1000:
            self._call("RemoveWatch", "u", (self._active_watch,))
            self._active_watch = 0
            self._came_back()

    def _on_idle_fired(self, idle_ms: int) -> None:
        self._went_idle(idle_ms / 1000.0)
        self._add_active_watch()

    def _handle(self, message: Any) -> None:
        from jeepney import HeaderFields

        member = message.header.fields.get(HeaderFields.member)
        if member == "NameOwnerChanged":
            _name, _old, new_owner = message.body
            if new_owner:  # a restarted shell knows nothing of our watches
                self._add_idle_watch()
        elif member == "WatchFired":
            (watch,) = message.body
            if watch == self._idle_watch and not self.is_idle:
                self._on_idle_fired(self._idle_ms())
            elif watch == self._active_watch and self._active_watch:
                self._active_watch = 0
                self._came_back()

    def _watch(self) -> None:
        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        try:
            self._connection = connection = open_dbus_connection(bus=self.address)
        except (OSError, ValueError, RuntimeError) as error:
            text = _("cannot connect to the session bus: {error}")
            raise IdleUnavailable(text.format(error=error)) from error
        fired = MatchRule(type="signal", interface=INTERFACE, member="WatchFired", path=OBJECT_PATH)
        owner = MatchRule(type="signal", interface="org.freedesktop.DBus", member="NameOwnerChanged")
        owner.add_arg_condition(0, BUS_NAME)
        signals: deque[Any] = deque()
        with connection.filter(fired, queue=signals), connection.filter(owner, queue=signals):
            for rule in (fired, owner):
                connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=self.timeout)
            self._add_idle_watch()
            while True:
                while signals:
                    self._handle(signals.popleft())
                readable = select.select([connection.sock, self.wake.read_fd], [], [])[0]
                if self.wake.read_fd in readable:
                    return
                # Take every message already received; the parser may hold more than one.
                with contextlib.suppress(TimeoutError):
                    while True:
                        connection.recv_messages(timeout=0)

    def _release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()  # Mutter removes this connection's watches itself
        self._readings.close()

    def _mechanism(self) -> str:
        # Translators: Mutter is GNOME's compositor and IdleMonitor its D-Bus service; keep both names.
        return _("Mutter IdleMonitor watches over D-Bus (no polling)")

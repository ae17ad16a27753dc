"""Timing a StatusNotifierItem's registration with a headless desktop's watcher (lxqt-panel's).

One jeepney connection to the desktop's private bus, subscribed before the subject starts to the
watcher's StatusNotifierItemRegistered signal: the moment that signal is read is the moment the panel
knows the item, without polling the panel while the subject starts.
"""

from __future__ import annotations

import time
from typing import Any

from jeepney import DBusAddress, HeaderFields, MatchRule, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

WATCHER = "org.kde.StatusNotifierWatcher"
_WATCHER_PATH = "/StatusNotifierWatcher"


class RegistrationWatch:
    """Hears the watcher announce items; not thread-safe."""

    def __init__(self, bus_address: str) -> None:
        """Connect to the bus at `bus_address` and subscribe to the watcher's announcements."""
        self._conn: Any = open_dbus_connection(bus_address)
        rule = MatchRule(type="signal", interface=WATCHER, member="StatusNotifierItemRegistered")
        self._conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=5)

    def wait_registered(self, deadline: float) -> tuple[float, str] | None:
        """Return (time.monotonic(), the item's service) when the next item registers; None at `deadline`."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                message = self._conn.receive(timeout=left)
            except TimeoutError:
                return None
            if message.header.fields.get(HeaderFields.member) == "StatusNotifierItemRegistered":
                return time.monotonic(), str(message.body[0])

    def registered_items(self) -> list[str]:
        """The items the watcher lists now (its RegisteredStatusNotifierItems property)."""
        address = DBusAddress(_WATCHER_PATH, bus_name=WATCHER, interface="org.freedesktop.DBus.Properties")
        call = new_method_call(address, "Get", "ss", (WATCHER, "RegisteredStatusNotifierItems"))
        reply = self._conn.send_and_get_reply(call, timeout=5)
        return [str(item) for item in reply.body[0][1]]

    def close(self) -> None:
        """Drop the connection."""
        self._conn.close()

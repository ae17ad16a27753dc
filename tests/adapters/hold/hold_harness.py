"""Fake desktop services for the hold signals: they own a name on a private bus and serve properties."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from desktop import wait_for


class FakePropertyService:
    """Owns `bus_name` on a bus and serves `interface`'s properties at `path` (Get, GetAll), from a thread.

    `set()` changes a property and emits PropertiesChanged, as GNOME's session manager, logind and KDE's
    notification server do. With `xfconf=True` it serves Xfconf's GetProperty and emits PropertyChanged.
    """

    def __init__(
        self, address: str, bus_name: str, path: str, interface: str, values: dict[str, tuple[str, Any]]
    ) -> None:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self.bus_name, self.path, self.interface = bus_name, path, interface
        self.values = dict(values)  # name -> (signature, value)
        self.calls: list[str] = []
        self.connection = open_dbus_connection(bus=address)
        reply = self.connection.send_and_get_reply(message_bus.RequestName(bus_name), timeout=5)
        assert reply.body == (1,), reply.body  # 1 = became the primary owner
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _answer(self, message: Any) -> Any:
        from jeepney import HeaderFields, new_error, new_method_return

        member = message.header.fields.get(HeaderFields.member)
        self.calls.append(str(member))
        if member == "Get" and message.body[0] == self.interface and message.body[1] in self.values:
            return new_method_return(message, "v", (self.values[message.body[1]],))
        if member == "GetAll" and message.body[0] == self.interface:
            return new_method_return(message, "a{sv}", (dict(self.values),))
        if member == "GetProperty" and message.body[1] in self.values:
            return new_method_return(message, "v", (self.values[message.body[1]],))
        if member == "GetProperty":
            return new_error(message, "org.xfce.Xfconf.Error.PropertyNotFound", "s", ("no such property",))
        return new_error(message, "org.freedesktop.DBus.Error.UnknownProperty", "s", ("unknown",))

    def _serve(self) -> None:
        from jeepney import MessageType

        while not self._stop.is_set():
            try:
                with self._lock:
                    message = self.connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            if message.header.message_type == MessageType.method_call:
                with self._lock:
                    self.connection.send(self._answer(message))

    def set(self, name: str, signature: str, value: Any) -> None:
        """Change property `name` and announce it with PropertiesChanged."""
        from jeepney import DBusAddress, new_signal

        self.values[name] = (signature, value)
        signal = new_signal(
            DBusAddress(self.path, interface="org.freedesktop.DBus.Properties"),
            "PropertiesChanged",
            "sa{sv}as",
            (self.interface, {name: (signature, value)}, []),
        )
        with self._lock:
            self.connection.send(signal)

    def set_xfconf(self, channel: str, name: str, signature: str, value: Any) -> None:
        """Change an xfconf property and announce it with org.xfce.Xfconf.PropertyChanged."""
        from jeepney import DBusAddress, new_signal

        self.values[name] = (signature, value)
        signal = new_signal(
            DBusAddress(self.path, interface=self.interface),
            "PropertyChanged",
            "ssv",
            (channel, name, (signature, value)),
        )
        with self._lock:
            self.connection.send(signal)

    def stop(self) -> None:
        """Stop answering and leave the bus."""
        self._stop.set()
        self._thread.join(timeout=5)
        self.connection.close()


class Readings:
    """Records every on_change call of a signal, and waits for a value."""

    def __init__(self) -> None:
        self.values: list[bool] = []

    def __call__(self, active: bool) -> None:
        self.values.append(active)

    def wait(self, value: bool, count: int | None = None, timeout: float = 10.0) -> None:
        """Wait until the last reading is `value` (and, if given, there have been `count` readings)."""

        def seen() -> bool:
            if count is not None and len(self.values) != count:
                return False
            return bool(self.values) and self.values[-1] is value

        wait_for(seen, timeout=timeout, message=f"the signal reads {value} (readings so far: {self.values})")


def settle(check: Callable[[], object], seconds: float = 0.5) -> None:
    """Watch `check` for `seconds`: to show nothing more happens (there is no event to wait for)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert check()
        time.sleep(0.05)

"""A fake `org.gnome.Shell.ScreenTime` (GNOME Shell 48+) on a private bus: it answers Get/GetAll for
`State` and `LastBreakEndTime` and emits PropertiesChanged when the test sets the state."""

from __future__ import annotations

import threading
from typing import Any

BUS_NAME = "org.gnome.Shell.ScreenTime"
OBJECT_PATH = "/org/gnome/Shell/ScreenTime"
INTERFACE = "org.gnome.Shell.ScreenTime"


class FakeScreenTime:
    """Serves the two properties from its own thread; `set_state` changes State as the shell would."""

    def __init__(self, address: str, state: int = 1) -> None:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self.state = state
        self.last_break_end = 0
        self._lock = threading.Lock()
        self.connection = open_dbus_connection(bus=address)
        reply = self.connection.send_and_get_reply(message_bus.RequestName(BUS_NAME), timeout=5)
        assert reply.body == (1,), reply.body
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        from jeepney import MessageType

        while not self._stop.is_set():
            try:
                message = self.connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            except (OSError, ConnectionError):
                return
            if message.header.message_type == MessageType.method_call:
                with self._lock:
                    self._answer(message)

    def _values(self) -> dict[str, tuple[str, Any]]:
        return {"State": ("u", self.state), "LastBreakEndTime": ("t", self.last_break_end)}

    def _answer(self, message: Any) -> None:
        from jeepney import HeaderFields, new_error, new_method_return

        member = message.header.fields.get(HeaderFields.member)
        values = self._values()
        if member == "Get" and message.body[0] == INTERFACE and message.body[1] in values:
            answer = new_method_return(message, "v", (values[message.body[1]],))
        elif member == "GetAll" and message.body[0] == INTERFACE:
            answer = new_method_return(message, "a{sv}", (values,))
        else:
            answer = new_error(message, "org.freedesktop.DBus.Error.UnknownMethod")
        self.connection.send(answer)

    def set_state(self, state: int, last_break_end: int | None = None) -> None:
        """Change State (and LastBreakEndTime) and announce it with PropertiesChanged."""
        from jeepney import DBusAddress, new_signal

        with self._lock:
            self.state = state
            changed: dict[str, tuple[str, Any]] = {"State": ("u", state)}
            if last_break_end is not None:
                self.last_break_end = last_break_end
                changed["LastBreakEndTime"] = ("t", last_break_end)
            signal = new_signal(
                DBusAddress(OBJECT_PATH, interface="org.freedesktop.DBus.Properties"),
                "PropertiesChanged",
                "sa{sv}as",
                (INTERFACE, changed, []),
            )
            self.connection.send(signal)

    def stop(self) -> None:
        """Stop answering and leave the bus."""
        self._stop.set()
        self._thread.join(timeout=5)
        self.connection.close()

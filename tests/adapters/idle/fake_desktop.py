"""Fake desktop idle services on a private bus (Mutter's IdleMonitor, KDE's ScreenSaver), driven by the
test instead of by input."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from typing import Any

BUS_NAME = "org.gnome.Mutter.IdleMonitor"
OBJECT_PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTERFACE = "org.gnome.Mutter.IdleMonitor"


@dataclass
class Watch:
    """One client's watch: idle after `interval_ms`, or user-active (interval 0); `fired` this idle period."""

    owner: str
    interval_ms: int
    fired: bool = False


class FakeIdleMonitor:
    """Serves AddIdleWatch, AddUserActiveWatch, RemoveWatch and GetIdletime from its own thread, and
    emits WatchFired to the watch's owner (as Mutter does) when the test calls go_idle() or come_back()."""

    bus_name = BUS_NAME

    def __init__(self, address: str, idle_ms: int = 0) -> None:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self.idle_ms = idle_ms
        # Input that lands between an idle watch firing and the client's AddUserActiveWatch.
        self.input_before_active_watch = False
        self.watches: dict[int, Watch] = {}
        self.calls: list[str] = []
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self.connection = open_dbus_connection(bus=address)
        reply = self.connection.send_and_get_reply(message_bus.RequestName(self.bus_name), timeout=5)
        assert reply.body == (1,), reply.body  # 1 = became the primary owner
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

    def _answer(self, message: Any) -> None:
        from jeepney import HeaderFields, new_error, new_method_return

        member = message.header.fields.get(HeaderFields.member)
        sender = message.header.fields.get(HeaderFields.sender)
        self.calls.append(member)
        if member == "GetSessionIdleTime" and self.bus_name == ScreenSaver.bus_name:
            answer = new_method_return(message, "u", (self.idle_ms,))
        elif member == "GetIdletime" and self.bus_name == BUS_NAME:
            answer = new_method_return(message, "t", (self.idle_ms,))
        elif member in ("AddIdleWatch", "AddUserActiveWatch"):
            interval = message.body[0] if member == "AddIdleWatch" else 0
            if not interval and self.input_before_active_watch:
                self.idle_ms = 0
            watch_id = next(self._ids)
            self.watches[watch_id] = Watch(sender, interval)
            answer = new_method_return(message, "u", (watch_id,))
        elif member == "RemoveWatch":
            self.watches.pop(message.body[0], None)
            answer = new_method_return(message)
        else:
            answer = new_error(message, "org.freedesktop.DBus.Error.UnknownMethod")
        self.connection.send(answer)

    def _fire(self, watch_id: int, watch: Watch) -> None:
        from jeepney import DBusAddress, HeaderFields, new_signal

        signal = new_signal(DBusAddress(OBJECT_PATH, interface=INTERFACE), "WatchFired", "u", (watch_id,))
        signal.header.fields[HeaderFields.destination] = watch.owner
        self.connection.send(signal)

    def go_idle(self, idle_ms: int) -> None:
        """The user has now been idle `idle_ms`: fire each idle watch that reached its interval."""
        with self._lock:
            self.idle_ms = idle_ms
            for watch_id, watch in list(self.watches.items()):
                if watch.interval_ms and not watch.fired and watch.interval_ms <= idle_ms:
                    watch.fired = True
                    self._fire(watch_id, watch)

    def come_back(self) -> None:
        """Input: fire and drop the user-active watches, and re-arm the idle ones."""
        with self._lock:
            self.idle_ms = 0
            for watch_id, watch in list(self.watches.items()):
                if watch.interval_ms:
                    watch.fired = False
                else:
                    del self.watches[watch_id]
                    self._fire(watch_id, watch)

    def stop(self) -> None:
        """Stop answering and leave the bus (as a crashed shell would)."""
        self._stop.set()
        self._thread.join(timeout=5)
        self.connection.close()


class ScreenSaver(FakeIdleMonitor):
    """KDE's `org.freedesktop.ScreenSaver`: GetSessionIdleTime in milliseconds, as kscreenlocker answers."""

    bus_name = "org.freedesktop.ScreenSaver"

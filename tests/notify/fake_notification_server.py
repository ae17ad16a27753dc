"""A small freedesktop notification server on jeepney: it records each call and emits signals on request.

dunst cannot be told to press a named button from outside (its context menu is interactive), and its
history does not list a bubble's actions, so these parts of the protocol are checked against this server.
"""

from __future__ import annotations

import itertools
import queue
import threading
from dataclasses import dataclass
from typing import Any

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"


@dataclass(frozen=True)
class NotifyCall:
    """The arguments of one Notify call, and who sent it."""

    sender: str
    app_name: str
    replaces_id: int
    app_icon: str
    summary: str
    body: str
    actions: list[str]
    hints: dict[str, tuple[str, Any]]
    expire_timeout: int
    bubble: int


class FakeNotificationServer:
    """Owns org.freedesktop.Notifications on `address` from start() to stop(), in a thread of its own."""

    def __init__(self, address: str, capabilities: tuple[str, ...] = ("actions", "body")) -> None:
        self.address = address
        self.capabilities = list(capabilities)
        self.answering = True  # False: take calls and never reply, like a hung server
        self.notify_calls: list[NotifyCall] = []
        self.closed: list[int] = []
        self._open: dict[int, str] = {}  # bubble -> sender
        self._ids = itertools.count(1)
        self._outbox: queue.SimpleQueue[tuple[str, str, tuple[Any, ...], str]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="fake-notification-server", daemon=True)
        self._error: BaseException | None = None

    def start(self) -> FakeNotificationServer:
        self._thread.start()
        if not self._ready.wait(5) or self._error is not None:
            raise RuntimeError(f"the fake server did not start: {self._error!r}")
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def emit_action(self, bubble: int, key: str, destination: str | None = None) -> None:
        """Send ActionInvoked(bubble, key) to `destination` (default: whoever showed `bubble`)."""
        self._outbox.put(("ActionInvoked", "us", (bubble, key), destination or self._open[bubble]))

    def emit_closed(self, bubble: int, reason: int = 2) -> None:
        """Send NotificationClosed(bubble, reason) to whoever showed it, as if the user dismissed it."""
        destination = self._open[bubble]
        self._outbox.put(("NotificationClosed", "uu", (bubble, reason), destination))

    def _serve(self) -> None:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        try:
            connection = open_dbus_connection(bus=self.address)
            reply = connection.send_and_get_reply(message_bus.RequestName(BUS_NAME, 4), timeout=5)
            if reply.body != (1,):
                raise RuntimeError(f"could not own {BUS_NAME}: {reply.body}")
        except BaseException as error:
            self._error = error
            self._ready.set()
            return
        self._ready.set()
        with connection:
            while not self._stop.is_set():
                self._send_outbox(connection)
                try:
                    message = connection.receive(timeout=0.02)
                except TimeoutError:
                    continue
                self._handle(connection, message)

    def _send_outbox(self, connection: Any) -> None:
        from jeepney import DBusAddress, HeaderFields, new_signal

        while True:
            try:
                member, signature, body, destination = self._outbox.get_nowait()
            except queue.Empty:
                return
            signal = new_signal(DBusAddress(OBJECT_PATH, interface=BUS_NAME), member, signature, body)
            signal.header.fields[HeaderFields.destination] = destination
            connection.send(signal)
            if member == "NotificationClosed":
                self._open.pop(body[0], None)

    def _handle(self, connection: Any, message: Any) -> None:
        from jeepney import HeaderFields, MessageType, new_error, new_method_return

        fields = message.header.fields
        if message.header.message_type != MessageType.method_call or not self.answering:
            return
        if fields.get(HeaderFields.interface) != BUS_NAME:
            return
        member = fields.get(HeaderFields.member)
        sender = fields.get(HeaderFields.sender, "")
        if member == "GetCapabilities":
            connection.send(new_method_return(message, "as", (self.capabilities,)))
        elif member == "GetServerInformation":
            connection.send(new_method_return(message, "ssss", ("fake", "hipbreak tests", "1.0", "1.2")))
        elif member == "Notify":
            replaces_id = message.body[1]
            bubble = replaces_id if replaces_id in self._open else next(self._ids)
            self._open[bubble] = sender
            app_name, _, app_icon, summary, body, actions, hints, expire_timeout = message.body
            call = NotifyCall(
                sender, app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout, bubble
            )
            self.notify_calls.append(call)
            connection.send(new_method_return(message, "u", (bubble,)))
        elif member == "CloseNotification":
            bubble = message.body[0]
            self.closed.append(bubble)
            connection.send(new_method_return(message))
            if bubble in self._open:
                self._outbox.put(("NotificationClosed", "uu", (bubble, 3), self._open[bubble]))
        else:
            connection.send(new_error(message, "org.freedesktop.DBus.Error.UnknownMethod"))

"""One D-Bus connection in which every step, connecting included, ends by a deadline.

jeepney's own blocking connection waits without limit for the bus to answer Hello; this one never waits
past the deadline it is given, so a frozen bus cannot hang the notification thread.
"""

from __future__ import annotations

import itertools
import socket
import time
from collections.abc import Callable
from typing import Any

from hipbreak.language import _


class CallFailed(Exception):
    """The other side answered a call with a D-Bus error; `name` is the error's name."""

    def __init__(self, name: str, text: str) -> None:
        super().__init__(f"{name}: {text}" if text else name)
        self.name = name


def remaining(deadline: float) -> float:
    """Return the seconds left until `deadline` on the monotonic clock, never below zero; any thread."""
    return max(deadline - time.monotonic(), 0.0)


class BusLink:
    """An authenticated connection to a message bus; one thread at a time may use it."""

    def __init__(self, address: str, deadline: float) -> None:
        """Connect, authenticate and say Hello before `deadline`, or raise (OSError, TimeoutError, ...)."""
        from jeepney import Parser
        from jeepney.auth import BEGIN, Authenticator
        from jeepney.bus import get_connectable_addresses
        from jeepney.bus_messages import message_bus

        self._parser = Parser()
        self._serials = itertools.count(1)
        self.sock = socket.socket(socket.AF_UNIX)
        try:
            self.sock.settimeout(remaining(deadline) or 0.001)
            self.sock.connect(next(get_connectable_addresses(address)))
            authenticator = Authenticator()
            for line in authenticator:
                self._send_bytes(line, deadline)
                self.sock.settimeout(remaining(deadline) or 0.001)
                data = self.sock.recv(1024)
                if not data:
                    raise ConnectionResetError(_("the bus closed the connection while authenticating"))
                authenticator.feed(data)
            self._send_bytes(BEGIN, deadline)
            self.unique_name: str = self.call(message_bus.Hello(), deadline).body[0]
        except BaseException:
            self.sock.close()
            raise

    def close(self) -> None:
        """Close the socket; safe to call twice."""
        self.sock.close()

    def send(self, message: Any, deadline: float) -> int:
        """Send `message` and return its serial; ConnectionError when the bus cannot take it in time."""
        serial = next(self._serials)
        self._send_bytes(message.serialise(serial=serial), deadline)
        return serial

    def call(self, message: Any, deadline: float, on_other: Callable[[Any], None] | None = None) -> Any:
        """Send a method call and return its reply, handing other messages to `on_other` meanwhile.

        Raises TimeoutError when no reply comes by `deadline`, CallFailed for an error reply, and another
        OSError when the connection broke (then it is useless).
        """
        from jeepney import HeaderFields, MessageType

        serial = self.send(message, deadline)
        while True:
            reply = self.next_message(deadline)
            if reply is None:
                raise TimeoutError(_("no reply in time"))
            if reply.header.fields.get(HeaderFields.reply_serial) != serial:
                if on_other is not None:
                    on_other(reply)
                continue
            if reply.header.message_type == MessageType.error:
                name = reply.header.fields.get(HeaderFields.error_name, "unknown error")
                text = reply.body[0] if reply.body and isinstance(reply.body[0], str) else ""
                raise CallFailed(name, text)
            return reply

    def next_message(self, deadline: float | None) -> Any:
        """Return the next whole message, or None if none came by `deadline` (None: only what has arrived)."""
        while True:
            message = self._parser.get_next_message()
            if message is not None:
                return message
            # A timeout of 0 makes the socket non-blocking: it reads only what is there.
            self.sock.settimeout(0.0 if deadline is None else remaining(deadline))
            try:
                data = self.sock.recv(65536)
            except (BlockingIOError, TimeoutError):
                return None
            if not data:
                raise ConnectionResetError(_("the bus closed the connection"))
            self._parser.add_data(data)

    def _send_bytes(self, data: bytes, deadline: float) -> None:
        self.sock.settimeout(remaining(deadline) or 0.001)
        try:
            self.sock.sendall(data)
        except OSError as error:
            # Part of a message may have gone out, so the stream is no longer usable.
            raise ConnectionError(_("cannot write to the bus: {error}").format(error=error)) from error

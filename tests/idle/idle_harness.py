"""A fake desktop idle service for the idle tests."""

from __future__ import annotations

import threading


class FakeIdleService:
    """Owns `bus_name` on a bus and answers one method with a fixed value, from its own thread."""

    def __init__(self, address: str, bus_name: str, method: str, signature: str, value: int) -> None:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self.method, self.signature, self.value = method, signature, value
        self.connection = open_dbus_connection(bus=address)
        reply = self.connection.send_and_get_reply(message_bus.RequestName(bus_name), timeout=5)
        assert reply.body == (1,), reply.body  # 1 = became the primary owner
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        from jeepney import HeaderFields, MessageType, new_error, new_method_return

        while not self._stop.is_set():
            try:
                message = self.connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            if message.header.message_type != MessageType.method_call:
                continue
            if message.header.fields.get(HeaderFields.member) == self.method:
                answer = new_method_return(message, self.signature, (self.value,))
            else:
                answer = new_error(message, "org.freedesktop.DBus.Error.UnknownMethod")
            self.connection.send(answer)

    def stop(self) -> None:
        """Stop answering and leave the bus."""
        self._stop.set()
        self._thread.join(timeout=5)
        self.connection.close()

"""An idle source answered by one D-Bus method on the session bus (GNOME and KDE), through jeepney."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from hipbreak.adapters.idle.base import GuardedIdleSource, IdleUnavailable
from hipbreak.adapters.session_bus import session_bus_address as find_session_bus
from hipbreak.language import _

# A desktop that answers does so in a few milliseconds; this only bounds a hung one.
CALL_TIMEOUT = 0.5

_ABSENT = ("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner")


def session_bus_address(variables: Mapping[str, str]) -> str:
    """Return the session bus address from the environment, or raise IdleUnavailable."""
    address = find_session_bus(variables)
    if address is None:
        raise IdleUnavailable(_("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"))
    return address


class SessionBusIdleSource(GuardedIdleSource):
    """Calls `method` on a desktop service; keeps one connection and reopens it after it breaks."""

    bus_name: str = ""
    object_path: str = ""
    interface: str = ""
    method: str = ""
    seconds_per_unit: float = 0.001

    def __init__(self, address: str, timeout: float = CALL_TIMEOUT) -> None:
        """Remember where the bus is; the connection opens on the first reading."""
        super().__init__()
        self.address = address
        self.timeout = timeout
        self._connection: Any = None

    def _connect(self) -> Any:
        if self._connection is None:
            from jeepney.io.blocking import open_dbus_connection

            try:
                self._connection = open_dbus_connection(bus=self.address, auth_timeout=self.timeout)
            except (OSError, ValueError, RuntimeError, StopIteration) as error:
                text = _("cannot connect to the session bus: {error}")
                raise IdleUnavailable(text.format(error=error)) from error
        return self._connection

    def _read(self) -> float:
        from jeepney import DBusAddress, MessageFlag, MessageType, new_method_call

        connection = self._connect()
        call = new_method_call(DBusAddress(self.object_path, self.bus_name, self.interface), self.method)
        # A probe must not start a desktop service through D-Bus activation.
        call.header.flags |= MessageFlag.no_auto_start
        try:
            reply = connection.send_and_get_reply(call, timeout=self.timeout)
        except TimeoutError as error:
            # Translators: {service} is a D-Bus name, e.g. org.kde.screensaver.
            text = _("{service} did not answer within {seconds} s")
            raise IdleUnavailable(text.format(service=self.bus_name, seconds=f"{self.timeout:g}")) from error
        except (OSError, ConnectionError) as error:
            self._drop_connection()
            raise IdleUnavailable(_("lost the session bus: {error}").format(error=error)) from error
        if reply.header.message_type == MessageType.error:
            raise IdleUnavailable(self._explain_error(reply))
        value = reply.body[0] if reply.body else None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            # Translators: {method} is a D-Bus method's name; {value} what it answered.
            text = _("{method} returned {value}")
            raise IdleUnavailable(text.format(method=self.method, value=repr(value)))
        return float(value) * self.seconds_per_unit

    def _explain_error(self, reply: Any) -> str:
        from jeepney import HeaderFields

        name = reply.header.fields.get(HeaderFields.error_name, "unknown error")
        if name in _ABSENT:
            # Translators: {service} is a D-Bus name, e.g. org.kde.screensaver.
            return _("{service} is not on the session bus").format(service=self.bus_name)
        detail = reply.body[0] if reply.body and isinstance(reply.body[0], str) else ""
        error = f"{name}: {detail}" if detail else name
        # Translators: {method} is a D-Bus method's name; {error} the D-Bus error it answered with.
        return _("{method} failed: {error}").format(method=self.method, error=error)

    def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()

    def _release(self) -> None:
        self._drop_connection()

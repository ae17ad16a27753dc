"""Hold signals read from one D-Bus property and kept current by its PropertiesChanged signal (jeepney).

Each signal reads the property once, then sleeps in select() until the service says it changed; when
the service leaves the bus it holds nothing, and when it comes back the property is read again.
"""

from __future__ import annotations

import contextlib
import select
from collections import deque
from typing import Any

from hipbreak.adapters.hold.base import HoldUnavailable, ThreadedHoldSignal
from hipbreak.core.holds import HoldReason
from hipbreak.language import _

# A desktop service answers in milliseconds; this bounds a hung one and is never a periodic wake-up.
CALL_TIMEOUT = 2.0
_ABSENT = (
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
    "org.freedesktop.DBus.Error.UnknownProperty",
    "org.freedesktop.DBus.Error.InvalidArgs",
    "org.freedesktop.DBus.Error.UnknownInterface",
    "org.freedesktop.DBus.Error.UnknownMethod",
)


class CallRefused(HoldUnavailable):
    """The service is there but answered the call with an error."""


def open_bus(address: str, timeout: float = CALL_TIMEOUT) -> Any:
    """Open a blocking jeepney connection to the bus at `address`, or raise HoldUnavailable."""
    from jeepney.io.blocking import open_dbus_connection

    try:
        return open_dbus_connection(bus=address, auth_timeout=timeout)
    except (OSError, ValueError, RuntimeError, StopIteration) as error:
        raise HoldUnavailable(_("cannot connect to the bus ({error})").format(error=error)) from error


def call(connection: Any, message: Any, timeout: float = CALL_TIMEOUT) -> Any:
    """Send `message` and return the reply's body; HoldUnavailable when the service is missing or refuses."""
    from jeepney import HeaderFields, MessageFlag, MessageType

    message.header.flags |= MessageFlag.no_auto_start  # never start a desktop service just to ask
    try:
        reply = connection.send_and_get_reply(message, timeout=timeout)
    except TimeoutError as error:
        raise HoldUnavailable(_("no answer within {seconds} s").format(seconds=f"{timeout:g}")) from error
    if reply.header.message_type == MessageType.error:
        name = reply.header.fields.get(HeaderFields.error_name, "an error")
        if name in _ABSENT:
            raise HoldUnavailable(
                _("not on the bus") if "Name" in name or "Service" in name else _("not offered")
            )
        # Translators: {error} is the name of a D-Bus error, e.g. org.freedesktop.DBus.Error.AccessDenied.
        raise CallRefused(_("answered {error}").format(error=name))
    return reply.body


class BusPropertySignal(ThreadedHoldSignal):
    """Holds while `holding(value)` is true for property `prop` of `interface` at `path` on `bus_name`."""

    bus_name = ""
    path = ""
    interface = ""
    prop = ""
    system_bus = False  # on the session bus, else the system bus

    def __init__(self, address: str, why: str = "", timeout: float = CALL_TIMEOUT) -> None:
        """Probe the property on the bus at `address`; HoldUnavailable with the reason if it is not there."""
        super().__init__(why)
        self.address = address
        self.timeout = timeout
        probe = open_bus(address, timeout)
        try:
            self._read(probe)
        finally:
            with contextlib.suppress(OSError):
                probe.close()
        self._connection: Any = None

    def holding(self, value: Any) -> bool:
        """Return whether the property's `value` means "not now"; a plain boolean by default."""
        return value is True

    def _get(self) -> Any:
        from jeepney import DBusAddress, Properties

        return Properties(DBusAddress(self.path, self.bus_name, self.interface)).get(self.prop)

    def _read(self, connection: Any) -> bool:
        body = call(connection, self._get(), self.timeout)
        return self.holding(body[0][1] if body else None)

    def _rules(self) -> list[Any]:
        from jeepney import MatchRule

        changed = MatchRule(
            type="signal",
            interface="org.freedesktop.DBus.Properties",
            member="PropertiesChanged",
            path=self.path,
        )
        changed.add_arg_condition(0, self.interface)
        return [changed]

    def _handle(self, message: Any) -> None:
        from jeepney import HeaderFields

        member = message.header.fields.get(HeaderFields.member)
        if member == "NameOwnerChanged":
            new_owner = message.body[2]
            self._set(self._read(self._connection) if new_owner else False)
        elif member == "PropertiesChanged":
            _interface, changed, invalidated = message.body
            if self.prop in changed:
                self._set(self.holding(changed[self.prop][1]))
            elif self.prop in invalidated:
                self._set(self._read(self._connection))
        else:
            self._changed_otherwise(message)

    def _changed_otherwise(self, message: Any) -> None:
        """Handle a signal of a subclass's own rules (see XfconfSignal)."""

    def _watch(self) -> None:
        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus

        self._connection = connection = open_bus(self.address, self.timeout)
        owner = MatchRule(type="signal", interface="org.freedesktop.DBus", member="NameOwnerChanged")
        owner.add_arg_condition(0, self.bus_name)
        rules = [*self._rules(), owner]
        signals: deque[Any] = deque()
        with contextlib.ExitStack() as stack:
            for rule in rules:
                stack.enter_context(connection.filter(rule, queue=signals))
                connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=self.timeout)
            try:
                self._first(self._read(connection))
            except HoldUnavailable:
                self._first(False)  # gone between the probe and now: its return is a NameOwnerChanged
            while True:
                while signals:
                    message = signals.popleft()
                    try:
                        self._handle(message)
                    except HoldUnavailable:
                        self._set(False)
                readable = select.select([connection.sock, self.wake.read_fd], [], [])[0]
                if self.wake.read_fd in readable:
                    return
                with contextlib.suppress(TimeoutError):
                    while True:  # take every message already received; the parser may hold several
                        connection.recv_messages(timeout=0)

    def _release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()

    def _mechanism(self) -> str:
        if self.system_bus:
            # Translators: {interface} and {property} name a D-Bus property; keep PropertiesChanged as it is.
            text = _("{interface} {property} on the system bus, PropertiesChanged (no polling)")
        else:
            # Translators: {interface} and {property} name a D-Bus property; keep PropertiesChanged as it is.
            text = _("{interface} {property} on the session bus, PropertiesChanged (no polling)")
        return text.format(interface=self.interface, property=self.prop)


class DunstPaused(BusPropertySignal):
    """dunst's pause (`dunstctl set-paused true`): a paused dunst queues bubbles and shows them all later."""

    name = "dunst-paused"
    reason = HoldReason.DND
    bus_name = "org.freedesktop.Notifications"
    path = "/org/freedesktop/Notifications"
    interface = "org.dunstproject.cmd0"
    prop = "paused"


class NotificationsInhibited(BusPropertySignal):
    """The notification server's `Inhibited` property (KDE Plasma's Do Not Disturb)."""

    name = "notifications-inhibited"
    reason = HoldReason.DND
    bus_name = "org.freedesktop.Notifications"
    path = "/org/freedesktop/Notifications"
    interface = "org.freedesktop.Notifications"
    prop = "Inhibited"


class XfceDoNotDisturb(BusPropertySignal):
    """Xfce's notifyd Do Not Disturb: xfconf channel xfce4-notifyd, property /do-not-disturb."""

    name = "xfce-do-not-disturb"
    reason = HoldReason.DND
    bus_name = "org.xfce.Xfconf"
    path = "/org/xfce/Xfconf"
    interface = "org.xfce.Xfconf"
    prop = "/do-not-disturb"
    channel = "xfce4-notifyd"

    def _read(self, connection: Any) -> bool:
        from jeepney import DBusAddress, new_method_call

        address = DBusAddress(self.path, self.bus_name, self.interface)
        try:
            body = call(connection, new_method_call(address, "GetProperty", "ss", (self.channel, self.prop)))
        except CallRefused:  # xfconf runs, the property is unset: DND was never turned on
            return False
        return self.holding(body[0][1] if body else None)

    def _rules(self) -> list[Any]:
        from jeepney import MatchRule

        rules = []
        for member in ("PropertyChanged", "PropertyRemoved"):
            rule = MatchRule(type="signal", interface=self.interface, member=member, path=self.path)
            rule.add_arg_condition(0, self.channel)
            rule.add_arg_condition(1, self.prop)
            rules.append(rule)
        return rules

    def _changed_otherwise(self, message: Any) -> None:
        from jeepney import HeaderFields

        if message.header.fields.get(HeaderFields.member) == "PropertyChanged":
            self._set(self.holding(message.body[2][1]))
        else:
            self._set(False)

    def _mechanism(self) -> str:
        # Translators: keep the xfconf channel, its property and PropertyChanged as they are.
        return _("xfconf xfce4-notifyd /do-not-disturb, PropertyChanged (no polling)")


class GnomeIdleInhibited(BusPropertySignal):
    """GNOME's session manager: an app inhibits idle (a video, a presentation) — InhibitedActions bit 8."""

    name = "gnome-idle-inhibited"
    reason = HoldReason.INHIBITED
    bus_name = "org.gnome.SessionManager"
    path = "/org/gnome/SessionManager"
    interface = "org.gnome.SessionManager"
    prop = "InhibitedActions"

    def holding(self, value: Any) -> bool:
        """GSM_INHIBITOR_FLAG_IDLE is 8; logout (1), switch user (2) and suspend (4) do not hold."""
        return isinstance(value, int) and bool(value & 8)


class LogindIdleInhibited(BusPropertySignal):
    """logind's block inhibitors: holds while one of them blocks "idle" (`systemd-inhibit --what=idle`)."""

    name = "logind-idle-inhibited"
    reason = HoldReason.INHIBITED
    bus_name = "org.freedesktop.login1"
    path = "/org/freedesktop/login1"
    interface = "org.freedesktop.login1.Manager"
    prop = "BlockInhibited"
    system_bus = True

    def holding(self, value: Any) -> bool:
        """BlockInhibited lists what is blocked, colon-separated: "idle:sleep:handle-lid-switch"."""
        return isinstance(value, str) and "idle" in value.split(":")

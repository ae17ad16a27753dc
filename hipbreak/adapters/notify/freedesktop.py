"""Bubbles with buttons from the freedesktop notification server, spoken to over D-Bus with jeepney.

The server sends ActionInvoked and NotificationClosed only to the connection that showed the bubble, so
one long-lived connection, owned by a `BusThread`, both sends the bubbles and listens for the answers.
Spec: https://specifications.freedesktop.org/notification-spec/latest/
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any

from hipbreak.adapters.notify.base import Notification
from hipbreak.adapters.notify.bus_link import BusLink, CallFailed
from hipbreak.adapters.notify.bus_thread import BusThread, Unavailable
from hipbreak.error_text import describe_error
from hipbreak.language import _

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
# A server answers in milliseconds; this bounds one request, connecting included, against a hung one.
REQUEST_TIMEOUT = 2.0
_URGENCY_LEVELS = {"low": 0, "normal": 1, "critical": 2}
_NO_SERVER = ("org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner")
_BUS_DAEMON = "org.freedesktop.DBus"


class _LinkLost(Unavailable):
    """The bus connection broke under a call; a fresh connection may work."""


class _NoAnswer(Unavailable):
    """A call got no reply by the request's deadline."""


class FreedesktopNotifier:
    """Bubbles with buttons; a press calls `on_action(key)` on this notifier's own bus thread."""

    name = "freedesktop"

    def __init__(
        self,
        on_action: Callable[[str], None],
        app_name: str = "hipbreak",
        icon_path: str | None = None,
        *,
        bus_address: str | None = None,
        desktop_entry: str = "io.github.hipbreak.hipbreak",  # the launcher's desktop id
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        """Remember the settings; the bus is reached on the first request. Any thread.

        `bus_address` comes from the injected environment (see `session_bus_address`); without one every
        request fails with a reason.
        """
        self.supports_actions = False
        self.server_info: str | None = None  # "name version (vendor)" once probed
        self.last_error: str | None = None
        self._on_action = on_action
        self._app_name = app_name
        self._icon = icon_path or ""
        self._address = bus_address
        self._desktop_entry = desktop_entry
        self._timeout = request_timeout
        self._bus = BusThread("hipbreak-notify", self._on_message, self._on_lost)
        # Owned by the bus thread from here on.
        self._capabilities: frozenset[str] | None = None  # None: not yet asked of the current server
        self._shown: dict[int, str] = {}  # bubble id -> unique bus name of the server that gave it
        self._keys: dict[str, int] = {}  # replace_key -> bubble id

    def probe(self, timeout: float = 1.0) -> str | None:
        """Ask the server who it is and what it can do; None when it answered, else why not. Any thread."""
        return self._run(self._identify, timeout)

    def show(self, note: Notification) -> bool:
        """Hand the bubble to the server; True when it took it. Never raises; any thread."""
        return self._run(lambda deadline: self._notify(note, deadline), self._timeout) is None

    def withdraw(self, replace_key: str) -> None:
        """Close the bubble last shown under `replace_key`, without waiting. Never raises; any thread."""
        try:
            future = self._bus.post(lambda deadline: self._close_bubble(replace_key, deadline), self._timeout)
        except Exception as error:
            self._failed(error)
            return
        future.add_done_callback(self._log_failure)

    def close(self) -> None:
        """Stop the bus thread and drop the connection; shown bubbles stay. Any thread; twice is fine."""
        self._bus.close(self._timeout + 1.0)

    def _run(self, work: Callable[[float], Any], timeout: float) -> str | None:
        """Run `work` on the bus thread within `timeout`; None when it succeeded, else the reason."""
        try:
            self._bus.run(lambda deadline: self._retrying(work, deadline), timeout)
        except _NoAnswer:
            # Translators: {service} is a D-Bus name, e.g. org.freedesktop.Notifications.
            text = _("{service} did not answer within {seconds} s")
            return self._failed(Unavailable(text.format(service=BUS_NAME, seconds=f"{timeout:g}")))
        except Exception as error:
            return self._failed(error)
        self.last_error = None
        return None

    def _failed(self, error: BaseException) -> str:
        reason = str(error) if isinstance(error, Unavailable) else describe_error(error)
        if reason != self.last_error:
            log.warning("freedesktop notifications: %s", reason)
        self.last_error = reason
        return reason

    def _log_failure(self, future: concurrent.futures.Future[Any]) -> None:
        error = None if future.cancelled() else future.exception()
        if error is not None:
            self._failed(error)

    # Everything below runs on the bus thread.

    def _retrying(self, work: Callable[[float], Any], deadline: float) -> Any:
        """Run `work`; once more on a new connection if the old one turns out to have broken."""
        had_link = self._bus.link is not None
        try:
            return work(deadline)
        except _LinkLost:
            if not had_link:
                raise
            return work(deadline)

    def _on_lost(self, reason: str) -> None:
        self._server_changed()
        self._failed(Unavailable(reason))

    def _server_changed(self) -> None:
        # Ids from another server, or given to another connection, mean nothing now.
        self._shown.clear()
        self._keys.clear()
        self._capabilities = None

    def _connected(self, deadline: float) -> BusLink:
        if self._bus.link is not None:
            return self._bus.link
        if not self._address:
            raise Unavailable(_("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"))
        from jeepney.bus_messages import MatchRule, message_bus

        try:
            link = BusLink(self._address, deadline)
        except Exception as error:
            text = _("cannot connect to the session bus: {error}")
            raise Unavailable(text.format(error=describe_error(error))) from error
        self._bus.attach(link)
        self._server_changed()
        owner_changes = MatchRule(type="signal", sender=_BUS_DAEMON, member="NameOwnerChanged")
        owner_changes.add_arg_condition(0, BUS_NAME)
        for rule in (
            MatchRule(type="signal", interface=BUS_NAME, path=OBJECT_PATH, member="ActionInvoked"),
            MatchRule(type="signal", interface=BUS_NAME, path=OBJECT_PATH, member="NotificationClosed"),
            owner_changes,
        ):
            self._send(link, message_bus.AddMatch(rule), deadline)
        return link

    def _call(self, member: str, signature: str | None, body: tuple[Any, ...], deadline: float) -> Any:
        from jeepney import DBusAddress, new_method_call

        link = self._connected(deadline)
        message = new_method_call(DBusAddress(OBJECT_PATH, BUS_NAME, BUS_NAME), member, signature, body)
        return self._send(link, message, deadline)

    def _send(self, link: BusLink, message: Any, deadline: float) -> Any:
        try:
            return link.call(message, deadline, self._on_message)
        except CallFailed as error:
            if error.name in _NO_SERVER:
                raise Unavailable(_("no notification server on the session bus")) from error
            raise Unavailable(str(error)) from error
        except TimeoutError as error:
            # Translators: {service} is a D-Bus name, e.g. org.freedesktop.Notifications.
            raise _NoAnswer(_("{service} did not answer in time").format(service=BUS_NAME)) from error
        except Exception as error:
            self._bus.drop()
            self._server_changed()
            raise _LinkLost(_("lost the session bus: {error}").format(error=describe_error(error))) from error

    def _ready(self, deadline: float) -> None:
        if self._capabilities is None:
            (capabilities,) = self._call("GetCapabilities", None, (), deadline).body
            self._capabilities = frozenset(capabilities)
            self.supports_actions = "actions" in self._capabilities

    def _identify(self, deadline: float) -> None:
        self._ready(deadline)
        name, vendor, version, _spec = self._call("GetServerInformation", None, (), deadline).body
        self.server_info = f"{name} {version} ({vendor})"

    def _notify(self, note: Notification, deadline: float) -> None:
        from jeepney import HeaderFields

        self._ready(deadline)
        replaces = self._keys.get(note.replace_key, 0) if note.replace_key is not None else 0
        actions = [part for pair in note.actions for part in pair] if self.supports_actions else []
        hints = {
            "urgency": ("y", _URGENCY_LEVELS.get(note.urgency, 1)),
            "desktop-entry": ("s", self._desktop_entry),
        }
        seconds = note.timeout_s
        expire_ms = -1 if seconds is None or not seconds >= 0 else min(round(seconds * 1000), 2**31 - 1)
        body = (self._app_name, replaces, self._icon, note.summary, note.body, actions, hints, expire_ms)
        reply = self._call("Notify", "susssasa{sv}i", body, deadline)
        bubble = int(reply.body[0])
        if replaces and bubble != replaces:
            self._forget(replaces)
        # Signals about this bubble count only from the server that made it: ids restart with a server.
        self._shown[bubble] = reply.header.fields.get(HeaderFields.sender, "")
        if note.replace_key is not None:
            self._keys[note.replace_key] = bubble

    def _close_bubble(self, replace_key: str, deadline: float) -> None:
        bubble = self._keys.pop(replace_key, None)
        if bubble is None or self._bus.link is None:
            return
        self._shown.pop(bubble, None)
        self._call("CloseNotification", "u", (bubble,), deadline)

    def _forget(self, bubble: int) -> None:
        self._shown.pop(bubble, None)
        for key in [key for key, shown in self._keys.items() if shown == bubble]:
            del self._keys[key]

    def _on_message(self, message: Any) -> None:
        from jeepney import HeaderFields, MessageType

        if message.header.message_type != MessageType.signal:
            return  # a reply that came after its caller gave up
        fields = message.header.fields
        sender = fields.get(HeaderFields.sender)
        interface = fields.get(HeaderFields.interface)
        member = fields.get(HeaderFields.member)
        if member == "NameOwnerChanged" and sender == _BUS_DAEMON:
            if message.body[0] == BUS_NAME:
                self._server_changed()
        elif interface == BUS_NAME and len(message.body) == 2 and sender is not None:
            bubble, detail = message.body
            if self._shown.get(bubble) != sender:
                return  # another program's bubble, or one from before a server restart
            if member == "ActionInvoked":
                self._dispatch(detail)
            elif member == "NotificationClosed":
                self._forget(bubble)

    def _dispatch(self, key: str) -> None:
        try:
            self._on_action(key)
        except Exception:
            log.exception("the notification action callback failed for %r", key)

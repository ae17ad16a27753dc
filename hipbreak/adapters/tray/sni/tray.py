"""SniTray: the tray icon and menu as a StatusNotifierItem on the session bus, with no toolkit at all.

One thread (the one in run()) owns the bus connection. It sleeps in poll() on the bus socket and a
wake-up pipe, with no timeout: an idle tray never wakes. show() and stop() only leave a note and write
one byte to the pipe. Every call to the bus is answered from the loop without blocking on a reply, so
hosts that query the item while the watcher is still registering it get their answers.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
from collections.abc import Callable
from typing import Any

from hipbreak.adapters.tray.sni import dbusmenu, item, watch
from hipbreak.adapters.tray.sni.dbusmenu import DbusMenu
from hipbreak.adapters.tray.sni.export import ERROR, CallError, Exported, answer
from hipbreak.adapters.tray.sni.item import StatusNotifierItem
from hipbreak.adapters.tray.sni.pixmap import DrawIcon, ShippedPixmaps, shipped_pixmaps
from hipbreak.core.commands import Command
from hipbreak.core.menu import menu_items
from hipbreak.core.view import TrayView

log = logging.getLogger(__name__)

Post = Callable[[Command], None]

_PRIMARY_OWNER, _ALREADY_OWNER, _DO_NOT_QUEUE = 1, 4, 4
_RELEASE_WAIT = 2.0  # seconds stop() waits for the bus to confirm the name is released


class SniTray:
    """A StatusNotifierItem with a dbusmenu, duck-typed like TrayIcon; `run()` blocks its thread."""

    HAS_NOTIFICATION = False  # bubbles come from the freedesktop notifier, not from the tray

    def __init__(
        self,
        post: Post,
        draw_icon: DrawIcon,
        view: TrayView,
        bus_address: str | None = None,
        shipped: ShippedPixmaps = shipped_pixmaps,
    ) -> None:
        """Keep the collaborators; nothing touches the bus before run(). Any thread."""
        self._post = post
        self._draw_icon = draw_icon
        self._shipped = shipped
        self._view = view
        self._bus_address = bus_address
        self._lock = threading.Lock()  # guards the notes below and the pipe's lifetime
        self._latest: TrayView | None = None  # the newest show(), not yet taken by the loop
        self._posted: TrayView | None = None  # the last view handed to the loop, to drop repeats
        self._wake_pending = False
        self._stopping = False
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._pipe_open = True
        self.bus_name: str | None = None  # the name registered with the watcher, once owned
        self._conn: Any = None
        self._replies: dict[int, Callable[[Any], None]] = {}
        self._tracker = watch.WatcherTracker()
        self._on_ready: Callable[[], None] | None = None

    @property
    def has_menu(self) -> bool:
        """Always True: every StatusNotifier host shows the dbusmenu. Any thread."""
        return True

    def notify(self, message: str, title: str) -> bool:
        """Return False: the freedesktop notifier shows bubbles, not the tray. Any thread."""
        return False

    def remove_notification(self) -> None:
        """Nothing to take away: this tray shows no bubbles. Any thread."""

    def show(self, view: TrayView) -> None:
        """Show `view` on the icon and menu; an unchanged view costs the bus thread nothing. Any thread."""
        with self._lock:
            if self._stopping or view == self._posted:
                return
            self._latest = self._posted = view
            self._wake_locked()

    def stop(self) -> None:
        """Ask run() to release the name, close the connection and return. Any thread, any number of times."""
        with self._lock:
            self._stopping = True
            self._wake_locked()

    def _wake_locked(self) -> None:
        if self._pipe_open and not self._wake_pending:
            self._wake_pending = True
            os.write(self._wake_w, b"\0")

    def run(self, on_ready: Callable[[], None]) -> None:
        """Export the item, register it and serve the bus until stop(); on_ready() once the name is owned.

        Blocks the calling thread, which becomes the bus thread. Raises OSError (or jeepney's errors)
        when the bus cannot be reached; returns if the bus goes away.
        """
        from jeepney.io.blocking import open_dbus_connection

        with self._lock:
            view = self._latest or self._view
            self._latest, self._posted = None, view
        self._item = StatusNotifierItem(view, self._draw_icon, self._post, self._shipped)
        self._menu = DbusMenu(menu_items(view), self._post)
        self._shown: TrayView = view
        self._objects: dict[str, Exported] = {item.PATH: self._item, dbusmenu.PATH: self._menu}
        self._on_ready = on_ready
        try:
            if self._stopping:
                return
            self._conn = open_dbus_connection(self._bus_address or "SESSION")
            self._start()
            self._loop()
        finally:
            self._finish()

    # --- the bus thread from here on ---

    def _start(self) -> None:
        from jeepney.bus_messages import message_bus

        self._call(message_bus.AddMatch(watch.owner_rule()), None)
        name = watch.item_bus_name(os.getpid())
        self._call(message_bus.RequestName(name, _DO_NOT_QUEUE), lambda reply: self._named(name, reply))

    def _named(self, name: str, reply: Any) -> None:
        from jeepney.bus_messages import message_bus

        owned = _is_error(reply) is None and reply.body[0] in (_PRIMARY_OWNER, _ALREADY_OWNER)
        if not owned:
            log.warning("could not own %s; the item registers as %s", name, self._conn.unique_name)
        self.bus_name = name if owned else self._conn.unique_name
        self._call(message_bus.GetNameOwner(watch.WATCHER), self._watcher_owner)
        if self._on_ready is not None:
            on_ready, self._on_ready = self._on_ready, None
            on_ready()

    def _watcher_owner(self, reply: Any) -> None:
        self._owner_changed("" if _is_error(reply) else reply.body[0])

    def _owner_changed(self, owner: str) -> None:
        if not owner:
            log.info("no StatusNotifierWatcher on the bus; the item waits for one")
        if self.bus_name is not None and self._tracker.owner_is(owner):
            self._register()

    def _register(self) -> None:
        self._call(watch.register_call(str(self.bus_name)), self._registered)

    def _registered(self, reply: Any) -> None:
        error = _is_error(reply)
        if error is None:
            log.info("registered %s with the StatusNotifierWatcher", self.bus_name)
            return
        delay = self._tracker.refused(time.monotonic())
        if delay is None:
            log.warning("the StatusNotifierWatcher refused the item: %s", error)
        else:
            log.info("the StatusNotifierWatcher refused the item (%s); trying again in %g s", error, delay)

    def _call(self, message: Any, on_reply: Callable[[Any], None] | None) -> None:
        serial = next(self._conn.outgoing_serial)
        if on_reply is not None:
            self._replies[serial] = on_reply
        self._conn.send(message, serial=serial)

    def _loop(self) -> None:
        try:
            self._serve()
        except OSError as error:  # the bus went away (session ending): the icon is gone with it
            log.warning("lost the session bus: %s", error)

    def _serve(self) -> None:
        sock = self._conn.sock
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        poller.register(self._wake_r, select.POLLIN)
        while True:
            while (message := self._conn.parser.get_next_message()) is not None:
                self._handle(message)
            if self._stopping:
                return
            retry_at = self._tracker.retry_at  # None unless a watcher refused us: then idle means asleep
            timeout = None if retry_at is None else max(retry_at - time.monotonic(), 0.0) * 1000
            events = poller.poll(timeout)
            if self._tracker.retry_due(time.monotonic()):
                self._register()
            for fd, _events in events:
                if fd == self._wake_r:
                    os.read(self._wake_r, 64)
                    self._take_view()
                else:
                    data = sock.recv(65536)
                    if not data:
                        log.warning("the session bus closed the connection; the tray icon is gone")
                        return
                    self._conn.parser.add_data(data)

    def _take_view(self) -> None:
        with self._lock:
            self._wake_pending = False
            view, self._latest = self._latest, None
        if view is None or view == self._shown:
            return
        self._shown = view
        try:
            for member, signature, body in self._item.update(view):
                self._signal(item.PATH, item.INTERFACE, member, signature, body)
            relaid, changed = self._menu.update(menu_items(view))
        except Exception:  # a bad view must not stop the tray
            log.exception("could not show the new tray view")
            return
        if relaid:
            self._signal(dbusmenu.PATH, dbusmenu.INTERFACE, "LayoutUpdated", "ui", (self._menu.revision, 0))
        elif changed:
            self._signal(
                dbusmenu.PATH, dbusmenu.INTERFACE, "ItemsPropertiesUpdated", "a(ia{sv})a(ias)", (changed, [])
            )

    def _signal(self, path: str, interface: str, member: str, signature: str, body: tuple[Any, ...]) -> None:
        from jeepney import DBusAddress, new_signal

        self._conn.send(new_signal(DBusAddress(path, interface=interface), member, signature or None, body))

    def _handle(self, message: Any) -> None:
        from jeepney import HeaderFields, MessageType

        header = message.header
        fields = header.fields
        kind = header.message_type
        if kind in (MessageType.method_return, MessageType.error):
            on_reply = self._replies.pop(fields.get(HeaderFields.reply_serial, -1), None)
            if on_reply is not None:
                on_reply(message)
        elif kind == MessageType.method_call:
            self._answer(message)
        elif fields.get(HeaderFields.member) == "NameOwnerChanged" and message.body[0] == watch.WATCHER:
            self._owner_changed(message.body[2])

    def _answer(self, message: Any) -> None:
        from jeepney import HeaderFields, MessageFlag, new_error, new_method_return

        fields = message.header.fields
        member = fields.get(HeaderFields.member, "")
        try:
            signature, body = answer(
                self._objects,
                fields.get(HeaderFields.path, ""),
                fields.get(HeaderFields.interface),
                member,
                fields.get(HeaderFields.signature, ""),
                message.body,
            )
            reply = new_method_return(message, signature or None, body)
        except CallError as error:
            log.info("answered %s from %s with %s", member, fields.get(HeaderFields.sender), error.name)
            reply = new_error(message, error.name, "s", (error.text,))
        except Exception as error:  # a host's odd call must never end the tray
            log.exception("failed to answer %s from %s", member, fields.get(HeaderFields.sender))
            reply = new_error(message, ERROR + "Failed", "s", (f"{type(error).__name__}: {error}",))
        if not message.header.flags & MessageFlag.no_reply_expected:
            self._conn.send(reply)

    def _finish(self) -> None:
        conn, self._conn = self._conn, None
        with self._lock:
            self._pipe_open = False
            os.close(self._wake_r)
            os.close(self._wake_w)
        if conn is None:
            return
        try:
            if self.bus_name is not None and self.bus_name != conn.unique_name:
                self._release(conn, self.bus_name)
        except (OSError, TimeoutError) as error:
            log.info("could not release %s cleanly: %s", self.bus_name, error)
        finally:
            conn.close()

    def _release(self, conn: Any, name: str) -> None:
        from jeepney import HeaderFields
        from jeepney.bus_messages import message_bus

        serial = next(conn.outgoing_serial)
        conn.send(message_bus.ReleaseName(name), serial=serial)
        deadline = time.monotonic() + _RELEASE_WAIT
        while True:  # the item is going: calls that arrive now go unanswered
            reply = conn.receive(timeout=max(deadline - time.monotonic(), 0.0))
            if reply.header.fields.get(HeaderFields.reply_serial) == serial:
                return


def _is_error(reply: Any) -> str | None:
    """Return the error name of an error reply, None for a normal one."""
    from jeepney import HeaderFields, MessageType

    if reply.header.message_type == MessageType.error:
        return str(reply.header.fields.get(HeaderFields.error_name, "unknown error"))
    return None

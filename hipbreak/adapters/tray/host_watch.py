"""Waiting for a tray host that comes after the app (the login race): a panel that starts late.

Two threads, each asleep until something happens: one on the session bus for a new owner of
org.kde.StatusNotifierWatcher (NameOwnerChanged), one on the X display for a new owner of the XEmbed tray
selection (see xembed_watch.py). The first to see a host calls `on_host("sni")` or `on_host("xembed")`
once; the app then decides what to show.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Callable, Mapping
from typing import Any

from hipbreak.adapters.session_bus import session_bus_address
from hipbreak.adapters.tray.probe import WATCHER
from hipbreak.adapters.tray.xembed_watch import XembedWatch

log = logging.getLogger(__name__)


class WatcherOwnerWatch:
    """Tells once when org.kde.StatusNotifierWatcher gets an owner; `run()` blocks its own thread."""

    def __init__(self, bus_address: str, on_owner: Callable[[], None]) -> None:
        """Keep the bus to watch; nothing connects before run(). Any thread."""
        self._address = bus_address
        self._on_owner = on_owner
        self._lock = threading.Lock()
        self._conn: Any = None
        self._closed = False

    def run(self) -> None:
        """Wait for an owner (then call on_owner()) or close(); raises OSError when the bus is unreachable."""
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        from hipbreak.adapters.tray.sni import watch

        conn = open_dbus_connection(self._address)
        with self._lock:
            if self._closed:
                conn.close()
                return
            self._conn = conn
        try:
            conn.send_and_get_reply(message_bus.AddMatch(watch.owner_rule()), timeout=5)
            # Asked after the match is in place, so a watcher that came in between is not missed.
            reply = conn.send_and_get_reply(message_bus.NameHasOwner(WATCHER), timeout=5)
            owned = bool(reply.body[0])
            while not owned:
                message = conn.receive()  # no timeout: asleep until the bus speaks
                body = message.body
                owned = len(body) == 3 and body[0] == WATCHER and bool(body[2])
        except (OSError, ConnectionError, TimeoutError) as error:
            if not self._closed:
                log.info("stopped watching for a StatusNotifierWatcher: %s", error)
            return
        finally:
            conn.close()
        if not self._closed:
            self._on_owner()

    def close(self) -> None:
        """Make run() return without calling on_owner(). Any thread, any number of times."""
        with self._lock:
            self._closed = True
            conn = self._conn
        if conn is not None:
            # Wakes the blocking receive(): it reads the end of the stream and raises.
            with contextlib.suppress(OSError):
                conn.sock.shutdown(socket.SHUT_RDWR)


class TrayHostWatch:
    """Watches the session bus and the X display for a tray host; `on_host(kind)` once, on a watch thread."""

    def __init__(self, variables: Mapping[str, str], on_host: Callable[[str], None]) -> None:
        """Plan the watches `variables` allow (DBUS_SESSION_BUS_ADDRESS, DISPLAY). Any thread."""
        self._on_host = on_host
        self._lock = threading.Lock()
        self._told = False
        self._watches: list[tuple[str, Any]] = []
        address = session_bus_address(variables)
        if address:
            self._watches.append(("sni", WatcherOwnerWatch(address, lambda: self._found("sni"))))
        display = variables.get("DISPLAY", "")
        if display:
            self._watches.append(("xembed", XembedWatch(display, lambda: self._found("xembed"))))

    @property
    def kinds(self) -> list[str]:
        """What is watched: "sni", "xembed", both or neither."""
        return [kind for kind, _watch in self._watches]

    def start(self) -> None:
        """Start one daemon thread per watch. Call once."""
        for kind, watch in self._watches:
            threading.Thread(
                target=self._run, args=(kind, watch), name=f"hipbreak-{kind}-watch", daemon=True
            ).start()

    def close(self) -> None:
        """Stop every watch; on_host() is not called once this returns. Any thread."""
        with self._lock:
            self._told = True
        for _kind, watch in self._watches:
            watch.close()

    def _run(self, kind: str, watch: Any) -> None:
        try:
            watch.run()
        except Exception as error:  # a watch that cannot start leaves the other one working
            log.warning("cannot watch for a %s tray host: %s", kind, error)

    def _found(self, kind: str) -> None:
        with self._lock:
            if self._told:
                return
            self._told = True
        log.info("a tray host appeared: %s", kind)
        self._on_host(kind)

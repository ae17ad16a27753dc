"""A hand-written stand-in for the few pywayland objects the ext-idle-notify-v1 watch uses.

The display's fd is a real pipe, so the watch thread blocks in select() as it would on a socket;
`send()` queues an event and makes the pipe readable, `read()` takes it, `dispatch()` runs handlers.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from hipbreak.adapters.idle.wayland_watch import WaylandClient


class FakeInterface:
    """An interface class as pywayland has them: a name and a version."""

    def __init__(self, name: str, version: int) -> None:
        self.name = name
        self.version = version


SEAT = FakeInterface("wl_seat", 9)
NOTIFIER = FakeInterface("ext_idle_notifier_v1", 2)


class FakeProxy:
    """A bound object: its handlers by event name, and whether it was destroyed."""

    def __init__(self, interface: FakeInterface) -> None:
        self.interface = interface
        self.dispatcher: dict[str, Callable[..., None]] = {}
        self.destroyed = False

    def destroy(self) -> None:
        self.destroyed = True


class FakeNotifier(FakeProxy):
    """The notifier global: records each notification it hands out."""

    def __init__(self, display: FakeDisplay) -> None:
        super().__init__(NOTIFIER)
        self.display = display
        self.notifications: list[tuple[int, FakeProxy, FakeProxy]] = []

    def get_idle_notification(self, timeout_ms: int, seat: FakeProxy) -> FakeProxy:
        notification = FakeProxy(FakeInterface("ext_idle_notification_v1", 1))
        self.notifications.append((timeout_ms, seat, notification))
        self.display.armed.set()
        return notification


class FakeRegistry(FakeProxy):
    """Announces `globals_` on the next round trip; bind() returns a proxy for the interface asked."""

    def __init__(self, display: FakeDisplay, globals_: list[str]) -> None:
        super().__init__(FakeInterface("wl_registry", 1))
        self.display = display
        self.globals = globals_
        self.bound: list[tuple[int, str, int]] = []

    def bind(self, global_id: int, interface: FakeInterface, version: int) -> FakeProxy:
        self.bound.append((global_id, interface.name, version))
        if interface is NOTIFIER:
            self.display.notifier = FakeNotifier(self.display)
            return self.display.notifier
        return FakeProxy(interface)


class FakeDisplay:
    """A display whose events the test sends; `gone()` makes the next read fail like a closed socket."""

    def __init__(self, name: str, globals_: list[str]) -> None:
        self.name = name
        self.globals = globals_
        self.connected = False
        self.registry: FakeRegistry | None = None
        self.notifier: FakeNotifier | None = None
        self.armed = threading.Event()
        self._read_fd, self._write_fd = os.pipe()
        self._incoming: list[str] = []
        self._queued: list[str] = []
        self._lock = threading.Lock()
        self._gone = False

    def connect(self) -> None:
        self.connected = True

    def get_registry(self) -> FakeRegistry:
        self.registry = FakeRegistry(self, self.globals)
        return self.registry

    def roundtrip(self) -> int:
        assert self.registry is not None
        handler = self.registry.dispatcher["global"]
        for global_id, interface in enumerate(self.globals, start=1):
            handler(self.registry, global_id, interface, 3)
        return 0

    def get_fd(self) -> int:
        return self._read_fd

    def flush(self) -> int:
        return 0

    def send(self, event: str) -> None:
        """From the test: the compositor sends `idled` or `resumed` for the notification."""
        with self._lock:
            self._incoming.append(event)
        os.write(self._write_fd, b"e")

    def gone(self) -> None:
        """From the test: the compositor closes the connection."""
        self._gone = True
        os.write(self._write_fd, b"x")

    def read(self) -> None:
        os.read(self._read_fd, 1)
        if self._gone:
            raise RuntimeError("Failed to read events")
        with self._lock:
            self._queued.extend(self._incoming[:1])
            del self._incoming[:1]

    def dispatch(self, *, block: bool = False) -> int:
        assert not block, "the watch must never block inside libwayland"
        assert self.notifier is not None
        _timeout, _seat, notification = self.notifier.notifications[-1]
        with self._lock:
            events, self._queued = self._queued, []
        for event in events:
            notification.dispatcher[event](notification)
        return len(events)

    def disconnect(self) -> None:
        self.connected = False
        for fd in (self._read_fd, self._write_fd):
            os.close(fd)


class FakeWayland:
    """The client the watch is given; keeps the displays it made for the test to drive."""

    def __init__(self, globals_: list[str] | None = None) -> None:
        self.globals = ["wl_compositor", "wl_seat", "ext_idle_notifier_v1"] if globals_ is None else globals_
        self.displays: list[FakeDisplay] = []

    def open(self, name: str) -> Any:
        display = FakeDisplay(name, self.globals)
        self.displays.append(display)
        return display

    def client(self) -> WaylandClient:
        return WaylandClient(self.open, SEAT, NOTIFIER)

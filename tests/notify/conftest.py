"""Fixtures for the notifier adapters: a private session bus, an Xvfb, and dunst on both."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_notification_server import FakeNotificationServer
from notify_harness import Actions, Dunst, require
from servers import stop_process
from session_bus import SessionBus
from xserver import running_xvfb


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    """A private Xvfb for the whole run (dunst needs a display); yields its name, e.g. ":5"."""
    require("Xvfb")
    env = {"PATH": os.environ.get("PATH", "")}
    with running_xvfb(800, 600, noreset=True, timeout=10.0, env=env) as server:
        yield server.display


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[SessionBus]:
    """A private session bus with nothing on it."""
    require("dbus-daemon", "dbus-send")
    bus = SessionBus(tmp_path, timeout=10.0, env={"PATH": os.environ.get("PATH", "")})
    bus.start()
    try:
        yield bus
    finally:
        bus.kill()


@pytest.fixture
def desktop_env(session_bus: SessionBus, display: str, tmp_path: Path) -> dict[str, str]:
    """The variables every child process (and the notifier's Environment) gets."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DBUS_SESSION_BUS_ADDRESS": session_bus.address,
        "DISPLAY": display,
        "LANG": "C.UTF-8",
    }


@pytest.fixture
def dunst(desktop_env: dict[str, str], tmp_path: Path) -> Iterator[Dunst]:
    """dunst running on the private bus and display, owning org.freedesktop.Notifications."""
    require("dunst", "dunstctl", "busctl")
    server = Dunst(tmp_path, desktop_env)
    server.start()
    try:
        yield server
    finally:
        stop_process(server.process)


@pytest.fixture
def fake_server(session_bus: SessionBus) -> Iterator[FakeNotificationServer]:
    """A recording notification server (no display needed) on the private bus."""
    server = FakeNotificationServer(session_bus.address).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def actions() -> Actions:
    """Records the notifier's on_action calls."""
    return Actions()

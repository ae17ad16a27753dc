"""Fixtures for the notifier adapters: a private session bus, an Xvfb, and dunst on both."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_notification_server import FakeNotificationServer
from notify_harness import Dunst, SessionBus, require, start_reporting, stop


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    """A private Xvfb for the whole run (dunst needs a display); yields its name, e.g. ":5"."""
    require("Xvfb")
    process, number = start_reporting(
        ["Xvfb", "-displayfd", "{fd}", "-nolisten", "tcp", "-noreset", "-screen", "0", "800x600x24"],
        "Xvfb",
        {"PATH": os.environ.get("PATH", "")},
    )
    try:
        yield f":{number}"
    finally:
        stop(process)


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[SessionBus]:
    """A private session bus with nothing on it."""
    require("dbus-daemon", "dbus-send")
    bus = SessionBus(tmp_path)
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
        stop(server.process)


@pytest.fixture
def fake_server(session_bus: SessionBus) -> Iterator[FakeNotificationServer]:
    """A recording notification server (no display needed) on the private bus."""
    server = FakeNotificationServer(session_bus.address).start()
    try:
        yield server
    finally:
        server.stop()

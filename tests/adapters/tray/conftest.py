"""Fixtures for the tray adapters: a private session bus and a StatusNotifierWatcher on it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop import require_tools
from session_bus import SessionBus
from sni_harness import Watcher


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[SessionBus]:
    """A private session bus with nothing on it."""
    require_tools("dbus-daemon", "dbus-send", "gdbus")
    bus = SessionBus(tmp_path, timeout=10.0, env={"PATH": os.environ.get("PATH", "")})
    bus.start()
    try:
        yield bus
    finally:
        bus.kill()


@pytest.fixture
def bus_env(session_bus: SessionBus, tmp_path: Path) -> dict[str, str]:
    """The variables a child process on the private bus gets."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DBUS_SESSION_BUS_ADDRESS": session_bus.address,
        "LANG": "C.UTF-8",
    }


@pytest.fixture
def watcher(bus_env: dict[str, str], tmp_path: Path) -> Iterator[Watcher]:
    """status-notifier-watcher running on the private bus (not yet started: call start())."""
    require_tools("status-notifier-watcher")
    server = Watcher(bus_env, tmp_path / "watcher.log")
    try:
        yield server
    finally:
        if server.process is not None:
            server.process.kill()
            server.process.wait()

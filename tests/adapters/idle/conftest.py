"""Fixtures for the idle watches: a private X server and a private session bus per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from desktop import skip_or_fail
from session_bus import SessionBus


@pytest.fixture
def bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SessionBus]:
    """A private D-Bus session bus with no desktop services on it, which a test may kill."""
    if shutil.which("dbus-daemon") is None:
        skip_or_fail("dbus-daemon is not installed (Debian: dbus)")
    started = SessionBus(tmp_path_factory.mktemp("bus"))
    started.start()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def session_bus(bus: SessionBus) -> str:
    """The address of a private D-Bus session bus."""
    return bus.address

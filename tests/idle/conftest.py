"""Fixtures for the idle adapters: a private X server and a private session bus per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from desktop import skip_or_fail
from idle_harness import FakeIdleService
from session_bus import SessionBus
from xserver import XServer


@pytest.fixture
def xvfb_display(xvfb: XServer) -> str:
    """The display name of a private Xvfb."""
    return xvfb.display


@pytest.fixture
def session_bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a private D-Bus session bus with no desktop services on it."""
    if shutil.which("dbus-daemon") is None:
        skip_or_fail("dbus-daemon is not installed (Debian: dbus)")
    bus = SessionBus(tmp_path_factory.mktemp("bus"))
    bus.start()
    try:
        yield bus.address
    finally:
        bus.stop()


@pytest.fixture
def fake_services() -> Iterator[list[FakeIdleService]]:
    """Fake desktop services a test starts; stopped afterwards."""
    started: list[FakeIdleService] = []
    yield started
    for service in started:
        service.stop()

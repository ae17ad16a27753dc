"""Fixtures for the hold signals: the constructed pw-dump outputs, private buses, fake desktop services."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop import skip_or_fail
from hold_harness import FakePropertyService
from session_bus import SessionBus

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    """The folder of constructed pw-dump outputs (see fixtures/README.md)."""
    return FIXTURES


def _bus(factory: pytest.TempPathFactory) -> Iterator[str]:
    if shutil.which("dbus-daemon") is None:
        skip_or_fail("dbus-daemon is not installed (Debian: dbus)")
    bus = SessionBus(factory.mktemp("bus"))
    bus.start()
    try:
        yield bus.address
    finally:
        bus.stop()


@pytest.fixture
def session_bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private session bus with nothing on it."""
    yield from _bus(tmp_path_factory)


@pytest.fixture
def system_bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second private bus standing in for the system bus (where logind lives)."""
    yield from _bus(tmp_path_factory)


@pytest.fixture
def services() -> Iterator[list[FakePropertyService]]:
    """Fake services a test starts; stopped afterwards."""
    started: list[FakePropertyService] = []
    yield started
    for service in started:
        service.stop()

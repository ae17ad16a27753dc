"""Fixtures for GNOME's break reminders: its schema (GNOME 48+) compiled into a temp dir with a keyfile
backend, and a private bus for a fake GNOME Shell."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop import skip_or_fail
from gnome_schema import gsettings_env
from session_bus import SessionBus


@pytest.fixture
def gnome48(tmp_path: Path) -> dict[str, str]:
    """An environment with GNOME 48's break-reminders schema and a keyfile backend in a temp dir."""
    return gsettings_env(tmp_path)


@pytest.fixture
def bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SessionBus]:
    """A private D-Bus session bus with no desktop services on it."""
    if shutil.which("dbus-daemon") is None:
        skip_or_fail("dbus-daemon is not installed (Debian: dbus)")
    started = SessionBus(tmp_path_factory.mktemp("bus"))
    started.start()
    try:
        yield started
    finally:
        started.stop()

"""The idle-watch chooser on X11, GNOME and KDE sessions made of Xvfb and fake services on a private bus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_desktop import FakeIdleMonitor, ScreenSaver
from temp_env import temp_env
from xserver import XServer, unused_display

from hipbreak.adapters.idle.choose_watch import choose_idle_watch, watch_candidates
from hipbreak.adapters.idle.watch_base import IdleWatch, NullIdleWatch


@pytest.fixture
def services() -> Iterator[list[FakeIdleMonitor]]:
    started: list[FakeIdleMonitor] = []
    yield started
    for service in started:
        service.stop()


def choose(tmp_path: Path, **variables: str) -> tuple[IdleWatch, list[str]]:
    watch, notes = choose_idle_watch(temp_env(tmp_path, variables))
    return watch, notes


def test_x11_session_gets_xsync(xvfb: XServer, tmp_path: Path) -> None:
    watch, notes = choose(tmp_path, DISPLAY=xvfb.display, XDG_SESSION_TYPE="x11", XDG_CURRENT_DESKTOP="XFCE")
    try:
        assert watch.name == "xsync"
        assert notes == ["mutter: not a GNOME session"]
        assert watch.describe().endswith("(X11 session with the SYNC extension)")
        assert watch.idle_seconds() is not None
    finally:
        watch.close()


def test_gnome_gets_mutter_and_without_mutter_falls_back_to_xsync(
    xvfb: XServer, session_bus: str, services: list[FakeIdleMonitor], tmp_path: Path
) -> None:
    session = {
        "DISPLAY": xvfb.display,
        "XDG_SESSION_TYPE": "x11",
        "XDG_CURRENT_DESKTOP": "ubuntu:GNOME",
        "DBUS_SESSION_BUS_ADDRESS": session_bus,
    }
    watch, notes = choose(tmp_path, **session)
    watch.close()
    assert watch.name == "xsync"
    assert notes == ["mutter: org.gnome.Mutter.IdleMonitor is not on the session bus"]

    services.append(FakeIdleMonitor(session_bus, idle_ms=1_000))
    watch, notes = choose(tmp_path, **session)
    try:
        assert (watch.name, notes) == ("mutter", [])
        assert watch.describe().endswith("watches over D-Bus (no polling) (GNOME session)")
        assert watch.idle_seconds() == 1.0
    finally:
        watch.close()


def test_kde_on_wayland_polls_the_screensaver(
    session_bus: str, services: list[FakeIdleMonitor], tmp_path: Path
) -> None:
    services.append(ScreenSaver(session_bus, idle_ms=4_000))
    watch, notes = choose(
        tmp_path,
        WAYLAND_DISPLAY="wayland-0",
        XDG_SESSION_TYPE="wayland",
        XDG_CURRENT_DESKTOP="KDE",
        DBUS_SESSION_BUS_ADDRESS=session_bus,
    )
    try:
        assert watch.name == "kde-poll"
        assert notes == [
            "mutter: not a GNOME session",
            "xsync: Wayland session: XWayland sees only X11 apps' input",
            "wayland: XDG_RUNTIME_DIR is not set, so the Wayland socket is unknown",
        ]
        assert watch.idle_seconds() == 4.0
        assert watch.describe().endswith("(KDE has no idle signal on D-Bus)")
    finally:
        watch.close()


def test_nothing_answers_gives_the_null_watch_with_every_reason(tmp_path: Path) -> None:
    nowhere = unused_display()
    watch, notes = choose(tmp_path, DISPLAY=nowhere, XDG_SESSION_TYPE="x11")
    assert isinstance(watch, NullIdleWatch)
    assert watch.idle_seconds() is None
    assert notes == [
        "mutter: not a GNOME session",
        f"xsync: cannot open display {nowhere!r}",
        "kde-poll: not a KDE session",
        f"x11-poll: cannot open display {nowhere!r}",
    ]
    assert watch.describe() == "none: idle time is not watched (nothing else answered)"


def test_other_platforms(tmp_path: Path) -> None:
    assert [c.name for c in watch_candidates(temp_env(tmp_path, platform="win32"))] == ["windows-poll"]
    assert [c.name for c in watch_candidates(temp_env(tmp_path, platform="darwin"))] == ["macos-poll"]
    watch, notes = choose_idle_watch(temp_env(tmp_path, platform="plan9"))
    assert watch.name == "none" and notes == ["no idle watch for platform 'plan9'"]

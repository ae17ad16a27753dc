"""Hold signals read from D-Bus properties, against fake desktop services on private buses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hold_harness import FakePropertyService, Readings
from temp_env import temp_env

from hipbreak.adapters.hold.base import HoldSignal, HoldUnavailable
from hipbreak.adapters.hold.bus_property import (
    GnomeIdleInhibited,
    LogindIdleInhibited,
    NotificationsInhibited,
    XfceDoNotDisturb,
)
from hipbreak.adapters.hold.choose import choose_hold_signals
from hipbreak.core.holds import HoldReason, HoldSettings
from hipbreak.core.settings import Settings

SESSION_MANAGER = ("org.gnome.SessionManager", "/org/gnome/SessionManager", "org.gnome.SessionManager")
LOGIND = ("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager")
NOTIFICATIONS = (
    "org.freedesktop.Notifications",
    "/org/freedesktop/Notifications",
    "org.freedesktop.Notifications",
)
XFCONF = ("org.xfce.Xfconf", "/org/xfce/Xfconf", "org.xfce.Xfconf")


@pytest.fixture
def started() -> Iterator[list[HoldSignal]]:
    """Signals a test starts; closed afterwards."""
    signals: list[HoldSignal] = []
    yield signals
    for signal in signals:
        signal.close()


def test_gnome_session_manager_holds_while_an_app_inhibits_idle(
    session_bus: str, services: list[FakePropertyService], started: list[HoldSignal]
) -> None:
    manager = FakePropertyService(session_bus, *SESSION_MANAGER, {"InhibitedActions": ("u", 0)})
    services.append(manager)
    signal = GnomeIdleInhibited(session_bus)
    started.append(signal)
    readings = Readings()
    signal.start(readings)
    assert signal.ready.wait(5)
    assert readings.values == []  # not inhibited at start: nothing to say
    manager.set("InhibitedActions", "u", 8)  # a video player inhibits idle
    readings.wait(True)
    assert signal.active() and "holding now" in signal.describe()
    manager.set("InhibitedActions", "u", 4 | 1)  # suspend and logout only: not a video
    readings.wait(False)
    manager.set("InhibitedActions", "u", 12)
    readings.wait(True, count=3)
    # The session manager leaves the bus (a crash): nothing holds; back and inhibiting: it holds again.
    manager.stop()
    services.remove(manager)
    readings.wait(False, count=4)
    services.append(FakePropertyService(session_bus, *SESSION_MANAGER, {"InhibitedActions": ("u", 8)}))
    readings.wait(True, count=5)
    assert signal.reason is HoldReason.INHIBITED


def test_logind_holds_while_an_idle_block_inhibitor_is_taken(
    system_bus: str, services: list[FakePropertyService], started: list[HoldSignal]
) -> None:
    logind = FakePropertyService(system_bus, *LOGIND, {"BlockInhibited": ("s", "handle-lid-switch:sleep")})
    services.append(logind)
    signal = LogindIdleInhibited(system_bus)
    started.append(signal)
    readings = Readings()
    signal.start(readings)
    assert signal.ready.wait(5)  # watching: no change can be missed
    logind.set("BlockInhibited", "s", "idle:sleep")  # `systemd-inhibit --what=idle mpv film.mkv`
    readings.wait(True)
    logind.set("BlockInhibited", "s", "sleep:idleness-is-not-idle")
    readings.wait(False)
    assert "system bus" in signal.describe()


def test_kde_inhibited_and_xfce_do_not_disturb(
    session_bus: str, services: list[FakePropertyService], started: list[HoldSignal]
) -> None:
    server = FakePropertyService(session_bus, *NOTIFICATIONS, {"Inhibited": ("b", True)})
    xfconf = FakePropertyService(session_bus, *XFCONF, {})
    services += [server, xfconf]
    kde, xfce = NotificationsInhibited(session_bus), XfceDoNotDisturb(session_bus)
    started += [kde, xfce]
    kde_readings, xfce_readings = Readings(), Readings()
    kde.start(kde_readings)
    xfce.start(xfce_readings)
    assert kde.ready.wait(5) and xfce.ready.wait(5)
    kde_readings.wait(True, count=1)  # already on at start: said once
    server.set("Inhibited", "b", False)
    kde_readings.wait(False, count=2)
    xfconf.set_xfconf("xfce4-notifyd", "/do-not-disturb", "b", True)
    xfce_readings.wait(True)
    xfconf.set_xfconf("xfce4-panel", "/do-not-disturb", "b", False)  # another channel: not ours
    xfconf.set_xfconf("xfce4-notifyd", "/do-not-disturb", "b", False)
    xfce_readings.wait(False, count=2)


def test_a_missing_service_is_a_reason_not_a_crash(session_bus: str, tmp_path: Path) -> None:
    with pytest.raises(HoldUnavailable, match="not on the bus"):
        GnomeIdleInhibited(session_bus)
    with pytest.raises(HoldUnavailable, match="cannot connect"):
        LogindIdleInhibited(f"unix:path={tmp_path / 'no-bus'}")


def test_the_chooser_keeps_what_answers_and_says_why_the_rest_was_passed_over(
    session_bus: str, system_bus: str, services: list[FakePropertyService], tmp_path: Path
) -> None:
    services.append(FakePropertyService(session_bus, *SESSION_MANAGER, {"InhibitedActions": ("u", 0)}))
    services.append(FakePropertyService(system_bus, *LOGIND, {"BlockInhibited": ("s", "")}))
    variables = {
        "DBUS_SESSION_BUS_ADDRESS": session_bus,
        "DBUS_SYSTEM_BUS_ADDRESS": system_bus,
        "XDG_SESSION_TYPE": "wayland",
        "XDG_CURRENT_DESKTOP": "KDE",
        "PATH": "/usr/bin:/bin",
    }
    env = temp_env(tmp_path, platform="linux", variables=variables)
    signals, notes = choose_hold_signals(env, Settings(hold=HoldSettings(call=False)))
    try:
        assert sorted(s.name for s in signals) == ["gnome-idle-inhibited", "logind-idle-inhibited"]
        text = "\n".join(notes)
        assert "call: turned off in the config ([hold] call = false)" in notes
        assert "x11-fullscreen: a Wayland session" in text
        assert "dunst-paused: not on the bus" in notes
        assert "gnome-show-banners: not a GNOME session" in notes
        assert all("\n" not in note for note in notes)
    finally:
        for signal in signals:
            signal.close()
    off = Settings(hold=HoldSettings(call=False, fullscreen=False, dnd=False, inhibited=False))
    signals, notes = choose_hold_signals(env, off)
    assert signals == [] and len(notes) == 4

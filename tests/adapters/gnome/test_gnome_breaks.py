"""GNOME's own break reminders: the settings through a keyfile backend with GNOME 48's schema in a temp
dir, switching movement breaks off, and following a fake GNOME Shell's ScreenTime state on a private bus."""

from __future__ import annotations

import subprocess
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from desktop import wait_for
from fake_screen_time import FakeScreenTime
from gnome_schema import gsettings_env
from session_bus import SessionBus

from hipbreak.adapters.gnome_breaks import (
    GnomeBreakFollower,
    GnomeBreaksSettings,
    GnomeBreaksUnavailable,
    parse_strv,
    read_gnome_breaks,
    switch_off_movement,
)
from hipbreak.core.gnome_breaks import ScreenTimeState


def gset(env: dict[str, str], *args: str) -> None:
    subprocess.run(["gsettings", "set", *args], env=env, check=True, timeout=10)


def test_strv_as_gsettings_prints_it() -> None:
    assert parse_strv("['movement', 'eyesight']") == ("movement", "eyesight")
    assert parse_strv("@as []") == ()
    assert parse_strv('["it\'s"]') == ("it's",)


def test_older_gnome_has_no_break_reminders(tmp_path: Path) -> None:
    assert read_gnome_breaks(gsettings_env(tmp_path, with_schema=False)) == GnomeBreaksSettings(
        installed=False
    )


def test_movement_breaks_off_by_default_then_on(gnome48: dict[str, str]) -> None:
    assert read_gnome_breaks(gnome48) == GnomeBreaksSettings(installed=True)
    gset(gnome48, "org.gnome.desktop.break-reminders", "selected-breaks", "['eyesight', 'movement']")
    gset(gnome48, "org.gnome.desktop.break-reminders.movement", "interval-seconds", "2700")
    settings = read_gnome_breaks(gnome48)
    assert settings.movement_on and settings.eyesight_on
    assert settings.movement_interval == timedelta(minutes=45)


def test_switching_off_keeps_the_eyesight_breaks(gnome48: dict[str, str]) -> None:
    gset(gnome48, "org.gnome.desktop.break-reminders", "selected-breaks", "['eyesight', 'movement']")
    after = switch_off_movement(gnome48)
    assert after.selected == ("eyesight",)
    gset(gnome48, "org.gnome.desktop.break-reminders", "selected-breaks", "['movement']")
    assert switch_off_movement(gnome48).selected == ()
    assert switch_off_movement(gnome48).selected == (), "twice is fine"


def test_a_missing_gsettings_is_a_reason_not_a_crash(gnome48: dict[str, str]) -> None:
    with pytest.raises(GnomeBreaksUnavailable, match="gsettings could not run"):
        read_gnome_breaks(gnome48, command="/nonexistent/gsettings")


class Offers:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self) -> None:
        with self.lock:
            self.count += 1


def test_the_stretch_is_offered_when_gnomes_movement_break_comes_due(bus: SessionBus) -> None:
    shell = FakeScreenTime(bus.address, state=ScreenTimeState.ACTIVE)
    offers = Offers()
    only_movement = GnomeBreaksSettings(installed=True, selected=("movement",))
    follower = GnomeBreakFollower(bus.address, offers, lambda: only_movement, datetime.now)
    try:
        follower.start()
        wait_for(lambda: follower.state is ScreenTimeState.ACTIVE, 10, "the first state")
        shell.set_state(ScreenTimeState.BREAK_DUE)
        wait_for(lambda: offers.count == 1, 10, "the offer")
        shell.set_state(ScreenTimeState.IN_BREAK)
        shell.set_state(ScreenTimeState.ACTIVE, last_break_end=1_800_000_000)
        wait_for(lambda: follower.state is ScreenTimeState.ACTIVE, 10, "the break's end")
        assert offers.count == 1, "one offer per due break"
        shell.set_state(ScreenTimeState.BREAK_DUE)
        wait_for(lambda: offers.count == 2, 10, "the next offer")
        assert follower.last_error is None
    finally:
        follower.close()
        shell.stop()


def test_an_eyesight_break_is_not_offered_as_a_stretch(bus: SessionBus) -> None:
    shell = FakeScreenTime(bus.address, state=ScreenTimeState.ACTIVE)
    offers = Offers()
    both = GnomeBreaksSettings(installed=True, selected=("eyesight", "movement"))
    now = [datetime(2026, 12, 1, 9, 0)]
    follower = GnomeBreakFollower(bus.address, offers, lambda: both, lambda: now[0])
    try:
        follower.start()
        wait_for(lambda: follower.state is ScreenTimeState.ACTIVE, 10, "the first state")
        now[0] += timedelta(minutes=20)  # GNOME's eyesight interval
        shell.set_state(ScreenTimeState.BREAK_DUE)
        wait_for(lambda: follower.state is ScreenTimeState.BREAK_DUE, 10, "the eyesight break")
        shell.set_state(ScreenTimeState.ACTIVE)
        now[0] += timedelta(minutes=10)  # 30 min since following began: the movement interval
        shell.set_state(ScreenTimeState.BREAK_DUE)
        wait_for(lambda: offers.count == 1, 10, "the movement break's offer")
    finally:
        follower.close()
        shell.stop()


def test_without_gnome_shell_it_waits_for_one_and_follows_it(bus: SessionBus) -> None:
    offers = Offers()
    only_movement = GnomeBreaksSettings(installed=True, selected=("movement",))
    follower = GnomeBreakFollower(bus.address, offers, lambda: only_movement, datetime.now)
    shell = None
    try:
        follower.start()
        shell = FakeScreenTime(bus.address, state=ScreenTimeState.BREAK_DUE)  # the shell (re)starts
        wait_for(lambda: offers.count == 1, 10, "the offer from the new shell")
    finally:
        follower.close()
        if shell is not None:
            shell.stop()

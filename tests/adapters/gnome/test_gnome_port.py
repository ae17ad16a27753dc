"""The app's GNOME port against real gsettings (GNOME 48's schema, keyfile backend, temp dir), a real
config file and a fake GNOME Shell on a private bus."""

from __future__ import annotations

import subprocess
from pathlib import Path

from desktop import wait_for
from fake_screen_time import FakeScreenTime
from gnome_schema import gsettings_env
from session_bus import SessionBus
from temp_env import temp_env

from hipbreak.adapters.gnome_breaks import read_gnome_breaks
from hipbreak.app.gnome_port import GnomePort
from hipbreak.core import commands as c
from hipbreak.core.gnome_breaks import ScreenTimeState

SCHEMA = "org.gnome.desktop.break-reminders"


def breaks_on(variables: dict[str, str], value: str) -> None:
    subprocess.run(
        ["gsettings", "set", SCHEMA, "selected-breaks", value], env=variables, check=True, timeout=10
    )


def test_the_port_reads_switches_off_and_saves_the_choice_keeping_comments(tmp_path: Path) -> None:
    variables = gsettings_env(tmp_path / "gnome")
    env = temp_env(tmp_path, variables)
    env.config_file.parent.mkdir(parents=True, exist_ok=True)
    env.config_file.write_text("# my breaks\n[hold]\ncall = false  # no meetings here\n")
    port = GnomePort(env, lambda command: None)
    assert port.movement_on() is False
    breaks_on(variables, "['eyesight', 'movement']")
    assert port.movement_on() is True
    assert port.switch_movement_off() is None
    assert port.movement_on() is False
    assert read_gnome_breaks(variables).selected == ("eyesight",)  # GNOME's eyesight breaks stay
    assert port.save_choice("hipbreak") is None
    text = env.config_file.read_text()
    assert "# my breaks" in text and "call = false  # no meetings here" in text
    assert 'gnome_breaks = "hipbreak"' in text


def test_a_broken_config_file_is_left_alone_and_named(tmp_path: Path) -> None:
    env = temp_env(tmp_path, gsettings_env(tmp_path / "gnome"))
    env.config_file.parent.mkdir(parents=True, exist_ok=True)
    env.config_file.write_text("[hold\n")
    problem = GnomePort(env, lambda command: None).save_choice("gnome")
    assert problem is not None and problem.startswith("the choice could not be saved:")
    assert "\n" not in problem
    assert env.config_file.read_text() == "[hold\n"


def test_following_posts_gnomes_movement_break_to_the_state_thread(tmp_path: Path, bus: SessionBus) -> None:
    variables = gsettings_env(tmp_path / "gnome")
    breaks_on(variables, "['movement']")
    variables["DBUS_SESSION_BUS_ADDRESS"] = bus.address
    posted: list[c.Command] = []
    shell = FakeScreenTime(bus.address, state=ScreenTimeState.ACTIVE)
    port = GnomePort(temp_env(tmp_path, variables), posted.append)
    try:
        port.follow(True)
        wait_for(
            lambda: port._follower is not None and port._follower.state is ScreenTimeState.ACTIVE,
            10,
            "the state",
        )
        shell.set_state(ScreenTimeState.BREAK_DUE)
        wait_for(lambda: posted == [c.GnomeMovementBreak()], 10, "the movement break")
    finally:
        port.close()
        shell.stop()
    assert port._follower is None

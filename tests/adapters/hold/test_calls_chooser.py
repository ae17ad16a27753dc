"""Choosing the call signals: what is taken, what is passed over and why, and the off switch."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hipbreak.adapters.hold.calls import choose_call_signals
from hipbreak.environment import Environment


def env_with(tmp_path: Path, platform: str = "linux", **variables: str) -> Environment:
    return Environment(
        config_dir=tmp_path,
        data_dir=tmp_path,
        log_dir=tmp_path,
        runtime_dir=tmp_path,
        home=tmp_path,
        platform=platform,
        variables={"PATH": str(tmp_path / "bin"), **variables},
    )


def tools(tmp_path: Path, *names: str) -> None:
    (tmp_path / "bin").mkdir(exist_ok=True)
    for name in names:
        (tmp_path / "bin" / name).write_text("#!/bin/sh\n")
        (tmp_path / "bin" / name).chmod(0o755)


@dataclass
class HoldOff:
    call: bool = False


@dataclass
class SettingsOff:
    hold: HoldOff


def test_pipewire_where_its_socket_and_pw_dump_are(tmp_path: Path) -> None:
    tools(tmp_path, "pw-dump", "pactl")
    (tmp_path / "pipewire-0").touch()
    signals, notes = choose_call_signals(env_with(tmp_path, XDG_RUNTIME_DIR=str(tmp_path)), None)
    assert [s.name for s in signals] == ["pipewire", "camera"]
    assert notes == ["pulseaudio: not needed, PipeWire answers for the microphone"]


def test_pulseaudio_without_pipewire(tmp_path: Path) -> None:
    tools(tmp_path, "pactl")
    (tmp_path / "pulse").mkdir()
    (tmp_path / "pulse" / "native").touch()
    signals, notes = choose_call_signals(env_with(tmp_path, XDG_RUNTIME_DIR=str(tmp_path)), None)
    assert [s.name for s in signals] == ["pulseaudio", "camera"]
    assert notes == ["pipewire: PipeWire is not running in this session"]


def test_each_passed_over_sound_server_says_why(tmp_path: Path) -> None:
    (tmp_path / "pipewire-0").touch()
    signals, notes = choose_call_signals(env_with(tmp_path, XDG_RUNTIME_DIR=str(tmp_path)), None)
    assert [s.name for s in signals] == ["camera"]
    assert notes == [
        "pipewire: pw-dump is not installed (install pipewire-bin)",
        "pulseaudio: no PulseAudio server in this session",
    ]


def test_the_switch_and_other_platforms(tmp_path: Path) -> None:
    assert choose_call_signals(env_with(tmp_path), SettingsOff(HoldOff())) == (
        [],
        ["call detection is off ([hold] call = false)"],
    )
    assert choose_call_signals(env_with(tmp_path, platform="win32"), None) == (
        [],
        ["no call detection on win32 yet"],
    )

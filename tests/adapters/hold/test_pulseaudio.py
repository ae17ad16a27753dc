"""The PulseAudio signal: its reading of `pactl --format=json` (constructed data in pactl 16's shape),
and against a real PulseAudio-protocol server (pipewire-pulse on a private PipeWire)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from desktop import wait_for
from pipewire_harness import private_pipewire
from servers import stop_process

from hipbreak.adapters.hold.pipewire_graph import Capture
from hipbreak.adapters.hold.pulseaudio import PulseCallSignal, pulse_captures

# Constructed in the shape pactl 16 prints (checked against pipewire-pulse here); names are made up.
SOURCES: list[dict[str, Any]] = [
    {
        "index": 1,
        "name": "alsa_input.usb-headset",
        "monitor_source": "",
        "properties": {"device.class": "sound"},
    },
    {
        "index": 2,
        "name": "alsa_output.speakers.monitor",
        "monitor_source": "alsa_output.speakers",
        "properties": {"device.class": "monitor"},
    },
]


def output(index: int, source: int, name: str, pid: str, corked: bool = False) -> dict[str, Any]:
    props = {"application.name": name, "application.process.id": pid, "media.class": "Stream/Input/Audio"}
    return {"index": index, "source": source, "corked": corked, "mute": False, "properties": props}


def test_a_recording_of_the_microphone_is_a_call() -> None:
    outputs = [output(10, 1, "Skype", "111")]
    assert pulse_captures(outputs, SOURCES) == [Capture("microphone", "Skype")]


def test_corked_recordings_monitors_and_our_own_are_not() -> None:
    outputs = [
        output(10, 1, "Skype", "111", corked=True),
        output(11, 2, "OBS", "222"),
        output(12, 1, "hipbreak", "333"),
        output(13, 1, "Recorder", "444"),
    ]
    assert pulse_captures(outputs, SOURCES, own_pids={444}, own_names={"hipbreak"}) == []


def test_nonsense_is_no_call() -> None:
    assert pulse_captures({"x": 1}, None) == []
    assert pulse_captures([1, "a", {"corked": "no"}], [7]) == []


def test_pactl_subscribe_flips_the_signal_against_a_real_server(tmp_path: Path) -> None:
    with private_pipewire(tmp_path, pulse=True) as env:
        changes: list[bool] = []
        signal = PulseCallSignal(env)
        signal.start(changes.append)
        recorder = None
        try:
            wait_for(
                lambda: "pactl subscribe" in signal.describe() and _subscribed(env), 10, "pactl subscribe"
            )
            recorder = subprocess.Popen(
                ["parecord", "--device=test-mic", "/dev/null"],
                env=env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_for(lambda: changes == [True], 15, "the recording to hold")
            stop_process(recorder, group=True)
            wait_for(lambda: changes == [True, False], 15, "the recording's end to release")
            assert signal.last_error is None
        finally:
            stop_process(recorder, group=True)
            signal.close()


def _subscribed(env: dict[str, str]) -> bool:
    clients = subprocess.run(["pactl", "list", "short", "clients"], env=env, capture_output=True, text=True)
    return "pactl" in clients.stdout

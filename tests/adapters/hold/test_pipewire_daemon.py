"""Against a real PipeWire (private, headless): a capture client starting and stopping turns the call
signal on, then off; a recording of a sink's monitor does not."""

from __future__ import annotations

import subprocess
from pathlib import Path

from desktop import wait_for
from pipewire_harness import dump_nodes, private_pipewire
from servers import stop_process

from hipbreak.adapters.hold.calls import choose_call_signals
from hipbreak.adapters.hold.pipewire import PipeWireCallSignal
from hipbreak.environment import Environment


def test_pw_record_flips_the_signal_on_then_off(tmp_path: Path) -> None:
    with private_pipewire(tmp_path) as env:
        changes: list[bool] = []
        signal = PipeWireCallSignal(env)
        signal.start(changes.append)
        recorder = None
        try:
            # Let the first full dump arrive, so the change below is a change, not the start.
            wait_for(lambda: signal.describe() and not signal.last_error and changes == [] and _seen(env), 10)
            recorder = subprocess.Popen(
                ["pw-record", "--target", "test-mic", "/dev/null"],
                env=env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_for(lambda: changes == [True], 15, "the capture to hold")
            assert "microphone (pw-record)" in signal.describe()
            stop_process(recorder, group=True)
            wait_for(lambda: changes == [True, False], 15, "the capture's end to release")
        finally:
            stop_process(recorder, group=True)
            signal.close()


def test_a_recording_of_the_speakers_is_not_a_call(tmp_path: Path) -> None:
    with private_pipewire(tmp_path) as env:
        changes: list[bool] = []
        signal = PipeWireCallSignal(env)
        signal.start(changes.append)
        recorder = None
        try:
            # pw-record -P stream.capture.sink=true: what OBS's "desktop audio" does.
            recorder = subprocess.Popen(
                ["pw-record", "--target", "test-speakers", "-P", "{ stream.capture.sink=true }", "/dev/null"],
                env=env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_for(lambda: _running_capture(env), 15, "the monitor capture to run")
            assert changes == [] and not signal.active()
        finally:
            stop_process(recorder, group=True)
            signal.close()


def test_the_chooser_takes_pipewire_where_it_runs(tmp_path: Path) -> None:
    with private_pipewire(tmp_path) as variables:
        env = Environment(
            config_dir=tmp_path,
            data_dir=tmp_path,
            log_dir=tmp_path,
            runtime_dir=tmp_path,
            home=tmp_path,
            platform="linux",
            variables=variables,
        )
        signals, notes = choose_call_signals(env, settings=None)
        try:
            assert [s.name for s in signals] == ["pipewire", "camera"]
            assert any(note.startswith("pulseaudio: not needed") for note in notes)
        finally:
            for signal in signals:
                signal.close()


def _seen(env: dict[str, str]) -> bool:
    return any(n["info"]["props"].get("node.name") == "test-mic" for n in dump_nodes(env))


def _running_capture(env: dict[str, str]) -> bool:
    return any(
        n["info"]["props"].get("media.class") == "Stream/Input/Audio" and n["info"]["state"] == "running"
        for n in dump_nodes(env)
    )

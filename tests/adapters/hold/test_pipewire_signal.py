"""The PipeWire signal reading `pw-dump --monitor` output line by line, through a stand-in command that
prints the constructed fixtures in the monitor's shape (one array per change), then ends."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from desktop import wait_for

from hipbreak.adapters.hold.pipewire import PipeWireCallSignal


def fake_pw_dump(folder: Path, *parts: str, stay: bool = True) -> Path:
    """Write a script that prints each part (a JSON array) and then waits, like pw-dump --monitor."""
    for index, part in enumerate(parts):
        (folder / f"part{index}.json").write_text(part)
    script = folder / "pw-dump"
    lines = ["#!/bin/sh"] + [f'cat "{folder}/part{i}.json"' for i in range(len(parts))]
    if stay:
        lines.append("exec sleep 30")
    script.write_text("\n".join(lines) + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_the_signal_turns_on_for_a_call_and_off_when_its_stream_goes(tmp_path: Path, fixtures: Path) -> None:
    call = (fixtures / "native-call.constructed.json").read_text()
    removed = '[\n  {\n    "id": 91,\n    "info": null\n  }\n]\n'
    changes: list[bool] = []
    flipped = threading.Event()

    def on_change(active: bool) -> None:
        changes.append(active)
        flipped.set()

    signal = PipeWireCallSignal(
        dict(os.environ), command=str(fake_pw_dump(tmp_path, call, removed)), own_pids=()
    )
    try:
        signal.start(on_change)
        wait_for(lambda: changes == [True, False], 10, "on, then off")
        assert not signal.active()
        assert "no polling" in signal.describe()
    finally:
        signal.close()


def test_a_dead_watcher_never_holds_and_says_why(tmp_path: Path, fixtures: Path) -> None:
    call = (fixtures / "browser-call.constructed.json").read_text()
    changes: list[bool] = []
    signal = PipeWireCallSignal(
        dict(os.environ), command=str(fake_pw_dump(tmp_path, call, stay=False)), own_pids=()
    )
    try:
        signal.start(changes.append)
        wait_for(lambda: changes[:2] == [True, False], 10, "on, then off when pw-dump ended")
        assert "exited with status 0" in signal.describe()
    finally:
        signal.close()


def test_garbage_between_arrays_is_skipped(tmp_path: Path, fixtures: Path) -> None:
    call = (fixtures / "native-call.constructed.json").read_text()
    changes: list[bool] = []
    signal = PipeWireCallSignal(
        dict(os.environ), command=str(fake_pw_dump(tmp_path, "not json\n]\n", call)), own_pids=()
    )
    try:
        signal.start(changes.append)
        wait_for(lambda: changes == [True], 10, "on after the garbage")
        assert "not JSON" in signal.describe()
    finally:
        signal.close()

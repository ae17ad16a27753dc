"""`hipbreak doctor`'s holds section: each call signal found or passed over and why, and GNOME's own
break reminders with the two choices."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cli_env import make_env, out
from gnome_schema import gsettings_env

from hipbreak.cli.main import main


def section(text: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("holds "))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("gnome breaks"))
    return lines[start : end + 1]


def test_doctor_lists_the_call_signals_and_gnomes_breaks(tmp_path: Path) -> None:
    gnome = gsettings_env(tmp_path / "gnome")
    runtime = tmp_path / "run"
    runtime.mkdir()
    (runtime / "pipewire-0").touch()
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "pw-dump").write_text("#!/bin/sh\nexec sleep 30\n")
    (tools / "pw-dump").chmod(0o755)
    path = f"{tools}:{gnome['PATH']}"
    keep = ("GSETTINGS_SCHEMA_DIR", "GSETTINGS_BACKEND", "XDG_CONFIG_HOME", "XDG_DATA_DIRS")
    variables = {key: gnome[key] for key in keep} | {"PATH": path, "XDG_RUNTIME_DIR": str(runtime)}
    env = make_env(tmp_path, **variables)
    main(["doctor"], env)
    rows = section(out(env))
    assert rows[0].split() == ["holds", "in", "a", "call:", "pipewire,", "camera"]
    assert any("pipewire: microphone, camera and screen cast streams" in row for row in rows)
    assert any(
        "camera: /dev/video* open in /proc/*/fd, looked at only while a reminder is due" in r for r in rows
    )
    assert any("pulseaudio: not needed, PipeWire answers for the microphone" in row for row in rows)
    assert rows[-1].split(maxsplit=2)[2] == "GNOME's movement breaks are off; hipbreak reminds"

    subprocess.run(
        ["gsettings", "set", "org.gnome.desktop.break-reminders", "selected-breaks", "['movement']"],
        env=gnome,
        check=True,
    )
    env = make_env(tmp_path, **variables)
    main(["doctor"], env)
    assert section(out(env))[-1].split(maxsplit=2)[2] == (
        "GNOME's movement breaks are on; hipbreak follows them until you choose who reminds "
        '(its question at start, or [hold] gnome_breaks = "hipbreak" or "gnome")'
    )


def test_doctor_says_call_detection_is_off_when_switched_off(tmp_path: Path) -> None:
    env = make_env(tmp_path)
    env.config_file.parent.mkdir(parents=True, exist_ok=True)
    env.config_file.write_text("[hold]\ncall = false\n")
    main(["doctor"], env)
    text = out(env)
    assert "holds            in a call: not detected" in text
    assert "- call detection is off ([hold] call = false)" in text

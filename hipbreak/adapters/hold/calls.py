"""Picks the "in a call" signals this desktop can give, at run time, and says why others were passed over.

PipeWire answers for microphone, camera streams and screen casts where it runs; PulseAudio's recordings
are the fallback without it; open camera devices are looked for on any Linux (cameras used directly,
not through PipeWire).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from hipbreak.adapters.hold.base import HoldSignal
from hipbreak.environment import Environment
from hipbreak.language import _


def _runtime_dir(env: Environment) -> str:
    value = env.variables.get("XDG_RUNTIME_DIR", "")
    return value if value.startswith("/") else ""


def pipewire_socket(env: Environment) -> Path | None:
    """Return the PipeWire socket this session would use, if it exists (PIPEWIRE_REMOTE honoured)."""
    remote = env.variables.get("PIPEWIRE_REMOTE", "") or "pipewire-0"
    folder = env.variables.get("PIPEWIRE_RUNTIME_DIR", "") or _runtime_dir(env)
    path = Path(remote) if remote.startswith("/") else Path(folder) / remote if folder else None
    return path if path is not None and path.exists() else None


def pulse_server(env: Environment) -> str | None:
    """Return where the PulseAudio server listens, if anything says there is one."""
    if env.variables.get("PULSE_SERVER"):
        return env.variables["PULSE_SERVER"]
    runtime = _runtime_dir(env)
    native = Path(runtime) / "pulse" / "native" if runtime else None
    return str(native) if native is not None and native.exists() else None


def choose_call_signals(env: Environment, settings: Any) -> tuple[list[HoldSignal], list[str]]:
    """Return the call signals to start (none started yet) and one line per candidate passed over."""
    hold = getattr(settings, "hold", None)
    if not getattr(hold, "call", True):
        return [], [_("call detection is off ([hold] call = false)")]
    if not env.platform.startswith("linux"):
        # Translators: {platform} is the operating system's code, e.g. win32 or darwin.
        return [], [_("no call detection on {platform} yet").format(platform=env.platform)]
    signals: list[HoldSignal] = []
    notes: list[str] = []
    search = env.variables.get("PATH")
    pw_dump = shutil.which("pw-dump", path=search)
    socket = pipewire_socket(env)
    if pw_dump and socket:
        from hipbreak.adapters.hold.pipewire import PipeWireCallSignal

        signals.append(PipeWireCallSignal(env.variables, command=pw_dump))
        notes.append("pulseaudio: " + _("not needed, PipeWire answers for the microphone"))
    else:
        if not socket:
            why = _("PipeWire is not running in this session")
        else:
            # Translators: pw-dump and pipewire-bin are a program and a Debian package; keep them.
            why = _("pw-dump is not installed (install pipewire-bin)")
        notes.append(f"pipewire: {why}")
        pactl = shutil.which("pactl", path=search)
        server = pulse_server(env)
        if pactl and server:
            from hipbreak.adapters.hold.pulseaudio import PulseCallSignal

            signals.append(PulseCallSignal(env.variables, command=pactl))
        elif not server:
            notes.append("pulseaudio: " + _("no PulseAudio server in this session"))
        else:
            # Translators: pactl and pulseaudio-utils are a program and a Debian package; keep them.
            notes.append("pulseaudio: " + _("pactl is not installed (install pulseaudio-utils)"))
    if Path("/proc/self/fd").is_dir():
        from hipbreak.adapters.hold.camera import CameraSignal

        signals.append(CameraSignal())
    else:
        notes.append("camera: " + _("no /proc to look for open cameras in"))
    return signals, notes

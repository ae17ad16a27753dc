"""A private PipeWire for tests: pipewire, wireplumber (on its own bus) and a null microphone, in a
temp runtime dir, so capture streams reach the `running` state on a machine without sound hardware."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop import require_tools, wait_for
from servers import stop_process

TOOLS = ("pipewire", "wireplumber", "pw-dump", "pw-cli", "pw-record", "dbus-run-session")
NULL_NODE = (
    "{{ factory.name=support.null-audio-sink node.name={name} media.class={media_class} "
    "object.linger=true audio.position=[FL FR] }}"
)


def pipewire_env(folder: Path) -> dict[str, str]:
    """Return this process's environment pointed at a private runtime, config and state dir in `folder`."""
    runtime = folder / "run"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PIPEWIRE_", "PULSE_"))}
    env.update(
        XDG_RUNTIME_DIR=str(runtime),
        HOME=str(folder),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_STATE_HOME=str(folder / "state"),
        DISABLE_RTKIT="1",
    )
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def dump(env: dict[str, str], kind: str) -> list[dict[str, Any]]:
    """Return the objects of type PipeWire:Interface:`kind` in a one-shot `pw-dump`."""
    out = subprocess.run(["pw-dump"], env=env, capture_output=True, text=True, timeout=10, check=True)
    return [o for o in json.loads(out.stdout) if o.get("type") == f"PipeWire:Interface:{kind}"]


def dump_nodes(env: dict[str, str]) -> list[dict[str, Any]]:
    """Return the node objects of a one-shot `pw-dump`."""
    return dump(env, "Node")


def session_manager_ready(env: dict[str, str]) -> bool:
    """Whether WirePlumber is connected and has loaded its policy (its metadata object exists)."""
    return any(o.get("props", {}).get("metadata.name") == "default" for o in dump(env, "Metadata"))


def node_names(env: dict[str, str]) -> set[str]:
    """Return the node names in a one-shot `pw-dump`."""
    return {str(n["info"]["props"].get("node.name")) for n in dump_nodes(env)}


@contextmanager
def private_pipewire(folder: Path, *, pulse: bool = False) -> Iterator[dict[str, str]]:
    """Run pipewire, wireplumber (and pipewire-pulse) with a null microphone and speakers; yield the env."""
    require_tools(*TOOLS, *(("pipewire-pulse",) if pulse else ()))
    env = pipewire_env(folder)
    log = (folder / "pipewire.log").open("wb")
    started: list[subprocess.Popen[bytes]] = []

    def spawn(*args: str) -> None:
        started.append(
            subprocess.Popen(
                args, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
            )
        )

    try:
        spawn("pipewire")
        wait_for(lambda: (folder / "run" / "pipewire-0").exists(), 10, "the PipeWire socket")
        spawn("dbus-run-session", "--", "wireplumber")
        if pulse:
            spawn("pipewire-pulse")
            wait_for(lambda: (folder / "run" / "pulse" / "native").exists(), 10, "the pulse socket")
        # A null microphone and null speakers: streams only run when something drives them.
        for name, media_class in (("test-mic", "Audio/Source/Virtual"), ("test-speakers", "Audio/Sink")):
            node = NULL_NODE.format(name=name, media_class=media_class)
            subprocess.run(
                ["pw-cli", "create-node", "adapter", node], env=env, capture_output=True, timeout=10
            )
        wait_for(
            lambda: {"test-mic", "test-speakers"} <= node_names(env), 10, "the null microphone and speakers"
        )
        yield env
    finally:
        for process in reversed(started):
            stop_process(process, group=True)
        log.close()

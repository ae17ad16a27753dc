"""The Mutter idle watch against a real GNOME Shell (X11, headless on Xvfb), with xdotool as the user."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from desktop import skip_or_fail
from servers import stop_process
from session_bus import SessionBus
from watch_harness import Recorder, wakeups_during
from xserver import XServer, running_xvfb

from hipbreak.adapters.idle.gnome import GnomeIdleSource
from hipbreak.adapters.idle.mutter_watch import MutterIdleWatch

pytestmark = pytest.mark.slow

SHELL_SCRIPT = (
    'echo "$DBUS_SESSION_BUS_ADDRESS" > "$1.tmp" && mv "$1.tmp" "$1"; '
    "gsettings set org.gnome.desktop.session idle-delay 0; "
    "gsettings set org.gnome.desktop.screensaver lock-enabled false; "
    "exec gnome-shell --x11 --replace --sm-disable"
)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {timeout} s")
        time.sleep(0.1)


def mutter_answers(address: str) -> bool:
    source = GnomeIdleSource(address)
    try:
        return source.idle_seconds() is not None
    finally:
        source.close()


@pytest.fixture
def gnome_shell(tmp_path: Path) -> Iterator[tuple[XServer, str]]:
    """A GNOME Shell on a private Xvfb and session bus (NOTES.md's recipe); yields the X server and bus."""
    if shutil.which("gnome-shell") is None or shutil.which("dbus-run-session") is None:
        skip_or_fail("gnome-shell is not installed (Debian: gnome-shell gjs)")
    home = tmp_path / "home"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "XDG_SESSION_TYPE": "x11",
        "XDG_CURRENT_DESKTOP": "GNOME",
        "XDG_SESSION_DESKTOP": "gnome",
        "NO_AT_BRIDGE": "1",
    }
    for folder in ("config", "data/gnome-shell", "cache", "run"):
        (home / folder).mkdir(parents=True, mode=0o700)
    (home / "data/gnome-shell/lock-warning-shown").touch()  # else a first-run dialog
    (tmp_path / "system").mkdir()
    system_bus = SessionBus(tmp_path / "system")  # without a system bus the shell dies in loginManager.js
    system_bus.start()
    address_file = tmp_path / "session-bus"
    with running_xvfb(1280, 800) as xserver:
        env.update(DISPLAY=xserver.display, DBUS_SYSTEM_BUS_ADDRESS=system_bus.address)
        with (tmp_path / "shell.log").open("wb") as log:
            shell = subprocess.Popen(
                ["dbus-run-session", "--", "sh", "-c", SHELL_SCRIPT, "sh", str(address_file)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_until(address_file.exists, "dbus-run-session did not report its bus")
            address = address_file.read_text().strip()
            wait_until(lambda: mutter_answers(address), "Mutter's IdleMonitor did not answer")
            yield xserver, address
        finally:
            stop_process(shell, group=True)
            system_bus.stop()


def move_pointer(display: str, x: int) -> float:
    env = {**os.environ, "DISPLAY": display}
    subprocess.run(["xdotool", "mousemove", str(x), "300"], env=env, check=True)
    return time.monotonic()


def test_real_mutter_fires_idle_then_active_then_idle_again(gnome_shell: tuple[XServer, str]) -> None:
    xserver, address = gnome_shell
    watch = MutterIdleWatch(address, reason="GNOME session")
    recorder = Recorder()
    try:
        moved = move_pointer(xserver.display, 100)
        watch.start(1.5, recorder.on_idle, recorder.on_active)
        [idle] = recorder.wait_for(1)
        assert idle.seconds is not None and idle.seconds >= 1.5
        assert 1.4 <= idle.at - moved < 2.2
        time.sleep(0.2)
        assert watch.thread_id is not None
        waiting_for_input = wakeups_during(watch.thread_id, 3.0)
        assert recorder.kinds == ["idle"]

        moved = move_pointer(xserver.display, 200)
        active = recorder.wait_for(2)[1]
        assert active.kind == "active" and active.at - moved < 0.5
        idle_again = recorder.wait_for(3)[2]
        assert 1.4 <= idle_again.at - moved < 2.2
    finally:
        watch.close()
    print(f"wake-ups in 3 s waiting for input: {waiting_for_input}")
    assert waiting_for_input <= 1

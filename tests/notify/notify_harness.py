"""The pieces of a headless desktop the notifier tests need: a private session bus, Xvfb and dunst.

The bus listens on a fixed socket path and can be killed and started again there, so a test can drop
the notifier's connection; it has no service directories, so nothing is D-Bus-activated behind a test's
back (the system's dunst.service would otherwise answer the first Notify).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from hipbreak.environment import Environment

T = TypeVar("T")

NOTIFICATIONS = "org.freedesktop.Notifications"

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

# Bubbles stay until closed, so a test sees them until it closes them.
_DUNSTRC = """[global]
    font = Monospace 8
    history_length = 100
    sticky_history = yes
    idle_threshold = 0
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
"""


def wait_for(predicate: Callable[[], T], timeout: float = 5.0, what: str = "the condition") -> T:
    """Poll `predicate` until it returns something truthy and return that; AssertionError at the deadline."""
    deadline = time.monotonic() + timeout
    last: object = None
    while True:
        try:
            last = predicate()
        except Exception as error:  # the thing polled is often not there yet
            last = error
        else:
            if last:
                return last
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}; last: {last!r}")
        time.sleep(0.02)


def _read_line(fd: int, timeout: float, what: str) -> str:
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise RuntimeError(f"{what} did not report within {timeout:g} s")
        chunk = os.read(fd, 4096)
        if not chunk:
            raise RuntimeError(f"{what} exited before reporting")
        data += chunk
    return data.decode().strip()


def start_reporting(args: list[str], what: str, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """Start a server that prints one ready line to an inherited pipe; return it and the line."""
    read_fd, write_fd = os.pipe()
    try:
        process = subprocess.Popen(
            [arg.replace("{fd}", str(write_fd)) for arg in args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_fd,),
        )
        os.close(write_fd)
        write_fd = -1
        try:
            return process, _read_line(read_fd, 10.0, what)
        except BaseException:
            stop(process)
            raise
    finally:
        os.close(read_fd)
        if write_fd >= 0:
            os.close(write_fd)


def stop(process: subprocess.Popen[bytes] | None, *, kill: bool = False) -> None:
    if process is None or process.poll() is not None:
        return
    process.kill() if kill else process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"missing tool(s): {', '.join(missing)}")


class SessionBus:
    """A private dbus-daemon on a fixed socket path; `restart()` brings it back at the same address."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = folder / "bus"
        self.config = folder / "bus.conf"
        self.config.write_text(_BUS_CONFIG.format(socket=self.socket))
        self.address = f"unix:path={self.socket}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.socket.unlink(missing_ok=True)  # a killed daemon leaves its socket file behind
        args = ["dbus-daemon", "--nofork", f"--config-file={self.config}", "--print-address={fd}"]
        self.process, _ = start_reporting(args, "dbus-daemon", {"PATH": os.environ.get("PATH", "")})

    def kill(self) -> None:
        stop(self.process, kill=True)

    def restart(self) -> None:
        self.kill()
        self.start()


class Dunst:
    """dunst on the private bus and display, with the dunstctl calls the tests need."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.config = folder / "dunstrc"
        self.config.write_text(_DUNSTRC)
        self.env = env
        self.log = folder / "dunst.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                ["dunst", "-config", str(self.config)],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(lambda: self._owned() or self._died(), 10.0, f"dunst to own {NOTIFICATIONS}")

    def kill(self) -> None:
        stop(self.process, kill=True)
        wait_for(lambda: not self._owned(), 5.0, f"{NOTIFICATIONS} to have no owner")

    def ctl(self, *args: str) -> str:
        result = subprocess.run(
            ["dunstctl", *args], env=self.env, capture_output=True, text=True, timeout=10, check=True
        )
        return result.stdout

    def history(self) -> list[dict[str, Any]]:
        """Close every open bubble, then return dunst's history, newest first, as plain dicts."""
        self.ctl("close-all")
        data = json.loads(self.ctl("history"))
        return [{key: value["data"] for key, value in entry.items()} for entry in data["data"][0]]

    def displayed(self) -> int:
        return int(self.ctl("count", "displayed").strip())

    def _owned(self) -> bool:
        args = [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            f"string:{NOTIFICATIONS}",
        ]
        result = subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=5, check=False)
        return "boolean true" in result.stdout

    def _died(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"dunst exited {self.process.returncode}: {self.log.read_text()}")
        return False


def make_env(tmp_path: Path, variables: dict[str, str], platform: str = "linux") -> Environment:
    """An Environment with folders in `tmp_path` and exactly `variables`."""
    return Environment(
        config_dir=tmp_path / "config",
        data_dir=tmp_path / "data",
        log_dir=tmp_path / "log",
        runtime_dir=tmp_path / "run",
        home=tmp_path,
        platform=platform,
        variables=dict(variables),
    )

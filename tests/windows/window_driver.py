"""Driving window processes in tests: their private folders, their trace lines, keys and screenshots via
xdotool, and a fake app on the control socket."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hipbreak
from hipbreak.core.commands import Command, SetAutostart, Status
from hipbreak.environment import Environment
from hipbreak.ipc.instance import InstanceLock
from hipbreak.ipc.server import ControlServer
from hipbreak.ipc.wire import Reply

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "windows"
# The window processes import the same hipbreak as these tests, installed or not.
HIPBREAK_HOME = Path(hipbreak.__file__).resolve().parents[1]


@dataclass(frozen=True)
class Folders:
    """The XDG folders a window process gets, all under one short temp folder."""

    root: Path

    @property
    def config_file(self) -> Path:
        """Where the window looks for config.toml."""
        return self.root / "config" / "hipbreak" / "config.toml"

    def environment(self) -> Environment:
        """The Environment the window process will compute, for servers run in the test process."""
        return Environment(
            config_dir=self.root / "config" / "hipbreak",
            data_dir=self.root / "data" / "hipbreak",
            log_dir=self.root / "state" / "hipbreak" / "log",
            runtime_dir=self.root / "run" / "hipbreak",
            home=self.root,
            variables={},
        )

    def variables(self, display: str) -> dict[str, str]:
        """The environment variables of a window process."""
        variables = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "WAYLAND", "DISPLAY"))}
        variables.update(
            DISPLAY=display,
            XDG_CONFIG_HOME=str(self.root / "config"),
            XDG_DATA_HOME=str(self.root / "data"),
            XDG_STATE_HOME=str(self.root / "state"),
            XDG_CACHE_HOME=str(self.root / "cache"),
            XDG_RUNTIME_DIR=str(self.root / "run"),
            HIPBREAK_WINDOW_TRACE="1",
            PYTHONPATH=str(HIPBREAK_HOME),
        )
        return variables


class WindowProcess:
    """One window process; a thread collects its trace lines as dicts."""

    def __init__(self, module: str, variables: dict[str, str], display: str) -> None:
        self.display = display
        self.lines: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self.process = subprocess.Popen(
            [sys.executable, "-m", module],
            env=variables,
            cwd=HIPBREAK_HOME,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.xid = int(self.wait_for("ready")["xid"])

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(json.loads(line))
                self._changed.notify_all()

    def wait_for(self, event: str, timeout: float = 15.0, **fields: Any) -> dict[str, Any]:
        """Return the first trace line of `event` whose fields match `fields`, waiting up to `timeout` s."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines:
                    if line["event"] == event and all(line.get(k) == v for k, v in fields.items()):
                        return line
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.process.poll() is not None and not self._reader.is_alive()):
                    break
                self._changed.wait(min(remaining, 0.2))
        stderr = ""
        if self.process.poll() is not None and self.process.stderr is not None:
            stderr = self.process.stderr.read()
        raise AssertionError(f"no {event} {fields} within {timeout} s; trace: {self.lines}; stderr: {stderr}")

    def events(self, event: str) -> list[dict[str, Any]]:
        """Every trace line of `event` so far."""
        with self._changed:
            return [line for line in self.lines if line["event"] == event]

    def xdotool(self, *args: str) -> None:
        """Run xdotool against this window's display."""
        subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": self.display}, check=True)

    def keys(self, *keys: str) -> None:
        """Press keys in the focused window, like "Tab" or "ctrl+s"."""
        self.xdotool("key", "--delay", "30", *keys)

    def tab_to(self, field: str, limit: int = 40) -> None:
        """Press Tab until keyboard focus is on `field` (as the window's focus trace names it)."""
        for _ in range(limit):
            focus = self.events("focus")
            if focus and focus[-1]["field"] == field:
                return
            self.keys("Tab")
            deadline = time.monotonic() + 5
            while len(self.events("focus")) == len(focus) and time.monotonic() < deadline:
                time.sleep(0.02)
        raise AssertionError(
            f"Tab never reached {field}; focus went {[f['field'] for f in self.events('focus')]}"
        )

    def type(self, text: str) -> None:
        """Type `text` into the focused field."""
        self.xdotool("type", "--delay", "30", text)

    def screenshot(self, name: str) -> None:
        """Save the window as artifacts/windows/`name`.png, to look at (the folder is git-ignored)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["import", "-window", str(self.xid), str(SCREENSHOTS / f"{name}.png")],
            env={**os.environ, "DISPLAY": self.display},
            check=True,
        )

    def wait_exit(self, timeout: float = 10.0) -> int:
        """Wait for the process to end and return its exit status."""
        return self.process.wait(timeout=timeout)

    def close(self) -> None:
        """End the process if it still runs."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


class FakeApp:
    """Stands in for the running app: answers Status with `self.status`, records every command."""

    def __init__(self) -> None:
        self.status: dict[str, Any] = {"running": True, "state": "running", "breaks_today": 0}
        self.requests: list[Command] = []
        self.autostart = False  # what SetAutostart last left, as the app's port would report it
        self._lock = threading.Lock()

    def __call__(self, command: Command) -> Reply:
        with self._lock:
            self.requests.append(command)
            if isinstance(command, Status):
                return Reply.success("status", dict(self.status))
            if isinstance(command, SetAutostart):
                self.autostart = (not self.autostart) if command.on is None else command.on
                return Reply.success("set", {"enabled": self.autostart, "location": "/fake/hipbreak.desktop"})
        return Reply.success(f"Did {command.name}.")

    def commands(self) -> list[str]:
        """The names of the commands received so far, oldest first."""
        with self._lock:
            return [command.name for command in self.requests]

    def wait_for(self, name: str, timeout: float = 10.0) -> Command:
        """Return the first command named `name` (its wire name), waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for command in self.requests:
                    if command.name == name:
                        return command
            time.sleep(0.05)
        raise AssertionError(f"the app got no {name!r} within {timeout} s; it got {self.commands()}")


@dataclass
class RunningApp:
    """A fake app listening on the control socket the windows will look for."""

    fake: FakeApp
    server: ControlServer
    lock: InstanceLock

    def stop(self) -> None:
        """Stop listening, as the real app does when it quits."""
        self.server.stop()
        self.lock.release()

"""The pieces of a headless desktop the notifier tests need besides a private bus and Xvfb: dunst, and
a recorder of the notifier's action callbacks.

The session bus (tests/session_bus.py) can be killed and started again at the same address, so a test
can drop the notifier's connection.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from desktop import missing_tools, skip_or_fail
from desktop import wait_for as desktop_wait_for
from servers import stop_process
from session_bus import name_has_owner

T = TypeVar("T")

NOTIFICATIONS = "org.freedesktop.Notifications"

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
    return desktop_wait_for(predicate, timeout, what)


class Actions:
    """Records on_action calls with the thread each came on."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.threads: list[str] = []

    def __call__(self, key: str) -> None:
        self.keys.append(key)
        self.threads.append(threading.current_thread().name)


def require(*tools: str) -> None:
    missing = missing_tools(tools)
    if missing:
        skip_or_fail(f"missing tool(s): {', '.join(missing)}")


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
        stop_process(self.process, kill=True)
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
        return name_has_owner(self.env, NOTIFICATIONS, timeout=5)

    def _died(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"dunst exited {self.process.returncode}: {self.log.read_text()}")
        return False

"""What the StatusNotifierItem tests drive it with: a watcher, the item on a thread, gdbus, a signal tap."""

from __future__ import annotations

import re
import subprocess
import threading
from collections import deque
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop import wait_for
from PIL import Image
from servers import stop_process
from session_bus import name_has_owner

from hipbreak.adapters.tray.sni import SniTray
from hipbreak.core.commands import Command
from hipbreak.core.view import TrayView

WATCHER = "org.kde.StatusNotifierWatcher"

VIEW = TrayView(
    title="hipbreak: 0 breaks today · next reminder at 14:30",
    breaks_line="Breaks today: 0",
    next_line="Next reminder at 14:30",
    snooze_choices=(("5 min", 300), ("15 min", 900)),
    snooze_enabled=True,
    snooze_label="Snooze (2 left today)",
    can_skip=True,
    paused=False,
    badge=None,
    tomorrow_label="Until tomorrow 09:00",
)


def draw(size: int, badge: str | None) -> Image.Image:
    """A flat square icon: amber with a badge, teal without."""
    return Image.new("RGBA", (size, size), (255, 183, 77, 255) if badge else (22, 138, 116, 255))


class Watcher:
    """status-notifier-watcher on the private bus; start() waits until it owns its name."""

    def __init__(self, env: Mapping[str, str], log: Path) -> None:
        self.env = dict(env)
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                ["status-notifier-watcher"], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        wait_for(lambda: name_has_owner(self.env, WATCHER), 10, "the watcher to own its name")

    def stop(self) -> None:
        stop_process(self.process)
        wait_for(lambda: not name_has_owner(self.env, WATCHER), 10, "the watcher's name to go")

    def items(self) -> list[str]:
        """The watcher's RegisteredStatusNotifierItems."""
        text = gdbus(
            self.env, WATCHER, "/StatusNotifierWatcher", "org.freedesktop.DBus.Properties.Get",
            WATCHER, "RegisteredStatusNotifierItems",
        )  # fmt: skip
        return re.findall(r"'([^']+)'", text)


def gdbus(env: Mapping[str, str], dest: str, path: str, method: str, *args: str) -> str:
    """Call `method` with gdbus and return its printed reply; CalledProcessError with the D-Bus error."""
    command = ["gdbus", "call", "--session", "--dest", dest, "--object-path", path, "--method", method]
    result = subprocess.run(
        [*command, "--", *args], env=dict(env), capture_output=True, text=True, timeout=10, check=False
    )
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, command, result.stdout, result.stderr)
    return result.stdout


def layout_ids(layout_text: str) -> dict[str, int]:
    """Map each label in gdbus's print of GetLayout to its item id."""
    return {label: int(key) for key, label in re.findall(r"\((\d+), \{'label': <'([^']*)'>", layout_text)}


class RunningTray:
    """An SniTray running on its own thread, recording what it posts."""

    def __init__(self, address: str, view: TrayView = VIEW, draw_icon: Any = draw) -> None:
        """Serve `view` with icons from `draw_icon` (not the package's pixmaps, so a test knows them)."""
        self.posted: list[Command] = []
        self.failing = False  # posts raise, as they would if the app's queue had closed
        self.ready = threading.Event()
        self.tray = SniTray(self._post, draw_icon, view, bus_address=address, shipped=lambda badge: None)
        self.thread = threading.Thread(target=self.tray.run, args=(self.ready.set,), daemon=True)

    def _post(self, command: Command) -> None:
        if self.failing:
            raise RuntimeError("the app is gone")
        self.posted.append(command)

    def start(self) -> RunningTray:
        self.thread.start()
        assert self.ready.wait(10), "the tray never became ready"
        return self

    def stop(self) -> None:
        self.tray.stop()
        self.thread.join(10)
        assert not self.thread.is_alive(), "run() did not return after stop()"


class SignalTap:
    """A second connection that collects the signals sent from `path`."""

    def __init__(self, address: str, path: str) -> None:
        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self.conn = open_dbus_connection(address)
        rule = MatchRule(type="signal", path=path)
        self.conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=5)
        self.queue: deque[Any] = deque()
        self._filter = self.conn.filter(rule, queue=self.queue)

    def next(self, timeout: float = 5.0) -> tuple[str, tuple[Any, ...]]:
        """Return the next signal as (member, body); TimeoutError if none comes in time."""
        from jeepney import HeaderFields

        message = self.conn.recv_until_filtered(self.queue, timeout=timeout)
        return message.header.fields[HeaderFields.member], message.body

    def close(self) -> None:
        self._filter.close()
        self.conn.close()

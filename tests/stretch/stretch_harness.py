"""Drive the real stretch window process: read its JSON lines, press keys with xdotool, take screenshots."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hipbreak.adapters.stretch_process import package_root

WINDOW_NAME = "hipbreak"
FINAL = ("completed", "cancelled")

Event = dict[str, Any]


class StretchRun:
    """One `python -m hipbreak.ui.stretch` process on an Xvfb display."""

    def __init__(self, display: str, args: list[str], workdir: Path, extra_env: dict[str, str] | None = None):
        self.display = display
        self.args = args
        self.workdir = workdir
        self.env = {
            **os.environ,
            "DISPLAY": display,
            "HIPBREAK_STRETCH_TRACE": "1",
            # The window remembers its size here: per test, so one test's size never leaks into the next.
            "XDG_STATE_HOME": str(workdir / "state"),
            **(extra_env or {}),
        }
        self.events: list[Event] = []
        self.raw_lines: list[str] = []
        self.stderr = ""
        self.process: subprocess.Popen[str] | None = None
        self._changed = threading.Condition()
        self.started_at = 0.0

    def start(self) -> StretchRun:
        self.started_at = time.monotonic()
        # Run where the test's own hipbreak lives, so the child imports the same code (wheel or source).
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hipbreak.ui.stretch", *self.args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
            cwd=package_root(),
        )
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.raw_lines.append(line)
                self.events.append(json.loads(line))
                self._changed.notify_all()
        assert self.process.stderr is not None
        self.stderr = self.process.stderr.read()
        with self._changed:
            self._changed.notify_all()

    # Waiting -----------------------------------------------------------------------------------------

    def wait_for(self, predicate: Callable[[list[Event]], Any], timeout: float = 10.0, what: str = "") -> Any:
        """Wait until predicate(events) is truthy and return its value; AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                value = predicate(list(self.events))
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    kinds = [e.get("event") for e in self.events][-12:]
                    raise AssertionError(f"timed out waiting for {what or predicate}; last events: {kinds}")
                self._changed.wait(min(remaining, 0.1))

    def wait_event(self, kind: str, timeout: float = 10.0, **fields: Any) -> Event:
        """Wait for an event of `kind` whose fields include `fields`."""

        def find(events: list[Event]) -> Event | None:
            for event in events:
                if event.get("event") == kind and all(event.get(k) == v for k, v in fields.items()):
                    return event
            return None

        return self.wait_for(find, timeout, f"{kind} {fields}")

    def wait_screen(self, timeout: float = 10.0, **fields: Any) -> Event:
        """Wait for the window to show a screen whose fields include `fields` (a callable field is a test)."""

        def matches(event: Event) -> bool:
            if event.get("event") != "screen":
                return False
            for key, wanted in fields.items():
                value = event.get(key)
                matched = wanted(value) if callable(wanted) else value == wanted
                if not matched:
                    return False
            return True

        return self.wait_for(
            lambda events: next((e for e in events if matches(e)), None), timeout, f"screen {fields}"
        )

    def outcome(self, timeout: float = 15.0) -> Event:
        """Wait for the final event and check it is the only one."""
        final = self.wait_for(
            lambda events: [e for e in events if e.get("event") in FINAL], timeout, "an outcome"
        )
        assert len(final) == 1, final
        return final[0]

    def exit_code(self, timeout: float = 10.0) -> int:
        """Wait for the process to end and return its exit status."""
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def kinds(self) -> list[str]:
        """The event names so far, screen traces and heartbeats left out."""
        return [e["event"] for e in self.events if e.get("event") not in ("screen", "alive")]

    def screens(self) -> list[Event]:
        """Every screen trace so far."""
        return [e for e in self.events if e.get("event") == "screen"]

    def last_screen(self) -> Event:
        """What the window showed most recently."""
        return self.screens()[-1]

    # Acting on the window -------------------------------------------------------------------------------

    def xdotool(self, *args: str) -> str:
        result = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=10, check=True
        )
        return result.stdout

    def window_id(self) -> int:
        """The window's X id, found by its title."""
        return int(self.xdotool("search", "--name", WINDOW_NAME).split()[0])

    def key(self, *keys: str) -> None:
        """Press `keys` in the window, as real X key events sent to it."""
        # A key that closes the window makes xdotool fail on the key release; the test checks the effect.
        subprocess.run(
            ["xdotool", "key", "--window", str(self.window_id()), *keys],
            env=self.env,
            capture_output=True,
            timeout=10,
            check=False,
        )

    def close_like_window_manager(self) -> None:
        """Send WM_DELETE_WINDOW, as a window manager does when the user clicks the close button."""
        from Xlib import X, display, protocol

        connection = display.Display(self.display)
        try:
            window = connection.create_resource_object("window", self.window_id())
            message = protocol.event.ClientMessage(
                window=window,
                client_type=connection.intern_atom("WM_PROTOCOLS"),
                data=(32, [connection.intern_atom("WM_DELETE_WINDOW"), X.CurrentTime, 0, 0, 0]),
            )
            window.send_event(message, event_mask=X.NoEventMask)
            connection.flush()
        finally:
            connection.close()

    def geometry(self) -> tuple[int, int, int, int]:
        """The window's x, y, width and height on the screen."""
        values = dict(
            line.split("=", 1)
            for line in self.xdotool("getwindowgeometry", "--shell", str(self.window_id())).split()
        )
        return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])

    def screenshot(self, path: Path) -> Path:
        """Save the whole screen as PNG at `path`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True, timeout=20)
        return path

    def stop(self) -> None:
        """End the process if it still runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)

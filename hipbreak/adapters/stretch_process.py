"""Starting the stretch window process from the tray app and turning its JSON lines into event callbacks."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

import hipbreak
from hipbreak.adapters.routine_files import load_routine
from hipbreak.core.routine import RoutineError, build_plan
from hipbreak.core.stretch_session import ProgressMirror
from hipbreak.ui.stretch.wire import FINAL_EVENTS, PROCESS_ENDED, StretchArgs

__all__ = ["StretchArgs", "StretchProcess", "launch"]

EventCallback = Callable[[dict[str, Any]], None]


class StretchProcess:
    """A running stretch window process; its methods may be called from any thread."""

    def __init__(
        self, process: subprocess.Popen[str], mirror: ProgressMirror, on_event: EventCallback
    ) -> None:
        self._process = process
        self._mirror = mirror
        self._on_event = on_event
        self._lock = threading.Lock()
        self._stderr: list[str] = []
        self.finished = threading.Event()  # set once the final event was delivered
        self.final: dict[str, Any] | None = None

    @property
    def pid(self) -> int:
        """The window process's id."""
        return self._process.pid

    @property
    def error(self) -> str:
        """What the process wrote on stderr (its one-line reason when it exited 2 or 3)."""
        return "".join(self._stderr).strip()

    def alive(self) -> bool:
        """Whether the window process is still running."""
        return self._process.poll() is None

    def raise_window(self) -> None:
        """Ask the window to come to the front and take the keyboard."""
        stdin = self._process.stdin
        if stdin is None or not self.alive():
            return
        with contextlib.suppress(OSError, ValueError):
            stdin.write("raise\n")
            stdin.flush()

    def terminate(self) -> None:
        """End the window process; the reader then reports a cancel if no outcome came first."""
        if self.alive():
            self._process.terminate()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the final event was delivered; return whether it was (for tests and shutdown)."""
        return self.finished.wait(timeout)

    def _read_stdout(self, stream: IO[str]) -> None:
        try:
            for line in stream:
                record = _parse(line)
                if record is not None:
                    self._deliver(record)
        finally:
            self._process.wait()
            if self.final is None:
                now = time.monotonic()
                self._deliver(
                    {
                        "event": "cancelled",
                        "progress": self._mirror.progress(now),
                        "phase": self._mirror.phase_name,
                        "reason": PROCESS_ENDED,
                    }
                )

    def _read_stderr(self, stream: IO[str]) -> None:
        for line in stream:
            if len(self._stderr) < 50:
                self._stderr.append(line)

    def _deliver(self, record: dict[str, Any]) -> None:
        with self._lock:
            if self.final is not None:
                return  # exactly one outcome, and nothing after it
            now = time.monotonic()
            kind = record.get("event")
            if kind == "phase":
                self._mirror.phase(int(record.get("index", -1)), str(record.get("name", "")), now)
            elif kind == "paused":
                self._mirror.pause(now)
            elif kind == "resumed":
                self._mirror.resume(now)
            elif kind in FINAL_EVENTS:
                self.final = record
        try:
            self._on_event(record)
        finally:
            if self.final is record:
                self.finished.set()


def _parse(line: str) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None  # stray output (a library's warning) is not part of the protocol
    return record if isinstance(record, dict) and isinstance(record.get("event"), str) else None


def package_root() -> Path:
    """The folder holding the hipbreak package this process runs (a source checkout or site-packages)."""
    return Path(hipbreak.__file__).resolve().parent.parent


def launch(
    args: StretchArgs,
    on_event: EventCallback,
    python: str = sys.executable,
    env: Mapping[str, str] | None = None,
) -> StretchProcess:
    """Start the stretch window process; `on_event` gets each of its events, from a reader thread.

    If the process ends without reporting an outcome, `on_event` gets a "cancelled" event with reason
    "window process ended" — never "completed".
    """
    try:
        plan = build_plan(load_routine(args.routine, args.routines_dir), args.hold, args.prepare)
    except (RoutineError, ValueError):
        plan = None  # the process will say what is wrong; progress then stays 0
    process = subprocess.Popen(
        [python, "-m", "hipbreak.ui.stretch", *args.argv()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        bufsize=1,
        env=dict(env) if env is not None else None,
        # `-m` puts the working folder first on sys.path: this makes the child run the same hipbreak.
        cwd=package_root(),
    )
    handle = StretchProcess(process, ProgressMirror(plan), on_event)
    assert process.stdout is not None and process.stderr is not None
    threading.Thread(
        target=handle._read_stderr, args=(process.stderr,), name="stretch-stderr", daemon=True
    ).start()
    threading.Thread(
        target=handle._read_stdout, args=(process.stdout,), name="stretch-reader", daemon=True
    ).start()
    return handle

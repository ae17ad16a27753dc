"""Starting the stretch window process from the tray app and turning its JSON lines into event callbacks."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
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
from hipbreak.ipc.instance import FileLock
from hipbreak.ui.stretch.wire import (
    FINAL_EVENTS,
    PROCESS_ENDED,
    SILENCE_LIMIT,
    STOPPED_ANSWERING,
    StretchArgs,
)

__all__ = ["StretchArgs", "StretchBusy", "StretchProcess", "launch"]

EventCallback = Callable[[dict[str, Any]], None]
log = logging.getLogger(__name__)


class StretchBusy(Exception):
    """Another stretch window is open (it holds the one-window lock); nothing was started."""


class StretchProcess:
    """A running stretch window process; its methods may be called from any thread."""

    def __init__(
        self,
        process: subprocess.Popen[str],
        mirror: ProgressMirror,
        on_event: EventCallback,
        stretch_id: str = "",
    ) -> None:
        self._process = process
        self._mirror = mirror
        self._on_event = on_event
        self.stretch_id = stretch_id
        self._lock = threading.Lock()
        self._stderr: list[str] = []
        self.finished = threading.Event()  # set once the final event was delivered
        self.exited = threading.Event()  # set once the process ended and its output was read
        self.final: dict[str, Any] | None = None
        self._heard_at = time.monotonic()
        self._end_reason = PROCESS_ENDED
        self.held_lock: FileLock | None = None  # where the lock cannot be handed to the child
        self.outcomes: Path | None = None  # the outcome file the window writes to, if any

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

    def close(self, reason: str, timeout: float = 3.0) -> dict[str, Any] | None:
        """Have the window cancel for `reason` and close, killing it after `timeout`; return its outcome.

        Blocks up to about twice `timeout`; any thread but the reader's. The outcome is the window's own
        when it answered, else a cancel for `reason`; None only if the process outlived even SIGKILL.
        """
        self._end_reason = reason
        stdin = self._process.stdin
        if stdin is not None and self.alive():
            with contextlib.suppress(OSError, ValueError):
                stdin.write("quit\n")
                stdin.flush()
        if not self.exited.wait(timeout):
            log.warning("the stretch window did not close within %g s; ending it", timeout)
            self._process.kill()
            self.exited.wait(timeout)
        return self.final

    def _read_stdout(self, stream: IO[str]) -> None:
        try:
            for line in stream:
                self._heard_at = time.monotonic()
                record = _parse(line)
                if record is not None and record["event"] != "alive":  # "alive" is for the watchdog only
                    self._deliver(record)
        finally:
            self._process.wait()
            if self.held_lock is not None:
                self.held_lock.release()
            self._cancel(self._end_reason)
            self.exited.set()

    def _watch(self, limit: float) -> None:
        """End a window that fell silent for `limit` seconds (stopped, hung) and report it cancelled."""
        # Runs only while a window is open, so an idle app gains no wake-ups.
        while not self.exited.wait(min(2.0, limit / 3)):
            silent = time.monotonic() - self._heard_at
            if silent > limit:
                log.warning("the stretch window said nothing for %.0f s; ending it", silent)
                self._cancel(STOPPED_ANSWERING)  # first, so the reader's own cancel comes too late
                with contextlib.suppress(OSError):
                    self._process.kill()
                return

    def _cancel(self, reason: str) -> None:
        if self.final is None:
            written = self._written_outcome()
            if written is not None:
                # It wrote its outcome, then went before telling us: that outcome is the true one.
                self._deliver({key: value for key, value in written.items() if key != "at"})
                return
            now = time.monotonic()
            self._deliver(
                {
                    "event": "cancelled",
                    "progress": self._mirror.progress(now),
                    "phase": self._mirror.phase_name,
                    "reason": reason,
                }
            )

    def _written_outcome(self) -> dict[str, Any] | None:
        if self.outcomes is None or not self.stretch_id:
            return None
        from hipbreak.adapters.stretch_outcomes import OutcomeFile

        try:
            return OutcomeFile(self.outcomes).find(self.stretch_id)
        except OSError:
            return None

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
                if self.stretch_id:
                    record = {**record, "stretch_id": self.stretch_id}
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
    *,
    lock: FileLock | None = None,
    silence_limit: float = SILENCE_LIMIT,
) -> StretchProcess:
    """Start the stretch window process; `on_event` gets each of its events, from a reader thread.

    If the process ends without reporting an outcome, `on_event` gets a "cancelled" event with reason
    "window process ended" (or "window stopped answering" once it fell silent for `silence_limit` s and
    was killed) — never "completed". With `lock`, the window holds it while it runs, and StretchBusy is
    raised when another window holds it. Raises OSError when the process cannot start.
    """
    try:
        plan = build_plan(load_routine(args.routine, args.routines_dir), args.hold, args.prepare)
    except (RoutineError, ValueError):
        plan = None  # the process will say what is wrong; progress then stays 0
    fd = _take(lock) if lock is not None else None
    if fd is not None:
        args = dataclasses.replace(args, lock_fd=fd)
    try:
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
            pass_fds=(fd,) if fd is not None else (),
        )
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    finally:
        if fd is not None:
            os.close(fd)  # the child holds the lock alone from here on (flock follows the open file)
    handle = StretchProcess(process, ProgressMirror(plan), on_event, args.stretch_id)
    handle.outcomes = args.outcomes
    if lock is not None and lock.held:
        handle.held_lock = lock
    assert process.stdout is not None and process.stderr is not None
    threading.Thread(
        target=handle._read_stderr, args=(process.stderr,), name="stretch-stderr", daemon=True
    ).start()
    threading.Thread(
        target=handle._read_stdout, args=(process.stdout,), name="stretch-reader", daemon=True
    ).start()
    threading.Thread(
        target=handle._watch, args=(silence_limit,), name="stretch-watchdog", daemon=True
    ).start()
    return handle


def _take(lock: FileLock) -> int | None:
    """Lock the one-window lock for the child to inherit; None where it cannot be inherited (Windows)."""
    if not lock.acquire():
        raise StretchBusy(f"a stretch window is already open (it holds {lock.path})")  # not user text: logged
    if sys.platform == "win32":
        # No flock to hand over: this process holds it instead, for as long as it lives.
        return None
    return lock.hand_over()

"""In a call, as the camera shows it: some process of this user holds a `/dev/video*` device open.

Linux announces no camera opening, so this can only be looked for in `/proc/<pid>/fd`. It is looked
for only while the app is interested (a reminder is due or about to be, see `set_interest`), every
POLL_SECONDS; the rest of the day the thread sleeps on an event and costs nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

from hipbreak.core.holds import HoldReason
from hipbreak.language import _

POLL_SECONDS = 5.0
DEVICE = re.compile(r"/dev/video\d+")


def camera_users(
    proc_root: Path, uid: int, own_pid: int, device: re.Pattern[str] = DEVICE
) -> list[tuple[int, str]]:
    """Return (pid, command name) of each process owned by `uid` with an fd on a matching device."""
    users: list[tuple[int, str]] = []
    try:
        entries = list(os.scandir(proc_root))
    except OSError:
        return users
    for entry in entries:
        if not entry.name.isdecimal() or int(entry.name) == own_pid:
            continue
        try:
            if entry.stat(follow_symlinks=False).st_uid != uid:
                continue
            fds = os.scandir(Path(entry.path) / "fd")
        except OSError:
            continue  # gone, or not ours to read
        with fds:
            for fd in fds:
                try:
                    target = os.readlink(fd.path)
                except OSError:
                    continue
                if device.fullmatch(target):
                    users.append((int(entry.name), _command_name(Path(entry.path))))
                    break
    return sorted(users)


def _command_name(process: Path) -> str:
    with contextlib.suppress(OSError):
        return (process / "comm").read_text(encoding="utf-8", errors="replace").strip() or "?"
    return "?"


class CameraSignal:
    """Holds while a camera is open; looks only while interested (the app calls set_interest)."""

    name = "camera"
    reason = HoldReason.CALL

    def __init__(
        self,
        proc_root: Path = Path("/proc"),
        uid: int | None = None,
        poll_seconds: float = POLL_SECONDS,
        device: re.Pattern[str] = DEVICE,
    ) -> None:
        """Remember where to look; nothing runs before start(). Any thread."""
        self.proc_root = proc_root
        self.uid = os.getuid() if uid is None else uid
        self.poll_seconds = poll_seconds
        self.device = device
        self._own_pid = os.getpid()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._interested = False
        self._closed = False
        self._users: list[tuple[int, str]] = []
        self._scans = 0
        self._on_change: Callable[[bool], None] = lambda _active: None
        self._thread: threading.Thread | None = None

    def start(self, on_change: Callable[[bool], None]) -> None:
        """Start the (mostly sleeping) thread; `on_change(active)` runs on it at each flip."""
        with self._lock:
            if self._thread is not None or self._closed:
                return
            self._on_change = on_change
            self._thread = threading.Thread(target=self._run, name="hold-camera", daemon=True)
            self._thread.start()

    def set_interest(self, interested: bool) -> None:
        """Look now and every POLL_SECONDS while `interested`; stop looking otherwise. Any thread.

        The app turns it on when a reminder is due or about to be, and off when none is: looking
        all day would wake the machine every few seconds for nothing.
        """
        with self._lock:
            self._interested = interested
            self._wake.notify_all()

    @property
    def scans(self) -> int:
        """How many times /proc was looked through (for tests and doctor). Any thread."""
        with self._lock:
            return self._scans

    def active(self) -> bool:
        """Whether a camera was open at the last look (only fresh while interested). Any thread."""
        with self._lock:
            return bool(self._users)

    def describe(self) -> str:
        """One line for doctor and status. Any thread."""
        with self._lock:
            users = list(self._users)
        # Translators: {proc} is a folder such as /proc; keep "/dev/video*" and "/*/fd" as they are.
        line = _("/dev/video* open in {proc}/*/fd, looked at only while a reminder is due")
        line = line.format(proc=self.proc_root)
        if users:
            # Translators: {line} says how cameras are watched; {programs} lists e.g. "zoom (4242)".
            line = _("{line}; in use by {programs}").format(
                line=line, programs=", ".join(f"{name} ({pid})" for pid, name in users)
            )
        return line

    def close(self) -> None:
        """Stop the thread. Any thread; twice is fine."""
        with self._lock:
            self._closed = True
            self._wake.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(2.0)

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._interested and not self._closed:
                    self._wake.wait()  # no timeout: asleep until interest comes back
                if self._closed:
                    return
            users = camera_users(self.proc_root, self.uid, self._own_pid, self.device)
            with self._lock:
                self._scans += 1
                was = bool(self._users)
                self._users = users
            if was != bool(users):
                self._on_change(bool(users))
            with self._lock:
                if self._closed:
                    return
                if self._interested:
                    self._wake.wait(self.poll_seconds)

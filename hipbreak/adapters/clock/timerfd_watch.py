"""Linux: told when the wall clock is set or the machine resumes, by a timerfd that the kernel cancels.

A CLOCK_REALTIME timerfd armed with TFD_TIMER_CANCEL_ON_SET fails its read with ECANCELED when the wall
clock changes discontinuously: `settimeofday`, NTP stepping it, and a resume from suspend, which the kernel
treats as a clock change (`timekeeping_resume()` calls `timerfd_resume()`). The thread sleeps in select()
with no timeout. Python 3.11 has no os.timerfd_*, so libc is called through ctypes.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import select
import threading
import time
from collections.abc import Callable

from hipbreak.adapters.idle.watch_base import WakePipe
from hipbreak.language import _

log = logging.getLogger(__name__)

TFD_TIMER_ABSTIME = 1
TFD_TIMER_CANCEL_ON_SET = 2
# The timer is only a carrier for the cancel: armed this far ahead it never expires in practice.
AHEAD_SECONDS = 365 * 24 * 3600.0


class TimerfdUnavailable(Exception):
    """This system has no usable timerfd (not Linux, no glibc symbols, or the kernel refused)."""


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


class _Itimerspec(ctypes.Structure):
    _fields_ = [("it_interval", _Timespec), ("it_value", _Timespec)]


class _Timerfd:
    """One CLOCK_REALTIME timerfd, armed absolute with cancel-on-set."""

    def __init__(self) -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            self._create = libc.timerfd_create
            self._settime = libc.timerfd_settime
        except (OSError, AttributeError) as error:
            raise TimerfdUnavailable(_("no timerfd in the C library: {error}").format(error=error)) from error
        self._create.argtypes = [ctypes.c_int, ctypes.c_int]
        self._settime.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.POINTER(_Itimerspec), ctypes.c_void_p]
        # TFD_CLOEXEC and TFD_NONBLOCK are defined as O_CLOEXEC and O_NONBLOCK, whose values vary by CPU.
        fd = self._create(time.CLOCK_REALTIME, os.O_CLOEXEC | os.O_NONBLOCK)
        if fd < 0:
            reason = os.strerror(ctypes.get_errno())
            raise TimerfdUnavailable(
                _("{function} failed: {error}").format(function="timerfd_create", error=reason)
            )
        self.fd: int = fd

    def arm(self, at_wall_seconds: float) -> None:
        """Arm the timer to expire at the wall-clock time `at_wall_seconds`, cancelled if the clock is set."""
        whole = int(at_wall_seconds)
        spec = _Itimerspec(_Timespec(0, 0), _Timespec(whole, int((at_wall_seconds - whole) * 1e9)))
        flags = TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET
        if self._settime(self.fd, flags, ctypes.byref(spec), None) != 0:
            reason = os.strerror(ctypes.get_errno())
            raise TimerfdUnavailable(
                _("{function} failed: {error}").format(function="timerfd_settime", error=reason)
            )

    def close(self) -> None:
        """Close the descriptor (once)."""
        fd, self.fd = self.fd, -1
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)


class TimerfdChangeWatch:
    """Calls `on_change()` on its own thread each time the wall clock is set or the machine resumes."""

    name = "timerfd"

    def __init__(
        self,
        ahead_seconds: float = AHEAD_SECONDS,
        read: Callable[[int, int], bytes] = os.read,
        wall: Callable[[], float] = time.time,
    ) -> None:
        """Open and arm the timerfd now (TimerfdUnavailable says why not); `read` is os.read but in tests."""
        self.ahead_seconds = ahead_seconds
        self._read = read
        self._wall = wall
        self._timer = _Timerfd()
        try:
            self._timer.arm(wall() + ahead_seconds)
        except TimerfdUnavailable:
            self._timer.close()
            raise
        self.changes = 0  # clock changes seen (for doctor and tests)
        self.expirations = 0  # the carrier timer ran out and was armed again
        self.failure: str | None = None
        self._wake = WakePipe()
        self._on_change: Callable[[], None] | None = None
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, on_change: Callable[[], None]) -> None:
        """Begin watching on a daemon thread; call once."""
        self._on_change = on_change
        self._thread = threading.Thread(target=self._run, name="hipbreak-clock-watch", daemon=True)
        self._thread.start()

    @property
    def thread_id(self) -> int | None:
        """The kernel thread id of the watch thread, or None before start (for measuring its wake-ups)."""
        return self._thread.native_id if self._thread is not None else None

    def describe(self) -> str:
        """One line for `hipbreak doctor`: how clock changes and resumes are noticed."""
        if self.failure:
            # Translators: keep timerfd and CLOCK_REALTIME; {failure} is the error that stopped it.
            text = _(
                "timerfd: the kernel cancels a CLOCK_REALTIME timer when the clock is set or the machine "
                "resumes; stopped: {failure}"
            )
            return text.format(failure=self.failure)
        # Translators: keep timerfd and CLOCK_REALTIME as they are.
        return _(
            "timerfd: the kernel cancels a CLOCK_REALTIME timer when the clock is set or the machine "
            "resumes (no polling)"
        )

    def _run(self) -> None:
        try:
            while not self._closing.is_set():
                readable = select.select([self._timer.fd, self._wake.read_fd], [], [])[0]
                if self._wake.read_fd in readable or self._closing.is_set():
                    return
                if self._take() and self._on_change is not None:
                    self._on_change()
        except Exception as error:  # the watch is lost, never the app
            self.failure = f"{type(error).__name__}: {error}"
            log.warning("the clock-change watch stopped: %s", self.failure)

    def _take(self) -> bool:
        """Read the timerfd once and re-arm it; return whether the clock changed (watch thread)."""
        try:
            self._read(self._timer.fd, 8)
            changed = False
            self.expirations += 1
        except BlockingIOError:
            return False  # woken with nothing to read (another reader, or a spurious wake-up)
        except OSError as error:
            if error.errno != errno.ECANCELED:
                raise
            changed = True
            self.changes += 1
        # After a cancel the timer stays disarmed until set again, which also takes the clock's new offset.
        self._timer.arm(self._wall() + self.ahead_seconds)
        return changed

    def close(self) -> None:
        """Stop the thread and close the timerfd; no callback runs after this returns. Safe to repeat."""
        self._closing.set()
        self._wake.wake()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        if thread is None or not thread.is_alive():
            self._timer.close()
            self._wake.close()

"""The idle-watch port: told once when the user goes idle and once when they come back, with no polling.

Each watch runs one daemon thread that blocks on its sockets with no timeout; `close()` wakes it
through a pipe. The callbacks run on that thread, so they must only post a command and return.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from hipbreak.language import _

log = logging.getLogger(__name__)

OnIdle = Callable[[float], None]
OnActive = Callable[[], None]


@runtime_checkable
class IdleWatch(Protocol):
    """Calls `on_idle(idle_seconds)` when the user has been away `threshold_seconds`, then `on_active()`
    when they are back, alternating for as long as it runs."""

    name: str

    def start(self, threshold_seconds: float, on_idle: OnIdle, on_active: OnActive) -> None:
        """Begin watching; the callbacks run on the watch's own thread. Call once, from any thread."""
        ...

    def idle_seconds(self) -> float | None:
        """Return the idle time now, or None when it cannot be read; never raises. Any thread."""
        ...

    def describe(self) -> str:
        """Return one line for `hipbreak doctor`: the mechanism, and why it was chosen. Any thread."""
        ...

    def close(self) -> None:
        """Stop the thread and release everything; no callback runs after it returns. Safe to repeat."""
        ...


def with_why(line: str, why: str, failure: str | None = None) -> str:
    """Return `line` (how something is watched), then why it was chosen and what stopped it, if known."""
    if why:
        # Translators: {line} says how something is watched; {why} says why it was chosen.
        line = _("{line} ({why})").format(line=line, why=why)
    if failure:
        # Translators: {line} says how something is watched; {failure} is the error that stopped it.
        line = _("{line}; stopped: {failure}").format(line=line, failure=failure)
    return line


class WakePipe:
    """A pipe whose read end becomes readable when `wake()` is called: the way to end a blocking select."""

    def __init__(self) -> None:
        self.read_fd, self._write_fd = os.pipe()
        os.set_blocking(self._write_fd, False)

    def wake(self) -> None:
        """Make the read end readable; any thread. A full pipe is already readable, so that is ignored."""
        with contextlib.suppress(BlockingIOError, OSError):
            os.write(self._write_fd, b"\0")

    def close(self) -> None:
        """Close both ends; call after the waiting thread is gone."""
        for fd in (self.read_fd, self._write_fd):
            with contextlib.suppress(OSError):
                os.close(fd)


class ThreadedIdleWatch(ABC):
    """Base for watches: one thread running `_watch()`, strict idle/active alternation, a safe close.

    Subclasses implement `_watch()` (blocking until `self.wake.read_fd` is readable or the source is
    lost), `_release()` and `_mechanism()`, and call `_went_idle()` / `_came_back()` from the thread.
    """

    name: str = "unnamed"

    def __init__(self, reason: str = "") -> None:
        """`reason` says why this watch was chosen (the chooser fills it in for `describe()`)."""
        self.reason = reason
        self.wake = WakePipe()
        self.threshold = 0.0
        self.failure: str | None = None
        self._on_idle: OnIdle | None = None
        self._on_active: OnActive | None = None
        self._idle = False
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._released = False

    def start(self, threshold_seconds: float, on_idle: OnIdle, on_active: OnActive) -> None:
        """Begin watching on a new daemon thread; RuntimeError if started twice or after close()."""
        if not threshold_seconds > 0:
            raise ValueError(f"threshold must be positive, not {threshold_seconds!r}")  # not user text
        with self._lock:
            if self._thread is not None or self._closing.is_set():
                raise RuntimeError(f"{self.name} idle watch cannot start twice or after close()")
            self.threshold = float(threshold_seconds)
            self._on_idle, self._on_active = on_idle, on_active
            self._thread = threading.Thread(target=self._run, name=f"idle-watch-{self.name}", daemon=True)
            self._thread.start()

    @property
    def thread_id(self) -> int | None:
        """The kernel thread id of the watch thread (for measuring its wake-ups), or None before start."""
        thread = self._thread
        return thread.native_id if thread is not None else None

    def describe(self) -> str:
        """Return one line: the mechanism, why it was chosen, and whether it has failed. Any thread."""
        return f"{self.name}: {with_why(self._mechanism(), self.reason, self.failure)}"

    def close(self) -> None:
        """Wake the thread, wait for it, release; no callback runs after this returns. Safe to repeat."""
        with self._lock:
            self._closing.set()
            thread = self._thread
        self.wake.wake()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        if thread is None or not thread.is_alive():
            self._finish()
        # Otherwise (close() from a callback, or a hung thread) the thread releases as it ends.

    def _finish(self) -> None:
        """Release once, whichever of close() and the ending thread comes last."""
        with self._lock:
            if self._released:
                return
            self._released = True
        try:
            self._release()
        except Exception as error:  # releasing is best effort; the process exit reclaims the rest
            log.warning("closing the %s idle watch: %s", self.name, error)
        self.wake.close()

    @property
    def closing(self) -> bool:
        """Whether close() has been called."""
        return self._closing.is_set()

    def _run(self) -> None:
        try:
            self._watch()
        except Exception as error:  # the watch is lost, never the app
            if not self._closing.is_set():
                self.failure = f"{type(error).__name__}: {error}"
                log.warning("the %s idle watch stopped: %s", self.name, self.failure)
        finally:
            if self._closing.is_set():
                self._finish()

    def _went_idle(self, idle_seconds: float) -> None:
        """Call on_idle unless already idle; from the watch thread only."""
        if self._idle or self._closing.is_set() or self._on_idle is None:
            return
        self._idle = True
        try:
            self._on_idle(idle_seconds)
        except Exception:
            log.exception("the on_idle callback failed")

    def _came_back(self) -> None:
        """Call on_active if idle was reported; from the watch thread only."""
        if not self._idle or self._closing.is_set() or self._on_active is None:
            return
        self._idle = False
        try:
            self._on_active()
        except Exception:
            log.exception("the on_active callback failed")

    @property
    def is_idle(self) -> bool:
        """Whether on_idle was the last callback (read on the watch thread to decide what to arm)."""
        return self._idle

    @abstractmethod
    def _watch(self) -> None:
        """Block for events until `self.wake.read_fd` is readable; raise when the source is lost."""

    @abstractmethod
    def _release(self) -> None:
        """Free connections and handles; called once, after the thread has ended."""

    @abstractmethod
    def _mechanism(self) -> str:
        """Say in a few words how this watch learns about idleness."""


class NullIdleWatch:
    """Never fires: used when no mechanism works, so the app counts all time as sitting time."""

    name = "none"

    def __init__(self, reason: str = "") -> None:
        """`reason` says why nothing better was found."""
        self.reason = reason

    def start(self, threshold_seconds: float, on_idle: OnIdle, on_active: OnActive) -> None:
        """Do nothing: no callback will ever run."""

    def idle_seconds(self) -> float | None:
        """Return None: the idle time is unknown."""
        return None

    def describe(self) -> str:
        """Return one line saying idle time is not watched, and why."""
        return "none: " + with_why(_("idle time is not watched"), self.reason)

    def close(self) -> None:
        """Do nothing; there is nothing to release."""

"""The hold-signal port, and a base for signals that watch on a thread of their own without polling.

A signal tells the app when it starts and stops holding reminders; the app posts that to its state
thread as a `HoldChanged` command. Callbacks run on the signal's thread, so they only post and return.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from hipbreak.adapters.idle.watch_base import WakePipe, with_why
from hipbreak.core.holds import HoldReason
from hipbreak.language import _

__all__ = ["HoldReason", "HoldSignal", "HoldUnavailable", "OnChange", "ThreadedHoldSignal"]

log = logging.getLogger(__name__)

OnChange = Callable[[bool], None]


class HoldUnavailable(Exception):
    """A signal cannot work here; the message is one line for `hipbreak doctor`."""


@runtime_checkable
class HoldSignal(Protocol):
    """One way the desktop says "not now", e.g. "dunst-paused", "x11-fullscreen", "pipewire-microphone"."""

    name: str
    reason: HoldReason

    def start(self, on_change: OnChange) -> None:
        """Begin watching; `on_change(True/False)` runs on the signal's own thread when holding starts or
        stops (and may run once at start with the current value). Call once, from any thread."""
        ...

    def active(self) -> bool:
        """Return the current reading; never raises. Any thread."""
        ...

    def describe(self) -> str:
        """Return one line for `hipbreak doctor`: the mechanism, and why it was chosen. Any thread."""
        ...

    def close(self) -> None:
        """Stop watching and release everything; no callback runs after it returns. Safe to repeat."""
        ...


class ThreadedHoldSignal(ABC):
    """Base for signals: one daemon thread running `_watch()`, change-only callbacks, a safe close.

    Subclasses implement `_watch()` (block until `self.wake.read_fd` is readable, calling `_set()` with
    each reading), `_release()` and `_mechanism()`.
    """

    name: str = "unnamed"
    reason: HoldReason = HoldReason.CALL

    def __init__(self, why: str = "") -> None:
        """`why` says why this signal was chosen (shown by `describe()`)."""
        self.why = why
        self.wake = WakePipe()
        self.failure: str | None = None
        self._value = False
        self._on_change: OnChange | None = None
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._released = False
        self.ready = threading.Event()  # set once the watch is in place and has its first reading

    def start(self, on_change: OnChange) -> None:
        """Begin watching on a new daemon thread; RuntimeError if started twice or after close()."""
        with self._lock:
            if self._thread is not None or self._closing.is_set():
                raise RuntimeError(f"the {self.name} signal cannot start twice or after close()")
            self._on_change = on_change
            self._thread = threading.Thread(target=self._run, name=f"hold-{self.name}", daemon=True)
            self._thread.start()

    def active(self) -> bool:
        """Return the last reading (False before the first, and after a failure). Any thread."""
        return self._value

    def describe(self) -> str:
        """Return one line: the mechanism, why it was chosen, the reading, and any failure. Any thread."""
        line = self._mechanism()
        if self._thread is not None and self._value:  # a reading exists only once the watch runs
            # Translators: {mechanism} says how a signal is watched; this adds that it holds reminders now.
            line = _("{mechanism}; holding now").format(mechanism=line)
        elif self._thread is not None:
            # Translators: {mechanism} says how a signal is watched; this adds that it holds nothing now.
            line = _("{mechanism}; not holding").format(mechanism=line)
        return f"{self.name}: {with_why(line, self.why, self.failure)}"

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

    @property
    def closing(self) -> bool:
        """Whether close() has been called."""
        return self._closing.is_set()

    def _finish(self) -> None:
        with self._lock:
            if self._released:
                return
            self._released = True
        try:
            self._release()
        except Exception as error:  # best effort; the process exit reclaims the rest
            log.warning("closing the %s hold signal: %s", self.name, error)
        self.wake.close()

    def _run(self) -> None:
        try:
            self._watch()
        except Exception as error:  # the signal is lost, never the app; a lost signal holds nothing
            if not self._closing.is_set():
                self.failure = f"{type(error).__name__}: {error}"
                log.warning("the %s hold signal stopped: %s", self.name, self.failure)
                self._set(False)
        finally:
            if self._closing.is_set():
                self._finish()

    def _first(self, value: bool) -> None:
        """Record the reading taken once the watch is in place (changes after it are all seen)."""
        self._set(value)
        self.ready.set()

    def _set(self, value: bool) -> None:
        """Record a reading and call on_change if it changed; from the signal's thread only."""
        if value == self._value or self._closing.is_set():
            return
        self._value = value
        if self._on_change is None:
            return
        try:
            self._on_change(value)
        except Exception:
            log.exception("the %s hold callback failed", self.name)

    @abstractmethod
    def _watch(self) -> None:
        """Block for changes until `self.wake.read_fd` is readable; raise when the source is lost."""

    @abstractmethod
    def _release(self) -> None:
        """Free connections and processes; called once, after the thread has ended."""

    @abstractmethod
    def _mechanism(self) -> str:
        """Say in a few words how this signal learns about its state."""

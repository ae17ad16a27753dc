"""How the app learns that the wall clock moved or the machine slept, without a heartbeat where it can.

Each watch calls `on_change()` (on its own thread; it must only post a command) when the clocks may have
moved apart; the app then compares them (`SystemClock.changes`) and re-plans. Linux has an event for it
(timerfd_watch.py); elsewhere a slow heartbeat is the fallback, and `hipbreak doctor` says which is in use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from hipbreak.environment import Environment
from hipbreak.language import _

# The fallback's period: a clock change or a resume is noticed within this, and it costs a wake-up each.
HEARTBEAT_SECONDS = 600.0


class ClockChangeWatch(Protocol):
    """Calls `on_change()` after the wall clock was set or the machine resumed (or, for the fallback,
    every so often in case it was)."""

    name: str

    def start(self, on_change: Callable[[], None]) -> None:
        """Begin watching on the watch's own thread; call once."""
        ...

    def describe(self) -> str:
        """Return one line for `hipbreak doctor`: the mechanism, and what it costs."""
        ...

    def close(self) -> None:
        """Stop watching; no callback runs after it returns. Safe to repeat."""
        ...


class HeartbeatChangeWatch:
    """The fallback: calls `on_change()` every `period` seconds of the monotonic clock."""

    name = "heartbeat"

    def __init__(self, reason: str, period: float = HEARTBEAT_SECONDS) -> None:
        """`reason` says why no event-driven watch could be used."""
        self.reason = reason
        self.period = period
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, on_change: Callable[[], None]) -> None:
        """Start beating on a daemon thread."""

        def beat() -> None:
            while not self._stopping.wait(self.period):
                on_change()

        self._thread = threading.Thread(target=beat, name="hipbreak-heartbeat", daemon=True)
        self._thread.start()

    def describe(self) -> str:
        """Say that clock changes and resumes are only noticed by a heartbeat, and why."""
        # Translators: {minutes} is a number; {reason} says why no clock-change event could be used.
        text = _(
            "heartbeat: the clocks are compared every {minutes} min, so a clock change or a "
            "resume is noticed up to that late ({reason})"
        )
        return text.format(minutes=f"{self.period / 60:g}", reason=self.reason)

    def close(self) -> None:
        """Stop the heartbeat."""
        self._stopping.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)


def choose_clock_watch(env: Environment) -> tuple[ClockChangeWatch, list[str]]:
    """Return the timerfd watch on Linux, else the heartbeat, plus a line for each option passed over."""
    if not env.platform.startswith("linux"):
        # Translators: {platform} is the operating system's code, e.g. win32 or darwin.
        reason = _("no clock-change event is used on {platform}").format(platform=env.platform)
        return HeartbeatChangeWatch(reason), [f"timerfd: {reason}"]
    from hipbreak.adapters.clock.timerfd_watch import TimerfdChangeWatch, TimerfdUnavailable

    try:
        return TimerfdChangeWatch(), []
    except TimerfdUnavailable as error:
        return HeartbeatChangeWatch(str(error)), [f"timerfd: {error}"]

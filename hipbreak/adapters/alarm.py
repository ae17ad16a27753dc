"""The alarm clock: one thread that sleeps until the deadline the core asks for, and nothing else.

It waits on the monotonic clock (a `Condition` timeout) for as long as the wall clock said was left when it
was armed. That is how a wall clock set back by hours is noticed with no heartbeat: the alarm still goes
off when the time planned has passed, and the app, comparing clocks, moves its deadlines by the jump.
A suspend stops the monotonic clock, so whoever learns of a resume or a clock change calls `rearm()`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

# A wake-up this close to the deadline is the timer's own rounding: wait out the rest instead of firing
# early, which would make the app tick, find nothing due, and ask for the same moment again.
EARLY_SECONDS = 2.0


class Alarm:
    """Calls `on_wake` once at a settable wall-clock moment, on its own thread; every method is thread-safe.

    Cost while waiting: none. One wake-up per deadline, one per `wake_at` that changes the deadline, one per
    `rearm()`.
    """

    def __init__(self, on_wake: Callable[[], None], wall: Callable[[], float] = time.time) -> None:
        self._on_wake = on_wake
        self._wall = wall
        self._when: datetime | None = None
        self._changes = 0  # bumped by every request, so the thread knows its wait was cut short on purpose
        self._stopping = False
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the alarm's thread (once)."""
        with self._condition:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="hipbreak-alarm", daemon=True)
                self._thread.start()

    def wake_at(self, when: datetime | None) -> None:
        """Wake the app once at `when` (an aware datetime), replacing any earlier request; None cancels."""
        with self._condition:
            # The app asks after every command, mostly for the moment already set: leave the thread asleep.
            if when == self._when:
                return
            self._when = when
            self._changes += 1
            self._condition.notify()

    def rearm(self) -> None:
        """Measure the wait again from the wall clock now (after a resume or a clock change)."""
        with self._condition:
            self._changes += 1
            self._condition.notify()

    def _run(self) -> None:
        with self._condition:
            while not self._stopping:
                when, changes = self._when, self._changes
                if when is None:
                    self._condition.wait()
                    continue
                left = when.timestamp() - self._wall()
                if left > 0:
                    self._condition.wait(left)
                    if self._stopping or self._changes != changes:
                        continue  # a new deadline, or a re-arm: measure again
                    if 0 < when.timestamp() - self._wall() < EARLY_SECONDS:
                        continue
                    # Otherwise the wait ran its course while the wall clock went back: wake the app anyway,
                    # and it will see the jump.
                self._when = None
                self._condition.release()
                try:
                    self._on_wake()
                finally:
                    self._condition.acquire()

    def stop(self) -> None:
        """Stop the thread; no wake-up comes after this returns (unless one is running right now)."""
        with self._condition:
            self._stopping = True
            self._condition.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)

"""The alarm clock: APScheduler's one date job wakes the app at the deadline the core asks for.

APScheduler times its job by the wall clock: after the wall clock is set back by hours it would sleep that
long. So the alarm also notes, when armed, how long the wait should take on the monotonic clock, and caps the
scheduler's sleep at that: when the planned time has passed the app is woken even if the wall clock now
disagrees, and the app, comparing clocks, moves its deadlines by the jump. A suspend stops the monotonic
clock, so whoever learns of a resume or a clock change calls `rearm()`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

# A wake-up this close to the deadline is the timer's own rounding: wait out the rest instead of firing
# early, which would make the app tick, find nothing due, and ask for the same moment again.
EARLY_SECONDS = 2.0
JOB_ID = "wake"


class Alarm:
    """Calls `on_wake` once at a settable wall-clock moment, on the scheduler's thread; thread-safe.

    Cost while waiting: none. One wake-up per deadline, one per `wake_at` that changes the deadline, one per
    `rearm()`.
    """

    def __init__(self, on_wake: Callable[[], None], wall: Callable[[], float] = time.time) -> None:
        self._on_wake = on_wake
        self._wall = wall
        self._lock = threading.Lock()
        self._when: datetime | None = None
        self._due_monotonic: float | None = None  # when the wait ends on the monotonic clock
        self._scheduler: Any = None

    def start(self) -> None:
        """Start the scheduler's thread (once)."""
        from apscheduler.executors.debug import DebugExecutor

        if self._scheduler is not None:
            return
        # A job only posts a command, so running it late is always right: the core judges what is due. It
        # runs on the scheduler's own thread (DebugExecutor): a pool would start a worker just to post it.
        self._scheduler = _GuardedScheduler(
            self._overdue,
            executors={"default": DebugExecutor()},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            daemon=True,
        )
        self._scheduler.start()
        with self._lock:
            when = self._when
        if when is not None:
            self._schedule(when)

    def wake_at(self, when: datetime | None) -> None:
        """Wake the app once at `when` (an aware datetime), replacing any earlier request; None cancels."""
        with self._lock:
            # The app asks after every command, mostly for the moment already set: leave the thread asleep.
            if when == self._when:
                return
            self._when = when
            self._due_monotonic = None if when is None else self._monotonic_due(when)
        self._schedule(when)

    def rearm(self) -> None:
        """Measure the wait again from the wall clock now (after a resume or a clock change)."""
        with self._lock:
            if self._when is not None:
                self._due_monotonic = self._monotonic_due(self._when)
        if self._scheduler is not None:
            self._scheduler.wakeup()

    def _monotonic_due(self, when: datetime) -> float:
        return time.monotonic() + max(0.0, when.timestamp() - self._wall())

    def _schedule(self, when: datetime | None) -> None:
        scheduler = self._scheduler
        if scheduler is None:
            return
        if when is None:
            if scheduler.get_job(JOB_ID) is not None:
                scheduler.remove_job(JOB_ID)
            return
        scheduler.add_job(self._fire, "date", run_date=when, id=JOB_ID, replace_existing=True)

    def _fire(self) -> None:
        """The date job came due, or the wait ran its course (scheduler thread): wake the app once."""
        with self._lock:
            if self._when is None:
                return  # the other way of firing already did
            self._when = None
            self._due_monotonic = None
        self._on_wake()

    def _overdue(self) -> float | None:
        """Seconds left on the monotonic clock, firing when none are (scheduler thread); None: no deadline."""
        with self._lock:
            due, when = self._due_monotonic, self._when
        if due is None or when is None:
            return None
        left = due - time.monotonic()
        if left > 0:
            return left
        if 0 < when.timestamp() - self._wall() < EARLY_SECONDS:
            return EARLY_SECONDS  # the wall clock agrees it is nearly time: let the date job run
        # The wait ran its course while the wall clock went back: wake the app anyway; it will see the jump.
        scheduler = self._scheduler
        if scheduler is not None and scheduler.get_job(JOB_ID) is not None:
            scheduler.remove_job(JOB_ID)
        self._fire()
        return None

    def stop(self) -> None:
        """Stop the scheduler; never call it from inside the job."""
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            scheduler.shutdown(wait=False)


def _guarded_scheduler_class() -> type:
    from apscheduler.schedulers.background import BackgroundScheduler

    class GuardedScheduler(BackgroundScheduler):
        """A BackgroundScheduler whose sleep is capped by the alarm's monotonic deadline."""

        def __init__(self, overdue: Callable[[], float | None], **options: Any) -> None:
            self._overdue = overdue
            super().__init__(**options)

        def _process_jobs(self) -> float | None:
            # APScheduler 3.x (pinned <4) returns how long its thread sleeps next; None means until woken.
            wait: float | None = super()._process_jobs()
            left = self._overdue()
            if left is None:
                return wait
            return left if wait is None else min(wait, left)

    return GuardedScheduler


def _GuardedScheduler(overdue: Callable[[], float | None], **options: Any) -> Any:
    """Build the guarded scheduler; APScheduler is imported only when the alarm starts."""
    return _guarded_scheduler_class()(overdue, **options)

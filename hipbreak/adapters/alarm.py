"""The alarm clock: APScheduler wakes the app at the deadline the core asks for; a monotonic timer beats."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any


class Alarm:
    """Posts `on_wake` at one settable moment and `on_heartbeat` at a fixed period; thread-safe.

    Cost while idle: one scheduler wake-up per deadline plus one heartbeat-thread wake-up per period, nothing
    else; a job runs on the scheduler's own thread, which is enough for a job that only posts a command.
    """

    def __init__(self, on_wake: Callable[[], None], on_heartbeat: Callable[[], None]) -> None:
        self._on_wake = on_wake
        self._on_heartbeat = on_heartbeat
        self._scheduler: Any = None
        self._heartbeat_period = 60.0
        self._heartbeat: threading.Thread | None = None
        self._stopping = threading.Event()

    def start(self, heartbeat_seconds: float) -> None:
        """Start the scheduler thread with the heartbeat running."""
        from apscheduler.executors.debug import DebugExecutor
        from apscheduler.schedulers.background import BackgroundScheduler

        # A job only posts a command, so running it late is always right: the core judges what is due.
        # It runs on the scheduler's thread (DebugExecutor): a thread pool would start a worker and wake
        # it on every heartbeat just to put one item on a queue.
        self._scheduler = BackgroundScheduler(
            executors={"default": DebugExecutor()},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            daemon=True,
        )
        self._scheduler.start()
        self.set_heartbeat(heartbeat_seconds)

    def set_heartbeat(self, seconds: float) -> None:
        """Run the heartbeat every `seconds` from the next beat on."""
        # Timed by the monotonic clock, not by APScheduler: the scheduler times its jobs by the wall clock,
        # so after the clock went back by hours it slept that long, heartbeat included, and the app never
        # saw the jump it must move the wake-up for.
        self._heartbeat_period = seconds
        if self._heartbeat is None:
            self._heartbeat = threading.Thread(target=self._beat, name="hipbreak-heartbeat", daemon=True)
            self._heartbeat.start()

    def _beat(self) -> None:
        while not self._stopping.wait(self._heartbeat_period):
            self._on_heartbeat()

    def wake_at(self, when: datetime | None) -> None:
        """Wake the app once at `when` (an aware datetime), replacing any earlier request; None cancels."""
        if self._scheduler is None:
            return
        job = self._scheduler.get_job("wake")
        if when is None:
            if job is not None:
                self._scheduler.remove_job("wake")
            return
        # The app asks after every command, mostly for the moment already set; adding the job again would
        # wake the scheduler's thread for nothing.
        if job is not None and job.next_run_time == when:
            return
        self._scheduler.add_job(self._on_wake, "date", run_date=when, id="wake", replace_existing=True)

    def stop(self) -> None:
        """Stop the scheduler and the heartbeat; never call it from inside a job."""
        self._stopping.set()
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

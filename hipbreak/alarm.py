"""The alarm clock: APScheduler wakes the app at the deadline the core asks for, and on a heartbeat."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any


class Alarm:
    """Posts `on_wake` at one settable moment and `on_heartbeat` at a fixed period; thread-safe.

    Cost while idle: one scheduler wake-up per deadline plus one per heartbeat period, nothing else.
    """

    def __init__(self, on_wake: Callable[[], None], on_heartbeat: Callable[[], None]) -> None:
        self._on_wake = on_wake
        self._on_heartbeat = on_heartbeat
        self._scheduler: Any = None

    def start(self, heartbeat_seconds: float) -> None:
        """Start the scheduler thread with the heartbeat running."""
        from apscheduler.schedulers.background import BackgroundScheduler

        # A job only posts a command, so running it late is always right: the core judges what is due.
        self._scheduler = BackgroundScheduler(
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            daemon=True,
        )
        self._scheduler.start()
        self.set_heartbeat(heartbeat_seconds)

    def set_heartbeat(self, seconds: float) -> None:
        """Run the heartbeat every `seconds` from now on."""
        self._scheduler.add_job(
            self._on_heartbeat, "interval", seconds=seconds, id="heartbeat", replace_existing=True
        )

    def wake_at(self, when: datetime | None) -> None:
        """Wake the app once at `when` (an aware datetime), replacing any earlier request; None cancels."""
        if self._scheduler is None:
            return
        if when is None:
            if self._scheduler.get_job("wake") is not None:
                self._scheduler.remove_job("wake")
            return
        self._scheduler.add_job(self._on_wake, "date", run_date=when, id="wake", replace_existing=True)

    def stop(self) -> None:
        """Stop the scheduler; never call it from inside a job."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

"""The app's clock: the local time, and what a heartbeat learns about sleep and clock jumps."""

from __future__ import annotations

from datetime import datetime, tzinfo

from hipbreak.adapters.clock.watch import ClockWatch


class SystemClock:
    """Local time in `zone`; `changes()` reports sleep and wall-clock jumps since its last call."""

    def __init__(self, zone: tzinfo, watch: ClockWatch | None = None) -> None:
        self.zone = zone
        self._watch = watch or ClockWatch()
        self._last = self._watch.sample()

    def now(self) -> datetime:
        """Return the current time as an aware datetime in the user's zone."""
        return datetime.now(self.zone)

    def changes(self) -> tuple[float, float]:
        """Return (seconds slept, seconds the wall clock jumped) since the previous call."""
        current = self._watch.sample()
        change = self._watch.compare(self._last, current)
        self._last = current
        return change.slept, change.jumped

"""Noticing suspend and wall-clock jumps by comparing clocks between two heartbeats.

Nothing here wakes up by itself: the cost is whatever heartbeat the caller runs (one `sample()`
per beat, three clock reads), and a sleep or jump is seen at the first beat after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

# Heartbeats are late by scheduler latency and NTP slews the wall clock a little: below this,
# a difference is noise, not an event.
NOISE_SECONDS = 2.0


@dataclass(frozen=True)
class ClockReading:
    """Three clocks read at one moment; `boottime` is None where the OS has no suspend-aware clock."""

    wall: float
    monotonic: float
    boottime: float | None = None


@dataclass(frozen=True)
class ClockChange:
    """What happened between two readings: seconds suspended, and the signed wall-clock jump."""

    slept: float = 0.0
    jumped: float = 0.0

    @property
    def quiet(self) -> bool:
        """Whether nothing beyond noise happened."""
        return self.slept == 0.0 and self.jumped == 0.0


def compare(previous: ClockReading, current: ClockReading, noise: float = NOISE_SECONDS) -> ClockChange:
    """Return the sleep and wall-clock jump between two readings (values within `noise` read as 0)."""
    awake = current.monotonic - previous.monotonic
    wall = current.wall - previous.wall
    if previous.boottime is not None and current.boottime is not None:
        # Linux: BOOTTIME keeps counting in suspend, MONOTONIC does not.
        real = current.boottime - previous.boottime
        slept = max(0.0, real - awake)
        jumped = wall - real
        return ClockChange(
            slept=slept if slept >= noise else 0.0,
            jumped=jumped if abs(jumped) >= noise else 0.0,
        )
    # Without BOOTTIME a forward gap cannot be told apart from a forward jump; suspend is far
    # more common on a desktop, so it counts as sleep, and only a backward gap as a jump.
    gap = wall - awake
    if gap >= noise:
        return ClockChange(slept=gap)
    if gap <= -noise:
        return ClockChange(jumped=gap)
    return ClockChange()


def _read_boottime() -> float | None:
    clock_id = getattr(time, "CLOCK_BOOTTIME", None)
    if clock_id is None:
        return None
    try:
        return time.clock_gettime(clock_id)
    except OSError:  # a kernel older than 2.6.39
        return None


class ClockWatch:
    """Reads the clocks when asked and never wakes by itself: the caller's heartbeat is the whole cost.

    The caller keeps the previous reading and compares. Any thread may call.
    """

    def __init__(
        self,
        wall: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        boottime: Callable[[], float | None] = _read_boottime,
        noise: float = NOISE_SECONDS,
    ) -> None:
        self._wall = wall
        self._monotonic = monotonic
        self._boottime = boottime
        self.noise = noise

    def sample(self) -> ClockReading:
        """Return the current reading of the wall, monotonic and (on Linux) boot-time clocks."""
        # Monotonic and boottime back to back, so their difference carries no scheduling gap.
        monotonic = self._monotonic()
        boottime = self._boottime()
        return ClockReading(wall=self._wall(), monotonic=monotonic, boottime=boottime)

    def compare(self, previous: ClockReading, current: ClockReading) -> ClockChange:
        """Return the sleep and wall-clock jump between two readings, with this watch's noise level."""
        return compare(previous, current, self.noise)

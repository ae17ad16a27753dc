"""What the idle-watch tests share: a recorder of callbacks, and a count of a thread's wake-ups."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Fired:
    """One callback: "idle" (with the seconds it reported) or "active", when it ran, and on which thread."""

    kind: str
    seconds: float | None
    at: float
    thread: str


class Recorder:
    """The on_idle / on_active pair for a watch, recording every call; waits are bounded by a deadline."""

    def __init__(self) -> None:
        self.calls: list[Fired] = []
        self._changed = threading.Condition()

    def on_idle(self, seconds: float) -> None:
        self._add(Fired("idle", seconds, time.monotonic(), threading.current_thread().name))

    def on_active(self) -> None:
        self._add(Fired("active", None, time.monotonic(), threading.current_thread().name))

    def _add(self, fired: Fired) -> None:
        with self._changed:
            self.calls.append(fired)
            self._changed.notify_all()

    @property
    def kinds(self) -> list[str]:
        with self._changed:
            return [call.kind for call in self.calls]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Fired]:
        """Return the calls once there are `count` of them; AssertionError at the deadline."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.calls) >= count, timeout):
                raise AssertionError(f"expected {count} calls within {timeout} s, got {self.calls}")
            return list(self.calls)


def context_switches(thread_id: int) -> int:
    """Voluntary plus involuntary context switches of one thread of this process so far."""
    total = 0
    for line in Path(f"/proc/self/task/{thread_id}/status").read_text().splitlines():
        if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
            total += int(line.split()[1])
    return total


def wakeups_during(thread_id: int, seconds: float) -> int:
    """How many times `thread_id` was scheduled while the caller slept `seconds`."""
    before = context_switches(thread_id)
    time.sleep(seconds)
    return context_switches(thread_id) - before

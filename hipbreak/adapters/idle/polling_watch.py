"""An idle watch over any polling `IdleSource`, for desktops that offer no idle signal (KDE on D-Bus,
Windows, macOS): it reads only as often as the answer can change what it reports.

While the user is active, the threshold cannot be reached before `threshold - idle` seconds, so it
sleeps exactly that long. While idle, only a reading can tell that input came back, so it reads every
`active_poll_seconds`: that interval is the precision of on_active, and the price of it.
"""

from __future__ import annotations

import select

from hipbreak.adapters.idle.base import IdleSource
from hipbreak.adapters.idle.watch_base import ThreadedIdleWatch
from hipbreak.language import _

# Never sleep less than this, so a reading just under the threshold cannot make a busy loop.
MIN_SLEEP = 0.05
# How long to wait before asking again a source that could not answer.
RETRY_SECONDS = 30.0


class PollingIdleWatch(ThreadedIdleWatch):
    """Reads `source` when the threshold may be reached, then every `active_poll_seconds` while idle."""

    def __init__(self, source: IdleSource, reason: str = "", active_poll_seconds: float = 2.0) -> None:
        """Take ownership of `source` (closed with the watch)."""
        super().__init__(reason)
        if not active_poll_seconds > 0:
            problem = f"active_poll_seconds must be positive, not {active_poll_seconds!r}"  # not user text
            raise ValueError(problem)
        self.source = source
        self.name = f"{source.name}-poll"
        self.active_poll_seconds = active_poll_seconds

    def idle_seconds(self) -> float | None:
        """Return the source's reading, or None; never raises. Any thread (the source serialises calls)."""
        if self.closing:
            return None
        return self.source.idle_seconds()

    def next_sleep(self, idle: float | None, last_idle: float | None) -> float:
        """Decide, from a reading and the one before it, what to report and how long to sleep.

        Called on the watch thread; reports through `_went_idle` / `_came_back`.
        """
        if idle is None:
            return self.active_poll_seconds if self.is_idle else RETRY_SECONDS
        if self.is_idle and (idle < self.threshold or (last_idle is not None and idle < last_idle)):
            self._came_back()  # a smaller reading means input since the last one
        if not self.is_idle and idle >= self.threshold:
            self._went_idle(idle)
        if self.is_idle:
            return self.active_poll_seconds
        return max(MIN_SLEEP, self.threshold - idle)

    def _watch(self) -> None:
        last_idle: float | None = None
        while not self.closing:
            idle = self.source.idle_seconds()
            sleep = self.next_sleep(idle, last_idle)
            last_idle = idle
            readable = select.select([self.wake.read_fd], [], [], sleep)[0]
            if readable:
                return

    def _release(self) -> None:
        self.source.close()

    def _mechanism(self) -> str:
        # Translators: {source} is where the idle time is read (x11, kde, windows, macos); {seconds} a number.
        text = _(
            "polls the {source} idle time: once when the threshold could be reached, "
            "then every {seconds} s while the user is away"
        )
        return text.format(source=self.source.name, seconds=f"{self.active_poll_seconds:g}")

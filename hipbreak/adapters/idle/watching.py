"""Keeps one idle watch running at the threshold the settings ask for; a new threshold, a new watch."""

from __future__ import annotations

import logging
from collections.abc import Callable

from hipbreak.adapters.idle.watch_base import IdleWatch, NullIdleWatch, OnActive, OnIdle
from hipbreak.language import _

log = logging.getLogger(__name__)


def _reset_off() -> str:
    # Translators: idle_reset is a setting in the config file; keep its name.
    return _("idle_reset is off")


class IdleWatching:
    """Owns the current idle watch; `watch()` and `close()` from one thread (the app's state thread)."""

    def __init__(
        self, open_watch: Callable[[], tuple[IdleWatch, list[str]]], on_idle: OnIdle, on_active: OnActive
    ) -> None:
        """`open_watch` is the chooser (a new watch and the notes on what was passed over)."""
        self._open_watch = open_watch
        self._on_idle = on_idle
        self._on_active = on_active
        self.threshold = 0.0
        self.watch_in_use: IdleWatch = NullIdleWatch(_reset_off())
        self.notes: list[str] = []
        self._reported_idle = False  # the last report of the watch in use was "idle"

    def watch(self, threshold_seconds: float) -> None:
        """Watch for `threshold_seconds` of idleness (0 = not at all); a new threshold starts a new watch."""
        if threshold_seconds == self.threshold:
            return
        old, was_idle = self.watch_in_use, self._reported_idle
        old.close()
        self.threshold = threshold_seconds
        self._reported_idle = False
        if threshold_seconds <= 0:
            self.watch_in_use, self.notes = NullIdleWatch(_reset_off()), []
        else:
            self.watch_in_use, self.notes = self._open_watch()
            for note in self.notes:
                log.info("idle watch: passed over %s", note)
            log.info("idle watch: %s", self.watch_in_use.describe())
            self.watch_in_use.start(threshold_seconds, self._idle, self._active)
        if was_idle:
            # The old watch said idle and the new one only speaks when that changes: unless it finds the
            # user idle past the new threshold (and says so itself), the user is back as far as we know.
            seconds = self.watch_in_use.idle_seconds()
            if seconds is None or seconds < threshold_seconds or threshold_seconds <= 0:
                self._on_active()

    def _idle(self, seconds: float) -> None:
        self._reported_idle = True
        self._on_idle(seconds)

    def _active(self) -> None:
        self._reported_idle = False
        self._on_active()

    def describe(self) -> str:
        """One line: the watch in use and why."""
        return self.watch_in_use.describe()

    def close(self) -> None:
        """Stop the watch in use."""
        self.watch_in_use.close()

"""The speech thread: lines go in without waiting, stale ones are dropped, a phase change cuts the voice."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable

from hipbreak.adapters.speech.base import Speaker

MIN_SECONDS = 0.4  # a line with less time than this before the next is due is not started


class SpeechQueue:
    """Feeds lines to `speaker` from its own daemon thread; every public method returns at once.

    A line is dropped when a newer one is already waiting, when it was queued before the last
    interrupt, or when its deadline is too close. The first failure calls `on_failure` (from the
    speech thread) and silences the queue, so the caller can chime instead.
    """

    def __init__(
        self,
        speaker: Speaker,
        on_failure: Callable[[], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.speaker = speaker
        self.on_failure = on_failure
        self.clock = clock
        self.failed = False
        self.said: list[str] = []  # what was handed to the speaker, in order (for traces and tests)
        self.dropped: list[str] = []
        self._queue: queue.SimpleQueue[tuple[int, str, float] | None] = queue.SimpleQueue()
        self._generation = 0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False

    def say(self, text: str, seconds: float) -> None:
        """Queue `text`, to be spoken within `seconds` from now or not at all (any thread)."""
        if self._closed or self.failed:
            return
        with self._lock:
            item = (self._generation, text, self.clock() + seconds)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
                self._thread.start()
        self._queue.put(item)

    def interrupt(self) -> None:
        """Drop every waiting line and cut off the one being spoken (any thread)."""
        with self._lock:
            self._generation += 1
        self.speaker.stop()

    def close(self) -> None:
        """Stop speaking and let the thread end; does not wait for it (any thread)."""
        self._closed = True
        self.interrupt()
        self._queue.put(None)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            generation, text, deadline = item
            with self._lock:
                stale = generation != self._generation
            if stale or self.failed or not self._queue.empty() or self.clock() > deadline - MIN_SECONDS:
                self.dropped.append(text)
                continue
            self.said.append(text)
            try:
                spoken = self.speaker.say(text, deadline)
            except Exception:  # a broken speech program must never take the window down
                spoken = False
            if not spoken and not self._closed and not self.failed:
                self.failed = True
                self.on_failure()

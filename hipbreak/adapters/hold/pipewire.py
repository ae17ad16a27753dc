"""In a call, as PipeWire sees it: a microphone, camera or screen cast stream running.

`pw-dump --monitor` prints the whole graph, then one JSON array per change, so the signal follows
changes as they happen and never polls. Each array ends with a "]" alone on its line.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Collection, Mapping

from hipbreak.adapters.hold.line_process import LineProcess
from hipbreak.adapters.hold.pipewire_graph import Capture, PipeWireGraph, describe_captures, parse_batch
from hipbreak.core.holds import HoldReason
from hipbreak.language import _

log = logging.getLogger(__name__)

# Our own name on streams; the chimes are playback, but a future recording must not hold reminders.
OWN_NAMES = frozenset({"hipbreak"})
# A batch longer than this is not pw-dump's: stop reading it rather than grow without end.
MAX_BATCH_CHARS = 32 * 1024 * 1024


class PipeWireCallSignal:
    """Holds while any non-hipbreak stream captures the microphone, a camera or the screen."""

    name = "pipewire"
    reason = HoldReason.CALL

    def __init__(
        self,
        variables: Mapping[str, str],
        command: str = "pw-dump",
        own_pids: Collection[int] | None = None,
    ) -> None:
        """Remember how to reach PipeWire; nothing runs before start(). Any thread."""
        self._own_pids = frozenset(own_pids if own_pids is not None else {os.getpid()})
        self._graph = PipeWireGraph()
        self._lines: list[str] = []
        self._size = 0
        self._lock = threading.Lock()
        self._captures: list[Capture] = []
        self._on_change: Callable[[bool], None] = lambda _active: None
        self.last_error: str | None = None
        self._process = LineProcess(
            self.name,
            [command, "--monitor", "--no-colors"],
            variables,
            self._line,
            self._restarted,
            self._stopped,
        )

    def start(self, on_change: Callable[[bool], None]) -> None:
        """Start following the graph; `on_change(active)` runs on the watcher thread at each flip."""
        self._on_change = on_change
        self._process.start()

    def active(self) -> bool:
        """Whether something captures now. Any thread."""
        with self._lock:
            return bool(self._captures)

    def captures(self) -> list[Capture]:
        """What is captured now. Any thread."""
        with self._lock:
            return list(self._captures)

    def describe(self) -> str:
        """One line for doctor and status: the mechanism and what it sees now. Any thread."""
        # Translators: keep `pw-dump --monitor` as it is.
        line = _("microphone, camera and screen cast streams (pw-dump --monitor, no polling)")
        return describe_captures(line, self.captures(), self.last_error)

    def close(self) -> None:
        """Stop pw-dump. Any thread; twice is fine."""
        self._process.close()

    # The rest runs on the watcher thread.
    def _restarted(self) -> None:
        self._graph.clear()
        self._lines, self._size = [], 0

    def _stopped(self, reason: str) -> None:
        self.last_error = reason
        self._publish([])  # no news is not a call: a dead watcher must not hold reminders forever

    def _line(self, line: str) -> None:
        self._lines.append(line)
        self._size += len(line)
        if self._size > MAX_BATCH_CHARS:
            raise ValueError("pw-dump printed an array larger than 32 MB")  # not user text: logged
        if line.rstrip("\r\n") != "]":
            return
        text, self._lines, self._size = "".join(self._lines), [], 0
        try:
            batch = parse_batch(text)
        except ValueError as error:
            self.last_error = str(error)
            log.warning("pipewire: %s", error)
            return
        self._graph.apply(batch)
        self._publish(self._graph.captures(self._own_pids, OWN_NAMES))

    def _publish(self, captures: list[Capture]) -> None:
        with self._lock:
            was = bool(self._captures)
            self._captures = captures
        if was != bool(captures):
            log.info("pipewire: %s", ", ".join(c.text() for c in captures) or "nothing captured")
            self._on_change(bool(captures))

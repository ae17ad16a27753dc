"""What passes between the tray app and the stretch process: its arguments and the JSON lines it prints."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from hipbreak.core.stretch_session import Cancelled, Completed, Paused, PhaseEntered, Resumed, SessionEvent
from hipbreak.exit_codes import ExitStatus
from hipbreak.language import _

FINAL_EVENTS = ("completed", "cancelled")
# Why a stretch was cancelled, as recorded in the history: codes, not shown as they are.
PROCESS_ENDED = "window process ended"  # not user text
APP_QUIT = "app quit"  # not user text
STOPPED_ANSWERING = "window stopped answering"  # not user text
# The window says "alive" this often while it runs; a parent that hears nothing for SILENCE_LIMIT seconds
# takes it for frozen (stopped, hung) and ends it.
HEARTBEAT_SECONDS = 10.0
SILENCE_LIMIT = 45.0
TRACE_VARIABLE = "HIPBREAK_STRETCH_TRACE"
# Exit statuses of the stretch process besides 0 (completed or cancelled).
EXIT_USAGE = ExitStatus.USAGE
EXIT_NO_DISPLAY = ExitStatus.NOT_RUNNING  # no display to show the window on


@dataclass(frozen=True)
class StretchArgs:
    """The command-line fields of one stretch; `done_today` counts completed breaks before this one."""

    hold: float = 30.0
    prepare: float = 10.0
    daily_goal: int = 8
    done_today: int = 0
    sound: bool = True
    routine: str = "hip-flexor"
    routines_dir: Path | None = None
    voice: str = "on"  # "on", "cues-only" or "off"
    motion: bool = True
    large_text: bool = False
    stretch_id: str = ""  # names this stretch in its outcome line and in the history
    outcomes: Path | None = None  # the outcome file the window appends to before it reports
    lock_fd: int | None = None  # the inherited, locked descriptor of the one-window lock

    def argv(self) -> list[str]:
        """Return these fields as the process's command-line arguments."""
        args = [
            "--hold",
            repr(float(self.hold)),
            "--prepare",
            repr(float(self.prepare)),
            "--daily-goal",
            str(self.daily_goal),
            "--done-today",
            str(self.done_today),
            "--sound" if self.sound else "--no-sound",
            "--routine",
            self.routine,
            "--voice",
            self.voice,
            "--motion" if self.motion else "--no-motion",
            "--large-text" if self.large_text else "--no-large-text",
        ]
        if self.routines_dir is not None:
            args += ["--routines-dir", str(self.routines_dir.resolve())]  # the child runs elsewhere
        if self.stretch_id:
            args += ["--stretch-id", self.stretch_id]
        if self.outcomes is not None:
            args += ["--outcomes", str(self.outcomes.resolve())]
        if self.lock_fd is not None:
            args += ["--lock-fd", str(self.lock_fd)]
        return args


def event_record(event: SessionEvent) -> dict[str, Any]:
    """Return the JSON-ready line for a session event."""
    if isinstance(event, PhaseEntered):
        return {"event": "phase", "index": event.index, "name": event.phase.title, "side": event.phase.side}
    if isinstance(event, Paused):
        return {"event": "paused"}
    if isinstance(event, Resumed):
        return {"event": "resumed"}
    if isinstance(event, Completed):
        return {"event": "completed", "seconds": event.seconds}
    if isinstance(event, Cancelled):
        return {
            "event": "cancelled",
            "progress": event.progress,
            "phase": event.phase,
            "reason": event.reason,
        }
    raise TypeError(f"not a session event: {event!r}")


class Reporter:
    """Writes one JSON object per line and flushes it; a reader that went away is ignored.

    The outcome (completed or cancelled) carries the stretch's id and goes to the outcome file first, so it
    is kept even when nobody reads the line. When the parent is gone (the pipe broke, or we were handed to
    another parent), `tell_app(outcome)` lets an app started since then know at once.
    """

    def __init__(
        self,
        stream: TextIO,
        stretch_id: str = "",
        outcomes: Any = None,
        err: TextIO | None = None,
        tell_app: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.stream = stream
        self.err = err
        self.stretch_id = stretch_id
        self.outcomes = outcomes  # an OutcomeFile, or None when nobody asked for one
        self.tell_app = tell_app
        self.broken = False
        self.outcome_error: str | None = None
        self._parent = os.getppid()

    def emit(self, record: dict[str, Any]) -> None:
        """Write `record` as one flushed line; an outcome goes to the outcome file first."""
        final = record.get("event") in FINAL_EVENTS
        if final:
            record = {**record, "stretch_id": self.stretch_id} if self.stretch_id else record
            self._keep(record)
        self._write(record)
        orphaned = self.broken or os.getppid() != self._parent
        if (
            final
            and orphaned
            and self.tell_app is not None
            and self.stretch_id
            and self.outcome_error is None
        ):
            self.tell_app(record)

    def _write(self, record: dict[str, Any]) -> None:
        if self.broken:
            return
        try:
            self.stream.write(json.dumps(record) + "\n")
            self.stream.flush()
        except (OSError, ValueError, AttributeError):  # AttributeError: no stdout at all (pythonw)
            # The tray app died or closed the pipe: the user can still finish the stretch.
            self.broken = True

    def _keep(self, record: dict[str, Any]) -> None:
        if self.outcomes is None or not self.stretch_id:
            return
        try:
            self.outcomes.append({**record, "at": datetime.now().astimezone().isoformat()})
        except OSError as exc:
            # The parent still hears the line; only a parent that is gone loses it.
            self.outcome_error = _("cannot write the outcome to {path}: {reason}").format(
                path=self.outcomes.path, reason=exc.strerror
            )
            if self.err is not None:
                with contextlib.suppress(OSError, ValueError):
                    self.err.write(f"hipbreak stretch: {self.outcome_error}\n")  # not user text
                    self.err.flush()

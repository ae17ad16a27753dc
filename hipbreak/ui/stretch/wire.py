"""What passes between the tray app and the stretch process: its arguments and the JSON lines it prints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from hipbreak.core.stretch_session import Cancelled, Completed, Paused, PhaseEntered, Resumed, SessionEvent
from hipbreak.exit_codes import ExitStatus

FINAL_EVENTS = ("completed", "cancelled")
PROCESS_ENDED = "window process ended"
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
    """Writes one JSON object per line and flushes it; a reader that went away is ignored."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.broken = False

    def emit(self, record: dict[str, Any]) -> None:
        """Write `record` as one flushed line."""
        if self.broken:
            return
        try:
            self.stream.write(json.dumps(record) + "\n")
            self.stream.flush()
        except (OSError, ValueError, AttributeError):  # AttributeError: no stdout at all (pythonw)
            # The tray app died or closed the pipe: the user can still finish the stretch.
            self.broken = True

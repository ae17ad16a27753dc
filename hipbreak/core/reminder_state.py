"""What the reminder rules remember and report: the saved state and the status for display."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any


class Refused(Exception):
    """A command that cannot be carried out now; the message says why, in one line for the user."""


@dataclass
class ReminderState:
    """Everything the rules remember; saved so deadlines survive a restart."""

    due_at: datetime | None = None  # when the next reminder comes (moves with clock jumps)
    paused_until: datetime | None = None  # a wall-clock deadline the user chose
    away_since: datetime | None = None
    shown_at: datetime | None = None  # the reminder on screen that nobody answered yet
    repeats_sent: int = 0
    notice_for: datetime | None = None  # the due time a pre-notice was sent for
    stretching_since: datetime | None = None
    idle_floor: datetime | None = None  # idle that began before this (a wake-up) is ignored
    idle_since: datetime | None = None  # the idle watch's last word: no input since then (None: active)
    day: str = ""  # the local day the counters below belong to
    snoozes_today: int = 0
    completed_today: int = 0
    planned_every: int = 0  # the interval (s) due_at was planned with; another one re-plans at start

    def to_dict(self) -> dict[str, Any]:
        """Return the state as JSON-ready values."""
        out: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            out[item.name] = value.isoformat() if isinstance(value, datetime) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReminderState:
        """Return the state saved by to_dict; unknown or malformed entries fall back to defaults."""
        state = cls()
        if not isinstance(data, dict):  # a damaged saved state must not stop the app from starting
            return state
        for item in fields(cls):
            if item.name not in data:
                continue
            raw = data[item.name]
            default = getattr(state, item.name)
            try:
                if item.name in ("day",):
                    if not isinstance(raw, str):
                        continue
                    value: Any = raw
                elif isinstance(default, int):
                    value = max(0, int(raw))
                elif raw is None:
                    value = None
                else:
                    value = datetime.fromisoformat(raw)
                    if value.tzinfo is None:
                        continue
            except (TypeError, ValueError):
                continue
            setattr(state, item.name, value)
        return state


# Every state `Reminders.status` reports; the tray's badge and texts decide something for each.
STATES = ("running", "due", "paused", "away", "off_hours", "stretching")


@dataclass(frozen=True)
class Status:
    """What the menu, the tooltip and `hipbreak status` show."""

    state: str  # one of STATES
    next_reminder: datetime | None
    paused_until: datetime | None = None
    resumes_at: datetime | None = None  # when work hours begin again
    breaks_today: int = 0
    snoozes_left: int | None = None  # None = unlimited
    hold_reason: str | None = None  # a HoldReason value while a call, full screen or DND holds reminders
    hold_since: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def with_counts(state: ReminderState, day: str, completed: int, snoozes: int) -> ReminderState:
    """Return `state` with today's counters taken from the history (the history is the truth)."""
    return replace(state, day=day, completed_today=max(0, completed), snoozes_today=max(0, snoozes))

"""What happened, as small past-tense records; each becomes one row of the history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hipbreak.language import _

# The history's `kind` column holds one of these names.
KINDS = (
    "app_started",
    "app_stopped",
    "reminded",
    "repeated",
    "noticed",
    "snoozed",
    "skipped",
    "paused",
    "resumed",
    "away",
    "stretch_started",
    "stretch_completed",
    "stretch_cancelled",
    "settings_changed",
    "held",  # a reminder came due while a call, full screen or DND held it (core/holds.py)
    "hold_ended",  # one signal stopped holding: its reason, start, end and seconds
)


@dataclass(frozen=True)
class Event:
    """One thing that happened at `at` (an aware datetime in the user's local zone)."""

    kind: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(_("unknown event kind {kind}").format(kind=repr(self.kind)))
        if self.at.tzinfo is None:
            raise ValueError("event times must be aware datetimes")  # not user text: a programming error

    @property
    def day(self) -> str:
        """The user's local calendar day of this event, "YYYY-MM-DD"."""
        return self.at.date().isoformat()

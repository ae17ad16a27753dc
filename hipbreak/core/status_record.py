"""The status record: what `hipbreak status --json` prints, built in one place for a running app or none."""

from __future__ import annotations

from typing import Any

from hipbreak.core.reminder_state import Status


def status_record(
    status: Status | None, *, breaks_today: int, daily_goal: int, breaks_pending: int = 0
) -> dict[str, Any]:
    """Return the JSON-ready record for `status`, or for an app that is not running when it is None.

    `breaks_pending` are those of today's breaks that wait to be saved (counted in `breaks_today`).
    """
    if status is None:
        return {
            "running": False,
            "state": "not_running",
            "next_reminder": None,
            "paused_until": None,
            "breaks_today": breaks_today,
            "breaks_pending": breaks_pending,
            "daily_goal": daily_goal,
            "snoozes_left": None,
            "hold": None,
        }
    hold = None
    if status.hold_reason is not None:
        since = status.hold_since.isoformat() if status.hold_since else None
        hold = {"reason": status.hold_reason, "since": since}
    return {
        "running": True,
        "state": status.state,
        "next_reminder": status.next_reminder.isoformat() if status.next_reminder else None,
        "paused_until": status.paused_until.isoformat() if status.paused_until else None,
        "breaks_today": breaks_today,
        "breaks_pending": breaks_pending,
        "daily_goal": daily_goal,
        "snoozes_left": status.snoozes_left,
        # What holds reminders now (a call, full screen, DND, an inhibitor), or None.
        "hold": hold,
    }

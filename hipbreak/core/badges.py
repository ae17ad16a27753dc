"""The marks the tray icon can carry: one per state worth seeing at a glance, drawn by the icon module."""

from __future__ import annotations

import enum


class Badge(str, enum.Enum):
    """A mark in the icon's corner; its value is the name the icon module draws it by."""

    PAUSED = "paused"  # two bars: reminders are paused until a time the menu names
    DUE = "due"  # a bold dot: a reminder is waiting for an answer
    AWAY = "away"  # a moon: you are away, and that counts as a break
    OFF_HOURS = "off_hours"  # a clock: outside work hours, no reminders until they begin


# One decision per state in reminder_state.STATES (a test holds the two equal). Running needs no mark,
# and while stretching the stretch window itself is in front.
BADGE_OF_STATE: dict[str, Badge | None] = {
    "running": None,
    "due": Badge.DUE,
    "paused": Badge.PAUSED,
    "away": Badge.AWAY,
    "off_hours": Badge.OFF_HOURS,
    "stretching": None,
}


def badge_for(state: str) -> Badge | None:
    """Return the badge for the rules' `state` (one of STATES); None for no mark."""
    return BADGE_OF_STATE.get(state)

"""Living beside GNOME's own break reminders (GNOME 48+): who reminds, so that never both nag."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta


class GnomeBreaksChoice(str, enum.Enum):
    """The user's answer about GNOME's movement breaks (the `[hold] gnome_breaks` setting)."""

    ASK = "ask"  # not answered yet
    HIPBREAK = "hipbreak"  # hipbreak reminds; GNOME's movement breaks are switched off
    GNOME = "gnome"  # GNOME's schedule rules; hipbreak offers the guided stretch when it says so


class ScreenTimeState(enum.IntEnum):
    """GNOME Shell's break state as `org.gnome.Shell.ScreenTime` `State` gives it (breakManager.js)."""

    DISABLED = 0
    ACTIVE = 1
    IDLE = 2
    IN_BREAK = 3
    BREAK_DUE = 4


@dataclass(frozen=True)
class GnomeBreaksPlan:
    """What the app does about GNOME's movement breaks."""

    own_reminders: bool  # remind on hipbreak's own schedule
    follow_gnome: bool  # offer the stretch when GNOME's movement break comes due
    ask: bool  # show the once-only question with its two buttons
    switch_gnome_off: bool  # turn GNOME's movement breaks off (only ever after the user chose it)


def plan_gnome_breaks(choice: GnomeBreaksChoice, movement_on: bool | None, asked: bool) -> GnomeBreaksPlan:
    """Return the plan for `choice` when GNOME's movement breaks are on (True), off, or unknown (None).

    While the question is unanswered hipbreak follows GNOME rather than remind beside it; once GNOME's
    movement breaks are off (or there are none), hipbreak reminds on its own whatever was chosen.
    """
    if not movement_on:
        return GnomeBreaksPlan(own_reminders=True, follow_gnome=False, ask=False, switch_gnome_off=False)
    if choice is GnomeBreaksChoice.HIPBREAK:
        return GnomeBreaksPlan(own_reminders=True, follow_gnome=False, ask=False, switch_gnome_off=True)
    ask = choice is GnomeBreaksChoice.ASK and not asked
    return GnomeBreaksPlan(own_reminders=False, follow_gnome=True, ask=ask, switch_gnome_off=False)


# GNOME's timer and ours run apart; a break due a little early is still the movement break.
MOVEMENT_SLACK = 0.9


def is_movement_break(
    previous: ScreenTimeState | None,
    state: ScreenTimeState,
    now: datetime,
    last_movement: datetime,
    movement_interval: timedelta,
    eyesight_on: bool,
) -> bool:
    """Whether GNOME's state change from `previous` to `state` at `now` starts a movement break.

    GNOME's D-Bus state does not say which break is due; with eyesight breaks on too, the due break
    is taken for the movement break once a movement interval has passed since `last_movement`.
    """
    if state is not ScreenTimeState.BREAK_DUE or previous is ScreenTimeState.BREAK_DUE:
        return False
    if not eyesight_on:
        return True
    return now - last_movement >= movement_interval * MOVEMENT_SLACK

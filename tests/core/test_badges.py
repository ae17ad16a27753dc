"""The tray's badge: one decision per state the rules can report, each a Badge or no mark."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from hipbreak.core.badges import BADGE_OF_STATE, Badge, badge_for
from hipbreak.core.reminder_state import STATES, Status
from hipbreak.core.settings import Settings
from hipbreak.core.view import tray_view

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)


def test_every_state_has_a_decision_and_nothing_else_does() -> None:
    assert set(BADGE_OF_STATE) == set(STATES)


@pytest.mark.parametrize("state", STATES)
def test_the_tray_view_of_every_state_carries_a_badge_member_or_none(state: str) -> None:
    status = Status(state, NOW + timedelta(minutes=30), paused_until=NOW + timedelta(hours=1))
    badge = tray_view(status, Settings(), NOW).badge
    assert badge is None or isinstance(badge, Badge)
    assert badge is badge_for(state)


def test_the_decisions() -> None:
    assert badge_for("paused") is Badge.PAUSED
    assert badge_for("due") is Badge.DUE
    assert badge_for("away") is Badge.AWAY
    # Outside work hours is not a pause the user chose: it gets a mark of its own.
    assert badge_for("off_hours") is Badge.OFF_HOURS
    assert badge_for("running") is None and badge_for("stretching") is None
    assert len({badge.value for badge in Badge}) == len(Badge)

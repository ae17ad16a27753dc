"""Who reminds beside GNOME's movement breaks: never both, never neither, and the question asked once."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hipbreak.core.gnome_breaks import (
    GnomeBreaksChoice,
    ScreenTimeState,
    is_movement_break,
    plan_gnome_breaks,
)

NOW = datetime(2026, 12, 1, 10, 0)


@given(st.sampled_from(GnomeBreaksChoice), st.sampled_from([True, False, None]), st.booleans())
def test_exactly_one_reminds(choice: GnomeBreaksChoice, movement_on: bool | None, asked: bool) -> None:
    plan = plan_gnome_breaks(choice, movement_on, asked)
    gnome_reminds = bool(movement_on) and not plan.switch_gnome_off
    assert plan.own_reminders != gnome_reminds, "never both nag, never neither"
    assert plan.follow_gnome == gnome_reminds
    assert not plan.ask or (choice is GnomeBreaksChoice.ASK and not asked and movement_on)
    assert not plan.switch_gnome_off or choice is GnomeBreaksChoice.HIPBREAK


def test_the_question_is_asked_once_and_gnome_followed_meanwhile() -> None:
    first = plan_gnome_breaks(GnomeBreaksChoice.ASK, True, asked=False)
    assert first.ask and first.follow_gnome and not first.own_reminders
    assert not plan_gnome_breaks(GnomeBreaksChoice.ASK, True, asked=True).ask


def test_without_gnome_breaks_hipbreak_reminds_whatever_was_chosen() -> None:
    for choice in GnomeBreaksChoice:
        assert plan_gnome_breaks(choice, None, asked=False).own_reminders
        assert plan_gnome_breaks(choice, False, asked=True).own_reminders


def test_a_due_break_is_the_movement_break_when_only_movement_is_on() -> None:
    due = ScreenTimeState.BREAK_DUE
    assert is_movement_break(ScreenTimeState.ACTIVE, due, NOW, NOW, timedelta(minutes=30), eyesight_on=False)
    assert not is_movement_break(due, due, NOW, NOW, timedelta(minutes=30), eyesight_on=False)
    for state in ScreenTimeState:
        if state is not due:
            assert not is_movement_break(
                ScreenTimeState.ACTIVE, state, NOW, NOW, timedelta(0), eyesight_on=False
            )


@given(st.integers(min_value=0, max_value=4 * 3600), st.integers(min_value=60, max_value=3 * 3600))
def test_with_eyesight_breaks_too_a_movement_interval_must_have_passed(since: int, interval: int) -> None:
    taken = is_movement_break(
        ScreenTimeState.ACTIVE,
        ScreenTimeState.BREAK_DUE,
        NOW + timedelta(seconds=since),
        NOW,
        timedelta(seconds=interval),
        eyesight_on=True,
    )
    assert taken == (since >= interval * 0.9)

"""Presence told by events: the idle watch says "idle" once and "active" once per spell, and the rules
decide from that alone (no idle time is polled at a tick)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hipbreak.core.reminders import Reminders
from hipbreak.core.settings import ReminderSettings

from .clock import BERLIN

MIN = timedelta(minutes=1)
START = datetime(2026, 6, 1, 9, 0, tzinfo=BERLIN)
NOTIFY = ("reminded", "repeated", "noticed")


def rules(**changes: Any) -> ReminderSettings:
    """The default reminder settings with `changes`."""
    return replace(ReminderSettings(), **changes)


def begun(settings: ReminderSettings | None = None) -> Reminders:
    core = Reminders(settings or rules(), BERLIN)
    core.begin(START)
    return core


def test_an_idle_report_opens_an_away_spell_dated_when_input_stopped() -> None:
    core = begun()
    now = START + 20 * MIN
    assert core.user_idle(now, 5 * MIN) == []
    assert core.status(now).state == "away"
    assert core.state.away_since == START + 15 * MIN
    # Nothing is due while away, so the only wake-up left is midnight.
    assert core.next_wake(now) == datetime(2026, 6, 2, 0, 0, tzinfo=BERLIN)


def test_the_return_is_one_break_and_the_interval_starts_again_from_it() -> None:
    core = begun()
    core.user_idle(START + 20 * MIN, 5 * MIN)
    assert core.tick(START + 50 * MIN) == []  # the 09:45 deadline passed while away: no reminder
    back = START + 70 * MIN
    [away] = core.user_active(back)
    assert away.kind == "away"
    assert away.data == {
        "start": "2026-06-01T09:15:00+02:00",
        "end": "2026-06-01T10:10:00+02:00",
        "sleep": False,
    }
    assert core.state.due_at == back + 45 * MIN
    assert core.user_active(back + MIN) == []  # told twice, counted once
    assert core.state.due_at == back + 45 * MIN


def test_active_without_an_away_spell_changes_nothing() -> None:
    core = begun()
    due = core.state.due_at
    core.user_idle(START + 20 * MIN, 2 * MIN)  # under idle_reset: not (yet) away
    assert core.user_active(START + 21 * MIN) == []
    assert core.state.due_at == due and core.state.idle_since is None


def test_an_early_report_becomes_a_spell_when_idle_reset_is_reached() -> None:
    core = begun()
    now = START + 20 * MIN
    core.user_idle(now, 1 * MIN)  # idle since 09:19; away from 09:24
    assert core.status(now).state == "running"
    assert core.next_wake(now) == START + 24 * MIN
    core.tick(START + 24 * MIN)
    assert core.status(START + 24 * MIN).state == "away"
    assert core.state.away_since == START + 19 * MIN


def test_idle_before_the_start_does_not_count() -> None:
    core = begun()
    core.user_idle(START + MIN, 3 * 3600 * (MIN / 60))  # the OS says three hours; the app began a minute ago
    assert core.status(START + MIN).state == "running"
    assert core.next_wake(START + MIN) == START + 5 * MIN


def test_idle_reset_off_ignores_the_reports() -> None:
    core = begun(rules(idle_reset=timedelta(0)))
    core.user_idle(START + 30 * MIN, 20 * MIN)
    assert core.status(START + 30 * MIN).state == "running"
    assert [e.kind for e in core.tick(START + 45 * MIN)] == ["reminded"]


def test_a_stretch_is_not_an_away_spell_but_idleness_after_it_is() -> None:
    core = begun()
    core.stretch_started(START + 10 * MIN)
    core.user_idle(START + 16 * MIN, 5 * MIN)  # kneeling on the floor: no input
    assert core.status(START + 16 * MIN).state == "stretching"
    core.stretch_ended(START + 17 * MIN, True, {})
    # Still no input after the stretch: the spell opens at the next tick, which is due at once.
    assert core.next_wake(START + 17 * MIN) == START + 17 * MIN
    core.tick(START + 17 * MIN)
    assert core.status(START + 17 * MIN).state == "away"


def test_the_end_of_work_hours_wakes_the_app_so_the_menu_can_say_so() -> None:
    core = begun(rules(work_hours=(time(9, 0), time(17, 0)), max_repeats=0))
    late = datetime(2026, 6, 1, 16, 50, tzinfo=BERLIN)
    core.tick(late)
    assert core.next_wake(late) == datetime(2026, 6, 1, 17, 0, tzinfo=BERLIN)
    core.tick(datetime(2026, 6, 1, 17, 0, tzinfo=BERLIN))
    assert core.status(datetime(2026, 6, 1, 17, 0, tzinfo=BERLIN)).state == "off_hours"


# -- a property: any order of reports, ticks and time passing ----------------------------------------

STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("wait"), st.integers(1, 3 * 3600)),
        st.tuples(st.just("idle"), st.integers(0, 2 * 3600)),
        st.tuples(st.just("active"), st.just(0)),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(60, 90 * 60),  # every
    st.integers(60, 30 * 60),  # idle_reset
    st.integers(0, 3),  # max_repeats
    STEPS,
)
def test_reports_and_ticks_in_any_order_never_remind_while_away(
    every: int, idle_reset: int, max_repeats: int, steps: list[tuple[str, int]]
) -> None:
    """Ticks come at next_wake; reports come whenever. While the rules say "away" no tick notifies; each
    return that ends a spell is one "away" event and restarts the interval from the return, once."""
    settings_ = rules(
        every=timedelta(seconds=every),
        idle_reset=timedelta(seconds=idle_reset),
        max_repeats=max_repeats,
        notice=timedelta(0),
    )
    core = Reminders(settings_, BERLIN)
    now = START.astimezone(timezone.utc)
    core.begin(now)
    for kind, amount in steps:
        if kind == "wait":
            end = now + timedelta(seconds=amount)
            while True:
                wake = core.next_wake(now)
                assert wake is not None and wake >= now
                if wake > end:
                    now = end
                    break
                now = wake
                away_before = core.status(now).state == "away"
                events = core.tick(now)
                if away_before:
                    assert not [e for e in events if e.kind in NOTIFY], f"{events} while away"
                assert core.next_wake(now) > now, "a tick left something due at once"
        elif kind == "idle":
            events = core.user_idle(now, timedelta(seconds=amount))
            # A later start than the open spell's means input came between: that spell ended then.
            assert all(e.kind == "away" for e in events)
        else:
            was_away = core.state.away_since is not None
            events = core.user_active(now)
            if was_away:
                assert [e.kind for e in events] == ["away"]
                assert core.state.due_at == now + settings_.every
                assert core.user_active(now) == []  # the same return told again: no second restart
            else:
                assert events == []
            assert core.status(now).state != "away"

"""While hipbreak follows GNOME's movement breaks its own reminders stay off, and the alarm never spins."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from .test_reminders import rules, started

HOUR = timedelta(hours=1)


def test_no_reminder_notice_or_repeat_while_following_gnome() -> None:
    d = started(rules(notice=timedelta(seconds=30)))
    d.core.own_reminders = False
    d.run(4 * HOUR)  # the driver fails if next_wake keeps answering "now"
    assert not {"reminded", "noticed", "repeated"} & set(d.kinds())


def test_an_unanswered_reminder_stops_repeating_when_following_begins() -> None:
    d = started(rules(max_repeats=3))
    d.run(timedelta(minutes=46))
    assert d.kinds().count("reminded") == 1
    d.core.own_reminders = False
    d.run(2 * HOUR)
    assert "repeated" not in d.kinds()


def test_own_reminders_resume_one_interval_at_most_after_following_ends() -> None:
    d = started()
    d.core.own_reminders = False
    d.run(2 * HOUR)
    d.core.own_reminders = True
    d.run(timedelta(minutes=45))
    assert d.kinds().count("reminded") == 1


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=180), min_size=1, max_size=6))
def test_following_never_reminds_whatever_the_spans(minutes: list[int]) -> None:
    d = started(rules(notice=timedelta(seconds=30), max_repeats=2))
    d.core.own_reminders = False
    for span in minutes:
        d.run(timedelta(minutes=span))
    assert d.reals("reminded") == []


def test_while_following_gnome_the_menu_shows_no_time_of_ours() -> None:
    from datetime import datetime, timedelta, timezone

    from hipbreak.core.reminders import Reminders
    from hipbreak.core.settings import ReminderSettings
    from hipbreak.core.view import next_line

    zone = timezone(timedelta(hours=1))
    now = datetime(2026, 12, 2, 10, 0, tzinfo=zone)
    core = Reminders(ReminderSettings(), zone)
    core.begin(now)
    core.own_reminders = False
    status = core.status(now)
    assert status.next_reminder is None
    assert next_line(status, now) == "Following GNOME's movement breaks"

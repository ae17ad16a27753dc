"""What the menu and `hipbreak status` say: whole sentences, punctuated once, the same words for a pause."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from hipbreak.core.reminder_state import STATES, Status
from hipbreak.core.view import next_line, paused_sentence, status_message

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=timezone(timedelta(hours=2)))
LATER = NOW + timedelta(minutes=30)


def statuses() -> list[Status]:
    """One status per state, with and without the times it may carry."""
    found = []
    for state in STATES:
        found.append(Status(state, None, breaks_today=2))
        found.append(Status(state, LATER, paused_until=LATER, resumes_at=LATER, breaks_today=2))
    return found


@pytest.mark.parametrize("status", statuses(), ids=lambda s: f"{s.state}-{s.next_reminder is not None}")
def test_the_status_message_is_sentences_each_ended_once(status: Status) -> None:
    message = status_message(status, NOW)
    assert message.startswith("Breaks today: 2. ")
    assert message[-1] in ".!" and message[-2] not in ".!"
    assert "!." not in message and ".." not in message
    assert not next_line(status, NOW).endswith(".")


def test_time_to_stretch_is_not_followed_by_a_full_stop() -> None:
    assert status_message(Status("due", LATER), NOW) == "Breaks today: 0. Time to stretch!"


@pytest.mark.parametrize("until", [NOW + timedelta(hours=1), NOW + timedelta(days=1, hours=-3)])
def test_a_pause_reads_the_same_in_the_reply_and_in_the_status(until: datetime) -> None:
    said = paused_sentence(until, NOW)
    assert status_message(Status("paused", None, paused_until=until), NOW) == f"Breaks today: 0. {said}"
    assert next_line(Status("paused", None, paused_until=until), NOW) == said.removesuffix(".")
    # Today's end shows as a time; tomorrow's names the day.
    assert said == ("Paused until 10:00." if until.date() == NOW.date() else "Paused until Tue 06:00.")
